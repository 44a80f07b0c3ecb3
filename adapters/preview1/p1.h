/* wasi_snapshot_preview1 constants and memory layouts, as the preview1 witx
 * (WebAssembly/WASI legacy/preview1/witx/typenames.witx) defines them.
 * Offsets are in bytes inside the guest's linear memory. */
#ifndef ADAPTER_P1_H
#define ADAPTER_P1_H

#include <stdint.h>

/* errno (u16) */
enum {
    P1_ESUCCESS = 0, P1_E2BIG = 1, P1_EACCES = 2, P1_EAGAIN = 6, P1_EALREADY = 7,
    P1_EBADF = 8, P1_EBUSY = 10, P1_EDEADLK = 16, P1_EDQUOT = 19, P1_EEXIST = 20,
    P1_EFBIG = 22, P1_EILSEQ = 25, P1_EINPROGRESS = 26, P1_EINTR = 27, P1_EINVAL = 28,
    P1_EIO = 29, P1_EISDIR = 31, P1_ELOOP = 32, P1_EMLINK = 34, P1_EMSGSIZE = 35,
    P1_ENAMETOOLONG = 37, P1_ENODEV = 43, P1_ENOENT = 44, P1_ENOLCK = 46, P1_ENOMEM = 48,
    P1_ENOSPC = 51, P1_ENOSYS = 52, P1_ENOTDIR = 54, P1_ENOTEMPTY = 55,
    P1_ENOTRECOVERABLE = 56, P1_ENOTSOCK = 57, P1_ENOTSUP = 58, P1_ENOTTY = 59,
    P1_ENXIO = 60, P1_EOVERFLOW = 61, P1_EPERM = 63, P1_EPIPE = 64, P1_EROFS = 69,
    P1_ESPIPE = 70, P1_ETXTBSY = 74, P1_EXDEV = 75, P1_ENOTCAPABLE = 76,
};

/* filetype (u8) */
enum {
    P1_FILETYPE_UNKNOWN = 0, P1_FILETYPE_BLOCK_DEVICE = 1, P1_FILETYPE_CHARACTER_DEVICE = 2,
    P1_FILETYPE_DIRECTORY = 3, P1_FILETYPE_REGULAR_FILE = 4, P1_FILETYPE_SOCKET_DGRAM = 5,
    P1_FILETYPE_SOCKET_STREAM = 6, P1_FILETYPE_SYMBOLIC_LINK = 7,
};

/* fdflags (u16) */
enum {
    P1_FDFLAGS_APPEND = 1, P1_FDFLAGS_DSYNC = 2, P1_FDFLAGS_NONBLOCK = 4,
    P1_FDFLAGS_RSYNC = 8, P1_FDFLAGS_SYNC = 16,
};

/* rights (u64 bit numbers) */
#define P1_RIGHT(bit) ((uint64_t)1 << (bit))
#define P1_RIGHTS_FD_DATASYNC P1_RIGHT(0)
#define P1_RIGHTS_FD_READ P1_RIGHT(1)
#define P1_RIGHTS_FD_SEEK P1_RIGHT(2)
#define P1_RIGHTS_FD_FDSTAT_SET_FLAGS P1_RIGHT(3)
#define P1_RIGHTS_FD_SYNC P1_RIGHT(4)
#define P1_RIGHTS_FD_TELL P1_RIGHT(5)
#define P1_RIGHTS_FD_WRITE P1_RIGHT(6)
#define P1_RIGHTS_FD_ADVISE P1_RIGHT(7)
#define P1_RIGHTS_FD_ALLOCATE P1_RIGHT(8)
#define P1_RIGHTS_PATH_CREATE_DIRECTORY P1_RIGHT(9)
#define P1_RIGHTS_PATH_CREATE_FILE P1_RIGHT(10)
#define P1_RIGHTS_PATH_LINK_SOURCE P1_RIGHT(11)
#define P1_RIGHTS_PATH_LINK_TARGET P1_RIGHT(12)
#define P1_RIGHTS_PATH_OPEN P1_RIGHT(13)
#define P1_RIGHTS_FD_READDIR P1_RIGHT(14)
#define P1_RIGHTS_PATH_READLINK P1_RIGHT(15)
#define P1_RIGHTS_PATH_RENAME_SOURCE P1_RIGHT(16)
#define P1_RIGHTS_PATH_RENAME_TARGET P1_RIGHT(17)
#define P1_RIGHTS_PATH_FILESTAT_GET P1_RIGHT(18)
#define P1_RIGHTS_PATH_FILESTAT_SET_TIMES P1_RIGHT(20)
#define P1_RIGHTS_FD_FILESTAT_GET P1_RIGHT(21)
#define P1_RIGHTS_FD_FILESTAT_SET_SIZE P1_RIGHT(22)
#define P1_RIGHTS_FD_FILESTAT_SET_TIMES P1_RIGHT(23)
#define P1_RIGHTS_PATH_SYMLINK P1_RIGHT(24)
#define P1_RIGHTS_PATH_REMOVE_DIRECTORY P1_RIGHT(25)
#define P1_RIGHTS_PATH_UNLINK_FILE P1_RIGHT(26)
#define P1_RIGHTS_POLL_FD_READWRITE P1_RIGHT(27)

