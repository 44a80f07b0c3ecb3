/* Component decoder and encoder: decode then encode gives the input bytes
 * back for every section, type form and canonical built-in (padded LEB128s
 * included); malformed input is rejected with the expected message and
 * offset. Inputs are written like the conformance suite's (wast escapes:
 * "\\XX" is one byte) and wrapped into sections by `component()`. */
#include "unit.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "comp/component.h"
#include "comp/wasm.h"
#include "writer.h"

enum { END = -1, RAW = -2 };

/* Appends the bytes of a wast-style string: "\\XX" escapes, other
 * characters as themselves. */
static void unescape(comp_buf *b, const char *s)
{
    while (*s) {
        if (s[0] == '\\') {
            char hex[3] = {s[1], s[2], 0};
            comp_buf_byte(b, (uint8_t)strtoul(hex, NULL, 16));
            s += 3;
        } else {
            comp_buf_byte(b, (uint8_t)*s++);
        }
    }
}

/* A component: the preamble, then (id, "content") pairs as sections with
 * minimal sizes, or (RAW, "bytes") appended as they are; END closes. */
static comp_buf component(int id, ...)
{
    comp_buf out = {0};
    unescape(&out, "\\00asm\\0d\\00\\01\\00");
    va_list ap;
    va_start(ap, id);
    while (id != END) {
        const char *s = va_arg(ap, const char *);
        if (id == RAW) {
            unescape(&out, s);
        } else {
            comp_buf content = {0};
            unescape(&content, s);
            wr_section(&out, (uint8_t)id, NULL, &content);
            comp_buf_free(&content);
        }
        id = va_arg(ap, int);
    }
    va_end(ap);
    assert_false(out.oom);
    return out;
}

/* Decodes `in`, checks the encoding is the same bytes, and returns the
 * model (in `arena`). */
static comp_component *round_trip(const comp_buf *in, comp_arena *arena)
{
    comp_component *c = NULL;
    comp_error err = {0};
    if (!comp_component_decode(in->data, in->len, arena, &c, &err))
        fail_msg("decode failed at %zu: %s", err.offset, err.message);
    assert_int_equal(c->size, in->len);
    comp_buf out = {0};
    if (!comp_component_encode(c, &out, &err))
        fail_msg("encode failed: %s", err.message);
    assert_int_equal(out.len, in->len);
    assert_memory_equal(out.data, in->data, in->len);
    comp_buf_free(&out);
    return c;
}

static void check_round_trip(comp_buf in)
{
    comp_arena a;
    comp_arena_init(&a);
    round_trip(&in, &a);
    comp_arena_free(&a);
    comp_buf_free(&in);
}

/* Decoding fails with `message` (a prefix of the error) at `offset`
 * (SIZE_MAX: any offset). */
static void check_malformed(comp_buf in, const char *message, size_t offset)
{
    comp_arena a;
    comp_arena_init(&a);
    comp_component *c = NULL;
    comp_error err = {0};
    bool ok = comp_component_decode(in.data, in.len, &a, &c, &err);
    if (ok)
        fail_msg("expected \"%s\", but decoding succeeded", message);
    if (strncmp(err.message, message, strlen(message)) != 0)
        fail_msg("expected \"%s\", got \"%s\"", message, err.message);
    if (offset != SIZE_MAX && err.offset != offset)
        fail_msg("\"%s\": expected offset %zu, got %zu", message, offset, err.offset);
    comp_arena_free(&a);
    comp_buf_free(&in);
}

static void preamble(void **state)
{
    (void)state;
    check_round_trip(component(END));
    comp_buf b = {0};
    check_malformed(b, "unexpected end-of-file", 0);
    b = (comp_buf){0};
    unescape(&b, "\\00asm\\0d\\00\\01");
    check_malformed(b, "unexpected end-of-file", SIZE_MAX);
    b = (comp_buf){0};
    unescape(&b, "\\00ASM\\0d\\00\\01\\00");
    check_malformed(b, "magic header not detected", 0);
    b = (comp_buf){0};
    unescape(&b, "\\00asm\\0e\\00\\01\\00");
    check_malformed(b, "unknown binary version", 4);
    b = (comp_buf){0};
    unescape(&b, "\\00asm\\01\\00\\00\\00");
    check_malformed(b, "expected a version header for a component", 4);
}

