/* Core module decoding and encoding: every section kind, exact round trips
 * (padded LEB128s, custom sections in place), errors with offsets, a module
 * built in code, and a module compiled by clang. */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "comp/module.h"
#include "core/insn.h"
#include "core/module_read.h"

#define PREAMBLE 0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00

/* Decodes `bytes`, encodes the result and checks the output is identical. */
static comp_module *round_trip(comp_arena *a, const uint8_t *bytes, size_t len)
{
    comp_error err = {0};
    comp_module *m = NULL;
    if (!comp_module_decode(bytes, len, a, &m, &err))
        fail_msg("decode failed at %zu: %s", err.offset, err.message);
    comp_buf out = {0};
    assert_true(comp_module_encode(m, &out, &err));
    assert_int_equal(out.len, len);
    assert_memory_equal(out.data, bytes, len);
    comp_buf_free(&out);
    return m;
}

static void empty_module(void **state)
{
    (void)state;
    static const uint8_t bytes[] = {PREAMBLE};
    comp_arena a;
    comp_arena_init(&a);
    comp_module *m = round_trip(&a, bytes, sizeof bytes);
    assert_int_equal(m->section_count, 0);
    assert_int_equal(m->size, sizeof bytes);
    comp_arena_free(&a);
}

static const uint8_t every_section[] = {
    PREAMBLE,
    0x00, 0x04, 0x01, 'a', 'x', 'y',                       /* custom "a" */
    0x01, 0x0a, 0x02,                                      /* types */
    0x60, 0x02, 0x7f, 0x7e, 0x01, 0x7d,                    /*   (i32 i64) -> f32 */
    0x60, 0x00, 0x00,                                      /*   () -> () */
    0x02, 0x27, 0x05,                                      /* imports */
    0x01, 'm', 0x01, 'f', 0x00, 0x01,                      /*   func type 1 */
    0x01, 'm', 0x01, 't', 0x01, 0x70, 0x00, 0x01,          /*   table funcref 1 */
    0x01, 'm', 0x03, 'm', 'e', 'm', 0x02, 0x01, 0x01, 0x02,/*   memory 1..2 */
    0x01, 'm', 0x01, 'g', 0x03, 0x7f, 0x00,                /*   global i32 */
    0x01, 'm', 0x01, 'e', 0x04, 0x00, 0x01,                /*   tag type 1 */
    0x03, 0x03, 0x02, 0x00, 0x01,                          /* functions */
    0x04, 0x05, 0x01, 0x6f, 0x01, 0x00, 0x0a,              /* table externref 0..10 */
    0x05, 0x03, 0x01, 0x00, 0x01,                          /* memory 1 */
    0x0d, 0x03, 0x01, 0x00, 0x01,                          /* tag type 1 */
    0x06, 0x06, 0x01, 0x7e, 0x01, 0x42, 0x05, 0x0b,        /* global (mut i64) 5 */
    0x07, 0x09, 0x02,                                      /* exports */
    0x01, 'f', 0x00, 0x01,
    0x01, 't', 0x01, 0x01,
    0x08, 0x01, 0x02,                                      /* start 2 */
    0x09, 0x16, 0x03,                                      /* elements */
    0x00, 0x41, 0x00, 0x0b, 0x01, 0x02,                    /*   active, funcs */
    0x01, 0x00, 0x02, 0x01, 0x02,                          /*   passive, elemkind */
    0x06, 0x01, 0x41, 0x01, 0x0b, 0x6f, 0x01, 0xd0, 0x6f, 0x0b, /* table 1, exprs */
    0x0c, 0x01, 0x03,                                      /* data count 3 */
    0x0a, 0x0b, 0x02,                                      /* code */
    0x06, 0x01, 0x01, 0x7d, 0x20, 0x02, 0x0b,
    0x02, 0x00, 0x0b,
    0x0b, 0x11, 0x03,                                      /* data */
    0x00, 0x41, 0x00, 0x0b, 0x02, 'h', 'i',
    0x01, 0x01, 'z',
    0x02, 0x01, 0x41, 0x08, 0x0b, 0x00,
    0x00, 0x02, 0x01, 'z',                                 /* custom "z" */
};

