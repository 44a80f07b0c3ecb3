/* Annotations of a core module or a component (read with
 * keep_annotations): `(@name "n")` after a definition's $id or keyword sets
 * its name-section name, `(@custom "name" (before|after place)? "bytes"*)`
 * at module or component level is a custom section. Unknown annotations
 * are ignored, as the annotations proposal asks. The parser proper then
 * sees a tree without annotations (a component keeps its `(@custom ...)`
 * fields in place: there, custom sections go where they are written). */
#include "text/wat_module_int.h"

#include <stdlib.h>
#include <string.h>

static const struct {
    const char *name;
    uint8_t id;
} anchors[] = {
    {"type", COMP_SEC_TYPE},     {"import", COMP_SEC_IMPORT}, {"func", COMP_SEC_FUNCTION},
    {"table", COMP_SEC_TABLE},   {"memory", COMP_SEC_MEMORY}, {"global", COMP_SEC_GLOBAL},
    {"export", COMP_SEC_EXPORT}, {"start", COMP_SEC_START},   {"elem", COMP_SEC_ELEMENT},
    {"code", COMP_SEC_CODE},     {"data", COMP_SEC_DATA},     {"tag", COMP_SEC_TAG},
};

static bool is_annot(const text_sexpr *e, const char *id)
{
    size_t n = strlen(id);
    return e->kind == SX_ANNOT && e->tok.value_len == n && memcmp(e->tok.value, id, n) == 0;
}

/* `(before first|<section>)` or `(after last|<section>)`. */
static bool custom_place(wat_parser *p, const text_sexpr *e, wat_custom *c)
{
    bool before = text_sexpr_is_form(e, "before");
    if ((!before && !text_sexpr_is_form(e, "after")) || e->count != 2)
        return wat_expected(p, e, "(before <section>) or (after <section>)");
    const text_sexpr *where = e->items[1];
    if (wat_is_keyword(where, before ? "first" : "last")) {
        c->place = before ? WAT_PLACE_BEFORE_FIRST : WAT_PLACE_AFTER_LAST;
        return true;
    }
    for (size_t i = 0; i < sizeof anchors / sizeof anchors[0]; i++) {
        if (wat_is_keyword(where, anchors[i].name)) {
            c->place = before ? WAT_PLACE_BEFORE : WAT_PLACE_AFTER;
            c->anchor = anchors[i].id;
            return true;
        }
    }
    return wat_expected(p, where, before ? "`first` or a section name" : "`last` or a section name");
}

bool wat_custom_annotation(wat_parser *p, const text_sexpr *a, wat_custom *c)
{
    memset(c, 0, sizeof *c);
    c->place = WAT_PLACE_AFTER_LAST;
    if (a->count == 0)
        return wat_expected(p, a, "a custom section name");
    if (!wat_name_string(p, a->items[0], &c->section.name))
        return false;
    uint32_t at = 1;
    if (at < a->count && a->items[at]->kind == SX_LIST && !custom_place(p, a->items[at++], c))
        return false;
    return wat_data_strings(p, a, at, &c->section.data, &c->section.len);
}

static bool collect_custom(wat_parser *p, const text_sexpr *a)
{
    wat_custom *c = comp_vec_push(p->arena, &p->customs, sizeof *c);
    if (!c)
        return wat_oom(p, a);
    return wat_custom_annotation(p, a, c);
}

static bool name_annotation(wat_parser *p, const text_sexpr *a, const text_sexpr *key)
{
    comp_str ignored;
    if (a->count != 1)
        return wat_expected(p, a, "(@name \"one string\")");
    if (!wat_name_string(p, a->items[0], &ignored))
        return false;
    if (!key)
        return wat_fail(p, a, "unexpected token: (@name ...) must follow what it names");
    wat_name_annot *n = comp_vec_push(p->arena, &p->name_annots, sizeof *n);
    if (!n)
        return wat_oom(p, a);
    *n = (wat_name_annot){key, a->items[0]};
    return true;
}

/* What a list is, for the annotations it may hold. */
typedef enum strip_level {
    LEVEL_MODULE,       /* the module form: (@custom ...) are collected */
    LEVEL_COMPONENT,    /* a component form: (@custom ...) stay in place */
    LEVEL_INNER,        /* anything else: (@custom ...) is misplaced */
    LEVEL_HEAD,         /* a component's (core module ...): only its head,
                           the module parser strips its fields */
} strip_level;

static bool strip(wat_parser *p, const text_sexpr *e, uint32_t first, strip_level level,
                  uint32_t depth, const text_sexpr **out);

