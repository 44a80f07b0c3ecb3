/* An exported interface with types of its own cannot be an instance of
 * inline exports: its types must be exported with it. As wit-component
 * does, a small component imports the lifted functions and the types they
 * use ("import-func-F", "import-type-T", each type bounded by `eq` to its
 * structure) and exports the interface's types, then its functions
 * ascribed with types that use the exported ones. */
#include "emit.h"

#include <stdio.h>
#include <string.h>

typedef struct shim {
    const wit_resolve *r;
    uint32_t iface;
    cn_scope *outer;
    cn_shim_args *args;
    comp_arena *arena;
    comp_error *err;
    comp_buf body;          /* the shim's sections */
    uint32_t types, funcs;
    uint32_t foreign;       /* numbering of types of other interfaces */
    cn_scope imp, exp;      /* type indices as imported, as exported */
} shim;

static bool add_arg(shim *sh, comp_str name, uint8_t sort, uint32_t index)
{
    comp_str *n = comp_vec_push(sh->arena, &sh->args->names, sizeof *n);
    uint8_t *s = comp_vec_push(sh->arena, &sh->args->sorts, 1);
    uint32_t *i = comp_vec_push(sh->arena, &sh->args->indices, sizeof *i);
    if (!n || !s || !i)
        return cn_oom(sh->err);
    *n = name, *s = sort, *i = index;
    return true;
}

static comp_str format_name(shim *sh, const char *prefix, comp_str name, uint32_t number)
{
    char buf[300];
    int len = number ? snprintf(buf, sizeof buf, "%s%.*s-%u", prefix, (int)(name.len > 200 ? 200 : name.len),
                                name.data, number)
                     : snprintf(buf, sizeof buf, "%s%.*s", prefix, (int)(name.len > 200 ? 200 : name.len), name.data);
    comp_str s = {comp_arena_strndup(sh->arena, buf, (size_t)len), (uint32_t)len};
    if (!s.data)
        s.len = 0;
    return s;
}

/* "import-func-f", "import-constructor-r", "import-method-r-f",
 * "import-static-r-f": plain names for the shim's function imports. */
static comp_str import_func_name(shim *sh, const wit_rfunc *f)
{
    static const char *const prefixes[] = {
        [WIT_FUNC_FREESTANDING] = "import-func-", [WIT_FUNC_METHOD] = "import-method-",
        [WIT_FUNC_STATIC] = "import-static-", [WIT_FUNC_CONSTRUCTOR] = "import-constructor-"};
    comp_str name = f->name;
    if (f->kind != WIT_FUNC_FREESTANDING) {
        /* after "[method]" etc.: "r.f" or "r" */
        const char *close = memchr(name.data, ']', name.len);
        if (close) {
            name.len -= (uint32_t)(close + 1 - name.data);
            name.data = close + 1;
        }
    }
    comp_str s = format_name(sh, (size_t)f->kind < sizeof prefixes / sizeof *prefixes && prefixes[f->kind]
                                     ? prefixes[f->kind] : "import-func-", name, 0);
    for (uint32_t i = 0; s.data && i < s.len; i++)
        if (s.data[i] == '.')
            ((char *)s.data)[i] = '-';
    return s;
}

/* import NAME (type (eq local)), (type (sub resource)) when `local` is
 * UINT32_MAX, or (func (type local)) */
static void import_item(shim *sh, comp_str name, uint8_t sort, uint32_t local)
{
    comp_buf s = {0};
    cn_leb_u32(&s, 1);
    comp_buf_byte(&s, 0x00);
    cn_name(&s, name.data, name.len);
    comp_buf_byte(&s, sort);
    if (sort == COMP_SORT_TYPE && local == UINT32_MAX) {
        comp_buf_byte(&s, COMP_BOUND_SUB_RESOURCE);
    } else {
        if (sort == COMP_SORT_TYPE)
            comp_buf_byte(&s, COMP_BOUND_EQ);
        cn_leb_u32(&s, local);
    }
    cn_section(&sh->body, COMP_CSEC_IMPORT, &s);
    comp_buf_free(&s);
}

/* export NAME (SORT index), with (func (type ascribed)) for functions */
static void export_item(shim *sh, comp_str name, uint8_t sort, uint32_t index, uint32_t ascribed)
{
    comp_buf s = {0};
    cn_leb_u32(&s, 1);
    comp_buf_byte(&s, 0x00);
    cn_name(&s, name.data, name.len);
    comp_buf_byte(&s, sort);
    cn_leb_u32(&s, index);
    if (sort == COMP_SORT_FUNC) {
        comp_buf_byte(&s, 0x01);
        comp_buf_byte(&s, COMP_SORT_FUNC);
        cn_leb_u32(&s, ascribed);
    } else {
        comp_buf_byte(&s, 0x00);
    }
    cn_section(&sh->body, COMP_CSEC_EXPORT, &s);
    comp_buf_free(&s);
}