static void every_section_kind(void **state)
{
    (void)state;
    comp_arena a;
    comp_arena_init(&a);
    comp_module *m = round_trip(&a, every_section, sizeof every_section);

    static const uint8_t ids[] = {0, 1, 2, 3, 4, 5, 13, 6, 7, 8, 9, 12, 10, 11, 0};
    assert_int_equal(m->section_count, sizeof ids);
    for (size_t i = 0; i < sizeof ids; i++)
        assert_int_equal(m->sections[i].id, ids[i]);
    assert_int_equal(m->sections[0].offset, 8);
    assert_int_equal(m->custom_count, 2);
    assert_true(comp_str_eq_c(m->customs[0].name, "a"));
    assert_int_equal(m->customs[0].len, 2);
    assert_int_equal(m->sections[14].custom, 1);

    assert_int_equal(m->type_count, 2);
    assert_int_equal(m->types[0].param_count, 2);
    assert_int_equal(m->types[0].params[1], COMP_I64);
    assert_int_equal(m->types[0].results[0], COMP_F32);

    assert_int_equal(m->import_count, 5);
    assert_true(comp_str_eq_c(m->imports[2].name, "mem"));
    assert_int_equal(m->imports[2].desc.memory.max, 2);
    assert_int_equal(m->imports[3].desc.global.type, COMP_I32);
    assert_int_equal(m->imports[4].desc.tag.type, 1);
    assert_int_equal(m->imported_funcs, 1);
    assert_int_equal(m->imported_tables, 1);
    assert_int_equal(m->imported_memories, 1);
    assert_int_equal(m->imported_globals, 1);
    assert_int_equal(m->imported_tags, 1);

    assert_int_equal(comp_module_total_funcs(m), 3);
    assert_int_equal(comp_module_total_tables(m), 2);
    assert_int_equal(comp_module_total_memories(m), 2);
    assert_int_equal(comp_module_total_globals(m), 2);
    assert_int_equal(comp_module_total_tags(m), 2);
    assert_ptr_equal(comp_module_func_type(m, 0), &m->types[1]);
    assert_ptr_equal(comp_module_func_type(m, 1), &m->types[0]);
    assert_ptr_equal(comp_module_func_type(m, 2), &m->types[1]);
    assert_null(comp_module_func_type(m, 3));

    assert_int_equal(m->tables[0].elem, COMP_EXTERNREF);
    assert_int_equal(m->tables[0].limits.max, 10);
    assert_int_equal(m->globals[0].type.mutability, 1);
    assert_int_equal(m->globals[0].init.len, 3);
    assert_true(comp_str_eq_c(m->exports[1].name, "t"));
    assert_int_equal(m->exports[1].kind, COMP_EXTERN_TABLE);
    assert_true(m->has_start);
    assert_int_equal(m->start, 2);

    assert_int_equal(m->elem_count, 3);
    assert_int_equal(m->elems[0].funcs[0], 2);
    assert_int_equal(m->elems[1].flags, 1);
    assert_int_equal(m->elems[1].count, 2);
    assert_int_equal(m->elems[2].table, 1);
    assert_int_equal(m->elems[2].type, COMP_EXTERNREF);
    assert_int_equal(m->elems[2].exprs[0].len, 3);

    assert_true(m->has_data_count);
    assert_int_equal(m->data_count, 3);
    assert_int_equal(m->code_count, 2);
    assert_int_equal(m->codes[0].len, 6);
    assert_int_equal(m->codes[0].body[0], 0x01);
    assert_int_equal(m->datas[0].len, 2);
    assert_int_equal(m->datas[1].flags, 1);
    assert_int_equal(m->datas[2].memory, 1);
    /* Offsets point into the input. */
    assert_ptr_equal(m->codes[1].body, every_section + m->codes[1].offset);
    assert_int_equal(every_section[m->datas[2].pos], 0x02);
    comp_arena_free(&a);
}

