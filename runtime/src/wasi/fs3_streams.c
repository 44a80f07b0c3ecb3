/* wasi:filesystem/types@0.3.0 methods that move data through streams:
 * read-via-stream and read-directory hand the guest a stream and a future
 * and feed them from the event loop; write-via-stream and
 * append-via-stream take the guest's stream<u8> and drain it into the
 * file. The future resolves with result<_, error-code> once the stream is
 * done (end of file, end of the guest's data, the reader gone, or an
 * error). One job per call, one chunk in flight: a file is never read or
 * buffered ahead of what the guest takes. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fs3_funcs.h"
#include "fs3_values.h"
#include "fs_ops.h"
#include "fs_values.h"

/* bytes per read or write of the file (wasmtime's MAX_READ_SIZE_ALLOC) */
#define FS3_CHUNK (64u * 1024u)
/* directory entries per stream write */
#define FS3_ENTRIES 64u

typedef enum { JOB_READ, JOB_WRITE, JOB_APPEND, JOB_DIR } job_kind;

typedef struct fs3_job {
    wasi_fs *fs;
    job_kind kind;
    struct fs3_job *prev, *next; /* in fs->jobs */
    int fd;                      /* a dup of the descriptor's; -1 when none */
    DIR *dir;
    uint64_t offset;
    rt_cstream *data;            /* the host's end of the data stream; NULL once dropped */
    rt_cstream *future;          /* the host's end of the result future */
    bool future_busy;            /* its value is being written */
    rt_cval result;              /* the future's value, alive until written */
    comp_arena arena;            /* result payload, directory entries */
    uint8_t *buf;                /* JOB_READ / JOB_WRITE / JOB_APPEND: FS3_CHUNK bytes */
    uint32_t have, sent;         /* bytes (or entries) in hand, bytes (entries) passed on */
    rt_cval *entries;            /* JOB_DIR: FS3_ENTRIES values */
    int start_error;             /* what job_start ends the job with at once */
} fs3_job;

/* Frees the job; `drop_ends` drops the stream ends it still holds (not
 * when the store, which owns them, is already gone). */
static void job_free(fs3_job *job, bool drop_ends)
{
    rt_trap trap = {0};
    if (drop_ends && job->data)
        rt_cstream_drop(job->data, &trap);
    if (drop_ends && job->future && !job->future_busy)
        rt_cstream_drop(job->future, &trap);
    if (job->prev)
        job->prev->next = job->next;
    else
        job->fs->jobs = job->next;
    if (job->next)
        job->next->prev = job->prev;
    if (job->fd >= 0)
        close(job->fd);
    if (job->dir)
        closedir(job->dir);
    comp_arena_free(&job->arena);
    free(job->buf);
    free(job->entries);
    free(job);
}

void fs3_jobs_free(wasi_fs *fs)
{
    while (fs->jobs)
        job_free(fs->jobs, false);
}

static fs3_job *job_new(wasi_fs *fs, job_kind kind)
{
    fs3_job *job = calloc(1, sizeof *job);
    if (!job)
        return NULL;
    job->fs = fs, job->kind = kind, job->fd = -1;
    comp_arena_init(&job->arena);
    job->next = fs->jobs;
    if (fs->jobs)
        fs->jobs->prev = job;
    fs->jobs = job;
    return job;
}

/* ---- the end of a job: the future's value ------------------------------------ */

static void future_written(void *user, rt_cstream *end, uint32_t result, uint32_t count)
{
    (void)end, (void)result, (void)count;
    fs3_job *job = user;
    rt_trap trap = {0};
    rt_cstream_drop(job->future, &trap);
    job->future = NULL;
    job_free(job, false);
}

/* Ends the job with `errnum` (0: ok): drops the data stream (the guest's
 * reader sees the end, its writer sees the reader gone) and writes the
 * future. The data stream must have no operation pending. */
