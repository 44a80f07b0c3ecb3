#ifndef RT_CORE_OPS_H
#define RT_CORE_OPS_H

/* The interpreter's internal instruction set, as an X-macro list. The
 * numeric block (i32_eqz .. i64_extend32_s) and the memory block
 * (i32_load .. i64_store32) follow the order of the wasm opcodes so the
 * translator maps them by offset. */

#define RT_OPS_NUMERIC(X)                                                       \
    X(i32_eqz) X(i32_eq) X(i32_ne) X(i32_lt_s) X(i32_lt_u) X(i32_gt_s)          \
    X(i32_gt_u) X(i32_le_s) X(i32_le_u) X(i32_ge_s) X(i32_ge_u)                 \
    X(i64_eqz) X(i64_eq) X(i64_ne) X(i64_lt_s) X(i64_lt_u) X(i64_gt_s)          \
    X(i64_gt_u) X(i64_le_s) X(i64_le_u) X(i64_ge_s) X(i64_ge_u)                 \
    X(f32_eq) X(f32_ne) X(f32_lt) X(f32_gt) X(f32_le) X(f32_ge)                 \
    X(f64_eq) X(f64_ne) X(f64_lt) X(f64_gt) X(f64_le) X(f64_ge)                 \
    X(i32_clz) X(i32_ctz) X(i32_popcnt) X(i32_add) X(i32_sub) X(i32_mul)        \
    X(i32_div_s) X(i32_div_u) X(i32_rem_s) X(i32_rem_u) X(i32_and) X(i32_or)    \
    X(i32_xor) X(i32_shl) X(i32_shr_s) X(i32_shr_u) X(i32_rotl) X(i32_rotr)     \
    X(i64_clz) X(i64_ctz) X(i64_popcnt) X(i64_add) X(i64_sub) X(i64_mul)        \
    X(i64_div_s) X(i64_div_u) X(i64_rem_s) X(i64_rem_u) X(i64_and) X(i64_or)    \
    X(i64_xor) X(i64_shl) X(i64_shr_s) X(i64_shr_u) X(i64_rotl) X(i64_rotr)     \
    X(f32_abs) X(f32_neg) X(f32_ceil) X(f32_floor) X(f32_trunc) X(f32_nearest)  \
    X(f32_sqrt) X(f32_add) X(f32_sub) X(f32_mul) X(f32_div) X(f32_min)          \
    X(f32_max) X(f32_copysign)                                                  \
    X(f64_abs) X(f64_neg) X(f64_ceil) X(f64_floor) X(f64_trunc) X(f64_nearest)  \
    X(f64_sqrt) X(f64_add) X(f64_sub) X(f64_mul) X(f64_div) X(f64_min)          \
    X(f64_max) X(f64_copysign)                                                  \
    X(i32_wrap_i64) X(i32_trunc_f32_s) X(i32_trunc_f32_u) X(i32_trunc_f64_s)    \
    X(i32_trunc_f64_u) X(i64_extend_i32_s) X(i64_extend_i32_u)                  \
    X(i64_trunc_f32_s) X(i64_trunc_f32_u) X(i64_trunc_f64_s) X(i64_trunc_f64_u) \
    X(f32_convert_i32_s) X(f32_convert_i32_u) X(f32_convert_i64_s)              \
    X(f32_convert_i64_u) X(f32_demote_f64) X(f64_convert_i32_s)                 \
    X(f64_convert_i32_u) X(f64_convert_i64_s) X(f64_convert_i64_u)              \
    X(f64_promote_f32) X(i32_reinterpret_f32) X(i64_reinterpret_f64)            \
    X(f32_reinterpret_i32) X(f64_reinterpret_i64)                               \
    X(i32_extend8_s) X(i32_extend16_s) X(i64_extend8_s) X(i64_extend16_s)       \
    X(i64_extend32_s)

#define RT_OPS_SAT(X)                                                           \
    X(i32_trunc_sat_f32_s) X(i32_trunc_sat_f32_u) X(i32_trunc_sat_f64_s)        \
    X(i32_trunc_sat_f64_u) X(i64_trunc_sat_f32_s) X(i64_trunc_sat_f32_u)        \
    X(i64_trunc_sat_f64_s) X(i64_trunc_sat_f64_u)

#define RT_OPS_MEMORY(X)                                                        \
    X(i32_load) X(i64_load) X(f32_load) X(f64_load) X(i32_load8_s)              \
    X(i32_load8_u) X(i32_load16_s) X(i32_load16_u) X(i64_load8_s)               \
    X(i64_load8_u) X(i64_load16_s) X(i64_load16_u) X(i64_load32_s)              \
    X(i64_load32_u) X(i32_store) X(i64_store) X(f32_store) X(f64_store)         \
    X(i32_store8) X(i32_store16) X(i64_store8) X(i64_store16) X(i64_store32)

