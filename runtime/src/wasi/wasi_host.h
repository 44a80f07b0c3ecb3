#ifndef WASI_HOST_H
#define WASI_HOST_H

/* Private to the wasi:io / cli / clocks / random host files: the rt_wasi
 * state, its object table and the value types the definitions share. The
 * filesystem files use only wasi_internal.h. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "comp/arena.h"
#include "wasi/wasi_internal.h"

/* Bounds that keep one call from buffering without limit. */
enum {
    WASI_WRITE_BUDGET = 64 * 1024,   /* check-write's answer; largest write/splice */
    WASI_READ_MAX = 64 * 1024,       /* largest read/skip/splice per call */
    WASI_RANDOM_MAX = 64 * 1024 * 1024, /* largest get-random-bytes request */
    WASI_MAX_OBJECTS = 1 << 20,      /* live streams, pollables, errors... */
};

typedef enum wasi_obj_kind {
    WOBJ_FREE = 0,
    WOBJ_INPUT,
    WOBJ_OUTPUT,
    WOBJ_ERROR,
    WOBJ_POLLABLE,
    WOBJ_TERMINAL_INPUT,
    WOBJ_TERMINAL_OUTPUT,
} wasi_obj_kind;

typedef enum wasi_poll_kind {
    WPOLL_READY,
    WPOLL_TIMER,     /* ready once the monotonic clock reaches `deadline` */
    WPOLL_STREAM,    /* ready when stream `parent` can be read / written */
} wasi_poll_kind;

/* One guest-visible host object. A representation is index + 1. */
typedef struct wasi_obj {
    uint8_t kind;          /* wasi_obj_kind */
    uint32_t gen;          /* bumped when the slot is freed: children of a
                              dropped stream see it is gone */
    uint32_t next_free;    /* free list, as index + 1 */
    union {
        struct {
            int fd;        /* -1: none (empty input, discarded output) */
            uint8_t mode;  /* wasi_stream_mode */
            bool closed;   /* end of input, or an earlier failure */
            uint64_t offset;
        } stream;
        int errnum;        /* WOBJ_ERROR */
        struct {
            uint8_t kind;  /* wasi_poll_kind */
            uint64_t deadline;
            uint32_t parent, parent_gen;
        } poll;
    } u;
} wasi_obj;

/* Value types used by more than one interface. */
typedef struct wasi_types {
    rt_resource_type *input_stream, *output_stream, *error, *pollable;
    rt_resource_type *terminal_input, *terminal_output;
    const rt_ctype *boolean, *u8, *u32, *u64, *string;
    const rt_ctype *bytes;             /* list<u8> */
    const rt_ctype *own_input, *own_output, *own_error, *own_pollable;
    const rt_ctype *borrow_input, *borrow_output, *borrow_error, *borrow_pollable;
    const rt_ctype *stream_error;      /* variant { last-operation-failed(error), closed } */
} wasi_types;

/* A stdio descriptor found closed by rt_wasi_new: the guest sees a closed
 * stream. Checked once, up front, because the host may later reuse the
 * number for a descriptor of its own (a preopen, a duplicate of stdout). */
#define WASI_FD_CLOSED (-2)

struct rt_wasi {
    comp_arena arena;          /* config copies, types, the object table */
    char **args;
    uint32_t arg_count;
    char **env;
    uint32_t env_count;
    int stdin_fd, stdout_fd, stderr_fd; /* WASI_FD_CLOSED: closed when the run began */
    comp_vec objs;             /* wasi_obj */
    uint32_t free_head;        /* index + 1; 0: none */
    uint32_t live;
    wasi_types t;
    bool exited;
    int exit_code;
    uint64_t insecure_state[2];
    uint64_t insecure_seed[2];
    wasi_fs *fs;
    struct wasi_job *jobs;     /* 0.3 work in flight (wasi_p3.h) */
};

/* ---- wasi_objects.c ---------------------------------------------------------- */

/* A new object of `kind` (zeroed payload); its representation in *rep.
 * NULL when out of memory or past WASI_MAX_OBJECTS. The pointer is valid
 * until the next wasi_obj_new. */
wasi_obj *wasi_obj_new(rt_wasi *w, wasi_obj_kind kind, uint32_t *rep);
/* The live object `rep` of `kind`, or NULL. */
wasi_obj *wasi_obj_get(const rt_wasi *w, uint32_t rep, wasi_obj_kind kind);
/* Frees `rep` (closing a stream's descriptor). False when it names no live
 * object of `kind`. */
