/* Reducing an adapter module to what the main module uses, as
 * wit-component does: exports not asked for go, then every function no
 * remaining export reaches, and with them the imports (so the component
 * imports only the interfaces the program really needs). Function indices
 * change, so `call`, `return_call` and `ref.func` are rewritten; types,
 * globals and tables are kept as they are.
 *
 * An adapter's `__stack_pointer` starts at 0: the adapter gets a page of
 * its own, allocated at start (memory.grow) or, when the main module
 * exports `cabi_realloc` and the adapter tracks `allocation_state`, lazily
 * on entry to each export through that realloc. */
#include "cnew/cnew_internal.h"

#include <string.h>

#include "core/insn.h"
#include "reader.h"

enum { PAGE = 65536 };

typedef struct gc {
    const comp_module *m;
    const uint8_t *data;
    comp_arena *arena;
    comp_error *err;
    const char *who;
    uint32_t nfuncs;
    uint8_t *live;
    uint32_t *work;
    uint32_t wsp;
} gc;

static void mark(gc *g, uint32_t f)
{
    if (f < g->nfuncs && !g->live[f]) {
        g->live[f] = 1;
        g->work[g->wsp++] = f;
    }
}

/* Reads a body's local declarations; `r` is left at the first instruction. */
static bool skip_locals(rd *r)
{
    uint32_t groups;
    if (!rd_u32(r, &groups))
        return false;
    for (uint32_t i = 0; i < groups; i++) {
        uint32_t n;
        uint8_t t;
        if (!rd_u32(r, &n) || !rd_byte(r, &t))
            return false;
    }
    return true;
}

static void body_reader(gc *g, const comp_code *c, rd *r)
{
    rd_init(r, c->body, c->len, g->arena, g->err);
    r->base = g->data; /* offsets count from the adapter's start */
}

static bool is_func_ref(uint32_t op)
{
    return op == 0x10 || op == 0x12 || op == 0xd2; /* call, return_call, ref.func */
}

static bool scan(gc *g, uint32_t f)
{
    if (f < g->m->imported_funcs)
        return true;
    rd r;
    body_reader(g, &g->m->codes[f - g->m->imported_funcs], &r);
    if (!skip_locals(&r))
        return false;
    while (!rd_eof(&r)) {
        insn in;
        if (!insn_decode(&r, &in))
            return false;
        if (is_func_ref(in.op))
            mark(g, in.idx);
    }
    return true;
}

/* The index of global `name` in the name section when it is a mutable
 * i32, else UINT32_MAX. Errors in the name section are ignored (it is
 * only a hint, as for wit-component). */
static uint32_t find_global(gc *g, const char *name)
{
    const comp_module *m = g->m;
    uint32_t found = UINT32_MAX;
    for (uint32_t c = 0; c < m->custom_count; c++) {
        if (!cn_str_eq(m->customs[c].name, "name"))
            continue;
        comp_error ignored;
        rd r;
        rd_init(&r, m->customs[c].data, m->customs[c].len, g->arena, &ignored);
        while (!rd_eof(&r)) {
            uint8_t id;
            uint32_t size;
            rd sub;
            if (!rd_byte(&r, &id) || !rd_u32(&r, &size) || !rd_sub(&r, size, &sub))
                break;
            if (id != 7) /* global names */
                continue;
            uint32_t n;
            if (!rd_u32(&sub, &n))
                break;
            for (uint32_t i = 0; i < n; i++) {
                uint32_t index;
                comp_str s;
                if (!rd_u32(&sub, &index) || !rd_name(&sub, &s))
                    break;
                if (cn_str_eq(s, name) && index >= m->imported_globals &&
                    index - m->imported_globals < m->global_count) {
                    const comp_globaltype *t = &m->globals[index - m->imported_globals].type;
                    if (t->type == COMP_I32 && t->mutability)
                        found = index;
                }
            }
        }
    }
    return found;
}

