/* Core signatures and canonical options of WIT functions (CanonicalABI.md:
 * flattening, MAX_FLAT_PARAMS = 16, MAX_FLAT_RESULTS = 1). */
#include "cnew/cnew_internal.h"

#include <stdio.h>
#include <string.h>

enum { MAX_FLAT_PARAMS = 16, MAX_FLAT_RESULTS = 1, FLAT_CAP = 64, MAX_WALK = 1u << 16 };

/* Flat types collected up to FLAT_CAP; `count` keeps counting past it
 * (only whether it passes the limits matters then). */
typedef struct flat {
    comp_valtype v[FLAT_CAP];
    uint32_t count;
    uint32_t work;
} flat;

static void push(flat *f, comp_valtype t)
{
    if (f->count < FLAT_CAP)
        f->v[f->count] = t;
    f->count++;
}

static comp_valtype join(comp_valtype a, comp_valtype b)
{
    if (a == b)
        return a;
    if ((a == COMP_I32 && b == COMP_F32) || (a == COMP_F32 && b == COMP_I32))
        return COMP_I32;
    return COMP_I64;
}

static bool flatten(const wit_resolve *r, wit_tref t, flat *f, unsigned depth);

/* Case i of a variant, option or result (NONE: no payload). */
static wit_tref case_type(const wit_rtype *ty, uint32_t i)
{
    if (ty->kind == WIT_DEF_KIND_VARIANT)
        return ty->fields[i].type;
    if (ty->kind == WIT_DEF_KIND_OPTION)
        return i == 0 ? (wit_tref){WIT_TREF_NONE, 0} : ty->a;
    return i == 0 ? ty->a : ty->b;
}

/* A variant-like type: the discriminant, then the cases joined slot by slot. */
static bool flatten_cases(const wit_resolve *r, const wit_rtype *ty, uint32_t n, flat *f, unsigned depth)
{
    push(f, COMP_I32);
    uint32_t start = f->count;
    uint32_t width = 0;
    for (uint32_t i = 0; i < n; i++) {
        wit_tref payload = case_type(ty, i);
        if (payload.kind == WIT_TREF_NONE)
            continue;
        flat c = {.work = f->work};
        if (!flatten(r, payload, &c, depth + 1))
            return false;
        f->work = c.work;
        for (uint32_t k = 0; k < c.count && k < FLAT_CAP; k++) {
            uint32_t at = start + k;
            if (k < width) {
                if (at < FLAT_CAP)
                    f->v[at] = join(f->v[at], c.v[k]);
            } else {
                push(f, c.v[k]);
                width++;
            }
        }
        for (uint32_t k = FLAT_CAP; k < c.count; k++)
            if (k >= width)
                f->count++, width++;
    }
    return true;
}

static bool flatten(const wit_resolve *r, wit_tref t, flat *f, unsigned depth)
{
    if (depth > WIT_RESOLVE_MAX_DIR_DEPTH * 16 || ++f->work > MAX_WALK)
        return false;
    switch (t.kind) {
    case WIT_TREF_NONE:
        return true;
    case WIT_TREF_U64: case WIT_TREF_S64:
        push(f, COMP_I64);
        return true;
    case WIT_TREF_F32:
        push(f, COMP_F32);
        return true;
    case WIT_TREF_F64:
        push(f, COMP_F64);
        return true;
    case WIT_TREF_STRING:
        push(f, COMP_I32);
        push(f, COMP_I32);
        return true;
    case WIT_TREF_ID:
        break;
    default:
        push(f, COMP_I32);
        return true;
    }
    if (t.id >= r->type_count)
        return false;
    const wit_rtype *ty = &r->types[t.id];
    switch (ty->kind) {
    case WIT_DEF_KIND_ALIAS:
        return flatten(r, ty->a, f, depth + 1);
    case WIT_DEF_KIND_RECORD:
    case WIT_DEF_KIND_TUPLE:
        for (uint32_t i = 0; i < ty->field_count; i++)
            if (!flatten(r, ty->fields[i].type, f, depth + 1))
                return false;
        return true;
    case WIT_DEF_KIND_FIXED_LIST:
        for (uint32_t i = 0; i < ty->length; i++)
            if (!flatten(r, ty->a, f, depth + 1))
                return false;
        return true;
    case WIT_DEF_KIND_FLAGS:
        for (uint32_t i = 0; i < (ty->field_count + 31) / 32; i++)
            push(f, COMP_I32);
        return true;
    case WIT_DEF_KIND_LIST:
    case WIT_DEF_KIND_MAP:
        push(f, COMP_I32);
        push(f, COMP_I32);
        return true;
    case WIT_DEF_KIND_VARIANT:
        return flatten_cases(r, ty, ty->field_count, f, depth);
    case WIT_DEF_KIND_OPTION:
    case WIT_DEF_KIND_RESULT:
        return flatten_cases(r, ty, 2, f, depth);
    default: /* enum, resource, own, borrow, future, stream */
        push(f, COMP_I32);
        return true;
    }
}

static comp_valtype *copy_types(comp_arena *arena, const comp_valtype *v, uint32_t n)
{
    comp_valtype *out = comp_arena_array(arena, n ? n : 1, sizeof *out);
    if (out && n)
        memcpy(out, v, n);
    return out;
}