static void custom_sections_stay_in_place(void **state)
{
    (void)state;
    comp_arena a;
    comp_arena_init(&a);
    comp_buf in = component(0, "\\02hi", 7, "\\01\\73", 0, "\\07between\\ff\\fe",
                            7, "\\01\\70\\00", 0, "\\00", END);
    comp_component *c = round_trip(&in, &a);
    assert_int_equal(c->section_count, 5);
    assert_int_equal(c->custom_count, 3);
    assert_int_equal(c->sections[2].id, COMP_CSEC_CUSTOM);
    assert_int_equal(c->sections[2].first, 1);
    assert_int_equal(c->customs[1].len, 2);
    assert_int_equal(c->customs[1].name.len, 7);
    assert_int_equal(c->sections[3].first, 1);
    assert_int_equal(c->type_count, 2);
    comp_arena_free(&a);
    comp_buf_free(&in);
}

static void every_type_form(void **state)
{
    (void)state;
    comp_arena a;
    comp_arena_init(&a);
    comp_buf in = component(
        7, "\\0e\\7f\\7e\\7d\\7c\\7b\\7a\\79\\78\\77\\76\\75\\74\\73\\64",
        7, "\\13\\3f\\7f\\00\\72\\02\\01a\\7f\\01b\\7d\\71\\02\\01x\\01\\7e\\00\\01y\\00\\00"
           "\\70\\7b\\6f\\02\\7c\\79\\6e\\02\\02f1\\02f2\\6d\\02\\02e1\\02e2\\6b\\7a"
           "\\6a\\00\\00\\6a\\01\\77\\00\\6a\\00\\01\\78\\6a\\01\\76\\01\\75\\69\\00\\68\\00"
           "\\66\\01\\7d\\66\\00\\65\\01\\73\\65\\00\\70\\02",
        7, "\\07\\67\\7d\\03\\63\\73\\79\\3f\\7f\\01\\00"
           "\\40\\02\\01a\\73\\01b\\00\\00\\79\\43\\00\\01\\00\\6b\\e4\\00\\70\\80\\00",
        END);
    comp_component *c = round_trip(&in, &a);
    assert_int_equal(c->type_count, 14 + 19 + 7);
    const comp_type *t = &c->types[14];
    assert_int_equal(t->kind, COMP_TYPE_RESOURCE);
    assert_false(t->u.rsrc.has_dtor);
    t = &c->types[14 + 2];
    assert_int_equal(t->kind, COMP_TYPE_VARIANT);
    assert_int_equal(t->u.variant.case_count, 2);
    assert_true(t->u.variant.cases[0].has_type);
    assert_int_equal(t->u.variant.cases[0].type.prim, COMP_PRIM_S8);
    assert_false(t->u.variant.cases[1].has_type);
    t = &c->types[14 + 19];
    assert_int_equal(t->kind, COMP_TYPE_FIXED_LIST);
    assert_int_equal(t->u.list.length, 3);
    t = &c->types[14 + 19 + 2];
    assert_true(t->u.rsrc.has_dtor);
    t = &c->types[14 + 19 + 3];
    assert_int_equal(t->u.func.param_count, 2);
    assert_true(t->u.func.has_result);
    assert_int_equal(t->u.func.result.prim, COMP_PRIM_U32);
    t = &c->types[14 + 19 + 5];
    assert_int_equal(t->kind, COMP_TYPE_OPTION);
    assert_int_equal(t->u.option.prim, 0);
    assert_int_equal(t->u.option.index, 100); /* s33 0xe4 0x00 */
    comp_arena_free(&a);
    comp_buf_free(&in);
}

