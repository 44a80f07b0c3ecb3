/* Component definitions for the WAT printer, in section order: nested
 * modules and components, instances, aliases, types, canonical
 * definitions, start, imports, exports and custom sections, in the layout
 * of `wasm-tools print`. */
#include "text/print.h"

#include <string.h>

#include "comp/wat_print.h"

static uint32_t space_of_core_sort(uint8_t core_sort)
{
    return pr_comp_space((comp_sort){COMP_SORT_CORE, core_sort});
}

void pr_alias(pr *p, pr_comp_ctx *cc, const comp_alias *a)
{
    uint32_t space = pr_comp_space(a->sort);
    pr_newline(p);
    switch (a->target) {
    case COMP_ALIAS_EXPORT:
        pr_str(p, "(alias export");
        pr_cref(p, cc, PR_C_INSTANCE, a->instance);
        pr_str(p, " ");
        pr_name_str(p, a->name);
        break;
    case COMP_ALIAS_CORE_EXPORT:
        pr_str(p, "(alias core export");
        pr_cref(p, cc, PR_C_CORE_INSTANCE, a->instance);
        pr_str(p, " ");
        pr_name_str(p, a->name);
        break;
    default: {
        pr_fmt(p, "(alias outer %u", a->outer_count);
        const pr_comp_ctx *target = cc;
        for (uint32_t i = 0; i < a->outer_count && target; i++)
            target = target->outer;
        /* A name only for what is defined by now: a forward reference
         * (invalid, but well-formed) could not be parsed by name. */
        if (target && space < PR_C_SPACES && a->outer_index < target->next[space])
            pr_cref(p, target, space, a->outer_index);
        else
            pr_fmt(p, " %u", a->outer_index);
        break;
    }
    }
    pr_fmt(p, " (%s", pr_sort_keyword(a->sort));
    if (space < PR_C_SPACES)
        pr_cdef(p, cc, space);
    pr_str(p, "))");
}

static void print_core_instance(pr *p, pr_comp_ctx *cc, const comp_core_instance *ci)
{
    pr_newline(p);
    pr_str(p, "(core instance");
    pr_cdef(p, cc, PR_C_CORE_INSTANCE);
    if (ci->kind == COMP_INSTANCE_INSTANTIATE) {
        pr_str(p, " (instantiate");
        pr_cref(p, cc, PR_C_CORE_MODULE, ci->module);
        if (ci->arg_count == 0) {
            pr_str(p, "))");
            return;
        }
        p->indent += 2;
        for (uint32_t i = 0; i < ci->arg_count; i++) {
            pr_newline(p);
            pr_str(p, "(with ");
            pr_name_str(p, ci->args[i].name);
            pr_str(p, " (instance");
            pr_cref(p, cc, PR_C_CORE_INSTANCE, ci->args[i].instance);
            pr_str(p, "))");
        }
        pr_close(p);
        pr_close(p);
        return;
    }
    if (ci->export_count == 0) {
        pr_str(p, ")");
        return;
    }
    p->indent++;
    for (uint32_t i = 0; i < ci->export_count; i++) {
        const comp_core_inline_export *e = &ci->exports[i];
        pr_newline(p);
        pr_str(p, "(export ");
        pr_name_str(p, e->name);
        const char *kw = pr_sort_keyword((comp_sort){COMP_SORT_CORE, e->item.sort}) + 5;
        pr_fmt(p, " (%s", kw);
        pr_cref(p, cc, space_of_core_sort(e->item.sort), e->item.index);
        pr_str(p, "))");
    }
    pr_close(p);
}

static void print_sortidx(pr *p, const pr_comp_ctx *cc, comp_sortidx item)
{
    pr_fmt(p, "(%s", pr_sort_keyword(item.sort));
    uint32_t space = pr_comp_space(item.sort);
    if (space < PR_C_SPACES)
        pr_cref(p, cc, space, item.index);
    else
        pr_fmt(p, " %u", item.index);
    pr_str(p, ")");
}