bool wasi_obj_free(rt_wasi *w, uint32_t rep, wasi_obj_kind kind);

/* ---- wasi_types.c ------------------------------------------------------------ */

/* Makes the resource types and shared value types in w->arena. */
bool wasi_types_init(rt_wasi *w);

/* A function type from `count` (name, type) parameters and `result`
 * (NULL when any type is NULL: a constructor failed). */
const rt_cfunctype *wasi_functype(rt_wasi *w, uint32_t count, const char *const *names,
                                  const rt_ctype *const *types, const rt_ctype *result);
/* The same for a function without a result. */
const rt_cfunctype *wasi_functype_void(rt_wasi *w, uint32_t count, const char *const *names,
                                       const rt_ctype *const *types);

/* One host function of an interface. */
typedef struct wasi_func_def {
    const char *name;
    rt_chost_fn fn;
    const rt_cfunctype *type;
} wasi_func_def;

/* Defines every function in `defs` under `interface` with user data `w`.
 * False on allocation failure (a NULL type counts as one). */
bool wasi_define_funcs(rt_wasi *w, rt_clinker *linker, const char *interface,
                       const wasi_func_def *defs, size_t count);

/* ---- values (wasi_values.c) ---------------------------------------------------- */

rt_cval wasi_val_u64(uint64_t x);
rt_cval wasi_val_u32(uint32_t x);
rt_cval wasi_val_bool(bool b);
rt_cval wasi_val_own(rt_resource_type *type, uint32_t rep);
/* A string value copied into `arena` (invalid: kind 0 on failure). */
bool wasi_val_string(comp_arena *arena, const char *s, size_t len, rt_cval *out);
/* list<u8> of `len` bytes. */
bool wasi_val_bytes(comp_arena *arena, const uint8_t *data, size_t len, rt_cval *out);
/* result / option / variant with an optional payload copied into `arena`. */
bool wasi_val_case(comp_arena *arena, rt_ctype_kind kind, uint32_t index, const rt_cval *payload,
                   rt_cval *out);

/* ---- wasi_streams.c ------------------------------------------------------------ */

/* Sets *out to result<T, stream-error>'s err case for a closed stream
 * (errnum 0) or a failed operation (errnum: the errno). False on
 * allocation failure. */
bool wasi_stream_error(rt_wasi *w, comp_arena *arena, int errnum, rt_cval *out);

/* ---- wasi_poll.c --------------------------------------------------------------- */

/* A new timer pollable ready at monotonic time `deadline` (ns). */
uint32_t wasi_pollable_timer_new(rt_wasi *w, uint64_t deadline);
/* A new pollable on stream `stream_rep`: readable input or writable output. */
uint32_t wasi_pollable_stream_new(rt_wasi *w, uint32_t stream_rep);
/* Readiness of a pollable now, without waiting. */
bool wasi_pollable_ready(rt_wasi *w, uint32_t rep);
/* Waits until at least one of `reps` is ready; sets ready[i]. False with
 * errno when poll(2) fails for a reason other than EINTR. */
bool wasi_poll_wait(rt_wasi *w, const uint32_t *reps, uint32_t count, bool *ready);
/* The monotonic clock in nanoseconds. */
uint64_t wasi_monotonic_now(void);

/* ---- definitions, one file each ---------------------------------------------- */

bool wasi_define_p2_io(rt_wasi *w, rt_clinker *linker);      /* error, poll, streams */
bool wasi_define_p2_streams(rt_wasi *w, rt_clinker *linker);
bool wasi_define_p2_cli(rt_wasi *w, rt_clinker *linker);
/* wasi:cli environment, exit and terminal-* at `version` ("0.2.12",
 * "0.3.0"); `cwd_name` is initial-cwd's name there. */
bool wasi_define_cli_base(rt_wasi *w, rt_clinker *linker, const char *version,
                          const char *cwd_name);
bool wasi_define_p2_clocks(rt_wasi *w, rt_clinker *linker);
bool wasi_define_p2_random(rt_wasi *w, rt_clinker *linker);
bool wasi_define_p3_random(rt_wasi *w, rt_clinker *linker);

/* A trap for a host call that failed: sets `trap` and returns false. */
bool wasi_trap(rt_trap *trap, const char *message);

#endif
