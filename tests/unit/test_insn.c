/* Decoding of single core instructions: every immediate kind, and errors. */
#include "unit.h"

#include <string.h>

#include "core/insn.h"

typedef struct decoded {
    comp_arena arena;
    comp_error err;
    rd r;
    insn in;
    bool ok;
} decoded;

/* Decodes one instruction from `bytes` into `d`; the reader stays valid. */
static void decode(decoded *d, const uint8_t *bytes, size_t len)
{
    memset(d, 0, sizeof *d);
    comp_arena_init(&d->arena);
    rd_init(&d->r, bytes, len, &d->arena, &d->err);
    d->ok = insn_decode(&d->r, &d->in);
}

static void done(decoded *d) { comp_arena_free(&d->arena); }

/* Decodes `bytes` expecting exactly one instruction that uses all of them. */
#define DECODE_ALL(d, ...)                                                       \
    do {                                                                         \
        static const uint8_t bytes_[] = {__VA_ARGS__};                           \
        decode(d, bytes_, sizeof bytes_);                                        \
        assert_true((d)->ok);                                                    \
        assert_true(rd_eof(&(d)->r));                                            \
    } while (0)

static void expect_error(const uint8_t *bytes, size_t len, const char *msg, size_t offset)
{
    decoded d;
    decode(&d, bytes, len);
    assert_false(d.ok);
    assert_string_equal(d.err.message, msg);
    assert_int_equal(d.err.offset, offset);
    done(&d);
}

static void no_immediates(void **state)
{
    (void)state;
    decoded d;
    DECODE_ALL(&d, 0x6a);
    assert_int_equal(d.in.op, 0x6a);
    assert_string_equal(insn_name(d.in.op), "i32.add");
    done(&d);
    DECODE_ALL(&d, 0x00);
    assert_string_equal(insn_name(d.in.op), "unreachable");
    done(&d);
}

static void blocktypes(void **state)
{
    (void)state;
    decoded d;
    DECODE_ALL(&d, 0x02, 0x40);
    assert_false(d.in.blocktype_is_index);
    assert_int_equal(d.in.blocktype, INSN_BLOCK_EMPTY);
    done(&d);
    DECODE_ALL(&d, 0x03, 0x7e);
    assert_false(d.in.blocktype_is_index);
    assert_int_equal(d.in.blocktype, COMP_I64);
    done(&d);
    /* A type index as an s33: 200 = 0xc8 0x01. */
    DECODE_ALL(&d, 0x04, 0xc8, 0x01);
    assert_true(d.in.blocktype_is_index);
    assert_int_equal(d.in.blocktype, 200);
    done(&d);
    expect_error((const uint8_t[]){0x02, 0x60}, 2, "malformed value type", 1);
}

static void indices(void **state)
{
    (void)state;
    decoded d;
    DECODE_ALL(&d, 0x10, 0xe5, 0x8e, 0x26);
    assert_string_equal(insn_name(d.in.op), "call");
    assert_int_equal(d.in.idx, 624485);
    done(&d);
    DECODE_ALL(&d, 0x11, 0x03, 0x01);
    assert_int_equal(d.in.idx, 3);
    assert_int_equal(d.in.idx2, 1);
    done(&d);
    /* Padded LEB128 indices are accepted in code. */
    DECODE_ALL(&d, 0x20, 0x85, 0x80, 0x00);
    assert_string_equal(insn_name(d.in.op), "local.get");
    assert_int_equal(d.in.idx, 5);
    done(&d);
    DECODE_ALL(&d, 0xd2, 0x07);
    assert_string_equal(insn_name(d.in.op), "ref.func");
    assert_int_equal(d.in.idx, 7);
    done(&d);
}