static void job_finish(fs3_job *job, int errnum)
{
    rt_trap trap = {0};
    if (job->data) {
        rt_cstream_drop(job->data, &trap);
        job->data = NULL;
    }
    if (job->fd >= 0) {
        close(job->fd);
        job->fd = -1;
    }
    if (job->dir) {
        closedir(job->dir);
        job->dir = NULL;
    }
    if (!fs3_done(&job->arena, &job->result, errnum, &trap) ||
        !rt_cstream_write_values(job->future, &job->result, 1, future_written, job, &trap)) {
        /* nothing to tell the guest with: its future read sees the end */
        job_free(job, true);
        return;
    }
    job->future_busy = true;
}

/* ---- read-via-stream ----------------------------------------------------------------- */

static void read_chunk(fs3_job *job);

static void chunk_sent(void *user, rt_cstream *end, uint32_t result, uint32_t count)
{
    (void)end;
    fs3_job *job = user;
    job->sent += count;
    job->offset += count;
    if (result == RT_COPY_DROPPED) {
        job_finish(job, 0); /* the reader is gone: nothing left to deliver */
        return;
    }
    if (job->sent < job->have) {
        rt_trap trap = {0};
        if (!rt_cstream_write(job->data, job->buf + job->sent, job->have - job->sent, chunk_sent,
                              job, &trap))
            job_finish(job, EIO);
        return;
    }
    read_chunk(job);
}

static void read_chunk(fs3_job *job)
{
    ssize_t got;
    do
        got = pread(job->fd, job->buf, FS3_CHUNK, (off_t)job->offset);
    while (got < 0 && errno == EINTR);
    if (got <= 0) {
        job_finish(job, got < 0 ? errno : 0);
        return;
    }
    job->have = (uint32_t)got, job->sent = 0;
    rt_trap trap = {0};
    if (!rt_cstream_write(job->data, job->buf, job->have, chunk_sent, job, &trap))
        job_finish(job, EIO);
}

/* ---- write-via-stream, append-via-stream ----------------------------------------------- */

static int write_all(fs3_job *job, const uint8_t *data, uint32_t len)
{
    if (job->kind == JOB_APPEND) {
        struct stat st;
        if (fstat(job->fd, &st) != 0)
            return errno;
        job->offset = (uint64_t)st.st_size;
    }
    while (len > 0) {
        if (job->offset > INT64_MAX)
            return EFBIG;
        ssize_t put = pwrite(job->fd, data, len, (off_t)job->offset);
        if (put < 0 && errno == EINTR)
            continue;
        if (put < 0)
            return errno;
        data += put, len -= (uint32_t)put;
        job->offset += (uint64_t)put;
    }
    return 0;
}

static void read_more(fs3_job *job);

static void chunk_received(void *user, rt_cstream *end, uint32_t result, uint32_t count)
{
    (void)end;
    fs3_job *job = user;
    int e = count ? write_all(job, job->buf, count) : 0;
    if (e || result == RT_COPY_DROPPED) {
        job_finish(job, e); /* an error, or the writer is done */
        return;
    }
    read_more(job);
}

static void read_more(fs3_job *job)
{
    rt_trap trap = {0};
    if (!rt_cstream_read(job->data, job->buf, FS3_CHUNK, chunk_received, job, &trap))
        job_finish(job, EIO);
}

/* ---- read-directory ------------------------------------------------------------------------ */

static void entries_next(fs3_job *job);

static void entries_sent(void *user, rt_cstream *end, uint32_t result, uint32_t count)
{
    (void)end;
    fs3_job *job = user;
    job->sent += count;
    if (result == RT_COPY_DROPPED) {
        job_finish(job, 0);
        return;
    }
    if (job->sent < job->have) {
        rt_trap trap = {0};
        if (!rt_cstream_write_values(job->data, job->entries + job->sent, job->have - job->sent,
                                     entries_sent, job, &trap))
            job_finish(job, EIO);
        return;
    }
    entries_next(job);
}