static void print_instance(pr *p, pr_comp_ctx *cc, const comp_instance *in)
{
    pr_comp_ctx before = *cc;
    pr_newline(p);
    pr_str(p, "(instance");
    pr_cdef(p, cc, PR_C_INSTANCE);
    if (in->kind == COMP_INSTANCE_INSTANTIATE) {
        pr_str(p, " (instantiate");
        pr_cref(p, &before, PR_C_COMPONENT, in->component);
        if (in->arg_count == 0) {
            pr_str(p, "))");
            return;
        }
        p->indent += 2;
        for (uint32_t i = 0; i < in->arg_count; i++) {
            pr_newline(p);
            pr_str(p, "(with ");
            pr_name_str(p, in->args[i].name);
            pr_str(p, " ");
            print_sortidx(p, &before, in->args[i].item);
            pr_str(p, ")");
        }
        pr_close(p);
        pr_close(p);
        return;
    }
    if (in->export_count == 0) {
        pr_str(p, ")");
        return;
    }
    p->indent++;
    for (uint32_t i = 0; i < in->export_count; i++) {
        pr_newline(p);
        pr_str(p, "(export ");
        pr_extern_name(p, &in->exports[i].name);
        pr_str(p, " ");
        print_sortidx(p, &before, in->exports[i].item);
        pr_str(p, ")");
    }
    pr_close(p);
}

static void print_canonopts(pr *p, const pr_comp_ctx *cc, const comp_canon *cn)
{
    for (uint32_t i = 0; i < cn->opt_count; i++) {
        const comp_canonopt *o = &cn->opts[i];
        switch (o->kind) {
        case COMP_OPT_UTF8: pr_str(p, " string-encoding=utf8"); break;
        case COMP_OPT_UTF16: pr_str(p, " string-encoding=utf16"); break;
        case COMP_OPT_LATIN1_UTF16: pr_str(p, " string-encoding=latin1+utf16"); break;
        case COMP_OPT_ASYNC: pr_str(p, " async"); break;
        case COMP_OPT_MEMORY:
            pr_str(p, " (memory");
            pr_cref(p, cc, PR_C_CORE_MEMORY, o->index);
            pr_str(p, ")");
            break;
        default: {
            const char *kw = o->kind == COMP_OPT_REALLOC       ? "realloc"
                             : o->kind == COMP_OPT_POST_RETURN ? "post-return"
                                                               : "callback";
            pr_fmt(p, " (%s", kw);
            pr_cref(p, cc, PR_C_CORE_FUNC, o->index);
            pr_str(p, ")");
            break;
        }
        }
    }
}

/* The immediates of a built-in (everything after its name). */
static void print_builtin_args(pr *p, const pr_comp_ctx *cc, const comp_canon *cn)
{
    switch (cn->op) {
    case COMP_CANON_RESOURCE_NEW: case COMP_CANON_RESOURCE_DROP: case COMP_CANON_RESOURCE_REP:
    case COMP_CANON_STREAM_NEW: case COMP_CANON_STREAM_DROP_READABLE:
    case COMP_CANON_STREAM_DROP_WRITABLE: case COMP_CANON_FUTURE_NEW:
    case COMP_CANON_FUTURE_DROP_READABLE: case COMP_CANON_FUTURE_DROP_WRITABLE:
        pr_cref(p, cc, PR_C_TYPE, cn->type);
        break;
    case COMP_CANON_STREAM_READ: case COMP_CANON_STREAM_WRITE:
    case COMP_CANON_FUTURE_READ: case COMP_CANON_FUTURE_WRITE:
        pr_cref(p, cc, PR_C_TYPE, cn->type);
        print_canonopts(p, cc, cn);
        break;
    case COMP_CANON_STREAM_CANCEL_READ: case COMP_CANON_STREAM_CANCEL_WRITE:
    case COMP_CANON_FUTURE_CANCEL_READ: case COMP_CANON_FUTURE_CANCEL_WRITE:
        pr_cref(p, cc, PR_C_TYPE, cn->type);
        if (cn->flag)
            pr_str(p, " async");
        break;
    case COMP_CANON_SUBTASK_CANCEL:
        if (cn->flag)
            pr_str(p, " async");
        break;
    case COMP_CANON_CONTEXT_GET: case COMP_CANON_CONTEXT_SET:
        pr_fmt(p, " %s %u", pr_valtype_name(cn->core_valtype), cn->index);
        break;
    case COMP_CANON_TASK_RETURN:
        if (cn->has_result) {
            pr_str(p, " (result ");
            pr_cvaltype(p, cc, cn->result);
            pr_str(p, ")");
        }
        print_canonopts(p, cc, cn);
        break;
    case COMP_CANON_ERROR_CONTEXT_NEW: case COMP_CANON_ERROR_CONTEXT_DEBUG_MESSAGE:
        print_canonopts(p, cc, cn);
        break;
    case COMP_CANON_WAITABLE_SET_WAIT: case COMP_CANON_WAITABLE_SET_POLL:
        if (cn->flag)
            pr_str(p, " cancellable");
        pr_str(p, " (memory");
        pr_cref(p, cc, PR_C_CORE_MEMORY, cn->memory);
        pr_str(p, ")");
        break;
    case COMP_CANON_THREAD_YIELD: case COMP_CANON_THREAD_SUSPEND:
    case COMP_CANON_THREAD_SUSPEND_THEN_RESUME: case COMP_CANON_THREAD_YIELD_THEN_RESUME:
    case COMP_CANON_THREAD_SUSPEND_THEN_PROMOTE: case COMP_CANON_THREAD_YIELD_THEN_PROMOTE:
        if (cn->flag)
            pr_str(p, " cancellable");
        break;
    case COMP_CANON_THREAD_NEW_INDIRECT:
        pr_cref(p, cc, PR_C_CORE_TYPE, cn->type);
        pr_str(p, " (table");
        pr_cref(p, cc, PR_C_CORE_TABLE, cn->table);
        pr_str(p, ")");
        break;
    case COMP_CANON_THREAD_SPAWN_REF: case COMP_CANON_THREAD_SPAWN_INDIRECT:
        if (cn->flag)
            pr_str(p, " shared");
        pr_cref(p, cc, PR_C_CORE_TYPE, cn->type);
        if (cn->op == COMP_CANON_THREAD_SPAWN_INDIRECT) {
            pr_str(p, " (table");
            pr_cref(p, cc, PR_C_CORE_TABLE, cn->table);
            pr_str(p, ")");
        }
        break;
    case COMP_CANON_THREAD_AVAILABLE_PARALLELISM:
        if (cn->flag)
            pr_str(p, " shared");
        break;
    default:
        break;
    }
}

