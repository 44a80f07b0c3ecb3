/* wasi:random at 0.2.x and 0.3.0. random: the kernel's getrandom(2). insecure: a
 * xorshift128+ generator per rt_wasi, seeded from getrandom. insecure-seed:
 * one random pair per rt_wasi, the same on every call. */
#include "wasi/wasi_host.h"

#include <errno.h>
#include <sys/random.h>

#define HOST_FN(name)                                                                        \
    static bool name(void *user, const rt_chost_call *call, const rt_cval *args,            \
                     uint32_t arg_count, rt_cval *result, rt_trap *trap)

static bool secure_bytes(uint8_t *p, size_t len)
{
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

static uint64_t insecure_next(rt_wasi *w)
{
    uint64_t *s = w->insecure_state;
    uint64_t x = s[0], y = s[1];
    s[0] = y;
    x ^= x << 23;
    s[1] = x ^ y ^ (x >> 17) ^ (y >> 26);
    return s[1] + y;
}

static bool fill_insecure(rt_wasi *w, uint8_t *p, size_t len)
{
    for (size_t i = 0; i < len; i += 8) {
        uint64_t r = insecure_next(w);
        for (size_t k = 0; k < 8 && i + k < len; k++)
            p[i + k] = (uint8_t)(r >> (8 * k));
    }
    return true;
}

static bool bytes(rt_wasi *w, const rt_chost_call *call, uint64_t len, bool secure,
                  rt_cval *result, rt_trap *trap)
{
    if (len > WASI_RANDOM_MAX)
        return wasi_trap(trap, "wasi:random: more than 64 MiB of random bytes requested");
    uint8_t *buf = comp_arena_alloc(call->arena, len ? (size_t)len : 1);
    if (!buf)
        return wasi_trap(trap, "out of memory");
    if (secure ? !secure_bytes(buf, (size_t)len) : !fill_insecure(w, buf, (size_t)len))
        return wasi_trap(trap, "wasi:random: the system's random source failed");
    return wasi_val_bytes(call->arena, buf, (size_t)len, result) || wasi_trap(trap, "out of memory");
}

HOST_FN(random_bytes) { return bytes(user, call, args[0].of.u, true, result, trap); }
HOST_FN(insecure_bytes) { return bytes(user, call, args[0].of.u, false, result, trap); }

/* 0.3.0 asks for up to max-len bytes and callers loop for more: each call
 * answers at most 64 KiB (one value per byte crosses the API). */
enum { P3_RANDOM_MAX = 64 * 1024 };
static uint64_t up_to(uint64_t max_len) { return max_len > P3_RANDOM_MAX ? P3_RANDOM_MAX : max_len; }
HOST_FN(random_bytes_up_to) { return bytes(user, call, up_to(args[0].of.u), true, result, trap); }
HOST_FN(insecure_bytes_up_to) { return bytes(user, call, up_to(args[0].of.u), false, result, trap); }

HOST_FN(random_u64)
{
    uint64_t x;
    if (!secure_bytes((uint8_t *)&x, sizeof x))
        return wasi_trap(trap, "wasi:random: the system's random source failed");
    *result = wasi_val_u64(x);
    return true;
}

HOST_FN(insecure_u64) { *result = wasi_val_u64(insecure_next(user)); return true; }

HOST_FN(insecure_seed)
{
    rt_wasi *w = user;
    rt_cval *pair = comp_arena_array(call->arena, 2, sizeof *pair);
    if (!pair)
        return wasi_trap(trap, "out of memory");
    pair[0] = wasi_val_u64(w->insecure_seed[0]);
    pair[1] = wasi_val_u64(w->insecure_seed[1]);
    *result = (rt_cval){.kind = RT_CT_TUPLE};
    result->of.seq.items = pair;
    result->of.seq.count = 2;
    return true;
}

bool wasi_define_p2_random(rt_wasi *w, rt_clinker *l)
{
    const wasi_types *t = &w->t;
    static const char *const len[] = {"len"};
    const rt_ctype *u64_p[] = {t->u64};
    const rt_ctype *pair[] = {t->u64, t->u64};
    const rt_cfunctype *bytes_t = wasi_functype(w, 1, len, u64_p, t->bytes);
    const rt_cfunctype *u64_t = wasi_functype(w, 0, NULL, NULL, t->u64);
    const wasi_func_def random[] = {
        {"get-random-bytes", random_bytes, bytes_t},
        {"get-random-u64", random_u64, u64_t},
    };
    const wasi_func_def insecure[] = {
        {"get-insecure-random-bytes", insecure_bytes, bytes_t},
        {"get-insecure-random-u64", insecure_u64, u64_t},
    };
    const wasi_func_def seed[] = {
        {"insecure-seed", insecure_seed,
         wasi_functype(w, 0, NULL, NULL, rt_ctype_tuple(&w->arena, 2, pair))},
    };
    return wasi_define_funcs(w, l, "wasi:random/random@0.2.12", random, 2) &&
           wasi_define_funcs(w, l, "wasi:random/insecure@0.2.12", insecure, 2) &&
           wasi_define_funcs(w, l, "wasi:random/insecure-seed@0.2.12", seed, 1);
}

bool wasi_define_p3_random(rt_wasi *w, rt_clinker *l)
{
    const wasi_types *t = &w->t;
    static const char *const max_len[] = {"max-len"};
    const rt_ctype *u64_p[] = {t->u64};
    const rt_ctype *pair[] = {t->u64, t->u64};
    const rt_cfunctype *bytes_t = wasi_functype(w, 1, max_len, u64_p, t->bytes);
    const rt_cfunctype *u64_t = wasi_functype(w, 0, NULL, NULL, t->u64);
    const wasi_func_def random[] = {
        {"get-random-bytes", random_bytes_up_to, bytes_t},
        {"get-random-u64", random_u64, u64_t},
    };
    const wasi_func_def insecure[] = {
        {"get-insecure-random-bytes", insecure_bytes_up_to, bytes_t},
        {"get-insecure-random-u64", insecure_u64, u64_t},
    };
    const wasi_func_def seed[] = {
        {"get-insecure-seed", insecure_seed,
         wasi_functype(w, 0, NULL, NULL, rt_ctype_tuple(&w->arena, 2, pair))},
    };
    return wasi_define_funcs(w, l, "wasi:random/random@0.3.0", random, 2) &&
           wasi_define_funcs(w, l, "wasi:random/insecure@0.3.0", insecure, 2) &&
           wasi_define_funcs(w, l, "wasi:random/insecure-seed@0.3.0", seed, 1);
}
