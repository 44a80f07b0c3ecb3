/* Core module fields of the WAT printer, in section order (functions print
 * where the code section is, custom sections as `(@custom ...)` with their
 * placement), following the layout of `wasm-tools print`. */
#include "text/print.h"

#include <string.h>

#include "comp/wat_print.h"
#include "component/describe_out.h"

const char *pr_valtype_name(comp_valtype t)
{
    const char *name = comp_valtype_name(t);
    return name ? name : "<bad-type>";
}

static const pr_namemap *map_of(const pr_module_ctx *mc, int which)
{
    return &mc->names->maps[which];
}

static const char *const core_groups[PR_CORE_MAPS] = {
    "func", "type", "table", "memory", "global", "elem", "data", "tag",
};

static void def_name(pr *p, const pr_module_ctx *mc, int which, uint32_t index)
{
    pr_def_name(p, map_of(mc, which), core_groups[which], index);
}

static void ref(pr *p, const pr_module_ctx *mc, int which, uint32_t index)
{
    pr_ref(p, map_of(mc, which), core_groups[which], index);
}

static void print_globaltype(pr *p, const comp_globaltype *g)
{
    if (g->mutability)
        pr_fmt(p, " (mut %s)", pr_valtype_name(g->type));
    else
        pr_fmt(p, " %s", pr_valtype_name(g->type));
}

void pr_signature(pr *p, const comp_functype *ft, const pr_namemap *locals)
{
    bool open = false;
    for (uint32_t i = 0; i < ft->param_count; i++) {
        const pr_name *n = pr_namemap_find(locals, i);
        if (n || !open) {
            if (open)
                pr_str(p, ")");
            pr_str(p, " (param");
            open = !n;
            if (n) {
                pr_str(p, " ");
                pr_identifier(p, n, "local");
                pr_fmt(p, " %s)", pr_valtype_name(ft->params[i]));
                continue;
            }
        }
        pr_fmt(p, " %s", pr_valtype_name(ft->params[i]));
    }
    if (open)
        pr_str(p, ")");
    if (ft->result_count) {
        pr_str(p, " (result");
        for (uint32_t i = 0; i < ft->result_count; i++)
            pr_fmt(p, " %s", pr_valtype_name(ft->results[i]));
        pr_str(p, ")");
    }
}

static void print_typeuse(pr *p, const pr_module_ctx *mc, uint32_t type)
{
    pr_str(p, " (type");
    ref(p, mc, PR_CORE_TYPE, type);
    pr_str(p, ")");
}

static void print_import(pr *p, const pr_module_ctx *mc, const comp_import *im, uint32_t counters[5])
{
    pr_newline(p);
    pr_str(p, "(import ");
    pr_name_str(p, im->module);
    pr_str(p, " ");
    pr_name_str(p, im->name);
    switch (im->kind) {
    case COMP_EXTERN_FUNC:
        pr_str(p, " (func");
        def_name(p, mc, PR_CORE_FUNC, counters[0]++);
        print_typeuse(p, mc, im->desc.func_type);
        break;
    case COMP_EXTERN_TABLE:
        pr_str(p, " (table");
        def_name(p, mc, PR_CORE_TABLE, counters[1]++);
        dsc_limits(p->out, &im->desc.table.limits);
        pr_fmt(p, " %s", pr_valtype_name(im->desc.table.elem));
        break;
    case COMP_EXTERN_MEMORY:
        pr_str(p, " (memory");
        def_name(p, mc, PR_CORE_MEMORY, counters[2]++);
        dsc_limits(p->out, &im->desc.memory);
        break;
    case COMP_EXTERN_GLOBAL:
        pr_str(p, " (global");
        def_name(p, mc, PR_CORE_GLOBAL, counters[3]++);
        print_globaltype(p, &im->desc.global);
        break;
    default:
        pr_str(p, " (tag");
        def_name(p, mc, PR_CORE_TAG, counters[4]++);
        print_typeuse(p, mc, im->desc.tag.type);
        break;
    }
    pr_str(p, "))");
}

/* Wraps the expression just printed from `open` (just after a "(") with
 * `keyword` unless it is exactly one instruction. */
static void fold_keyword(pr *p, size_t open, uint32_t insns, const char *keyword)
{
    /* An empty expression (invalid, but well-formed) is `(offset)`. */
    size_t klen = strlen(keyword) - (insns == 0);
    if (insns == 1 || !comp_buf_reserve(p->out, klen))
        return;
    memmove(p->out->data + open + klen, p->out->data + open, p->out->len - open);
    memcpy(p->out->data + open, keyword, klen);
    p->out->len += klen;
}

/* An offset: (i32.const 1) for one instruction, (offset ...) for none or
 * more. */
static bool print_offset(pr *p, const pr_module_ctx *mc, const comp_expr *e)
{
    pr_str(p, " (");
    size_t open = p->out->len;
    uint32_t insns;
    if (!pr_const_expr(p, mc, e, &insns))
        return false;
    fold_keyword(p, open, insns, "offset ");
    pr_str(p, ")");
    return true;
}

