/* The adapter's state page, the import allocator and the descriptor table. */
#include "adapter.h"

/* Defined in globals.s. */
void adapter_set_allocation_state(int32_t state);
int32_t adapter_get_state_ptr(void);
void adapter_set_state_ptr(int32_t ptr);

/* The main module's allocator (wit-component substitutes a memory.grow
 * allocator that hands out exactly one page when the program has none). */
__attribute__((import_module("__main_module__"), import_name("cabi_realloc")))
void *main_cabi_realloc(void *old, uint32_t old_len, uint32_t align, uint32_t new_len);

/* allocation_state values: 0..2 are wit-component's (stack unallocated,
 * allocating, allocated); the adapter goes on with these. */
enum { ALLOC_STACK_READY = 2, ALLOC_STATE_ALLOCATING = 3, ALLOC_STATE_READY = 4 };

#define ADAPTER_MAGIC 0x31703170u /* "p1p1" */

static void load_preopens(adapter_state *st);

static void state_init(adapter_state *st)
{
    __builtin_memset(st, 0, sizeof *st);
    st->magic = ADAPTER_MAGIC;
    st->magic_end = ADAPTER_MAGIC;
    st->dir.fd = -1;
    st->dir.dots[0] = st->dir.dots[1] = '.';
    for (uint32_t i = 0; i < 3; i++) {
        adapter_fd *f = &st->fds[i];
        f->kind = FD_STDIO;
        f->stdio = (uint8_t)i;
        f->rights_base = ~(uint64_t)0;
        f->rights_inheriting = ~(uint64_t)0;
    }
    st->fd_limit = 3;
    load_preopens(st);
}

adapter_state *adapter_state_get(void)
{
    adapter_state *st = (adapter_state *)ptr_of((uint32_t)adapter_get_state_ptr());
    if (st) {
        if (st->magic != ADAPTER_MAGIC || st->magic_end != ADAPTER_MAGIC)
            ADAPTER_TRAP(); /* the program overwrote the adapter's page */
        return st;
    }
    if (adapter_get_allocation_state() != ALLOC_STACK_READY)
        ADAPTER_TRAP();
    adapter_set_allocation_state(ALLOC_STATE_ALLOCATING);
    st = main_cabi_realloc(0, 0, 16, ADAPTER_PAGE);
    adapter_set_allocation_state(ALLOC_STATE_READY);
    if (!st)
        ADAPTER_TRAP();
    adapter_set_state_ptr((int32_t)(uintptr_t)st);
    state_init(st);
    return st;
}

/* ---- import allocator -------------------------------------------------- */

void ia_use_buffer(adapter_state *st, void *ptr, uint32_t len)
{
    st->ia_mode = IA_BUFFER;
    st->ia_cur = (uintptr_t)ptr;
    st->ia_end = (uintptr_t)ptr + len;
}

void ia_use_arena(adapter_state *st)
{
    st->ia_mode = IA_ARENA;
    st->ia_in_big = 0;
    st->ia_cur = (uintptr_t)st->scratch;
    st->ia_end = (uintptr_t)st->scratch + sizeof st->scratch;
}

void ia_done(adapter_state *st)
{
    st->ia_mode = IA_NONE;
}

/* Moves the arena to a region of at least `size` bytes: the pages grown
 * earlier when they are free, else new pages (the old ones are abandoned;
 * each growth at least doubles, so the waste stays bounded). */
static void arena_grow(adapter_state *st, uint32_t size)
{
    uintptr_t need = (uintptr_t)size + 16;
    if (!st->ia_in_big && st->big_size >= need) {
        st->ia_in_big = 1;
        st->ia_cur = st->big_base;
        st->ia_end = st->big_base + st->big_size;
        return;
    }
    uintptr_t bytes = st->big_size * 2;
    if (bytes < need)
        bytes = need;
    uintptr_t pages = (bytes + ADAPTER_PAGE - 1) / ADAPTER_PAGE;
    intptr_t old = __builtin_wasm_memory_grow(0, pages);
    if (old < 0)
        ADAPTER_TRAP();
    st->big_base = (uintptr_t)old * ADAPTER_PAGE;
    st->big_size = pages * ADAPTER_PAGE;
    st->ia_in_big = 1;
    st->ia_cur = st->big_base;
    st->ia_end = st->big_base + st->big_size;
}

static uintptr_t align_up(uintptr_t v, uint32_t align)
{
    return (v + (align - 1)) & ~(uintptr_t)(align - 1);
}

static int valid_align(uint32_t align)
{
    return align != 0 && (align & (align - 1)) == 0 && align <= 16;
}

void *ia_alloc(adapter_state *st, uint32_t align, uint32_t size)
{
    if (!valid_align(align))
        ADAPTER_TRAP();
    uintptr_t at = align_up(st->ia_cur, align);
    if (at > st->ia_end || st->ia_end - at < size) {
        arena_grow(st, size);
        at = align_up(st->ia_cur, align);
    }
    st->ia_cur = at + size;
    return (void *)at;
}

/* wit-component passes this as the realloc of every import that returns a
 * list or string. */
