/* wasi:filesystem/types: the descriptor methods that act on the open
 * descriptor itself (streams, reads, writes, flags, stat, sync...), the
 * directory-entry-stream, and filesystem-error-code. Permission checks and
 * error codes follow wasmtime where the WIT leaves room: a file-only
 * operation on a directory is bad-descriptor, a change through a read-only
 * preopen is not-permitted. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fs_funcs.h"
#include "fs_ops.h"
#include "fs_values.h"

/* wasmtime's cap on one read (MAX_READ_SIZE_ALLOC). */
#define FS_READ_MAX (64u * 1024u)

#define FS_HOST(name)                                                                          \
    static bool name(void *user, const rt_chost_call *call, const rt_cval *args, uint32_t n,  \
                     rt_cval *result, rt_trap *trap)

static bool oom(rt_trap *trap)
{
    rt_trap_set(trap, RT_TRAP_HOST, "wasi:filesystem: out of memory");
    return false;
}

/* ---- streams ---------------------------------------------------------------- */

static bool stream_result(wasi_fs *fs, const rt_chost_call *call, const fs_desc *d,
                          bool output, wasi_stream_mode mode, uint64_t offset, rt_cval *result,
                          rt_trap *trap)
{
    int fd;
    int e = fs_op_dup(d, &fd);
    if (e)
        return fs_err(call, result, e, trap);
    uint32_t rep = output ? wasi_output_stream_new(fs->w, fd, mode, offset)
                          : wasi_input_stream_new(fs->w, fd, mode, offset);
    if (!rep)
        return oom(trap);
    rt_cval h = fs_handle(output ? wasi_type_output_stream(fs->w) : wasi_type_input_stream(fs->w),
                          rep, true);
    return fs_ok(call, result, &h, trap);
}

FS_HOST(read_via_stream)
{
    wasi_fs *fs = user;
    fs_desc *d;
    if (!fs_args("read-via-stream", args, n, "hu", trap) || !(d = fs_arg_desc(fs, &args[0], trap)))
        return false;
    int e = fs_op_can_read_stream(d);
    if (e)
        return fs_err(call, result, e, trap);
    return stream_result(fs, call, d, false, WASI_STREAM_AT, args[1].of.u, result, trap);
}

FS_HOST(write_via_stream)
{
    wasi_fs *fs = user;
    fs_desc *d;
    if (!fs_args("write-via-stream", args, n, "hu", trap) || !(d = fs_arg_desc(fs, &args[0], trap)))
        return false;
    int e = fs_op_can_write_stream(d);
    if (e)
        return fs_err(call, result, e, trap);
    return stream_result(fs, call, d, true, WASI_STREAM_AT, args[1].of.u, result, trap);
}

FS_HOST(append_via_stream)
{
    wasi_fs *fs = user;
    fs_desc *d;
    if (!fs_args("append-via-stream", args, n, "h", trap) || !(d = fs_arg_desc(fs, &args[0], trap)))
        return false;
    int e = fs_op_can_write_stream(d);
    if (e)
        return fs_err(call, result, e, trap);
    return stream_result(fs, call, d, true, WASI_STREAM_APPEND, 0, result, trap);
}

/* ---- data --------------------------------------------------------------------- */

FS_HOST(advise)
{
    fs_desc *d;
    if (!fs_args("advise", args, n, "huue", trap) || !(d = fs_arg_desc(user, &args[0], trap)))
        return false;
    return fs_done(call, result,
                   fs_op_advise(d, args[1].of.u, args[2].of.u, args[3].of.cases.index), trap);
}

static bool sync_common(void *user, const rt_chost_call *call, const rt_cval *args, uint32_t n,
                        rt_cval *result, rt_trap *trap, bool data_only)
{
    fs_desc *d;
    if (!fs_args(data_only ? "sync-data" : "sync", args, n, "h", trap) ||
        !(d = fs_arg_desc(user, &args[0], trap)))
        return false;
    return fs_done(call, result, fs_op_sync(d, data_only), trap);
}

FS_HOST(sync_data)
{
    return sync_common(user, call, args, n, result, trap, true);
}

FS_HOST(sync_all)
{
    return sync_common(user, call, args, n, result, trap, false);
}

FS_HOST(get_flags)
{
    fs_desc *d;
    if (!fs_args("get-flags", args, n, "h", trap) || !(d = fs_arg_desc(user, &args[0], trap)))
        return false;
    uint32_t flags;
    int e = fs_op_get_flags(d, &flags);
    if (e)
        return fs_err(call, result, e, trap);
    rt_cval v = {.kind = RT_CT_FLAGS, .of.flags = flags};
    return fs_ok(call, result, &v, trap);
}