static uint32_t find_or_add_type(const comp_module *m, comp_vec *extra, comp_arena *arena,
                                 const comp_functype *t)
{
    for (uint32_t i = 0; i < m->type_count; i++)
        if (cn_functype_eq(&m->types[i], t))
            return i;
    for (uint32_t i = 0; i < extra->count; i++)
        if (cn_functype_eq(&((comp_functype *)extra->data)[i], t))
            return m->type_count + i;
    comp_functype *slot = comp_vec_push(arena, extra, sizeof *slot);
    if (!slot)
        return UINT32_MAX;
    *slot = *t;
    return m->type_count + extra->count - 1;
}

static bool is_realloc_import(const comp_import *im)
{
    return im->kind == COMP_EXTERN_FUNC && cn_str_eq(im->module, "__main_module__") &&
           (cn_str_eq(im->name, "cabi_realloc") || cn_str_eq(im->name, "canonical_abi_realloc"));
}

static bool always_keep(comp_str name)
{
    return cn_str_eq(name, "cabi_import_realloc") || cn_str_eq(name, "cabi_realloc") ||
           cn_str_eq(name, "cabi_export_realloc");
}

static void limits_bytes(comp_buf *b, const comp_limits *l)
{
    comp_buf_byte(b, l->flags);
    cn_leb_u32(b, (uint32_t)l->min);
    if (l->flags & COMP_LIMITS_HAS_MAX)
        cn_leb_u32(b, (uint32_t)l->max);
}

static void import_desc(comp_buf *b, const comp_import *im)
{
    comp_buf_byte(b, im->kind);
    switch (im->kind) {
    case COMP_EXTERN_FUNC:
        cn_leb_u32(b, im->desc.func_type);
        break;
    case COMP_EXTERN_TABLE:
        comp_buf_byte(b, im->desc.table.elem);
        limits_bytes(b, &im->desc.table.limits);
        break;
    case COMP_EXTERN_MEMORY:
        limits_bytes(b, &im->desc.memory);
        break;
    case COMP_EXTERN_GLOBAL:
        comp_buf_byte(b, im->desc.global.type);
        comp_buf_byte(b, im->desc.global.mutability);
        break;
    default:
        comp_buf_byte(b, im->desc.tag.attribute);
        cn_leb_u32(b, im->desc.tag.type);
        break;
    }
}

/* realloc(0, 0, align, PAGE) by growing memory one page; traps on any
 * other request. */
static void memory_grow_realloc(comp_buf *b)
{
    static const uint8_t code[] = {
        0x01, 0x01, 0x7f,                         /* one i32 local */
        0x41, 0x00, 0x20, 0x00, 0x47, 0x04, 0x40, 0x00, 0x0b, /* old_ptr != 0: trap */
        0x41, 0x00, 0x20, 0x01, 0x47, 0x04, 0x40, 0x00, 0x0b, /* old_len != 0: trap */
        0x41, 0x80, 0x80, 0x04, 0x20, 0x03, 0x47, 0x04, 0x40, 0x00, 0x0b, /* new_len != PAGE */
        0x41, 0x01, 0x40, 0x00, 0x22, 0x04,       /* memory.grow 1, tee */
        0x41, 0x7f, 0x46, 0x04, 0x40, 0x00, 0x0b, /* -1: trap */
        0x20, 0x04, 0x41, 0x10, 0x74, 0x0b,       /* page << 16 */
    };
    cn_leb_u32(b, sizeof code);
    comp_buf_append(b, code, sizeof code);
}

/* Sets the stack pointer to the top of a fresh page; with a state global,
 * only once (0 unallocated, 1 allocating, 2 allocated). */