/* The rights reported for directories and files (those of the preview1
 * hosts that run on WASI 0.2, such as wasmtime's): what the descriptor kind
 * supports, less read / write for a file not opened for them. */
#define P1_RIGHTS_DIRECTORY_BASE                                                  \
    (P1_RIGHTS_PATH_CREATE_DIRECTORY | P1_RIGHTS_PATH_CREATE_FILE |               \
     P1_RIGHTS_PATH_LINK_SOURCE | P1_RIGHTS_PATH_LINK_TARGET | P1_RIGHTS_PATH_OPEN | \
     P1_RIGHTS_FD_READDIR | P1_RIGHTS_PATH_READLINK | P1_RIGHTS_PATH_RENAME_SOURCE | \
     P1_RIGHTS_PATH_RENAME_TARGET | P1_RIGHTS_PATH_SYMLINK |                       \
     P1_RIGHTS_PATH_REMOVE_DIRECTORY | P1_RIGHTS_PATH_UNLINK_FILE |                \
     P1_RIGHTS_PATH_FILESTAT_GET | P1_RIGHTS_PATH_FILESTAT_SET_TIMES |             \
     P1_RIGHTS_FD_FILESTAT_GET | P1_RIGHTS_FD_FILESTAT_SET_TIMES)
#define P1_RIGHTS_FILE_BASE                                                        \
    (P1_RIGHTS_FD_DATASYNC | P1_RIGHTS_FD_READ | P1_RIGHTS_FD_SEEK |              \
     P1_RIGHTS_FD_FDSTAT_SET_FLAGS | P1_RIGHTS_FD_SYNC | P1_RIGHTS_FD_TELL |      \
     P1_RIGHTS_FD_WRITE | P1_RIGHTS_FD_ADVISE | P1_RIGHTS_FD_ALLOCATE |           \
     P1_RIGHTS_FD_FILESTAT_GET | P1_RIGHTS_FD_FILESTAT_SET_SIZE |                 \
     P1_RIGHTS_FD_FILESTAT_SET_TIMES | P1_RIGHTS_POLL_FD_READWRITE)
#define P1_RIGHTS_DIRECTORY_INHERITING (P1_RIGHTS_DIRECTORY_BASE | P1_RIGHTS_FILE_BASE)

/* oflags (u16), lookupflags (u32), fstflags (u16) */
enum { P1_OFLAGS_CREAT = 1, P1_OFLAGS_DIRECTORY = 2, P1_OFLAGS_EXCL = 4, P1_OFLAGS_TRUNC = 8 };
enum { P1_LOOKUP_SYMLINK_FOLLOW = 1 };
enum { P1_FSTFLAGS_ATIM = 1, P1_FSTFLAGS_ATIM_NOW = 2, P1_FSTFLAGS_MTIM = 4, P1_FSTFLAGS_MTIM_NOW = 8 };

/* whence (u8), clockid (u32), eventtype (u8), subclockflags, eventrwflags */
enum { P1_WHENCE_SET = 0, P1_WHENCE_CUR = 1, P1_WHENCE_END = 2 };
enum { P1_CLOCK_REALTIME = 0, P1_CLOCK_MONOTONIC = 1 };
enum { P1_EVENTTYPE_CLOCK = 0, P1_EVENTTYPE_FD_READ = 1, P1_EVENTTYPE_FD_WRITE = 2 };
enum { P1_SUBCLOCK_ABSTIME = 1 };
enum { P1_EVENTRW_HANGUP = 1 };

/* fdstat: filetype u8 @0, flags u16 @2, rights_base u64 @8, inheriting u64 @16 */
enum { P1_FDSTAT_SIZE = 24 };
/* filestat: dev @0, ino @8, filetype u8 @16, nlink @24, size @32, atim @40,
 * mtim @48, ctim @56 */
enum { P1_FILESTAT_SIZE = 64 };
/* dirent: d_next u64 @0, d_ino u64 @8, d_namlen u32 @16, d_type u8 @20 */
enum { P1_DIRENT_SIZE = 24 };
/* subscription: userdata @0, tag u8 @8, clock {id u32 @16, timeout u64 @24,
 * precision u64 @32, flags u16 @40} or fd_readwrite {fd u32 @16} */
enum { P1_SUBSCRIPTION_SIZE = 48 };
/* event: userdata @0, error u16 @8, type u8 @10, nbytes u64 @16, flags u16 @24 */
enum { P1_EVENT_SIZE = 32 };
/* iovec / ciovec: buf u32 @0, len u32 @4 */
enum { P1_IOVEC_SIZE = 8 };

#endif
