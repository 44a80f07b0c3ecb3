#ifndef RT_WASI_H
#define RT_WASI_H

/* WASI hosts: host implementations of the WASI interfaces (../shared/wit/),
 * registered into an rt_clinker by interface name, so that imports bind by
 * semver-compatible version (wasi:cli/stdout@0.2.4 is served by the
 * 0.2.12 definitions).
 *
 * Capabilities are denied by default: a guest sees only the arguments,
 * environment variables and preopened directories its rt_wasi_config
 * grants, and cannot leave a preopen by "..", absolute paths or symlinks.
 *
 * Nothing here prints or exits: the guest's stdout / stderr go to the file
 * descriptors the config names, and wasi:cli/exit ends the run with a trap
 * whose exit code rt_wasi_exit_code reports.
 *
 * Streams write through to their descriptors (nothing is buffered); a
 * write to a pipe whose reader is gone is a closed stream for the guest
 * once the embedder ignores SIGPIPE (wasi-run does), else the signal ends
 * the process. */

#include <stdbool.h>
#include <stdint.h>

#include "comp/error.h"
#include "rt/component.h"

typedef struct rt_wasi rt_wasi;

/* A preopened directory: the host directory `host_path` appears to the
 * guest as `guest_path`. Read-only preopens refuse every change. */
typedef struct rt_wasi_preopen {
    const char *host_path;
    const char *guest_path;
    bool read_only;
} rt_wasi_preopen;

/* What a guest may see. Every string is copied by rt_wasi_new. */
typedef struct rt_wasi_config {
    const char *const *args;       /* argv as the guest sees it, args[0] the program name */
    uint32_t arg_count;
    const char *const *env;        /* "KEY=VALUE" strings */
    uint32_t env_count;
    const rt_wasi_preopen *preopens;
    uint32_t preopen_count;
    int stdin_fd;                  /* host descriptors; -1: none (empty input, */
    int stdout_fd;                 /* discarded output) */
    int stderr_fd;                 /* a descriptor closed when rt_wasi_new runs is
                                      seen by the guest as a closed stream */
} rt_wasi_config;

/* A host state for one run. NULL with `err` set when a preopen cannot be
 * opened (the message names it) or on allocation failure. */
rt_wasi *rt_wasi_new(const rt_wasi_config *config, comp_error *err);
void rt_wasi_free(rt_wasi *w);

/* Defines every WASI 0.2 interface this host implements (wasi:io,
 * wasi:cli, wasi:clocks, wasi:random, wasi:filesystem at 0.2.x) in
 * `linker`. `w` must outlive the linker's instances. False on allocation
 * failure. */
bool rt_wasi_define_p2(rt_wasi *w, rt_clinker *linker);

/* Defines every WASI 0.3.0 interface this host implements (wasi:cli,
 * wasi:clocks, wasi:random, wasi:filesystem at 0.3.x: streams and futures
 * instead of wasi:io, `async` functions completing from the store's event
 * loop) in `linker`, next to the 0.2 ones if rt_wasi_define_p2 was called
 * too: a component may import both. False on allocation failure. */
bool rt_wasi_define_p3(rt_wasi *w, rt_clinker *linker);

/* Ends the WASI 0.3 work a run left in flight (stream transfers whose
 * guest returned, exited or trapped before finishing them, timers of
 * unfinished waits), while the run's store still lives: call it once the
 * run is over, before rt_cstore_free. Output the host already took from a
 * guest's stream is written out first (waiting for the descriptor if it
 * must); then the guest's ends see the host's dropped. */
void rt_wasi_end_run(rt_wasi *w);

/* After a trap: true when it was wasi:cli/exit (or a proc_exit through an
 * adapter), with the requested status in *code. */
bool rt_wasi_exit_code(const rt_wasi *w, int *code);

#endif
