/* Component text parser: canonical definitions (lift, lower and the
 * built-ins), their options, and the `func` / `core func` forms that wrap
 * them or an alias. */
#include "text/wat_component_parser.h"

#include <string.h>

bool wc_core_ref(wc_ctx *cx, const text_sexpr *e, uint8_t ns, const char *kw, uint32_t *slot,
                 wc_fixups *f)
{
    if (wc_is_index(e)) {
        wc_fixup_add(cx, f, slot, ns, e->parent, 0, 0);
        /* e->parent->items[0] is not e in general: find its position. */
        wc_fixup *x = (wc_fixup *)f->items.data + f->items.count - 1;
        if (f->items.cap != UINT32_MAX)
            for (uint32_t i = 0; i < e->parent->count; i++)
                if (e->parent->items[i] == e)
                    x->at = i;
        return true;
    }
    uint32_t at;
    if (wc_is_core_form(e, kw))
        at = 2;
    else if (wc_is_form(e, kw))
        at = 1; /* the legacy form without `core` */
    else
        return wc_fail(cx, e, "expected `(core %s ...)`", kw);
    if (at >= e->count || !wc_is_index(e->items[at]))
        return wc_fail(cx, wc_item_or_self(e, at), "expected an index or an identifier");
    uint32_t names = e->count - at - 1;
    if (names > 1 || (names == 1 && !wc_is_string(e->items[at + 1])))
        return wc_fail(cx, e->items[at + 1], "expected `)`");
    wc_fixup_add(cx, f, slot, ns, e, at, names);
    return true;
}

/* One canonopt at list->items[i]; false with an error, or *matched false
 * when the item is not an option. */
static bool canon_opt(wc_ctx *cx, const text_sexpr *o, comp_canonopt *out, bool *matched,
                      wc_fixups *f)
{
    *matched = true;
    if (wc_is_kw(o, "string-encoding=utf8")) {
        out->kind = COMP_OPT_UTF8;
        return true;
    }
    if (wc_is_kw(o, "string-encoding=utf16")) {
        out->kind = COMP_OPT_UTF16;
        return true;
    }
    if (wc_is_kw(o, "string-encoding=latin1+utf16")) {
        out->kind = COMP_OPT_LATIN1_UTF16;
        return true;
    }
    if (wc_is_kw(o, "async")) {
        out->kind = COMP_OPT_ASYNC;
        return true;
    }
    static const struct {
        const char *head, *sort;
        uint8_t kind, ns;
    } refs[] = {{"memory", "memory", COMP_OPT_MEMORY, WC_CORE_MEMORY},
                {"realloc", "func", COMP_OPT_REALLOC, WC_CORE_FUNC},
                {"post-return", "func", COMP_OPT_POST_RETURN, WC_CORE_FUNC},
                {"callback", "func", COMP_OPT_CALLBACK, WC_CORE_FUNC}};
    for (size_t i = 0; i < sizeof refs / sizeof refs[0]; i++) {
        if (!wc_is_form(o, refs[i].head))
            continue;
        out->kind = refs[i].kind;
        if (o->count == 3 && wc_is_index(o->items[1]) && wc_is_string(o->items[2])) {
            /* the older `(memory $i "mem")` shorthand */
            wc_fixup_add(cx, f, &out->index, refs[i].ns, o, 1, 1);
            return true;
        }
        if (o->count != 2)
            return wc_fail(cx, o, "expected `(%s (core %s ...))`", refs[i].head, refs[i].sort);
        return wc_core_ref(cx, o->items[1], refs[i].ns, refs[i].sort, &out->index, f);
    }
    *matched = false;
    return true;
}

/* Options from items[*at...] until a non-option. */
static bool canon_opts(wc_ctx *cx, const text_sexpr *e, uint32_t *at, comp_canon *c, wc_fixups *f)
{
    uint32_t n = 0;
    c->opts = comp_arena_array(cx->arena, e->count ? e->count : 1, sizeof *c->opts);
    if (!c->opts)
        return wc_oom(cx, e);
    while (*at < e->count) {
        bool matched;
        if (!canon_opt(cx, e->items[*at], &c->opts[n], &matched, f))
            return false;
        if (!matched)
            break;
        n++;
        (*at)++;
    }
    c->opt_count = n;
    return true;
}

