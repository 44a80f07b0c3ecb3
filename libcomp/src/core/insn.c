#include "core/insn.h"
#include "core/types_io.h"

#include <string.h>

/* enum insn_imm (the immediate layouts) is in insn.h. */

typedef struct op_info {
    const char *name;
    uint8_t imm;
} op_info;

#define OP(code, text, kind) [code] = {text, kind}

static const op_info single_ops[256] = {
    OP(0x00, "unreachable", IMM_NONE),
    OP(0x01, "nop", IMM_NONE),
    OP(0x02, "block", IMM_BLOCK),
    OP(0x03, "loop", IMM_BLOCK),
    OP(0x04, "if", IMM_BLOCK),
    OP(0x05, "else", IMM_NONE),
    OP(0x08, "throw", IMM_INDEX),
    OP(0x0a, "throw_ref", IMM_NONE),
    OP(0x0b, "end", IMM_NONE),
    OP(0x0c, "br", IMM_INDEX),
    OP(0x0d, "br_if", IMM_INDEX),
    OP(0x0e, "br_table", IMM_BR_TABLE),
    OP(0x0f, "return", IMM_NONE),
    OP(0x10, "call", IMM_INDEX),
    OP(0x11, "call_indirect", IMM_INDEX2),
    OP(0x1a, "drop", IMM_NONE),
    OP(0x1b, "select", IMM_NONE),
    OP(0x1c, "select", IMM_SELECT_T),
    OP(0x1f, "try_table", IMM_TRY_TABLE),
    OP(0x20, "local.get", IMM_INDEX),
    OP(0x21, "local.set", IMM_INDEX),
    OP(0x22, "local.tee", IMM_INDEX),
    OP(0x23, "global.get", IMM_INDEX),
    OP(0x24, "global.set", IMM_INDEX),
    OP(0x25, "table.get", IMM_INDEX),
    OP(0x26, "table.set", IMM_INDEX),
    OP(0x28, "i32.load", IMM_MEMARG),
    OP(0x29, "i64.load", IMM_MEMARG),
    OP(0x2a, "f32.load", IMM_MEMARG),
    OP(0x2b, "f64.load", IMM_MEMARG),
    OP(0x2c, "i32.load8_s", IMM_MEMARG),
    OP(0x2d, "i32.load8_u", IMM_MEMARG),
    OP(0x2e, "i32.load16_s", IMM_MEMARG),
    OP(0x2f, "i32.load16_u", IMM_MEMARG),
    OP(0x30, "i64.load8_s", IMM_MEMARG),
    OP(0x31, "i64.load8_u", IMM_MEMARG),
    OP(0x32, "i64.load16_s", IMM_MEMARG),
    OP(0x33, "i64.load16_u", IMM_MEMARG),
    OP(0x34, "i64.load32_s", IMM_MEMARG),
    OP(0x35, "i64.load32_u", IMM_MEMARG),
    OP(0x36, "i32.store", IMM_MEMARG),
    OP(0x37, "i64.store", IMM_MEMARG),
    OP(0x38, "f32.store", IMM_MEMARG),
    OP(0x39, "f64.store", IMM_MEMARG),
    OP(0x3a, "i32.store8", IMM_MEMARG),
    OP(0x3b, "i32.store16", IMM_MEMARG),
    OP(0x3c, "i64.store8", IMM_MEMARG),
    OP(0x3d, "i64.store16", IMM_MEMARG),
    OP(0x3e, "i64.store32", IMM_MEMARG),
    /* Memory index: a single 0x00 byte in WebAssembly 2.0, any u32 with
     * multi-memory; the validator checks the width (insn length). */
    OP(0x3f, "memory.size", IMM_INDEX),
    OP(0x40, "memory.grow", IMM_INDEX),
    OP(0x41, "i32.const", IMM_I32),
    OP(0x42, "i64.const", IMM_I64),
    OP(0x43, "f32.const", IMM_F32),
    OP(0x44, "f64.const", IMM_F64),
    OP(0x45, "i32.eqz", IMM_NONE),
    OP(0x46, "i32.eq", IMM_NONE),
    OP(0x47, "i32.ne", IMM_NONE),
    OP(0x48, "i32.lt_s", IMM_NONE),
    OP(0x49, "i32.lt_u", IMM_NONE),
    OP(0x4a, "i32.gt_s", IMM_NONE),
    OP(0x4b, "i32.gt_u", IMM_NONE),
    OP(0x4c, "i32.le_s", IMM_NONE),
    OP(0x4d, "i32.le_u", IMM_NONE),
    OP(0x4e, "i32.ge_s", IMM_NONE),
    OP(0x4f, "i32.ge_u", IMM_NONE),
    OP(0x50, "i64.eqz", IMM_NONE),
    OP(0x51, "i64.eq", IMM_NONE),
    OP(0x52, "i64.ne", IMM_NONE),
    OP(0x53, "i64.lt_s", IMM_NONE),
    OP(0x54, "i64.lt_u", IMM_NONE),
    OP(0x55, "i64.gt_s", IMM_NONE),
    OP(0x56, "i64.gt_u", IMM_NONE),
    OP(0x57, "i64.le_s", IMM_NONE),
    OP(0x58, "i64.le_u", IMM_NONE),
    OP(0x59, "i64.ge_s", IMM_NONE),
    OP(0x5a, "i64.ge_u", IMM_NONE),
    OP(0x5b, "f32.eq", IMM_NONE),
    OP(0x5c, "f32.ne", IMM_NONE),
    OP(0x5d, "f32.lt", IMM_NONE),
    OP(0x5e, "f32.gt", IMM_NONE),
    OP(0x5f, "f32.le", IMM_NONE),
    OP(0x60, "f32.ge", IMM_NONE),
    OP(0x61, "f64.eq", IMM_NONE),
    OP(0x62, "f64.ne", IMM_NONE),
    OP(0x63, "f64.lt", IMM_NONE),
    OP(0x64, "f64.gt", IMM_NONE),
    OP(0x65, "f64.le", IMM_NONE),
    OP(0x66, "f64.ge", IMM_NONE),
    OP(0x67, "i32.clz", IMM_NONE),
    OP(0x68, "i32.ctz", IMM_NONE),
    OP(0x69, "i32.popcnt", IMM_NONE),
    OP(0x6a, "i32.add", IMM_NONE),
    OP(0x6b, "i32.sub", IMM_NONE),
    OP(0x6c, "i32.mul", IMM_NONE),
    OP(0x6d, "i32.div_s", IMM_NONE),
    OP(0x6e, "i32.div_u", IMM_NONE),
    OP(0x6f, "i32.rem_s", IMM_NONE),
    OP(0x70, "i32.rem_u", IMM_NONE),
    OP(0x71, "i32.and", IMM_NONE),
    OP(0x72, "i32.or", IMM_NONE),
    OP(0x73, "i32.xor", IMM_NONE),
    OP(0x74, "i32.shl", IMM_NONE),
    OP(0x75, "i32.shr_s", IMM_NONE),
    OP(0x76, "i32.shr_u", IMM_NONE),
    OP(0x77, "i32.rotl", IMM_NONE),
    OP(0x78, "i32.rotr", IMM_NONE),
    OP(0x79, "i64.clz", IMM_NONE),
    OP(0x7a, "i64.ctz", IMM_NONE),
    OP(0x7b, "i64.popcnt", IMM_NONE),
    OP(0x7c, "i64.add", IMM_NONE),
    OP(0x7d, "i64.sub", IMM_NONE),
    OP(0x7e, "i64.mul", IMM_NONE),
    OP(0x7f, "i64.div_s", IMM_NONE),
    OP(0x80, "i64.div_u", IMM_NONE),
    OP(0x81, "i64.rem_s", IMM_NONE),
    OP(0x82, "i64.rem_u", IMM_NONE),
    OP(0x83, "i64.and", IMM_NONE),
    OP(0x84, "i64.or", IMM_NONE),
    OP(0x85, "i64.xor", IMM_NONE),
    OP(0x86, "i64.shl", IMM_NONE),
    OP(0x87, "i64.shr_s", IMM_NONE),
    OP(0x88, "i64.shr_u", IMM_NONE),
    OP(0x89, "i64.rotl", IMM_NONE),
    OP(0x8a, "i64.rotr", IMM_NONE),
    OP(0x8b, "f32.abs", IMM_NONE),
    OP(0x8c, "f32.neg", IMM_NONE),
    OP(0x8d, "f32.ceil", IMM_NONE),
    OP(0x8e, "f32.floor", IMM_NONE),
    OP(0x8f, "f32.trunc", IMM_NONE),
    OP(0x90, "f32.nearest", IMM_NONE),
    OP(0x91, "f32.sqrt", IMM_NONE),
    OP(0x92, "f32.add", IMM_NONE),
    OP(0x93, "f32.sub", IMM_NONE),
    OP(0x94, "f32.mul", IMM_NONE),
    OP(0x95, "f32.div", IMM_NONE),
    OP(0x96, "f32.min", IMM_NONE),
    OP(0x97, "f32.max", IMM_NONE),
    OP(0x98, "f32.copysign", IMM_NONE),
    OP(0x99, "f64.abs", IMM_NONE),
    OP(0x9a, "f64.neg", IMM_NONE),
    OP(0x9b, "f64.ceil", IMM_NONE),
    OP(0x9c, "f64.floor", IMM_NONE),
    OP(0x9d, "f64.trunc", IMM_NONE),
    OP(0x9e, "f64.nearest", IMM_NONE),
    OP(0x9f, "f64.sqrt", IMM_NONE),
    OP(0xa0, "f64.add", IMM_NONE),
    OP(0xa1, "f64.sub", IMM_NONE),
    OP(0xa2, "f64.mul", IMM_NONE),
    OP(0xa3, "f64.div", IMM_NONE),
    OP(0xa4, "f64.min", IMM_NONE),
    OP(0xa5, "f64.max", IMM_NONE),
    OP(0xa6, "f64.copysign", IMM_NONE),
    OP(0xa7, "i32.wrap_i64", IMM_NONE),
    OP(0xa8, "i32.trunc_f32_s", IMM_NONE),
    OP(0xa9, "i32.trunc_f32_u", IMM_NONE),
    OP(0xaa, "i32.trunc_f64_s", IMM_NONE),
    OP(0xab, "i32.trunc_f64_u", IMM_NONE),
    OP(0xac, "i64.extend_i32_s", IMM_NONE),
    OP(0xad, "i64.extend_i32_u", IMM_NONE),
    OP(0xae, "i64.trunc_f32_s", IMM_NONE),
    OP(0xaf, "i64.trunc_f32_u", IMM_NONE),
    OP(0xb0, "i64.trunc_f64_s", IMM_NONE),
    OP(0xb1, "i64.trunc_f64_u", IMM_NONE),
    OP(0xb2, "f32.convert_i32_s", IMM_NONE),
    OP(0xb3, "f32.convert_i32_u", IMM_NONE),
    OP(0xb4, "f32.convert_i64_s", IMM_NONE),
    OP(0xb5, "f32.convert_i64_u", IMM_NONE),
    OP(0xb6, "f32.demote_f64", IMM_NONE),
    OP(0xb7, "f64.convert_i32_s", IMM_NONE),
    OP(0xb8, "f64.convert_i32_u", IMM_NONE),
    OP(0xb9, "f64.convert_i64_s", IMM_NONE),
    OP(0xba, "f64.convert_i64_u", IMM_NONE),
    OP(0xbb, "f64.promote_f32", IMM_NONE),
    OP(0xbc, "i32.reinterpret_f32", IMM_NONE),
    OP(0xbd, "i64.reinterpret_f64", IMM_NONE),
    OP(0xbe, "f32.reinterpret_i32", IMM_NONE),
    OP(0xbf, "f64.reinterpret_i64", IMM_NONE),
    OP(0xc0, "i32.extend8_s", IMM_NONE),
    OP(0xc1, "i32.extend16_s", IMM_NONE),
    OP(0xc2, "i64.extend8_s", IMM_NONE),
    OP(0xc3, "i64.extend16_s", IMM_NONE),
    OP(0xc4, "i64.extend32_s", IMM_NONE),
    OP(0xd0, "ref.null", IMM_REFTYPE),
    OP(0xd1, "ref.is_null", IMM_NONE),
    OP(0xd2, "ref.func", IMM_INDEX),
};

