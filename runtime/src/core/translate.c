/* Translation of one validated function body into register-style threaded
 * code: a flat array of cells (handler, then pre-decoded immediates) whose
 * operands are frame slots (as byte offsets). A frame is [locals | operands]:
 * the wasm operand at height h lives in slot local_count + h, so every
 * position is known statically and no stack pointer exists at run time.
 *
 * `local.get` and constants emit nothing: the translator keeps a virtual
 * stack saying where each operand really is (a stack slot, a local, or a
 * constant) and consumers read locals directly; constants become
 * immediates (the _ri forms) or are written to their slot when needed.
 * Virtual entries are made concrete ("materialized") before anything that
 * could change what they refer to (a local.set of that local) and at block
 * boundaries, where control-flow paths meet. A result that is immediately
 * stored with local.set is written straight to the local by retargeting the
 * producing instruction. Compare + br_if pairs fuse into one instruction.
 * Unreachable code is not emitted. */
#include <stdlib.h>
#include <string.h>

#include "core/translate.h"
#include "reader.h"

void tr_block_arity(const tr *t, const insn *in, uint32_t *np, uint32_t *nr)
{
    if (in->blocktype_is_index) {
        const comp_functype *ft = &t->m->types[in->blocktype];
        *np = ft->param_count;
        *nr = ft->result_count;
    } else {
        *np = 0;
        *nr = in->blocktype == INSN_BLOCK_EMPTY ? 0 : 1;
    }
}

bool tr_push_ctl(tr *t, uint8_t kind, uint32_t np, uint32_t nr)
{
    if (t->ctl_count >= MAX_CTL_DEPTH ||
        !tr_grow((void **)&t->ctls, &t->ctl_cap, t->ctl_count + 1, sizeof(ctl))) {
        t->oom = true;
        return false;
    }
    ctl *c = &t->ctls[t->ctl_count++];
    memset(c, 0, sizeof *c);
    c->kind = kind;
    c->height = t->height - np;
    c->nparams = np;
    c->nresults = nr;
    c->handler = TR_NONE;
    return true;
}

/* Emits the target of a branch to label `depth` (relative). */
void tr_branch_target(tr *t, uint32_t depth)
{
    ctl *c = &t->ctls[t->ctl_count - 1 - depth];
    if (c->kind == CTL_LOOP) {
        tr_put_target(t, c->loop_pc);
    } else {
        uint32_t here = t->count;
        tr_put_target(t, c->patch_head);
        c->patch_head = here + 1;
    }
}

static ctl *label(tr *t, uint32_t depth, uint32_t *arity)
{
    ctl *c = &t->ctls[t->ctl_count - 1 - depth];
    *arity = c->kind == CTL_LOOP ? c->nparams : c->nresults;
    return c;
}

/* Puts the top `arity` operands where label `c` expects them. Sources sit
 * above their destinations, so copying upwards never clobbers a source. */
static void move_to_label(tr *t, const ctl *c, uint32_t arity, size_t at)
{
    uint32_t base = t->height - arity;
    for (uint32_t i = 0; i < arity; i++)
        tr_move_to(t, base + i, tr_slot_at(t, c->height + i), at);
}

static bool in_place(const tr *t, const ctl *c, uint32_t arity)
{
    return t->height - arity == c->height;
}

/* Resolves a patch chain: every cell on it gets `pc`. */
static void patch_chain(tr *t, uint32_t head, uint32_t pc)
{
    while (head != NO_PATCH && !t->oom) {
        uint32_t at = head - 1;
        head = (uint32_t)t->cells[at].u;
        t->cells[at].u = pc;
    }
}

/* A label position: nothing before it may be retargeted or fused. */
void tr_mark_label(tr *t)
{
    t->last_op_cell = TR_NONE;
    t->last_dst_cell = TR_NONE;
    t->last_copy_cell = TR_NONE;
}

static void emit_return(tr *t, size_t at)
{
    uint32_t n = t->result_count;
    if (n == 1) {
        /* One result is read before anything is written: any slot will do. */
        const vop *v = &t->vs[t->height - 1];
        if (v->kind == V_CONST) {
            tr_op(t, OP_return_imm, at);
            tr_put_u(t, v->imm);
            return;
        }
        uint32_t src = tr_src_top(t, 0, at);
        tr_op(t, OP_return1, at);
        tr_put_slot(t, src);
        return;
    }
    /* Results first go to their own slots (they may be locals that the
     * final copy into slots 0.. would overwrite), then down to slot 0. */
    tr_materialize_top(t, n, at);
    tr_op(t, OP_return, at);
    tr_put_slot(t, tr_slot_at(t, t->height - n));
}

static bool mentions_v128(const comp_functype *ft)
{
    for (uint32_t i = 0; i < ft->param_count; i++)
        if (ft->params[i] == COMP_V128)
            return true;
    for (uint32_t i = 0; i < ft->result_count; i++)
        if (ft->results[i] == COMP_V128)
            return true;
    return false;
}

/* ---- plain instructions --------------------------------------------------------- */

static enum rt_op ri_form(uint32_t code)
{
    if (code >= 0x46 && code <= 0x4f)
        return (enum rt_op)(OP_i32_eq_ri + (code - 0x46));
    if (code >= 0x51 && code <= 0x5a)
        return (enum rt_op)(OP_i64_eq_ri + (code - 0x51));
    if (code >= 0x6a && code <= 0x6c)
        return (enum rt_op)(OP_i32_add_ri + (code - 0x6a));
    if (code >= 0x71 && code <= 0x78)
        return (enum rt_op)(OP_i32_and_ri + (code - 0x71));
    if (code >= 0x7c && code <= 0x7e)
        return (enum rt_op)(OP_i64_add_ri + (code - 0x7c));
    if (code >= 0x83 && code <= 0x8a)
        return (enum rt_op)(OP_i64_and_ri + (code - 0x83));
    if (code >= 0x92 && code <= 0x95)
        return (enum rt_op)(OP_f32_add_ri + (code - 0x92));
    if (code >= 0xa0 && code <= 0xa3)
        return (enum rt_op)(OP_f64_add_ri + (code - 0xa0));
    if (code >= 0x63 && code <= 0x66)
        return (enum rt_op)(OP_f64_lt_ri + (code - 0x63));
    return OP_COUNT_;
}

