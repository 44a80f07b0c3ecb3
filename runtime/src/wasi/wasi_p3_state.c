/* The WASI 0.3 hosts' shared pieces: their value types, the list of jobs
 * in flight, and rt_wasi_define_p3. */
#include "wasi/wasi_p3.h"

#include <sys/stat.h>
#include <unistd.h>

bool wasi_p3_types_init(rt_wasi *w, wasi_p3_types *t)
{
    comp_arena *a = &w->arena;
    static const char *const codes[] = {"io", "illegal-byte-sequence", "pipe"};
    t->error_code = rt_ctype_labeled(a, RT_CT_ENUM, 3, codes, NULL);
    t->result = t->error_code ? rt_ctype_result(a, NULL, t->error_code) : NULL;
    t->future_result = t->result ? rt_ctype_future(a, t->result) : NULL;
    t->stream_u8 = rt_ctype_stream(a, w->t.u8);
    return t->future_result && t->stream_u8;
}

const rt_cfunctype *wasi_functype_async(rt_wasi *w, uint32_t count, const char *const *names,
                                        const rt_ctype *const *types, const rt_ctype *result)
{
    const rt_cfunctype *ft = result ? wasi_functype(w, count, names, types, result)
                                    : wasi_functype_void(w, count, names, types);
    return ft ? rt_cfunctype_async(&w->arena, ft) : NULL;
}

void wasi_job_link(rt_wasi *w, wasi_job *job)
{
    job->w = w;
    job->prev = NULL;
    job->next = w->jobs;
    if (w->jobs)
        w->jobs->prev = job;
    w->jobs = job;
}

void wasi_job_end(wasi_job *job)
{
    rt_wasi *w = job->w;
    if (job->prev)
        job->prev->next = job->next;
    else
        w->jobs = job->next;
    if (job->next)
        job->next->prev = job->prev;
    job->release(job);
}

void wasi_jobs_free(rt_wasi *w)
{
    while (w->jobs)
        wasi_job_end(w->jobs);
}

void rt_wasi_end_run(rt_wasi *w)
{
    while (w->jobs) {
        wasi_job *job = w->jobs;
        job->abandon(job);
        wasi_job_end(job);
    }
}

bool wasi_fd_pollable(int fd)
{
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0)
        return false;
    return S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode) || (S_ISCHR(st.st_mode) && isatty(fd));
}

bool rt_wasi_define_p3(rt_wasi *w, rt_clinker *linker)
{
    wasi_p3_types t;
    return wasi_p3_types_init(w, &t) && wasi_define_cli_base(w, linker, "0.3.0", "get-initial-cwd") &&
           wasi_define_p3_stdio(w, linker, &t) && wasi_define_p3_clocks(w, linker) &&
           wasi_define_p3_random(w, linker) && wasi_define_p3_filesystem(w, linker);
}