static bool print_canon(pr *p, pr_comp_ctx *cc, const comp_canon *cn)
{
    const char *name = comp_canon_name(cn->op);
    if (!name)
        return comp_error_set(p->err, cn->offset, "unknown canonical definition 0x%02x", cn->op);
    pr_comp_ctx before = *cc;
    pr_newline(p);
    if (cn->op == COMP_CANON_LIFT) {
        pr_str(p, "(func");
        pr_cdef(p, cc, PR_C_FUNC);
        pr_str(p, " (type");
        pr_cref(p, &before, PR_C_TYPE, cn->type);
        pr_str(p, ") (canon lift (core func");
        pr_cref(p, &before, PR_C_CORE_FUNC, cn->func);
        pr_str(p, ")");
        print_canonopts(p, &before, cn);
        pr_str(p, "))");
        return true;
    }
    pr_str(p, "(core func");
    pr_cdef(p, cc, PR_C_CORE_FUNC);
    pr_fmt(p, " (canon %s", name);
    if (cn->op == COMP_CANON_LOWER) {
        pr_str(p, " (func");
        pr_cref(p, &before, PR_C_FUNC, cn->func);
        pr_str(p, ")");
        print_canonopts(p, &before, cn);
    } else {
        print_builtin_args(p, &before, cn);
    }
    pr_str(p, "))");
    return true;
}

static void print_start(pr *p, pr_comp_ctx *cc, const comp_start *s)
{
    pr_comp_ctx before = *cc;
    pr_newline(p);
    pr_str(p, "(start");
    pr_cref(p, &before, PR_C_FUNC, s->func);
    for (uint32_t i = 0; i < s->arg_count; i++) {
        pr_str(p, " (value");
        pr_cref(p, &before, PR_C_VALUE, s->args[i]);
        pr_str(p, ")");
    }
    for (uint32_t i = 0; i < s->result_count; i++) {
        pr_str(p, " (result (value");
        pr_cdef(p, cc, PR_C_VALUE);
        pr_str(p, "))");
    }
    pr_str(p, ")");
}

static void print_export(pr *p, pr_comp_ctx *cc, const comp_cexport *e)
{
    pr_comp_ctx before = *cc;
    uint32_t space = pr_comp_space(e->item.sort);
    pr_newline(p);
    pr_str(p, "(export");
    if (space < PR_C_SPACES)
        pr_cdef(p, cc, space);
    pr_str(p, " ");
    pr_extern_name(p, &e->name);
    pr_str(p, " ");
    print_sortidx(p, &before, e->item);
    if (e->has_type) {
        pr_str(p, " ");
        pr_externtype(p, &before, &e->type, false);
    }
    pr_str(p, ")");
}

/* " $name (;N;)" for the next index of `space`, as a string for a nested
 * module's or component's head. */
static char *def_head(pr *p, pr_comp_ctx *cc, uint32_t space)
{
    comp_buf tmp = {0};
    pr q = *p;
    q.out = &tmp;
    pr_cdef(&q, cc, space);
    comp_buf_byte(&tmp, 0);
    char *s = tmp.oom ? NULL : comp_arena_strndup(p->arena, (const char *)tmp.data, tmp.len);
    comp_buf_free(&tmp);
    return s;
}

