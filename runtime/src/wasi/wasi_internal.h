#ifndef WASI_INTERNAL_H
#define WASI_INTERNAL_H

/* Shared by the WASI host files: the state behind rt_wasi, and the
 * wasi:io objects (streams, pollables, errors) other interfaces create.
 *
 * Host resources: a guest handle's representation (rt_handle.rep) is an
 * index + 1 into a table of the host state, so 0 never names an object. */

#include <stdbool.h>
#include <stdint.h>

#include "rt/wasi.h"

/* How a byte stream reaches its descriptor. */
typedef enum wasi_stream_mode {
    WASI_STREAM_PIPE,    /* read()/write() at the descriptor's own position (stdio) */
    WASI_STREAM_AT,      /* pread()/pwrite() at the stream's offset, which advances */
    WASI_STREAM_APPEND,  /* writes go to the end of the file */
} wasi_stream_mode;

/* A new wasi:io/streams input-stream or output-stream over host descriptor
 * `fd`, which the stream owns (closed when the guest drops the stream; pass
 * a dup() of a descriptor that lives on). Returns the representation for
 * an own<input-stream> / own<output-stream> result, 0 on allocation
 * failure. */
uint32_t wasi_input_stream_new(rt_wasi *w, int fd, wasi_stream_mode mode, uint64_t offset);
uint32_t wasi_output_stream_new(rt_wasi *w, int fd, wasi_stream_mode mode, uint64_t offset);

/* A new wasi:io/error error for a failed host call with `errnum` (an errno
 * value), for stream-error.last-operation-failed. 0 on allocation failure. */
uint32_t wasi_io_error_new(rt_wasi *w, int errnum);
/* The errno a wasi:io/error representation was made with; false when `rep`
 * names no live error (wasi:filesystem/types.filesystem-error-code). */
bool wasi_io_error_errno(const rt_wasi *w, uint32_t rep, int *errnum);

/* A new pollable that is always ready (subscribe on files). 0 on failure. */
uint32_t wasi_pollable_ready_new(rt_wasi *w);

/* The host resource types of wasi:io (made by rt_wasi_new), for building
 * own/borrow values: rt_handle{type, rep}. */
rt_resource_type *wasi_type_input_stream(rt_wasi *w);
rt_resource_type *wasi_type_output_stream(rt_wasi *w);
rt_resource_type *wasi_type_io_error(rt_wasi *w);
rt_resource_type *wasi_type_pollable(rt_wasi *w);

/* The filesystem host's state (descriptor table, opened preopens), kept
 * by the filesystem files. rt_wasi_new calls wasi_fs_new after the wasi:io
 * types exist (NULL with `err` naming the preopen that cannot be opened);
 * rt_wasi_free calls wasi_fs_free; wasi_fs_of returns it. */
typedef struct wasi_fs wasi_fs;
wasi_fs *wasi_fs_new(rt_wasi *w, const rt_wasi_config *config, comp_error *err);
void wasi_fs_free(wasi_fs *fs);
wasi_fs *wasi_fs_of(rt_wasi *w);

/* wasi:filesystem/types and wasi:filesystem/preopens at 0.2.x, defined in
 * `linker`. Called by rt_wasi_define_p2. */
bool wasi_define_p2_filesystem(rt_wasi *w, rt_clinker *linker);

/* wasi:filesystem/types and wasi:filesystem/preopens at 0.3.0 (streams and
 * futures instead of wasi:io), defined in `linker`. Called by
 * rt_wasi_define_p3. Shares the 0.2 host's descriptor table and sandbox. */
bool wasi_define_p3_filesystem(rt_wasi *w, rt_clinker *linker);

/* 0.3 work in flight (stream transfers, timers) of any WASI host file.
 * Each job is linked into the rt_wasi while it lives, so that what a run
 * left unfinished can be ended: `abandon` (rt_wasi_end_run,
 * while the store lives) lets go of the job's stream ends, descriptor
 * watches and timers in the store; `release` frees the job itself
 * (descriptors, buffers) without touching the store, which may be gone by
 * then (rt_wasi_free). */
typedef struct wasi_job wasi_job;
struct wasi_job {
    wasi_job *prev, *next;
    rt_wasi *w;
    void (*abandon)(wasi_job *job);
    void (*release)(wasi_job *job);
};

void wasi_job_link(rt_wasi *w, wasi_job *job);
/* Unlinks and releases `job`. */
void wasi_job_end(wasi_job *job);
/* Releases every job (rt_wasi_free). rt_wasi_end_run abandons each first.
 * Host stream ends are let go with rt_cstream_abandon
 * (async/ahost_release.h). */
void wasi_jobs_free(rt_wasi *w);

#endif