static void br_table(void **state)
{
    (void)state;
    decoded d;
    DECODE_ALL(&d, 0x0e, 0x03, 0x00, 0x81, 0x01, 0x02, 0x04);
    assert_int_equal(d.in.target_count, 3);
    assert_int_equal(d.in.idx, 4);
    insn_targets it;
    insn_targets_begin(&d.in, &d.r, &it);
    uint32_t label, want[] = {0, 129, 2};
    for (int i = 0; i < 3; i++) {
        assert_true(insn_targets_next(&it, &label));
        assert_int_equal(label, want[i]);
    }
    assert_false(insn_targets_next(&it, &label));
    done(&d);
    /* A count larger than the bytes left fails before anything is read. */
    expect_error((const uint8_t[]){0x0e, 0x7f, 0x00}, 3, "unexpected end-of-file", 2);
}

static void memargs(void **state)
{
    (void)state;
    decoded d;
    DECODE_ALL(&d, 0x28, 0x02, 0x10);
    assert_string_equal(insn_name(d.in.op), "i32.load");
    assert_int_equal(d.in.mem.align, 2);
    assert_int_equal(d.in.mem.memory, 0);
    assert_int_equal(d.in.mem.offset, 16);
    done(&d);
    /* Multi-memory: bit 6 of the alignment field says a memory index follows. */
    DECODE_ALL(&d, 0x37, 0x43, 0x02, 0x80, 0x01);
    assert_string_equal(insn_name(d.in.op), "i64.store");
    assert_int_equal(d.in.mem.align, 3);
    assert_int_equal(d.in.mem.memory, 2);
    assert_int_equal(d.in.mem.offset, 128);
    assert_true(d.in.mem.memory_explicit);
    done(&d);
    /* Alignment exponents of 32 and more, and flag bits above 6, are malformed. */
    expect_error((const uint8_t[]){0x28, 0x20, 0x00}, 3, "malformed memop flags", 1);
    expect_error((const uint8_t[]){0x28, 0x80, 0x01, 0x00}, 4, "malformed memop flags", 1);
    /* Offsets are u32 in WebAssembly 2.0. */
    expect_error((const uint8_t[]){0x28, 0x02, 0x80, 0x80, 0x80, 0x80, 0x10}, 7, "integer too large", 2);
}

static void memory_indices(void **state)
{
    (void)state;
    decoded d;
    DECODE_ALL(&d, 0x40, 0x00);
    assert_string_equal(insn_name(d.in.op), "memory.grow");
    assert_int_equal(d.in.idx, 0);
    done(&d);
    DECODE_ALL(&d, 0x3f, 0x01);
    assert_int_equal(d.in.idx, 1);
    done(&d);
    DECODE_ALL(&d, 0xfc, 0x08, 0x05, 0x01);
    assert_int_equal(d.in.op, INSN_PREFIXED(0xfc, 8));
    assert_string_equal(insn_name(d.in.op), "memory.init");
    assert_int_equal(d.in.idx, 5);
    assert_int_equal(d.in.idx2, 1);
    done(&d);
    DECODE_ALL(&d, 0xfc, 0x0a, 0x01, 0x02);
    assert_string_equal(insn_name(d.in.op), "memory.copy");
    assert_int_equal(d.in.idx, 1);
    assert_int_equal(d.in.idx2, 2);
    done(&d);
    DECODE_ALL(&d, 0xfc, 0x0b, 0x00);
    assert_string_equal(insn_name(d.in.op), "memory.fill");
    done(&d);
}

static void constants(void **state)
{
    (void)state;
    decoded d;
    DECODE_ALL(&d, 0x41, 0x7f);
    assert_true(d.in.i64 == -1);
    done(&d);
    DECODE_ALL(&d, 0x42, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7f);
    assert_true(d.in.i64 == INT64_MIN);
    done(&d);
    DECODE_ALL(&d, 0x43, 0x00, 0x00, 0x80, 0x3f);
    assert_int_equal(d.in.f32, 0x3f800000u);
    done(&d);
    DECODE_ALL(&d, 0x44, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f);
    assert_true(d.in.f64 == 0x3ff0000000000000ull);
    done(&d);
    expect_error((const uint8_t[]){0x41, 0x80, 0x80, 0x80, 0x80, 0x70}, 6, "integer too large", 1);
    expect_error((const uint8_t[]){0x43, 0x00, 0x00}, 3, "unexpected end-of-file", 1);
}