/* A directory-entry record for `e`, in the job's arena. */
static int entry_value(fs3_job *job, const struct dirent *e, rt_cval *out)
{
    size_t len = strlen(e->d_name);
    if (!fs_utf8_ok(e->d_name, len))
        return EILSEQ;
    rt_cval *fields = comp_arena_array(&job->arena, 2, sizeof *fields);
    char *name = comp_arena_strndup(&job->arena, e->d_name, len);
    if (!fields || !name || !fs3_type_value(&job->arena, fs_op_entry_type(job->dir, e), &fields[0]))
        return ENOMEM;
    fields[1] = (rt_cval){.kind = RT_CT_STRING, .of.str = {name, (uint32_t)len}};
    *out = (rt_cval){.kind = RT_CT_RECORD, .of.seq = {fields, 2}};
    return 0;
}

static void entries_next(fs3_job *job)
{
    /* the entries just written are the reader's now: start a new arena */
    comp_arena_free(&job->arena);
    comp_arena_init(&job->arena);
    job->have = job->sent = 0;
    while (job->have < FS3_ENTRIES) {
        struct dirent *e;
        int err = fs_op_next_entry(job->dir, &e);
        if (!err && !e)
            break;
        if (!err)
            err = entry_value(job, e, &job->entries[job->have]);
        if (err) {
            job_finish(job, err);
            return;
        }
        job->have++;
    }
    if (!job->have) {
        job_finish(job, 0);
        return;
    }
    rt_trap trap = {0};
    if (!rt_cstream_write_values(job->data, job->entries, job->have, entries_sent, job, &trap))
        job_finish(job, EIO);
}

/* ---- the host functions --------------------------------------------------------------------- */

/* The first step of a job runs from the event loop, once the host call has
 * returned and its stream and future are the guest's: ending a stream
 * before its readable end was handed over would free it under the
 * runtime. */
static void job_start(void *user)
{
    fs3_job *job = user;
    if (job->start_error)
        job_finish(job, job->start_error);
    else if (job->kind == JOB_DIR)
        entries_next(job);
    else if (job->kind == JOB_READ)
        read_chunk(job);
    else
        read_more(job);
}

static bool job_schedule(fs3_job *job, const rt_chost_call *call, int start_error,
                         rt_trap *trap)
{
    job->start_error = start_error;
    if (!rt_cstore_timer(call->store, 0, job_start, job, trap)) {
        job_free(job, true);
        return false;
    }
    return true;
}

/* The job's data stream (new, or the guest's `taken`) and future, of the
 * types the import declares. */
static bool job_streams(fs3_job *job, const rt_chost_call *call, const rt_ctype *stream_type,
                        const rt_cval *taken, rt_cval *stream_out, const rt_ctype *future_type,
                        rt_cval *future_out, rt_trap *trap)
{
    if ((!taken && (!stream_type || rt_ctype_kind_of(stream_type) != RT_CT_STREAM)) ||
        !future_type || rt_ctype_kind_of(future_type) != RT_CT_FUTURE) {
        rt_trap_set(trap, RT_TRAP_HOST, "wasi:filesystem/types: stream method of the wrong type");
        return false;
    }
    job->data = taken ? rt_cstream_take(call->store, taken, trap)
                      : rt_cstream_new(call->store, stream_type, stream_out, trap);
    if (!job->data)
        return false;
    job->future = rt_cstream_new(call->store, future_type, future_out, trap);
    return job->future != NULL;
}

/* The (stream, future) tuple result of read-via-stream / read-directory. */
static bool pair_result(const rt_chost_call *call, rt_cval *result, const rt_cval *stream,
                        const rt_cval *future, rt_trap *trap)
{
    rt_cval *pair = fs_vals(call, 2);
    if (!pair)
        return fs_oom(trap);
    pair[0] = *stream, pair[1] = *future;
    *result = (rt_cval){.kind = RT_CT_TUPLE, .of.seq = {pair, 2}};
    return true;
}