/* A named type the shim's imports use: its structure, then an import
 * bounded by it, given the outer component's type. */
static bool import_named(cn_scope *s, uint32_t id, uint32_t *index)
{
    shim *sh = s->ctx;
    const wit_rtype *t = &sh->r->types[id];
    uint32_t local = UINT32_MAX, outer;
    if ((t->kind != WIT_DEF_KIND_RESOURCE && !cn_scope_structure(s, id, &local)) ||
        !cn_scope_type_id(sh->outer, id, &outer))
        return false;
    bool own = t->owner_kind == WIT_OWNER_INTERFACE && t->owner == sh->iface;
    comp_str name = format_name(sh, "import-type-", t->name, own ? 0 : ++sh->foreign);
    if (!name.data)
        return cn_oom(sh->err);
    import_item(sh, name, COMP_SORT_TYPE, local);
    *index = sh->types++;
    return add_arg(sh, name, COMP_SORT_TYPE, outer);
}

/* A named type of the exported instance: the interface's own types are
 * exported (by structure, so aliases export their target again under their
 * own name); other interfaces' types are used as imported. */
static bool export_named(cn_scope *s, uint32_t id, uint32_t *index)
{
    shim *sh = s->ctx;
    const wit_rtype *t = &sh->r->types[id];
    if (!(t->owner_kind == WIT_OWNER_INTERFACE && t->owner == sh->iface))
        return cn_scope_type_id(&sh->imp, id, index);
    uint32_t local;
    /* A resource is the imported one, exported again. */
    if (!(t->kind == WIT_DEF_KIND_RESOURCE ? cn_scope_type_id(&sh->imp, id, &local)
                                           : cn_scope_structure(s, id, &local)))
        return false;
    export_item(sh, t->name, COMP_SORT_TYPE, local, 0);
    *index = sh->types++;
    return true;
}

bool cn_export_shim(const wit_resolve *r, uint32_t iface, const wit_rfunc *const *funcs, const uint32_t *lifted,
                    uint32_t count, cn_scope *outer, comp_arena *arena, comp_buf *out, cn_shim_args *args,
                    comp_error *err)
{
    shim sh = {.r = r, .iface = iface, .outer = outer, .args = args, .arena = arena, .err = err};
    static const uint8_t preamble[8] = {0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00};
    comp_buf_append(&sh.body, preamble, sizeof preamble);
    sh.imp = (cn_scope){.r = r, .out = &sh.body, .types = &sh.types, .type_of = cn_scope_map(arena, r),
                        .named = import_named, .ctx = &sh, .err = err};
    sh.exp = sh.imp;
    sh.exp.type_of = cn_scope_map(arena, r);
    sh.exp.named = export_named;
    bool ok = sh.imp.type_of && sh.exp.type_of;
    if (!ok)
        cn_oom(err);
    /* The functions, as the outer component lifted them. */
    uint32_t *imported = comp_arena_array(arena, count + 1, sizeof *imported);
    ok = ok && (imported || cn_oom(err));
    for (uint32_t i = 0; ok && i < count; i++) {
        uint32_t type;
        comp_str name = import_func_name(&sh, funcs[i]);
        ok = name.data ? cn_scope_functype(&sh.imp, funcs[i], &type) : cn_oom(err);
        if (ok) {
            import_item(&sh, name, COMP_SORT_FUNC, type);
            imported[i] = sh.funcs++;
            ok = add_arg(&sh, name, COMP_SORT_FUNC, lifted[i]);
        }
    }
    /* The interface's types, in order, then the functions. */
    const wit_rinterface *in = &r->interfaces[iface];
    for (uint32_t i = 0; ok && i < in->type_count; i++) {
        uint32_t index;
        ok = cn_scope_type_id(&sh.exp, in->types[i], &index);
    }
    for (uint32_t i = 0; ok && i < count; i++) {
        uint32_t type;
        ok = cn_scope_functype(&sh.exp, funcs[i], &type);
        if (ok) {
            export_item(&sh, funcs[i]->name, COMP_SORT_FUNC, imported[i], type);
            sh.funcs++;
        }
    }
    if (ok && sh.body.oom)
        ok = cn_oom(err);
    if (ok)
        cn_section(out, COMP_CSEC_COMPONENT, &sh.body);
    comp_buf_free(&sh.body);
    return ok;
}
