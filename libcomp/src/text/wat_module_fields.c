/* Module fields: the declaring pass (indices and $names of every
 * definition, imports first) and the defining pass (types, imports,
 * functions, tables, memories, globals, exports, start). Segments are in
 * wat_module_segments.c. */
#include "text/wat_module_int.h"

#include <string.h>

#include "writer.h"

enum { KIND_FUNC, KIND_TABLE, KIND_MEMORY, KIND_GLOBAL, KIND_TAG, KIND_COUNT };
static const char *const kind_names[KIND_COUNT] = {"func", "table", "memory", "global", "tag"};

static int kind_of(const text_sexpr *f)
{
    for (int k = 0; k < KIND_COUNT; k++)
        if (text_sexpr_is_form(f, kind_names[k]))
            return k;
    return -1;
}

static wat_space *space_of(wat_parser *p, int kind)
{
    switch (kind) {
    case KIND_FUNC: return &p->funcs;
    case KIND_TABLE: return &p->tables;
    case KIND_MEMORY: return &p->memories;
    case KIND_GLOBAL: return &p->globals;
    default: return &p->tags;
    }
}

/* Skips `$id?` and `(export "n")*` of a definition; *at is then at the
 * optional inline import. */
static const text_sexpr *definition_id(const text_sexpr *f, uint32_t *at)
{
    *at = 1;
    const text_sexpr *id = NULL;
    if (*at < f->count && wat_is_id(f->items[*at]))
        id = f->items[(*at)++];
    while (*at < f->count && text_sexpr_is_form(f->items[*at], "export"))
        (*at)++;
    return id;
}

/* ---- declaring pass -------------------------------------------------------- */

typedef struct declare_state {
    const text_sexpr *first_definition[KIND_COUNT];
} declare_state;

/* `key`: the $id, else the keyword, an (@name ...) may follow. */
static bool declare_import(wat_parser *p, declare_state *st, const text_sexpr *at, int kind,
                           const text_sexpr *id, const text_sexpr *key)
{
    for (int k = 0; k < KIND_COUNT; k++) {
        if (st->first_definition[k])
            return wat_fail(p, at, "import after %s", kind_names[k]);
    }
    return wat_space_add_named(p, space_of(p, kind), id, key, NULL);
}

static bool declare_type(wat_parser *p, const text_sexpr *f)
{
    uint32_t i = 1;
    const text_sexpr *id = NULL;
    if (i < f->count && wat_is_id(f->items[i]))
        id = f->items[i++];
    if (i + 1 != f->count || !text_sexpr_is_form(f->items[i], "func"))
        return wat_expected(p, i < f->count ? f->items[i] : f, "(func ...)");
    const text_sexpr *fn = f->items[i];
    uint32_t j = 1;
    comp_functype ft;
    if (!wat_functype_items(p, fn, &j, &ft, NULL))
        return false;
    if (j != fn->count)
        return wat_expected(p, fn->items[j], "(param ...) or (result ...)");
    comp_functype *slot = comp_vec_push(p->arena, &p->type_list, sizeof *slot);
    if (!slot)
        return wat_oom(p, f);
    *slot = ft;
    p->explicit_types++;
    uint32_t index;
    return wat_space_add_named(p, &p->types, id, id ? id : f->items[0], &index) &&
           wat_type_note(p, index);
}

/* Memories' index types are needed before their fields are defined
 * (memargs of 64-bit memories take 64-bit offsets). `at`: the limits. */
static bool note_memory(wat_parser *p, const text_sexpr *f, uint32_t at)
{
    uint8_t *is64 = comp_vec_push(p->arena, &p->memory64, sizeof *is64);
    if (!is64)
        return wat_oom(p, f);
    *is64 = at < f->count && wat_index_type_is64(f->items[at]);
    return true;
}

bool wat_memory_is64(const wat_parser *p, uint32_t index)
{
    return index < p->memory64.count && ((const uint8_t *)p->memory64.data)[index];
}

