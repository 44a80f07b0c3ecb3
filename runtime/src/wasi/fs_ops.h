#ifndef WASI_FS_OPS_H
#define WASI_FS_OPS_H

/* The filesystem operations behind wasi:filesystem/types, shared by the
 * 0.2 host (fs_path.c, fs_descriptor.c) and the 0.3 host (fs3_*.c): each
 * takes plain C arguments, returns 0 or an errno value and knows nothing
 * of how its version spells results. Every path goes through the sandbox;
 * a file-only operation on a directory is bad-descriptor, a directory
 * operation on a file not-directory, and any change through a read-only
 * preopen not-permitted (wasmtime's answers, checked before the path is
 * looked at). */

#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>
#include <time.h>

#include "comp/encoding.h"
#include "fs_state.h"

/* path-flags.symlink-follow (the same bit at 0.2 and 0.3) */
#define FS_PATH_FOLLOW 1u

/* open-flags bits */
enum { FS_O_CREATE = 1, FS_O_DIRECTORY = 2, FS_O_EXCLUSIVE = 4, FS_O_TRUNCATE = 8 };

/* ---- on a directory descriptor and a path beneath it ---------------------- */

int fs_op_stat_at(const fs_desc *d, comp_str path, bool follow, struct stat *st);
/* ts: access and modification times as fs_new_timestamp makes them. */
int fs_op_set_times_at(const fs_desc *d, comp_str path, bool follow, const struct timespec ts[2]);
int fs_op_create_directory_at(const fs_desc *d, comp_str path);
int fs_op_remove_directory_at(const fs_desc *d, comp_str path);
int fs_op_unlink_file_at(const fs_desc *d, comp_str path);
/* A symlink at `path` pointing to `target` (never absolute). */
int fs_op_symlink_at(const fs_desc *d, comp_str target, comp_str path);
/* The link's text, allocated in `arena` (UTF-8, never absolute). */
int fs_op_readlink_at(const fs_desc *d, comp_str path, comp_arena *arena, comp_str *out);
int fs_op_rename_at(const fs_desc *from, comp_str from_path, const fs_desc *to, comp_str to_path);
int fs_op_link_at(const fs_desc *from, bool follow, comp_str from_path, const fs_desc *to,
                  comp_str to_path);
/* open-flags / descriptor-flags bits as in the WIT; *rep the new
 * descriptor of `fs` (0 with ENOMEM when the table cannot grow). */
int fs_op_open_at(wasi_fs *fs, const fs_desc *d, bool follow, comp_str path, uint32_t oflags,
                  uint32_t flags, uint32_t *rep);

/* ---- on the descriptor itself --------------------------------------------------- */

/* advice: the WIT enum's position. */
int fs_op_advise(const fs_desc *d, uint64_t offset, uint64_t length, uint32_t advice);
int fs_op_sync(const fs_desc *d, bool data_only);
/* descriptor-flags bits. */
int fs_op_get_flags(const fs_desc *d, uint32_t *flags);
int fs_op_set_size(const fs_desc *d, uint64_t size);
int fs_op_set_times(const fs_desc *d, const struct timespec ts[2]);
int fs_op_stat(const fs_desc *d, struct stat *st);
bool fs_op_same_object(const fs_desc *a, const fs_desc *b);

/* A second host descriptor of the same open file, for a stream that reads
 * or writes it after the guest dropped the descriptor. */
int fs_op_dup(const fs_desc *d, int *fd);
/* Checks for read-via-stream / write-via-stream / append-via-stream. */
int fs_op_can_read_stream(const fs_desc *d);
int fs_op_can_write_stream(const fs_desc *d);

/* A DIR over a new open file description of directory `d` (so that
 * streams do not share a position). */
int fs_op_open_dir(const fs_desc *d, DIR **out);
/* The descriptor-type position (FS_T_*) of an entry read from `dir`,
 * stat-ing it when the directory does not say. */
uint32_t fs_op_entry_type(DIR *dir, const struct dirent *e);
/* The next entry other than "." and "..": 0 with *out NULL at the end. */
int fs_op_next_entry(DIR *dir, struct dirent **out);

#endif
