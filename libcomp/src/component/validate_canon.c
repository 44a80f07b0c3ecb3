/* Canonical definitions (CanonicalABI.md "Canonical Definitions"): option
 * rules, the types of lifted functions and the core function types that
 * lowerings and built-ins produce (flatten_functype with 32-bit memories). */
#include "component/validate.h"

#include <stdio.h>
#include <string.h>

enum {
    MAX_FLAT_PARAMS = 16,
    MAX_FLAT_ASYNC_PARAMS = 4,
    MAX_FLAT_RESULTS = 1,
};

typedef struct vopts {
    bool has_encoding, has_memory, has_realloc, has_post_return, async, has_callback;
    uint8_t encoding;
    uint32_t memory, realloc, post_return, callback;
} vopts;

static const char *encoding_name(uint8_t e)
{
    return e == COMP_OPT_UTF8 ? "utf8" : e == COMP_OPT_UTF16 ? "utf16" : "latin1-utf16";
}

static const char *opt_name(uint8_t k)
{
    switch (k) {
    case COMP_OPT_UTF8: case COMP_OPT_UTF16: case COMP_OPT_LATIN1_UTF16: return "string-encoding";
    case COMP_OPT_MEMORY: return "memory";
    case COMP_OPT_REALLOC: return "realloc";
    case COMP_OPT_POST_RETURN: return "post-return";
    case COMP_OPT_ASYNC: return "async";
    default: return "callback";
    }
}

static bool is_core_func(vstate *s, vscope *sc, uint32_t f, const comp_valtype *params, uint32_t np,
                         const comp_valtype *results, uint32_t nr, size_t off, bool *match)
{
    if (f >= sc->core_funcs.len)
        return v_fail(s, off, "unknown function %u: function index out of bounds", f);
    comp_functype want = {np, nr, (comp_valtype *)params, (comp_valtype *)results};
    *match = core_functype_equal(&node_at(s, sc->core_funcs.v[f])->core_func, &want);
    return true;
}

/* Reads the options; `allowed` is a bit set of COMP_OPT_* kinds. */
static bool read_opts(vstate *s, vscope *sc, const comp_canon *c, uint32_t allowed, vopts *o)
{
    size_t off = c->offset;
    memset(o, 0, sizeof *o);
    for (uint32_t i = 0; i < c->opt_count; i++) {
        const comp_canonopt *opt = &c->opts[i];
        uint8_t k = opt->kind;
        if (k > COMP_OPT_CALLBACK)
            return v_fail(s, off, "invalid leading byte (0x%x) for canonical option", k);
        if (!(allowed & (1u << k))) {
            if (k == COMP_OPT_POST_RETURN && c->op == COMP_CANON_LOWER)
                return v_fail(s, off, "canonical option `post-return` cannot be specified for lowerings");
            if (k == COMP_OPT_CALLBACK && c->op == COMP_CANON_LOWER)
                return v_fail(s, off, "canonical option `callback` cannot be specified for lowerings");
            return v_fail(s, off, "canonical option `%s` is not allowed for `%s`", opt_name(k),
                          comp_canon_name(c->op));
        }
        bool ok = true, match = true;
        switch (k) {
        case COMP_OPT_UTF8: case COMP_OPT_UTF16: case COMP_OPT_LATIN1_UTF16:
            if (o->has_encoding)
                return v_fail(s, off, "canonical encoding option `%s` conflicts with option `%s`",
                              encoding_name(o->encoding), encoding_name(k));
            o->has_encoding = true;
            o->encoding = k;
            break;
        case COMP_OPT_MEMORY:
            if (o->has_memory)
                return v_fail(s, off, "canonical option `memory` is specified more than once");
            if (opt->index >= sc->core_memories.len)
                return v_fail(s, off, "unknown memory %u: memory index out of bounds", opt->index);
            if (sc->core_items[sc->core_memories.v[opt->index]].memory.flags & COMP_LIMITS_64)
                return v_fail(s, off, "canonical option `memory` must be a 32-bit memory");
            o->has_memory = true;
            o->memory = opt->index;
            break;
        case COMP_OPT_REALLOC: {
            static const comp_valtype p[4] = {COMP_I32, COMP_I32, COMP_I32, COMP_I32};
            static const comp_valtype r[1] = {COMP_I32};
            if (o->has_realloc)
                return v_fail(s, off, "canonical option `realloc` is specified more than once");
            ok = is_core_func(s, sc, opt->index, p, 4, r, 1, off, &match);
            if (ok && !match)
                return v_fail(s, off, "canonical option `realloc` uses a core function with an "
                              "incorrect signature");
            o->has_realloc = true;
            o->realloc = opt->index;
            break;
        }
        case COMP_OPT_POST_RETURN:
            if (o->has_post_return)
                return v_fail(s, off, "canonical option `post-return` is specified more than once");
            if (opt->index >= sc->core_funcs.len)
                return v_fail(s, off, "unknown function %u: function index out of bounds", opt->index);
            o->has_post_return = true;
            o->post_return = opt->index;
            break;
        case COMP_OPT_ASYNC:
            if (o->async)
                return v_fail(s, off, "canonical option `async` is specified more than once");
            o->async = true;
            break;
        default: {
            static const comp_valtype p[3] = {COMP_I32, COMP_I32, COMP_I32};
            static const comp_valtype r[1] = {COMP_I32};
            if (o->has_callback)
                return v_fail(s, off, "canonical option `callback` is specified more than once");
            ok = is_core_func(s, sc, opt->index, p, 3, r, 1, off, &match);
            if (ok && !match)
                return v_fail(s, off, "canonical option `callback` uses a core function with an "
                              "incorrect signature");
            o->has_callback = true;
            o->callback = opt->index;
            break;
        }
        }
        if (!ok)
            return false;
    }
    if (o->has_realloc && !o->has_memory)
        return v_fail(s, off, "canonical option `realloc` requires `memory` to also be specified");
    if (o->has_callback && !o->async)
        return v_fail(s, off, "cannot specify callback without async");
    if (o->has_post_return && o->async)
        return v_fail(s, off, "cannot specify post-return function in async");
    return true;
}

