/* wasi:filesystem values: results, records, argument checks, errno map. */
#define _GNU_SOURCE
#include "fs_values.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "reader.h" /* libcomp's utf8_valid */

fs_error_code fs_error_of_errno(int errnum)
{
    switch (errnum) {
    case EACCES: return FS_E_ACCESS;
    case EAGAIN: return FS_E_WOULD_BLOCK;
    case EALREADY: return FS_E_ALREADY;
    case EBADF: return FS_E_BAD_DESCRIPTOR;
    case EBUSY: return FS_E_BUSY;
    case EDEADLK: return FS_E_DEADLOCK;
    case EDQUOT: return FS_E_QUOTA;
    case EEXIST: return FS_E_EXIST;
    case EFBIG: return FS_E_FILE_TOO_LARGE;
    case EILSEQ: return FS_E_ILLEGAL_BYTE_SEQUENCE;
    case EINPROGRESS: return FS_E_IN_PROGRESS;
    case EINTR: return FS_E_INTERRUPTED;
    case EINVAL: return FS_E_INVALID;
    case EIO: return FS_E_IO;
    case EISDIR: return FS_E_IS_DIRECTORY;
    case ELOOP: return FS_E_LOOP;
    case EMLINK: return FS_E_TOO_MANY_LINKS;
    case EMSGSIZE: return FS_E_MESSAGE_SIZE;
    case ENAMETOOLONG: return FS_E_NAME_TOO_LONG;
    case ENODEV: return FS_E_NO_DEVICE;
    case ENOENT: return FS_E_NO_ENTRY;
    case ENOLCK: return FS_E_NO_LOCK;
    case ENOMEM: return FS_E_INSUFFICIENT_MEMORY;
    case ENOSPC: return FS_E_INSUFFICIENT_SPACE;
    case ENOTDIR: return FS_E_NOT_DIRECTORY;
    case ENOTEMPTY: return FS_E_NOT_EMPTY;
    case ENOTRECOVERABLE: return FS_E_NOT_RECOVERABLE;
    case ENOTSUP: return FS_E_UNSUPPORTED;
#if EOPNOTSUPP != ENOTSUP
    case EOPNOTSUPP: return FS_E_UNSUPPORTED;
#endif
    case ENOSYS: return FS_E_UNSUPPORTED;
    case ENOTTY: return FS_E_NO_TTY;
    case ENXIO: return FS_E_NO_SUCH_DEVICE;
    case EOVERFLOW: return FS_E_OVERFLOW;
    case EPERM: return FS_E_NOT_PERMITTED;
    case EPIPE: return FS_E_PIPE;
    case EROFS: return FS_E_READ_ONLY;
    case ESPIPE: return FS_E_INVALID_SEEK;
    case ETXTBSY: return FS_E_TEXT_FILE_BUSY;
    case EXDEV: return FS_E_CROSS_DEVICE;
    default: return FS_E_IO;
    }
}

uint32_t fs_type_of_mode(mode_t mode)
{
    switch (mode & S_IFMT) {
    case S_IFBLK: return FS_T_BLOCK_DEVICE;
    case S_IFCHR: return FS_T_CHARACTER_DEVICE;
    case S_IFDIR: return FS_T_DIRECTORY;
    case S_IFIFO: return FS_T_FIFO;
    case S_IFLNK: return FS_T_SYMBOLIC_LINK;
    case S_IFREG: return FS_T_REGULAR_FILE;
    case S_IFSOCK: return FS_T_SOCKET;
    default: return FS_T_UNKNOWN;
    }
}

rt_cval *fs_vals(const rt_chost_call *call, uint32_t n)
{
    return comp_arena_array(call->arena, n ? n : 1, sizeof(rt_cval));
}

static bool oom(rt_trap *trap)
{
    rt_trap_set(trap, RT_TRAP_HOST, "wasi:filesystem: out of memory");
    return false;
}

bool fs_ok(const rt_chost_call *call, rt_cval *result, const rt_cval *payload, rt_trap *trap)
{
    *result = (rt_cval){.kind = RT_CT_RESULT};
    if (payload) {
        rt_cval *p = fs_vals(call, 1);
        if (!p)
            return oom(trap);
        *p = *payload;
        result->of.cases.payload = p;
    }
    return true;
}

bool fs_err(const rt_chost_call *call, rt_cval *result, int errnum, rt_trap *trap)
{
    rt_cval *p = fs_vals(call, 1);
    if (!p)
        return oom(trap);
    *p = fs_enum(fs_error_of_errno(errnum));
    *result = (rt_cval){.kind = RT_CT_RESULT, .of.cases = {1, p}};
    return true;
}

bool fs_done(const rt_chost_call *call, rt_cval *result, int errnum, rt_trap *trap)
{
    return errnum ? fs_err(call, result, errnum, trap) : fs_ok(call, result, NULL, trap);
}

rt_cval fs_u64(uint64_t v)
{
    return (rt_cval){.kind = RT_CT_U64, .of.u = v};
}

rt_cval fs_enum(uint32_t index)
{
    return (rt_cval){.kind = RT_CT_ENUM, .of.cases = {index, NULL}};
}

rt_cval fs_handle(rt_resource_type *type, uint32_t rep, bool own)
{
    return (rt_cval){.kind = own ? RT_CT_OWN : RT_CT_BORROW, .of.handle = {type, rep}};
}

/* option<datetime> from a timespec (negative seconds: none, as wasmtime
 * drops times before the epoch). */