static bool declare_field(wat_parser *p, declare_state *st, const text_sexpr *f)
{
    if (text_sexpr_is_form(f, "type"))
        return declare_type(p, f);
    if (text_sexpr_is_form(f, "import")) {
        const text_sexpr *desc = f->count > 3 ? f->items[3] : NULL;
        int kind = desc ? kind_of(desc) : -1;
        if (kind < 0)
            return wat_expected(p, desc ? desc : f, "an import description");
        const text_sexpr *id = desc->count > 1 && wat_is_id(desc->items[1]) ? desc->items[1] : NULL;
        if (kind == KIND_MEMORY && !note_memory(p, desc, id ? 2 : 1))
            return false;
        return declare_import(p, st, f, kind, id, id ? id : desc->items[0]);
    }
    int kind = kind_of(f);
    if (kind >= 0) {
        uint32_t at;
        const text_sexpr *id = definition_id(f, &at);
        bool imported = at < f->count && text_sexpr_is_form(f->items[at], "import");
        if (kind == KIND_MEMORY && !note_memory(p, f, imported ? at + 1 : at))
            return false;
        if (at < f->count && text_sexpr_is_form(f->items[at], "import"))
            return declare_import(p, st, f, kind, id, id ? id : f->items[0]);
        if (!st->first_definition[kind])
            st->first_definition[kind] = f;
        if (!wat_space_add_named(p, space_of(p, kind), id, id ? id : f->items[0], NULL))
            return false;
        /* An inline (elem ...) / (data ...) is a segment of its own. */
        for (; at < f->count; at++) {
            if ((kind == KIND_TABLE && text_sexpr_is_form(f->items[at], "elem")) ||
                (kind == KIND_MEMORY && text_sexpr_is_form(f->items[at], "data")))
                return wat_space_add(p, kind == KIND_TABLE ? &p->elems : &p->datas, NULL, NULL);
        }
        return true;
    }
    if (text_sexpr_is_form(f, "elem") || text_sexpr_is_form(f, "data")) {
        const text_sexpr *id = f->count > 1 && wat_is_id(f->items[1]) ? f->items[1] : NULL;
        return wat_space_add_named(p, text_sexpr_is_form(f, "elem") ? &p->elems : &p->datas, id,
                                   id ? id : f->items[0], NULL);
    }
    if (text_sexpr_is_form(f, "export") || text_sexpr_is_form(f, "start"))
        return true;
    return wat_expected(p, f, "a module field");
}

bool wat_declare_fields(wat_parser *p, const text_sexpr *form, uint32_t first)
{
    declare_state st = {{0}};
    for (uint32_t i = first; i < form->count; i++) {
        if (!declare_field(p, &st, form->items[i]))
            return false;
    }
    return true;
}

/* ---- defining pass --------------------------------------------------------- */

static bool global_type(wat_parser *p, const text_sexpr *e, comp_globaltype *out)
{
    if (text_sexpr_is_form(e, "mut")) {
        if (e->count != 2)
            return wat_expected(p, e, "(mut <value type>)");
        out->mutability = 1;
        return wat_valtype(p, e->items[1], &out->type);
    }
    out->mutability = 0;
    return wat_valtype(p, e, &out->type);
}

static bool table_type(wat_parser *p, const text_sexpr *f, uint32_t *at, comp_tabletype *out)
{
    if (!wat_limits(p, f, at, &out->limits))
        return false;
    if (*at >= f->count)
        return wat_expected(p, f, "a reference type");
    if (!wat_reftype(p, f->items[*at], &out->elem))
        return false;
    (*at)++;
    return true;
}

static bool no_more(wat_parser *p, const text_sexpr *f, uint32_t at)
{
    if (at < f->count)
        return wat_expected(p, f->items[at], "`)`");
    return true;
}

/* The description of an import of `kind` from items[at..] of `f`. */
static bool import_desc(wat_parser *p, const text_sexpr *f, uint32_t at, int kind, comp_import *im)
{
    switch (kind) {
    case KIND_FUNC: {
        im->kind = COMP_EXTERN_FUNC;
        comp_vec names = {0};
        if (!wat_typeuse(p, f, &at, &im->desc.func_type, &names))
            return false;
        break;
    }
    case KIND_TABLE:
        im->kind = COMP_EXTERN_TABLE;
        if (!table_type(p, f, &at, &im->desc.table))
            return false;
        break;
    case KIND_MEMORY:
        im->kind = COMP_EXTERN_MEMORY;
        if (!wat_limits(p, f, &at, &im->desc.memory))
            return false;
        break;
    case KIND_TAG:
        im->kind = COMP_EXTERN_TAG;
        im->desc.tag.attribute = 0;
        if (!wat_typeuse(p, f, &at, &im->desc.tag.type, NULL))
            return false;
        break;
    default:
        im->kind = COMP_EXTERN_GLOBAL;
        if (at >= f->count || !global_type(p, f->items[at], &im->desc.global))
            return at >= f->count ? wat_expected(p, f, "a global type") : false;
        at++;
        break;
    }
    return no_more(p, f, at);
}

