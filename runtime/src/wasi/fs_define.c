/* wasi:filesystem/types and wasi:filesystem/preopens at 0.2.x in a linker,
 * and get-directories. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "fs_funcs.h"
#include "fs_values.h"

#define FS_TYPES "wasi:filesystem/types@0.2.12"
#define FS_PREOPENS "wasi:filesystem/preopens@0.2.12"

/* Each call hands out new descriptors for the preopens (over duplicates of
 * the preopens' own), as wasmtime pushes new table entries. */
bool fs_preopen_list(wasi_fs *fs, const rt_chost_call *call, rt_resource_type *type,
                     uint32_t arg_count, rt_cval *result, rt_trap *trap)
{
    if (arg_count != 0) {
        rt_trap_set(trap, RT_TRAP_HOST,
                    "wasi:filesystem/preopens.get-directories: arguments do not match the WIT type");
        return false;
    }
    uint32_t count = fs->preopen_count;
    rt_cval *items = fs_vals(call, count);
    if (!items)
        goto oom;
    for (uint32_t i = 0; i < count; i++) {
        const fs_preopen *p = &fs->preopens[i];
        int fd = fcntl(p->fd, F_DUPFD_CLOEXEC, 0);
        if (fd < 0) {
            rt_trap_set(trap, RT_TRAP_HOST, "wasi:filesystem: cannot duplicate a preopen descriptor");
            return false;
        }
        uint8_t mode = FS_MODE_READ | (p->read_only ? 0 : FS_MODE_WRITE);
        uint32_t rep = fs_desc_add(fs, fd, true, p->read_only, mode);
        rt_cval *pair = fs_vals(call, 2);
        if (!rep || !pair)
            goto oom;
        pair[0] = fs_handle(type, rep, true);
        pair[1] = (rt_cval){.kind = RT_CT_STRING, .of.str = {p->guest_path, strlen(p->guest_path)}};
        items[i] = (rt_cval){.kind = RT_CT_TUPLE, .of.seq = {pair, 2}};
    }
    *result = (rt_cval){.kind = RT_CT_LIST, .of.seq = {items, count}};
    return true;
oom:
    rt_trap_set(trap, RT_TRAP_HOST, "wasi:filesystem: out of memory");
    return false;
}

static bool get_directories(void *user, const rt_chost_call *call, const rt_cval *args,
                            uint32_t n, rt_cval *result, rt_trap *trap)
{
    wasi_fs *fs = user;
    return fs_preopen_list(fs, call, fs->type_descriptor, n, result, trap);
}

static bool define_all(rt_clinker *linker, const fs_func *funcs, uint32_t count, wasi_fs *fs)
{
    for (uint32_t i = 0; i < count; i++)
        if (!rt_clinker_define_func(linker, FS_TYPES, funcs[i].name, NULL, funcs[i].fn, fs))
            return false;
    return true;
}

bool wasi_define_p2_filesystem(rt_wasi *w, rt_clinker *linker)
{
    wasi_fs *fs = wasi_fs_of(w);
    if (!fs)
        return false;
    return rt_clinker_define_resource(linker, FS_TYPES, "descriptor", fs->type_descriptor) &&
           rt_clinker_define_resource(linker, FS_TYPES, "directory-entry-stream",
                                      fs->type_dir_stream) &&
           define_all(linker, fs_descriptor_funcs, fs_descriptor_func_count, fs) &&
           define_all(linker, fs_path_funcs, fs_path_func_count, fs) &&
           rt_clinker_define_func(linker, FS_PREOPENS, "get-directories", NULL, get_directories,
                                  fs);
}