/* A type index `$t`, `N` or `(type idx name*)`. */
static bool type_ref(wc_ctx *cx, const text_sexpr *e, uint32_t at, uint32_t *slot, wc_fixups *f)
{
    const text_sexpr *x = wc_item_or_self(e, at);
    if (at < e->count && wc_is_index(x)) {
        wc_fixup_add(cx, f, slot, WC_TYPE, e, at, 0);
        return true;
    }
    if (at < e->count && wc_is_form(x, "type") && x->count >= 2 && wc_is_index(x->items[1])) {
        wc_fixup_add(cx, f, slot, WC_TYPE, x, 1, x->count - 2);
        return true;
    }
    return wc_fail(cx, x, "expected a type index");
}

static const struct {
    const char *name;
    uint8_t op;
} ops[] = {
    {"lift", COMP_CANON_LIFT},
    {"lower", COMP_CANON_LOWER},
    {"resource.new", COMP_CANON_RESOURCE_NEW},
    {"resource.drop", COMP_CANON_RESOURCE_DROP},
    {"resource.rep", COMP_CANON_RESOURCE_REP},
    {"task.cancel", COMP_CANON_TASK_CANCEL},
    {"subtask.cancel", COMP_CANON_SUBTASK_CANCEL},
    {"task.return", COMP_CANON_TASK_RETURN},
    {"context.get", COMP_CANON_CONTEXT_GET},
    {"context.set", COMP_CANON_CONTEXT_SET},
    {"thread.yield", COMP_CANON_THREAD_YIELD},
    {"subtask.drop", COMP_CANON_SUBTASK_DROP},
    {"stream.new", COMP_CANON_STREAM_NEW},
    {"stream.read", COMP_CANON_STREAM_READ},
    {"stream.write", COMP_CANON_STREAM_WRITE},
    {"stream.cancel-read", COMP_CANON_STREAM_CANCEL_READ},
    {"stream.cancel-write", COMP_CANON_STREAM_CANCEL_WRITE},
    {"stream.drop-readable", COMP_CANON_STREAM_DROP_READABLE},
    {"stream.drop-writable", COMP_CANON_STREAM_DROP_WRITABLE},
    {"future.new", COMP_CANON_FUTURE_NEW},
    {"future.read", COMP_CANON_FUTURE_READ},
    {"future.write", COMP_CANON_FUTURE_WRITE},
    {"future.cancel-read", COMP_CANON_FUTURE_CANCEL_READ},
    {"future.cancel-write", COMP_CANON_FUTURE_CANCEL_WRITE},
    {"future.drop-readable", COMP_CANON_FUTURE_DROP_READABLE},
    {"future.drop-writable", COMP_CANON_FUTURE_DROP_WRITABLE},
    {"error-context.new", COMP_CANON_ERROR_CONTEXT_NEW},
    {"error-context.debug-message", COMP_CANON_ERROR_CONTEXT_DEBUG_MESSAGE},
    {"error-context.drop", COMP_CANON_ERROR_CONTEXT_DROP},
    {"waitable-set.new", COMP_CANON_WAITABLE_SET_NEW},
    {"waitable-set.wait", COMP_CANON_WAITABLE_SET_WAIT},
    {"waitable-set.poll", COMP_CANON_WAITABLE_SET_POLL},
    {"waitable-set.drop", COMP_CANON_WAITABLE_SET_DROP},
    {"waitable.join", COMP_CANON_WAITABLE_JOIN},
    {"backpressure.inc", COMP_CANON_BACKPRESSURE_INC},
    {"backpressure.dec", COMP_CANON_BACKPRESSURE_DEC},
    {"thread.index", COMP_CANON_THREAD_INDEX},
    {"thread.new-indirect", COMP_CANON_THREAD_NEW_INDIRECT},
    {"thread.resume-later", COMP_CANON_THREAD_RESUME_LATER},
    {"thread.suspend", COMP_CANON_THREAD_SUSPEND},
    {"thread.suspend-then-resume", COMP_CANON_THREAD_SUSPEND_THEN_RESUME},
    {"thread.yield-then-resume", COMP_CANON_THREAD_YIELD_THEN_RESUME},
    {"thread.suspend-then-promote", COMP_CANON_THREAD_SUSPEND_THEN_PROMOTE},
    {"thread.yield-then-promote", COMP_CANON_THREAD_YIELD_THEN_PROMOTE},
    {"thread.spawn-ref", COMP_CANON_THREAD_SPAWN_REF},
    {"thread.spawn-indirect", COMP_CANON_THREAD_SPAWN_INDIRECT},
    {"thread.available-parallelism", COMP_CANON_THREAD_AVAILABLE_PARALLELISM},
};