bool cn_core_signature(const wit_resolve *r, const wit_rfunc *f, bool is_import,
                       comp_arena *arena, comp_functype *out, comp_error *err)
{
    flat params = {0}, results = {0};
    for (uint32_t i = 0; i < f->param_count; i++)
        if (!flatten(r, f->params[i].type, &params, 0))
            return comp_error_set(err, 0, "types of `%.*s` nest too deeply", (int)f->name.len, f->name.data);
    if (!flatten(r, f->result, &results, 0))
        return comp_error_set(err, 0, "types of `%.*s` nest too deeply", (int)f->name.len, f->name.data);
    if (params.count > MAX_FLAT_PARAMS) {
        params.count = 1;
        params.v[0] = COMP_I32;
    }
    if (results.count > MAX_FLAT_RESULTS) {
        if (is_import) {
            results.count = 0;
            push(&params, COMP_I32);
        } else {
            results.count = 1;
            results.v[0] = COMP_I32;
        }
    }
    out->param_count = params.count;
    out->result_count = results.count;
    out->params = copy_types(arena, params.v, params.count);
    out->results = copy_types(arena, results.v, results.count);
    return (out->params && out->results) || cn_oom(err);
}

enum { HAS_STRING = 1, HAS_LIST = 2 };

/* Whether strings or lists occur in `t` (an explicit stack: types may nest
 * deeply in hostile input). */
static unsigned contents(const wit_resolve *r, wit_tref t)
{
    wit_tref stack[256];
    uint32_t sp = 0, work = 0;
    unsigned found = 0;
    stack[sp++] = t;
    while (sp && work++ < MAX_WALK) {
        wit_tref cur = stack[--sp];
        if (cur.kind == WIT_TREF_STRING) {
            found |= HAS_STRING;
            continue;
        }
        if (cur.kind != WIT_TREF_ID || cur.id >= r->type_count)
            continue;
        const wit_rtype *ty = &r->types[cur.id];
        switch (ty->kind) {
        case WIT_DEF_KIND_LIST:
        case WIT_DEF_KIND_MAP:
            found |= HAS_LIST;
            break;
        case WIT_DEF_KIND_OWN: case WIT_DEF_KIND_BORROW: case WIT_DEF_KIND_RESOURCE:
        case WIT_DEF_KIND_FUTURE: case WIT_DEF_KIND_STREAM:
        case WIT_DEF_KIND_ENUM: case WIT_DEF_KIND_FLAGS:
            continue;
        default:
            break;
        }
        wit_tref next[2] = {ty->a, ty->b};
        for (int k = 0; k < 2; k++)
            if (next[k].kind != WIT_TREF_NONE && sp < 256)
                stack[sp++] = next[k];
        for (uint32_t i = 0; i < ty->field_count && sp < 256; i++)
            if (ty->fields[i].type.kind != WIT_TREF_NONE)
                stack[sp++] = ty->fields[i].type;
    }
    return found;
}

unsigned cn_required_options(const wit_resolve *r, const wit_rfunc *f, bool is_import)
{
    unsigned in = 0, res = contents(r, f->result);
    for (uint32_t i = 0; i < f->param_count; i++)
        in |= contents(r, f->params[i].type);
    /* Values that flow into this side's memory need realloc as well. */
    unsigned lowered = is_import ? res : in, lifted = is_import ? in : res;
    unsigned opts = 0;
    if (lowered & HAS_LIST)
        opts |= CN_OPT_MEMORY | CN_OPT_REALLOC;
    if (lowered & HAS_STRING)
        opts |= CN_OPT_MEMORY | CN_OPT_REALLOC | CN_OPT_STRING;
    if (lifted & HAS_LIST)
        opts |= CN_OPT_MEMORY;
    if (lifted & HAS_STRING)
        opts |= CN_OPT_MEMORY | CN_OPT_STRING;
    flat params = {0}, results = {0};
    for (uint32_t i = 0; i < f->param_count; i++)
        flatten(r, f->params[i].type, &params, 0);
    flatten(r, f->result, &results, 0);
    if (results.count > MAX_FLAT_RESULTS || params.count > MAX_FLAT_PARAMS)
        opts |= CN_OPT_MEMORY;
    if (!is_import && params.count > MAX_FLAT_PARAMS)
        opts |= CN_OPT_REALLOC;
    return opts;
}

bool cn_functype_eq(const comp_functype *a, const comp_functype *b)
{
    return a->param_count == b->param_count && a->result_count == b->result_count &&
           (a->param_count == 0 || memcmp(a->params, b->params, a->param_count) == 0) &&
           (a->result_count == 0 || memcmp(a->results, b->results, a->result_count) == 0);
}

static const char *valtype_name(comp_valtype t)
{
    switch (t) {
    case COMP_I32: return "i32";
    case COMP_I64: return "i64";
    case COMP_F32: return "f32";
    case COMP_F64: return "f64";
    case COMP_V128: return "v128";
    case COMP_FUNCREF: return "funcref";
    case COMP_EXTERNREF: return "externref";
    default: return "?";
    }
}

void cn_functype_text(const comp_functype *t, char *buf, size_t size)
{
    size_t n = 0;
#define OUT(...) do { if (n < size) n += (size_t)snprintf(buf + n, size - n, __VA_ARGS__); } while (0)
    OUT("(func");
    if (t->param_count) {
        OUT(" (param");
        for (uint32_t i = 0; i < t->param_count; i++)
            OUT(" %s", valtype_name(t->params[i]));
        OUT(")");
    }
    if (t->result_count) {
        OUT(" (result");
        for (uint32_t i = 0; i < t->result_count; i++)
            OUT(" %s", valtype_name(t->results[i]));
        OUT(")");
    }
    OUT(")");
#undef OUT
}
