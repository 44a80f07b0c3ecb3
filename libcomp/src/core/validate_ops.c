/* The typing table of the core instructions whose typing follows from the
 * opcode alone (plus memarg and lane checks): operand types, result type,
 * natural alignment and lane count. Everything else (control, variables,
 * calls, references, tables, bulk memory) is typed in validate_code.c. */
#include "core/validate.h"

#define I32 COMP_I32
#define I64 COMP_I64
#define F32 COMP_F32
#define F64 COMP_F64
#define V128 COMP_V128
#define ADDR VT_ADDR

#define CONST(r) {OPK_PLAIN, 0, {0, 0, 0}, r, 0, 0}
#define UN(p, r) {OPK_PLAIN, 1, {p, 0, 0}, r, 0, 0}
#define BIN(p, r) {OPK_PLAIN, 2, {p, p, 0}, r, 0, 0}
#define LOAD(r, align) {OPK_MEM, 1, {ADDR, 0, 0}, r, align, 0}
#define STORE(p, align) {OPK_MEM, 2, {ADDR, p, 0}, 0, align, 0}

static const op_sig one_byte[256] = {
    [0x28] = LOAD(I32, 2), /* i32.load */
    [0x29] = LOAD(I64, 3), /* i64.load */
    [0x2a] = LOAD(F32, 2), /* f32.load */
    [0x2b] = LOAD(F64, 3), /* f64.load */
    [0x2c] = LOAD(I32, 0), /* i32.load8_s */
    [0x2d] = LOAD(I32, 0), /* i32.load8_u */
    [0x2e] = LOAD(I32, 1), /* i32.load16_s */
    [0x2f] = LOAD(I32, 1), /* i32.load16_u */
    [0x30] = LOAD(I64, 0), /* i64.load8_s */
    [0x31] = LOAD(I64, 0), /* i64.load8_u */
    [0x32] = LOAD(I64, 1), /* i64.load16_s */
    [0x33] = LOAD(I64, 1), /* i64.load16_u */
    [0x34] = LOAD(I64, 2), /* i64.load32_s */
    [0x35] = LOAD(I64, 2), /* i64.load32_u */
    [0x36] = STORE(I32, 2), /* i32.store */
    [0x37] = STORE(I64, 3), /* i64.store */
    [0x38] = STORE(F32, 2), /* f32.store */
    [0x39] = STORE(F64, 3), /* f64.store */
    [0x3a] = STORE(I32, 0), /* i32.store8 */
    [0x3b] = STORE(I32, 1), /* i32.store16 */
    [0x3c] = STORE(I64, 0), /* i64.store8 */
    [0x3d] = STORE(I64, 1), /* i64.store16 */
    [0x3e] = STORE(I64, 2), /* i64.store32 */
    [0x41] = CONST(I32), /* i32.const */
    [0x42] = CONST(I64), /* i64.const */
    [0x43] = CONST(F32), /* f32.const */
    [0x44] = CONST(F64), /* f64.const */
    [0x45] = UN(I32, I32), /* i32.eqz */
    [0x46] = BIN(I32, I32), /* i32.eq */
    [0x47] = BIN(I32, I32), /* i32.ne */
    [0x48] = BIN(I32, I32), /* i32.lt_s */
    [0x49] = BIN(I32, I32), /* i32.lt_u */
    [0x4a] = BIN(I32, I32), /* i32.gt_s */
    [0x4b] = BIN(I32, I32), /* i32.gt_u */
    [0x4c] = BIN(I32, I32), /* i32.le_s */
    [0x4d] = BIN(I32, I32), /* i32.le_u */
    [0x4e] = BIN(I32, I32), /* i32.ge_s */
    [0x4f] = BIN(I32, I32), /* i32.ge_u */
    [0x50] = UN(I64, I32), /* i64.eqz */
    [0x51] = BIN(I64, I32), /* i64.eq */
    [0x52] = BIN(I64, I32), /* i64.ne */
    [0x53] = BIN(I64, I32), /* i64.lt_s */
    [0x54] = BIN(I64, I32), /* i64.lt_u */
    [0x55] = BIN(I64, I32), /* i64.gt_s */
    [0x56] = BIN(I64, I32), /* i64.gt_u */
    [0x57] = BIN(I64, I32), /* i64.le_s */
    [0x58] = BIN(I64, I32), /* i64.le_u */
    [0x59] = BIN(I64, I32), /* i64.ge_s */
    [0x5a] = BIN(I64, I32), /* i64.ge_u */
    [0x5b] = BIN(F32, I32), /* f32.eq */
    [0x5c] = BIN(F32, I32), /* f32.ne */
    [0x5d] = BIN(F32, I32), /* f32.lt */
    [0x5e] = BIN(F32, I32), /* f32.gt */
    [0x5f] = BIN(F32, I32), /* f32.le */
    [0x60] = BIN(F32, I32), /* f32.ge */
    [0x61] = BIN(F64, I32), /* f64.eq */
    [0x62] = BIN(F64, I32), /* f64.ne */
    [0x63] = BIN(F64, I32), /* f64.lt */
    [0x64] = BIN(F64, I32), /* f64.gt */
    [0x65] = BIN(F64, I32), /* f64.le */
    [0x66] = BIN(F64, I32), /* f64.ge */
    [0x67] = UN(I32, I32), /* i32.clz */
    [0x68] = UN(I32, I32), /* i32.ctz */
    [0x69] = UN(I32, I32), /* i32.popcnt */
    [0x6a] = BIN(I32, I32), /* i32.add */
    [0x6b] = BIN(I32, I32), /* i32.sub */
    [0x6c] = BIN(I32, I32), /* i32.mul */
    [0x6d] = BIN(I32, I32), /* i32.div_s */
    [0x6e] = BIN(I32, I32), /* i32.div_u */
    [0x6f] = BIN(I32, I32), /* i32.rem_s */
    [0x70] = BIN(I32, I32), /* i32.rem_u */
    [0x71] = BIN(I32, I32), /* i32.and */
    [0x72] = BIN(I32, I32), /* i32.or */
    [0x73] = BIN(I32, I32), /* i32.xor */
    [0x74] = BIN(I32, I32), /* i32.shl */
    [0x75] = BIN(I32, I32), /* i32.shr_s */
    [0x76] = BIN(I32, I32), /* i32.shr_u */
    [0x77] = BIN(I32, I32), /* i32.rotl */
    [0x78] = BIN(I32, I32), /* i32.rotr */
    [0x79] = UN(I64, I64), /* i64.clz */
    [0x7a] = UN(I64, I64), /* i64.ctz */
    [0x7b] = UN(I64, I64), /* i64.popcnt */
    [0x7c] = BIN(I64, I64), /* i64.add */
    [0x7d] = BIN(I64, I64), /* i64.sub */
    [0x7e] = BIN(I64, I64), /* i64.mul */
    [0x7f] = BIN(I64, I64), /* i64.div_s */
    [0x80] = BIN(I64, I64), /* i64.div_u */
    [0x81] = BIN(I64, I64), /* i64.rem_s */
    [0x82] = BIN(I64, I64), /* i64.rem_u */
    [0x83] = BIN(I64, I64), /* i64.and */
    [0x84] = BIN(I64, I64), /* i64.or */
    [0x85] = BIN(I64, I64), /* i64.xor */
    [0x86] = BIN(I64, I64), /* i64.shl */
    [0x87] = BIN(I64, I64), /* i64.shr_s */
    [0x88] = BIN(I64, I64), /* i64.shr_u */
    [0x89] = BIN(I64, I64), /* i64.rotl */
    [0x8a] = BIN(I64, I64), /* i64.rotr */
    [0x8b] = UN(F32, F32), /* f32.abs */
    [0x8c] = UN(F32, F32), /* f32.neg */
    [0x8d] = UN(F32, F32), /* f32.ceil */
    [0x8e] = UN(F32, F32), /* f32.floor */
    [0x8f] = UN(F32, F32), /* f32.trunc */
    [0x90] = UN(F32, F32), /* f32.nearest */
    [0x91] = UN(F32, F32), /* f32.sqrt */
    [0x92] = BIN(F32, F32), /* f32.add */
    [0x93] = BIN(F32, F32), /* f32.sub */
    [0x94] = BIN(F32, F32), /* f32.mul */
    [0x95] = BIN(F32, F32), /* f32.div */
    [0x96] = BIN(F32, F32), /* f32.min */
    [0x97] = BIN(F32, F32), /* f32.max */
    [0x98] = BIN(F32, F32), /* f32.copysign */
    [0x99] = UN(F64, F64), /* f64.abs */
    [0x9a] = UN(F64, F64), /* f64.neg */
    [0x9b] = UN(F64, F64), /* f64.ceil */
    [0x9c] = UN(F64, F64), /* f64.floor */
    [0x9d] = UN(F64, F64), /* f64.trunc */
    [0x9e] = UN(F64, F64), /* f64.nearest */
    [0x9f] = UN(F64, F64), /* f64.sqrt */
    [0xa0] = BIN(F64, F64), /* f64.add */
    [0xa1] = BIN(F64, F64), /* f64.sub */
    [0xa2] = BIN(F64, F64), /* f64.mul */
    [0xa3] = BIN(F64, F64), /* f64.div */
    [0xa4] = BIN(F64, F64), /* f64.min */
    [0xa5] = BIN(F64, F64), /* f64.max */
    [0xa6] = BIN(F64, F64), /* f64.copysign */
    [0xa7] = UN(I64, I32), /* i32.wrap_i64 */
    [0xa8] = UN(F32, I32), /* i32.trunc_f32_s */
    [0xa9] = UN(F32, I32), /* i32.trunc_f32_u */
    [0xaa] = UN(F64, I32), /* i32.trunc_f64_s */
    [0xab] = UN(F64, I32), /* i32.trunc_f64_u */
    [0xac] = UN(I32, I64), /* i64.extend_i32_s */
    [0xad] = UN(I32, I64), /* i64.extend_i32_u */
    [0xae] = UN(F32, I64), /* i64.trunc_f32_s */
    [0xaf] = UN(F32, I64), /* i64.trunc_f32_u */
    [0xb0] = UN(F64, I64), /* i64.trunc_f64_s */
    [0xb1] = UN(F64, I64), /* i64.trunc_f64_u */
    [0xb2] = UN(I32, F32), /* f32.convert_i32_s */
    [0xb3] = UN(I32, F32), /* f32.convert_i32_u */
    [0xb4] = UN(I64, F32), /* f32.convert_i64_s */
    [0xb5] = UN(I64, F32), /* f32.convert_i64_u */
    [0xb6] = UN(F64, F32), /* f32.demote_f64 */
    [0xb7] = UN(I32, F64), /* f64.convert_i32_s */
    [0xb8] = UN(I32, F64), /* f64.convert_i32_u */
    [0xb9] = UN(I64, F64), /* f64.convert_i64_s */
    [0xba] = UN(I64, F64), /* f64.convert_i64_u */
    [0xbb] = UN(F32, F64), /* f64.promote_f32 */
    [0xbc] = UN(F32, I32), /* i32.reinterpret_f32 */
    [0xbd] = UN(F64, I64), /* i64.reinterpret_f64 */
    [0xbe] = UN(I32, F32), /* f32.reinterpret_i32 */
    [0xbf] = UN(I64, F64), /* f64.reinterpret_i64 */
    [0xc0] = UN(I32, I32), /* i32.extend8_s */
    [0xc1] = UN(I32, I32), /* i32.extend16_s */
    [0xc2] = UN(I64, I64), /* i64.extend8_s */
    [0xc3] = UN(I64, I64), /* i64.extend16_s */
    [0xc4] = UN(I64, I64), /* i64.extend32_s */
};