static bool push_import(wat_parser *p, const text_sexpr *names_list, uint32_t names_at,
                        const text_sexpr *desc, uint32_t desc_at, int kind)
{
    comp_import *im = comp_vec_push(p->arena, &p->imports, sizeof *im);
    if (!im)
        return wat_oom(p, desc);
    im->offset = names_list->tok.pos.offset;
    if (names_list->count < names_at + 2)
        return wat_expected(p, names_list, "a module name and an item name");
    return wat_name_string(p, names_list->items[names_at], &im->module) &&
           wat_name_string(p, names_list->items[names_at + 1], &im->name) &&
           import_desc(p, desc, desc_at, kind, im);
}

static bool define_import(wat_parser *p, const text_sexpr *f)
{
    if (f->count != 4)
        return wat_expected(p, f->count > 4 ? f->items[4] : f, "an import description");
    const text_sexpr *desc = f->items[3];
    uint32_t at = 1;
    if (at < desc->count && wat_is_id(desc->items[at]))
        at++;
    return push_import(p, f, 1, desc, at, kind_of(desc));
}

static const uint8_t extern_kinds[KIND_COUNT] = {COMP_EXTERN_FUNC, COMP_EXTERN_TABLE,
                                                  COMP_EXTERN_MEMORY, COMP_EXTERN_GLOBAL,
                                                  COMP_EXTERN_TAG};

static bool push_export(wat_parser *p, const text_sexpr *name, uint8_t kind, uint32_t index)
{
    comp_export *ex = comp_vec_push(p->arena, &p->export_list, sizeof *ex);
    if (!ex)
        return wat_oom(p, name);
    ex->kind = kind;
    ex->index = index;
    ex->offset = name ? name->tok.pos.offset : 0;
    return wat_name_string(p, name, &ex->name);
}

static bool inline_exports(wat_parser *p, const text_sexpr *f, int kind, uint32_t index)
{
    for (uint32_t i = 1; i < f->count; i++) {
        const text_sexpr *e = f->items[i];
        if (!text_sexpr_is_form(e, "export"))
            continue;
        if (e->count != 2)
            return wat_expected(p, e, "(export \"name\")");
        if (!push_export(p, e->items[1], extern_kinds[kind], index))
            return false;
    }
    return true;
}

static bool define_export(wat_parser *p, const text_sexpr *f)
{
    if (f->count != 3)
        return wat_expected(p, f->count > 3 ? f->items[3] : f, "(export \"name\" (kind index))");
    const text_sexpr *desc = f->items[2];
    int kind = kind_of(desc);
    if (kind < 0 || desc->count != 2)
        return wat_expected(p, desc,
                            "an export description (func/table/memory/global/tag index)");
    uint32_t index;
    if (!wat_index(p, space_of(p, kind), desc->items[1], &index))
        return false;
    return push_export(p, f->items[1], extern_kinds[kind], index);
}

/* Local declarations, grouped by runs of one type as wasm-tools writes them. */
static void encode_locals(comp_buf *b, const comp_valtype *types, uint32_t count)
{
    uint32_t groups = 0;
    for (uint32_t i = 0; i < count; i++)
        if (i == 0 || types[i] != types[i - 1])
            groups++;
    leb_put_u64(b, groups, 0);
    for (uint32_t i = 0; i < count;) {
        uint32_t j = i;
        while (j < count && types[j] == types[i])
            j++;
        leb_put_u64(b, j - i, 0);
        comp_buf_byte(b, types[i]);
        i = j;
    }
}

