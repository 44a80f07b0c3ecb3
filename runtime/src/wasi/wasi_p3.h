#ifndef WASI_P3_H
#define WASI_P3_H

/* Private to the WASI 0.3 cli / clocks host files (wasi_p3_*.c): the value
 * types the 0.3 interfaces share and small helpers. Their stream pumps and
 * timers outlive the host call that started them and finish from the
 * store's event loop: they are wasi_job's (wasi_internal.h). */

#include "wasi/wasi_host.h"

enum {
    WASI_P3_CHUNK = 64 * 1024, /* largest piece of a stream held by the host */
    WASI_P3_PIPE_CHUNK = 4096, /* PIPE_BUF: a write a writable pipe takes whole */
};

/* wasi:cli/types error-code, in WIT order. */
enum { WASI_CLI_IO = 0, WASI_CLI_ILLEGAL_BYTE_SEQUENCE = 1, WASI_CLI_PIPE = 2 };

typedef struct wasi_p3_types {
    const rt_ctype *error_code;     /* wasi:cli/types error-code */
    const rt_ctype *result;         /* result<_, error-code> */
    const rt_ctype *future_result;  /* future<result<_, error-code>> */
    const rt_ctype *stream_u8;      /* stream<u8> */
} wasi_p3_types;

/* Makes the types in w->arena; false on allocation failure. */
bool wasi_p3_types_init(rt_wasi *w, wasi_p3_types *t);

/* An `async` function type. NULL when any type is NULL. */
const rt_cfunctype *wasi_functype_async(rt_wasi *w, uint32_t count, const char *const *names,
                                        const rt_ctype *const *types, const rt_ctype *result);

/* True when waiting for `fd` with epoll works (pipes, sockets, terminals);
 * regular files and most devices are always ready and refuse epoll. */
bool wasi_fd_pollable(int fd);

/* Definitions, one file each. */
bool wasi_define_p3_stdio(rt_wasi *w, rt_clinker *linker, const wasi_p3_types *t);
bool wasi_define_p3_clocks(rt_wasi *w, rt_clinker *linker);

#endif
