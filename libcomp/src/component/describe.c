/* Component types in a readable form close to the WAT text format, with
 * type indices resolved to their definitions (see comp/describe.h). */
#include "describe_out.h"
#include "describe_scope.h"

/* An unresolvable type index prints as the raw reference. */
static void raw_type(dprinter *p, uint32_t index)
{
    comp_buf_printf(p->out, "(type %u)", (unsigned)index);
}

static void valtype(dprinter *p, const dscope *s, comp_cvaltype t)
{
    if (t.prim) {
        const char *name = comp_primvaltype_name(t.prim);
        if (name)
            dsc_cstr(p->out, name);
        else
            comp_buf_printf(p->out, "<valtype 0x%02x>", t.prim);
        return;
    }
    dresolved r;
    if (!dsc_resolve_type(p, s, t.index, false, &r))
        raw_type(p, t.index);
    else if (r.named)
        comp_buf_append(p->out, r.name.data, r.name.len);
    else
        dsc_deftype(p, r.where, r.def);
}

/* " (param "x" u32) (result string)" */
static void signature(dprinter *p, const dscope *s, const comp_cfunctype *f)
{
    for (uint32_t i = 0; i < f->param_count; i++) {
        dsc_cstr(p->out, " (param ");
        dsc_quoted(p->out, f->params[i].label);
        comp_buf_byte(p->out, ' ');
        valtype(p, s, f->params[i].type);
        comp_buf_byte(p->out, ')');
    }
    if (f->has_result) {
        dsc_cstr(p->out, " (result ");
        valtype(p, s, f->result);
        comp_buf_byte(p->out, ')');
    }
}

static void labels(dprinter *p, uint32_t n, const comp_str *ls)
{
    for (uint32_t i = 0; i < n; i++) {
        comp_buf_byte(p->out, ' ');
        dsc_quoted(p->out, ls[i]);
    }
}

/* "; "-separated imports and exports of a component or instance type, in
 * braces; other declarations only define what these refer to. */
static void decls(dprinter *p, const dscope *outer, const comp_type *t)
{
    dscope local;
    if (!dsc_enter_decls(p, t, outer, &local)) {
        dsc_cstr(p->out, "{ <out of memory> }");
        return;
    }
    dsc_cstr(p->out, "{");
    bool first = true;
    for (uint32_t i = 0; i < local.decl_count; i++) {
        const comp_decl *d = &local.decls[i];
        if (d->kind != COMP_DECL_IMPORT && d->kind != COMP_DECL_EXPORT)
            continue;
        if (!first)
            comp_buf_byte(p->out, ';');
        first = false;
        dsc_cstr(p->out, d->kind == COMP_DECL_IMPORT ? " import " : " export ");
        dsc_quoted(p->out, d->name.name);
        comp_buf_byte(p->out, ' ');
        dsc_externtype(p, &local, &d->extern_type, false);
        if (p->budget == 0)
            break;
    }
    dsc_cstr(p->out, first ? "}" : " }");
}