/* 0xFC prefix: saturating truncation, bulk memory, table instructions. */
static const op_info fc_ops[] = {
    OP(0, "i32.trunc_sat_f32_s", IMM_NONE),
    OP(1, "i32.trunc_sat_f32_u", IMM_NONE),
    OP(2, "i32.trunc_sat_f64_s", IMM_NONE),
    OP(3, "i32.trunc_sat_f64_u", IMM_NONE),
    OP(4, "i64.trunc_sat_f32_s", IMM_NONE),
    OP(5, "i64.trunc_sat_f32_u", IMM_NONE),
    OP(6, "i64.trunc_sat_f64_s", IMM_NONE),
    OP(7, "i64.trunc_sat_f64_u", IMM_NONE),
    OP(8, "memory.init", IMM_INDEX2),   /* data, memory */
    OP(9, "data.drop", IMM_INDEX),
    OP(10, "memory.copy", IMM_INDEX2),  /* destination, source */
    OP(11, "memory.fill", IMM_INDEX),
    OP(12, "table.init", IMM_INDEX2),   /* elem, table */
    OP(13, "elem.drop", IMM_INDEX),
    OP(14, "table.copy", IMM_INDEX2),   /* destination, source */
    OP(15, "table.grow", IMM_INDEX),
    OP(16, "table.size", IMM_INDEX),
    OP(17, "table.fill", IMM_INDEX),
};

