/* WASI 0.2 error codes and descriptor types in preview1 terms. Written as
 * switches compiled without jump tables (-fno-jump-tables), so that no
 * lookup table lands in a data segment. */
#include "adapter.h"

p1_errno errno_from_code(uint8_t code)
{
    switch (code) {
    case 0: return P1_EACCES;            /* access */
    case 1: return P1_EAGAIN;            /* would-block */
    case 2: return P1_EALREADY;          /* already */
    case 3: return P1_EBADF;             /* bad-descriptor */
    case 4: return P1_EBUSY;             /* busy */
    case 5: return P1_EDEADLK;           /* deadlock */
    case 6: return P1_EDQUOT;            /* quota */
    case 7: return P1_EEXIST;            /* exist */
    case 8: return P1_EFBIG;             /* file-too-large */
    case 9: return P1_EILSEQ;            /* illegal-byte-sequence */
    case 10: return P1_EINPROGRESS;      /* in-progress */
    case 11: return P1_EINTR;            /* interrupted */
    case 12: return P1_EINVAL;           /* invalid */
    case 13: return P1_EIO;              /* io */
    case 14: return P1_EISDIR;           /* is-directory */
    case 15: return P1_ELOOP;            /* loop */
    case 16: return P1_EMLINK;           /* too-many-links */
    case 17: return P1_EMSGSIZE;         /* message-size */
    case 18: return P1_ENAMETOOLONG;     /* name-too-long */
    case 19: return P1_ENODEV;           /* no-device */
    case 20: return P1_ENOENT;           /* no-entry */
    case 21: return P1_ENOLCK;           /* no-lock */
    case 22: return P1_ENOMEM;           /* insufficient-memory */
    case 23: return P1_ENOSPC;           /* insufficient-space */
    case 24: return P1_ENOTDIR;          /* not-directory */
    case 25: return P1_ENOTEMPTY;        /* not-empty */
    case 26: return P1_ENOTRECOVERABLE;  /* not-recoverable */
    case 27: return P1_ENOTSUP;          /* unsupported */
    case 28: return P1_ENOTTY;           /* no-tty */
    case 29: return P1_ENXIO;            /* no-such-device */
    case 30: return P1_EOVERFLOW;        /* overflow */
    case 31: return P1_EPERM;            /* not-permitted */
    case 32: return P1_EPIPE;            /* pipe */
    case 33: return P1_EROFS;            /* read-only */
    case 34: return P1_ESPIPE;           /* invalid-seek */
    case 35: return P1_ETXTBSY;          /* text-file-busy */
    case 36: return P1_EXDEV;            /* cross-device */
    default: return P1_EIO;
    }
}

p1_errno errno_from_result_u8(const uint8_t *ret)
{
    return ld8(ret) ? errno_from_code(ld8(ret + 1)) : 0;
}

p1_errno errno_from_stream_error(int32_t error_handle)
{
    uint8_t ret[2];
    p2_filesystem_error_code(error_handle, ret);
    p2_drop_error(error_handle);
    return ld8(ret) ? errno_from_code(ld8(ret + 1)) : P1_EIO;
}

uint8_t filetype_from_p2(uint8_t type)
{
    switch (type) {
    case P2_TYPE_BLOCK_DEVICE: return P1_FILETYPE_BLOCK_DEVICE;
    case P2_TYPE_CHARACTER_DEVICE: return P1_FILETYPE_CHARACTER_DEVICE;
    case P2_TYPE_DIRECTORY: return P1_FILETYPE_DIRECTORY;
    case P2_TYPE_SYMBOLIC_LINK: return P1_FILETYPE_SYMBOLIC_LINK;
    case P2_TYPE_REGULAR_FILE: return P1_FILETYPE_REGULAR_FILE;
    case P2_TYPE_SOCKET: return P1_FILETYPE_SOCKET_STREAM;
    default: return P1_FILETYPE_UNKNOWN; /* unknown, fifo */
    }
}
