/* Component types for the WAT printer: value types, function, resource,
 * component and instance types with their declarations, core types
 * (functions and module types), and extern types. */
#include "text/print.h"

#include <string.h>

#include "component/describe_out.h"

void pr_cref(pr *p, const pr_comp_ctx *cc, uint32_t space, uint32_t index)
{
    pr_ref(p, cc->names ? &cc->names->maps[space] : NULL, pr_comp_space_group(space), index);
}

void pr_cdef(pr *p, pr_comp_ctx *cc, uint32_t space)
{
    uint32_t index = cc->next[space]++;
    pr_def_name(p, cc->names ? &cc->names->maps[space] : NULL, pr_comp_space_group(space), index);
}

const char *pr_sort_keyword(comp_sort s)
{
    if (s.sort == COMP_SORT_CORE) {
        switch (s.core_sort) {
        case COMP_CORE_SORT_FUNC: return "core func";
        case COMP_CORE_SORT_TABLE: return "core table";
        case COMP_CORE_SORT_MEMORY: return "core memory";
        case COMP_CORE_SORT_GLOBAL: return "core global";
        case COMP_CORE_SORT_TAG: return "core tag";
        case COMP_CORE_SORT_TYPE: return "core type";
        case COMP_CORE_SORT_MODULE: return "core module";
        default: return "core instance";
        }
    }
    switch (s.sort) {
    case COMP_SORT_FUNC: return "func";
    case COMP_SORT_VALUE: return "value";
    case COMP_SORT_TYPE: return "type";
    case COMP_SORT_COMPONENT: return "component";
    default: return "instance";
    }
}

void pr_cvaltype(pr *p, const pr_comp_ctx *cc, comp_cvaltype t)
{
    if (t.prim) {
        const char *n = comp_primvaltype_name(t.prim);
        pr_str(p, n ? n : "<bad-type>");
    } else {
        size_t at = p->out->len;
        pr_cref(p, cc, PR_C_TYPE, t.index);
        /* pr_cref writes a leading space: a value type stands alone. */
        if (!p->out->oom && p->out->len > at) {
            memmove(p->out->data + at, p->out->data + at + 1, p->out->len - at - 1);
            p->out->len--;
        }
    }
}

static void sp_valtype(pr *p, const pr_comp_ctx *cc, comp_cvaltype t)
{
    pr_str(p, " ");
    pr_cvaltype(p, cc, t);
}

void pr_extern_name(pr *p, const comp_extern_name *n)
{
    pr_name_str(p, n->name);
    for (uint32_t i = 0; i < n->attribute_count; i++) {
        const comp_attribute *a = &n->attributes[i];
        const char *kw = a->kind == COMP_ATTR_IMPLEMENTS       ? "implements"
                         : a->kind == COMP_ATTR_VERSION_SUFFIX ? "versionsuffix"
                                                               : "external-id";
        pr_fmt(p, " (%s ", kw);
        pr_name_str(p, a->value);
        pr_str(p, ")");
    }
}