static bool optional_flag(const text_sexpr *e, uint32_t *at, const char *kw)
{
    if (*at < e->count && wc_is_kw(e->items[*at], kw)) {
        (*at)++;
        return true;
    }
    return false;
}

/* The operands of built-in `op` from items[*at...] (everything but lift
 * and lower). */
static bool builtin_operands(wc_ctx *cx, const text_sexpr *e, uint32_t *at, comp_canon *c,
                             wc_fixups *f)
{
    switch (c->op) {
    case COMP_CANON_RESOURCE_NEW:
    case COMP_CANON_RESOURCE_DROP:
    case COMP_CANON_RESOURCE_REP:
    case COMP_CANON_STREAM_NEW:
    case COMP_CANON_STREAM_DROP_READABLE:
    case COMP_CANON_STREAM_DROP_WRITABLE:
    case COMP_CANON_FUTURE_NEW:
    case COMP_CANON_FUTURE_DROP_READABLE:
    case COMP_CANON_FUTURE_DROP_WRITABLE:
        return type_ref(cx, e, (*at)++, &c->type, f);
    case COMP_CANON_STREAM_READ:
    case COMP_CANON_STREAM_WRITE:
    case COMP_CANON_FUTURE_READ:
    case COMP_CANON_FUTURE_WRITE:
        if (!type_ref(cx, e, (*at)++, &c->type, f))
            return false;
        return canon_opts(cx, e, at, c, f);
    case COMP_CANON_STREAM_CANCEL_READ:
    case COMP_CANON_STREAM_CANCEL_WRITE:
    case COMP_CANON_FUTURE_CANCEL_READ:
    case COMP_CANON_FUTURE_CANCEL_WRITE:
        if (!type_ref(cx, e, (*at)++, &c->type, f))
            return false;
        c->flag = optional_flag(e, at, "async");
        return true;
    case COMP_CANON_SUBTASK_CANCEL:
        c->flag = optional_flag(e, at, "async");
        return true;
    case COMP_CANON_CONTEXT_GET:
    case COMP_CANON_CONTEXT_SET:
        if (!wc_core_valtype(cx, wc_item_or_self(e, *at), &c->core_valtype))
            return false;
        (*at)++;
        return wc_u32(cx, wc_item_or_self(e, *at), &c->index) && ++*at;
    case COMP_CANON_TASK_RETURN:
        if (*at < e->count && wc_is_form(e->items[*at], "result")) {
            const text_sexpr *r = e->items[(*at)++];
            c->has_result = true;
            if (!wc_expect_end(cx, r, 2) || !wc_valtype(cx, r, 1, &c->result, f))
                return false;
        }
        return canon_opts(cx, e, at, c, f);
    case COMP_CANON_ERROR_CONTEXT_NEW:
    case COMP_CANON_ERROR_CONTEXT_DEBUG_MESSAGE:
        return canon_opts(cx, e, at, c, f);
    case COMP_CANON_WAITABLE_SET_WAIT:
    case COMP_CANON_WAITABLE_SET_POLL: {
        c->flag = optional_flag(e, at, "cancellable") || optional_flag(e, at, "async");
        const text_sexpr *m = wc_item_or_self(e, *at);
        if (!wc_is_form(m, "memory"))
            return wc_fail(cx, m, "expected `(memory ...)`");
        (*at)++;
        if (m->count == 3 && wc_is_index(m->items[1]) && wc_is_string(m->items[2])) {
            wc_fixup_add(cx, f, &c->memory, WC_CORE_MEMORY, m, 1, 1);
            return true;
        }
        return wc_expect_end(cx, m, 2) &&
               wc_core_ref(cx, m->items[1], WC_CORE_MEMORY, "memory", &c->memory, f);
    }
    case COMP_CANON_THREAD_YIELD:
    case COMP_CANON_THREAD_SUSPEND:
    case COMP_CANON_THREAD_SUSPEND_THEN_RESUME:
    case COMP_CANON_THREAD_YIELD_THEN_RESUME:
    case COMP_CANON_THREAD_SUSPEND_THEN_PROMOTE:
    case COMP_CANON_THREAD_YIELD_THEN_PROMOTE:
        c->flag = optional_flag(e, at, "cancellable");
        return true;
    case COMP_CANON_THREAD_NEW_INDIRECT:
    case COMP_CANON_THREAD_SPAWN_INDIRECT:
        if (c->op == COMP_CANON_THREAD_SPAWN_INDIRECT)
            c->flag = optional_flag(e, at, "shared");
        if (!wc_core_ref(cx, wc_item_or_self(e, *at), WC_CORE_TYPE, "type", &c->type, f))
            return false;
        (*at)++;
        if (!wc_core_ref(cx, wc_item_or_self(e, *at), WC_CORE_TABLE, "table", &c->table, f))
            return false;
        (*at)++;
        return true;
    case COMP_CANON_THREAD_SPAWN_REF:
        c->flag = optional_flag(e, at, "shared");
        if (!wc_core_ref(cx, wc_item_or_self(e, *at), WC_CORE_TYPE, "type", &c->type, f))
            return false;
        (*at)++;
        return true;
    case COMP_CANON_THREAD_AVAILABLE_PARALLELISM:
        c->flag = optional_flag(e, at, "shared");
        return true;
    default:
        return true;
    }
}

