#ifndef WASI_FS_FUNCS_H
#define WASI_FS_FUNCS_H

/* The host functions of wasi:filesystem/types, by WIT name, grouped by the
 * file that implements them; wasi_define_p2_filesystem registers them all.
 * Each takes the wasi_fs as its user pointer. */

#include <stdint.h>

#include "rt/component.h"
#include "wasi_internal.h"

typedef struct fs_func {
    const char *name;
    rt_chost_fn fn;
} fs_func;

/* [method]descriptor.* that act on the descriptor itself, the
 * directory-entry-stream method and filesystem-error-code. */
extern const fs_func fs_descriptor_funcs[];
extern const uint32_t fs_descriptor_func_count;

/* [method]descriptor.*-at: everything that resolves a path. */
extern const fs_func fs_path_funcs[];
extern const uint32_t fs_path_func_count;

/* wasi:filesystem/preopens.get-directories: new descriptors of resource
 * type `type` (0.2's or 0.3's) for the preopens, with their guest paths. */
bool fs_preopen_list(wasi_fs *fs, const rt_chost_call *call, rt_resource_type *type,
                     uint32_t arg_count, rt_cval *result, rt_trap *trap);

#endif