/* The body of a defvaltype, function or resource type. */
static void print_valtype_def(pr *p, const pr_comp_ctx *cc, const comp_type *t)
{
    switch (t->kind) {
    case COMP_TYPE_RECORD:
        pr_str(p, "(record");
        for (uint32_t i = 0; i < t->u.record.field_count; i++) {
            pr_str(p, " (field ");
            pr_name_str(p, t->u.record.fields[i].label);
            sp_valtype(p, cc, t->u.record.fields[i].type);
            pr_str(p, ")");
        }
        pr_str(p, ")");
        return;
    case COMP_TYPE_VARIANT:
        pr_str(p, "(variant");
        for (uint32_t i = 0; i < t->u.variant.case_count; i++) {
            const comp_case *c = &t->u.variant.cases[i];
            pr_str(p, " (case ");
            pr_name_str(p, c->label);
            if (c->has_type)
                sp_valtype(p, cc, c->type);
            pr_str(p, ")");
        }
        pr_str(p, ")");
        return;
    case COMP_TYPE_LIST:
        pr_str(p, "(list");
        sp_valtype(p, cc, t->u.list.elem);
        pr_str(p, ")");
        return;
    case COMP_TYPE_FIXED_LIST:
        pr_str(p, "(list");
        sp_valtype(p, cc, t->u.list.elem);
        pr_fmt(p, " %u)", t->u.list.length);
        return;
    case COMP_TYPE_TUPLE:
        pr_str(p, "(tuple");
        for (uint32_t i = 0; i < t->u.tuple.type_count; i++)
            sp_valtype(p, cc, t->u.tuple.types[i]);
        pr_str(p, ")");
        return;
    case COMP_TYPE_FLAGS:
    case COMP_TYPE_ENUM:
        pr_str(p, t->kind == COMP_TYPE_FLAGS ? "(flags" : "(enum");
        for (uint32_t i = 0; i < t->u.labels.label_count; i++) {
            pr_str(p, " ");
            pr_name_str(p, t->u.labels.labels[i]);
        }
        pr_str(p, ")");
        return;
    case COMP_TYPE_OPTION:
        pr_str(p, "(option");
        sp_valtype(p, cc, t->u.option);
        pr_str(p, ")");
        return;
    case COMP_TYPE_RESULT:
        pr_str(p, "(result");
        if (t->u.result.has_ok)
            sp_valtype(p, cc, t->u.result.ok);
        if (t->u.result.has_err) {
            pr_str(p, " (error");
            sp_valtype(p, cc, t->u.result.err);
            pr_str(p, ")");
        }
        pr_str(p, ")");
        return;
    case COMP_TYPE_OWN:
    case COMP_TYPE_BORROW:
        pr_str(p, t->kind == COMP_TYPE_OWN ? "(own" : "(borrow");
        pr_cref(p, cc, PR_C_TYPE, t->u.resource);
        pr_str(p, ")");
        return;
    case COMP_TYPE_STREAM:
    case COMP_TYPE_FUTURE:
        pr_str(p, t->kind == COMP_TYPE_STREAM ? "(stream" : "(future");
        if (t->u.async.has_payload)
            sp_valtype(p, cc, t->u.async.payload);
        pr_str(p, ")");
        return;
    case COMP_TYPE_MAP:
        pr_str(p, "(map");
        sp_valtype(p, cc, t->u.map.key);
        sp_valtype(p, cc, t->u.map.value);
        pr_str(p, ")");
        return;
    case COMP_TYPE_RESOURCE:
        pr_fmt(p, "(resource (rep %s)", pr_valtype_name(t->u.rsrc.rep));
        if (t->u.rsrc.has_dtor) {
            pr_str(p, " (dtor (func");
            pr_cref(p, cc, PR_C_CORE_FUNC, t->u.rsrc.dtor);
            pr_str(p, "))");
        }
        pr_str(p, ")");
        return;
    case COMP_TYPE_FUNC:
    case COMP_TYPE_ASYNC_FUNC:
        pr_str(p, t->kind == COMP_TYPE_ASYNC_FUNC ? "(func async" : "(func");
        for (uint32_t i = 0; i < t->u.func.param_count; i++) {
            pr_str(p, " (param ");
            pr_name_str(p, t->u.func.params[i].label);
            sp_valtype(p, cc, t->u.func.params[i].type);
            pr_str(p, ")");
        }
        if (t->u.func.has_result) {
            pr_str(p, " (result");
            sp_valtype(p, cc, t->u.func.result);
            pr_str(p, ")");
        }
        pr_str(p, ")");
        return;
    default: {
        const char *n = comp_primvaltype_name(t->kind);
        pr_str(p, n ? n : "<bad-type>");
        return;
    }
    }
}

/* An extern type's sort keyword and the space a definition of it joins. */
static const char *extern_keyword(uint8_t kind, uint32_t *space)
{
    switch (kind) {
    case COMP_SORT_CORE: *space = PR_C_CORE_MODULE; return "core module";
    case COMP_SORT_FUNC: *space = PR_C_FUNC; return "func";
    case COMP_SORT_VALUE: *space = PR_C_VALUE; return "value";
    case COMP_SORT_TYPE: *space = PR_C_TYPE; return "type";
    case COMP_SORT_COMPONENT: *space = PR_C_COMPONENT; return "component";
    default: *space = PR_C_INSTANCE; return "instance";
    }
}