FS_HOST(get_type)
{
    fs_desc *d;
    if (!fs_args("get-type", args, n, "h", trap) || !(d = fs_arg_desc(user, &args[0], trap)))
        return false;
    struct stat st;
    if (fstat(d->fd, &st) != 0)
        return fs_err(call, result, errno, trap);
    rt_cval v = fs_enum(fs_type_of_mode(st.st_mode));
    return fs_ok(call, result, &v, trap);
}

FS_HOST(set_size)
{
    fs_desc *d;
    if (!fs_args("set-size", args, n, "hu", trap) || !(d = fs_arg_desc(user, &args[0], trap)))
        return false;
    return fs_done(call, result, fs_op_set_size(d, args[1].of.u), trap);
}

FS_HOST(set_times)
{
    fs_desc *d;
    if (!fs_args("set-times", args, n, "hvv", trap) || !(d = fs_arg_desc(user, &args[0], trap)))
        return false;
    struct timespec ts[2];
    int e = fs_new_timestamp(&args[1], &ts[0]);
    if (!e)
        e = fs_new_timestamp(&args[2], &ts[1]);
    if (!e)
        e = fs_op_set_times(d, ts);
    return fs_done(call, result, e, trap);
}

FS_HOST(read_at)
{
    fs_desc *d;
    if (!fs_args("read", args, n, "huu", trap) || !(d = fs_arg_desc(user, &args[0], trap)))
        return false;
    if (d->is_dir)
        return fs_err(call, result, EBADF, trap);
    uint64_t want = args[1].of.u < FS_READ_MAX ? args[1].of.u : FS_READ_MAX;
    if (args[2].of.u > INT64_MAX)
        return fs_err(call, result, EINVAL, trap);
    unsigned char *buf = comp_arena_alloc(call->arena, want ? want : 1);
    if (!buf)
        return oom(trap);
    ssize_t got;
    do
        got = pread(d->fd, buf, want, (off_t)args[2].of.u);
    while (got < 0 && errno == EINTR);
    if (got < 0)
        return fs_err(call, result, errno, trap);
    rt_cval *items = fs_vals(call, (uint32_t)got), *pair = fs_vals(call, 2);
    if (!items || !pair)
        return oom(trap);
    for (ssize_t i = 0; i < got; i++)
        items[i] = (rt_cval){.kind = RT_CT_U8, .of.u = buf[i]};
    pair[0] = (rt_cval){.kind = RT_CT_LIST, .of.seq = {items, (uint32_t)got}};
    pair[1] = (rt_cval){.kind = RT_CT_BOOL, .of.b = got == 0};
    rt_cval v = {.kind = RT_CT_TUPLE, .of.seq = {pair, 2}};
    return fs_ok(call, result, &v, trap);
}

FS_HOST(write_at)
{
    fs_desc *d;
    if (!fs_args("write", args, n, "hlu", trap) || !(d = fs_arg_desc(user, &args[0], trap)))
        return false;
    if (d->is_dir)
        return fs_err(call, result, EBADF, trap);
    if (d->read_only)
        return fs_err(call, result, EPERM, trap);
    if (args[2].of.u > INT64_MAX)
        return fs_err(call, result, EINVAL, trap);
    uint32_t count = args[1].of.seq.count;
    unsigned char *buf = comp_arena_alloc(call->arena, count ? count : 1);
    if (!buf)
        return oom(trap);
    for (uint32_t i = 0; i < count; i++)
        buf[i] = (unsigned char)args[1].of.seq.items[i].of.u;
    ssize_t put;
    do
        put = pwrite(d->fd, buf, count, (off_t)args[2].of.u);
    while (put < 0 && errno == EINTR);
    if (put < 0)
        return fs_err(call, result, errno, trap);
    rt_cval v = fs_u64((uint64_t)put);
    return fs_ok(call, result, &v, trap);
}

/* ---- metadata ------------------------------------------------------------------ */

FS_HOST(stat_fd)
{
    fs_desc *d;
    if (!fs_args("stat", args, n, "h", trap) || !(d = fs_arg_desc(user, &args[0], trap)))
        return false;
    struct stat st;
    int e = fs_op_stat(d, &st);
    if (e)
        return fs_err(call, result, e, trap);
    rt_cval v;
    return fs_stat_value(call, &st, &v, trap) && fs_ok(call, result, &v, trap);
}

