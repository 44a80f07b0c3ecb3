/* args_* and environ_*: the 0.2 lists, fetched into the scratch arena on
 * every call (nothing is cached, so the page stays small) and copied out as
 * NUL-terminated strings. */
#include "adapter.h"

/* A list of strings (args) or of key/value pairs (environ). */
typedef struct str_list {
    const uint8_t *items;
    uint32_t count;
} str_list;

static str_list fetch_args(adapter_state *st)
{
    uint8_t ret[8] __attribute__((aligned(4)));
    ia_use_arena(st);
    p2_get_arguments(ret);
    ia_done(st);
    return (str_list){ptr_of(ld32(ret)), ld32(ret + 4)};
}

static str_list fetch_env(adapter_state *st)
{
    uint8_t ret[8] __attribute__((aligned(4)));
    ia_use_arena(st);
    p2_get_environment(ret);
    ia_done(st);
    return (str_list){ptr_of(ld32(ret)), ld32(ret + 4)};
}

EXPORT("args_sizes_get")
p1_errno args_sizes_get(uint32_t *argc, uint32_t *buf_size)
{
    if (!adapter_ready()) {
        st32(argc, 0);
        st32(buf_size, 0);
        return 0;
    }
    str_list l = fetch_args(adapter_state_get());
    uint32_t total = 0;
    for (uint32_t i = 0; i < l.count; i++)
        total += ld32(l.items + (size_t)i * 8 + 4) + 1;
    st32(argc, l.count);
    st32(buf_size, total);
    return 0;
}

EXPORT("args_get")
p1_errno args_get(uint32_t *argv, uint8_t *buf)
{
    RETURN_IF_NOT_READY(P1_EIO);
    str_list l = fetch_args(adapter_state_get());
    for (uint32_t i = 0; i < l.count; i++) {
        const uint8_t *s = l.items + (size_t)i * 8;
        uint32_t len = ld32(s + 4);
        __builtin_memcpy(buf, ptr_of(ld32(s)), len);
        buf[len] = 0;
        st32(argv + i, (uint32_t)(uintptr_t)buf);
        buf += len + 1;
    }
    return 0;
}

EXPORT("environ_sizes_get")
p1_errno environ_sizes_get(uint32_t *count, uint32_t *buf_size)
{
    if (!adapter_ready()) {
        st32(count, 0);
        st32(buf_size, 0);
        return 0;
    }
    str_list l = fetch_env(adapter_state_get());
    uint32_t total = 0;
    for (uint32_t i = 0; i < l.count; i++) {
        const uint8_t *kv = l.items + (size_t)i * 16;
        total += ld32(kv + 4) + ld32(kv + 12) + 2; /* "KEY=VALUE\0" */
    }
    st32(count, l.count);
    st32(buf_size, total);
    return 0;
}

EXPORT("environ_get")
p1_errno environ_get(uint32_t *environ, uint8_t *buf)
{
    RETURN_IF_NOT_READY(P1_EIO);
    str_list l = fetch_env(adapter_state_get());
    for (uint32_t i = 0; i < l.count; i++) {
        const uint8_t *kv = l.items + (size_t)i * 16;
        uint32_t klen = ld32(kv + 4), vlen = ld32(kv + 12);
        st32(environ + i, (uint32_t)(uintptr_t)buf);
        __builtin_memcpy(buf, ptr_of(ld32(kv)), klen);
        buf[klen] = '=';
        __builtin_memcpy(buf + klen + 1, ptr_of(ld32(kv + 8)), vlen);
        buf[klen + 1 + vlen] = 0;
        buf += klen + vlen + 2;
    }
    return 0;
}