static void component_and_instance_types(void **state)
{
    (void)state;
    comp_arena a;
    comp_arena_init(&a);
    comp_buf in = component(
        7, "\\02"
           "\\41\\07"
           "\\00\\60\\00\\00"
           "\\01\\73"
           "\\02\\03\\02\\01\\00"
           "\\03\\02\\01a\\01\\01\\03-rc\\03\\01"
           "\\04\\00\\01b\\01\\00"
           "\\03\\00\\01v\\02\\01\\79"
           "\\03\\01\\01w\\02\\00\\00"
           "\\42\\06"
           "\\00\\50\\00"
           "\\04\\00\\01m\\00\\11\\00"
           "\\04\\01\\01c\\04\\00"
           "\\04\\00\\01i\\05\\00"
           "\\04\\00\\01t\\03\\00\\00"
           "\\01\\41\\00",
        END);
    comp_component *c = round_trip(&in, &a);
    const comp_type *t = &c->types[0];
    assert_int_equal(t->kind, COMP_TYPE_COMPONENT);
    assert_int_equal(t->u.decls.decl_count, 7);
    const comp_decl *d = &t->u.decls.decls[3];
    assert_int_equal(d->kind, COMP_DECL_IMPORT);
    assert_int_equal(d->name.prefix, 0x02);
    assert_int_equal(d->name.attribute_count, 1);
    assert_int_equal(d->name.attributes[0].kind, COMP_ATTR_VERSION_SUFFIX);
    assert_int_equal(d->extern_type.kind, COMP_SORT_TYPE);
    assert_int_equal(d->extern_type.bound, COMP_BOUND_SUB_RESOURCE);
    d = &t->u.decls.decls[5];
    assert_int_equal(d->extern_type.kind, COMP_SORT_VALUE);
    assert_int_equal(d->extern_type.bound, COMP_BOUND_VALTYPE);
    assert_int_equal(d->extern_type.value_type.prim, COMP_PRIM_U32);
    t = &c->types[1];
    assert_int_equal(t->kind, COMP_TYPE_INSTANCE);
    assert_int_equal(t->u.decls.decls[0].core_type->kind, COMP_CORE_TYPE_MODULE);
    assert_int_equal(t->u.decls.decls[5].type->kind, COMP_TYPE_COMPONENT);
    comp_arena_free(&a);
    comp_buf_free(&in);
}

static void core_types(void **state)
{
    (void)state;
    comp_arena a;
    comp_arena_init(&a);
    comp_buf in = component(
        3, "\\05"
           "\\60\\02\\7f\\7e\\01\\7d"
           "\\00\\50\\01\\00\\60\\00\\00"
           "\\4f\\00\\60\\01\\7b\\00"
           "\\50\\08"
           "\\01\\60\\00\\00"
           "\\00\\01a\\01f\\00\\00"
           "\\00\\01a\\01t\\01\\70\\01\\01\\02"
           "\\00\\01a\\01m\\02\\00\\01"
           "\\00\\01a\\01g\\03\\7f\\01"
           "\\00\\01a\\01n\\02\\04\\80\\80\\80\\80\\80\\80\\01"
           "\\02\\10\\01\\01\\00"
           "\\03\\01e\\04\\00\\00"
           "\\50\\00",
        END);
    comp_component *c = round_trip(&in, &a);
    assert_int_equal(c->core_type_count, 5);
    assert_int_equal(c->core_types[1].kind, COMP_CORE_TYPE_SUB);
    assert_int_equal(c->core_types[1].super_count, 1);
    assert_int_equal(c->core_types[2].kind, COMP_CORE_TYPE_SUB_FINAL);
    const comp_core_type *m = &c->core_types[3];
    assert_int_equal(m->decl_count, 8);
    assert_int_equal(m->decls[2].item.desc.table.limits.max, 2);
    assert_int_equal(m->decls[5].item.desc.memory.min, UINT64_C(1) << 42);
    assert_int_equal(m->decls[6].outer_count, 1);
    assert_int_equal(m->decls[7].kind, COMP_MODULEDECL_EXPORT);
    assert_int_equal(m->decls[7].item.kind, COMP_EXTERN_TAG);
    comp_arena_free(&a);
    comp_buf_free(&in);
}

