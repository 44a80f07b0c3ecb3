/* fd_readdir with preview1 cookies: cookie 0 is ".", 1 is "..", and n >= 2
 * the (n-2)th entry of the 0.2 directory-entry-stream. One open stream and
 * the entry read last are cached, so reading a directory in order costs one
 * 0.2 call per entry, and an entry cut off at the end of a buffer can be
 * given again; any other cookie reopens the stream and skips ahead. */
#include "adapter.h"

typedef struct entry {
    uint8_t type;          /* preview1 filetype */
    uint64_t ino;
    const char *name;
    uint32_t len;
} entry;

static void cache_reset(dir_cache *c)
{
    if (c->stream)
        p2_drop_dir_stream(c->stream);
    c->stream = 0;
    c->fd = -1;
    c->have_last = 0;
}

/* Reads the stream's next entry into the cache's `last` slot. */
static p1_errno read_next(adapter_state *st, dir_cache *c, int *end)
{
    uint8_t ret[20] __attribute__((aligned(4)));
    ia_use_arena(st);
    p2_dir_stream_read_entry(c->stream, ret);
    ia_done(st);
    if (ld8(ret))
        return errno_from_code(ld8(ret + 4));
    if (!ld8(ret + 4)) {
        *end = 1;
        return 0;
    }
    uint32_t len = ld32(ret + 16);
    if (len > ADAPTER_DIRENT_NAME_CAP)
        return P1_ENAMETOOLONG;
    __builtin_memcpy(c->last_name, ptr_of(ld32(ret + 12)), len);
    c->last_name_len = len;
    c->last_type = filetype_from_p2(ld8(ret + 8));
    c->last_cookie = c->next_cookie++;
    c->last_ino = UINT64_MAX; /* computed when the entry is returned */
    c->have_last = 1;
    return 0;
}

static p1_errno restart(dir_cache *c, int32_t fd, const adapter_fd *d)
{
    cache_reset(c);
    uint8_t ret[8] __attribute__((aligned(4)));
    p2_descriptor_read_directory(d->handle, ret);
    if (ld8(ret))
        return errno_from_code(ld8(ret + 4));
    c->fd = fd;
    c->stream = (int32_t)ld32(ret + 4);
    c->next_cookie = 2;
    return 0;
}

static p1_errno entry_at(adapter_state *st, int32_t fd, const adapter_fd *d, uint64_t cookie,
                         entry *out, int *end)
{
    if (cookie < 2) {
        out->type = P1_FILETYPE_DIRECTORY;
        out->ino = cookie == 0 ? inode_of(d->handle) : 0;
        out->name = st->dir.dots; /* no string literal: it would need a data segment */
        out->len = (uint32_t)cookie + 1;
        return 0;
    }
    dir_cache *c = &st->dir;
    int cached = c->fd == fd && c->stream;
    /* Cookie 2 starts a new pass: the old stream may have ended before
     * entries were added, so it is always reopened. */
    int fresh = cookie == 2;
    if (!(cached && !fresh && c->have_last && c->last_cookie == cookie)) {
        p1_errno e;
        if (!cached || fresh || c->next_cookie > cookie) {
            if ((e = restart(c, fd, d)) != 0)
                return e;
        }
        while (c->next_cookie <= cookie) {
            if ((e = read_next(st, c, end)) != 0 || *end)
                return e;
        }
    }
    if (c->last_ino == UINT64_MAX)
        c->last_ino = inode_at(d->handle, 0, c->last_name, c->last_name_len);
    out->type = c->last_type;
    out->ino = c->last_ino;
    out->name = c->last_name;
    out->len = c->last_name_len;
    return 0;
}

EXPORT("fd_readdir")
p1_errno fd_readdir(int32_t fd, uint8_t *buf, uint32_t buf_len, uint64_t cookie, uint32_t *used)
{
    RETURN_IF_NOT_READY(P1_EIO);
    adapter_state *st = adapter_state_get();
    adapter_fd *d;
    p1_errno e = fd_get_dir(st, fd, &d);
    if (e)
        return e;
    uint32_t n = 0;
    while (n < buf_len) {
        entry ent;
        int end = 0;
        if ((e = entry_at(st, fd, d, cookie, &ent, &end)) != 0) {
            if (n)
                break;
            return e;
        }
        if (end)
            break;
        uint8_t dirent[P1_DIRENT_SIZE];
        __builtin_memset(dirent, 0, sizeof dirent);
        st64(dirent, cookie + 1);
        st64(dirent + 8, ent.ino);
        st32(dirent + 16, ent.len);
        st8(dirent + 20, ent.type);
        /* Both parts are cut at the end of the buffer; the caller sees a
         * full buffer and asks again with a larger one or the same cookie. */
        uint32_t k = buf_len - n < P1_DIRENT_SIZE ? buf_len - n : P1_DIRENT_SIZE;
        __builtin_memcpy(buf + n, dirent, k);
        n += k;
        k = buf_len - n < ent.len ? buf_len - n : ent.len;
        __builtin_memcpy(buf + n, ent.name, k);
        n += k;
        cookie++;
    }
    st32(used, n);
    return 0;
}
