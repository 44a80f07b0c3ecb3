/* Component types (0x41) and instance types (0x42): their declarators
 * are validated in a fresh scope whose parent is the defining scope, so
 * outer aliases can reach enclosing types (Binary.md "Type Definitions"). */
#include "component/validate.h"

#include <string.h>

static bool decl(vstate *s, vscope *ts, const comp_decl *d, bool component)
{
    size_t off = d->offset;
    switch (d->kind) {
    case COMP_DECL_CORE_TYPE:
        return core_define_type(s, ts, d->core_type);
    case COMP_DECL_TYPE:
        return define_type(s, ts, d->type);
    case COMP_DECL_ALIAS:
        return scope_alias(s, ts, &d->alias, true);
    case COMP_DECL_IMPORT:
    case COMP_DECL_EXPORT: {
        bool is_import = d->kind == COMP_DECL_IMPORT;
        if (is_import && !component)
            return v_fail(s, off, "instance types cannot contain imports");
        ventity e;
        /* Component types are checked for visibility eagerly; instance
         * types when they are attached to an import or export. */
        return scope_externtype(s, ts, &d->extern_type, is_import, off, &e) &&
               add_extern_name(s, ts, &d->name, &e, is_import, off) &&
               (!component || visible_check_and_name(s, ts, &e, is_import, off)) &&
               scope_push_entity(s, ts, &e, off);
    }
    default:
        return v_fail(s, off, "invalid leading byte (0x%x) for type declaration", d->kind);
    }
}

static vnamed *arena_copy(vstate *s, const vnamed *from, uint32_t count, size_t off)
{
    vnamed *p = v_array(s, count ? count : 1, sizeof *p, off);
    if (p && count)
        memcpy(p, from, (size_t)count * sizeof *p);
    return p;
}

bool define_decl_type(vstate *s, vscope *sc, const comp_type *t, vid *out)
{
    bool component = t->kind == COMP_TYPE_COMPONENT;
    if (s->depth >= VAL_MAX_DEPTH)
        return v_fail(s, t->offset, "type declarations are nested too deeply");
    s->depth++;
    vscope ts;
    scope_init(s, &ts, sc, component ? SCOPE_COMPONENT_TYPE : SCOPE_INSTANCE_TYPE, t->offset);
    bool ok = true;
    for (uint32_t i = 0; ok && i < t->u.decls.decl_count; i++)
        ok = decl(s, &ts, &t->u.decls.decls[i], component);
    vnamed *im = ok ? arena_copy(s, ts.imports, ts.import_count, t->offset) : NULL;
    vnamed *ex = ok ? arena_copy(s, ts.exports, ts.export_count, t->offset) : NULL;
    ok = ok && im && ex;
    if (ok) {
        vid id = node_new(s, t->kind, t->offset);
        ok = id != VID_NONE;
        if (ok) {
            vnode *n = node_at(s, id);
            n->imports = im;
            n->import_count = ts.import_count;
            n->exports = ex;
            n->export_count = ts.export_count;
            n->serial = ts.serial;
            n->serial_end = s->next_serial; /* every nested scope is numbered */
            ok = node_finish(s, id, t->offset) && node_sort_exports(s, id, t->offset);
            *out = id;
        }
    }
    scope_free(&ts);
    s->depth--;
    return ok;
}