/* The _ri form computing `imm op x` for a constant left operand, if any. */
static enum rt_op commuted(uint32_t code, enum rt_op ri)
{
    switch (code) {
    case 0x46: case 0x47: case 0x6a: case 0x6c: case 0x71: case 0x72: case 0x73:
    case 0x51: case 0x52: case 0x7c: case 0x7e: case 0x83: case 0x84: case 0x85:
        return ri; /* eq ne add mul and or xor */
    case 0x6b:
        return OP_i32_rsub_ri;
    case 0x7d:
        return OP_i64_rsub_ri;
    default:
        return OP_COUNT_;
    }
}

static const uint32_t numeric_unary_ranges[][2] = {
    {0x45, 0x45}, {0x50, 0x50}, {0x67, 0x69}, {0x79, 0x7b}, {0x8b, 0x91},
    {0x99, 0x9f}, {0xa7, 0xc4},
};

static bool numeric_is_unary(uint32_t code)
{
    for (size_t i = 0; i < sizeof numeric_unary_ranges / sizeof numeric_unary_ranges[0]; i++)
        if (code >= numeric_unary_ranges[i][0] && code <= numeric_unary_ranges[i][1])
            return true;
    return false;
}

/* The load-operand form of a binary operation and the plain load it
 * absorbs (OP_COUNT_ when there is none). */
static enum rt_op load_bin_form(uint32_t code, enum rt_op *load)
{
    if (code >= 0x6a && code <= 0x6c) {
        *load = OP_i32_load;
        return (enum rt_op)(OP_i32_add_m + (code - 0x6a));
    }
    if (code >= 0x71 && code <= 0x73) {
        *load = OP_i32_load;
        return (enum rt_op)(OP_i32_and_m + (code - 0x71));
    }
    if (code >= 0x7c && code <= 0x7e) {
        *load = OP_i64_load;
        return (enum rt_op)(OP_i64_add_m + (code - 0x7c));
    }
    if (code >= 0x83 && code <= 0x85) {
        *load = OP_i64_load;
        return (enum rt_op)(OP_i64_and_m + (code - 0x83));
    }
    if (code >= 0x92 && code <= 0x95) {
        *load = OP_f32_load;
        return (enum rt_op)(OP_f32_add_m + (code - 0x92));
    }
    if (code >= 0xa0 && code <= 0xa3) {
        *load = OP_f64_load;
        return (enum rt_op)(OP_f64_add_m + (code - 0xa0));
    }
    return OP_COUNT_;
}

static bool commutes(uint32_t code)
{
    return code == 0x6a || code == 0x6c || (code >= 0x71 && code <= 0x73) || code == 0x7c ||
           code == 0x7e || (code >= 0x83 && code <= 0x85) || code == 0x92 || code == 0x94 ||
           code == 0xa0 || code == 0xa2;
}

/* `x op (load)`: when one operand was computed by the plain load emitted
 * just before (and the other needs no code), the load becomes part of the
 * operation. Float add and mul commute exactly in IEEE arithmetic (NaN
 * payloads aside, which wasm leaves nondeterministic). */
static bool fuse_load_operand(tr *t, uint32_t code)
{
    enum rt_op load;
    enum rt_op fused = load_bin_form(code, &load);
    if (fused == OP_COUNT_ || t->last_op_cell == TR_NONE)
        return false;
    /* A load whose address adds an immediate folds into the _mai form. */
    bool ai = t->last_op == (enum rt_op)(OP_i32_load_ai + (load - OP_i32_load));
    if (!ai && t->last_op != load)
        return false;
    if (ai)
        fused = (enum rt_op)(OP_i32_add_mai + (fused - OP_i32_add_m));
    uint32_t hb = t->height - 1, ha = t->height - 2;
    uint64_t loaded = t->cells[t->last_dst_cell].u;
    uint32_t other;
    if (t->vs[hb].kind == V_STACK && loaded == tr_slot_bytes(tr_slot_at(t, hb)) &&
        t->vs[ha].kind != V_CONST)
        other = ha;
    else if (commutes(code) && t->vs[ha].kind == V_STACK &&
             loaded == tr_slot_bytes(tr_slot_at(t, ha)) && t->vs[hb].kind == V_LOCAL)
        other = hb;
    else
        return false;
    uint32_t op_cell = t->last_op_cell;
    uint64_t addr = t->cells[op_cell + 2].u, imm = t->cells[op_cell + 3].u;
    uint64_t offset = ai ? t->cells[op_cell + 4].u : imm;
    size_t load_at = t->map[t->map_count - 1].offset + t->body_offset;
    t->count = op_cell;
    t->map_count--;
    tr_mark_label(t);
    uint32_t a = tr_src(t, other, load_at); /* a local or a stack slot: no code */
    tr_pop(t, 2);
    /* Traps come from the load: report its offset. */
    tr_op_dst(t, fused, load_at, tr_push_slot(t));
    tr_put_slot(t, a);
    tr_put_u(t, addr);
    if (ai)
        tr_put_u(t, imm);
    tr_put_u(t, offset);
    return true;
}