static strip_level child_level(strip_level parent, const text_sexpr *child)
{
    if (parent != LEVEL_COMPONENT)
        return LEVEL_INNER;
    if (text_sexpr_is_form(child, "component"))
        return LEVEL_COMPONENT;
    if (text_sexpr_is_form(child, "core") && child->count >= 2 &&
        wat_is_keyword(child->items[1], "module"))
        return LEVEL_HEAD;
    return LEVEL_INNER;
}

/* Handles annotation `a` (items[i] of `e`); *keep when it stays in the tree. */
static bool annotation(wat_parser *p, const text_sexpr *e, uint32_t i, strip_level level,
                       bool *keep)
{
    const text_sexpr *a = e->items[i];
    *keep = false;
    if (is_annot(a, "name"))
        return name_annotation(p, a, i > 0 ? e->items[i - 1] : NULL);
    if (!is_annot(a, "custom"))
        return true;
    if (level == LEVEL_MODULE)
        return collect_custom(p, a);
    if (level == LEVEL_COMPONENT) {
        *keep = true;
        return true;
    }
    return wat_fail(p, a,
                    "unexpected token: (@custom ...) is a module field or a component field");
}

/* Strips one list at `level`. */
static bool strip_list(wat_parser *p, const text_sexpr *e, uint32_t first, strip_level level,
                       uint32_t depth, const text_sexpr **out)
{
    text_sexpr **items = NULL; /* allocated at the first change */
    uint32_t kept = 0;
    bool in_head = true;
    for (uint32_t i = 0; i < e->count; i++) {
        const text_sexpr *item = e->items[i], *stripped = item;
        if (item->kind == SX_LIST)
            in_head = false;
        bool drop = false;
        if (item->kind == SX_ANNOT && i >= first && (level != LEVEL_HEAD || in_head)) {
            bool keep;
            if (!annotation(p, e, i, level, &keep))
                return false;
            drop = !keep;
        } else if (item->kind == SX_LIST && level != LEVEL_HEAD &&
                   !strip(p, item, 0, child_level(level, item), depth + 1, &stripped)) {
            return false;
        }
        if (!items && (drop || stripped != item)) {
            items = comp_arena_array(p->arena, e->count, sizeof *items);
            if (!items)
                return wat_oom(p, e);
            memcpy(items, e->items, i * sizeof *items);
            kept = i;
        }
        if (items && !drop)
            items[kept++] = (text_sexpr *)stripped;
    }
    if (!items) {
        *out = e;
        return true;
    }
    text_sexpr *copy = comp_arena_alloc(p->arena, sizeof *copy);
    if (!copy)
        return wat_oom(p, e);
    *copy = *e;
    copy->items = items;
    copy->count = kept;
    *out = copy;
    return true;
}

static bool strip(wat_parser *p, const text_sexpr *e, uint32_t first, strip_level level,
                  uint32_t depth, const text_sexpr **out)
{
    /* The reader bounds the depth; this guards trees read with a larger bound. */
    if (depth > TEXT_SEXPR_DEFAULT_MAX_DEPTH)
        return wat_fail(p, e, "nesting too deep");
    return strip_list(p, e, first, level, depth, out);
}

static int compare_keys(const void *a, const void *b)
{
    uintptr_t x = (uintptr_t)((const wat_name_annot *)a)->key;
    uintptr_t y = (uintptr_t)((const wat_name_annot *)b)->key;
    return x < y ? -1 : x > y;
}

static bool strip_form(wat_parser *p, const text_sexpr *form, uint32_t first, strip_level level,
                       const text_sexpr **out)
{
    if (!strip(p, form, first, level, 0, out))
        return false;
    if (p->name_annots.count > 1)
        qsort(p->name_annots.data, p->name_annots.count, sizeof(wat_name_annot), compare_keys);
    return true;
}

bool wat_strip_annotations(wat_parser *p, const text_sexpr *form, uint32_t first,
                           const text_sexpr **out)
{
    return strip_form(p, form, first, LEVEL_MODULE, out);
}

bool wat_strip_component_annotations(wat_parser *p, const text_sexpr *form, uint32_t first,
                                     const text_sexpr **out)
{
    return strip_form(p, form, first, LEVEL_COMPONENT, out);
}

const text_sexpr *wat_annot_name(const wat_parser *p, const text_sexpr *key)
{
    const wat_name_annot *a = p->name_annots.data;
    uint32_t lo = 0, hi = key ? p->name_annots.count : 0;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (a[mid].key == key)
            return a[mid].value;
        if ((uintptr_t)a[mid].key < (uintptr_t)key)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}
