/* wasi:filesystem/types and wasi:filesystem/preopens at 0.3.0 in a linker.
 * The 0.3 descriptor is a resource type of its own (a component may import
 * both versions) over the same descriptor table as 0.2's. */
#include "fs3_funcs.h"
#include "fs_state.h"

#define FS3_TYPES "wasi:filesystem/types@0.3.0"
#define FS3_PREOPENS "wasi:filesystem/preopens@0.3.0"

static bool get_directories(void *user, const rt_chost_call *call, const rt_cval *args,
                            uint32_t n, rt_cval *result, rt_trap *trap)
{
    wasi_fs *fs = user;
    return fs_preopen_list(fs, call, fs->type_descriptor3, n, result, trap);
}

static bool define_all(rt_clinker *linker, const fs_func *funcs, uint32_t count, wasi_fs *fs)
{
    for (uint32_t i = 0; i < count; i++)
        if (!rt_clinker_define_func(linker, FS3_TYPES, funcs[i].name, NULL, funcs[i].fn, fs))
            return false;
    return true;
}

bool wasi_define_p3_filesystem(rt_wasi *w, rt_clinker *linker)
{
    wasi_fs *fs = wasi_fs_of(w);
    if (!fs)
        return false;
    return rt_clinker_define_resource(linker, FS3_TYPES, "descriptor", fs->type_descriptor3) &&
           define_all(linker, fs3_descriptor_funcs, fs3_descriptor_func_count, fs) &&
           define_all(linker, fs3_path_funcs, fs3_path_func_count, fs) &&
           define_all(linker, fs3_stream_funcs, fs3_stream_func_count, fs) &&
           rt_clinker_define_func(linker, FS3_PREOPENS, "get-directories", NULL, get_directories,
                                  fs);
}
