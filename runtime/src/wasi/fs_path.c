/* wasi:filesystem/types@0.2: the descriptor methods that resolve a path
 * beneath a directory descriptor (open-at, stat-at, create-directory-at,
 * ...), as 0.2 values around the shared operations of fs_ops.c. */
#include "fs_funcs.h"
#include "fs_ops.h"
#include "fs_values.h"

#define FS_HOST(name)                                                                          \
    static bool name(void *user, const rt_chost_call *call, const rt_cval *args, uint32_t n,  \
                     rt_cval *result, rt_trap *trap)

static bool follows(const rt_cval *flags)
{
    return flags->of.flags & FS_PATH_FOLLOW;
}

FS_HOST(stat_at)
{
    FS_SELF(d, "stat-at", "hfs");
    struct stat st;
    int e = fs_op_stat_at(d, fs_arg_str(&args[2]), follows(&args[1]), &st);
    if (e)
        return fs_err(call, result, e, trap);
    rt_cval v;
    return fs_stat_value(call, &st, &v, trap) && fs_ok(call, result, &v, trap);
}

FS_HOST(metadata_hash_at)
{
    FS_SELF(d, "metadata-hash-at", "hfs");
    struct stat st;
    int e = fs_op_stat_at(d, fs_arg_str(&args[2]), follows(&args[1]), &st);
    if (e)
        return fs_err(call, result, e, trap);
    rt_cval v;
    return fs_hash_value(call, &st, &v, trap) && fs_ok(call, result, &v, trap);
}

FS_HOST(set_times_at)
{
    FS_SELF(d, "set-times-at", "hfsvv");
    struct timespec ts[2];
    int e = fs_new_timestamp(&args[3], &ts[0]);
    if (!e)
        e = fs_new_timestamp(&args[4], &ts[1]);
    if (!e)
        e = fs_op_set_times_at(d, fs_arg_str(&args[2]), follows(&args[1]), ts);
    return fs_done(call, result, e, trap);
}

FS_HOST(create_directory_at)
{
    FS_SELF(d, "create-directory-at", "hs");
    return fs_done(call, result, fs_op_create_directory_at(d, fs_arg_str(&args[1])), trap);
}

FS_HOST(remove_directory_at)
{
    FS_SELF(d, "remove-directory-at", "hs");
    return fs_done(call, result, fs_op_remove_directory_at(d, fs_arg_str(&args[1])), trap);
}

FS_HOST(unlink_file_at)
{
    FS_SELF(d, "unlink-file-at", "hs");
    return fs_done(call, result, fs_op_unlink_file_at(d, fs_arg_str(&args[1])), trap);
}

FS_HOST(symlink_at)
{
    FS_SELF(d, "symlink-at", "hss");
    return fs_done(call, result, fs_op_symlink_at(d, fs_arg_str(&args[1]), fs_arg_str(&args[2])), trap);
}

FS_HOST(readlink_at)
{
    FS_SELF(d, "readlink-at", "hs");
    comp_str text;
    int e = fs_op_readlink_at(d, fs_arg_str(&args[1]), call->arena, &text);
    if (e)
        return fs_err(call, result, e, trap);
    rt_cval v = {.kind = RT_CT_STRING, .of.str = {text.data, text.len}};
    return fs_ok(call, result, &v, trap);
}

FS_HOST(rename_at)
{
    FS_SELF(from, "rename-at", "hshs");
    fs_desc *to = fs_arg_desc(user, &args[2], trap);
    if (!to)
        return false;
    return fs_done(call, result, fs_op_rename_at(from, fs_arg_str(&args[1]), to, fs_arg_str(&args[3])),
                   trap);
}

FS_HOST(link_at)
{
    FS_SELF(from, "link-at", "hfshs");
    fs_desc *to = fs_arg_desc(user, &args[3], trap);
    if (!to)
        return false;
    int e = fs_op_link_at(from, follows(&args[1]), fs_arg_str(&args[2]), to, fs_arg_str(&args[4]));
    return fs_done(call, result, e, trap);
}

FS_HOST(open_at)
{
    wasi_fs *fs = user;
    FS_SELF(d, "open-at", "hfsff");
    uint32_t rep;
    int e = fs_op_open_at(fs, d, follows(&args[1]), fs_arg_str(&args[2]), args[3].of.flags,
                          args[4].of.flags, &rep);
    if (e)
        return fs_err(call, result, e, trap);
    rt_cval h = fs_handle(fs->type_descriptor, rep, true);
    return fs_ok(call, result, &h, trap);
}

const fs_func fs_path_funcs[] = {
    {"[method]descriptor.create-directory-at", create_directory_at},
    {"[method]descriptor.stat-at", stat_at},
    {"[method]descriptor.set-times-at", set_times_at},
    {"[method]descriptor.link-at", link_at},
    {"[method]descriptor.open-at", open_at},
    {"[method]descriptor.readlink-at", readlink_at},
    {"[method]descriptor.remove-directory-at", remove_directory_at},
    {"[method]descriptor.rename-at", rename_at},
    {"[method]descriptor.symlink-at", symlink_at},
    {"[method]descriptor.unlink-file-at", unlink_file_at},
    {"[method]descriptor.metadata-hash-at", metadata_hash_at},
};
const uint32_t fs_path_func_count = sizeof fs_path_funcs / sizeof fs_path_funcs[0];