static bool print_elem(pr *p, const pr_module_ctx *mc, const comp_elem *e, uint32_t index)
{
    pr_newline(p);
    pr_str(p, "(elem");
    def_name(p, mc, PR_CORE_ELEM, index);
    bool passive_or_declare = e->flags & 1, explicit_table = e->flags & 2, exprs = e->flags & 4;
    if (passive_or_declare) {
        if (explicit_table)
            pr_str(p, " declare");
    } else {
        if (explicit_table) {
            pr_str(p, " (table");
            ref(p, mc, PR_CORE_TABLE, e->table);
            pr_str(p, ")");
        }
        if (!print_offset(p, mc, &e->offset))
            return false;
    }
    if (exprs) {
        pr_fmt(p, " %s", pr_valtype_name(e->type));
        for (uint32_t i = 0; i < e->count; i++) {
            pr_str(p, " (");
            size_t open = p->out->len;
            uint32_t insns;
            if (!pr_const_expr(p, mc, &e->exprs[i], &insns))
                return false;
            fold_keyword(p, open, insns, "item ");
            pr_str(p, ")");
        }
    } else {
        pr_str(p, " func");
        for (uint32_t i = 0; i < e->count; i++)
            ref(p, mc, PR_CORE_FUNC, e->funcs[i]);
    }
    pr_str(p, ")");
    return true;
}

static bool print_data(pr *p, const pr_module_ctx *mc, const comp_data *d, uint32_t index)
{
    pr_newline(p);
    pr_str(p, "(data");
    def_name(p, mc, PR_CORE_DATA, index);
    if (d->flags != 1) {
        if (d->flags == 2) {
            pr_str(p, " (memory");
            ref(p, mc, PR_CORE_MEMORY, d->memory);
            pr_str(p, ")");
        }
        if (!print_offset(p, mc, &d->offset))
            return false;
    }
    pr_str(p, " ");
    pr_bytes_str(p, d->bytes, d->len);
    pr_str(p, ")");
    return true;
}

static bool print_func(pr *p, const pr_module_ctx *mc, uint32_t i)
{
    const comp_module *m = mc->m;
    uint32_t index = m->imported_funcs + i;
    pr_newline(p);
    pr_str(p, "(func");
    def_name(p, mc, PR_CORE_FUNC, index);
    uint32_t type = i < m->func_count ? m->funcs[i] : 0;
    print_typeuse(p, mc, type);
    if (type < m->type_count)
        pr_signature(p, &m->types[type], pr_indirect_find(&mc->names->locals, index));
    const comp_code *c = &m->codes[i];
    size_t before = p->out->len;
    p->indent++;
    bool ok = pr_func_body(p, mc, index, c->body, c->len, c->offset);
    p->indent--;
    if (!ok)
        return false;
    if (p->out->len != before)
        pr_newline(p);
    pr_str(p, ")");
    return true;
}

/* The name of the section a custom section follows, for (after ...). */
static const char *place_name(uint8_t id)
{
    switch (id) {
    case COMP_SEC_TYPE: return "type";
    case COMP_SEC_IMPORT: return "import";
    case COMP_SEC_FUNCTION: return "func";
    case COMP_SEC_TABLE: return "table";
    case COMP_SEC_MEMORY: return "memory";
    case COMP_SEC_GLOBAL: return "global";
    case COMP_SEC_EXPORT: return "export";
    case COMP_SEC_START: return "start";
    case COMP_SEC_ELEMENT: return "elem";
    case COMP_SEC_DATA_COUNT: return "elem"; /* the data count has no anchor of its own */
    case COMP_SEC_CODE: return "code";
    case COMP_SEC_DATA: return "data";
    case COMP_SEC_TAG: return "tag";
    default: return NULL;
    }
}

static void print_custom(pr *p, const comp_custom *cs, int last_section)
{
    pr_newline(p);
    pr_str(p, "(@custom ");
    pr_name_str(p, cs->name);
    const char *after = last_section >= 0 ? place_name((uint8_t)last_section) : NULL;
    if (after)
        pr_fmt(p, " (after %s)", after);
    else
        pr_str(p, " (before first)");
    pr_str(p, " ");
    pr_bytes_str(p, cs->data, cs->len);
    pr_str(p, ")");
}

