/* rt_wasi: one run's host state. Copies the config, makes the wasi:io
 * resource types, opens the preopens (through the filesystem files) and
 * registers every 0.2 interface in a linker. */
#include "wasi/wasi_p3.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

/* Copies `count` strings into the arena. */
static char **copy_strings(comp_arena *a, const char *const *src, uint32_t count)
{
    char **out = comp_arena_array(a, count ? count : 1, sizeof *out);
    if (!out)
        return NULL;
    for (uint32_t i = 0; i < count; i++) {
        const char *s = src[i] ? src[i] : "";
        if (!(out[i] = comp_arena_strndup(a, s, strlen(s))))
            return NULL;
    }
    return out;
}

/* Fills `buf` from the kernel's random source. */
static bool fill_random(void *buf, size_t len)
{
    uint8_t *p = buf;
    while (len > 0) {
        ssize_t n = getrandom(p, len, 0);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        p += n, len -= (size_t)n;
    }
    return true;
}

static rt_wasi *fail(rt_wasi *w, comp_error *err, const char *message)
{
    comp_error_set(err, 0, "%s", message);
    rt_wasi_free(w);
    return NULL;
}

/* `fd`, or WASI_FD_CLOSED when the process has no such descriptor. */
static int stdio_fd(int fd)
{
    return fd >= 0 && fcntl(fd, F_GETFD) < 0 && errno == EBADF ? WASI_FD_CLOSED : fd;
}

rt_wasi *rt_wasi_new(const rt_wasi_config *config, comp_error *err)
{
    static const rt_wasi_config none = {.stdin_fd = -1, .stdout_fd = -1, .stderr_fd = -1};
    if (!config)
        config = &none;
    rt_wasi *w = calloc(1, sizeof *w);
    if (!w) {
        comp_error_set(err, 0, "out of memory");
        return NULL;
    }
    comp_arena_init(&w->arena);
    w->stdin_fd = stdio_fd(config->stdin_fd), w->stdout_fd = stdio_fd(config->stdout_fd);
    w->stderr_fd = stdio_fd(config->stderr_fd);
    if ((config->arg_count && !config->args) || (config->env_count && !config->env) ||
        (config->preopen_count && !config->preopens))
        return fail(w, err, "rt_wasi_config: a count without its array");
    for (uint32_t i = 0; i < config->env_count; i++)
        if (!config->env[i] || !strchr(config->env[i], '=')) {
            comp_error_set(err, 0, "environment variable `%s` is not KEY=VALUE",
                           config->env[i] ? config->env[i] : "(null)");
            rt_wasi_free(w);
            return NULL;
        }
    w->arg_count = config->arg_count, w->env_count = config->env_count;
    if (!(w->args = copy_strings(&w->arena, config->args, config->arg_count)) ||
        !(w->env = copy_strings(&w->arena, config->env, config->env_count)) ||
        !wasi_types_init(w))
        return fail(w, err, "out of memory");
    if (!fill_random(w->insecure_state, sizeof w->insecure_state) ||
        !fill_random(w->insecure_seed, sizeof w->insecure_seed))
        return fail(w, err, "cannot read the system's random source");
    w->insecure_state[0] |= 1; /* xorshift128+ needs a non-zero state */
    if (!(w->fs = wasi_fs_new(w, config, err))) {
        rt_wasi_free(w);
        return NULL;
    }
    return w;
}

void rt_wasi_free(rt_wasi *w)
{
    if (!w)
        return;
    wasi_jobs_free(w);
    wasi_fs_free(w->fs);
    wasi_obj *o = w->objs.data;
    for (uint32_t i = 0; i < w->objs.count; i++)
        if ((o[i].kind == WOBJ_INPUT || o[i].kind == WOBJ_OUTPUT) && o[i].u.stream.fd >= 0)
            close(o[i].u.stream.fd);
    comp_arena_free(&w->arena);
    free(w);
}

wasi_fs *wasi_fs_of(rt_wasi *w) { return w->fs; }

bool rt_wasi_define_p2(rt_wasi *w, rt_clinker *linker)
{
    return wasi_define_p2_io(w, linker) && wasi_define_p2_cli(w, linker) &&
           wasi_define_p2_clocks(w, linker) && wasi_define_p2_random(w, linker) &&
           wasi_define_p2_filesystem(w, linker);
}

bool rt_wasi_exit_code(const rt_wasi *w, int *code)
{
    if (!w->exited)
        return false;
    *code = w->exit_code;
    return true;
}