/* Memory accesses whose address is an i32.add folded in: _ai adds an
 * immediate, _aa a second slot (same order as RT_OPS_MEMORY). */
#define RT_OPS_MEMORY_AI(X)                                                    \
    X(i32_load_ai) X(i64_load_ai) X(f32_load_ai) X(f64_load_ai)                \
    X(i32_load8_s_ai) X(i32_load8_u_ai) X(i32_load16_s_ai) X(i32_load16_u_ai)  \
    X(i64_load8_s_ai) X(i64_load8_u_ai) X(i64_load16_s_ai) X(i64_load16_u_ai)  \
    X(i64_load32_s_ai) X(i64_load32_u_ai) X(i32_store_ai) X(i64_store_ai)      \
    X(f32_store_ai) X(f64_store_ai) X(i32_store8_ai) X(i32_store16_ai)         \
    X(i64_store8_ai) X(i64_store16_ai) X(i64_store32_ai)

#define RT_OPS_MEMORY_AA(X)                                                    \
    X(i32_load_aa) X(i64_load_aa) X(f32_load_aa) X(f64_load_aa)                \
    X(i32_load8_s_aa) X(i32_load8_u_aa) X(i32_load16_s_aa) X(i32_load16_u_aa)  \
    X(i64_load8_s_aa) X(i64_load8_u_aa) X(i64_load16_s_aa) X(i64_load16_u_aa)  \
    X(i64_load32_s_aa) X(i64_load32_u_aa) X(i32_store_aa) X(i64_store_aa)      \
    X(f32_store_aa) X(f64_store_aa) X(i32_store8_aa) X(i32_store16_aa)         \
    X(i64_store8_aa) X(i64_store16_aa) X(i64_store32_aa)

/* The same with a scaled index folded in: the address is
 * ((x << k) + imm) wrapped to 32 bits, from an i32_shl_add_ri. */
#define RT_OPS_MEMORY_SI(X)                                                    \
    X(i32_load_si) X(i64_load_si) X(f32_load_si) X(f64_load_si)                \
    X(i32_load8_s_si) X(i32_load8_u_si) X(i32_load16_s_si) X(i32_load16_u_si)  \
    X(i64_load8_s_si) X(i64_load8_u_si) X(i64_load16_s_si) X(i64_load16_u_si)  \
    X(i64_load32_s_si) X(i64_load32_u_si) X(i32_store_si) X(i64_store_si)      \
    X(f32_store_si) X(f64_store_si) X(i32_store8_si) X(i32_store16_si)         \
    X(i64_store8_si) X(i64_store16_si) X(i64_store32_si)

/* Stores of a constant: _k addr value offset, _aik addr imm value offset
 * (address addr + imm, wrapping); the value is an immediate (its bits). */
#define RT_OPS_STORE_K(X)                                                      \
    X(i32_store_k) X(i64_store_k) X(f32_store_k) X(f64_store_k)                \
    X(i32_store8_k) X(i32_store16_k) X(i64_store8_k) X(i64_store16_k)          \
    X(i64_store32_k)                                                           \
    X(i32_store_aik) X(i64_store_aik) X(f32_store_aik) X(f64_store_aik)        \
    X(i32_store8_aik) X(i32_store16_aik) X(i64_store8_aik) X(i64_store16_aik)  \
    X(i64_store32_aik)

/* Binary operations that also exist with an immediate right operand
 * (name_ri), for `x op constant`; rsub computes `constant - x`. */