static void padded_lebs_round_trip(void **state)
{
    (void)state;
    static const uint8_t bytes[] = {
        PREAMBLE,
        0x01, 0x85, 0x80, 0x80, 0x80, 0x00,          /* type section, padded size */
        0x81, 0x00, 0x60, 0x00, 0x00,                /*   padded count */
        0x03, 0x04, 0x01, 0x80, 0x80, 0x00,          /* function: padded type index */
        0x07, 0x08, 0x01, 0x81, 0x80, 0x00, 'f',     /* export: padded name length */
        0x00, 0x80, 0x00,                            /*   padded index */
        0x0a, 0x0b, 0x01, 0x87, 0x80, 0x00,          /* code: padded body size */
        0x00, 0x41, 0x80, 0x80, 0x00, 0x1a, 0x0b,    /*   padded i32.const inside */
        0x00, 0x07, 0x82, 0x80, 0x00, 'h', 'i', '!', '!', /* custom: padded name length */
    };
    comp_arena a;
    comp_arena_init(&a);
    comp_module *m = round_trip(&a, bytes, sizeof bytes);
    assert_int_equal(m->sections[0].enc.size_width, 5);
    assert_int_equal(m->sections[0].enc.count, 1);
    assert_int_equal(m->sections[0].enc.hints[0].ordinal, 0);
    assert_int_equal(m->sections[0].enc.hints[0].width, 2);
    /* Only the body size is a hint in the code section: code stays raw. */
    assert_int_equal(m->sections[3].enc.count, 1);
    assert_int_equal(m->sections[3].enc.hints[0].ordinal, 1);
    assert_int_equal(m->sections[3].enc.hints[0].width, 3);
    assert_true(comp_str_eq_c(m->customs[0].name, "hi"));

    /* Without hints the same model encodes minimally. */
    for (uint32_t i = 0; i < m->section_count; i++)
        m->sections[i].enc = (comp_encoding){0};
    comp_buf out = {0};
    comp_error err;
    assert_true(comp_module_encode(m, &out, &err));
    assert_int_equal(out.len, sizeof bytes - 4 - 1 - 2 - 2 - 1 - 2 - 2);
    comp_buf_free(&out);
    comp_arena_free(&a);
}

typedef struct bad_case {
    uint8_t bytes[24];
    size_t len;
    const char *message;
    size_t offset;
} bad_case;

static void errors_with_offsets(void **state)
{
    (void)state;
    static const bad_case cases[] = {
        {{0}, 0, "unexpected end-of-file", 0},
        {{PREAMBLE}, 7, "unexpected end-of-file", 4},
        {{0x00, 0x61, 0x73, 0x6e, 1, 0, 0, 0}, 8, "magic header not detected", 0},
        {{0x00, 0x61, 0x73, 0x6d, 0x0d, 0, 1, 0}, 8, "unknown binary version", 4},
        {{PREAMBLE, 0x0e, 0x01, 0x00}, 11, "malformed section id", 8},
        {{PREAMBLE, 0x01, 0x05, 0x00}, 11, "length out of bounds", 9},
        {{PREAMBLE, 0x03, 0x01, 0x00, 0x01, 0x01, 0x00}, 14, "section out of order: unexpected content after last section", 11},
        {{PREAMBLE, 0x01, 0x01, 0x00, 0x01, 0x01, 0x00}, 14, "section out of order: unexpected content after last section", 11},
        {{PREAMBLE, 0x01, 0x02, 0x00, 0x00}, 12, "section size mismatch", 11},
        {{PREAMBLE, 0x03, 0x02, 0x01, 0x00}, 12, "function and code section have inconsistent lengths", 12},
        {{PREAMBLE, 0x0c, 0x01, 0x01}, 11, "data count and data section have inconsistent lengths", 11},
        {{PREAMBLE, 0x02, 0x06, 0x01, 0x01, 0xff, 0x00, 0x00, 0x00}, 16, "malformed UTF-8 encoding", 12},
        {{PREAMBLE, 0x06, 0x04, 0x01, 0x7f, 0x02, 0x0b}, 14, "malformed mutability", 12},
        {{PREAMBLE, 0x02, 0x04, 0x01, 0x00, 0x00, 0x05}, 14, "malformed import kind", 13},
        {{PREAMBLE, 0x04, 0x04, 0x01, 0x7f, 0x00, 0x00}, 14, "malformed reference type", 11},
        {{PREAMBLE, 0x01, 0x04, 0x01, 0x60, 0x01, 0x40}, 14, "malformed value type", 13},
        {{PREAMBLE, 0x01, 0x03, 0x01, 0x60, 0x00}, 13, "unexpected end of section or function", 13},
        {{PREAMBLE, 0x05, 0x03, 0x01, 0x08, 0x00}, 13, "integer too large", 11},
        {{PREAMBLE, 0x05, 0x03, 0x01, 0x81, 0x00}, 13, "integer representation too long", 11},
        {{PREAMBLE, 0x09, 0x02, 0x01, 0x08}, 12, "malformed elements segment kind", 11},
        {{PREAMBLE, 0x0b, 0x02, 0x01, 0x03}, 12, "malformed data segment kind", 11},
        {{PREAMBLE, 0x06, 0x05, 0x01, 0x7f, 0x00, 0x06, 0x0b}, 15, "illegal opcode", 13},
        {{PREAMBLE, 0x03, 0x06, 0x01, 0x80, 0x80, 0x80, 0x80, 0x10}, 16, "integer too large", 11},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        comp_arena a;
        comp_arena_init(&a);
        comp_error err = {0};
        comp_module *m = NULL;
        if (comp_module_decode(cases[i].bytes, cases[i].len, &a, &m, &err))
            fail_msg("case %zu decoded", i);
        if (strcmp(err.message, cases[i].message) != 0 || err.offset != cases[i].offset)
            fail_msg("case %zu: got \"%s\" at %zu, want \"%s\" at %zu", i, err.message,
                     err.offset, cases[i].message, cases[i].offset);
        comp_arena_free(&a);
    }
}