static void every_canon_opcode(void **state)
{
    (void)state;
    comp_arena a;
    comp_arena_init(&a);
    comp_buf in = component(
        8, "\\31"
           "\\00\\00\\00\\00\\00"
           "\\00\\00\\01\\05\\01\\03\\00\\04\\05\\06\\07\\03\\02"
           "\\01\\00\\00\\03\\02\\05\\01\\00"
           "\\02\\05\\03\\05\\04\\05"
           "\\05\\06\\01"
           "\\09\\00\\79\\01\\00\\09\\01\\00\\00"
           "\\0a\\7f\\00\\0b\\7f\\01\\0c\\01\\0d"
           "\\0e\\03\\0f\\03\\02\\03\\00\\04\\05\\10\\03\\00\\11\\03\\00\\12\\03\\01\\13\\03\\14\\03"
           "\\15\\04\\16\\04\\01\\03\\00\\17\\04\\00\\18\\04\\01\\19\\04\\00\\1a\\04\\1b\\04"
           "\\1c\\02\\03\\00\\00\\1d\\01\\03\\00\\1e"
           "\\1f\\20\\00\\00\\21\\01\\00\\22\\23\\24\\25\\26\\27\\00\\00\\28"
           "\\29\\00\\2a\\00\\2b\\01\\2c\\00\\2d\\01"
           "\\40\\01\\00\\41\\00\\00\\00\\42\\01",
        END);
    comp_component *c = round_trip(&in, &a);
    assert_int_equal(c->canon_count, 49);
    /* Every allocated opcode appears. */
    for (unsigned op = 0; op < 256; op++) {
        if (!comp_canon_name((uint8_t)op))
            continue;
        bool seen = false;
        for (uint32_t i = 0; i < c->canon_count; i++)
            seen |= c->canons[i].op == op;
        if (!seen)
            fail_msg("canon %s (0x%x) not covered", comp_canon_name((uint8_t)op), op);
    }
    const comp_canon *lift = &c->canons[1];
    assert_int_equal(lift->func, 1);
    assert_int_equal(lift->type, 2);
    assert_int_equal(lift->opt_count, 5);
    const uint8_t order[5] = {COMP_OPT_UTF16, COMP_OPT_MEMORY, COMP_OPT_REALLOC, COMP_OPT_ASYNC,
                              COMP_OPT_CALLBACK};
    for (int i = 0; i < 5; i++)
        assert_int_equal(lift->opts[i].kind, order[i]);
    assert_int_equal(lift->opts[4].index, 3);
    assert_true(c->canons[8].has_result);
    assert_false(c->canons[9].has_result);
    assert_int_equal(c->canons[47].op, COMP_CANON_THREAD_SPAWN_INDIRECT);
    assert_false(c->canons[47].flag);
    assert_true(c->canons[48].flag);
    comp_arena_free(&a);
    comp_buf_free(&in);
}

static void instances_aliases_imports_exports(void **state)
{
    (void)state;
    comp_arena a;
    comp_arena_init(&a);
    comp_buf in = component(
        2, "\\03\\00\\00\\01\\01i\\12\\00\\01\\02\\01f\\00\\00\\01t\\10\\01\\00\\01\\00",
        5, "\\02\\00\\00\\01\\01x\\01\\00\\01\\02\\00\\01g\\01\\00\\02\\01h\\00\\00\\11\\00",
        6, "\\05\\00\\00\\01\\00\\01f\\01\\00\\00\\01g\\00\\10\\02\\01\\00\\03\\02\\00\\00\\04\\02\\01\\02",
        10, "\\04\\00\\01a\\01\\00\\01\\01b\\01\\00"
            "\\02\\01c\\03\\00\\0cmy:dep/iface\\01\\05-rc.1\\02\\03xid\\05\\00"
            "\\00\\01d\\00\\11\\00",
        11, "\\03\\00\\02e1\\01\\00\\00\\02\\02e2\\00\\01\\00\\01\\01\\00\\00\\01m\\00\\11\\00\\00",
        9, "\\00\\02\\00\\01\\01",
        12, "\\03\\79\\01\\05\\73\\03\\02hi\\00\\01\\01",
        END);
    comp_component *c = round_trip(&in, &a);
    assert_int_equal(c->core_instance_count, 3);
    assert_int_equal(c->core_instances[0].args[0].instance, 0);
    assert_int_equal(c->core_instances[1].exports[1].item.sort, COMP_CORE_SORT_TYPE);
    assert_int_equal(c->instances[1].exports[1].name.prefix, 0x02);
    assert_int_equal(c->instances[1].exports[1].item.sort.core_sort, COMP_CORE_SORT_MODULE);
    assert_int_equal(c->aliases[0].target, COMP_ALIAS_CORE_EXPORT);
    assert_int_equal(c->aliases[2].sort.core_sort, COMP_CORE_SORT_TYPE);
    assert_int_equal(c->aliases[4].outer_count, 1);
    assert_int_equal(c->aliases[4].outer_index, 2);
    assert_int_equal(c->imports[1].name.prefix, 0x01);
    const comp_extern_name *n = &c->imports[2].name;
    assert_int_equal(n->attribute_count, 3);
    assert_int_equal(n->attributes[0].kind, COMP_ATTR_IMPLEMENTS);
    assert_memory_equal(n->attributes[0].value.data, "my:dep/iface", 12);
    assert_int_equal(n->attributes[2].kind, COMP_ATTR_EXTERNAL_ID);
    assert_false(c->exports[0].has_type);
    assert_true(c->exports[1].has_type);
    assert_int_equal(c->starts[0].arg_count, 2);
    assert_int_equal(c->starts[0].result_count, 1);
    assert_int_equal(c->values[1].len, 3);
    assert_int_equal(c->values[2].type.prim, 0); /* type index 0 */
    assert_int_equal(c->values[2].len, 1);
    comp_arena_free(&a);
    comp_buf_free(&in);
}