#define RT_OPS_RI(X)                                                            \
    X(i32_eq_ri) X(i32_ne_ri) X(i32_lt_s_ri) X(i32_lt_u_ri) X(i32_gt_s_ri)      \
    X(i32_gt_u_ri) X(i32_le_s_ri) X(i32_le_u_ri) X(i32_ge_s_ri) X(i32_ge_u_ri)  \
    X(i64_eq_ri) X(i64_ne_ri) X(i64_lt_s_ri) X(i64_lt_u_ri) X(i64_gt_s_ri)      \
    X(i64_gt_u_ri) X(i64_le_s_ri) X(i64_le_u_ri) X(i64_ge_s_ri) X(i64_ge_u_ri)  \
    X(i32_add_ri) X(i32_sub_ri) X(i32_mul_ri) X(i32_and_ri) X(i32_or_ri)        \
    X(i32_xor_ri) X(i32_shl_ri) X(i32_shr_s_ri) X(i32_shr_u_ri) X(i32_rotl_ri)  \
    X(i32_rotr_ri)                                                              \
    X(i64_add_ri) X(i64_sub_ri) X(i64_mul_ri) X(i64_and_ri) X(i64_or_ri)        \
    X(i64_xor_ri) X(i64_shl_ri) X(i64_shr_s_ri) X(i64_shr_u_ri) X(i64_rotl_ri)  \
    X(i64_rotr_ri) X(i32_rsub_ri) X(i64_rsub_ri)                                \
    X(f32_add_ri) X(f32_sub_ri) X(f32_mul_ri) X(f32_div_ri)                     \
    X(f64_add_ri) X(f64_sub_ri) X(f64_mul_ri) X(f64_div_ri)                     \
    X(f64_lt_ri) X(f64_gt_ri) X(f64_le_ri) X(f64_ge_ri)

/* Binary operations whose right operand is loaded from memory 0 (a plain
 * load just before, folded in): dst a addr offset. */
#define RT_OPS_LOAD_BIN(X)                                                      \
    X(i32_add_m) X(i32_sub_m) X(i32_mul_m) X(i32_and_m) X(i32_or_m)             \
    X(i32_xor_m) X(i64_add_m) X(i64_sub_m) X(i64_mul_m) X(i64_and_m)            \
    X(i64_or_m) X(i64_xor_m) X(f32_add_m) X(f32_sub_m) X(f32_mul_m)             \
    X(f32_div_m) X(f64_add_m) X(f64_sub_m) X(f64_mul_m) X(f64_div_m)

/* The same with the load's address an i32.add of an immediate folded in
 * (a load_ai just before): dst a addr imm offset. */
#define RT_OPS_LOAD_BIN_AI(X)                                                   \
    X(i32_add_mai) X(i32_sub_mai) X(i32_mul_mai) X(i32_and_mai) X(i32_or_mai)   \
    X(i32_xor_mai) X(i64_add_mai) X(i64_sub_mai) X(i64_mul_mai) X(i64_and_mai)  \
    X(i64_or_mai) X(i64_xor_mai) X(f32_add_mai) X(f32_sub_mai) X(f32_mul_mai)   \
    X(f32_div_mai) X(f64_add_mai) X(f64_sub_mai) X(f64_mul_mai) X(f64_div_mai)

/* i32 and f64 operations whose right operand is another operation
 * computed just before (folded in): name_inner is `a name (b inner c)`,
 * operands dst a b c (c an immediate for the _ri inner forms);
 * i32_shl_add_ri is `(x << k) + imm`: dst x k imm. */
#define RT_OPS_NESTED(X)                                                        \
    X(i32_xor_rotl_ri) X(i32_xor_shr_u_ri) X(i32_xor_and) X(i32_add_add)        \
    X(i32_add_and) X(i32_add_xor) X(i32_and_xor) X(i32_add_shl_ri)           \
    X(i32_shl_add_ri) X(f64_add_mul) X(f64_add_sub) X(f64_add_add)             \
    X(f64_sub_mul) X(f64_mul_add) X(f64_mul_sub) X(f64_mul_mul)

/* The _64 forms move 8 bytes instead of a whole slot: the translator uses
 * them in functions where no v128 value can exist.
 * Control, variables, references, tables, bulk memory and SIMD glue.
 * Operands are frame slot indices; immediates are listed in interp.c
 * beside each handler. */