static void references_and_select(void **state)
{
    (void)state;
    decoded d;
    DECODE_ALL(&d, 0xd0, 0x6f);
    assert_string_equal(insn_name(d.in.op), "ref.null");
    assert_int_equal(d.in.reftype, COMP_EXTERNREF);
    done(&d);
    expect_error((const uint8_t[]){0xd0, 0x7f}, 2, "malformed reference type", 1);
    DECODE_ALL(&d, 0x1c, 0x01, 0x7d);
    assert_string_equal(insn_name(d.in.op), "select");
    assert_int_equal(d.in.select_count, 1);
    assert_int_equal(d.in.select_type, COMP_F32);
    done(&d);
    /* Two types decode (the validator rejects them). */
    DECODE_ALL(&d, 0x1c, 0x02, 0x7f, 0x7f);
    assert_int_equal(d.in.select_count, 2);
    done(&d);
    DECODE_ALL(&d, 0x1b);
    assert_int_equal(d.in.op, 0x1b);
    done(&d);
}

static void prefixed_fc(void **state)
{
    (void)state;
    decoded d;
    DECODE_ALL(&d, 0xfc, 0x00);
    assert_string_equal(insn_name(d.in.op), "i32.trunc_sat_f32_s");
    done(&d);
    /* Sub-opcodes are u32 LEB128s and may be padded. */
    DECODE_ALL(&d, 0xfc, 0x87, 0x80, 0x00);
    assert_string_equal(insn_name(d.in.op), "i64.trunc_sat_f64_u");
    done(&d);
    DECODE_ALL(&d, 0xfc, 0x0c, 0x02, 0x01);
    assert_string_equal(insn_name(d.in.op), "table.init");
    assert_int_equal(d.in.idx, 2);
    assert_int_equal(d.in.idx2, 1);
    done(&d);
    DECODE_ALL(&d, 0xfc, 0x11, 0x03);
    assert_string_equal(insn_name(d.in.op), "table.fill");
    assert_int_equal(d.in.idx, 3);
    done(&d);
    expect_error((const uint8_t[]){0xfc, 0x12}, 2, "illegal opcode", 0);
}

static void prefixed_simd(void **state)
{
    (void)state;
    decoded d;
    DECODE_ALL(&d, 0xfd, 0x0c, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16);
    assert_string_equal(insn_name(d.in.op), "v128.const");
    assert_int_equal(d.in.v128[0], 1);
    assert_int_equal(d.in.v128[15], 16);
    done(&d);
    DECODE_ALL(&d, 0xfd, 0x0d, 0, 17, 2, 19, 4, 21, 6, 23, 8, 25, 10, 27, 12, 29, 14, 31);
    assert_string_equal(insn_name(d.in.op), "i8x16.shuffle");
    assert_int_equal(d.in.v128[1], 17);
    done(&d);
    DECODE_ALL(&d, 0xfd, 0x15, 0x0f);
    assert_string_equal(insn_name(d.in.op), "i8x16.extract_lane_s");
    assert_int_equal(d.in.lane, 15);
    done(&d);
    DECODE_ALL(&d, 0xfd, 0x00, 0x04, 0x00);
    assert_string_equal(insn_name(d.in.op), "v128.load");
    assert_int_equal(d.in.mem.align, 4);
    done(&d);
    DECODE_ALL(&d, 0xfd, 0x57, 0x03, 0x08, 0x01);
    assert_string_equal(insn_name(d.in.op), "v128.load64_lane");
    assert_int_equal(d.in.mem.offset, 8);
    assert_int_equal(d.in.lane, 1);
    done(&d);
    DECODE_ALL(&d, 0xfd, 0xae, 0x01);
    assert_int_equal(d.in.op, INSN_PREFIXED(0xfd, 0xae));
    assert_string_equal(insn_name(d.in.op), "i32x4.add");
    done(&d);
    DECODE_ALL(&d, 0xfd, 0xff, 0x01);
    assert_string_equal(insn_name(d.in.op), "f64x2.convert_low_i32x4_u");
    done(&d);
    /* A gap in the opcode space and the first relaxed-SIMD opcode. */
    expect_error((const uint8_t[]){0xfd, 0x9a, 0x01}, 3, "illegal opcode", 0);
    expect_error((const uint8_t[]){0xfd, 0x80, 0x02}, 3, "illegal opcode", 0);
}