static const rt_ctype *result_elem(const rt_chost_call *call, uint32_t i)
{
    const rt_ctype *t = rt_cfunctype_result(call->type);
    return t && rt_ctype_kind_of(t) == RT_CT_TUPLE ? rt_ctype_elem(t, i) : NULL;
}

/* Starts a reading job (file bytes or directory entries) on `d`. */
static bool start_reader(wasi_fs *fs, const rt_chost_call *call, fs_desc *d, job_kind kind,
                         uint64_t offset, rt_cval *result, rt_trap *trap)
{
    fs3_job *job = job_new(fs, kind);
    if (!job)
        return fs_oom(trap);
    rt_cval stream, future;
    if (!job_streams(job, call, result_elem(call, 0), NULL, &stream, result_elem(call, 1), &future,
                     trap) ||
        !pair_result(call, result, &stream, &future, trap)) {
        job_free(job, true);
        return false;
    }
    job->offset = offset;
    int e;
    if (kind == JOB_DIR) {
        e = fs_op_open_dir(d, &job->dir);
        if (!e && !(job->entries = calloc(FS3_ENTRIES, sizeof *job->entries)))
            e = ENOMEM;
    } else {
        e = fs_op_can_read_stream(d);
        if (!e)
            e = fs_op_dup(d, &job->fd);
        if (!e && !(job->buf = malloc(FS3_CHUNK)))
            e = ENOMEM;
    }
    return job_schedule(job, call, e, trap);
}

static bool read_via_stream(void *user, const rt_chost_call *call, const rt_cval *args,
                            uint32_t n, rt_cval *result, rt_trap *trap)
{
    FS_SELF(d, "read-via-stream", "hu");
    return start_reader(user, call, d, JOB_READ, args[1].of.u, result, trap);
}

static bool read_directory(void *user, const rt_chost_call *call, const rt_cval *args, uint32_t n,
                           rt_cval *result, rt_trap *trap)
{
    FS_SELF(d, "read-directory", "h");
    return start_reader(user, call, d, JOB_DIR, 0, result, trap);
}

/* write-via-stream / append-via-stream: args[1] is the guest's stream. */
static bool start_writer(wasi_fs *fs, const rt_chost_call *call, fs_desc *d, const rt_cval *data,
                         job_kind kind, uint64_t offset, rt_cval *result, rt_trap *trap)
{
    fs3_job *job = job_new(fs, kind);
    if (!job)
        return fs_oom(trap);
    if (!job_streams(job, call, NULL, data, NULL, rt_cfunctype_result(call->type), result, trap)) {
        job_free(job, true);
        return false;
    }
    job->offset = offset;
    int e = fs_op_can_write_stream(d);
    if (!e)
        e = fs_op_dup(d, &job->fd);
    if (!e && !(job->buf = malloc(FS3_CHUNK)))
        e = ENOMEM;
    return job_schedule(job, call, e, trap);
}

static bool write_via_stream(void *user, const rt_chost_call *call, const rt_cval *args,
                             uint32_t n, rt_cval *result, rt_trap *trap)
{
    FS_SELF(d, "write-via-stream", "hSu");
    return start_writer(user, call, d, &args[1], JOB_WRITE, args[2].of.u, result, trap);
}

static bool append_via_stream(void *user, const rt_chost_call *call, const rt_cval *args,
                              uint32_t n, rt_cval *result, rt_trap *trap)
{
    FS_SELF(d, "append-via-stream", "hS");
    return start_writer(user, call, d, &args[1], JOB_APPEND, 0, result, trap);
}

const fs_func fs3_stream_funcs[] = {
    {"[method]descriptor.read-via-stream", read_via_stream},
    {"[method]descriptor.write-via-stream", write_via_stream},
    {"[method]descriptor.append-via-stream", append_via_stream},
    {"[method]descriptor.read-directory", read_directory},
};
const uint32_t fs3_stream_func_count = sizeof fs3_stream_funcs / sizeof fs3_stream_funcs[0];