static bool require(vstate *s, bool have, const char *what, size_t off)
{
    return have || v_fail(s, off, "canonical option `%s` is required", what);
}

/* A new core function type node, its arrays in the arena. */
static vid core_type_of(vstate *s, const comp_valtype *params, uint32_t np,
                        const comp_valtype *results, uint32_t nr, size_t off)
{
    comp_functype ft = {np, nr, NULL, NULL};
    ft.params = v_array(s, np ? np : 1, 1, off);
    ft.results = v_array(s, nr ? nr : 1, 1, off);
    if (!ft.params || !ft.results)
        return VID_NONE;
    if (np)
        memcpy(ft.params, params, np);
    if (nr)
        memcpy(ft.results, results, nr);
    return core_func_node(s, &ft, off);
}

static bool push_core(vstate *s, vscope *sc, const comp_valtype *params, uint32_t np,
                      const comp_valtype *results, uint32_t nr, size_t off)
{
    vid id = core_type_of(s, params, np, results, nr, off);
    return id != VID_NONE && vvec_push(s, &sc->core_funcs, id, off);
}

/* Flat params/results of a component function type, saturating. */
typedef struct flat {
    comp_valtype params[VAL_MAX_FLAT], results[VAL_MAX_FLAT];
    uint32_t np, nr;
    bool params_memory, result_memory; /* a list or string inside */
} flat;

static void flatten_func(vstate *s, vid ft, flat *f)
{
    memset(f, 0, sizeof *f);
    const vnode *n = node_at(s, ft);
    for (uint32_t i = 0; i < n->count; i++) {
        val_flatten(s, n->fields[i].type, f->params, &f->np);
        f->params_memory |= val_needs_memory(s, n->fields[i].type);
        n = node_at(s, ft);
    }
    if (n->has_a) {
        vval r = n->a;
        val_flatten(s, r, f->results, &f->nr);
        f->result_memory = val_needs_memory(s, r);
    }
}

static void types_text(const comp_valtype *t, uint32_t n, char *buf, size_t size)
{
    size_t k = (size_t)snprintf(buf, size, "[");
    for (uint32_t i = 0; i < n && k < size; i++) {
        const char *name = t[i] == COMP_I32 ? "I32" : t[i] == COMP_I64 ? "I64"
                           : t[i] == COMP_F32 ? "F32" : t[i] == COMP_F64 ? "F64"
                           : t[i] == COMP_V128 ? "V128" : t[i] == COMP_FUNCREF ? "FuncRef"
                                                                               : "ExternRef";
        k += (size_t)snprintf(buf + k, size - k, "%s%s", i ? ", " : "", name);
    }
    if (k < size)
        snprintf(buf + k, size - k, "]");
}