void pr_externtype(pr *p, pr_comp_ctx *cc, const comp_externtype *et, bool define)
{
    uint32_t space;
    const char *kw = extern_keyword(et->kind, &space);
    pr_fmt(p, "(%s", kw);
    /* A type bound refers to the space before the new type joins it. */
    pr_comp_ctx before = *cc;
    if (define)
        pr_cdef(p, cc, space);
    switch (et->kind) {
    case COMP_SORT_VALUE:
        if (et->bound == COMP_BOUND_EQ) {
            pr_str(p, " (eq");
            pr_cref(p, &before, PR_C_VALUE, et->index);
            pr_str(p, ")");
        } else {
            sp_valtype(p, &before, et->value_type);
        }
        break;
    case COMP_SORT_TYPE:
        if (et->bound == COMP_BOUND_EQ) {
            pr_str(p, " (eq");
            pr_cref(p, &before, PR_C_TYPE, et->index);
            pr_str(p, ")");
        } else {
            pr_str(p, " (sub resource)");
        }
        break;
    default: {
        pr_str(p, " (type");
        pr_cref(p, &before, et->kind == COMP_SORT_CORE ? PR_C_CORE_TYPE : PR_C_TYPE, et->index);
        pr_str(p, ")");
        break;
    }
    }
    pr_str(p, ")");
}

/* ---- declarations of component and instance types ---------------------- */

static bool print_decls(pr *p, pr_comp_ctx *scope, const comp_decl *decls, uint32_t count)
{
    for (uint32_t i = 0; i < count; i++) {
        const comp_decl *d = &decls[i];
        switch (d->kind) {
        case COMP_DECL_CORE_TYPE:
            if (!pr_core_type_def(p, scope, d->core_type))
                return false;
            break;
        case COMP_DECL_TYPE:
            if (!pr_ctype_def(p, scope, d->type))
                return false;
            break;
        case COMP_DECL_ALIAS:
            pr_alias(p, scope, &d->alias);
            break;
        default:
            pr_newline(p);
            pr_str(p, d->kind == COMP_DECL_IMPORT ? "(import " : "(export");
            if (d->kind == COMP_DECL_EXPORT) {
                /* Exports in types define an index too: show it first. */
                uint32_t space;
                extern_keyword(d->extern_type.kind, &space);
                pr_index_comment(p, scope->next[space]);
                pr_str(p, " ");
                pr_extern_name(p, &d->name);
                pr_str(p, " ");
                scope->next[space]++;
                pr_externtype(p, scope, &d->extern_type, false);
            } else {
                pr_extern_name(p, &d->name);
                pr_str(p, " ");
                pr_externtype(p, scope, &d->extern_type, true);
            }
            pr_str(p, ")");
            break;
        }
    }
    return true;
}

static bool print_decl_body(pr *p, pr_comp_ctx *cc, const char *keyword,
                            const comp_decl *decls, uint32_t count)
{
    if (p->depth >= PR_MAX_DEPTH)
        return comp_error_set(p->err, 0, "types nested too deeply to print");
    pr_comp_ctx scope;
    memset(&scope, 0, sizeof scope);
    scope.outer = cc;
    p->indent++;
    pr_newline(p);
    pr_fmt(p, "(%s", keyword);
    p->indent++;
    p->depth++;
    bool ok = print_decls(p, &scope, decls, count);
    p->depth--;
    pr_close(p);
    p->indent--;
    pr_newline(p);
    return ok;
}

bool pr_ctype_def(pr *p, pr_comp_ctx *cc, const comp_type *t)
{
    pr_newline(p);
    pr_str(p, "(type");
    pr_comp_ctx before = *cc;
    pr_cdef(p, cc, PR_C_TYPE);
    if (t->kind == COMP_TYPE_COMPONENT || t->kind == COMP_TYPE_INSTANCE) {
        if (!print_decl_body(p, &before, t->kind == COMP_TYPE_COMPONENT ? "component" : "instance",
                             t->u.decls.decls, t->u.decls.decl_count))
            return false;
    } else {
        pr_str(p, " ");
        print_valtype_def(p, &before, t);
    }
    pr_str(p, ")");
    return true;
}

/* ---- core types ------------------------------------------------------------ */