/* 0xFD prefix: 128-bit SIMD (relaxed SIMD, from 0x100 on, is not included). */
static const op_info fd_ops[256] = {
    OP(0x00, "v128.load", IMM_MEMARG),
    OP(0x01, "v128.load8x8_s", IMM_MEMARG),
    OP(0x02, "v128.load8x8_u", IMM_MEMARG),
    OP(0x03, "v128.load16x4_s", IMM_MEMARG),
    OP(0x04, "v128.load16x4_u", IMM_MEMARG),
    OP(0x05, "v128.load32x2_s", IMM_MEMARG),
    OP(0x06, "v128.load32x2_u", IMM_MEMARG),
    OP(0x07, "v128.load8_splat", IMM_MEMARG),
    OP(0x08, "v128.load16_splat", IMM_MEMARG),
    OP(0x09, "v128.load32_splat", IMM_MEMARG),
    OP(0x0a, "v128.load64_splat", IMM_MEMARG),
    OP(0x0b, "v128.store", IMM_MEMARG),
    OP(0x0c, "v128.const", IMM_V128),
    OP(0x0d, "i8x16.shuffle", IMM_SHUFFLE),
    OP(0x0e, "i8x16.swizzle", IMM_NONE),
    OP(0x0f, "i8x16.splat", IMM_NONE),
    OP(0x10, "i16x8.splat", IMM_NONE),
    OP(0x11, "i32x4.splat", IMM_NONE),
    OP(0x12, "i64x2.splat", IMM_NONE),
    OP(0x13, "f32x4.splat", IMM_NONE),
    OP(0x14, "f64x2.splat", IMM_NONE),
    OP(0x15, "i8x16.extract_lane_s", IMM_LANE),
    OP(0x16, "i8x16.extract_lane_u", IMM_LANE),
    OP(0x17, "i8x16.replace_lane", IMM_LANE),
    OP(0x18, "i16x8.extract_lane_s", IMM_LANE),
    OP(0x19, "i16x8.extract_lane_u", IMM_LANE),
    OP(0x1a, "i16x8.replace_lane", IMM_LANE),
    OP(0x1b, "i32x4.extract_lane", IMM_LANE),
    OP(0x1c, "i32x4.replace_lane", IMM_LANE),
    OP(0x1d, "i64x2.extract_lane", IMM_LANE),
    OP(0x1e, "i64x2.replace_lane", IMM_LANE),
    OP(0x1f, "f32x4.extract_lane", IMM_LANE),
    OP(0x20, "f32x4.replace_lane", IMM_LANE),
    OP(0x21, "f64x2.extract_lane", IMM_LANE),
    OP(0x22, "f64x2.replace_lane", IMM_LANE),
    OP(0x23, "i8x16.eq", IMM_NONE),
    OP(0x24, "i8x16.ne", IMM_NONE),
    OP(0x25, "i8x16.lt_s", IMM_NONE),
    OP(0x26, "i8x16.lt_u", IMM_NONE),
    OP(0x27, "i8x16.gt_s", IMM_NONE),
    OP(0x28, "i8x16.gt_u", IMM_NONE),
    OP(0x29, "i8x16.le_s", IMM_NONE),
    OP(0x2a, "i8x16.le_u", IMM_NONE),
    OP(0x2b, "i8x16.ge_s", IMM_NONE),
    OP(0x2c, "i8x16.ge_u", IMM_NONE),
    OP(0x2d, "i16x8.eq", IMM_NONE),
    OP(0x2e, "i16x8.ne", IMM_NONE),
    OP(0x2f, "i16x8.lt_s", IMM_NONE),
    OP(0x30, "i16x8.lt_u", IMM_NONE),
    OP(0x31, "i16x8.gt_s", IMM_NONE),
    OP(0x32, "i16x8.gt_u", IMM_NONE),
    OP(0x33, "i16x8.le_s", IMM_NONE),
    OP(0x34, "i16x8.le_u", IMM_NONE),
    OP(0x35, "i16x8.ge_s", IMM_NONE),
    OP(0x36, "i16x8.ge_u", IMM_NONE),
    OP(0x37, "i32x4.eq", IMM_NONE),
    OP(0x38, "i32x4.ne", IMM_NONE),
    OP(0x39, "i32x4.lt_s", IMM_NONE),
    OP(0x3a, "i32x4.lt_u", IMM_NONE),
    OP(0x3b, "i32x4.gt_s", IMM_NONE),
    OP(0x3c, "i32x4.gt_u", IMM_NONE),
    OP(0x3d, "i32x4.le_s", IMM_NONE),
    OP(0x3e, "i32x4.le_u", IMM_NONE),
    OP(0x3f, "i32x4.ge_s", IMM_NONE),
    OP(0x40, "i32x4.ge_u", IMM_NONE),
    OP(0x41, "f32x4.eq", IMM_NONE),
    OP(0x42, "f32x4.ne", IMM_NONE),
    OP(0x43, "f32x4.lt", IMM_NONE),
    OP(0x44, "f32x4.gt", IMM_NONE),
    OP(0x45, "f32x4.le", IMM_NONE),
    OP(0x46, "f32x4.ge", IMM_NONE),
    OP(0x47, "f64x2.eq", IMM_NONE),
    OP(0x48, "f64x2.ne", IMM_NONE),
    OP(0x49, "f64x2.lt", IMM_NONE),
    OP(0x4a, "f64x2.gt", IMM_NONE),
    OP(0x4b, "f64x2.le", IMM_NONE),
    OP(0x4c, "f64x2.ge", IMM_NONE),
    OP(0x4d, "v128.not", IMM_NONE),
    OP(0x4e, "v128.and", IMM_NONE),
    OP(0x4f, "v128.andnot", IMM_NONE),
    OP(0x50, "v128.or", IMM_NONE),
    OP(0x51, "v128.xor", IMM_NONE),
    OP(0x52, "v128.bitselect", IMM_NONE),
    OP(0x53, "v128.any_true", IMM_NONE),
    OP(0x54, "v128.load8_lane", IMM_MEMARG_LANE),
    OP(0x55, "v128.load16_lane", IMM_MEMARG_LANE),
    OP(0x56, "v128.load32_lane", IMM_MEMARG_LANE),
    OP(0x57, "v128.load64_lane", IMM_MEMARG_LANE),
    OP(0x58, "v128.store8_lane", IMM_MEMARG_LANE),
    OP(0x59, "v128.store16_lane", IMM_MEMARG_LANE),
    OP(0x5a, "v128.store32_lane", IMM_MEMARG_LANE),
    OP(0x5b, "v128.store64_lane", IMM_MEMARG_LANE),
    OP(0x5c, "v128.load32_zero", IMM_MEMARG),
    OP(0x5d, "v128.load64_zero", IMM_MEMARG),
    OP(0x5e, "f32x4.demote_f64x2_zero", IMM_NONE),
    OP(0x5f, "f64x2.promote_low_f32x4", IMM_NONE),
    OP(0x60, "i8x16.abs", IMM_NONE),
    OP(0x61, "i8x16.neg", IMM_NONE),
    OP(0x62, "i8x16.popcnt", IMM_NONE),
    OP(0x63, "i8x16.all_true", IMM_NONE),
    OP(0x64, "i8x16.bitmask", IMM_NONE),
    OP(0x65, "i8x16.narrow_i16x8_s", IMM_NONE),
    OP(0x66, "i8x16.narrow_i16x8_u", IMM_NONE),
    OP(0x67, "f32x4.ceil", IMM_NONE),
    OP(0x68, "f32x4.floor", IMM_NONE),
    OP(0x69, "f32x4.trunc", IMM_NONE),
    OP(0x6a, "f32x4.nearest", IMM_NONE),
    OP(0x6b, "i8x16.shl", IMM_NONE),
    OP(0x6c, "i8x16.shr_s", IMM_NONE),
    OP(0x6d, "i8x16.shr_u", IMM_NONE),
    OP(0x6e, "i8x16.add", IMM_NONE),
    OP(0x6f, "i8x16.add_sat_s", IMM_NONE),
    OP(0x70, "i8x16.add_sat_u", IMM_NONE),
    OP(0x71, "i8x16.sub", IMM_NONE),
    OP(0x72, "i8x16.sub_sat_s", IMM_NONE),
    OP(0x73, "i8x16.sub_sat_u", IMM_NONE),
    OP(0x74, "f64x2.ceil", IMM_NONE),
    OP(0x75, "f64x2.floor", IMM_NONE),
    OP(0x76, "i8x16.min_s", IMM_NONE),
    OP(0x77, "i8x16.min_u", IMM_NONE),
    OP(0x78, "i8x16.max_s", IMM_NONE),
    OP(0x79, "i8x16.max_u", IMM_NONE),
    OP(0x7a, "f64x2.trunc", IMM_NONE),
    OP(0x7b, "i8x16.avgr_u", IMM_NONE),
    OP(0x7c, "i16x8.extadd_pairwise_i8x16_s", IMM_NONE),
    OP(0x7d, "i16x8.extadd_pairwise_i8x16_u", IMM_NONE),
    OP(0x7e, "i32x4.extadd_pairwise_i16x8_s", IMM_NONE),
    OP(0x7f, "i32x4.extadd_pairwise_i16x8_u", IMM_NONE),
    OP(0x80, "i16x8.abs", IMM_NONE),
    OP(0x81, "i16x8.neg", IMM_NONE),
    OP(0x82, "i16x8.q15mulr_sat_s", IMM_NONE),
    OP(0x83, "i16x8.all_true", IMM_NONE),
    OP(0x84, "i16x8.bitmask", IMM_NONE),
    OP(0x85, "i16x8.narrow_i32x4_s", IMM_NONE),
    OP(0x86, "i16x8.narrow_i32x4_u", IMM_NONE),
    OP(0x87, "i16x8.extend_low_i8x16_s", IMM_NONE),
    OP(0x88, "i16x8.extend_high_i8x16_s", IMM_NONE),
    OP(0x89, "i16x8.extend_low_i8x16_u", IMM_NONE),
    OP(0x8a, "i16x8.extend_high_i8x16_u", IMM_NONE),
    OP(0x8b, "i16x8.shl", IMM_NONE),
    OP(0x8c, "i16x8.shr_s", IMM_NONE),
    OP(0x8d, "i16x8.shr_u", IMM_NONE),
    OP(0x8e, "i16x8.add", IMM_NONE),
    OP(0x8f, "i16x8.add_sat_s", IMM_NONE),
    OP(0x90, "i16x8.add_sat_u", IMM_NONE),
    OP(0x91, "i16x8.sub", IMM_NONE),
    OP(0x92, "i16x8.sub_sat_s", IMM_NONE),
    OP(0x93, "i16x8.sub_sat_u", IMM_NONE),
    OP(0x94, "f64x2.nearest", IMM_NONE),
    OP(0x95, "i16x8.mul", IMM_NONE),
    OP(0x96, "i16x8.min_s", IMM_NONE),
    OP(0x97, "i16x8.min_u", IMM_NONE),
    OP(0x98, "i16x8.max_s", IMM_NONE),
    OP(0x99, "i16x8.max_u", IMM_NONE),
    OP(0x9b, "i16x8.avgr_u", IMM_NONE),
    OP(0x9c, "i16x8.extmul_low_i8x16_s", IMM_NONE),
    OP(0x9d, "i16x8.extmul_high_i8x16_s", IMM_NONE),
    OP(0x9e, "i16x8.extmul_low_i8x16_u", IMM_NONE),
    OP(0x9f, "i16x8.extmul_high_i8x16_u", IMM_NONE),
    OP(0xa0, "i32x4.abs", IMM_NONE),
    OP(0xa1, "i32x4.neg", IMM_NONE),
    OP(0xa3, "i32x4.all_true", IMM_NONE),
    OP(0xa4, "i32x4.bitmask", IMM_NONE),
    OP(0xa7, "i32x4.extend_low_i16x8_s", IMM_NONE),
    OP(0xa8, "i32x4.extend_high_i16x8_s", IMM_NONE),
    OP(0xa9, "i32x4.extend_low_i16x8_u", IMM_NONE),
    OP(0xaa, "i32x4.extend_high_i16x8_u", IMM_NONE),
    OP(0xab, "i32x4.shl", IMM_NONE),
    OP(0xac, "i32x4.shr_s", IMM_NONE),
    OP(0xad, "i32x4.shr_u", IMM_NONE),
    OP(0xae, "i32x4.add", IMM_NONE),
    OP(0xb1, "i32x4.sub", IMM_NONE),
    OP(0xb5, "i32x4.mul", IMM_NONE),
    OP(0xb6, "i32x4.min_s", IMM_NONE),
    OP(0xb7, "i32x4.min_u", IMM_NONE),
    OP(0xb8, "i32x4.max_s", IMM_NONE),
    OP(0xb9, "i32x4.max_u", IMM_NONE),
    OP(0xba, "i32x4.dot_i16x8_s", IMM_NONE),
    OP(0xbc, "i32x4.extmul_low_i16x8_s", IMM_NONE),
    OP(0xbd, "i32x4.extmul_high_i16x8_s", IMM_NONE),
    OP(0xbe, "i32x4.extmul_low_i16x8_u", IMM_NONE),
    OP(0xbf, "i32x4.extmul_high_i16x8_u", IMM_NONE),
    OP(0xc0, "i64x2.abs", IMM_NONE),
    OP(0xc1, "i64x2.neg", IMM_NONE),
    OP(0xc3, "i64x2.all_true", IMM_NONE),
    OP(0xc4, "i64x2.bitmask", IMM_NONE),
    OP(0xc7, "i64x2.extend_low_i32x4_s", IMM_NONE),
    OP(0xc8, "i64x2.extend_high_i32x4_s", IMM_NONE),
    OP(0xc9, "i64x2.extend_low_i32x4_u", IMM_NONE),
    OP(0xca, "i64x2.extend_high_i32x4_u", IMM_NONE),
    OP(0xcb, "i64x2.shl", IMM_NONE),
    OP(0xcc, "i64x2.shr_s", IMM_NONE),
    OP(0xcd, "i64x2.shr_u", IMM_NONE),
    OP(0xce, "i64x2.add", IMM_NONE),
    OP(0xd1, "i64x2.sub", IMM_NONE),
    OP(0xd5, "i64x2.mul", IMM_NONE),
    OP(0xd6, "i64x2.eq", IMM_NONE),
    OP(0xd7, "i64x2.ne", IMM_NONE),
    OP(0xd8, "i64x2.lt_s", IMM_NONE),
    OP(0xd9, "i64x2.gt_s", IMM_NONE),
    OP(0xda, "i64x2.le_s", IMM_NONE),
    OP(0xdb, "i64x2.ge_s", IMM_NONE),
    OP(0xdc, "i64x2.extmul_low_i32x4_s", IMM_NONE),
    OP(0xdd, "i64x2.extmul_high_i32x4_s", IMM_NONE),
    OP(0xde, "i64x2.extmul_low_i32x4_u", IMM_NONE),
    OP(0xdf, "i64x2.extmul_high_i32x4_u", IMM_NONE),
    OP(0xe0, "f32x4.abs", IMM_NONE),
    OP(0xe1, "f32x4.neg", IMM_NONE),
    OP(0xe3, "f32x4.sqrt", IMM_NONE),
    OP(0xe4, "f32x4.add", IMM_NONE),
    OP(0xe5, "f32x4.sub", IMM_NONE),
    OP(0xe6, "f32x4.mul", IMM_NONE),
    OP(0xe7, "f32x4.div", IMM_NONE),
    OP(0xe8, "f32x4.min", IMM_NONE),
    OP(0xe9, "f32x4.max", IMM_NONE),
    OP(0xea, "f32x4.pmin", IMM_NONE),
    OP(0xeb, "f32x4.pmax", IMM_NONE),
    OP(0xec, "f64x2.abs", IMM_NONE),
    OP(0xed, "f64x2.neg", IMM_NONE),
    OP(0xef, "f64x2.sqrt", IMM_NONE),
    OP(0xf0, "f64x2.add", IMM_NONE),
    OP(0xf1, "f64x2.sub", IMM_NONE),
    OP(0xf2, "f64x2.mul", IMM_NONE),
    OP(0xf3, "f64x2.div", IMM_NONE),
    OP(0xf4, "f64x2.min", IMM_NONE),
    OP(0xf5, "f64x2.max", IMM_NONE),
    OP(0xf6, "f64x2.pmin", IMM_NONE),
    OP(0xf7, "f64x2.pmax", IMM_NONE),
    OP(0xf8, "i32x4.trunc_sat_f32x4_s", IMM_NONE),
    OP(0xf9, "i32x4.trunc_sat_f32x4_u", IMM_NONE),
    OP(0xfa, "f32x4.convert_i32x4_s", IMM_NONE),
    OP(0xfb, "f32x4.convert_i32x4_u", IMM_NONE),
    OP(0xfc, "i32x4.trunc_sat_f64x2_s_zero", IMM_NONE),
    OP(0xfd, "i32x4.trunc_sat_f64x2_u_zero", IMM_NONE),
    OP(0xfe, "f64x2.convert_low_i32x4_s", IMM_NONE),
    OP(0xff, "f64x2.convert_low_i32x4_u", IMM_NONE),
};