/* The nested form of operation `code` whose operand was computed by
 * `inner` (OP_COUNT_ when there is none); *commutes says whether the inner
 * operation may also be the left operand. */
static enum rt_op nested_form(uint32_t code, enum rt_op inner, bool *commutes_out)
{
    static const struct {
        uint32_t code;
        enum rt_op inner, fused;
    } forms[] = {
        /* f64: add and mul commute exactly (NaN payloads aside); sub only
         * takes its right operand. */
        {0xa0, OP_f64_mul, OP_f64_add_mul}, {0xa0, OP_f64_sub, OP_f64_add_sub},
        {0xa0, OP_f64_add, OP_f64_add_add}, {0xa1, OP_f64_mul, OP_f64_sub_mul},
        {0xa2, OP_f64_add, OP_f64_mul_add}, {0xa2, OP_f64_sub, OP_f64_mul_sub},
        {0xa2, OP_f64_mul, OP_f64_mul_mul},
        {0x73, OP_i32_rotl_ri, OP_i32_xor_rotl_ri}, {0x73, OP_i32_shr_u_ri, OP_i32_xor_shr_u_ri},
        {0x73, OP_i32_and, OP_i32_xor_and},         {0x6a, OP_i32_add, OP_i32_add_add},
        {0x6a, OP_i32_and, OP_i32_add_and},         {0x6a, OP_i32_xor, OP_i32_add_xor},
        {0x71, OP_i32_xor, OP_i32_and_xor},         {0x6a, OP_i32_shl_ri, OP_i32_add_shl_ri},
    };
    *commutes_out = code != 0xa1;
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++)
        if (forms[i].code == code && forms[i].inner == inner)
            return forms[i].fused;
    return OP_COUNT_;
}

/* `x op (y inner z)`: when one operand was computed by the instruction
 * emitted just before (and the other needs no code), that instruction
 * becomes part of the operation, which saves a dispatch and a round trip
 * through the frame. Only non-trapping operations take part. */
static bool fuse_nested(tr *t, uint32_t code, size_t at)
{
    if (t->last_op_cell == TR_NONE)
        return false;
    bool either_side;
    enum rt_op fused = nested_form(code, t->last_op, &either_side);
    if (fused == OP_COUNT_)
        return false;
    uint32_t hb = t->height - 1, ha = t->height - 2;
    uint64_t inner_dst = t->cells[t->last_dst_cell].u;
    uint32_t other;
    if (t->vs[hb].kind == V_STACK && inner_dst == tr_slot_bytes(tr_slot_at(t, hb)) &&
        t->vs[ha].kind != V_CONST)
        other = ha;
    else if (either_side && t->vs[ha].kind == V_STACK &&
             inner_dst == tr_slot_bytes(tr_slot_at(t, ha)) && t->vs[hb].kind == V_LOCAL)
        other = hb;
    else
        return false;
    uint32_t op_cell = t->last_op_cell;
    uint64_t b = t->cells[op_cell + 2].u, c = t->cells[op_cell + 3].u;
    t->count = op_cell;
    t->map_count--;
    tr_mark_label(t);
    uint32_t a = tr_src(t, other, at); /* a local or a stack slot: no code */
    tr_pop(t, 2);
    tr_op_dst(t, fused, at, tr_push_slot(t));
    tr_put_slot(t, a);
    tr_put_u(t, b);
    tr_put_u(t, c);
    return true;
}

/* `(x << k) + imm`, the shift emitted just before: one instruction, which
 * a memory access can then take in as its address (a scaled index). */
static bool fuse_shl_add_ri(tr *t, uint64_t imm, size_t at)
{
    uint32_t ha = t->height - 2;
    if (t->last_op_cell == TR_NONE || t->last_op != OP_i32_shl_ri ||
        t->vs[ha].kind != V_STACK ||
        t->cells[t->last_dst_cell].u != tr_slot_bytes(tr_slot_at(t, ha)))
        return false;
    uint32_t op_cell = t->last_op_cell;
    uint64_t x = t->cells[op_cell + 2].u, k = t->cells[op_cell + 3].u & 31;
    t->count = op_cell;
    t->map_count--;
    tr_mark_label(t);
    tr_pop(t, 2);
    tr_op_dst(t, OP_i32_shl_add_ri, at, tr_push_slot(t));
    tr_put_u(t, x);
    tr_put_u(t, k);
    tr_put_u(t, imm);
    return true;
}

static void numeric(tr *t, uint32_t code, size_t at)
{
    enum rt_op o = (enum rt_op)(OP_i32_eqz + (code - 0x45));
    if (numeric_is_unary(code)) {
        tr_emit_n(t, o, at, 1);
        return;
    }
    if (fuse_load_operand(t, code) || fuse_nested(t, code, at))
        return;
    enum rt_op ri = ri_form(code);
    const vop *b = &t->vs[t->height - 1];
    const vop *a0 = &t->vs[t->height - 2];
    if (ri != OP_COUNT_ && b->kind != V_CONST && a0->kind == V_CONST) {
        /* constant op x: commutative ops swap, subtraction reverses. */
        enum rt_op swapped = commuted(code, ri);
        if (swapped != OP_COUNT_) {
            uint64_t imm = a0->imm;
            uint32_t x = tr_src_top(t, 0, at);
            tr_pop(t, 2);
            uint32_t dst = tr_push_slot(t);
            tr_op_dst(t, swapped, at, dst);
            tr_put_slot(t, x);
            tr_put_u(t, imm);
            return;
        }
    }
    if (ri != OP_COUNT_ && b->kind == V_CONST) {
        uint64_t imm = b->imm;
        if (code == 0x6a && fuse_shl_add_ri(t, imm, at))
            return;
        tr_pop(t, 1);
        uint32_t a = tr_src_top(t, 0, at);
        tr_pop(t, 1);
        uint32_t dst = tr_push_slot(t);
        tr_op_dst(t, ri, at, dst);
        tr_put_slot(t, a);
        tr_put_u(t, imm);
        return;
    }
    tr_emit_n(t, o, at, 2);
}