FS_HOST(is_same_object)
{
    fs_desc *a, *b;
    if (!fs_args("is-same-object", args, n, "hh", trap) ||
        !(a = fs_arg_desc(user, &args[0], trap)) || !(b = fs_arg_desc(user, &args[1], trap)))
        return false;
    *result = (rt_cval){.kind = RT_CT_BOOL, .of.b = fs_op_same_object(a, b)};
    return true;
}

FS_HOST(metadata_hash)
{
    fs_desc *d;
    if (!fs_args("metadata-hash", args, n, "h", trap) || !(d = fs_arg_desc(user, &args[0], trap)))
        return false;
    struct stat st;
    if (fstat(d->fd, &st) != 0)
        return fs_err(call, result, errno, trap);
    rt_cval v;
    return fs_hash_value(call, &st, &v, trap) && fs_ok(call, result, &v, trap);
}

/* ---- directories ------------------------------------------------------------------ */

FS_HOST(read_directory)
{
    wasi_fs *fs = user;
    fs_desc *d;
    if (!fs_args("read-directory", args, n, "h", trap) || !(d = fs_arg_desc(fs, &args[0], trap)))
        return false;
    DIR *dir;
    int e = fs_op_open_dir(d, &dir);
    if (e)
        return fs_err(call, result, e, trap);
    uint32_t rep = fs_dirstream_add(fs, dir);
    if (!rep)
        return oom(trap);
    rt_cval h = fs_handle(fs->type_dir_stream, rep, true);
    return fs_ok(call, result, &h, trap);
}

FS_HOST(read_directory_entry)
{
    fs_dirstream *s;
    if (!fs_args("read-directory-entry", args, n, "h", trap) ||
        !(s = fs_arg_dirstream(user, &args[0], trap)))
        return false;
    rt_cval none = {.kind = RT_CT_OPTION};
    if (s->done)
        return fs_ok(call, result, &none, trap);
    struct dirent *e;
    int err = fs_op_next_entry(s->dir, &e);
    if (err)
        return fs_err(call, result, err, trap);
    if (!e) {
        s->done = true;
        return fs_ok(call, result, &none, trap);
    }
    size_t len = strlen(e->d_name);
    if (!fs_utf8_ok(e->d_name, len))
        return fs_err(call, result, EILSEQ, trap);
    rt_cval *fields = fs_vals(call, 2), *rec = fs_vals(call, 1);
    char *name = comp_arena_strndup(call->arena, e->d_name, len);
    if (!fields || !rec || !name)
        return oom(trap);
    fields[0] = fs_enum(fs_op_entry_type(s->dir, e));
    fields[1] = (rt_cval){.kind = RT_CT_STRING, .of.str = {name, len}};
    *rec = (rt_cval){.kind = RT_CT_RECORD, .of.seq = {fields, 2}};
    rt_cval some = {.kind = RT_CT_OPTION, .of.cases = {1, rec}};
    return fs_ok(call, result, &some, trap);
}

/* ---- errors -------------------------------------------------------------------------- */

FS_HOST(filesystem_error_code)
{
    wasi_fs *fs = user;
    if (!fs_args("filesystem-error-code", args, n, "h", trap))
        return false;
    int errnum;
    *result = (rt_cval){.kind = RT_CT_OPTION};
    if (wasi_io_error_errno(fs->w, args[0].of.handle.rep, &errnum)) {
        rt_cval *code = fs_vals(call, 1);
        if (!code)
            return oom(trap);
        *code = fs_enum(fs_error_of_errno(errnum));
        result->of.cases.index = 1;
        result->of.cases.payload = code;
    }
    return true;
}

const fs_func fs_descriptor_funcs[] = {
    {"[method]descriptor.read-via-stream", read_via_stream},
    {"[method]descriptor.write-via-stream", write_via_stream},
    {"[method]descriptor.append-via-stream", append_via_stream},
    {"[method]descriptor.advise", advise},
    {"[method]descriptor.sync-data", sync_data},
    {"[method]descriptor.get-flags", get_flags},
    {"[method]descriptor.get-type", get_type},
    {"[method]descriptor.set-size", set_size},
    {"[method]descriptor.set-times", set_times},
    {"[method]descriptor.read", read_at},
    {"[method]descriptor.write", write_at},
    {"[method]descriptor.read-directory", read_directory},
    {"[method]descriptor.sync", sync_all},
    {"[method]descriptor.stat", stat_fd},
    {"[method]descriptor.is-same-object", is_same_object},
    {"[method]descriptor.metadata-hash", metadata_hash},
    {"[method]directory-entry-stream.read-directory-entry", read_directory_entry},
    {"filesystem-error-code", filesystem_error_code},
};
const uint32_t fs_descriptor_func_count = sizeof fs_descriptor_funcs / sizeof fs_descriptor_funcs[0];
