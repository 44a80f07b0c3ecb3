/* Small constructors for the component values the WASI hosts return. */
#include "wasi/wasi_host.h"

#include <string.h>

rt_cval wasi_val_u64(uint64_t x) { return (rt_cval){.kind = RT_CT_U64, .of.u = x}; }
rt_cval wasi_val_u32(uint32_t x) { return (rt_cval){.kind = RT_CT_U32, .of.u = x}; }
rt_cval wasi_val_bool(bool b) { return (rt_cval){.kind = RT_CT_BOOL, .of.b = b}; }

rt_cval wasi_val_own(rt_resource_type *type, uint32_t rep)
{
    return (rt_cval){.kind = RT_CT_OWN, .of.handle = {type, rep}};
}

bool wasi_val_string(comp_arena *arena, const char *s, size_t len, rt_cval *out)
{
    if (len > UINT32_MAX)
        return false;
    char *copy = comp_arena_strndup(arena, s, len);
    if (!copy)
        return false;
    *out = (rt_cval){.kind = RT_CT_STRING};
    out->of.str = (comp_str){copy, (uint32_t)len};
    return true;
}

bool wasi_val_bytes(comp_arena *arena, const uint8_t *data, size_t len, rt_cval *out)
{
    if (len > UINT32_MAX)
        return false;
    rt_cval *items = comp_arena_array(arena, len ? len : 1, sizeof *items);
    if (!items)
        return false;
    for (size_t i = 0; i < len; i++)
        items[i] = (rt_cval){.kind = RT_CT_U8, .of.u = data[i]};
    *out = (rt_cval){.kind = RT_CT_LIST};
    out->of.seq.items = items;
    out->of.seq.count = (uint32_t)len;
    return true;
}

bool wasi_val_case(comp_arena *arena, rt_ctype_kind kind, uint32_t index, const rt_cval *payload,
                   rt_cval *out)
{
    rt_cval *p = NULL;
    if (payload) {
        if (!(p = comp_arena_alloc(arena, sizeof *p)))
            return false;
        *p = *payload;
    }
    *out = (rt_cval){.kind = (uint8_t)kind};
    out->of.cases.index = index;
    out->of.cases.payload = p;
    return true;
}

bool wasi_trap(rt_trap *trap, const char *message)
{
    rt_trap_set(trap, RT_TRAP_HOST, message);
    return false;
}