/* If operand h was just computed by an i32.add (with an immediate or a
 * second slot), removes that instruction and returns it with its operands,
 * so the memory access can do the addition itself. */
static enum rt_op take_address_add(tr *t, uint32_t h, uint64_t *a, uint64_t *b, uint64_t *c)
{
    if (t->vs[h].kind != V_STACK || t->last_op_cell == TR_NONE ||
        t->cells[t->last_dst_cell].u != tr_slot_bytes(tr_slot_at(t, h)) ||
        (t->last_op != OP_i32_add_ri && t->last_op != OP_i32_add &&
         t->last_op != OP_i32_shl_add_ri))
        return OP_COUNT_;
    enum rt_op add = t->last_op;
    *a = t->cells[t->last_op_cell + 2].u;
    *b = t->cells[t->last_op_cell + 3].u;
    if (add == OP_i32_shl_add_ri)
        *c = t->cells[t->last_op_cell + 4].u;
    t->count = t->last_op_cell;
    t->map_count--;
    tr_mark_label(t);
    return add;
}

/* `f64.store (addr) (f64_add_m a (addr) offset)` at the same address and
 * offset, the add emitted just before: one read-modify-write. Nothing ran
 * between, so addr still holds the value the add loaded through. */
static bool fuse_add_to_mem(tr *t, const insn *in)
{
    uint32_t hv = t->height - 1, ha = t->height - 2;
    if (in->mem.memory != 0 || t->last_op_cell == TR_NONE || t->last_op != OP_f64_add_m ||
        t->vs[hv].kind != V_STACK ||
        t->cells[t->last_dst_cell].u != tr_slot_bytes(tr_slot_at(t, hv)) ||
        t->vs[ha].kind == V_CONST)
        return false;
    uint32_t op_cell = t->last_op_cell;
    uint32_t addr = t->vs[ha].kind == V_LOCAL ? t->vs[ha].local : tr_slot_at(t, ha);
    if (t->cells[op_cell + 3].u != tr_slot_bytes(addr) ||
        t->cells[op_cell + 4].u != in->mem.offset)
        return false;
    uint64_t a = t->cells[op_cell + 2].u;
    size_t load_at = t->map[t->map_count - 1].offset + t->body_offset;
    t->count = op_cell;
    t->map_count--;
    tr_pop(t, 2);
    /* A trap is the load's (the store cannot fail where the load did not). */
    tr_op(t, OP_f64_add_to_mem, load_at);
    tr_put_u(t, a);
    tr_put_slot(t, addr);
    tr_put_u(t, in->mem.offset);
    return true;
}

/* Memory access: [use_mem k] op dst? addr [value] offset [use_mem 0], or a
 * form with the address's i32.add folded in (memory 0 only). */
static void mem_op(tr *t, enum rt_op o, const insn *in, bool store)
{
    size_t at = in->offset;
    uint64_t a, b, c = 0;
    if (o == OP_f64_store && fuse_add_to_mem(t, in))
        return;
    /* A constant value becomes an immediate, and then an address
     * `x + imm` computed just before folds in too. */
    if (store && in->mem.memory == 0 && t->vs[t->height - 1].kind == V_CONST) {
        uint64_t value = t->vs[t->height - 1].imm;
        bool ai = t->last_op == OP_i32_add_ri &&
                  take_address_add(t, t->height - 2, &a, &b, &c) != OP_COUNT_;
        uint32_t addr = ai ? 0 : tr_src_top(t, 1, at);
        tr_pop(t, 2);
        tr_op(t, (enum rt_op)((ai ? OP_i32_store_aik : OP_i32_store_k) + (o - OP_i32_store)), at);
        if (ai) {
            tr_put_u(t, a);
            tr_put_u(t, b);
        } else {
            tr_put_slot(t, addr);
        }
        tr_put_u(t, value);
        tr_put_u(t, in->mem.offset);
        return;
    }
    /* A store folds only when its value needs no code (a local): code
     * emitted for the value could overwrite the addition's operands. */
    if (in->mem.memory == 0 && (!store || t->vs[t->height - 1].kind == V_LOCAL)) {
        enum rt_op add = take_address_add(t, t->height - (store ? 2 : 1), &a, &b, &c);
        if (add != OP_COUNT_) {
            enum rt_op base = add == OP_i32_add_ri ? OP_i32_load_ai
                              : add == OP_i32_add  ? OP_i32_load_aa
                                                   : OP_i32_load_si;
            enum rt_op fused = (enum rt_op)(base + (o - OP_i32_load));
            uint32_t val = store ? tr_src_top(t, 0, at) : 0;
            tr_pop(t, store ? 2 : 1);
            if (store)
                tr_op(t, fused, at);
            else
                tr_op_dst(t, fused, at, tr_push_slot(t));
            tr_put_u(t, a);
            tr_put_u(t, b);
            if (add == OP_i32_shl_add_ri)
                tr_put_u(t, c);
            if (store)
                tr_put_slot(t, val);
            tr_put_u(t, in->mem.offset);
            return;
        }
    }
    uint32_t val = store ? tr_src_top(t, 0, at) : 0;
    uint32_t addr = tr_src_top(t, store ? 1 : 0, at);
    tr_pop(t, store ? 2 : 1);
    if (in->mem.memory != 0) {
        tr_op(t, OP_use_mem, at);
        tr_put_u(t, in->mem.memory);
    }
    if (store) {
        tr_op(t, o, at);
        tr_put_slot(t, addr);
        tr_put_slot(t, val);
    } else {
        tr_op_dst(t, o, at, tr_push_slot(t));
        tr_put_slot(t, addr);
    }
    tr_put_u(t, in->mem.offset);
    if (in->mem.memory != 0) {
        tr_op(t, OP_use_mem, at);
        tr_put_u(t, 0);
    }
}