#define RT_OPS_OTHER(X)                                                         \
    X(unreachable) X(br) X(br_if) X(br_unless) X(br_table)                     \
    X(return) X(call) X(call_indirect) X(select) X(copy) X(global_get)          \
    X(global_set) X(const32) X(const64) X(const128) X(ref_is_null)              \
    X(ref_func) X(table_get) X(table_set) X(table_size) X(table_grow)           \
    X(table_fill) X(table_copy) X(table_init) X(elem_drop) X(memory_size)       \
    X(memory_grow) X(memory_init) X(memory_copy) X(memory_fill) X(data_drop)    \
    X(use_mem)                                                                  \
    X(call_code) X(call_code64) X(copy64) X(copy2) X(copy2_64) X(select64) X(global_get64) X(global_set64) X(return64)          \
    X(return1) X(return1_64) X(return_imm) X(throw) X(throw_ref)                \
    X(simd_unary) X(simd_binary) X(simd_ternary) X(simd_shift) X(simd_test)     \
    X(v128_load) X(v128_store) X(v128_load_fn) X(v128_load_lane)                \
    X(v128_store_lane) X(simd_splat32) X(simd_splat64) X(simd_extract32)        \
    X(simd_extract64) X(simd_replace32) X(simd_replace64) X(simd_shuffle)       \
    X(br_if_i32_eqz) X(br_if_i32_eq) X(br_if_i32_ne) X(br_if_i32_lt_s)          \
    X(br_if_i32_lt_u) X(br_if_i32_gt_s) X(br_if_i32_gt_u) X(br_if_i32_le_s)     \
    X(br_if_i32_le_u) X(br_if_i32_ge_s) X(br_if_i32_ge_u)                       \
    X(br_if_i32_eq_ri) X(br_if_i32_ne_ri) X(br_if_i32_lt_s_ri)                  \
    X(br_if_i32_lt_u_ri) X(br_if_i32_gt_s_ri) X(br_if_i32_gt_u_ri)              \
    X(br_if_i32_le_s_ri) X(br_if_i32_le_u_ri) X(br_if_i32_ge_s_ri)              \
    X(br_if_i32_ge_u_ri) X(br_if_i32_add_ri) X(f64_add_to_mem)                 \
    X(br_if_f64_lt) X(br_if_f64_gt) X(br_if_f64_le) X(br_if_f64_ge)             \
    X(br_if_f64_lt_ri) X(br_if_f64_gt_ri) X(br_if_f64_le_ri) X(br_if_f64_ge_ri)

/* Two or three instructions in a row run by one handler
 * (translate_pairs.c): the first one's operands, the second one's (unused
 * here) handler cell, then the second one's operands, and so on, exactly as
 * they were laid out. */
#define RT_OPS_PAIRS(X)                                                         \
    X(i32_add_ri2) X(f64_add_to_mem_add_ri) X(copy4_64) X(i32_add_ri_br_if_add_ri) \
    X(i32_rotl_ri_xor_rotl_ri) X(i32_add2) X(i32_load2) X(i32_store2)            \
    X(i32_load_store) X(i32_add_ri_br_if) X(i32_add_ri_br_if_i32_ne)             \
    X(i32_add_ri_br_if_i32_lt_u) X(i32_add_ri_br_if_i32_ge_u)                    \
    X(i32_add_ri_br_if_i32_lt_s) X(i32_add_br_if_i32_lt_u) X(f64_load2)         \
    X(f64_add_store) X(f64_sub_store) X(f64_load_mul_ri)                         \
    X(i32_rotl_ri_xor_rotl_ri2) X(i32_rotl_ri_xor_rotl_ri_xor_shr_u_ri)          \
    X(f64_mul_m_add_to_mem_add_ri) X(f64_mul_mai_add_to_mem_add_ri)

/* More pairs, with handlers generated from the instructions' bodies
 * (op_bodies.h): P(X, first, its operand cells, second, its operand cells).
 * The opcode is first__second. */
#define RT_PAIR_LIST(P, X)                                                      \
    P(X, f64_add_sub, 4, f64_mul, 3) P(X, f64_mul_add, 4, f64_add, 3)            \
    P(X, f64_mul, 3, f64_add, 3) P(X, br_if_i32_gt_u_ri, 3, i32_add_ri, 3)       \
    P(X, copy64, 2, br_if_f64_le_ri, 3) P(X, i32_load8_u_ai, 4, br_if, 2)        \
    P(X, i32_add, 3, br_if_i32_ne_ri, 3) P(X, i32_load_si, 5, br_if, 2)          \
    P(X, i32_load, 3, i32_add_ri, 3) P(X, i32_store_ai, 4, i32_store_ai, 4)      \
    P(X, br_if, 2, const32, 2) P(X, const32, 2, const32, 2)                      \
    P(X, i32_shl_add_ri, 4, i32_load, 3) P(X, i32_sub, 3, i32_shr_u_ri, 3)       \
    P(X, i32_lt_u, 3, select64, 4) P(X, i32_add_ri, 3, i32_lt_s, 3)              \
    P(X, br_if_i32_lt_s_ri, 3, i32_add_ri, 3) P(X, f64_sub_mai, 5, f64_mul, 3)   \
    P(X, f64_mul_mul, 4, f64_sub, 3)     P(X, i32_and_ri, 3, i32_load8_u_ai, 4)  \
    P(X, i32_xor_ri, 3, i32_add_and, 4) P(X, i32_and_xor, 4, i32_xor_and, 4)     \
    P(X, i32_add_and, 4, i32_add_mai, 5) P(X, i32_store, 3, i32_shl_ri, 3)      \
    P(X, i32_xor, 3, i32_load_si, 5) P(X, br_if_i32_ne, 3, i32_load8_u_ai, 4)    \
    P(X, const32, 2, br, 1) P(X, i32_add_ri, 3, i32_load_si, 5)                  \
    P(X, i32_add, 3, i32_load8_u_ai, 4) P(X, i32_load8_u_ai, 4, br_if_i32_ne, 3) \
    P(X, i32_load8_u_aa, 4, i32_add, 3) P(X, i32_add, 3, i32_add_ri, 3)          \
    P(X, i32_ne, 3, i32_add, 3) P(X, select64, 4, br_if_i32_gt_u, 3)             \
    P(X, i32_add_ri, 3, select64, 4) P(X, i32_shl_ri, 3, i32_or_ri, 3)           \
    P(X, i32_add, 3, i32_load_si, 5) P(X, f64_store, 3, f64_load, 3)             \
    P(X, f64_load, 3, f64_mul_mul, 4) P(X, i32_add_ri, 3, br_if_i32_ne_ri, 3)    \
    P(X, i32_add_and, 4, i32_add, 3) P(X, i32_add, 3, i32_xor_ri, 3)              \
    P(X, const64, 2, f64_div, 3) P(X, i32_load_aa, 4, i32_add_ri, 3)             \
    P(X, copy2_64, 4, br, 1) P(X, br_if_i32_eq_ri, 3, i32_load_aa, 4)