EXPORT("cabi_import_realloc")
void *cabi_import_realloc(void *old, uint32_t old_len, uint32_t align, uint32_t new_len)
{
    adapter_state *st = adapter_state_get();
    if (old || old_len || !valid_align(align))
        ADAPTER_TRAP();
    if (st->ia_mode == IA_ARENA)
        return ia_alloc(st, align, new_len);
    if (st->ia_mode != IA_BUFFER)
        ADAPTER_TRAP();
    uintptr_t at = align_up(st->ia_cur, align);
    if (at > st->ia_end || st->ia_end - at < new_len)
        ADAPTER_TRAP(); /* the host returned more than was asked for */
    st->ia_mode = IA_NONE; /* a buffer serves one allocation */
    return (void *)at;
}

/* ---- preopens ------------------------------------------------------------ */

static void load_preopens(adapter_state *st)
{
    uint8_t ret[8] __attribute__((aligned(4)));
    ia_use_arena(st);
    p2_get_directories(ret);
    ia_done(st);
    const uint8_t *list = ptr_of(ld32(ret));
    uint32_t count = ld32(ret + 4);
    for (uint32_t i = 0; i < count; i++) {
        const uint8_t *e = list + (size_t)i * 12;
        int32_t handle = (int32_t)ld32(e);
        const char *name = ptr_of(ld32(e + 4));
        uint32_t name_len = ld32(e + 8);
        adapter_fd f = {0};
        f.kind = FD_FILE;
        f.type = P2_TYPE_DIRECTORY;
        f.preopen = 1;
        f.desc_flags = P2_DESC_READ | P2_DESC_MUTATE_DIRECTORY;
        f.handle = handle;
        f.rights_base = ~(uint64_t)0;
        f.rights_inheriting = ~(uint64_t)0;
        int32_t fd;
        if (name_len > ADAPTER_NAMES_CAP - st->names_used || fd_insert(st, &f, &fd) != 0) {
            p2_drop_descriptor(handle); /* no room: the preopen stays unseen */
            continue;
        }
        adapter_fd *slot = &st->fds[fd];
        slot->name_off = st->names_used;
        slot->name_len = name_len;
        __builtin_memcpy(st->names + st->names_used, name, name_len);
        st->names_used += name_len;
    }
}

/* ---- descriptor table ------------------------------------------------------ */

adapter_fd *fd_get(adapter_state *st, int32_t fd)
{
    if (fd < 0 || (uint32_t)fd >= st->fd_limit)
        return 0;
    adapter_fd *f = &st->fds[fd];
    return f->kind == FD_CLOSED ? 0 : f;
}

p1_errno fd_insert(adapter_state *st, const adapter_fd *f, int32_t *fd_out)
{
    for (uint32_t i = 0; i < ADAPTER_MAX_FDS; i++) {
        if (st->fds[i].kind == FD_CLOSED) {
            st->fds[i] = *f;
            if (i >= st->fd_limit)
                st->fd_limit = i + 1;
            *fd_out = (int32_t)i;
            return 0;
        }
    }
    return 33; /* EMFILE */
}

void fd_release(adapter_state *st, adapter_fd *f)
{
    int32_t fd = (int32_t)(f - st->fds);
    if (st->dir.fd == fd) {
        if (st->dir.stream)
            p2_drop_dir_stream(st->dir.stream);
        st->dir.stream = 0;
        st->dir.fd = -1;
        st->dir.have_last = 0;
    }
    if (f->input)
        p2_drop_input_stream(f->input);
    if (f->output)
        p2_drop_output_stream(f->output);
    if (f->kind == FD_FILE)
        p2_drop_descriptor(f->handle);
    __builtin_memset(f, 0, sizeof *f);
}

p1_errno fd_get_file(adapter_state *st, int32_t fd, adapter_fd **out)
{
    adapter_fd *f = fd_get(st, fd);
    if (!f || f->kind != FD_FILE)
        return P1_EBADF;
    *out = f;
    return 0;
}

p1_errno fd_get_dir(adapter_state *st, int32_t fd, adapter_fd **out)
{
    adapter_fd *f = fd_get(st, fd);
    if (!f)
        return P1_EBADF;
    if (f->kind != FD_FILE || f->type != P2_TYPE_DIRECTORY)
        return P1_ENOTDIR;
    *out = f;
    return 0;
}

int32_t fd_input_stream(adapter_fd *f)
{
    if (f->kind == FD_STDIO && f->stdio == 0 && !f->input)
        f->input = p2_get_stdin();
    return f->input;
}

int32_t fd_output_stream(adapter_fd *f)
{
    if (f->kind == FD_STDIO && f->stdio != 0 && !f->output)
        f->output = f->stdio == 1 ? p2_get_stdout() : p2_get_stderr();
    return f->output;
}

uint64_t datetime_to_ns(uint64_t seconds, uint32_t nanoseconds)
{
    if (seconds > (UINT64_MAX - nanoseconds) / 1000000000u)
        return UINT64_MAX;
    return seconds * 1000000000u + nanoseconds;
}