#undef OP

static const op_info *lookup(uint32_t op)
{
    uint32_t prefix = op >> 16, sub = op & 0xffff;
    const op_info *info = NULL;
    if (op < 0x100 && op != 0xfc && op != 0xfd)
        info = &single_ops[op];
    else if (prefix == 0xfc && sub < sizeof fc_ops / sizeof fc_ops[0])
        info = &fc_ops[sub];
    else if (prefix == 0xfd && sub < 0x100)
        info = &fd_ops[sub];
    return info && info->imm != IMM_ILLEGAL ? info : NULL;
}

enum insn_imm insn_imm_kind(uint32_t op)
{
    const op_info *info = lookup(op);
    return info ? (enum insn_imm)info->imm : IMM_ILLEGAL;
}

const char *insn_name(uint32_t op)
{
    const op_info *info = lookup(op);
    return info ? info->name : NULL;
}

/* blocktype: 0x40, a value type byte, or a non-negative s33 type index. */
static bool read_blocktype(rd *r, insn *out)
{
    uint8_t b;
    if (!rd_peek(r, &b))
        return false;
    if (b == INSN_BLOCK_EMPTY || core_is_valtype(b)) {
        r->p++;
        out->blocktype = b;
        return true;
    }
    size_t at = rd_offset(r);
    int64_t v;
    if (!rd_s33(r, &v))
        return false;
    if (v < 0)
        return rd_fail_at(r, at, "malformed value type");
    out->blocktype_is_index = true;
    out->blocktype = (uint32_t)v;
    return true;
}