/* 0xfc prefix: saturating truncations. The bulk memory and table
 * instructions that share the prefix are typed in validate_code.c. */
static const op_sig prefix_fc[8] = {
    [0] = UN(F32, I32), /* i32.trunc_sat_f32_s */
    [1] = UN(F32, I32), /* i32.trunc_sat_f32_u */
    [2] = UN(F64, I32), /* i32.trunc_sat_f64_s */
    [3] = UN(F64, I32), /* i32.trunc_sat_f64_u */
    [4] = UN(F32, I64), /* i64.trunc_sat_f32_s */
    [5] = UN(F32, I64), /* i64.trunc_sat_f32_u */
    [6] = UN(F64, I64), /* i64.trunc_sat_f64_s */
    [7] = UN(F64, I64), /* i64.trunc_sat_f64_u */
};

#define V_LOAD(align) LOAD(V128, align)
#define V_STORE(align) STORE(V128, align)
#define V_UN UN(V128, V128)
#define V_BIN BIN(V128, V128)
#define V_TERN {OPK_PLAIN, 3, {V128, V128, V128}, V128, 0, 0}
#define V_TEST UN(V128, I32)
#define V_SHIFT {OPK_PLAIN, 2, {V128, I32, 0}, V128, 0, 0}
#define V_SPLAT(p) UN(p, V128)
#define V_EXTRACT(r, lanes) {OPK_LANE, 1, {V128, 0, 0}, r, 0, lanes}
#define V_REPLACE(p, lanes) {OPK_LANE, 2, {V128, p, 0}, V128, 0, lanes}
#define V_LOAD_LANE(align, lanes) {OPK_MEM_LANE, 2, {ADDR, V128, 0}, V128, align, lanes}
#define V_STORE_LANE(align, lanes) {OPK_MEM_LANE, 2, {ADDR, V128, 0}, 0, align, lanes}
#define V_SHUFFLE {OPK_SHUFFLE, 2, {V128, V128, 0}, V128, 0, 32}