#define RT_PAIR_NAME(X, a, na, b, nb) X(a##__##b)

/* Pairs on a dependency chain: P(X, first, its operand cells, second, its
 * operand cells, k), where bit i of k marks operand cell i of the second
 * instruction as the first one's destination (checked when pairing), so
 * that value is handed over in a register (a row whose k is a superset of
 * another's comes first). The opcode is first__second__kK. */
#define RT_CHAIN_LIST(P, X)                                                     \
    P(X, f64_add_sub, 4, f64_mul, 3, 6) P(X, f64_mul_add, 4, f64_add, 3, 2)      \
    P(X, f64_mul, 3, f64_add, 3, 4) P(X, f64_mul, 3, f64_add, 3, 2)              \
    P(X, f64_sub_mai, 5, f64_mul, 3, 6) P(X, f64_sub_mai, 5, f64_mul, 3, 4)      \
    P(X, f64_mul_mul, 4, f64_sub, 3, 4) P(X, i32_load_si, 5, br_if, 2, 1)        \
    P(X, i32_load8_u_ai, 4, br_if, 2, 1) P(X, i32_add_and, 4, i32_add, 3, 2)     \
    P(X, i32_xor_ri, 3, i32_add_and, 4, 8) P(X, i32_and_xor, 4, i32_xor_and, 4, 2) \
    P(X, i32_add, 3, br_if_i32_ne_ri, 3, 1) P(X, i32_sub, 3, i32_shr_u_ri, 3, 2) \
    P(X, i32_lt_u, 3, select64, 4, 8) P(X, i32_load8_u_ai, 4, br_if_i32_ne, 3, 1) \
    P(X, i32_load_si, 5, i32_load_si, 5, 2) P(X, i32_add, 3, i32_add_ri, 3, 2)   \
    P(X, i32_add, 3, i32_add, 3, 2) P(X, i32_add, 3, i32_add, 3, 4)              \
    P(X, f64_add_mul, 4, f64_add, 3, 4) P(X, f64_add, 3, f64_sqrt, 2, 2)         \
    P(X, f64_sqrt, 2, f64_mul, 3, 4) P(X, i32_add_mai, 5, i32_add, 3, 2)

#define RT_CHAIN_NAME(X, a, na, b, nb, k) X(a##__##b##__k##k)

#define RT_OPS(X) \
    RT_OPS_NUMERIC(X) RT_OPS_SAT(X) RT_OPS_MEMORY(X) RT_OPS_MEMORY_AI(X)       \
        RT_OPS_MEMORY_AA(X) RT_OPS_MEMORY_SI(X) RT_OPS_STORE_K(X) RT_OPS_RI(X) RT_OPS_LOAD_BIN(X) RT_OPS_LOAD_BIN_AI(X)  \
        RT_OPS_NESTED(X)  \
        RT_OPS_OTHER(X) RT_OPS_PAIRS(X) RT_PAIR_LIST(RT_PAIR_NAME, X) \
        RT_CHAIN_LIST(RT_CHAIN_NAME, X)

enum rt_op {
#define RT_OP_ENUM(name) OP_##name,
    RT_OPS(RT_OP_ENUM)
#undef RT_OP_ENUM
    OP_COUNT_
};

#endif