static void nested_components(void **state)
{
    (void)state;
    check_round_trip(component(
        4, "\\00asm\\0d\\00\\01\\00\\04\\0c\\00asm\\0d\\00\\01\\00\\07\\02\\01\\73",
        4, "\\00asm\\0d\\00\\01\\00", END));
    check_malformed(component(4, "\\00asm\\0c\\00\\01\\00", END), "unknown binary version", 14);
    check_malformed(component(4, "\\00asm\\01\\00\\00\\00", END),
                    "expected a version header for a component", 14);
}

static void core_modules(void **state)
{
    (void)state;
    comp_arena a;
    comp_arena_init(&a);
    comp_buf in = component(
        1, "\\00asm\\01\\00\\00\\00\\01\\04\\01\\60\\00\\00\\03\\02\\01\\00"
           "\\07\\05\\01\\01f\\00\\00\\0a\\04\\01\\02\\00\\0b",
        2, "\\01\\00\\00\\00",
        1, "\\00asm\\01\\00\\00\\00",
        END);
    comp_component *c = round_trip(&in, &a);
    assert_int_equal(c->module_count, 2);
    assert_int_equal(c->modules[0]->func_count, 1);
    assert_int_equal(c->modules[0]->offset, 10);
    assert_int_equal(c->sections[2].first, 1);
    comp_arena_free(&a);
    comp_buf_free(&in);
    check_malformed(component(1, "\\00asm\\0d\\00\\01\\00", END),
                    "expected a version header for a module", 14);
}

static void padded_leb128s(void **state)
{
    (void)state;
    /* Padded section size, count, name lengths, indices and valtypes. */
    check_round_trip(component(RAW, "\\07\\81\\80\\80\\80\\00\\00", END));
    check_round_trip(component(
        RAW, "\\07\\88\\80\\00\\82\\80\\00\\73\\70\\80\\80\\00",
        RAW, "\\0a\\8b\\00\\01\\00\\81\\80\\80\\80\\00a\\01\\80\\00",
        RAW, "\\00\\84\\80\\80\\00\\82\\00hi",
        END));
    check_round_trip(component(
        8, "\\81\\00\\00\\00\\80\\00\\82\\00\\03\\80\\00\\04\\85\\00\\81\\00", END));
}

static void malformed_sections(void **state)
{
    (void)state;
    check_malformed(component(RAW, "\\0d\\00", END), "malformed section id", 8);
    check_malformed(component(RAW, "\\ff", END), "malformed section id", 8);
    check_malformed(component(RAW, "\\07\\03\\00", END), "unexpected end-of-file", SIZE_MAX);
    check_malformed(component(RAW, "\\07\\01\\01\\73", END), "unexpected end-of-file", SIZE_MAX);
    check_malformed(component(RAW, "\\00\\80\\80", END), "unexpected end-of-file", SIZE_MAX);
    check_malformed(component(RAW, "\\07\\81\\80\\80\\80\\70\\00", END), "integer too large", 9);
    check_malformed(component(7, "\\bf\\84\\3d\\73", END), "unexpected end-of-file", SIZE_MAX);
    check_malformed(component(0, "\\05\\61\\62", END), "unexpected end-of-file", SIZE_MAX);
    check_malformed(component(0, "\\02\\ff\\fe", END), "malformed UTF-8 encoding", 11);
    check_malformed(component(7, "\\01\\73\\73", END), "section size mismatch", 12);
}