/* `key`: what an (@name ...) for this local would follow (or NULL). */
static bool bind_local(wat_parser *p, const text_sexpr *id, const text_sexpr *key, comp_vec *names)
{
    uint32_t index;
    if (!wat_space_add(p, &p->locals, id, &index))
        return false;
    const text_sexpr *shown = wat_annot_name(p, key);
    if (!shown)
        shown = id;
    if (shown) {
        wat_name *n = comp_vec_push(p->arena, names, sizeof *n);
        if (!n)
            return wat_oom(p, shown);
        *n = (wat_name){shown->tok.value, (uint32_t)shown->tok.value_len, index};
    }
    return true;
}

static bool define_func_body(wat_parser *p, const text_sexpr *f, uint32_t at, uint32_t func)
{
    comp_vec param_ids = {0}, local_types = {0}, local_names = {0};
    uint32_t type;
    if (!wat_typeuse(p, f, &at, &type, &param_ids))
        return false;
    uint32_t *slot = comp_vec_push(p->arena, &p->funcs_list, sizeof *slot);
    if (!slot)
        return wat_oom(p, f);
    *slot = type;

    wat_space_init(&p->locals, "local");
    const text_sexpr **ids = param_ids.data;
    for (uint32_t i = 0; i < param_ids.count; i++)
        if (!bind_local(p, wat_is_id(ids[i]) ? ids[i] : NULL, ids[i], &local_names))
            return false;
    for (; at < f->count && text_sexpr_is_form(f->items[at], "local"); at++) {
        const text_sexpr *l = f->items[at];
        uint32_t k = 1;
        const text_sexpr *id = NULL;
        if (k < l->count && wat_is_id(l->items[k])) {
            id = l->items[k++];
            if (l->count != 3)
                return wat_expected(p, l, "(local $name <one value type>)");
        }
        for (; k < l->count; k++) {
            comp_valtype *t = comp_vec_push(p->arena, &local_types, sizeof *t);
            if (!t)
                return wat_oom(p, l);
            const text_sexpr *key = id ? id : l->count == 2 ? l->items[0] : NULL;
            if (!wat_valtype(p, l->items[k], t) || !bind_local(p, id, key, &local_names))
                return false;
        }
    }
    p->labels.count = 0;
    p->label_ordinal = 0;
    p->label_names = (comp_vec){0};

    comp_buf body = {0};
    encode_locals(&body, local_types.data, local_types.count);
    if (!wat_expr(p, f, at, &body)) {
        comp_buf_free(&body);
        return false;
    }
    comp_expr e;
    if (!wat_finish_expr(p, &body, f, &e))
        return false;
    comp_code *code = comp_vec_push(p->arena, &p->code_list, sizeof *code);
    if (!code)
        return wat_oom(p, f);
    *code = (comp_code){e.code, e.len, e.offset};

    if (local_names.count || p->label_names.count) {
        wat_func_names *fn = comp_vec_push(p->arena, &p->func_names, sizeof *fn);
        if (!fn)
            return wat_oom(p, f);
        *fn = (wat_func_names){func, local_names, p->label_names};
    }
    return true;
}

/* Index counters of the defining pass, to know which index a field has. */
typedef struct define_state {
    uint32_t next[KIND_COUNT];
} define_state;

static bool define_global(wat_parser *p, const text_sexpr *f, uint32_t at)
{
    comp_global *g = comp_vec_push(p->arena, &p->global_list, sizeof *g);
    if (!g)
        return wat_oom(p, f);
    if (at >= f->count)
        return wat_expected(p, f, "a global type");
    if (!global_type(p, f->items[at], &g->type))
        return false;
    comp_buf b = {0};
    if (!wat_expr(p, f, at + 1, &b)) {
        comp_buf_free(&b);
        return false;
    }
    return wat_finish_expr(p, &b, f, &g->init);
}