static void deftype_body(dprinter *p, const dscope *s, const comp_type *t)
{
    comp_buf *o = p->out;
    switch (t->kind) {
    case COMP_TYPE_RECORD:
        dsc_cstr(o, "(record");
        for (uint32_t i = 0; i < t->u.record.field_count; i++) {
            dsc_cstr(o, " (field ");
            dsc_quoted(o, t->u.record.fields[i].label);
            comp_buf_byte(o, ' ');
            valtype(p, s, t->u.record.fields[i].type);
            comp_buf_byte(o, ')');
        }
        comp_buf_byte(o, ')');
        break;
    case COMP_TYPE_VARIANT:
        dsc_cstr(o, "(variant");
        for (uint32_t i = 0; i < t->u.variant.case_count; i++) {
            const comp_case *c = &t->u.variant.cases[i];
            dsc_cstr(o, " (case ");
            dsc_quoted(o, c->label);
            if (c->has_type) {
                comp_buf_byte(o, ' ');
                valtype(p, s, c->type);
            }
            comp_buf_byte(o, ')');
        }
        comp_buf_byte(o, ')');
        break;
    case COMP_TYPE_LIST:
    case COMP_TYPE_FIXED_LIST:
        dsc_cstr(o, "(list ");
        valtype(p, s, t->u.list.elem);
        if (t->kind == COMP_TYPE_FIXED_LIST)
            comp_buf_printf(o, " %u", (unsigned)t->u.list.length);
        comp_buf_byte(o, ')');
        break;
    case COMP_TYPE_TUPLE:
        dsc_cstr(o, "(tuple");
        for (uint32_t i = 0; i < t->u.tuple.type_count; i++) {
            comp_buf_byte(o, ' ');
            valtype(p, s, t->u.tuple.types[i]);
        }
        comp_buf_byte(o, ')');
        break;
    case COMP_TYPE_FLAGS:
    case COMP_TYPE_ENUM:
        dsc_cstr(o, t->kind == COMP_TYPE_FLAGS ? "(flags" : "(enum");
        labels(p, t->u.labels.label_count, t->u.labels.labels);
        comp_buf_byte(o, ')');
        break;
    case COMP_TYPE_OPTION:
        dsc_cstr(o, "(option ");
        valtype(p, s, t->u.option);
        comp_buf_byte(o, ')');
        break;
    case COMP_TYPE_RESULT:
        dsc_cstr(o, "(result");
        if (t->u.result.has_ok) {
            comp_buf_byte(o, ' ');
            valtype(p, s, t->u.result.ok);
        }
        if (t->u.result.has_err) {
            dsc_cstr(o, " (error ");
            valtype(p, s, t->u.result.err);
            comp_buf_byte(o, ')');
        }
        comp_buf_byte(o, ')');
        break;
    case COMP_TYPE_OWN:
    case COMP_TYPE_BORROW:
        dsc_cstr(o, t->kind == COMP_TYPE_OWN ? "(own " : "(borrow ");
        valtype(p, s, (comp_cvaltype){.index = t->u.resource});
        comp_buf_byte(o, ')');
        break;
    case COMP_TYPE_STREAM:
    case COMP_TYPE_FUTURE:
        dsc_cstr(o, t->kind == COMP_TYPE_STREAM ? "(stream" : "(future");
        if (t->u.async.has_payload) {
            comp_buf_byte(o, ' ');
            valtype(p, s, t->u.async.payload);
        }
        comp_buf_byte(o, ')');
        break;
    case COMP_TYPE_MAP:
        dsc_cstr(o, "(map ");
        valtype(p, s, t->u.map.key);
        comp_buf_byte(o, ' ');
        valtype(p, s, t->u.map.value);
        comp_buf_byte(o, ')');
        break;
    case COMP_TYPE_RESOURCE:
        dsc_cstr(o, t->u.rsrc.rep == COMP_I64 ? "(resource (rep i64)" : "(resource (rep i32)");
        if (t->u.rsrc.has_dtor)
            comp_buf_printf(o, " (dtor (core func %u))", (unsigned)t->u.rsrc.dtor);
        comp_buf_byte(o, ')');
        break;
    case COMP_TYPE_FUNC:
    case COMP_TYPE_ASYNC_FUNC:
        dsc_cstr(o, t->kind == COMP_TYPE_ASYNC_FUNC ? "(func async" : "(func");
        signature(p, s, &t->u.func);
        comp_buf_byte(o, ')');
        break;
    case COMP_TYPE_COMPONENT:
    case COMP_TYPE_INSTANCE:
        dsc_cstr(o, t->kind == COMP_TYPE_COMPONENT ? "(component " : "(instance ");
        decls(p, s, t);
        comp_buf_byte(o, ')');
        break;
    default: {
        const char *prim = comp_primvaltype_name(t->kind);
        if (prim)
            dsc_cstr(o, prim);
        else
            comp_buf_printf(o, "<type 0x%02x>", t->kind);
        break;
    }
    }
}

void dsc_deftype(dprinter *p, const dscope *s, const comp_type *t)
{
    if (!dsc_spend(p))
        return;
    p->depth++;
    deftype_body(p, s, t);
    p->depth--;
}

/* Prints `open` + the definition of type `index` without its outer
 * parentheses when it has kind `want` (func, component or instance type),
 * else `open` + the raw reference. */
void dsc_typed_extern(dprinter *p, const dscope *s, uint32_t index, uint8_t want,
                         const char *open)
{
    dresolved r;
    bool ok = dsc_resolve_type(p, s, index, true, &r) && !r.named;
    bool is_func = ok && (r.def->kind == COMP_TYPE_FUNC || r.def->kind == COMP_TYPE_ASYNC_FUNC);
    if (ok && (r.def->kind == want || (want == COMP_TYPE_FUNC && is_func))) {
        if (!dsc_spend(p))
            return;
        p->depth++;
        if (is_func) {
            dsc_cstr(p->out, r.def->kind == COMP_TYPE_ASYNC_FUNC ? "func async" : "func");
            signature(p, r.where, &r.def->u.func);
        } else {
            dsc_cstr(p->out, open);
            comp_buf_byte(p->out, ' ');
            decls(p, r.where, r.def);
        }
        p->depth--;
        return;
    }
    dsc_cstr(p->out, open);
    comp_buf_byte(p->out, ' ');
    if (ok || !r.named)
        raw_type(p, index);
    else
        comp_buf_append(p->out, r.name.data, r.name.len);
}

