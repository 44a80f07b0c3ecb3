/* Pairing: two (or three) instructions that often run one after the other
 * become one dispatch. The pass runs over finished code (opcode numbers) and only
 * rewrites the first instruction's opcode: its paired handler reads the
 * second instruction's operands where they already are and skips its
 * handler cell, so no cell moves and no branch target changes. A branch to
 * the second instruction still lands on its own handler and runs it alone.
 * When a second half traps, its handler first points pc at it, so the trap
 * is located at that instruction. */
#include "core/translate.h"

/* first_cells: the first instruction's cells, handler included; link: the
 * bit set of the second instruction's operand cells that must be the first
 * one's destination (RT_CHAIN_LIST), 0 for none. Chained rows come first. */
static const struct {
    enum rt_op first, second, paired;
    uint32_t first_cells, link;
} pairs[] = {
#define CHAIN_ROW(X, a, na, b, nb, k) {OP_##a, OP_##b, OP_##a##__##b##__k##k, (na) + 1, k},
    RT_CHAIN_LIST(CHAIN_ROW, _)
#undef CHAIN_ROW
    {OP_i32_add_ri, OP_i32_add_ri, OP_i32_add_ri2, 4, 0},
    {OP_f64_add_to_mem, OP_i32_add_ri, OP_f64_add_to_mem_add_ri, 4, 0},
    {OP_copy2_64, OP_copy2_64, OP_copy4_64, 5, 0},
    {OP_i32_add_ri, OP_br_if_i32_add_ri, OP_i32_add_ri_br_if_add_ri, 4, 0},
    {OP_i32_rotl_ri, OP_i32_xor_rotl_ri, OP_i32_rotl_ri_xor_rotl_ri, 4, 0},
    {OP_i32_add, OP_i32_add, OP_i32_add2, 4, 0},
    {OP_i32_load, OP_i32_load, OP_i32_load2, 4, 0},
    {OP_i32_store, OP_i32_store, OP_i32_store2, 4, 0},
    {OP_i32_load, OP_i32_store, OP_i32_load_store, 4, 0},
    {OP_i32_add_ri, OP_br_if, OP_i32_add_ri_br_if, 4, 0},
    {OP_i32_add_ri, OP_br_if_i32_ne, OP_i32_add_ri_br_if_i32_ne, 4, 0},
    {OP_i32_add_ri, OP_br_if_i32_lt_u, OP_i32_add_ri_br_if_i32_lt_u, 4, 0},
    {OP_i32_add_ri, OP_br_if_i32_ge_u, OP_i32_add_ri_br_if_i32_ge_u, 4, 0},
    {OP_i32_add_ri, OP_br_if_i32_lt_s, OP_i32_add_ri_br_if_i32_lt_s, 4, 0},
    {OP_i32_add, OP_br_if_i32_lt_u, OP_i32_add_br_if_i32_lt_u, 4, 0},
    {OP_f64_load, OP_f64_load, OP_f64_load2, 4, 0},
    {OP_f64_add, OP_f64_store, OP_f64_add_store, 4, 0},
    {OP_f64_sub, OP_f64_store, OP_f64_sub_store, 4, 0},
    {OP_f64_load, OP_f64_mul_ri, OP_f64_load_mul_ri, 4, 0},
#define PAIR_ROW(X, a, na, b, nb) {OP_##a, OP_##b, OP_##a##__##b, (na) + 1, 0},
    RT_PAIR_LIST(PAIR_ROW, _)
#undef PAIR_ROW
};

/* Three in a row (tried before the pairs): cells[j] is instruction j's
 * cell count; link[j] names the operand cell of instruction j + 1 (counted
 * from its handler cell) that must be instruction j's destination (cell 1)
 * so that the handler may pass that value on in a register, or 0. */
static const struct {
    enum rt_op ops[3], combined;
    uint32_t cells[2], link[2];
} triples[] = {
    {{OP_i32_rotl_ri, OP_i32_xor_rotl_ri, OP_i32_xor_rotl_ri},
     OP_i32_rotl_ri_xor_rotl_ri2, {4, 5}, {2, 2}},
    {{OP_i32_rotl_ri, OP_i32_xor_rotl_ri, OP_i32_xor_shr_u_ri},
     OP_i32_rotl_ri_xor_rotl_ri_xor_shr_u_ri, {4, 5}, {2, 2}},
    /* mem += a * mem2, then a counter step (a daxpy loop, unrolled) */
    {{OP_f64_mul_m, OP_f64_add_to_mem, OP_i32_add_ri},
     OP_f64_mul_m_add_to_mem_add_ri, {5, 4}, {1, 0}},
    {{OP_f64_mul_mai, OP_f64_add_to_mem, OP_i32_add_ri},
     OP_f64_mul_mai_add_to_mem_add_ri, {6, 4}, {1, 0}},
};

/* The combined opcode for the three instructions at map entries i.. */
static enum rt_op triple_op(const tr *t, uint32_t i)
{
    if (i + 2 >= t->map_count)
        return OP_COUNT_;
    uint32_t at[3] = {t->map[i].cell, t->map[i + 1].cell, t->map[i + 2].cell};
    for (size_t k = 0; k < sizeof triples / sizeof triples[0]; k++) {
        bool same = true;
        for (int j = 0; same && j < 3; j++)
            same = (enum rt_op)t->cells[at[j]].op == triples[k].ops[j];
        for (int j = 0; same && j < 2; j++) {
            uint32_t link = triples[k].link[j];
            same = at[j + 1] == at[j] + triples[k].cells[j] &&
                   (link == 0 || t->cells[at[j + 1] + link].u == t->cells[at[j] + 1].u);
        }
        if (same)
            return triples[k].combined;
    }
    return OP_COUNT_;
}

/* Whether the second instruction (at `next`) reads the first one's
 * destination (at + 1) in every operand cell of `link`. */
static bool linked(const tr *t, uint32_t at, uint32_t next, uint32_t link)
{
    for (uint32_t i = 0; link >> i; i++)
        if ((link >> i & 1) && t->cells[next + 1 + i].u != t->cells[at + 1].u)
            return false;
    return true;
}

static enum rt_op paired_op(const tr *t, uint32_t at, uint32_t next)
{
    enum rt_op a = (enum rt_op)t->cells[at].op, b = (enum rt_op)t->cells[next].op;
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
        if (pairs[i].first == a && pairs[i].second == b && next == at + pairs[i].first_cells &&
            linked(t, at, next, pairs[i].link))
            return pairs[i].paired;
    return OP_COUNT_;
}

void tr_pair_ops(tr *t)
{
    if (t->oom)
        return;
    for (uint32_t i = 0; i + 1 < t->map_count; i++) {
        uint32_t at = t->map[i].cell, next = t->map[i + 1].cell;
        enum rt_op triple = triple_op(t, i);
        if (triple != OP_COUNT_) {
            t->cells[at].op = (uintptr_t)triple;
            i += 2;
            continue;
        }
        enum rt_op paired = paired_op(t, at, next);
        if (paired == OP_COUNT_)
            continue;
        t->cells[at].op = (uintptr_t)paired;
        i++; /* the second half is taken */
    }
}