/* The core function `f` must have the type flatten_functype gave. */
static bool check_core_sig(vstate *s, vscope *sc, uint32_t f, const comp_valtype *params,
                           uint32_t np, const comp_valtype *results, uint32_t nr, size_t off)
{
    if (f >= sc->core_funcs.len)
        return v_fail(s, off, "unknown function %u: function index out of bounds", f);
    const comp_functype *ft = &node_at(s, sc->core_funcs.v[f])->core_func;
    char want[128], got[128];
    if (ft->param_count != np || (np && memcmp(ft->params, params, np) != 0)) {
        types_text(params, np, want, sizeof want);
        types_text(ft->params, ft->param_count, got, sizeof got);
        return v_fail(s, off, "lowered parameter types `%s` do not match parameter types `%s` of "
                      "core function %u", want, got, f);
    }
    if (ft->result_count != nr || (nr && memcmp(ft->results, results, nr) != 0)) {
        types_text(results, nr, want, sizeof want);
        types_text(ft->results, ft->result_count, got, sizeof got);
        return v_fail(s, off, "lowered result types `%s` do not match result types `%s` of "
                      "core function %u", want, got, f);
    }
    return true;
}

static bool func_type_at(vstate *s, vscope *sc, uint32_t index, size_t off, vid *out)
{
    if (index >= sc->types.len)
        return v_fail(s, off, "unknown type %u: type index out of bounds", index);
    *out = sc->types.v[index];
    uint8_t k = node_at(s, *out)->kind;
    if (k != COMP_TYPE_FUNC && k != COMP_TYPE_ASYNC_FUNC)
        return v_fail(s, off, "type index %u is not a function type", index);
    return true;
}

static bool canon_lift(vstate *s, vscope *sc, const comp_canon *c)
{
    size_t off = c->offset;
    vopts o;
    vid ft = VID_NONE;
    if (!func_type_at(s, sc, c->type, off, &ft) ||
        !read_opts(s, sc, c, 0xff, &o))
        return false;
    bool async_type = node_at(s, ft)->kind == COMP_TYPE_ASYNC_FUNC;
    if (o.async && !async_type)
        return v_fail(s, off, "the `async` canonical option requires an async function type");
    flat f;
    flatten_func(s, ft, &f);
    /* Lifting a list or string param needs realloc, which needs memory:
     * name the missing memory first. */
    if (f.params_memory && (!require(s, o.has_memory, "memory", off) ||
                            !require(s, o.has_realloc, "realloc", off)))
        return false;
    if (f.result_memory && !require(s, o.has_memory, "memory", off))
        return false;
    if (f.np > MAX_FLAT_PARAMS) {
        if (!require(s, o.has_realloc, "realloc", off))
            return false;
        f.np = 1;
        f.params[0] = COMP_I32;
    }
    uint32_t max_results = o.async ? MAX_FLAT_PARAMS : MAX_FLAT_RESULTS;
    if (f.nr > max_results && !require(s, o.has_memory, "memory", off))
        return false;
    if (!o.async) {
        if (f.nr > MAX_FLAT_RESULTS) {
            f.nr = 1;
            f.results[0] = COMP_I32;
        }
    } else {
        f.nr = o.has_callback ? 1 : 0;
        f.results[0] = COMP_I32;
    }
    if (!check_core_sig(s, sc, c->func, f.params, f.np, f.results, f.nr, off))
        return false;
    if (o.has_post_return) {
        const comp_functype *pr = &node_at(s, sc->core_funcs.v[o.post_return])->core_func;
        if (pr->result_count != 0 || pr->param_count != f.nr ||
            (f.nr && memcmp(pr->params, f.results, f.nr) != 0))
            return v_fail(s, off, "canonical option `post-return` uses a core function with an "
                          "incorrect signature");
    }
    return vvec_push(s, &sc->funcs, ft, off);
}