static void local_set(tr *t, uint32_t x, size_t at, bool tee)
{
    uint32_t h = t->height - 1;
    tr_materialize_local(t, x, at);
    vop v = t->vs[h];
    if (v.kind == V_STACK && t->last_dst_cell != TR_NONE &&
        t->cells[t->last_dst_cell].u == tr_slot_bytes(tr_slot_at(t, h))) {
        t->cells[t->last_dst_cell].u = tr_slot_bytes(x); /* the producer writes the local */
        /* `local.tee` of a counter step stays visible to a br_if right
         * after it; any other producer is final now. */
        if (!tee || t->last_op != OP_i32_add_ri)
            tr_mark_label(t);
    } else {
        tr_move_to(t, h, x, at);
    }
    tr_pop(t, 1);
    if (tee)
        tr_push_local(t, x);
}

static void emit_call(tr *t, enum rt_op o, const comp_functype *ft, const insn *in)
{
    size_t at = in->offset;
    if (mentions_v128(ft))
        t->has_v128 = true;
    uint32_t idx = o == OP_call_indirect ? tr_src_top(t, 0, at) : 0;
    if (o == OP_call_indirect)
        tr_pop(t, 1);
    uint32_t base = tr_slot_at(t, t->height - ft->param_count);
    if (o == OP_call && in->idx >= t->m->imported_funcs) {
        /* A function of this module runs in this instance: its code is
         * known now, so the call needs no lookup through the instance.
         * Arguments still in locals are moved by the call itself (locals
         * lie below every argument slot, so no move clobbers a source). */
        uint32_t first = t->height - ft->param_count, moves = 0;
        for (uint32_t h = first; h < t->height; h++) {
            if (t->vs[h].kind == V_CONST)
                tr_materialize(t, h, at);
            moves += t->vs[h].kind == V_LOCAL;
        }
        tr_op(t, OP_call_code, at);
        tr_put(t, (cell){.p = (void *)&t->codes[in->idx - t->m->imported_funcs]});
        tr_put_slot(t, base);
        tr_put_u(t, moves);
        for (uint32_t h = first; h < t->height; h++)
            if (t->vs[h].kind == V_LOCAL) {
                tr_put_slot(t, tr_slot_at(t, h));
                tr_put_slot(t, t->vs[h].local);
                t->vs[h].kind = V_STACK;
            }
        tr_pop(t, ft->param_count);
        for (uint32_t i = 0; i < ft->result_count; i++)
            tr_push_slot(t);
        return;
    }
    tr_materialize_top(t, ft->param_count, at);
    tr_pop(t, ft->param_count);
    tr_op(t, o, at);
    tr_put_u(t, in->idx);
    tr_put_slot(t, base);
    if (o == OP_call_indirect) {
        tr_put_u(t, in->idx2);
        tr_put_slot(t, idx);
    }
    for (uint32_t i = 0; i < ft->result_count; i++)
        tr_push_slot(t);
    /* The callee's frame starts at `base`: count its results' slots. */
}

static void br_if(tr *t, const insn *in)
{
    size_t at = in->offset;
    uint32_t arity;
    /* A comparison just computed into the condition slot fuses with it. */
    uint32_t h = t->height - 1;
    bool fuse = t->vs[h].kind == V_STACK && t->last_op_cell != TR_NONE &&
                t->cells[t->last_dst_cell].u == tr_slot_bytes(tr_slot_at(t, h)) &&
                ((t->last_op >= OP_i32_eq && t->last_op <= OP_i32_ge_u) ||
                 (t->last_op >= OP_i32_eq_ri && t->last_op <= OP_i32_ge_u_ri) ||
                 (t->last_op >= OP_f64_lt && t->last_op <= OP_f64_ge) ||
                 (t->last_op >= OP_f64_lt_ri && t->last_op <= OP_f64_ge_ri) ||
                 t->last_op == OP_i32_eqz);
    /* So does a counter step `local.tee x (i32.add_ri ...)` testing x. */
    bool step = t->vs[h].kind == V_LOCAL && t->last_op_cell != TR_NONE &&
                t->last_op == OP_i32_add_ri &&
                t->cells[t->last_dst_cell].u == tr_slot_bytes(t->vs[h].local);
    enum rt_op fused = OP_COUNT_;
    uint64_t a = 0, b = 0, dst = 0;
    if (step) {
        fuse = true;
        fused = OP_br_if_i32_add_ri;
        dst = t->cells[t->last_dst_cell].u;
        a = t->cells[t->last_op_cell + 2].u;
        b = t->cells[t->last_op_cell + 3].u;
    } else if (fuse) {
        if (t->last_op == OP_i32_eqz)
            fused = OP_br_if_i32_eqz;
        else if (t->last_op >= OP_f64_lt_ri && t->last_op <= OP_f64_ge_ri)
            fused = (enum rt_op)(OP_br_if_f64_lt_ri + (t->last_op - OP_f64_lt_ri));
        else if (t->last_op >= OP_f64_lt && t->last_op <= OP_f64_ge)
            fused = (enum rt_op)(OP_br_if_f64_lt + (t->last_op - OP_f64_lt));
        else if (t->last_op >= OP_i32_eq_ri)
            fused = (enum rt_op)(OP_br_if_i32_eq_ri + (t->last_op - OP_i32_eq_ri));
        else
            fused = (enum rt_op)(OP_br_if_i32_eq + (t->last_op - OP_i32_eq));
        a = t->cells[t->last_op_cell + 2].u;
        b = fused == OP_br_if_i32_eqz ? 0 : t->cells[t->last_op_cell + 3].u;
    }
    uint32_t cond = tr_src_top(t, 0, at);
    tr_pop(t, 1);
    ctl *c = label(t, in->idx, &arity);
    if (arity == 0 || in_place(t, c, arity)) {
        tr_materialize_top(t, arity, at);
        if (fuse && t->last_op_cell != TR_NONE) {
            /* Nothing was emitted since the comparison: replace it. */
            t->count = t->last_op_cell;
            t->map_count--;
            tr_op(t, fused, at);
            if (fused == OP_br_if_i32_add_ri)
                tr_put_u(t, dst);
            tr_put_u(t, a);
            if (fused != OP_br_if_i32_eqz)
                tr_put_u(t, b);
        } else {
            tr_op(t, OP_br_if, at);
            tr_put_slot(t, cond);
        }
        tr_branch_target(t, in->idx);
        return;
    }
    /* Values must move: skip over the moves when not taken. */
    tr_op(t, OP_br_unless, at);
    tr_put_slot(t, cond);
    uint32_t skip = t->count;
    tr_put_target(t, 0);
    move_to_label(t, c, arity, at);
    tr_op(t, OP_br, at);
    tr_branch_target(t, in->idx);
    if (!t->oom)
        t->cells[skip].u = t->count;
    tr_mark_label(t);
}

