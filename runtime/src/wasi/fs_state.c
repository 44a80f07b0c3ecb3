/* The filesystem host's state: preopens opened at start, and the tables
 * of descriptors and directory entry streams. */
#define _GNU_SOURCE
#include "fs_state.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static bool descriptor_dtor(void *user, uint32_t rep, rt_trap *trap)
{
    if (!fs_desc_close(user, rep)) {
        rt_trap_set(trap, RT_TRAP_HOST, "drop of an unknown wasi:filesystem descriptor");
        return false;
    }
    return true;
}

static bool dirstream_dtor(void *user, uint32_t rep, rt_trap *trap)
{
    if (!fs_dirstream_close(user, rep)) {
        rt_trap_set(trap, RT_TRAP_HOST, "drop of an unknown wasi:filesystem directory-entry-stream");
        return false;
    }
    return true;
}

static bool open_preopen(wasi_fs *fs, const rt_wasi_preopen *p, fs_preopen *out, comp_error *err)
{
    if (!p->host_path || !p->guest_path)
        return comp_error_set(err, 0, "preopen without a host or guest path");
    int fd = open(p->host_path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return comp_error_set(err, 0, "cannot open directory `%s` to preopen as `%s`: %s",
                              p->host_path, p->guest_path, strerror(errno));
    out->fd = fd;
    out->read_only = p->read_only;
    out->guest_path = comp_arena_strndup(&fs->arena, p->guest_path, strlen(p->guest_path));
    if (!out->guest_path)
        return comp_error_set(err, 0, "out of memory");
    return true;
}

wasi_fs *wasi_fs_new(rt_wasi *w, const rt_wasi_config *config, comp_error *err)
{
    wasi_fs *fs = calloc(1, sizeof *fs);
    if (!fs) {
        comp_error_set(err, 0, "out of memory");
        return NULL;
    }
    fs->w = w;
    comp_arena_init(&fs->arena);
    fs->type_descriptor = rt_resource_type_new(&fs->arena, "descriptor", descriptor_dtor, fs);
    fs->type_dir_stream =
        rt_resource_type_new(&fs->arena, "directory-entry-stream", dirstream_dtor, fs);
    fs->type_descriptor3 = rt_resource_type_new(&fs->arena, "descriptor", descriptor_dtor, fs);
    uint32_t n = config ? config->preopen_count : 0;
    fs->preopens = comp_arena_array(&fs->arena, n ? n : 1, sizeof(fs_preopen));
    if (!fs->type_descriptor || !fs->type_dir_stream || !fs->type_descriptor3 || !fs->preopens) {
        comp_error_set(err, 0, "out of memory");
        wasi_fs_free(fs);
        return NULL;
    }
    for (uint32_t i = 0; i < n; i++) {
        if (!open_preopen(fs, &config->preopens[i], &fs->preopens[i], err)) {
            wasi_fs_free(fs);
            return NULL;
        }
        fs->preopen_count++;
    }
    return fs;
}

void wasi_fs_free(wasi_fs *fs)
{
    if (!fs)
        return;
    fs3_jobs_free(fs);
    for (uint32_t i = 0; i < fs->preopen_count; i++)
        close(fs->preopens[i].fd);
    fs_desc *d = fs->descs.data;
    for (uint32_t i = 0; i < fs->descs.count; i++)
        if (d[i].fd >= 0)
            close(d[i].fd);
    fs_dirstream *s = fs->streams.data;
    for (uint32_t i = 0; i < fs->streams.count; i++)
        if (s[i].dir)
            closedir(s[i].dir);
    comp_arena_free(&fs->arena);
    free(fs);
}

/* ---- descriptors ---------------------------------------------------------- */

fs_desc *fs_desc_get(wasi_fs *fs, uint32_t rep)
{
    if (rep == 0 || rep > fs->descs.count)
        return NULL;
    fs_desc *d = &((fs_desc *)fs->descs.data)[rep - 1];
    return d->fd >= 0 ? d : NULL;
}

uint32_t fs_desc_add(wasi_fs *fs, int fd, bool is_dir, bool read_only, uint8_t mode)
{
    fs_desc *d;
    uint32_t rep;
    if (fs->free_desc) {
        rep = fs->free_desc;
        d = &((fs_desc *)fs->descs.data)[rep - 1];
        fs->free_desc = d->next_free;
    } else {
        d = comp_vec_push(&fs->arena, &fs->descs, sizeof *d);
        if (!d) {
            close(fd);
            return 0;
        }
        rep = fs->descs.count;
    }
    *d = (fs_desc){.fd = fd, .is_dir = is_dir, .read_only = read_only, .mode = mode};
    return rep;
}

bool fs_desc_close(wasi_fs *fs, uint32_t rep)
{
    fs_desc *d = fs_desc_get(fs, rep);
    if (!d)
        return false;
    close(d->fd);
    *d = (fs_desc){.fd = -1, .next_free = fs->free_desc};
    fs->free_desc = rep;
    return true;
}

/* ---- directory entry streams ---------------------------------------------- */

fs_dirstream *fs_dirstream_get(wasi_fs *fs, uint32_t rep)
{
    if (rep == 0 || rep > fs->streams.count)
        return NULL;
    fs_dirstream *s = &((fs_dirstream *)fs->streams.data)[rep - 1];
    return s->dir ? s : NULL;
}

uint32_t fs_dirstream_add(wasi_fs *fs, DIR *dir)
{
    fs_dirstream *s;
    uint32_t rep;
    if (fs->free_stream) {
        rep = fs->free_stream;
        s = &((fs_dirstream *)fs->streams.data)[rep - 1];
        fs->free_stream = s->next_free;
    } else {
        s = comp_vec_push(&fs->arena, &fs->streams, sizeof *s);
        if (!s) {
            closedir(dir);
            return 0;
        }
        rep = fs->streams.count;
    }
    *s = (fs_dirstream){.dir = dir, .dir_fd = dirfd(dir)};
    return rep;
}

bool fs_dirstream_close(wasi_fs *fs, uint32_t rep)
{
    fs_dirstream *s = fs_dirstream_get(fs, rep);
    if (!s)
        return false;
    closedir(s->dir);
    *s = (fs_dirstream){.next_free = fs->free_stream};
    fs->free_stream = rep;
    return true;
}
