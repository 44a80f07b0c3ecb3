/* wasi:filesystem/types@0.3.0: the descriptor methods that act on the
 * descriptor itself, as 0.3 values around the shared operations of
 * fs_ops.c. */
#include "fs3_funcs.h"
#include "fs3_values.h"
#include "fs_ops.h"
#include "fs_values.h"

#define FS_HOST(name)                                                                          \
    static bool name(void *user, const rt_chost_call *call, const rt_cval *args, uint32_t n,  \
                     rt_cval *result, rt_trap *trap)

FS_HOST(advise)
{
    FS_SELF(d, "advise", "huue");
    int e = fs_op_advise(d, args[1].of.u, args[2].of.u, args[3].of.cases.index);
    return fs3_done(call->arena, result, e, trap);
}

FS_HOST(sync_data)
{
    FS_SELF(d, "sync-data", "h");
    return fs3_done(call->arena, result, fs_op_sync(d, true), trap);
}

FS_HOST(sync_all)
{
    FS_SELF(d, "sync", "h");
    return fs3_done(call->arena, result, fs_op_sync(d, false), trap);
}

FS_HOST(get_flags)
{
    FS_SELF(d, "get-flags", "h");
    uint32_t flags;
    int e = fs_op_get_flags(d, &flags);
    if (e)
        return fs3_err(call->arena, result, e, trap);
    rt_cval v = {.kind = RT_CT_FLAGS, .of.flags = flags};
    return fs3_ok(call->arena, result, &v, trap);
}

FS_HOST(get_type)
{
    FS_SELF(d, "get-type", "h");
    struct stat st;
    int e = fs_op_stat(d, &st);
    if (e)
        return fs3_err(call->arena, result, e, trap);
    rt_cval v;
    if (!fs3_type_value(call->arena, fs_type_of_mode(st.st_mode), &v))
        return fs_oom(trap);
    return fs3_ok(call->arena, result, &v, trap);
}

FS_HOST(set_size)
{
    FS_SELF(d, "set-size", "hu");
    return fs3_done(call->arena, result, fs_op_set_size(d, args[1].of.u), trap);
}

FS_HOST(set_times)
{
    FS_SELF(d, "set-times", "hvv");
    struct timespec ts[2];
    int e = fs3_new_timestamp(&args[1], &ts[0]);
    if (!e)
        e = fs3_new_timestamp(&args[2], &ts[1]);
    if (!e)
        e = fs_op_set_times(d, ts);
    return fs3_done(call->arena, result, e, trap);
}

FS_HOST(stat_fd)
{
    FS_SELF(d, "stat", "h");
    struct stat st;
    int e = fs_op_stat(d, &st);
    if (e)
        return fs3_err(call->arena, result, e, trap);
    rt_cval v;
    if (!fs3_stat_value(call->arena, &st, &v))
        return fs_oom(trap);
    return fs3_ok(call->arena, result, &v, trap);
}

FS_HOST(is_same_object)
{
    FS_SELF(a, "is-same-object", "hh");
    fs_desc *b = fs_arg_desc(user, &args[1], trap);
    if (!b)
        return false;
    *result = (rt_cval){.kind = RT_CT_BOOL, .of.b = fs_op_same_object(a, b)};
    return true;
}

FS_HOST(metadata_hash)
{
    FS_SELF(d, "metadata-hash", "h");
    struct stat st;
    int e = fs_op_stat(d, &st);
    if (e)
        return fs3_err(call->arena, result, e, trap);
    rt_cval v;
    return fs_hash_value(call, &st, &v, trap) && fs3_ok(call->arena, result, &v, trap);
}

const fs_func fs3_descriptor_funcs[] = {
    {"[method]descriptor.advise", advise},
    {"[method]descriptor.sync-data", sync_data},
    {"[method]descriptor.get-flags", get_flags},
    {"[method]descriptor.get-type", get_type},
    {"[method]descriptor.set-size", set_size},
    {"[method]descriptor.set-times", set_times},
    {"[method]descriptor.sync", sync_all},
    {"[method]descriptor.stat", stat_fd},
    {"[method]descriptor.is-same-object", is_same_object},
    {"[method]descriptor.metadata-hash", metadata_hash},
};
const uint32_t fs3_descriptor_func_count =
    sizeof fs3_descriptor_funcs / sizeof fs3_descriptor_funcs[0];