/* One instruction of reachable code. */
static bool translate_insn(tr *t, const insn *in, const rd *r)
{
    uint32_t code = in->op;
    size_t at = in->offset;
    uint32_t arity;

    if (code >= 0x45 && code <= 0xc4) {
        if (code >= 0xbc && code <= 0xbf)
            return true; /* reinterpret: the slot already holds the bits */
        numeric(t, code, at);
        return true;
    }
    if (code >= 0x28 && code <= 0x3e) {
        mem_op(t, (enum rt_op)(OP_i32_load + (code - 0x28)), in, code >= 0x36);
        return true;
    }
    switch (code) {
    case 0x00:
        tr_op(t, OP_unreachable, at);
        t->ctls[t->ctl_count - 1].unreachable = true;
        return true;
    case 0x01:
        return true;
    case 0x02:
    case 0x03: {
        uint32_t np, nr;
        tr_block_arity(t, in, &np, &nr);
        tr_materialize_all(t, at);
        if (!tr_push_ctl(t, code == 0x02 ? CTL_BLOCK : CTL_LOOP, np, nr))
            return false;
        if (code == 0x03) {
            tr_mark_label(t);
            t->ctls[t->ctl_count - 1].loop_pc = t->count;
        }
        return true;
    }
    case 0x04: {
        uint32_t np, nr;
        tr_block_arity(t, in, &np, &nr);
        uint32_t cond = tr_src_top(t, 0, at);
        tr_pop(t, 1);
        tr_materialize_all(t, at);
        if (!tr_push_ctl(t, CTL_IF, np, nr))
            return false;
        tr_op(t, OP_br_unless, at);
        tr_put_slot(t, cond);
        t->ctls[t->ctl_count - 1].else_patch = t->count + 1;
        tr_put_target(t, NO_PATCH);
        return true;
    }
    case 0x0c: {
        ctl *c = label(t, in->idx, &arity);
        move_to_label(t, c, arity, at);
        tr_op(t, OP_br, at);
        tr_branch_target(t, in->idx);
        t->ctls[t->ctl_count - 1].unreachable = true;
        return true;
    }
    case 0x0d:
        br_if(t, in);
        return true;
    case 0x0e: {
        uint32_t idx = tr_src_top(t, 0, at);
        tr_pop(t, 1);
        label(t, in->idx, &arity);
        tr_materialize_top(t, arity, at);
        tr_op(t, OP_br_table, at);
        tr_put_slot(t, idx);
        tr_put_u(t, in->target_count);
        tr_put_u(t, arity);
        tr_put_slot(t, tr_slot_at(t, t->height - arity));
        insn_targets it;
        insn_targets_begin(in, r, &it);
        for (uint32_t i = 0; i <= in->target_count; i++) {
            uint32_t depth = in->idx;
            if (i < in->target_count && !insn_targets_next(&it, &depth))
                return tr_fail(t, at, "malformed br_table");
            const ctl *c = label(t, depth, &arity);
            tr_branch_target(t, depth);
            tr_put_slot(t, tr_slot_at(t, c->height));
        }
        t->ctls[t->ctl_count - 1].unreachable = true;
        return true;
    }
    case 0x0f:
        emit_return(t, at);
        t->ctls[t->ctl_count - 1].unreachable = true;
        return true;
    case 0x08:
    case 0x0a:
    case 0x1f:
        return tr_translate_exn(t, in, r);
    case 0x10:
        emit_call(t, OP_call, comp_module_func_type(t->m, in->idx), in);
        return true;
    case 0x11:
        emit_call(t, OP_call_indirect, &t->m->types[in->idx], in);
        return true;
    case 0x1a:
        tr_pop(t, 1);
        return true;
    case 0x1b:
    case 0x1c:
        tr_emit_n(t, OP_select, at, 3);
        return true;
    case 0x20:
        tr_push_local(t, in->idx);
        return true;
    case 0x21:
        local_set(t, in->idx, at, false);
        return true;
    case 0x22:
        local_set(t, in->idx, at, true);
        return true;
    case 0x23:
        t->has_v128 |= t->v128_globals;
        tr_op_dst(t, OP_global_get, at, tr_push_slot(t));
        tr_put_u(t, in->idx);
        return true;
    case 0x24:
        t->has_v128 |= t->v128_globals;
        tr_emit_sink(t, OP_global_set, at, 1);
        tr_put_u(t, in->idx);
        return true;
    case 0x25:
        tr_emit_n(t, OP_table_get, at, 1);
        tr_put_u(t, in->idx);
        return true;
    case 0x26:
        tr_emit_sink(t, OP_table_set, at, 2);
        tr_put_u(t, in->idx);
        return true;
    case 0x3f:
        tr_op_dst(t, OP_memory_size, at, tr_push_slot(t));
        tr_put_u(t, in->idx);
        return true;
    case 0x40:
        tr_emit_n(t, OP_memory_grow, at, 1);
        tr_put_u(t, in->idx);
        return true;
    case 0x41:
        tr_push_const(t, (uint32_t)in->i64, false);
        return true;
    case 0x42:
        tr_push_const(t, (uint64_t)in->i64, true);
        return true;
    case 0x43:
        tr_push_const(t, in->f32, false);
        return true;
    case 0x44:
        tr_push_const(t, in->f64, true);
        return true;
    case 0xd0:
        tr_push_const(t, 0, true);
        return true;
    case 0xd1:
        tr_emit_n(t, OP_ref_is_null, at, 1);
        return true;
    case 0xd2:
        tr_op_dst(t, OP_ref_func, at, tr_push_slot(t));
        tr_put_u(t, in->idx);
        return true;
    default:
        break;
    }
    if (code >= INSN_PREFIXED(0xfc, 0) && code <= INSN_PREFIXED(0xfc, 7)) {
        tr_emit_n(t, (enum rt_op)(OP_i32_trunc_sat_f32_s + (code & 0xff)), at, 1);
        return true;
    }
    switch (code) {
    case INSN_PREFIXED(0xfc, 8):
        tr_emit_sink(t, OP_memory_init, at, 3);
        tr_put_u(t, in->idx);
        tr_put_u(t, in->idx2);
        return true;
    case INSN_PREFIXED(0xfc, 9):
        tr_op(t, OP_data_drop, at);
        tr_put_u(t, in->idx);
        return true;
    case INSN_PREFIXED(0xfc, 10):
        tr_emit_sink(t, OP_memory_copy, at, 3);
        tr_put_u(t, in->idx);
        tr_put_u(t, in->idx2);
        return true;
    case INSN_PREFIXED(0xfc, 11):
        tr_emit_sink(t, OP_memory_fill, at, 3);
        tr_put_u(t, in->idx);
        return true;
    case INSN_PREFIXED(0xfc, 12):
        tr_emit_sink(t, OP_table_init, at, 3);
        tr_put_u(t, in->idx);
        tr_put_u(t, in->idx2);
        return true;
    case INSN_PREFIXED(0xfc, 13):
        tr_op(t, OP_elem_drop, at);
        tr_put_u(t, in->idx);
        return true;
    case INSN_PREFIXED(0xfc, 14):
        tr_emit_sink(t, OP_table_copy, at, 3);
        tr_put_u(t, in->idx);
        tr_put_u(t, in->idx2);
        return true;
    case INSN_PREFIXED(0xfc, 15):
        tr_emit_n(t, OP_table_grow, at, 2);
        tr_put_u(t, in->idx);
        return true;
    case INSN_PREFIXED(0xfc, 16):
        tr_op_dst(t, OP_table_size, at, tr_push_slot(t));
        tr_put_u(t, in->idx);
        return true;
    case INSN_PREFIXED(0xfc, 17):
        tr_emit_sink(t, OP_table_fill, at, 3);
        tr_put_u(t, in->idx);
        return true;
    default:
        break;
    }
    if ((code >> 16) == 0xfd) {
        t->has_v128 = true;
        return tr_translate_simd(t, in);
    }
    return tr_fail(t, at, "instruction not supported by the interpreter");
}