static bool print_section(pr *p, const pr_module_ctx *mc, const comp_section *s, int *last,
                          uint32_t counters[5])
{
    const comp_module *m = mc->m;
    switch (s->id) {
    case COMP_SEC_CUSTOM:
        if ((int32_t)s->custom != mc->names->section && s->custom < m->custom_count)
            print_custom(p, &m->customs[s->custom], *last);
        return true;
    case COMP_SEC_TYPE:
        for (uint32_t i = 0; i < m->type_count; i++) {
            pr_newline(p);
            pr_str(p, "(type");
            def_name(p, mc, PR_CORE_TYPE, i);
            pr_str(p, " (func");
            pr_signature(p, &m->types[i], NULL);
            pr_str(p, "))");
        }
        break;
    case COMP_SEC_IMPORT:
        for (uint32_t i = 0; i < m->import_count; i++)
            print_import(p, mc, &m->imports[i], counters);
        break;
    case COMP_SEC_TABLE:
        for (uint32_t i = 0; i < m->table_count; i++) {
            pr_newline(p);
            pr_str(p, "(table");
            def_name(p, mc, PR_CORE_TABLE, m->imported_tables + i);
            dsc_limits(p->out, &m->tables[i].limits);
            pr_fmt(p, " %s)", pr_valtype_name(m->tables[i].elem));
        }
        break;
    case COMP_SEC_MEMORY:
        for (uint32_t i = 0; i < m->memory_count; i++) {
            pr_newline(p);
            pr_str(p, "(memory");
            def_name(p, mc, PR_CORE_MEMORY, m->imported_memories + i);
            dsc_limits(p->out, &m->memories[i]);
            pr_str(p, ")");
        }
        break;
    case COMP_SEC_TAG:
        for (uint32_t i = 0; i < m->tag_count; i++) {
            pr_newline(p);
            pr_str(p, "(tag");
            def_name(p, mc, PR_CORE_TAG, m->imported_tags + i);
            print_typeuse(p, mc, m->tags[i].type);
            pr_str(p, ")");
        }
        break;
    case COMP_SEC_GLOBAL:
        for (uint32_t i = 0; i < m->global_count; i++) {
            pr_newline(p);
            pr_str(p, "(global");
            def_name(p, mc, PR_CORE_GLOBAL, m->imported_globals + i);
            print_globaltype(p, &m->globals[i].type);
            pr_str(p, " ");
            if (!pr_const_expr(p, mc, &m->globals[i].init, NULL))
                return false;
            pr_str(p, ")");
        }
        break;
    case COMP_SEC_EXPORT:
        for (uint32_t i = 0; i < m->export_count; i++) {
            const comp_export *e = &m->exports[i];
            static const int which[5] = {PR_CORE_FUNC, PR_CORE_TABLE, PR_CORE_MEMORY,
                                         PR_CORE_GLOBAL, PR_CORE_TAG};
            static const char *const kw[5] = {"func", "table", "memory", "global", "tag"};
            uint8_t k = e->kind <= COMP_EXTERN_TAG ? e->kind : COMP_EXTERN_FUNC;
            pr_newline(p);
            pr_str(p, "(export ");
            pr_name_str(p, e->name);
            pr_fmt(p, " (%s", kw[k]);
            ref(p, mc, which[k], e->index);
            pr_str(p, "))");
        }
        break;
    case COMP_SEC_START:
        pr_newline(p);
        pr_str(p, "(start");
        ref(p, mc, PR_CORE_FUNC, m->start);
        pr_str(p, ")");
        break;
    case COMP_SEC_ELEMENT:
        for (uint32_t i = 0; i < m->elem_count; i++)
            if (!print_elem(p, mc, &m->elems[i], i))
                return false;
        break;
    case COMP_SEC_CODE:
        for (uint32_t i = 0; i < m->code_count; i++)
            if (!print_func(p, mc, i))
                return false;
        break;
    case COMP_SEC_DATA:
        for (uint32_t i = 0; i < m->data_segment_count; i++)
            if (!print_data(p, mc, &m->datas[i], i))
                return false;
        break;
    default: /* function and data count sections have no text of their own */
        break;
    }
    *last = s->id;
    return true;
}

bool pr_module(pr *p, const comp_module *m, const char *keyword, const char *head)
{
    if (p->depth >= PR_MAX_DEPTH)
        return comp_error_set(p->err, m->offset, "modules nested too deeply to print");
    pr_core_names names;
    if (!pr_core_names_load(p, m, &names))
        return comp_error_set(p->err, m->offset, "out of memory");
    pr_module_ctx mc = {m, &names};
    pr_str(p, "(");
    pr_str(p, keyword);
    if (head) {
        pr_str(p, head);
    } else if (names.has_module_name) {
        pr_name n = {0, names.module_name, names.module_name.len == 0};
        pr_str(p, " ");
        pr_identifier(p, &n, "module");
    }
    /* Empty sections print nothing: then the form stays on one line. */
    size_t fields_start = p->out->len;
    p->indent++;
    int last = -1;
    uint32_t counters[5] = {0, 0, 0, 0, 0};
    for (uint32_t i = 0; i < m->section_count; i++)
        if (!print_section(p, &mc, &m->sections[i], &last, counters)) {
            p->indent--;
            return false;
        }
    pr_close_fields(p, fields_start);
    return true;
}

bool comp_module_print_wat(const comp_module *m, comp_buf *out, comp_error *err)
{
    comp_arena arena;
    comp_arena_init(&arena);
    pr p = {out, 0, 0, &arena, err};
    bool ok = pr_module(&p, m, "module", NULL);
    comp_buf_byte(out, '\n');
    comp_arena_free(&arena);
    if (ok && out->oom)
        return comp_error_set(err, 0, "out of memory");
    return ok;
}