static bool define_table(wat_parser *p, const text_sexpr *f, uint32_t at, uint32_t index)
{
    comp_tabletype *t = comp_vec_push(p->arena, &p->table_list, sizeof *t);
    if (!t)
        return wat_oom(p, f);
    const text_sexpr *e = at < f->count ? f->items[at] : NULL;
    bool index_type = wat_is_keyword(e, "i32") || wat_is_keyword(e, "i64");
    if (e && !index_type &&
        ((e->kind == SX_ATOM && e->tok.kind == TOK_KEYWORD) || text_sexpr_is_form(e, "ref"))) {
        /* reftype (elem ...): the table is exactly as large as the segment. */
        if (!wat_reftype(p, f->items[at], &t->elem))
            return false;
        if (at + 2 != f->count || !text_sexpr_is_form(f->items[at + 1], "elem"))
            return wat_expected(p, at + 1 < f->count ? f->items[at + 1] : f, "(elem ...)");
        uint32_t count;
        if (!wat_inline_elem(p, f->items[at + 1], index, t->elem, &count))
            return false;
        t->limits = (comp_limits){COMP_LIMITS_HAS_MAX, count, count};
        return true;
    }
    return table_type(p, f, &at, t) && no_more(p, f, at);
}

static bool define_memory(wat_parser *p, const text_sexpr *f, uint32_t at, uint32_t index)
{
    comp_limits *m = comp_vec_push(p->arena, &p->memory_list, sizeof *m);
    if (!m)
        return wat_oom(p, f);
    bool is64 = at + 1 < f->count && wat_index_type_is64(f->items[at]) &&
                text_sexpr_is_form(f->items[at + 1], "data");
    if (is64)
        at++;
    if (at < f->count && text_sexpr_is_form(f->items[at], "data")) {
        uint64_t bytes;
        if (!wat_inline_data(p, f->items[at], index, is64, &bytes))
            return false;
        uint64_t pages = (bytes + 65535) / 65536;
        *m = (comp_limits){(uint8_t)(COMP_LIMITS_HAS_MAX | (is64 ? COMP_LIMITS_64 : 0)), pages,
                           pages};
        return no_more(p, f, at + 1);
    }
    return wat_limits(p, f, &at, m) && no_more(p, f, at);
}

/* `(tag $id? (export "n")* typeuse)`: an exception tag. */
static bool define_tag(wat_parser *p, const text_sexpr *f, uint32_t at)
{
    comp_tagtype *t = comp_vec_push(p->arena, &p->tag_list, sizeof *t);
    if (!t)
        return wat_oom(p, f);
    t->attribute = 0;
    return wat_typeuse(p, f, &at, &t->type, NULL) && no_more(p, f, at);
}

static bool define_definition(wat_parser *p, define_state *st, const text_sexpr *f, int kind)
{
    uint32_t at;
    definition_id(f, &at);
    uint32_t index = st->next[kind]++;
    if (!inline_exports(p, f, kind, index))
        return false;
    if (at < f->count && text_sexpr_is_form(f->items[at], "import"))
        return push_import(p, f->items[at], 1, f, at + 1, kind);
    switch (kind) {
    case KIND_FUNC: return define_func_body(p, f, at, index);
    case KIND_TABLE: return define_table(p, f, at, index);
    case KIND_MEMORY: return define_memory(p, f, at, index);
    case KIND_GLOBAL: return define_global(p, f, at);
    default: return define_tag(p, f, at);
    }
}

static bool define_start(wat_parser *p, const text_sexpr *f)
{
    if (p->m->has_start)
        return wat_fail(p, f, "multiple start sections");
    if (f->count != 2)
        return wat_expected(p, f, "(start <function index>)");
    p->m->has_start = true;
    return wat_index(p, &p->funcs, f->items[1], &p->m->start);
}

bool wat_define_fields(wat_parser *p, const text_sexpr *form, uint32_t first)
{
    define_state st = {{0}};
    for (uint32_t i = first; i < form->count; i++) {
        const text_sexpr *f = form->items[i];
        int kind = kind_of(f);
        bool ok;
        if (kind >= 0)
            ok = define_definition(p, &st, f, kind);
        else if (text_sexpr_is_form(f, "import")) {
            ok = define_import(p, f);
            st.next[kind_of(f->items[3])]++;
        } else if (text_sexpr_is_form(f, "export"))
            ok = define_export(p, f);
        else if (text_sexpr_is_form(f, "start"))
            ok = define_start(p, f);
        else if (text_sexpr_is_form(f, "elem"))
            ok = wat_elem_field(p, f);
        else if (text_sexpr_is_form(f, "data"))
            ok = wat_data_field(p, f);
        else
            ok = true; /* (type ...): done in the declaring pass */
        if (!ok)
            return false;
    }
    return true;
}