/* ---- structure -------------------------------------------------------------- */

static void handle_else(tr *t, const insn *in)
{
    ctl *c = &t->ctls[t->ctl_count - 1];
    if (!c->unreachable) {
        tr_materialize_top(t, c->nresults, in->offset);
        tr_op(t, OP_br, in->offset);
        uint32_t here = t->count;
        tr_put_target(t, c->patch_head);
        c->patch_head = here + 1;
    }
    patch_chain(t, c->else_patch, t->count);
    tr_mark_label(t);
    c->else_patch = NO_PATCH;
    c->kind = CTL_ELSE;
    c->unreachable = false;
    t->height = c->height + c->nparams;
    if (t->clean_below > c->height)
        t->clean_below = c->height;
    tr_settle(t, c->height, t->height);
}

static void handle_end(tr *t, const insn *in)
{
    ctl *c = &t->ctls[t->ctl_count - 1];
    if (c->kind == CTL_FUNC && !c->unreachable && c->patch_head == NO_PATCH) {
        /* Only the fall-through reaches the end: return the results from
         * wherever they are. */
        emit_return(t, in->offset);
        t->ctl_count--;
        return;
    }
    if (!c->unreachable)
        tr_materialize_top(t, c->nresults, in->offset);
    if (c->handler != TR_NONE)
        tr_close_handler(t, c);
    patch_chain(t, c->patch_head, t->count);
    patch_chain(t, c->else_patch, t->count);
    tr_mark_label(t);
    t->height = c->height;
    if (t->clean_below > t->height)
        t->clean_below = t->height;
    for (uint32_t i = 0; i < c->nresults; i++)
        tr_push_slot(t);
    bool is_func = c->kind == CTL_FUNC;
    t->ctl_count--;
    if (is_func)
        emit_return(t, in->offset);
}