/* memarg: alignment flags (bit 6: a memory index follows), then offset.
 * Bits above 6, or an alignment exponent of 32 or more, cannot be
 * represented: the spec tests call those malformed, not invalid. */
static bool read_memarg(rd *r, insn_memarg *m)
{
    size_t at = rd_offset(r);
    if (!rd_u32(r, &m->align))
        return false;
    if (m->align >= 0x80 || (m->align & 0x3f) >= 32)
        return rd_fail_at(r, at, "malformed memop flags");
    if (m->align & 0x40) {
        m->align &= ~(uint32_t)0x40;
        m->memory_explicit = true;
        if (!rd_u32(r, &m->memory))
            return false;
    }
    uint32_t offset;
    if (!rd_u32(r, &offset))
        return false;
    m->offset = offset;
    return true;
}

static bool read_br_table(rd *r, insn *out)
{
    if (!rd_count(r, &out->target_count, 1))
        return false;
    out->targets = r->p;
    for (uint32_t i = 0; i < out->target_count; i++) {
        uint32_t label;
        if (!rd_u32(r, &label))
            return false;
    }
    return rd_u32(r, &out->idx);
}

static bool read_catch(rd *r, insn_catch *c)
{
    size_t at = rd_offset(r);
    if (!rd_byte(r, &c->kind))
        return false;
    if (c->kind > INSN_CATCH_ALL_REF)
        return rd_fail_at(r, at, "malformed catch clause 0x%02x", c->kind);
    c->tag = 0;
    if (c->kind <= INSN_CATCH_REF && !rd_u32(r, &c->tag))
        return false;
    return rd_u32(r, &c->label);
}