/* 0xfd prefix: 128-bit SIMD. Gaps are unassigned opcodes. */
static const op_sig prefix_fd[256] = {
    [0] = V_LOAD(4), /* v128.load */
    [1] = V_LOAD(3), /* v128.load8x8_s */
    [2] = V_LOAD(3), /* v128.load8x8_u */
    [3] = V_LOAD(3), /* v128.load16x4_s */
    [4] = V_LOAD(3), /* v128.load16x4_u */
    [5] = V_LOAD(3), /* v128.load32x2_s */
    [6] = V_LOAD(3), /* v128.load32x2_u */
    [7] = V_LOAD(0), /* v128.load8_splat */
    [8] = V_LOAD(1), /* v128.load16_splat */
    [9] = V_LOAD(2), /* v128.load32_splat */
    [10] = V_LOAD(3), /* v128.load64_splat */
    [11] = V_STORE(4), /* v128.store */
    [12] = CONST(V128), /* v128.const */
    [13] = V_SHUFFLE, /* i8x16.shuffle */
    [14] = V_BIN, /* i8x16.swizzle */
    [15] = V_SPLAT(I32), /* i8x16.splat */
    [16] = V_SPLAT(I32), /* i16x8.splat */
    [17] = V_SPLAT(I32), /* i32x4.splat */
    [18] = V_SPLAT(I64), /* i64x2.splat */
    [19] = V_SPLAT(F32), /* f32x4.splat */
    [20] = V_SPLAT(F64), /* f64x2.splat */
    [21] = V_EXTRACT(I32, 16), /* i8x16.extract_lane_s */
    [22] = V_EXTRACT(I32, 16), /* i8x16.extract_lane_u */
    [23] = V_REPLACE(I32, 16), /* i8x16.replace_lane */
    [24] = V_EXTRACT(I32, 8), /* i16x8.extract_lane_s */
    [25] = V_EXTRACT(I32, 8), /* i16x8.extract_lane_u */
    [26] = V_REPLACE(I32, 8), /* i16x8.replace_lane */
    [27] = V_EXTRACT(I32, 4), /* i32x4.extract_lane */
    [28] = V_REPLACE(I32, 4), /* i32x4.replace_lane */
    [29] = V_EXTRACT(I64, 2), /* i64x2.extract_lane */
    [30] = V_REPLACE(I64, 2), /* i64x2.replace_lane */
    [31] = V_EXTRACT(F32, 4), /* f32x4.extract_lane */
    [32] = V_REPLACE(F32, 4), /* f32x4.replace_lane */
    [33] = V_EXTRACT(F64, 2), /* f64x2.extract_lane */
    [34] = V_REPLACE(F64, 2), /* f64x2.replace_lane */
    [35] = V_BIN, /* i8x16.eq */
    [36] = V_BIN, /* i8x16.ne */
    [37] = V_BIN, /* i8x16.lt_s */
    [38] = V_BIN, /* i8x16.lt_u */
    [39] = V_BIN, /* i8x16.gt_s */
    [40] = V_BIN, /* i8x16.gt_u */
    [41] = V_BIN, /* i8x16.le_s */
    [42] = V_BIN, /* i8x16.le_u */
    [43] = V_BIN, /* i8x16.ge_s */
    [44] = V_BIN, /* i8x16.ge_u */
    [45] = V_BIN, /* i16x8.eq */
    [46] = V_BIN, /* i16x8.ne */
    [47] = V_BIN, /* i16x8.lt_s */
    [48] = V_BIN, /* i16x8.lt_u */
    [49] = V_BIN, /* i16x8.gt_s */
    [50] = V_BIN, /* i16x8.gt_u */
    [51] = V_BIN, /* i16x8.le_s */
    [52] = V_BIN, /* i16x8.le_u */
    [53] = V_BIN, /* i16x8.ge_s */
    [54] = V_BIN, /* i16x8.ge_u */
    [55] = V_BIN, /* i32x4.eq */
    [56] = V_BIN, /* i32x4.ne */
    [57] = V_BIN, /* i32x4.lt_s */
    [58] = V_BIN, /* i32x4.lt_u */
    [59] = V_BIN, /* i32x4.gt_s */
    [60] = V_BIN, /* i32x4.gt_u */
    [61] = V_BIN, /* i32x4.le_s */
    [62] = V_BIN, /* i32x4.le_u */
    [63] = V_BIN, /* i32x4.ge_s */
    [64] = V_BIN, /* i32x4.ge_u */
    [65] = V_BIN, /* f32x4.eq */
    [66] = V_BIN, /* f32x4.ne */
    [67] = V_BIN, /* f32x4.lt */
    [68] = V_BIN, /* f32x4.gt */
    [69] = V_BIN, /* f32x4.le */
    [70] = V_BIN, /* f32x4.ge */
    [71] = V_BIN, /* f64x2.eq */
    [72] = V_BIN, /* f64x2.ne */
    [73] = V_BIN, /* f64x2.lt */
    [74] = V_BIN, /* f64x2.gt */
    [75] = V_BIN, /* f64x2.le */
    [76] = V_BIN, /* f64x2.ge */
    [77] = V_UN, /* v128.not */
    [78] = V_BIN, /* v128.and */
    [79] = V_BIN, /* v128.andnot */
    [80] = V_BIN, /* v128.or */
    [81] = V_BIN, /* v128.xor */
    [82] = V_TERN, /* v128.bitselect */
    [83] = V_TEST, /* v128.any_true */
    [84] = V_LOAD_LANE(0, 16), /* v128.load8_lane */
    [85] = V_LOAD_LANE(1, 8), /* v128.load16_lane */
    [86] = V_LOAD_LANE(2, 4), /* v128.load32_lane */
    [87] = V_LOAD_LANE(3, 2), /* v128.load64_lane */
    [88] = V_STORE_LANE(0, 16), /* v128.store8_lane */
    [89] = V_STORE_LANE(1, 8), /* v128.store16_lane */
    [90] = V_STORE_LANE(2, 4), /* v128.store32_lane */
    [91] = V_STORE_LANE(3, 2), /* v128.store64_lane */
    [92] = V_LOAD(2), /* v128.load32_zero */
    [93] = V_LOAD(3), /* v128.load64_zero */
    [94] = V_UN, /* f32x4.demote_f64x2_zero */
    [95] = V_UN, /* f64x2.promote_low_f32x4 */
    [96] = V_UN, /* i8x16.abs */
    [97] = V_UN, /* i8x16.neg */
    [98] = V_UN, /* i8x16.popcnt */
    [99] = V_TEST, /* i8x16.all_true */
    [100] = V_TEST, /* i8x16.bitmask */
    [101] = V_BIN, /* i8x16.narrow_i16x8_s */
    [102] = V_BIN, /* i8x16.narrow_i16x8_u */
    [103] = V_UN, /* f32x4.ceil */
    [104] = V_UN, /* f32x4.floor */
    [105] = V_UN, /* f32x4.trunc */
    [106] = V_UN, /* f32x4.nearest */
    [107] = V_SHIFT, /* i8x16.shl */
    [108] = V_SHIFT, /* i8x16.shr_s */
    [109] = V_SHIFT, /* i8x16.shr_u */
    [110] = V_BIN, /* i8x16.add */
    [111] = V_BIN, /* i8x16.add_sat_s */
    [112] = V_BIN, /* i8x16.add_sat_u */
    [113] = V_BIN, /* i8x16.sub */
    [114] = V_BIN, /* i8x16.sub_sat_s */
    [115] = V_BIN, /* i8x16.sub_sat_u */
    [116] = V_UN, /* f64x2.ceil */
    [117] = V_UN, /* f64x2.floor */
    [118] = V_BIN, /* i8x16.min_s */
    [119] = V_BIN, /* i8x16.min_u */
    [120] = V_BIN, /* i8x16.max_s */
    [121] = V_BIN, /* i8x16.max_u */
    [122] = V_UN, /* f64x2.trunc */
    [123] = V_BIN, /* i8x16.avgr_u */
    [124] = V_UN, /* i16x8.extadd_pairwise_i8x16_s */
    [125] = V_UN, /* i16x8.extadd_pairwise_i8x16_u */
    [126] = V_UN, /* i32x4.extadd_pairwise_i16x8_s */
    [127] = V_UN, /* i32x4.extadd_pairwise_i16x8_u */
    [128] = V_UN, /* i16x8.abs */
    [129] = V_UN, /* i16x8.neg */
    [130] = V_BIN, /* i16x8.q15mulr_sat_s */
    [131] = V_TEST, /* i16x8.all_true */
    [132] = V_TEST, /* i16x8.bitmask */
    [133] = V_BIN, /* i16x8.narrow_i32x4_s */
    [134] = V_BIN, /* i16x8.narrow_i32x4_u */
    [135] = V_UN, /* i16x8.extend_low_i8x16_s */
    [136] = V_UN, /* i16x8.extend_high_i8x16_s */
    [137] = V_UN, /* i16x8.extend_low_i8x16_u */
    [138] = V_UN, /* i16x8.extend_high_i8x16_u */
    [139] = V_SHIFT, /* i16x8.shl */
    [140] = V_SHIFT, /* i16x8.shr_s */
    [141] = V_SHIFT, /* i16x8.shr_u */
    [142] = V_BIN, /* i16x8.add */
    [143] = V_BIN, /* i16x8.add_sat_s */
    [144] = V_BIN, /* i16x8.add_sat_u */
    [145] = V_BIN, /* i16x8.sub */
    [146] = V_BIN, /* i16x8.sub_sat_s */
    [147] = V_BIN, /* i16x8.sub_sat_u */
    [148] = V_UN, /* f64x2.nearest */
    [149] = V_BIN, /* i16x8.mul */
    [150] = V_BIN, /* i16x8.min_s */
    [151] = V_BIN, /* i16x8.min_u */
    [152] = V_BIN, /* i16x8.max_s */
    [153] = V_BIN, /* i16x8.max_u */
    [155] = V_BIN, /* i16x8.avgr_u */
    [156] = V_BIN, /* i16x8.extmul_low_i8x16_s */
    [157] = V_BIN, /* i16x8.extmul_high_i8x16_s */
    [158] = V_BIN, /* i16x8.extmul_low_i8x16_u */
    [159] = V_BIN, /* i16x8.extmul_high_i8x16_u */
    [160] = V_UN, /* i32x4.abs */
    [161] = V_UN, /* i32x4.neg */
    [163] = V_TEST, /* i32x4.all_true */
    [164] = V_TEST, /* i32x4.bitmask */
    [167] = V_UN, /* i32x4.extend_low_i16x8_s */
    [168] = V_UN, /* i32x4.extend_high_i16x8_s */
    [169] = V_UN, /* i32x4.extend_low_i16x8_u */
    [170] = V_UN, /* i32x4.extend_high_i16x8_u */
    [171] = V_SHIFT, /* i32x4.shl */
    [172] = V_SHIFT, /* i32x4.shr_s */
    [173] = V_SHIFT, /* i32x4.shr_u */
    [174] = V_BIN, /* i32x4.add */
    [177] = V_BIN, /* i32x4.sub */
    [181] = V_BIN, /* i32x4.mul */
    [182] = V_BIN, /* i32x4.min_s */
    [183] = V_BIN, /* i32x4.min_u */
    [184] = V_BIN, /* i32x4.max_s */
    [185] = V_BIN, /* i32x4.max_u */
    [186] = V_BIN, /* i32x4.dot_i16x8_s */
    [188] = V_BIN, /* i32x4.extmul_low_i16x8_s */
    [189] = V_BIN, /* i32x4.extmul_high_i16x8_s */
    [190] = V_BIN, /* i32x4.extmul_low_i16x8_u */
    [191] = V_BIN, /* i32x4.extmul_high_i16x8_u */
    [192] = V_UN, /* i64x2.abs */
    [193] = V_UN, /* i64x2.neg */
    [195] = V_TEST, /* i64x2.all_true */
    [196] = V_TEST, /* i64x2.bitmask */
    [199] = V_UN, /* i64x2.extend_low_i32x4_s */
    [200] = V_UN, /* i64x2.extend_high_i32x4_s */
    [201] = V_UN, /* i64x2.extend_low_i32x4_u */
    [202] = V_UN, /* i64x2.extend_high_i32x4_u */
    [203] = V_SHIFT, /* i64x2.shl */
    [204] = V_SHIFT, /* i64x2.shr_s */
    [205] = V_SHIFT, /* i64x2.shr_u */
    [206] = V_BIN, /* i64x2.add */
    [209] = V_BIN, /* i64x2.sub */
    [213] = V_BIN, /* i64x2.mul */
    [214] = V_BIN, /* i64x2.eq */
    [215] = V_BIN, /* i64x2.ne */
    [216] = V_BIN, /* i64x2.lt_s */
    [217] = V_BIN, /* i64x2.gt_s */
    [218] = V_BIN, /* i64x2.le_s */
    [219] = V_BIN, /* i64x2.ge_s */
    [220] = V_BIN, /* i64x2.extmul_low_i32x4_s */
    [221] = V_BIN, /* i64x2.extmul_high_i32x4_s */
    [222] = V_BIN, /* i64x2.extmul_low_i32x4_u */
    [223] = V_BIN, /* i64x2.extmul_high_i32x4_u */
    [224] = V_UN, /* f32x4.abs */
    [225] = V_UN, /* f32x4.neg */
    [227] = V_UN, /* f32x4.sqrt */
    [228] = V_BIN, /* f32x4.add */
    [229] = V_BIN, /* f32x4.sub */
    [230] = V_BIN, /* f32x4.mul */
    [231] = V_BIN, /* f32x4.div */
    [232] = V_BIN, /* f32x4.min */
    [233] = V_BIN, /* f32x4.max */
    [234] = V_BIN, /* f32x4.pmin */
    [235] = V_BIN, /* f32x4.pmax */
    [236] = V_UN, /* f64x2.abs */
    [237] = V_UN, /* f64x2.neg */
    [239] = V_UN, /* f64x2.sqrt */
    [240] = V_BIN, /* f64x2.add */
    [241] = V_BIN, /* f64x2.sub */
    [242] = V_BIN, /* f64x2.mul */
    [243] = V_BIN, /* f64x2.div */
    [244] = V_BIN, /* f64x2.min */
    [245] = V_BIN, /* f64x2.max */
    [246] = V_BIN, /* f64x2.pmin */
    [247] = V_BIN, /* f64x2.pmax */
    [248] = V_UN, /* i32x4.trunc_sat_f32x4_s */
    [249] = V_UN, /* i32x4.trunc_sat_f32x4_u */
    [250] = V_UN, /* f32x4.convert_i32x4_s */
    [251] = V_UN, /* f32x4.convert_i32x4_u */
    [252] = V_UN, /* i32x4.trunc_sat_f64x2_s_zero */
    [253] = V_UN, /* i32x4.trunc_sat_f64x2_u_zero */
    [254] = V_UN, /* f64x2.convert_low_i32x4_s */
    [255] = V_UN, /* f64x2.convert_low_i32x4_u */
};

const op_sig *op_sig_of(uint32_t op)
{
    const op_sig *row = NULL;
    uint32_t sub = op & 0xffff;
    if (op < 0x100)
        row = &one_byte[op];
    else if (op >> 16 == 0xfc && sub < sizeof prefix_fc / sizeof prefix_fc[0])
        row = &prefix_fc[sub];
    else if (op >> 16 == 0xfd && sub < sizeof prefix_fd / sizeof prefix_fd[0])
        row = &prefix_fd[sub];
    return row && row->kind != OPK_NONE ? row : NULL;
}