/* Every truncation of a valid module either fails cleanly or (cut between
 * sections, with counts still agreeing) is itself a module that round-trips. */
static void truncations(void **state)
{
    (void)state;
    unsigned valid = 0;
    for (size_t len = 0; len < sizeof every_section; len++) {
        comp_arena a;
        comp_arena_init(&a);
        comp_error err = {0};
        comp_module *m = NULL;
        if (comp_module_decode(every_section, len, &a, &m, &err)) {
            round_trip(&a, every_section, len);
            valid++;
        } else {
            assert_true(err.offset <= len);
            assert_true(err.message[0] != '\0');
        }
        comp_arena_free(&a);
    }
    /* The preamble alone; after the first custom, type and import sections;
     * and after the data section (before the last custom section). */
    assert_int_equal(valid, 5);
}

/* A module inside a larger buffer (as in a component): offsets count from
 * the buffer's start, and the outer reader's hint recorder is untouched. */
static void nested_offsets(void **state)
{
    (void)state;
    static const uint8_t bytes[] = {
        0xaa, 0xbb, 0xcc,
        PREAMBLE,
        0x01, 0x04, 0x01, 0x60, 0x00, 0x00,
        0x03, 0x02, 0x01, 0x00,
        0x0a, 0x04, 0x01, 0x02, 0x00, 0x0b,
        0xdd,
    };
    comp_arena a;
    comp_arena_init(&a);
    comp_error err = {0};
    rd r;
    rd_init(&r, bytes, sizeof bytes, &a, &err);
    hint_recorder outer;
    hints_begin(&outer);
    r.rec = &outer;
    r.p += 3;
    r.end -= 1;
    comp_module *m = NULL;
    assert_true(module_read(&r, &m));
    assert_ptr_equal(r.p, bytes + sizeof bytes - 1);
    assert_ptr_equal(r.rec, &outer);
    assert_int_equal(outer.ordinal, 0);
    assert_int_equal(m->offset, 3);
    assert_int_equal(m->size, sizeof bytes - 4);
    assert_int_equal(m->sections[2].offset, 3 + 8 + 6 + 4);
    assert_int_equal(m->codes[0].offset, sizeof bytes - 3);

    /* Errors carry offsets from the buffer's start too. */
    static const uint8_t bad[] = {0xaa, PREAMBLE, 0x0e, 0x00};
    rd_init(&r, bad, sizeof bad, &a, &err);
    r.p += 1;
    assert_false(module_read(&r, &m));
    assert_string_equal(err.message, "malformed section id");
    assert_int_equal(err.offset, 9);
    hints_discard(&outer);
    comp_arena_free(&a);
}

static void built_by_hand(void **state)
{
    (void)state;
    static const uint8_t body[] = {0x00, 0x41, 0x2a, 0x0b};
    static const uint8_t zero[] = {0x41, 0x00, 0x0b};
    comp_valtype result = COMP_I32;
    comp_functype type = {.result_count = 1, .results = &result};
    uint32_t func_type = 0;
    comp_limits memory = {.min = 1};
    comp_export export = {.name = {"answer", 6}, .kind = COMP_EXTERN_FUNC, .index = 0};
    comp_code code = {.body = body, .len = sizeof body};
    comp_data data = {.flags = 0, .offset = {zero, sizeof zero, 0}, .bytes = (const uint8_t *)"hi", .len = 2};
    comp_module m = {
        .types = &type, .type_count = 1,
        .funcs = &func_type, .func_count = 1,
        .memories = &memory, .memory_count = 1,
        .exports = &export, .export_count = 1,
        .codes = &code, .code_count = 1,
        .datas = &data, .data_segment_count = 1,
    };
    static const uint8_t want[] = {
        PREAMBLE,
        0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f,
        0x03, 0x02, 0x01, 0x00,
        0x05, 0x03, 0x01, 0x00, 0x01,
        0x07, 0x0a, 0x01, 0x06, 'a', 'n', 's', 'w', 'e', 'r', 0x00, 0x00,
        0x0a, 0x06, 0x01, 0x04, 0x00, 0x41, 0x2a, 0x0b,
        0x0b, 0x08, 0x01, 0x00, 0x41, 0x00, 0x0b, 0x02, 'h', 'i',
    };
    comp_buf out = {0};
    comp_error err = {0};
    assert_true(comp_module_encode(&m, &out, &err));
    assert_int_equal(out.len, sizeof want);
    assert_memory_equal(out.data, want, sizeof want);

    /* And it decodes back to the same content. */
    comp_arena a;
    comp_arena_init(&a);
    comp_module *back = round_trip(&a, out.data, out.len);
    assert_true(comp_str_eq_c(back->exports[0].name, "answer"));
    assert_int_equal(back->codes[0].len, sizeof body);
    assert_memory_equal(back->datas[0].bytes, "hi", 2);
    assert_ptr_equal(comp_module_func_type(back, 0), &back->types[0]);
    comp_arena_free(&a);
    comp_buf_free(&out);

    /* A model the encoder cannot write is an error, not a crash. */
    data.flags = 7;
    assert_false(comp_module_encode(&m, &out, &err));
    assert_string_equal(err.message, "cannot encode module: bad flags in data segment 0");
    comp_buf_free(&out);
}