/* Skips instructions in unreachable code, keeping track of nested blocks.
 * Sets *resume when a structural else/end of the current frame is reached. */
static void skip_insn(tr *t, const insn *in, bool *resume)
{
    *resume = false;
    switch (in->op) {
    case 0x02:
    case 0x03:
    case 0x04:
    case 0x1f:
        t->skip_depth++;
        break;
    case 0x05:
        if (t->skip_depth == 0)
            *resume = true;
        break;
    case 0x0b:
        if (t->skip_depth == 0)
            *resume = true;
        else
            t->skip_depth--;
        break;
    default:
        break;
    }
}

/* The 8-byte form of a whole-slot move, for functions without v128. */
static enum rt_op narrow_move(enum rt_op o)
{
    switch (o) {
    case OP_copy: return OP_copy64;
    case OP_copy2: return OP_copy2_64;
    case OP_select: return OP_select64;
    case OP_global_get: return OP_global_get64;
    case OP_global_set: return OP_global_set64;
    case OP_return: return OP_return64;
    case OP_return1: return OP_return1_64;
    case OP_call_code: return OP_call_code64;
    default: return o;
    }
}

static void finish(tr *t, rt_code *out)
{
    const void *const *labels = rt_interp_labels();
    if (!t->has_v128)
        for (uint32_t i = 0; i < t->map_count; i++) {
            cell *c = &t->cells[t->map[i].cell];
            c->op = narrow_move((enum rt_op)c->op);
        }
    tr_pair_ops(t);
    /* Resolve branch targets, then handlers (opcode cells are exactly the
     * pcmap entries). */
    for (uint32_t i = 0; i < t->target_count; i++)
        t->cells[t->targets[i]].target = t->cells + t->cells[t->targets[i]].u;
    if (labels)
        for (uint32_t i = 0; i < t->map_count; i++) {
            cell *c = &t->cells[t->map[i].cell];
            c->label = labels[c->op];
        }
    out->cells = t->cells;
    out->cell_count = t->count;
    out->pcmap = t->map;
    out->pcmap_count = t->map_count;
    out->max_height = out->local_count + t->max_height + 1;
    out->handlers = t->handlers;
    out->handler_count = t->handler_count;
    out->catches = t->catches;
    t->cells = NULL;
    t->map = NULL;
    t->handlers = NULL;
    t->catches = NULL;
}

static bool read_locals(tr *t, rd *r, const comp_functype *ft, rt_code *out)
{
    uint32_t groups;
    uint64_t total = ft->param_count;
    if (!rd_u32(r, &groups))
        return false;
    for (uint32_t i = 0; i < groups; i++) {
        uint32_t n;
        uint8_t type;
        if (!rd_u32(r, &n) || !rd_byte(r, &type))
            return false;
        if (n && type == COMP_V128)
            t->has_v128 = true;
        total += n;
        if (total > 50000)
            return tr_fail(t, rd_offset(r) + t->body_offset, "too many locals");
    }
    out->local_count = (uint32_t)total;
    if (mentions_v128(ft))
        t->has_v128 = true;
    return true;
}

bool rt_translate(const comp_module *m, uint32_t func_index, bool v128_globals,
                  const rt_code *codes, const uint32_t *tag_types, rt_code *out,
                  comp_error *err)
{
    const comp_code *body = &m->codes[func_index];
    const comp_functype *ft = &m->types[m->funcs[func_index]];
    memset(out, 0, sizeof *out);
    out->param_count = ft->param_count;
    out->result_count = ft->result_count;
    out->body_offset = body->offset;
    out->func_index = m->imported_funcs + func_index;

    tr t = {.m = m, .err = err, .body_offset = body->offset, .result_count = ft->result_count,
            .last_op_cell = TR_NONE, .last_dst_cell = TR_NONE,
            .last_copy_cell = TR_NONE, .v128_globals = v128_globals, .codes = codes,
            .tag_types = tag_types};
    rd r;
    /* rd offsets count from body[0]: shifted to module offsets below. */
    rd_init(&r, body->body, body->len, NULL, err);
    bool ok = read_locals(&t, &r, ft, out);
    t.locals = out->local_count;
    if (ok && !tr_push_ctl(&t, CTL_FUNC, 0, ft->result_count))
        ok = false;
    while (ok && t.ctl_count > 0 && !t.oom) {
        insn in;
        if (!insn_decode(&r, &in)) {
            err->offset += body->offset;
            ok = false;
            break;
        }
        in.offset += body->offset;
        ctl *c = &t.ctls[t.ctl_count - 1];
        if (c->unreachable) {
            bool resume;
            skip_insn(&t, &in, &resume);
            if (!resume)
                continue;
        }
        tr_bound_window(&t, in.offset);
        if (in.op == 0x05)
            handle_else(&t, &in);
        else if (in.op == 0x0b)
            handle_end(&t, &in);
        else
            ok = translate_insn(&t, &in, &r);
    }
    if (ok && t.oom)
        ok = tr_fail(&t, body->offset, "out of memory");
    if (ok)
        finish(&t, out);
    free(t.cells);
    free(t.map);
    free(t.targets);
    free(t.ctls);
    free(t.vs);
    free(t.handlers);
    free(t.catches);
    return ok;
}

void rt_code_release(rt_code *code)
{
    free(code->cells);
    free(code->pcmap);
    free(code->handlers);
    free(code->catches);
    code->cells = NULL;
    code->pcmap = NULL;
    code->handlers = NULL;
    code->catches = NULL;
}