static bool read_try_table(rd *r, insn *out)
{
    if (!read_blocktype(r, out) || !rd_count(r, &out->catch_count, 2))
        return false;
    out->catches = r->p;
    for (uint32_t i = 0; i < out->catch_count; i++) {
        insn_catch c;
        if (!read_catch(r, &c))
            return false;
    }
    return true;
}

static bool read_select_types(rd *r, insn *out)
{
    if (!rd_count(r, &out->select_count, 1))
        return false;
    for (uint32_t i = 0; i < out->select_count; i++) {
        uint8_t t;
        if (!rd_byte(r, &t))
            return false;
        if (!core_is_valtype(t))
            return rd_fail_at(r, rd_offset(r) - 1, "malformed value type");
        if (i == 0)
            out->select_type = t;
    }
    return true;
}

static bool read_immediates(rd *r, const op_info *info, insn *out)
{
    const uint8_t *bytes;
    switch (info->imm) {
    case IMM_NONE:
        return true;
    case IMM_BLOCK:
        return read_blocktype(r, out);
    case IMM_INDEX:
        return rd_u32(r, &out->idx);
    case IMM_INDEX2:
        return rd_u32(r, &out->idx) && rd_u32(r, &out->idx2);
    case IMM_BR_TABLE:
        return read_br_table(r, out);
    case IMM_MEMARG:
        return read_memarg(r, &out->mem);
    case IMM_MEMARG_LANE:
        return read_memarg(r, &out->mem) && rd_byte(r, &out->lane);
    case IMM_LANE:
        return rd_byte(r, &out->lane);
    case IMM_I32: {
        int32_t v;
        if (!rd_s32(r, &v))
            return false;
        out->i64 = v;
        return true;
    }
    case IMM_I64:
        return rd_s64(r, &out->i64);
    case IMM_F32:
        return rd_f32(r, &out->f32);
    case IMM_F64:
        return rd_f64(r, &out->f64);
    case IMM_V128:
    case IMM_SHUFFLE:
        if (!rd_bytes(r, 16, &bytes))
            return false;
        memcpy(out->v128, bytes, 16);
        return true;
    case IMM_REFTYPE:
        if (!rd_byte(r, &out->reftype))
            return false;
        if (out->reftype != COMP_FUNCREF && out->reftype != COMP_EXTERNREF &&
            out->reftype != COMP_EXNREF)
            return rd_fail_at(r, rd_offset(r) - 1, "malformed reference type");
        return true;
    case IMM_SELECT_T:
        return read_select_types(r, out);
    case IMM_TRY_TABLE:
        return read_try_table(r, out);
    default:
        return rd_fail(r, "illegal opcode");
    }
}