static bool canon_lower(vstate *s, vscope *sc, const comp_canon *c)
{
    size_t off = c->offset;
    vopts o;
    if (c->func >= sc->funcs.len)
        return v_fail(s, off, "unknown function %u: function index out of bounds", c->func);
    vid ft = sc->funcs.v[c->func];
    uint32_t allowed = 0xff & ~(1u << COMP_OPT_POST_RETURN) & ~(1u << COMP_OPT_CALLBACK);
    if (!read_opts(s, sc, c, allowed, &o))
        return false;
    if (o.async && node_at(s, ft)->kind != COMP_TYPE_ASYNC_FUNC)
        return v_fail(s, off, "the `async` canonical option requires an async function type");
    flat f;
    flatten_func(s, ft, &f);
    if (f.params_memory && !require(s, o.has_memory, "memory", off))
        return false;
    if (f.result_memory && (!require(s, o.has_memory, "memory", off) ||
                            !require(s, o.has_realloc, "realloc", off)))
        return false;
    /* Async lowering needs memory only where flatten_functype passes a
     * pointer: spilled params or a result (checked below). The reference
     * suite (async/big-interleaving-test.wast) accepts `async` without
     * `memory` for a result-less function with few params. */
    uint32_t max_params = o.async ? MAX_FLAT_ASYNC_PARAMS : MAX_FLAT_PARAMS;
    if (f.np > max_params) {
        if (!require(s, o.has_memory, "memory", off))
            return false;
        f.np = 1;
        f.params[0] = COMP_I32;
    }
    if (!o.async) {
        if (f.nr > MAX_FLAT_RESULTS) {
            if (!require(s, o.has_memory, "memory", off))
                return false;
            f.params[f.np++] = COMP_I32;
            f.nr = 0;
        }
    } else {
        if (f.nr > 0 && !require(s, o.has_memory, "memory", off))
            return false;
        if (f.nr > 0)
            f.params[f.np++] = COMP_I32;
        f.nr = 1;
        f.results[0] = COMP_I32;
    }
    return push_core(s, sc, f.params, f.np, f.results, f.nr, off);
}

static bool resource_at(vstate *s, vscope *sc, uint32_t index, bool must_be_local, size_t off)
{
    if (index >= sc->types.len)
        return v_fail(s, off, "unknown type %u: type index out of bounds", index);
    const vnode *r = node_at(s, resource_base(s, sc->types.v[index]));
    if (r->kind != COMP_TYPE_RESOURCE)
        return v_fail(s, off, "type index %u is not a resource type", index);
    if (must_be_local && !(r->local && r->origin == sc->serial))
        return v_fail(s, off, "type index %u is not a local resource", index);
    return true;
}

/* The stream or future type a built-in names; its payload, if any. */
static bool async_type_at(vstate *s, vscope *sc, uint32_t index, uint8_t want, size_t off,
                          bool *has_payload, vval *payload)
{
    if (index >= sc->types.len)
        return v_fail(s, off, "unknown type %u: type index out of bounds", index);
    const vnode *t = node_at(s, sc->types.v[index]);
    if (t->kind != want)
        return v_fail(s, off, "type index %u is not a %s type", index,
                      want == COMP_TYPE_STREAM ? "stream" : "future");
    *has_payload = t->has_a;
    *payload = t->a;
    return true;
}

static bool canon_copy(vstate *s, vscope *sc, const comp_canon *c, uint8_t want, bool read,
                       bool stream)
{
    size_t off = c->offset;
    bool has = false;
    vval payload = {0, VID_NONE};
    vopts o;
    uint32_t allowed = (1u << COMP_OPT_UTF8) | (1u << COMP_OPT_UTF16) |
                       (1u << COMP_OPT_LATIN1_UTF16) | (1u << COMP_OPT_MEMORY) |
                       (1u << COMP_OPT_REALLOC) | (1u << COMP_OPT_ASYNC);
    if (!async_type_at(s, sc, c->type, want, off, &has, &payload) ||
        !read_opts(s, sc, c, allowed, &o))
        return false;
    if (has) {
        if (!require(s, o.has_memory, "memory", off))
            return false;
        if (read && val_needs_memory(s, payload) && !require(s, o.has_realloc, "realloc", off))
            return false;
    }
    static const comp_valtype p[3] = {COMP_I32, COMP_I32, COMP_I32};
    static const comp_valtype r[1] = {COMP_I32};
    return push_core(s, sc, p, stream ? 3 : 2, r, 1, off);
}

static bool canon_task_return(vstate *s, vscope *sc, const comp_canon *c)
{
    size_t off = c->offset;
    vopts o;
    uint32_t allowed = (1u << COMP_OPT_UTF8) | (1u << COMP_OPT_UTF16) |
                       (1u << COMP_OPT_LATIN1_UTF16) | (1u << COMP_OPT_MEMORY);
    if (!read_opts(s, sc, c, allowed, &o))
        return false;
    comp_valtype params[VAL_MAX_FLAT];
    uint32_t np = 0;
    if (c->has_result) {
        vval t;
        if (!resolve_valtype(s, sc, &c->result, off, &t))
            return false;
        if (val_has_borrow(s, t))
            return v_fail(s, off, "function result cannot contain a `borrow` type");
        val_flatten(s, t, params, &np);
        if (val_needs_memory(s, t) && !require(s, o.has_memory, "memory", off))
            return false;
        if (np > MAX_FLAT_PARAMS) {
            if (!require(s, o.has_memory, "memory", off))
                return false;
            np = 1;
            params[0] = COMP_I32;
        }
    }
    return push_core(s, sc, params, np, NULL, 0, off);
}