/* Decodes every instruction of every function body (after its locals). */
static void decode_bodies(const comp_module *m)
{
    for (uint32_t i = 0; i < m->code_count; i++) {
        comp_error err = {0};
        comp_arena a;
        comp_arena_init(&a);
        rd r;
        rd_init(&r, m->codes[i].body, m->codes[i].len, &a, &err);
        uint32_t groups, n;
        assert_true(rd_u32(&r, &groups));
        for (uint32_t g = 0; g < groups; g++) {
            uint8_t t;
            assert_true(rd_u32(&r, &n) && rd_byte(&r, &t));
        }
        insn in = {0};
        while (!rd_eof(&r)) {
            if (!insn_decode(&r, &in))
                fail_msg("function %u: %s at %zu", i, err.message, err.offset);
            assert_non_null(insn_name(in.op));
        }
        assert_int_equal(in.op, 0x0b);
        comp_arena_free(&a);
    }
}

static void clang_module_round_trip(void **state)
{
    (void)state;
    char dir[] = "/tmp/test_module_rw.XXXXXX";
    assert_non_null(mkdtemp(dir));
    char src[128], wasm[128], cmd[512];
    snprintf(src, sizeof src, "%s/x.c", dir);
    snprintf(wasm, sizeof wasm, "%s/x.wasm", dir);
    FILE *f = fopen(src, "w");
    assert_non_null(f);
    fputs("#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n"
          "static int cmp(const void *a, const void *b) { return *(const int *)a - *(const int *)b; }\n"
          "int main(int argc, char **argv) {\n"
          "  int v[64]; for (int i = 0; i < 64; i++) v[i] = (i * 7919) % 64;\n"
          "  qsort(v, 64, sizeof v[0], cmp);\n"
          "  double d = argc * 1.5; float g = (float)d / 3.0f;\n"
          "  char *s = strdup(argv[0]);\n"
          "  printf(\"%d %f %f %zu\\n\", v[argc], d, g, strlen(s));\n"
          "  free(s); return 0; }\n", f);
    fclose(f);
    snprintf(cmd, sizeof cmd, "clang --target=wasm32-wasi -O2 %s -o %s 2>/dev/null", src, wasm);
    int rc = system(cmd);
    size_t len = 0;
    unsigned char *bytes = rc == 0 ? unit_read_file(wasm, &len) : NULL;
    unlink(src);
    unlink(wasm);
    rmdir(dir);
    if (!bytes) {
        printf("SKIP clang_module_round_trip: clang --target=wasm32-wasi is not available\n");
        return;
    }
    comp_arena a;
    comp_arena_init(&a);
    comp_module *m = round_trip(&a, bytes, len);
    assert_true(m->code_count > 10);
    assert_int_equal(m->code_count, m->func_count);
    assert_true(m->imported_funcs > 0);
    decode_bodies(m);
    comp_arena_free(&a);
    free(bytes);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(empty_module),
        cmocka_unit_test(every_section_kind),
        cmocka_unit_test(padded_lebs_round_trip),
        cmocka_unit_test(errors_with_offsets),
        cmocka_unit_test(truncations),
        cmocka_unit_test(nested_offsets),
        cmocka_unit_test(built_by_hand),
        cmocka_unit_test(clang_module_round_trip),
    };
    return unit_run("module_rw", tests);
}