static void allocate_stack(comp_buf *b, uint32_t realloc_fn, uint32_t sp, uint32_t state)
{
    comp_buf c = {0};
    cn_leb_u32(&c, 0);
    if (state != UINT32_MAX) {
        comp_buf_byte(&c, 0x23), cn_leb_u32(&c, state);
        comp_buf_byte(&c, 0x41), comp_buf_byte(&c, 0x00);
        comp_buf_byte(&c, 0x46);
        comp_buf_byte(&c, 0x04), comp_buf_byte(&c, 0x40);
        comp_buf_byte(&c, 0x41), comp_buf_byte(&c, 0x01);
        comp_buf_byte(&c, 0x24), cn_leb_u32(&c, state);
    }
    static const uint8_t args[] = {0x41, 0x00, 0x41, 0x00, 0x41, 0x08, 0x41, 0x80, 0x80, 0x04};
    comp_buf_append(&c, args, sizeof args);
    comp_buf_byte(&c, 0x10), cn_leb_u32(&c, realloc_fn);
    static const uint8_t top[] = {0x41, 0x80, 0x80, 0x04, 0x6a};
    comp_buf_append(&c, top, sizeof top);
    comp_buf_byte(&c, 0x24), cn_leb_u32(&c, sp);
    if (state != UINT32_MAX) {
        comp_buf_byte(&c, 0x41), comp_buf_byte(&c, 0x02);
        comp_buf_byte(&c, 0x24), cn_leb_u32(&c, state);
        comp_buf_byte(&c, 0x0b);
    }
    comp_buf_byte(&c, 0x0b);
    cn_leb_u32(b, (uint32_t)c.len);
    comp_buf_append(b, c.data, c.len);
    if (c.oom)
        b->oom = true;
    comp_buf_free(&c);
}

/* Copies body `f` with function indices mapped through `map`, optionally
 * calling `prologue` first. */
static bool rewrite_body(gc *g, uint32_t f, const uint32_t *map, uint32_t prologue, comp_buf *out)
{
    const comp_code *c = &g->m->codes[f - g->m->imported_funcs];
    rd r;
    body_reader(g, c, &r);
    if (!skip_locals(&r))
        return false;
    comp_buf b = {0};
    comp_buf_append(&b, c->body, (size_t)(r.p - c->body));
    if (prologue != UINT32_MAX)
        comp_buf_byte(&b, 0x10), cn_leb_u32(&b, prologue);
    while (!rd_eof(&r)) {
        const uint8_t *start = r.p;
        insn in;
        if (!insn_decode(&r, &in)) {
            comp_buf_free(&b);
            return false;
        }
        if (is_func_ref(in.op)) {
            comp_buf_byte(&b, (uint8_t)in.op);
            cn_leb_u32(&b, map[in.idx]);
        } else {
            comp_buf_append(&b, start, (size_t)(r.p - start));
        }
    }
    cn_leb_u32(out, (uint32_t)b.len);
    comp_buf_append(out, b.data, b.len);
    bool ok = !b.oom;
    comp_buf_free(&b);
    return ok || cn_oom(g->err);
}