static void malformed_items(void **state)
{
    (void)state;
    static const struct { int id; const char *content; const char *message; size_t offset; } cases[] = {
        {2, "\\01\\02\\00\\00", "invalid leading byte (0x2) for core instance", 11},
        {2, "\\01\\00\\01\\01\\01i\\00\\00", "invalid leading byte (0x0) for instantiation arg kind", 16},
        {5, "\\01\\02\\00\\00", "invalid leading byte (0x2) for instance", 11},
        {6, "\\01\\03\\03\\00\\00", "invalid leading byte (0x3) for alias", 12},
        {6, "\\01\\06\\02\\00\\00", "invalid leading byte (0x6) for component outer alias kind", 11},
        {6, "\\01\\00\\05\\02\\00\\00", "invalid leading byte (0x5) for component outer alias kind", 12},
        {6, "\\01\\00\\13\\02\\00\\00", "invalid leading byte (0x13) for component outer alias kind", 12},
        {6, "\\01\\05\\02\\00\\00", "invalid leading byte (0x5) for component outer alias kind", 11},
        {6, "\\01\\01\\02\\00\\00", "invalid leading byte (0x1) for component outer alias kind", 11},
        {7, "\\01\\62", "invalid leading byte (0x62) for component defined type", 11},
        {7, "\\01\\44", "invalid leading byte (0x44) for component defined type", 11},
        {7, "\\01\\3e", "invalid leading byte (0x3e) for component defined type", 11},
        {7, "\\01\\71\\01\\01c\\00\\01", "invalid leading byte (0x1) for zero byte required", 16},
        {7, "\\01\\40\\00\\01\\01", "invalid leading byte (0x1) for number of results", 14},
        {7, "\\01\\40\\00\\02\\00", "invalid leading byte (0x2) for component function results", 13},
        {7, "\\01\\41\\01\\05\\73", "invalid leading byte (0x5) for component or instance type declaration", 13},
        {7, "\\01\\42\\01\\03\\00\\01a\\03\\01", "invalid leading byte (0x3) for component or instance type declaration", 13},
        {7, "\\01\\6b\\7f\\00", "section size mismatch", 13},
        {3, "\\01\\50\\01\\04\\60\\00\\00", "invalid leading byte (0x4) for type definition", 13},
        {3, "\\01\\50\\01\\02\\00\\01\\01\\00", "invalid leading byte (0x0) for outer alias kind", 14},
        {3, "\\01\\50\\01\\02\\10\\00\\01\\00", "invalid leading byte (0x0) for outer alias target", 15},
        {3, "\\01\\50\\02\\01\\50\\00\\01\\60\\00\\00", "invalid leading byte (0x50)", 14},
        {3, "\\01\\4e\\01\\60\\00\\00", "core recursive type groups are not supported", 11},
        {3, "\\01\\00\\50\\00\\5f\\00", "core struct types are not supported", 14},
        {8, "\\01\\07", "invalid leading byte (0x7) for canonical function", 11},
        {8, "\\01\\2e", "invalid leading byte (0x2e) for canonical function", 11},
        {8, "\\01\\43", "invalid leading byte (0x43) for canonical function", 11},
        {8, "\\01\\00\\01\\00\\00\\00", "invalid leading byte (0x1) for canonical function lift", 12},
        {8, "\\01\\01\\01\\00\\00", "invalid leading byte (0x1) for canonical function lower", 12},
        {8, "\\01\\01\\00\\00\\01\\0a", "invalid leading byte (0xa) for canonical option", 15},
        {8, "\\01\\0c\\02", "invalid boolean value", 12},
        {8, "\\01\\20\\02\\00", "invalid boolean value", 12},
        {10, "\\01\\03\\01a\\01\\00", "invalid leading byte (0x3) for component name", 11},
        {10, "\\01\\02\\01a\\01\\03\\01x\\01\\00", "invalid leading byte (0x3) for name option", 15},
        {10, "\\01\\00\\01t\\03\\02", "invalid leading byte (0x2) for type bound", 15},
        {10, "\\01\\00\\01x\\06\\00", "invalid leading byte (0x6) for component external kind", 14},
        {10, "\\01\\00\\01m\\00\\00", "invalid leading byte (0x0) for component external kind", 15},
        {10, "\\01\\00\\7f\\61\\62", "unexpected end-of-file", SIZE_MAX},
        {10, "\\01\\00\\02\\ff\\fe\\01\\00", "malformed UTF-8 encoding", 13},
        {11, "\\01\\00\\01e\\01\\00\\02", "invalid leading byte (0x2) for optional component export type", 16},
        {11, "\\01\\00\\01e\\06\\00\\00", "invalid leading byte (0x6) for component external kind", 14},
        {11, "\\01\\00\\01e\\00\\05\\00\\00", "invalid leading byte (0x5) for core external kind", 15},
        {12, "\\01\\79\\05\\00", "unexpected end-of-file", SIZE_MAX},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        check_malformed(component(cases[i].id, cases[i].content, END), cases[i].message,
                        cases[i].offset);
}

/* Builds an escaped type section nesting `levels` instance types. */
static char *deep_instance_types(unsigned levels)
{
    const char *level = "\\42\\01\\01";
    size_t n = strlen(level);
    char *s = malloc(levels * n + 16);
    assert_non_null(s);
    strcpy(s, "\\01");
    for (unsigned i = 0; i < levels; i++)
        strcat(s, level);
    strcat(s, "\\73");
    return s;
}

static void nesting_is_bounded(void **state)
{
    (void)state;
    char *ok = deep_instance_types(50);
    check_round_trip(component(7, ok, END));
    free(ok);
    char *deep = deep_instance_types(5000);
    check_malformed(component(7, deep, END), "nesting too deep", SIZE_MAX);
    free(deep);

    /* Components nested 200 deep, built from the inside out. */
    comp_buf inner = component(END);
    for (int i = 0; i < 200; i++) {
        comp_buf outer = {0};
        unescape(&outer, "\\00asm\\0d\\00\\01\\00");
        wr_section(&outer, COMP_CSEC_COMPONENT, NULL, &inner);
        comp_buf_free(&inner);
        inner = outer;
    }
    check_malformed(inner, "nesting too deep", SIZE_MAX);
}

static void hand_built_model_encodes_minimally(void **state)
{
    (void)state;
    comp_type types[2] = {
        {.kind = COMP_PRIM_STRING},
        {.kind = COMP_TYPE_LIST, .u.list.elem = {.index = 100}},
    };
    comp_component_section sec = {.id = COMP_CSEC_TYPE, .first = 0, .count = 2};
    comp_component c = {.sections = &sec, .section_count = 1, .types = types, .type_count = 2};
    comp_buf out = {0};
    comp_error err = {0};
    assert_true(comp_component_encode(&c, &out, &err));
    comp_buf want = component(7, "\\02\\73\\70\\e4\\00", END);
    assert_int_equal(out.len, want.len);
    assert_memory_equal(out.data, want.data, want.len);
    comp_buf_free(&want);
    comp_buf_free(&out);

    sec.count = 3; /* beyond the array */
    assert_false(comp_component_encode(&c, &out, &err));
    comp_buf_free(&out);
}

static void detect_layer(void **state)
{
    (void)state;
    const uint8_t comp[] = {0, 'a', 's', 'm', 0x0d, 0, 1, 0};
    const uint8_t mod[] = {0, 'a', 's', 'm', 1, 0, 0, 0};
    const uint8_t other[] = {0, 'a', 's', 'm', 1, 0, 2, 0};
    assert_int_equal(comp_wasm_detect(comp, 8), COMP_WASM_COMPONENT);
    assert_int_equal(comp_wasm_detect(mod, 8), COMP_WASM_MODULE);
    assert_int_equal(comp_wasm_detect(other, 8), COMP_WASM_UNKNOWN);
    assert_int_equal(comp_wasm_detect(comp, 7), COMP_WASM_UNKNOWN);
    assert_int_equal(comp_wasm_detect((const uint8_t *)"\0ASM\1\0\0\0", 8), COMP_WASM_UNKNOWN);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(preamble),
        cmocka_unit_test(custom_sections_stay_in_place),
        cmocka_unit_test(every_type_form),
        cmocka_unit_test(component_and_instance_types),
        cmocka_unit_test(core_types),
        cmocka_unit_test(every_canon_opcode),
        cmocka_unit_test(instances_aliases_imports_exports),
        cmocka_unit_test(nested_components),
        cmocka_unit_test(core_modules),
        cmocka_unit_test(padded_leb128s),
        cmocka_unit_test(malformed_sections),
        cmocka_unit_test(malformed_items),
        cmocka_unit_test(nesting_is_bounded),
        cmocka_unit_test(hand_built_model_encodes_minimally),
        cmocka_unit_test(detect_layer),
    };
    return unit_run("component_rw", tests);
}