static void print_core_functype(pr *p, const comp_functype *ft)
{
    pr_str(p, "(func");
    pr_signature(p, ft, NULL);
    pr_str(p, ")");
}

/* A core import/export descriptor inside a module type, with its index in
 * the module type's own spaces. */
static void print_core_desc(pr *p, const comp_import *im, uint32_t counters[6])
{
    switch (im->kind) {
    case COMP_EXTERN_FUNC:
        pr_fmt(p, "(func (;%u;) (type %u))", counters[0]++, im->desc.func_type);
        break;
    case COMP_EXTERN_TABLE:
        pr_fmt(p, "(table (;%u;)", counters[1]++);
        dsc_limits(p->out, &im->desc.table.limits);
        pr_fmt(p, " %s)", pr_valtype_name(im->desc.table.elem));
        break;
    case COMP_EXTERN_MEMORY:
        pr_fmt(p, "(memory (;%u;)", counters[2]++);
        dsc_limits(p->out, &im->desc.memory);
        pr_str(p, ")");
        break;
    case COMP_EXTERN_GLOBAL:
        pr_fmt(p, "(global (;%u;) ", counters[3]++);
        if (im->desc.global.mutability)
            pr_fmt(p, "(mut %s))", pr_valtype_name(im->desc.global.type));
        else
            pr_fmt(p, "%s)", pr_valtype_name(im->desc.global.type));
        break;
    default:
        pr_fmt(p, "(tag (;%u;) (type %u))", counters[4]++, im->desc.tag.type);
        break;
    }
}

static void print_core_subtype(pr *p, const comp_core_type *t)
{
    if (t->kind == COMP_CORE_TYPE_FUNC) {
        print_core_functype(p, &t->func);
        return;
    }
    pr_str(p, t->kind == COMP_CORE_TYPE_SUB_FINAL ? "(sub final" : "(sub");
    for (uint32_t i = 0; i < t->super_count; i++)
        pr_fmt(p, " %u", t->supers[i]);
    pr_str(p, " ");
    print_core_functype(p, &t->func);
    pr_str(p, ")");
}

static bool print_module_type(pr *p, const comp_core_type *t)
{
    if (p->depth >= PR_MAX_DEPTH)
        return comp_error_set(p->err, t->offset, "types nested too deeply to print");
    uint32_t counters[6] = {0, 0, 0, 0, 0, 0}; /* func table memory global tag type */
    p->indent++;
    pr_newline(p);
    pr_str(p, "(module");
    p->indent++;
    for (uint32_t i = 0; i < t->decl_count; i++) {
        const comp_moduledecl *d = &t->decls[i];
        pr_newline(p);
        switch (d->kind) {
        case COMP_MODULEDECL_IMPORT:
            pr_str(p, "(import ");
            pr_name_str(p, d->item.module);
            pr_str(p, " ");
            pr_name_str(p, d->item.name);
            pr_str(p, " ");
            print_core_desc(p, &d->item, counters);
            pr_str(p, ")");
            break;
        case COMP_MODULEDECL_EXPORT:
            pr_str(p, "(export ");
            pr_name_str(p, d->item.name);
            pr_str(p, " ");
            print_core_desc(p, &d->item, counters);
            pr_str(p, ")");
            break;
        case COMP_MODULEDECL_TYPE:
            pr_fmt(p, "(type (;%u;) ", counters[5]++);
            if (d->type)
                print_core_subtype(p, d->type);
            pr_str(p, ")");
            break;
        default:
            pr_fmt(p, "(alias outer %u %u (type (;%u;)))", d->outer_count, d->outer_index,
                   counters[5]++);
            break;
        }
    }
    pr_close(p);
    p->indent--;
    pr_newline(p);
    return true;
}

bool pr_core_type_def(pr *p, pr_comp_ctx *cc, const comp_core_type *t)
{
    pr_newline(p);
    pr_str(p, "(core type");
    pr_cdef(p, cc, PR_C_CORE_TYPE);
    if (t->kind == COMP_CORE_TYPE_MODULE) {
        if (!print_module_type(p, t))
            return false;
    } else {
        pr_str(p, " ");
        print_core_subtype(p, t);
    }
    pr_str(p, ")");
    return true;
}