bool cn_gc_adapter(const comp_module *m, const uint8_t *data, const comp_str *required,
                   uint32_t required_count, const char *main_realloc, const char *who,
                   comp_arena *arena, comp_buf *out, comp_error *err)
{
    gc g = {.m = m, .data = data, .arena = arena, .err = err, .who = who};
    if (m->elem_count || m->data_segment_count || m->has_start || m->tag_count)
        return comp_error_set(err, 0, "%s: adapters may not have element, data, start or tag sections", who);
    if (m->memory_count)
        return comp_error_set(err, 0, "%s: adapters must import their memory, not define one", who);
    if (m->imported_memories > 1)
        return comp_error_set(err, 0, "%s: adapters may use only one memory", who);
    g.nfuncs = comp_module_total_funcs(m);
    g.live = comp_arena_array(arena, g.nfuncs ? g.nfuncs : 1, 1);
    g.work = comp_arena_array(arena, g.nfuncs ? g.nfuncs : 1, sizeof *g.work);
    uint8_t *keep = comp_arena_array(arena, m->export_count ? m->export_count : 1, 1);
    if (!g.live || !g.work || !keep)
        return cn_oom(err);

    for (uint32_t i = 0; i < required_count; i++) {
        bool found = false;
        for (uint32_t e = 0; e < m->export_count; e++)
            if (m->exports[e].kind == COMP_EXTERN_FUNC && m->exports[e].name.len == required[i].len &&
                memcmp(m->exports[e].name.data, required[i].data, required[i].len) == 0)
                keep[e] = 1, found = true;
        if (!found)
            return comp_error_set(err, 0, "%s does not export function `%.*s`", who, (int)required[i].len,
                                  required[i].data);
    }
    for (uint32_t e = 0; e < m->export_count; e++) {
        if (m->exports[e].kind == COMP_EXTERN_FUNC && always_keep(m->exports[e].name))
            keep[e] = 1;
        if (keep[e])
            mark(&g, m->exports[e].index);
    }
    while (g.wsp)
        if (!scan(&g, g.work[--g.wsp]))
            return comp_error_set(err, err->offset, "%s: %s", who, err->message);

    /* The main module's realloc, if the adapter imports it. */
    uint32_t realloc_import = UINT32_MAX, fi = 0;
    for (uint32_t i = 0; i < m->import_count; i++) {
        if (m->imports[i].kind != COMP_EXTERN_FUNC)
            continue;
        if (is_realloc_import(&m->imports[i]) && g.live[fi])
            realloc_import = fi;
        fi++;
    }
    uint32_t sp = find_global(&g, "__stack_pointer");
    uint32_t state = find_global(&g, "allocation_state");
    bool has_memory = m->imported_memories == 1;
    bool use_stack = sp != UINT32_MAX && has_memory;
    bool lazy = use_stack && main_realloc && state != UINT32_MAX;

    /* New function indices: kept imports, maybe the main realloc import,
     * then definitions (a stand-in realloc first when the main module has
     * none), then the generated functions. */
    uint32_t *map = comp_arena_array(arena, g.nfuncs ? g.nfuncs : 1, sizeof *map);
    if (!map)
        return cn_oom(err);
    uint32_t next = 0;
    for (uint32_t f = 0; f < m->imported_funcs; f++)
        if (g.live[f] && !(f == realloc_import && !main_realloc))
            map[f] = next++;
    bool add_realloc_import = lazy && realloc_import == UINT32_MAX;
    uint32_t realloc_fn = UINT32_MAX;
    if (add_realloc_import)
        realloc_fn = next++;
    else if (realloc_import != UINT32_MAX && main_realloc)
        realloc_fn = map[realloc_import];
    uint32_t imported = next;
    if (realloc_import != UINT32_MAX && !main_realloc)
        map[realloc_import] = realloc_fn = next++;
    for (uint32_t f = m->imported_funcs; f < g.nfuncs; f++)
        if (g.live[f])
            map[f] = next++;
    bool add_grow = use_stack && !lazy && realloc_fn == UINT32_MAX;
    if (use_stack && !lazy && realloc_import != UINT32_MAX && main_realloc)
        add_grow = true; /* the main realloc is unsafe without a state guard */
    uint32_t grow_fn = add_grow ? next++ : UINT32_MAX;
    if (add_grow)
        realloc_fn = grow_fn;
    uint32_t stack_fn = use_stack ? next++ : UINT32_MAX;

    comp_vec extra = {0};
    comp_functype realloc_t = {4, 1, (comp_valtype[]){COMP_I32, COMP_I32, COMP_I32, COMP_I32},
                               (comp_valtype[]){COMP_I32}};
    comp_functype empty_t = {0, 0, NULL, NULL};
    uint32_t realloc_type = find_or_add_type(m, &extra, arena, &realloc_t);
    uint32_t empty_type = find_or_add_type(m, &extra, arena, &empty_t);
    if (realloc_type == UINT32_MAX || empty_type == UINT32_MAX)
        return cn_oom(err);

    static const uint8_t magic[8] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
    comp_buf_append(out, magic, sizeof magic);
    comp_buf s = {0};

    cn_leb_u32(&s, m->type_count + extra.count);
    for (uint32_t i = 0; i < m->type_count; i++)
        cn_functype_bytes(&s, &m->types[i]);
    for (uint32_t i = 0; i < extra.count; i++)
        cn_functype_bytes(&s, &((comp_functype *)extra.data)[i]);
    cn_section(out, COMP_SEC_TYPE, &s);

    s.len = 0;
    uint32_t nimports = 0;
    comp_buf items = {0};
    fi = 0;
    for (uint32_t i = 0; i < m->import_count; i++) {
        const comp_import *im = &m->imports[i];
        if (im->kind == COMP_EXTERN_FUNC) {
            uint32_t f = fi++;
            if (!g.live[f] || (f == realloc_import && !main_realloc))
                continue;
            cn_name(&items, im->module.data, im->module.len);
            if (f == realloc_import)
                cn_name(&items, main_realloc, strlen(main_realloc));
            else
                cn_name(&items, im->name.data, im->name.len);
        } else {
            cn_name(&items, im->module.data, im->module.len);
            cn_name(&items, im->name.data, im->name.len);
        }
        import_desc(&items, im);
        nimports++;
    }
    if (add_realloc_import) {
        cn_name(&items, "__main_module__", 15);
        cn_name(&items, main_realloc, strlen(main_realloc));
        comp_buf_byte(&items, COMP_EXTERN_FUNC);
        cn_leb_u32(&items, realloc_type);
        nimports++;
    }
    cn_leb_u32(&s, nimports);
    comp_buf_append(&s, items.data, items.len);
    cn_section(out, COMP_SEC_IMPORT, &s);
    comp_buf_free(&items);

    s.len = 0;
    cn_leb_u32(&s, next - imported);
    if (realloc_import != UINT32_MAX && !main_realloc)
        cn_leb_u32(&s, realloc_type);
    for (uint32_t f = m->imported_funcs; f < g.nfuncs; f++)
        if (g.live[f])
            cn_leb_u32(&s, m->funcs[f - m->imported_funcs]);
    if (add_grow)
        cn_leb_u32(&s, realloc_type);
    if (use_stack)
        cn_leb_u32(&s, empty_type);
    cn_section(out, COMP_SEC_FUNCTION, &s);

    if (m->table_count) {
        s.len = 0;
        cn_leb_u32(&s, m->table_count);
        for (uint32_t i = 0; i < m->table_count; i++) {
            comp_buf_byte(&s, m->tables[i].elem);
            limits_bytes(&s, &m->tables[i].limits);
        }
        cn_section(out, COMP_SEC_TABLE, &s);
    }
    if (m->global_count) {
        s.len = 0;
        cn_leb_u32(&s, m->global_count);
        for (uint32_t i = 0; i < m->global_count; i++) {
            comp_buf_byte(&s, m->globals[i].type.type);
            comp_buf_byte(&s, m->globals[i].type.mutability);
            comp_buf_append(&s, m->globals[i].init.code, m->globals[i].init.len);
        }
        cn_section(out, COMP_SEC_GLOBAL, &s);
    }

    s.len = 0;
    uint32_t nexports = 0;
    for (uint32_t e = 0; e < m->export_count; e++) {
        if (!keep[e])
            continue;
        cn_name(&items, m->exports[e].name.data, m->exports[e].name.len);
        comp_buf_byte(&items, COMP_EXTERN_FUNC);
        cn_leb_u32(&items, map[m->exports[e].index]);
        nexports++;
    }
    cn_leb_u32(&s, nexports);
    comp_buf_append(&s, items.data, items.len);
    cn_section(out, COMP_SEC_EXPORT, &s);
    comp_buf_free(&items);

    if (use_stack && !lazy) {
        s.len = 0;
        cn_leb_u32(&s, stack_fn);
        cn_section(out, COMP_SEC_START, &s);
    }

    s.len = 0;
    cn_leb_u32(&s, next - imported);
    if (realloc_import != UINT32_MAX && !main_realloc)
        memory_grow_realloc(&s);
    for (uint32_t f = m->imported_funcs; f < g.nfuncs; f++) {
        if (!g.live[f])
            continue;
        bool exported = false;
        for (uint32_t e = 0; lazy && e < m->export_count && !exported; e++)
            exported = keep[e] && m->exports[e].index == f;
        if (!rewrite_body(&g, f, map, exported ? stack_fn : UINT32_MAX, &s)) {
            comp_buf_free(&s);
            return comp_error_set(err, err->offset, "%s: %s", who, err->message);
        }
    }
    if (add_grow)
        memory_grow_realloc(&s);
    if (use_stack)
        allocate_stack(&s, realloc_fn, sp, state);
    cn_section(out, COMP_SEC_CODE, &s);
    bool ok = !s.oom && !out->oom;
    comp_buf_free(&s);
    return ok || cn_oom(err);
}