/* `(canon ...)` where `sugar` is the wrapping `(func ...)` / `(core func
 * ...)` list (NULL when the canon stands alone), `id` its $id and
 * `type_at` where a lift's type use starts in `sugar`. */
static bool canon(wc_ctx *cx, const text_sexpr *e, const text_sexpr *sugar, const text_sexpr *id,
                  uint32_t type_at, comp_vec *exports)
{
    comp_canon c = {0};
    c.offset = e->tok.pos.offset;
    const text_sexpr *op = wc_item_or_self(e, 1);
    size_t k = 0;
    while (k < sizeof ops / sizeof ops[0] && !wc_is_kw(op, ops[k].name))
        k++;
    if (k == sizeof ops / sizeof ops[0])
        return wc_fail(cx, op, "unknown canonical function");
    c.op = ops[k].op;
    uint32_t at = 2, end = e->count;
    const text_sexpr *decl = NULL; /* the trailing `(func ...)` / `(core func ...)` */
    if (!sugar) {
        decl = end > 2 ? e->items[end - 1] : NULL;
        bool lift = c.op == COMP_CANON_LIFT;
        if (!decl || (lift ? !wc_is_form(decl, "func") : !wc_is_core_form(decl, "func")))
            return wc_fail(cx, decl ? decl : e, lift ? "expected `(func $id? type)` at the end"
                                                  : "expected `(core func $id?)` at the end");
        end--;
        uint32_t d = lift ? 1 : 2;
        if (d < decl->count && wc_is_id(decl->items[d]))
            id = decl->items[d++];
        type_at = d;
        if (!lift && !wc_expect_end(cx, decl, d))
            return false;
    }
    wc_fixups f = {0};
    if (c.op == COMP_CANON_LIFT) {
        const text_sexpr *holder = sugar ? sugar : decl;
        uint32_t holder_end = sugar ? sugar->count - 1 : decl->count;
        /* The type use runs from type_at to holder_end in `holder`. */
        const text_sexpr **items = comp_arena_array(cx->arena, holder_end - type_at + 1,
                                                    sizeof *items);
        text_sexpr *view = comp_arena_alloc(cx->arena, sizeof *view);
        if (!items || !view)
            return wc_oom(cx, e);
        *view = *holder;
        view->items = (text_sexpr **)items;
        view->count = 0;
        items[view->count++] = holder->items[0];
        for (uint32_t i = type_at; i < holder_end; i++)
            items[view->count++] = holder->items[i];
        comp_externtype t = {0};
        t.kind = COMP_SORT_FUNC;
        if (!wc_externtype_at(cx, view, 1, &t, &f))
            return false;
        /* the fixup (if any) writes t.index: move it to c.type */
        c.type = t.index;
        if (f.items.count)
            ((wc_fixup *)f.items.data)[f.items.count - 1].slot = &c.type;
        if (!wc_core_ref(cx, wc_item_or_self(e, at), WC_CORE_FUNC, "func", &c.func, &f))
            return false;
        at++;
        if (!canon_opts(cx, e, &at, &c, &f))
            return false;
    } else if (c.op == COMP_CANON_LOWER) {
        const text_sexpr *r = wc_item_or_self(e, at);
        if (wc_is_index(r)) {
            wc_fixup_add(cx, &f, &c.func, WC_FUNC, e, at, 0);
        } else {
            comp_sortidx s;
            if (!wc_is_form(r, "func") || !wc_sortidx(cx, r, &s, &f))
                return wc_fail(cx, r, "expected `(func ...)`");
            ((wc_fixup *)f.items.data)[f.items.count - 1].slot = &c.func;
        }
        at++;
        if (!canon_opts(cx, e, &at, &c, &f))
            return false;
    } else if (!builtin_operands(cx, e, &at, &c, &f)) {
        return false;
    }
    if (at != end)
        return wc_fail(cx, wc_item_or_self(e, at), "unexpected item in canonical definition");
    if (!wc_fixups_resolve(cx, &f))
        return false;
    comp_canon *slot = wc_append(cx, COMP_CSEC_CANON, e);
    if (!slot)
        return false;
    *slot = c;
    uint32_t index;
    uint8_t ns = c.op == COMP_CANON_LIFT ? WC_FUNC : WC_CORE_FUNC;
    if (!wc_define_in(cx, ns, id, e, &index))
        return false;
    if (exports)
        wc_append_exports(cx, exports, wc_sort_of_ns(ns), index);
    return true;
}

