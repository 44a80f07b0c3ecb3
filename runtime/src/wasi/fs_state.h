#ifndef WASI_FS_STATE_H
#define WASI_FS_STATE_H

/* The filesystem host's state: the table of open descriptors and directory
 * entry streams behind the guest's wasi:filesystem handles, and the
 * preopened directories. Shared by the fs_*.c files only.
 *
 * A handle's representation is an index + 1 into its table; freed slots
 * are reused (a free list), so a long run that opens and drops many files
 * keeps the tables as large as the most handles live at once. */

#include <dirent.h>
#include <stdbool.h>
#include <stdint.h>

#include "comp/arena.h"
#include "wasi_internal.h"

/* How a descriptor was opened (wasmtime's OpenMode): reported by get-flags. */
enum {
    FS_MODE_READ = 1,
    FS_MODE_WRITE = 2,
};

typedef struct fs_desc {
    int fd;            /* host descriptor; -1 marks a free slot */
    bool is_dir;
    bool read_only;    /* inherited from the preopen: refuses every change */
    uint8_t mode;      /* FS_MODE_* */
    uint32_t next_free;
} fs_desc;

typedef struct fs_dirstream {
    DIR *dir;          /* NULL marks a free slot */
    int dir_fd;        /* dirfd(dir), for stat-ing entries of unknown type */
    bool done;
    uint32_t next_free;
} fs_dirstream;

typedef struct fs_preopen {
    int fd;
    const char *guest_path;
    bool read_only;
} fs_preopen;

struct wasi_fs {
    rt_wasi *w;
    comp_arena arena;            /* preopen names, types, table storage */
    comp_vec descs;              /* fs_desc */
    uint32_t free_desc;          /* index + 1 of the first free slot, 0: none */
    comp_vec streams;            /* fs_dirstream */
    uint32_t free_stream;
    fs_preopen *preopens;
    uint32_t preopen_count;
    rt_resource_type *type_descriptor;
    rt_resource_type *type_dir_stream;
    rt_resource_type *type_descriptor3; /* wasi:filesystem@0.3.0 descriptor (same table) */
    struct fs3_job *jobs;               /* 0.3 streams still running (fs3_streams.c) */
};

/* Frees the 0.3 stream jobs still running (their host descriptors and
 * buffers) when the host state goes; fs3_streams.c. */
void fs3_jobs_free(wasi_fs *fs);

/* The live descriptor `rep` names, or NULL. */
fs_desc *fs_desc_get(wasi_fs *fs, uint32_t rep);
/* Takes ownership of `fd` (closed on failure). Returns the representation,
 * 0 on allocation failure. */
uint32_t fs_desc_add(wasi_fs *fs, int fd, bool is_dir, bool read_only, uint8_t mode);
/* Closes descriptor `rep`; false when it names none. */
bool fs_desc_close(wasi_fs *fs, uint32_t rep);

fs_dirstream *fs_dirstream_get(wasi_fs *fs, uint32_t rep);
/* Takes ownership of `dir`. 0 on allocation failure (dir closed). */
uint32_t fs_dirstream_add(wasi_fs *fs, DIR *dir);
bool fs_dirstream_close(wasi_fs *fs, uint32_t rep);

#endif
