/* Shared internals of the preview1 adapter: the state page, the descriptor
 * table, the allocator behind cabi_import_realloc and small helpers.
 *
 * The adapter shares linear memory with the program it adapts and owns no
 * static data there (wit-component forbids data segments in adapters): all
 * of its state lives in one 64 KiB page obtained on first use from the main
 * module's cabi_realloc (or, when the program exports none, a fresh page
 * that wit-component's stand-in allocator takes with memory.grow). */
#ifndef ADAPTER_H
#define ADAPTER_H

#include <stddef.h>
#include <stdint.h>

#include "p1.h"
#include "p2.h"

#define EXPORT(name) __attribute__((export_name(name)))
#define ADAPTER_PAGE 65536u

typedef int32_t p1_errno;

enum {
    ADAPTER_MAX_FDS = 128,
    ADAPTER_NAMES_CAP = 4096,        /* preopen names */
    ADAPTER_DIRENT_NAME_CAP = 1024,  /* one cached directory entry name */
    ADAPTER_SCRATCH = 46 * 1024,     /* arena for results of imports */
};

enum { FD_CLOSED = 0, FD_STDIO, FD_FILE };

typedef struct adapter_fd {
    uint8_t kind;
    uint8_t type;          /* 0.2 descriptor-type of a file or directory */
    uint8_t stdio;         /* 0 stdin, 1 stdout, 2 stderr */
    uint8_t append;
    uint8_t nonblock;
    uint8_t preopen;
    uint8_t desc_flags;    /* 0.2 descriptor-flags it was opened with */
    int32_t handle;        /* own<descriptor> of a file or directory */
    int32_t input;         /* own<input-stream> of stdin, 0 until first use */
    int32_t output;        /* own<output-stream> of stdout / stderr */
    uint32_t name_off;     /* a preopen's name inside names[] */
    uint32_t name_len;
    uint64_t position;
    uint64_t rights_base;  /* what fd_fdstat_set_rights left (starts at all) */
    uint64_t rights_inheriting;
} adapter_fd;

/* Where the next cabi_import_realloc calls go. */
enum { IA_NONE = 0, IA_BUFFER, IA_ARENA };

typedef struct dir_cache {
    int32_t fd;            /* -1: none */
    int32_t stream;        /* own<directory-entry-stream> */
    uint64_t next_cookie;  /* cookie of the entry the stream yields next */
    uint8_t have_last;     /* the entry read last, kept for a truncated copy */
    uint8_t last_type;
    uint64_t last_cookie;
    uint64_t last_ino;
    uint32_t last_name_len;
    char last_name[ADAPTER_DIRENT_NAME_CAP];
    char dots[2];          /* ".." for the first two entries */
} dir_cache;

typedef struct adapter_state {
    uint32_t magic;
    uint32_t fd_limit;     /* one past the highest descriptor ever used */
    adapter_fd fds[ADAPTER_MAX_FDS];
    uint32_t names_used;
    char names[ADAPTER_NAMES_CAP];
    dir_cache dir;
    /* import allocator */
    uint8_t ia_mode;
    uint8_t ia_in_big;
    uintptr_t ia_cur, ia_end;
    uintptr_t big_base, big_size;   /* pages grown when scratch is too small */
    uint8_t scratch[ADAPTER_SCRATCH] __attribute__((aligned(16)));
    uint32_t magic_end;
} adapter_state;

_Static_assert(sizeof(adapter_state) <= ADAPTER_PAGE, "adapter state must fit one page");

/* wit-component allocates the adapter's stack with the program's
 * cabi_realloc, and that may call back into the adapter (a command's
 * exports first run its constructors, which look for preopens). Until the
 * stack exists (allocation_state 2, or 4 once the state page exists too)
 * the exports answer at once with a harmless value, touching no memory of
 * their own. */