static bool print_item(pr *p, pr_comp_ctx *cc, const comp_component *c,
                       const comp_component_section *s, uint32_t i)
{
    switch (s->id) {
    case COMP_CSEC_CUSTOM:
        if (cc->names && (int32_t)i == cc->names->section)
            return true;
        pr_newline(p);
        pr_str(p, "(@custom ");
        pr_name_str(p, c->customs[i].name);
        pr_str(p, " ");
        pr_bytes_str(p, c->customs[i].data, c->customs[i].len);
        pr_str(p, ")");
        return true;
    case COMP_CSEC_CORE_MODULE: {
        char *head = def_head(p, cc, PR_C_CORE_MODULE);
        if (!head)
            return comp_error_set(p->err, 0, "out of memory");
        pr_newline(p);
        p->depth++;
        bool ok = pr_module(p, c->modules[i], "core module", head);
        p->depth--;
        return ok;
    }
    case COMP_CSEC_COMPONENT: {
        char *head = def_head(p, cc, PR_C_COMPONENT);
        if (!head)
            return comp_error_set(p->err, 0, "out of memory");
        pr_newline(p);
        p->depth++;
        bool ok = pr_component(p, c->components[i], cc, head);
        p->depth--;
        return ok;
    }
    case COMP_CSEC_CORE_INSTANCE:
        print_core_instance(p, cc, &c->core_instances[i]);
        return true;
    case COMP_CSEC_CORE_TYPE:
        return pr_core_type_def(p, cc, &c->core_types[i]);
    case COMP_CSEC_INSTANCE:
        print_instance(p, cc, &c->instances[i]);
        return true;
    case COMP_CSEC_ALIAS:
        pr_alias(p, cc, &c->aliases[i]);
        return true;
    case COMP_CSEC_TYPE:
        return pr_ctype_def(p, cc, &c->types[i]);
    case COMP_CSEC_CANON:
        return print_canon(p, cc, &c->canons[i]);
    case COMP_CSEC_START:
        print_start(p, cc, &c->starts[i]);
        return true;
    case COMP_CSEC_IMPORT:
        pr_newline(p);
        pr_str(p, "(import ");
        pr_extern_name(p, &c->imports[i].name);
        pr_str(p, " ");
        pr_externtype(p, cc, &c->imports[i].type, true);
        pr_str(p, ")");
        return true;
    case COMP_CSEC_EXPORT:
        print_export(p, cc, &c->exports[i]);
        return true;
    case COMP_CSEC_VALUE:
        return pr_value_def(p, cc, &c->values[i]);
    default:
        return comp_error_set(p->err, s->offset, "unknown section id %u", s->id);
    }
}

bool pr_component(pr *p, const comp_component *c, pr_comp_ctx *outer, const char *head)
{
    if (p->depth >= PR_MAX_DEPTH)
        return comp_error_set(p->err, c->offset, "components nested too deeply to print");
    pr_comp_names *names = comp_arena_alloc(p->arena, sizeof *names);
    if (!names || !pr_comp_names_load(p, c, names))
        return comp_error_set(p->err, c->offset, "out of memory");
    pr_comp_ctx cc;
    memset(&cc, 0, sizeof cc);
    cc.outer = outer;
    cc.names = names;
    pr_str(p, "(component");
    if (head) {
        pr_str(p, head);
    } else if (names->has_component_name) {
        pr_name n = {0, names->component_name, names->component_name.len == 0};
        pr_str(p, " ");
        pr_identifier(p, &n, "component");
    }
    /* Empty sections print nothing: then the form stays on one line. */
    size_t fields_start = p->out->len;
    p->indent++;
    for (uint32_t s = 0; s < c->section_count; s++) {
        const comp_component_section *sec = &c->sections[s];
        for (uint32_t i = sec->first; i < sec->first + sec->count; i++)
            if (!print_item(p, &cc, c, sec, i)) {
                p->indent--;
                return false;
            }
    }
    pr_close_fields(p, fields_start);
    return true;
}

bool comp_component_print_wat(const comp_component *c, comp_buf *out, comp_error *err)
{
    comp_arena arena;
    comp_arena_init(&arena);
    pr p = {out, 0, 0, &arena, err};
    bool ok = pr_component(&p, c, NULL, NULL);
    comp_buf_byte(out, '\n');
    comp_arena_free(&arena);
    if (ok && out->oom)
        return comp_error_set(err, 0, "out of memory");
    return ok;
}