/* `(func $id? (alias export $i "n"))` / `(core func $id? (alias core export
 * $i "n"))`. */
static bool alias_sugar(wc_ctx *cx, const text_sexpr *a, bool core, const text_sexpr *id,
                        comp_vec *exports)
{
    uint32_t at = 1;
    if (core != (at < a->count && wc_is_kw(a->items[at], "core")))
        return wc_fail(cx, a, core ? "expected `(alias core export ...)`" : "expected `(alias export ...)`");
    at += core;
    if (!wc_is_kw(wc_item_or_self(a, at), "export") || !wc_expect_end(cx, a, at + 3))
        return wc_fail(cx, a, "expected an export alias");
    comp_alias al = {0};
    al.offset = a->tok.pos.offset;
    al.target = core ? COMP_ALIAS_CORE_EXPORT : COMP_ALIAS_EXPORT;
    al.sort = wc_sort_of_ns(core ? WC_CORE_FUNC : WC_FUNC);
    uint32_t index;
    if (!wc_name(cx, a->items[at + 2], &al.name) ||
        !wc_resolve(cx, core ? WC_CORE_INSTANCE : WC_INSTANCE, a->items[at + 1], &al.instance) ||
        !wc_emit_alias(cx, &al, id, NULL, &index))
        return false;
    if (exports)
        wc_append_exports(cx, exports, al.sort, index);
    return true;
}

bool wc_canon_field(wc_ctx *cx, const text_sexpr *e, const text_sexpr *outer)
{
    if (e)
        return canon(cx, e, NULL, NULL, 0, NULL);
    bool core = wc_is_kw(outer->items[0], "core");
    uint32_t at = core ? 2 : 1;
    const text_sexpr *id = wc_take_id(outer, &at);
    comp_vec exports = {0};
    if (!core && !wc_inline_exports(cx, outer, &at, &exports))
        return false;
    const text_sexpr *next = wc_item_or_self(outer, at);
    if (!core && wc_is_inline_import(next))
        return wc_import_field(cx, outer);
    if (wc_is_form(next, "alias"))
        return wc_expect_end(cx, outer, at + 1) && alias_sugar(cx, next, core, id, &exports);
    const text_sexpr *last = outer->count > at ? outer->items[outer->count - 1] : NULL;
    if (!wc_is_form(last, "canon"))
        return wc_fail(cx, last ? last : outer, "expected `(canon ...)`");
    if (core && !wc_expect_end(cx, outer, at + 1))
        return false;
    if (!core && !wc_is_kw(wc_item_or_self(last, 1), "lift"))
        return wc_fail(cx, wc_item_or_self(last, 1), "expected `lift` in a component function");
    if (core && wc_is_kw(wc_item_or_self(last, 1), "lift"))
        return wc_fail(cx, last, "`canon lift` defines a component function, not a core one");
    return canon(cx, last, outer, id, at, &exports);
}