static bool thread_func_type(vstate *s, vscope *sc, uint32_t index, size_t off)
{
    if (index >= sc->core_types.len)
        return v_fail(s, off, "unknown type %u: type index out of bounds", index);
    const vnode *t = node_at(s, sc->core_types.v[index]);
    static const comp_valtype p[1] = {COMP_I32};
    comp_functype want = {1, 0, (comp_valtype *)p, NULL};
    if (t->kind != VK_CORE_FUNC || !core_functype_equal(&t->core_func, &want))
        return v_fail(s, off, "start function type %u must be (func (param i32))", index);
    return true;
}

static bool thread_table(vstate *s, vscope *sc, uint32_t index, size_t off)
{
    if (index >= sc->core_tables.len)
        return v_fail(s, off, "unknown table %u: table index out of bounds", index);
    if (sc->core_items[sc->core_tables.v[index]].table.elem != COMP_FUNCREF)
        return v_fail(s, off, "table %u must have element type funcref", index);
    return true;
}

bool canon_define(vstate *s, vscope *sc, const comp_canon *c)
{
    static const comp_valtype I[3] = {COMP_I32, COMP_I32, COMP_I32};
    static const comp_valtype L[1] = {COMP_I64};
    size_t off = c->offset;
    vopts o;
    switch (c->op) {
    case COMP_CANON_LIFT:
        return canon_lift(s, sc, c);
    case COMP_CANON_LOWER:
        return canon_lower(s, sc, c);
    case COMP_CANON_RESOURCE_NEW:
    case COMP_CANON_RESOURCE_REP:
        return resource_at(s, sc, c->type, true, off) && push_core(s, sc, I, 1, I, 1, off);
    case COMP_CANON_RESOURCE_DROP:
        return resource_at(s, sc, c->type, false, off) && push_core(s, sc, I, 1, NULL, 0, off);
    case COMP_CANON_TASK_RETURN:
        return canon_task_return(s, sc, c);
    case COMP_CANON_CONTEXT_GET:
    case COMP_CANON_CONTEXT_SET: {
        if (c->core_valtype != COMP_I32)
            return v_fail(s, off, "`%s` requires the type i32", comp_canon_name(c->op));
        if (c->index >= 2)
            return v_fail(s, off, "`%s` index %u is out of bounds (there are 2 slots)",
                          comp_canon_name(c->op), c->index);
        if (c->op == COMP_CANON_CONTEXT_GET)
            return push_core(s, sc, NULL, 0, I, 1, off);
        return push_core(s, sc, I, 1, NULL, 0, off);
    }
    case COMP_CANON_TASK_CANCEL:
    case COMP_CANON_BACKPRESSURE_INC:
    case COMP_CANON_BACKPRESSURE_DEC:
        return push_core(s, sc, NULL, 0, NULL, 0, off);
    case COMP_CANON_SUBTASK_CANCEL:
    case COMP_CANON_THREAD_SUSPEND_THEN_RESUME:
    case COMP_CANON_THREAD_YIELD_THEN_RESUME:
    case COMP_CANON_THREAD_SUSPEND_THEN_PROMOTE:
    case COMP_CANON_THREAD_YIELD_THEN_PROMOTE:
        return push_core(s, sc, I, 1, I, 1, off);
    case COMP_CANON_SUBTASK_DROP:
    case COMP_CANON_WAITABLE_SET_DROP:
    case COMP_CANON_ERROR_CONTEXT_DROP:
    case COMP_CANON_THREAD_RESUME_LATER:
        return push_core(s, sc, I, 1, NULL, 0, off);
    case COMP_CANON_WAITABLE_SET_NEW:
    case COMP_CANON_THREAD_INDEX:
    case COMP_CANON_THREAD_YIELD:
    case COMP_CANON_THREAD_SUSPEND:
    case COMP_CANON_THREAD_AVAILABLE_PARALLELISM:
        return push_core(s, sc, NULL, 0, I, 1, off);
    case COMP_CANON_WAITABLE_JOIN:
        return push_core(s, sc, I, 2, NULL, 0, off);
    case COMP_CANON_WAITABLE_SET_WAIT:
    case COMP_CANON_WAITABLE_SET_POLL:
        if (c->memory >= sc->core_memories.len)
            return v_fail(s, off, "unknown memory %u: memory index out of bounds", c->memory);
        return push_core(s, sc, I, 2, I, 1, off);
    case COMP_CANON_STREAM_NEW:
    case COMP_CANON_FUTURE_NEW: {
        bool has = false;
        vval payload = {0, VID_NONE};
        uint8_t want = c->op == COMP_CANON_STREAM_NEW ? COMP_TYPE_STREAM : COMP_TYPE_FUTURE;
        return async_type_at(s, sc, c->type, want, off, &has, &payload) &&
               push_core(s, sc, NULL, 0, L, 1, off);
    }
    case COMP_CANON_STREAM_READ:
        return canon_copy(s, sc, c, COMP_TYPE_STREAM, true, true);
    case COMP_CANON_STREAM_WRITE:
        return canon_copy(s, sc, c, COMP_TYPE_STREAM, false, true);
    case COMP_CANON_FUTURE_READ:
        return canon_copy(s, sc, c, COMP_TYPE_FUTURE, true, false);
    case COMP_CANON_FUTURE_WRITE:
        return canon_copy(s, sc, c, COMP_TYPE_FUTURE, false, false);
    case COMP_CANON_STREAM_CANCEL_READ:
    case COMP_CANON_STREAM_CANCEL_WRITE:
    case COMP_CANON_FUTURE_CANCEL_READ:
    case COMP_CANON_FUTURE_CANCEL_WRITE:
    case COMP_CANON_STREAM_DROP_READABLE:
    case COMP_CANON_STREAM_DROP_WRITABLE:
    case COMP_CANON_FUTURE_DROP_READABLE:
    case COMP_CANON_FUTURE_DROP_WRITABLE: {
        bool stream = c->op >= COMP_CANON_STREAM_CANCEL_READ &&
                      c->op <= COMP_CANON_STREAM_DROP_WRITABLE;
        bool drop = c->op == COMP_CANON_STREAM_DROP_READABLE ||
                    c->op == COMP_CANON_STREAM_DROP_WRITABLE ||
                    c->op == COMP_CANON_FUTURE_DROP_READABLE ||
                    c->op == COMP_CANON_FUTURE_DROP_WRITABLE;
        bool has = false;
        vval payload = {0, VID_NONE};
        if (!async_type_at(s, sc, c->type, stream ? COMP_TYPE_STREAM : COMP_TYPE_FUTURE, off, &has,
                           &payload))
            return false;
        return drop ? push_core(s, sc, I, 1, NULL, 0, off) : push_core(s, sc, I, 1, I, 1, off);
    }
    case COMP_CANON_ERROR_CONTEXT_NEW:
    case COMP_CANON_ERROR_CONTEXT_DEBUG_MESSAGE: {
        uint32_t allowed = (1u << COMP_OPT_UTF8) | (1u << COMP_OPT_UTF16) |
                           (1u << COMP_OPT_LATIN1_UTF16) | (1u << COMP_OPT_MEMORY) |
                           (1u << COMP_OPT_REALLOC);
        if (!read_opts(s, sc, c, allowed, &o) || !require(s, o.has_memory, "memory", off))
            return false;
        if (c->op == COMP_CANON_ERROR_CONTEXT_NEW)
            return push_core(s, sc, I, 2, I, 1, off);
        return require(s, o.has_realloc, "realloc", off) && push_core(s, sc, I, 2, NULL, 0, off);
    }
    case COMP_CANON_THREAD_NEW_INDIRECT:
    case COMP_CANON_THREAD_SPAWN_INDIRECT:
        return thread_func_type(s, sc, c->type, off) && thread_table(s, sc, c->table, off) &&
               push_core(s, sc, I, 2, I, 1, off);
    case COMP_CANON_THREAD_SPAWN_REF: {
        static const comp_valtype p[2] = {COMP_FUNCREF, COMP_I32};
        return thread_func_type(s, sc, c->type, off) && push_core(s, sc, p, 2, I, 1, off);
    }
    default:
        return v_fail(s, off, "invalid leading byte (0x%x) for canonical function", c->op);
    }
}