int32_t adapter_get_allocation_state(void);
static inline int adapter_ready(void)
{
    int32_t s = adapter_get_allocation_state();
    return s == 2 || s == 4;
}
#define RETURN_IF_NOT_READY(value)    \
    do {                              \
        if (!adapter_ready())         \
            return (value);           \
    } while (0)

/* The state, allocated and initialised (stdio, preopens) on first use. */
adapter_state *adapter_state_get(void);

/* Import allocation modes: the next allocation lands in [ptr, ptr+len)
 * (the caller's own buffer), or any number land in the scratch arena. */
void ia_use_buffer(adapter_state *st, void *ptr, uint32_t len);
void ia_use_arena(adapter_state *st);
void ia_done(adapter_state *st);
/* A block from the arena for the adapter's own temporaries. */
void *ia_alloc(adapter_state *st, uint32_t align, uint32_t size);

/* Descriptor table. */
adapter_fd *fd_get(adapter_state *st, int32_t fd);
p1_errno fd_insert(adapter_state *st, const adapter_fd *f, int32_t *fd_out);
void fd_release(adapter_state *st, adapter_fd *f);
/* An open file or directory (EBADF otherwise). */
p1_errno fd_get_file(adapter_state *st, int32_t fd, adapter_fd **out);
/* An open directory (EBADF when closed, ENOTDIR when not a directory). */
p1_errno fd_get_dir(adapter_state *st, int32_t fd, adapter_fd **out);
/* Stream handles of a stdio descriptor, fetched on first use (0: none). */
int32_t fd_input_stream(adapter_fd *f);
int32_t fd_output_stream(adapter_fd *f);

/* Error mapping. */
p1_errno errno_from_code(uint8_t code);
/* The errno of a result<_, error-code> return area (tag @0, code @1). */
p1_errno errno_from_result_u8(const uint8_t *ret);
/* The errno of a last-operation-failed stream error (drops the handle). */
p1_errno errno_from_stream_error(int32_t error_handle);
uint8_t filetype_from_p2(uint8_t type);

/* Loads and stores at any alignment. */
static inline uint8_t ld8(const void *p) { return *(const uint8_t *)p; }
static inline uint16_t ld16(const void *p) { uint16_t v; __builtin_memcpy(&v, p, 2); return v; }
static inline uint32_t ld32(const void *p) { uint32_t v; __builtin_memcpy(&v, p, 4); return v; }
static inline uint64_t ld64(const void *p) { uint64_t v; __builtin_memcpy(&v, p, 8); return v; }
static inline void st8(void *p, uint8_t v) { *(uint8_t *)p = v; }
static inline void st16(void *p, uint16_t v) { __builtin_memcpy(p, &v, 2); }
static inline void st32(void *p, uint32_t v) { __builtin_memcpy(p, &v, 4); }
static inline void st64(void *p, uint64_t v) { __builtin_memcpy(p, &v, 8); }
static inline void *ptr_of(uint32_t addr) { return (void *)(uintptr_t)addr; }

/* Nanoseconds of a datetime, saturating. */
uint64_t datetime_to_ns(uint64_t seconds, uint32_t nanoseconds);

/* Stops the program: nothing sensible is left to do. */
#define ADAPTER_TRAP() __builtin_trap()

#endif

/* Shared by the fd_* and path_* functions (stat.c). */
/* Writes a preview1 filestat from a 0.2 descriptor-stat (`stat` points at
 * the record: type @0, link-count @8, size @16, timestamps @24/@48/@72). */
void filestat_from_p2(uint8_t *out, const uint8_t *stat, uint64_t ino);
/* A 0.2 new-timestamp from preview1 fstflags bits for one timestamp. */
typedef struct new_timestamp {
    int32_t tag;
    int64_t seconds;
    int32_t nanoseconds;
} new_timestamp;
p1_errno new_timestamp_from(uint64_t ts, int set, int now, new_timestamp *out);
/* The inode number reported for a file: the low half of its metadata hash. */
uint64_t inode_of(int32_t handle);
uint64_t inode_at(int32_t dir_handle, uint32_t path_flags, const void *path, uint32_t len);