/* core module { import "m" "n" (func ...); export "x" (memory 1) } */
void dsc_module_type(dprinter *p, const dscope *s, uint32_t index)
{
    const comp_core_type *mt = dsc_resolve_core_type(s, index);
    if (!mt || mt->kind != COMP_CORE_TYPE_MODULE) {
        comp_buf_printf(p->out, "core module (type %u)", (unsigned)index);
        return;
    }
    /* Function types of the module type's own index space. */
    const comp_core_type **local = comp_arena_array(p->scratch, mt->decl_count ? mt->decl_count : 1,
                                                    sizeof *local);
    if (!local) {
        dsc_cstr(p->out, "core module <out of memory>");
        return;
    }
    uint32_t n = 0;
    dsc_cstr(p->out, "core module {");
    bool first = true;
    for (uint32_t i = 0; i < mt->decl_count && dsc_spend(p); i++) {
        const comp_moduledecl *d = &mt->decls[i];
        if (d->kind == COMP_MODULEDECL_TYPE) {
            local[n++] = d->type;
            continue;
        }
        if (d->kind == COMP_MODULEDECL_ALIAS) {
            /* outer count 0 would be the module type itself */
            local[n++] = d->outer_count
                             ? dsc_resolve_core_type(dsc_outward(s, d->outer_count - 1), d->outer_index)
                             : NULL;
            continue;
        }
        dsc_cstr(p->out, first ? " " : "; ");
        first = false;
        if (d->kind == COMP_MODULEDECL_IMPORT) {
            dsc_cstr(p->out, "import ");
            dsc_quoted(p->out, d->item.module);
            comp_buf_byte(p->out, ' ');
        } else {
            dsc_cstr(p->out, "export ");
        }
        dsc_quoted(p->out, d->item.name);
        comp_buf_byte(p->out, ' ');
        uint8_t kind = d->item.kind;
        uint32_t ti = kind == COMP_EXTERN_FUNC ? d->item.desc.func_type : d->item.desc.tag.type;
        if ((kind == COMP_EXTERN_FUNC || kind == COMP_EXTERN_TAG) && ti < n && local[ti] &&
            local[ti]->kind != COMP_CORE_TYPE_MODULE) {
            dsc_core_import(p->out, &d->item, &local[ti]->func);
        } else {
            dsc_core_import(p->out, &d->item, NULL);
        }
    }
    dsc_cstr(p->out, first ? "}" : " }");
}

void dsc_externtype(dprinter *p, const dscope *s, const comp_externtype *et, bool bare)
{
    if (!bare)
        comp_buf_byte(p->out, '(');
    switch (et->kind) {
    case COMP_SORT_CORE:
        dsc_module_type(p, s, et->index);
        break;
    case COMP_SORT_FUNC:
        dsc_typed_extern(p, s, et->index, COMP_TYPE_FUNC, "func");
        break;
    case COMP_SORT_COMPONENT:
        dsc_typed_extern(p, s, et->index, COMP_TYPE_COMPONENT, "component");
        break;
    case COMP_SORT_INSTANCE:
        dsc_typed_extern(p, s, et->index, COMP_TYPE_INSTANCE, "instance");
        break;
    case COMP_SORT_VALUE:
        dsc_cstr(p->out, "value ");
        if (et->bound == COMP_BOUND_EQ)
            comp_buf_printf(p->out, "(eq (value %u))", (unsigned)et->index);
        else
            valtype(p, s, et->value_type);
        break;
    case COMP_SORT_TYPE:
        if (et->bound == COMP_BOUND_SUB_RESOURCE) {
            dsc_cstr(p->out, "type (sub resource)");
        } else {
            dresolved r;
            dsc_cstr(p->out, "type (eq ");
            if (!dsc_resolve_type(p, s, et->index, true, &r))
                raw_type(p, et->index);
            else if (r.named)
                comp_buf_append(p->out, r.name.data, r.name.len);
            else
                dsc_deftype(p, r.where, r.def);
            comp_buf_byte(p->out, ')');
        }
        break;
    default:
        comp_buf_printf(p->out, "<extern kind 0x%02x>", et->kind);
        break;
    }
    if (!bare)
        comp_buf_byte(p->out, ')');
}

void comp_describe_externtype(comp_buf *out, const comp_scope *scope,
                              const comp_externtype *et, comp_arena *scratch)
{
    dscope chain[COMP_DESCRIBE_MAX_DEPTH];
    dprinter p = {.out = out, .scratch = scratch, .budget = COMP_DESCRIBE_BUDGET};
    dsc_externtype(&p, dsc_enter_components(chain, scope), et, true);
}

void comp_describe_valtype(comp_buf *out, const comp_scope *scope, comp_cvaltype t,
                           comp_arena *scratch)
{
    dscope chain[COMP_DESCRIBE_MAX_DEPTH];
    dprinter p = {.out = out, .scratch = scratch, .budget = COMP_DESCRIBE_BUDGET};
    valtype(&p, dsc_enter_components(chain, scope), t);
}