static void illegal_and_truncated(void **state)
{
    (void)state;
    expect_error((const uint8_t[]){0x06}, 1, "illegal opcode", 0);
    expect_error((const uint8_t[]){0xff}, 1, "illegal opcode", 0);
    expect_error((const uint8_t[]){0x27}, 1, "illegal opcode", 0);
    expect_error((const uint8_t[]){0x10}, 1, "unexpected end-of-file", 1);
    expect_error((const uint8_t[]){0xfd, 0x0c, 1, 2, 3}, 5, "unexpected end-of-file", 2);
    expect_error((const uint8_t[]){0}, 0, "unexpected end-of-file", 0);
}

static void names_cover_the_opcode_space(void **state)
{
    (void)state;
    unsigned single = 0, fc = 0, fd = 0;
    for (uint32_t op = 0; op < 0x100; op++) {
        if (insn_name(op))
            single++;
        if (insn_name(INSN_PREFIXED(0xfc, op)))
            fc++;
        if (insn_name(INSN_PREFIXED(0xfd, op)))
            fd++;
    }
    /* 0xfc and 0xfd are prefixes, not instructions. */
    assert_null(insn_name(0xfc));
    assert_null(insn_name(0xfd));
    /* 2.0's, plus throw, throw_ref and try_table (exception handling) */
    assert_int_equal(single, 186);
    assert_int_equal(fc, 18);
    assert_int_equal(fd, 236);
    assert_null(insn_name(INSN_PREFIXED(0xfd, 0x100)));
}

static void skip_constant_expressions(void **state)
{
    (void)state;
    /* global.get 0; i32.const 4; i32.add; end — then trailing bytes. */
    static const uint8_t code[] = {0x23, 0x00, 0x41, 0x04, 0x6a, 0x0b, 0xaa};
    comp_arena a;
    comp_arena_init(&a);
    comp_error err = {0};
    rd r;
    rd_init(&r, code, sizeof code, &a, &err);
    comp_expr e;
    assert_true(insn_skip_expr(&r, &e));
    assert_int_equal(e.len, 6);
    assert_int_equal(e.offset, 0);
    assert_ptr_equal(e.code, code);
    assert_int_equal(rd_remaining(&r), 1);

    /* Nested blocks: the first `end` closes the block, the second the expression. */
    static const uint8_t nested[] = {0x02, 0x40, 0x0b, 0x41, 0x00, 0x0b};
    rd_init(&r, nested, sizeof nested, &a, &err);
    assert_true(insn_skip_expr(&r, &e));
    assert_int_equal(e.len, 6);
    assert_true(rd_eof(&r));

    /* Missing end. */
    static const uint8_t open[] = {0x41, 0x00};
    rd_init(&r, open, sizeof open, &a, &err);
    assert_false(insn_skip_expr(&r, &e));
    assert_string_equal(err.message, "unexpected end-of-file");
    assert_int_equal(err.offset, 2);
    comp_arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(no_immediates),
        cmocka_unit_test(blocktypes),
        cmocka_unit_test(indices),
        cmocka_unit_test(br_table),
        cmocka_unit_test(memargs),
        cmocka_unit_test(memory_indices),
        cmocka_unit_test(constants),
        cmocka_unit_test(references_and_select),
        cmocka_unit_test(prefixed_fc),
        cmocka_unit_test(prefixed_simd),
        cmocka_unit_test(illegal_and_truncated),
        cmocka_unit_test(names_cover_the_opcode_space),
        cmocka_unit_test(skip_constant_expressions),
    };
    return unit_run("insn", tests);
}
