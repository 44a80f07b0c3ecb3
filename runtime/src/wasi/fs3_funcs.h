#ifndef WASI_FS3_FUNCS_H
#define WASI_FS3_FUNCS_H

/* The host functions of wasi:filesystem/types@0.3.0 by WIT name, grouped by
 * the file that implements them; wasi_define_p3_filesystem registers them
 * all. Each takes the wasi_fs as its user pointer. The `async func`s finish
 * at once (the operations are plain system calls); the stream methods
 * return their streams and futures at once and feed them from the event
 * loop. */

#include "fs_funcs.h"

/* [method]descriptor.* that act on the descriptor itself (fs3_descriptor.c). */
extern const fs_func fs3_descriptor_funcs[];
extern const uint32_t fs3_descriptor_func_count;

/* [method]descriptor.*-at (fs3_path.c). */
extern const fs_func fs3_path_funcs[];
extern const uint32_t fs3_path_func_count;

/* read-via-stream, write-via-stream, append-via-stream, read-directory
 * (fs3_streams.c). */
extern const fs_func fs3_stream_funcs[];
extern const uint32_t fs3_stream_func_count;

#endif
