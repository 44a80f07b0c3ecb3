/* Core WebAssembly types in the WAT text format, for describers. */
#include "comp/describe.h"
#include "describe_out.h"
#include "describe_scope.h"

static void valtype(comp_buf *out, comp_valtype t)
{
    const char *name = comp_valtype_name(t);
    if (name)
        dsc_cstr(out, name);
    else
        comp_buf_printf(out, "<valtype 0x%02x>", t);
}

/* The inside of a function type: (param ...) (result ...), each group
 * preceded by a space; nothing for [] -> []. */
static void signature(comp_buf *out, const comp_functype *ft)
{
    if (ft->param_count) {
        dsc_cstr(out, " (param");
        for (uint32_t i = 0; i < ft->param_count; i++) {
            comp_buf_byte(out, ' ');
            valtype(out, ft->params[i]);
        }
        comp_buf_byte(out, ')');
    }
    if (ft->result_count) {
        dsc_cstr(out, " (result");
        for (uint32_t i = 0; i < ft->result_count; i++) {
            comp_buf_byte(out, ' ');
            valtype(out, ft->results[i]);
        }
        comp_buf_byte(out, ')');
    }
}

void comp_describe_core_functype(comp_buf *out, const comp_functype *ft)
{
    dsc_cstr(out, "(func");
    signature(out, ft);
    comp_buf_byte(out, ')');
}

void dsc_limits(comp_buf *out, const comp_limits *l)
{
    if (l->flags & COMP_LIMITS_64)
        dsc_cstr(out, " i64");
    comp_buf_printf(out, " %llu", (unsigned long long)l->min);
    if (l->flags & COMP_LIMITS_HAS_MAX)
        comp_buf_printf(out, " %llu", (unsigned long long)l->max);
    if (l->flags & COMP_LIMITS_SHARED)
        dsc_cstr(out, " shared");
}

static void table(comp_buf *out, const comp_tabletype *t)
{
    dsc_cstr(out, "(table");
    dsc_limits(out, &t->limits);
    comp_buf_byte(out, ' ');
    valtype(out, t->elem);
    comp_buf_byte(out, ')');
}

static void memory(comp_buf *out, const comp_limits *l)
{
    dsc_cstr(out, "(memory");
    dsc_limits(out, l);
    comp_buf_byte(out, ')');
}

static void global(comp_buf *out, const comp_globaltype *g)
{
    dsc_cstr(out, "(global ");
    if (g->mutability) {
        dsc_cstr(out, "(mut ");
        valtype(out, g->type);
        comp_buf_byte(out, ')');
    } else {
        valtype(out, g->type);
    }
    comp_buf_byte(out, ')');
}

/* A function or tag signature; the raw type index when `sig` is NULL. */
static void typed(comp_buf *out, const char *keyword, const comp_functype *sig, uint32_t type)
{
    comp_buf_printf(out, "(%s", keyword);
    if (sig)
        signature(out, sig);
    else
        comp_buf_printf(out, " (type %u)", (unsigned)type);
    comp_buf_byte(out, ')');
}

static const comp_functype *type_at(const comp_module *m, uint32_t type)
{
    return type < m->type_count ? &m->types[type] : NULL;
}

void dsc_core_import(comp_buf *out, const comp_import *imp, const comp_functype *sig)
{
    switch (imp->kind) {
    case COMP_EXTERN_FUNC: typed(out, "func", sig, imp->desc.func_type); break;
    case COMP_EXTERN_TABLE: table(out, &imp->desc.table); break;
    case COMP_EXTERN_MEMORY: memory(out, &imp->desc.memory); break;
    case COMP_EXTERN_GLOBAL: global(out, &imp->desc.global); break;
    case COMP_EXTERN_TAG: typed(out, "tag", sig, imp->desc.tag.type); break;
    default: comp_buf_printf(out, "(<extern kind 0x%02x>)", imp->kind); break;
    }
}

void comp_describe_core_import(comp_buf *out, const comp_module *m, const comp_import *imp)
{
    uint32_t type = imp->kind == COMP_EXTERN_TAG ? imp->desc.tag.type : imp->desc.func_type;
    dsc_core_import(out, imp, type_at(m, type));
}

bool comp_core_view_init(comp_core_view *v, const comp_module *m, comp_arena *arena,
                         comp_error *err)
{
    *v = (comp_core_view){.module = m};
    for (uint32_t i = 0; i < m->import_count; i++)
        if (m->imports[i].kind <= COMP_EXTERN_TAG)
            v->counts[m->imports[i].kind]++;
    for (int k = 0; k <= COMP_EXTERN_TAG; k++) {
        v->imports[k] = comp_arena_array(arena, v->counts[k] ? v->counts[k] : 1,
                                         sizeof(const comp_import *));
        if (!v->imports[k])
            return comp_error_set(err, m->offset, "out of memory");
        v->counts[k] = 0;
    }
    for (uint32_t i = 0; i < m->import_count; i++) {
        uint8_t k = m->imports[i].kind;
        if (k <= COMP_EXTERN_TAG)
            v->imports[k][v->counts[k]++] = &m->imports[i];
    }
    return true;
}

void comp_describe_core_export(comp_buf *out, const comp_core_view *v, const comp_export *e)
{
    const comp_module *m = v->module;
    uint8_t k = e->kind;
    uint32_t i = e->index;
    if (k <= COMP_EXTERN_TAG && i < v->counts[k]) {
        comp_describe_core_import(out, m, v->imports[k][i]);
        return;
    }
    /* A defined entity: its index counts from after the imports. */
    uint32_t d = k <= COMP_EXTERN_TAG ? i - v->counts[k] : 0;
    switch (k) {
    case COMP_EXTERN_FUNC:
        if (d < m->func_count) {
            typed(out, "func", type_at(m, m->funcs[d]), m->funcs[d]);
            return;
        }
        break;
    case COMP_EXTERN_TABLE:
        if (d < m->table_count) {
            table(out, &m->tables[d]);
            return;
        }
        break;
    case COMP_EXTERN_MEMORY:
        if (d < m->memory_count) {
            memory(out, &m->memories[d]);
            return;
        }
        break;
    case COMP_EXTERN_GLOBAL:
        if (d < m->global_count) {
            global(out, &m->globals[d].type);
            return;
        }
        break;
    case COMP_EXTERN_TAG:
        if (d < m->tag_count) {
            typed(out, "tag", type_at(m, m->tags[d].type), m->tags[d].type);
            return;
        }
        break;
    default:
        break;
    }
    comp_buf_printf(out, "(%s %u <out of range>)", comp_core_extern_name(k), (unsigned)i);
}