static bool time_value(const rt_chost_call *call, const struct timespec *ts, rt_cval *out,
                       rt_trap *trap)
{
    *out = (rt_cval){.kind = RT_CT_OPTION};
    if (ts->tv_sec < 0)
        return true;
    rt_cval *dt = fs_vals(call, 1), *fields = fs_vals(call, 2);
    if (!dt || !fields)
        return oom(trap);
    fields[0] = fs_u64((uint64_t)ts->tv_sec);
    fields[1] = (rt_cval){.kind = RT_CT_U32, .of.u = (uint64_t)ts->tv_nsec};
    *dt = (rt_cval){.kind = RT_CT_RECORD, .of.seq = {fields, 2}};
    out->of.cases.index = 1;
    out->of.cases.payload = dt;
    return true;
}

bool fs_stat_value(const rt_chost_call *call, const struct stat *st, rt_cval *out, rt_trap *trap)
{
    rt_cval *f = fs_vals(call, 6);
    if (!f)
        return oom(trap);
    f[0] = fs_enum(fs_type_of_mode(st->st_mode));
    f[1] = fs_u64((uint64_t)st->st_nlink);
    f[2] = fs_u64((uint64_t)st->st_size);
    if (!time_value(call, &st->st_atim, &f[3], trap) ||
        !time_value(call, &st->st_mtim, &f[4], trap) ||
        !time_value(call, &st->st_ctim, &f[5], trap))
        return false;
    *out = (rt_cval){.kind = RT_CT_RECORD, .of.seq = {f, 6}};
    return true;
}

/* splitmix64's finalizer: spreads device and inode bits over the hash. */
static uint64_t mix(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ull;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebull;
    x ^= x >> 31;
    return x;
}

bool fs_hash_value(const rt_chost_call *call, const struct stat *st, rt_cval *out, rt_trap *trap)
{
    rt_cval *f = fs_vals(call, 2);
    if (!f)
        return oom(trap);
    uint64_t lower = mix(mix((uint64_t)st->st_dev) ^ (uint64_t)st->st_ino);
    f[0] = fs_u64(lower);
    f[1] = fs_u64(mix(lower ^ 0x9e3779b97f4a7c15ull));
    *out = (rt_cval){.kind = RT_CT_RECORD, .of.seq = {f, 2}};
    return true;
}

int fs_new_timestamp(const rt_cval *v, struct timespec *out)
{
    switch (v->of.cases.index) {
    case 0: *out = (struct timespec){.tv_nsec = UTIME_OMIT}; return 0;
    case 1: *out = (struct timespec){.tv_nsec = UTIME_NOW}; return 0;
    default: break;
    }
    const rt_cval *dt = v->of.cases.payload;
    if (!dt || dt->kind != RT_CT_RECORD || dt->of.seq.count != 2)
        return EINVAL;
    /* nanoseconds past a second carry into the seconds, as Rust's
     * Duration::new does in wasmtime */
    uint64_t sec = dt->of.seq.items[0].of.u, ns = dt->of.seq.items[1].of.u;
    uint64_t carry = ns / 1000000000u;
    if (sec > (uint64_t)INT64_MAX - carry)
        return EOVERFLOW;
    *out = (struct timespec){.tv_sec = (time_t)(sec + carry), .tv_nsec = (long)(ns % 1000000000u)};
    return 0;
}

static bool kind_matches(char want, uint8_t kind)
{
    switch (want) {
    case 'h': return kind == RT_CT_OWN || kind == RT_CT_BORROW;
    case 's': return kind == RT_CT_STRING;
    case 'u': return kind == RT_CT_U64;
    case 'f': return kind == RT_CT_FLAGS;
    case 'e': return kind == RT_CT_ENUM;
    case 'v': return kind == RT_CT_VARIANT;
    case 'l': return kind == RT_CT_LIST;
    case 'S': return kind == RT_CT_STREAM;
    default: return false;
    }
}

bool fs_args(const char *func, const rt_cval *args, uint32_t n, const char *kinds, rt_trap *trap)
{
    bool ok = n == strlen(kinds);
    for (uint32_t i = 0; ok && i < n; i++)
        ok = kind_matches(kinds[i], args[i].kind);
    if (!ok) {
        char msg[160];
        snprintf(msg, sizeof msg, "wasi:filesystem/types.%s: arguments do not match the WIT type",
                 func);
        rt_trap_set(trap, RT_TRAP_HOST, msg);
    }
    return ok;
}

fs_desc *fs_arg_desc(wasi_fs *fs, const rt_cval *arg, rt_trap *trap)
{
    fs_desc *d = fs_desc_get(fs, arg->of.handle.rep);
    if (!d)
        rt_trap_set(trap, RT_TRAP_HOST, "unknown wasi:filesystem descriptor");
    return d;
}

fs_desc *fs_arg_self(wasi_fs *fs, const char *func, const rt_cval *args, uint32_t n,
                     const char *kinds, rt_trap *trap)
{
    return fs_args(func, args, n, kinds, trap) ? fs_arg_desc(fs, &args[0], trap) : NULL;
}

comp_str fs_arg_str(const rt_cval *arg)
{
    return (comp_str){arg->of.str.data, (uint32_t)arg->of.str.len};
}

bool fs_oom(rt_trap *trap)
{
    return oom(trap);
}

fs_dirstream *fs_arg_dirstream(wasi_fs *fs, const rt_cval *arg, rt_trap *trap)
{
    fs_dirstream *s = fs_dirstream_get(fs, arg->of.handle.rep);
    if (!s)
        rt_trap_set(trap, RT_TRAP_HOST, "unknown wasi:filesystem directory-entry-stream");
    return s;
}

bool fs_utf8_ok(const char *s, size_t len)
{
    return utf8_valid((const uint8_t *)s, len);
}