/* Field by field: compilers turn a memset of the whole struct into
 * `rep stos`, whose start-up cost was over half of validation time. */
static void insn_clear(insn *out)
{
    out->blocktype_is_index = false;
    out->blocktype = 0;
    out->idx = out->idx2 = 0;
    out->mem = (insn_memarg){0};
    out->lane = 0;
    out->i64 = 0;
    out->f32 = 0;
    out->f64 = 0;
    memset(out->v128, 0, sizeof out->v128);
    out->reftype = 0;
    out->select_count = 0;
    out->select_type = 0;
    out->target_count = out->catch_count = 0;
    out->targets = out->catches = NULL;
}

bool insn_decode(rd *r, insn *out)
{
    insn_clear(out);
    out->offset = rd_offset(r);
    uint8_t b;
    if (!rd_byte(r, &b))
        return false;
    uint32_t op = b;
    if (b == 0xfc || b == 0xfd) {
        uint32_t sub;
        if (!rd_u32(r, &sub))
            return false;
        op = sub <= 0xffff ? INSN_PREFIXED(b, sub) : 0xffffffffu;
    }
    const op_info *info = lookup(op);
    if (!info)
        return rd_fail_at(r, out->offset, "illegal opcode");
    out->op = op;
    return read_immediates(r, info, out);
}

void insn_targets_begin(const insn *in, const rd *from, insn_targets *it)
{
    it->r = *from;
    it->r.rec = NULL;
    it->r.p = in->targets;
    it->left = in->target_count;
}

bool insn_targets_next(insn_targets *it, uint32_t *label)
{
    if (it->left == 0)
        return false;
    it->left--;
    return rd_u32(&it->r, label);
}

void insn_catches_begin(const insn *in, const rd *from, insn_targets *it)
{
    it->r = *from;
    it->r.rec = NULL;
    it->r.p = in->catches;
    it->left = in->catch_count;
}

bool insn_catches_next(insn_targets *it, insn_catch *out)
{
    if (it->left == 0)
        return false;
    it->left--;
    return read_catch(&it->r, out);
}

bool insn_skip_expr(rd *r, comp_expr *out)
{
    hint_recorder *saved = r->rec;
    r->rec = NULL; /* raw code: its LEB128s are not hints */
    const uint8_t *start = r->p;
    size_t depth = 0;
    bool ok;
    for (;;) {
        insn in;
        ok = insn_decode(r, &in);
        if (!ok)
            break;
        if (in.op == 0x02 || in.op == 0x03 || in.op == 0x04 || in.op == 0x1f) {
            depth++;
        } else if (in.op == 0x0b) {
            if (depth == 0)
                break;
            depth--;
        }
    }
    r->rec = saved;
    if (!ok)
        return false;
    out->code = start;
    out->len = (uint32_t)(r->p - start);
    out->offset = (size_t)(start - r->base);
    return true;
}
