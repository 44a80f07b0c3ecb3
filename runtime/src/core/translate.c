/* Translation of one validated function body into threaded code: a flat
 * array of cells (handler, then pre-decoded immediates). Block structure
 * disappears: branches carry their resolved target, the number of values
 * they keep and the number they drop, both known statically because the
 * body is valid. Unreachable code is not emitted. */
#include <stdlib.h>
#include <string.h>

#include "core/insn.h"
#include "core/ops.h"
#include "core/rt_internal.h"
#include "core/simd_ops.h"
#include "reader.h"

enum { CTL_BLOCK, CTL_LOOP, CTL_IF, CTL_ELSE, CTL_FUNC };

/* Nesting is bounded by the body size (each block needs bytes), but keep a
 * hard ceiling so the control stack allocation stays reasonable. */
#define MAX_CTL_DEPTH 100000u
#define NO_PATCH 0u

typedef struct ctl {
    uint8_t kind;
    bool unreachable;
    uint32_t height;        /* operand height below the block's params */
    uint32_t nparams, nresults;
    uint32_t loop_pc;       /* CTL_LOOP: where back-edges go */
    uint32_t patch_head;    /* forward branches to the end: chain + 1 */
    uint32_t else_patch;    /* CTL_IF: the br_unless target cell + 1 */
} ctl;

typedef struct tr {
    const comp_module *m;
    comp_error *err;
    cell *cells;
    uint32_t count, cap;
    uint32_t *targets;      /* cells holding branch targets (as indices) */
    uint32_t target_count, target_cap;
    rt_pcmap *map;
    uint32_t map_count, map_cap;
    ctl *ctls;
    uint32_t ctl_count, ctl_cap;
    uint32_t height, max_height;
    uint32_t skip_depth;    /* blocks opened inside unreachable code */
    size_t body_offset;
    bool oom;
} tr;

static bool grow(void **arr, uint32_t *cap, uint32_t need, size_t elem)
{
    if (need <= *cap)
        return true;
    uint64_t n = *cap ? (uint64_t)*cap * 2 : 64;
    while (n < need)
        n *= 2;
    if (n > UINT32_MAX / 2 || n * elem > SIZE_MAX / 2)
        return false;
    void *p = realloc(*arr, (size_t)n * elem);
    if (!p)
        return false;
    *arr = p;
    *cap = (uint32_t)n;
    return true;
}

static void put(tr *t, cell c)
{
    if (t->oom)
        return;
    if (!grow((void **)&t->cells, &t->cap, t->count + 1, sizeof(cell))) {
        t->oom = true;
        return;
    }
    t->cells[t->count++] = c;
}

static void put_u(tr *t, uint64_t u) { put(t, (cell){.u = u}); }
typedef void (*any_fn)(void);
static void put_fn(tr *t, any_fn f) { put(t, (cell){.fn = f}); }

static void op(tr *t, enum rt_op o, size_t offset)
{
    if (t->oom)
        return;
    if (!grow((void **)&t->map, &t->map_cap, t->map_count + 1, sizeof(rt_pcmap))) {
        t->oom = true;
        return;
    }
    t->map[t->map_count++] = (rt_pcmap){t->count, (uint32_t)(offset - t->body_offset)};
    put(t, (cell){.op = (uintptr_t)o});
}

/* A cell holding a target cell index, converted to a pointer at the end. */
static void put_target(tr *t, uint32_t index)
{
    if (t->oom)
        return;
    if (!grow((void **)&t->targets, &t->target_cap, t->target_count + 1, sizeof(uint32_t))) {
        t->oom = true;
        return;
    }
    t->targets[t->target_count++] = t->count;
    put_u(t, index);
}

static void push(tr *t, uint32_t n)
{
    t->height += n;
    if (t->height > t->max_height)
        t->max_height = t->height;
}

static void pop(tr *t, uint32_t n) { t->height = n <= t->height ? t->height - n : 0; }

static bool fail(tr *t, size_t offset, const char *msg)
{
    return comp_error_set(t->err, offset, "%s", msg);
}

static void block_arity(const tr *t, const insn *in, uint32_t *np, uint32_t *nr)
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

static bool push_ctl(tr *t, uint8_t kind, uint32_t np, uint32_t nr)
{
    if (t->ctl_count >= MAX_CTL_DEPTH ||
        !grow((void **)&t->ctls, &t->ctl_cap, t->ctl_count + 1, sizeof(ctl))) {
        t->oom = true;
        return false;
    }
    ctl *c = &t->ctls[t->ctl_count++];
    memset(c, 0, sizeof *c);
    c->kind = kind;
    c->height = t->height - np;
    c->nparams = np;
    c->nresults = nr;
    return true;
}

/* Emits the target of a branch to label `depth` (relative). */
static void branch_target(tr *t, uint32_t depth)
{
    ctl *c = &t->ctls[t->ctl_count - 1 - depth];
    if (c->kind == CTL_LOOP) {
        put_target(t, c->loop_pc);
    } else {
        uint32_t here = t->count;
        put_target(t, c->patch_head);
        c->patch_head = here + 1;
    }
}

static void label_shape(const tr *t, uint32_t depth, uint32_t *arity, uint32_t *drop)
{
    const ctl *c = &t->ctls[t->ctl_count - 1 - depth];
    *arity = c->kind == CTL_LOOP ? c->nparams : c->nresults;
    uint32_t above = t->height - c->height;
    *drop = above >= *arity ? above - *arity : 0;
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

static void mem_op(tr *t, enum rt_op o, const insn *in)
{
    if (in->mem.memory != 0) {
        op(t, OP_use_mem, in->offset);
        put_u(t, in->mem.memory);
    }
    op(t, o, in->offset);
    put_u(t, in->mem.offset);
    if (in->mem.memory != 0) {
        op(t, OP_use_mem, in->offset);
        put_u(t, 0);
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

static bool translate_simd(tr *t, const insn *in);

/* One instruction of reachable code. */
static bool translate_insn(tr *t, const insn *in, const rd *r)
{
    uint32_t code = in->op;
    size_t at = in->offset;
    uint32_t arity, drop;

    if (code >= 0x45 && code <= 0xc4) {
        if (code >= 0xbc && code <= 0xbf)
            return true; /* reinterpret: the slot already holds the bits */
        op(t, (enum rt_op)(OP_i32_eqz + (code - 0x45)), at);
        if (!numeric_is_unary(code))
            pop(t, 1);
        return true;
    }
    if (code >= 0x28 && code <= 0x3e) {
        mem_op(t, (enum rt_op)(OP_i32_load + (code - 0x28)), in);
        pop(t, code >= 0x36 ? 2 : 1);
        if (code < 0x36)
            push(t, 1);
        return true;
    }
    switch (code) {
    case 0x00:
        op(t, OP_unreachable, at);
        t->ctls[t->ctl_count - 1].unreachable = true;
        return true;
    case 0x01:
        return true;
    case 0x02:
    case 0x03: {
        uint32_t np, nr;
        block_arity(t, in, &np, &nr);
        if (!push_ctl(t, code == 0x02 ? CTL_BLOCK : CTL_LOOP, np, nr))
            return false;
        if (code == 0x03) {
            t->ctls[t->ctl_count - 1].loop_pc = t->count;
            op(t, OP_loop_check, at);
        }
        return true;
    }
    case 0x04: {
        uint32_t np, nr;
        block_arity(t, in, &np, &nr);
        pop(t, 1);
        if (!push_ctl(t, CTL_IF, np, nr))
            return false;
        op(t, OP_br_unless, at);
        t->ctls[t->ctl_count - 1].else_patch = t->count + 1;
        put_target(t, NO_PATCH);
        return true;
    }
    case 0x0c:
        label_shape(t, in->idx, &arity, &drop);
        if (drop == 0) {
            op(t, OP_br, at);
            branch_target(t, in->idx);
        } else {
            op(t, OP_br_drop, at);
            branch_target(t, in->idx);
            put_u(t, arity);
            put_u(t, drop);
        }
        t->ctls[t->ctl_count - 1].unreachable = true;
        return true;
    case 0x0d:
        pop(t, 1);
        label_shape(t, in->idx, &arity, &drop);
        if (drop == 0) {
            op(t, OP_br_if, at);
            branch_target(t, in->idx);
        } else {
            op(t, OP_br_if_drop, at);
            branch_target(t, in->idx);
            put_u(t, arity);
            put_u(t, drop);
        }
        return true;
    case 0x0e: {
        pop(t, 1);
        op(t, OP_br_table, at);
        put_u(t, in->target_count);
        label_shape(t, in->idx, &arity, &drop);
        put_u(t, arity);
        insn_targets it;
        insn_targets_begin(in, r, &it);
        for (uint32_t i = 0; i <= in->target_count; i++) {
            uint32_t label = in->idx;
            if (i < in->target_count && !insn_targets_next(&it, &label))
                return fail(t, at, "malformed br_table");
            label_shape(t, label, &arity, &drop);
            branch_target(t, label);
            put_u(t, drop);
        }
        t->ctls[t->ctl_count - 1].unreachable = true;
        return true;
    }
    case 0x0f:
        op(t, OP_return, at);
        t->ctls[t->ctl_count - 1].unreachable = true;
        return true;
    case 0x10: {
        const comp_functype *ft = comp_module_func_type(t->m, in->idx);
        op(t, OP_call, at);
        put_u(t, in->idx);
        pop(t, ft->param_count);
        push(t, ft->result_count);
        return true;
    }
    case 0x11: {
        const comp_functype *ft = &t->m->types[in->idx];
        op(t, OP_call_indirect, at);
        put_u(t, in->idx);
        put_u(t, in->idx2);
        pop(t, 1 + ft->param_count);
        push(t, ft->result_count);
        return true;
    }
    case 0x1a:
        op(t, OP_drop, at);
        pop(t, 1);
        return true;
    case 0x1b:
    case 0x1c:
        op(t, OP_select, at);
        pop(t, 2);
        return true;
    case 0x20:
        op(t, OP_local_get, at);
        put_u(t, in->idx);
        push(t, 1);
        return true;
    case 0x21:
        op(t, OP_local_set, at);
        put_u(t, in->idx);
        pop(t, 1);
        return true;
    case 0x22:
        op(t, OP_local_tee, at);
        put_u(t, in->idx);
        return true;
    case 0x23:
        op(t, OP_global_get, at);
        put_u(t, in->idx);
        push(t, 1);
        return true;
    case 0x24:
        op(t, OP_global_set, at);
        put_u(t, in->idx);
        pop(t, 1);
        return true;
    case 0x25:
        op(t, OP_table_get, at);
        put_u(t, in->idx);
        return true;
    case 0x26:
        op(t, OP_table_set, at);
        put_u(t, in->idx);
        pop(t, 2);
        return true;
    case 0x3f:
        op(t, OP_memory_size, at);
        put_u(t, in->idx);
        push(t, 1);
        return true;
    case 0x40:
        op(t, OP_memory_grow, at);
        put_u(t, in->idx);
        return true;
    case 0x41:
        op(t, OP_const32, at);
        put_u(t, (uint32_t)in->i64);
        push(t, 1);
        return true;
    case 0x42:
        op(t, OP_const64, at);
        put_u(t, (uint64_t)in->i64);
        push(t, 1);
        return true;
    case 0x43: {
        /* The slot's f32 and i32 members share their bytes. */
        op(t, OP_const32, at);
        put_u(t, in->f32);
        push(t, 1);
        return true;
    }
    case 0x44:
        op(t, OP_const64, at);
        put_u(t, in->f64);
        push(t, 1);
        return true;
    case 0xd0:
        op(t, OP_const64, at);
        put_u(t, 0);
        push(t, 1);
        return true;
    case 0xd1:
        op(t, OP_ref_is_null, at);
        return true;
    case 0xd2:
        op(t, OP_ref_func, at);
        put_u(t, in->idx);
        push(t, 1);
        return true;
    default:
        break;
    }
    if (code >= INSN_PREFIXED(0xfc, 0) && code <= INSN_PREFIXED(0xfc, 7)) {
        op(t, (enum rt_op)(OP_i32_trunc_sat_f32_s + (code & 0xff)), at);
        return true;
    }
    switch (code) {
    case INSN_PREFIXED(0xfc, 8):
        op(t, OP_memory_init, at);
        put_u(t, in->idx);
        put_u(t, in->idx2);
        pop(t, 3);
        return true;
    case INSN_PREFIXED(0xfc, 9):
        op(t, OP_data_drop, at);
        put_u(t, in->idx);
        return true;
    case INSN_PREFIXED(0xfc, 10):
        op(t, OP_memory_copy, at);
        put_u(t, in->idx);
        put_u(t, in->idx2);
        pop(t, 3);
        return true;
    case INSN_PREFIXED(0xfc, 11):
        op(t, OP_memory_fill, at);
        put_u(t, in->idx);
        pop(t, 3);
        return true;
    case INSN_PREFIXED(0xfc, 12):
        op(t, OP_table_init, at);
        put_u(t, in->idx);
        put_u(t, in->idx2);
        pop(t, 3);
        return true;
    case INSN_PREFIXED(0xfc, 13):
        op(t, OP_elem_drop, at);
        put_u(t, in->idx);
        return true;
    case INSN_PREFIXED(0xfc, 14):
        op(t, OP_table_copy, at);
        put_u(t, in->idx);
        put_u(t, in->idx2);
        pop(t, 3);
        return true;
    case INSN_PREFIXED(0xfc, 15):
        op(t, OP_table_grow, at);
        put_u(t, in->idx);
        pop(t, 1);
        return true;
    case INSN_PREFIXED(0xfc, 16):
        op(t, OP_table_size, at);
        put_u(t, in->idx);
        push(t, 1);
        return true;
    case INSN_PREFIXED(0xfc, 17):
        op(t, OP_table_fill, at);
        put_u(t, in->idx);
        pop(t, 3);
        return true;
    default:
        break;
    }
    if ((code >> 16) == 0xfd)
        return translate_simd(t, in);
    return fail(t, at, "instruction not supported by the interpreter");
}

/* ---- SIMD ------------------------------------------------------------------ */

typedef rt_v128 (*simd_load_fn)(const uint8_t *);

static const struct {
    uint8_t size;
    simd_load_fn fn;
} simd_loads[] = {
    [1] = {8, simd_v128_load8x8_s},   [2] = {8, simd_v128_load8x8_u},
    [3] = {8, simd_v128_load16x4_s},  [4] = {8, simd_v128_load16x4_u},
    [5] = {8, simd_v128_load32x2_s},  [6] = {8, simd_v128_load32x2_u},
    [7] = {1, simd_v128_load8_splat}, [8] = {2, simd_v128_load16_splat},
    [9] = {4, simd_v128_load32_splat}, [10] = {8, simd_v128_load64_splat},
};

static void simd_mem(tr *t, enum rt_op o, const insn *in, uint64_t a, any_fn fn, bool lane)
{
    if (in->mem.memory != 0) {
        op(t, OP_use_mem, in->offset);
        put_u(t, in->mem.memory);
    }
    op(t, o, in->offset);
    put_u(t, in->mem.offset);
    put_u(t, a);
    put_fn(t, fn);
    if (lane)
        put_u(t, in->lane);
    if (in->mem.memory != 0) {
        op(t, OP_use_mem, in->offset);
        put_u(t, 0);
    }
}

static bool translate_simd(tr *t, const insn *in)
{
    uint32_t sub = in->op & 0xffff;
    size_t at = in->offset;
    const simd_op_info *info = simd_op_lookup(sub);
    if (info) {
        switch (info->kind) {
        case SIMD_OP_UNARY:
            op(t, OP_simd_unary, at);
            put_fn(t, (any_fn)info->fn.unary);
            return true;
        case SIMD_OP_BINARY:
            op(t, OP_simd_binary, at);
            put_fn(t, (any_fn)info->fn.binary);
            pop(t, 1);
            return true;
        case SIMD_OP_TERNARY:
            op(t, OP_simd_ternary, at);
            put_fn(t, (any_fn)info->fn.ternary);
            pop(t, 2);
            return true;
        case SIMD_OP_SHIFT:
            op(t, OP_simd_shift, at);
            put_fn(t, (any_fn)info->fn.shift);
            pop(t, 1);
            return true;
        case SIMD_OP_TEST:
            op(t, OP_simd_test, at);
            put_fn(t, (any_fn)info->fn.test);
            return true;
        default:
            break;
        }
    }
    switch (sub) {
    case 0:
        simd_mem(t, OP_v128_load, in, 16, NULL, false);
        return true;
    case 1: case 2: case 3: case 4: case 5: case 6: case 7: case 8: case 9: case 10:
        simd_mem(t, OP_v128_load_fn, in, simd_loads[sub].size, (any_fn)simd_loads[sub].fn,
                 false);
        return true;
    case 92:
        simd_mem(t, OP_v128_load_fn, in, 4, (any_fn)simd_v128_load32_zero, false);
        return true;
    case 93:
        simd_mem(t, OP_v128_load_fn, in, 8, (any_fn)simd_v128_load64_zero, false);
        return true;
    case 11:
        simd_mem(t, OP_v128_store, in, 16, NULL, false);
        pop(t, 2);
        return true;
    case 84: case 85: case 86: case 87: {
        static const uint8_t sizes[] = {1, 2, 4, 8};
        static rt_v128 (*const fns[])(const uint8_t *, rt_v128, unsigned) = {
            simd_v128_load8_lane, simd_v128_load16_lane, simd_v128_load32_lane,
            simd_v128_load64_lane};
        simd_mem(t, OP_v128_load_lane, in, sizes[sub - 84], (any_fn)fns[sub - 84], true);
        pop(t, 1);
        return true;
    }
    case 88: case 89: case 90: case 91: {
        static const uint8_t sizes[] = {1, 2, 4, 8};
        static void (*const fns[])(uint8_t *, rt_v128, unsigned) = {
            simd_v128_store8_lane, simd_v128_store16_lane, simd_v128_store32_lane,
            simd_v128_store64_lane};
        simd_mem(t, OP_v128_store_lane, in, sizes[sub - 88], (any_fn)fns[sub - 88], true);
        pop(t, 2);
        return true;
    }
    case 12:
        op(t, OP_const128, at);
        {
            cell a, b;
            memcpy(&a, in->v128, 8);
            memcpy(&b, in->v128 + 8, 8);
            put(t, a);
            put(t, b);
        }
        push(t, 1);
        return true;
    case 13:
        op(t, OP_simd_shuffle, at);
        {
            cell a, b;
            memcpy(&a, in->v128, 8);
            memcpy(&b, in->v128 + 8, 8);
            put(t, a);
            put(t, b);
        }
        pop(t, 1);
        return true;
    case 15: op(t, OP_simd_splat32, at); put_fn(t, (any_fn)simd_i8x16_splat); return true;
    case 16: op(t, OP_simd_splat32, at); put_fn(t, (any_fn)simd_i16x8_splat); return true;
    case 17: op(t, OP_simd_splat32, at); put_fn(t, (any_fn)simd_i32x4_splat); return true;
    case 18: op(t, OP_simd_splat64, at); put_fn(t, (any_fn)simd_i64x2_splat); return true;
    case 19: op(t, OP_simd_splat32, at); put_fn(t, (any_fn)simd_f32x4_splat); return true;
    case 20: op(t, OP_simd_splat64, at); put_fn(t, (any_fn)simd_f64x2_splat); return true;
    default:
        break;
    }
    if (sub >= 21 && sub <= 34) {
        typedef uint32_t (*ex32)(rt_v128, unsigned);
        typedef uint64_t (*ex64)(rt_v128, unsigned);
        typedef rt_v128 (*rp32)(rt_v128, unsigned, uint32_t);
        typedef rt_v128 (*rp64)(rt_v128, unsigned, uint64_t);
        enum rt_op o;
        any_fn fn;
        switch (sub) {
        case 21: o = OP_simd_extract32; fn = (any_fn)(ex32)simd_i8x16_extract_lane_s; break;
        case 22: o = OP_simd_extract32; fn = (any_fn)(ex32)simd_i8x16_extract_lane_u; break;
        case 23: o = OP_simd_replace32; fn = (any_fn)(rp32)simd_i8x16_replace_lane; break;
        case 24: o = OP_simd_extract32; fn = (any_fn)(ex32)simd_i16x8_extract_lane_s; break;
        case 25: o = OP_simd_extract32; fn = (any_fn)(ex32)simd_i16x8_extract_lane_u; break;
        case 26: o = OP_simd_replace32; fn = (any_fn)(rp32)simd_i16x8_replace_lane; break;
        case 27: o = OP_simd_extract32; fn = (any_fn)(ex32)simd_i32x4_extract_lane; break;
        case 28: o = OP_simd_replace32; fn = (any_fn)(rp32)simd_i32x4_replace_lane; break;
        case 29: o = OP_simd_extract64; fn = (any_fn)(ex64)simd_i64x2_extract_lane; break;
        case 30: o = OP_simd_replace64; fn = (any_fn)(rp64)simd_i64x2_replace_lane; break;
        case 31: o = OP_simd_extract32; fn = (any_fn)(ex32)simd_f32x4_extract_lane; break;
        case 32: o = OP_simd_replace32; fn = (any_fn)(rp32)simd_f32x4_replace_lane; break;
        case 33: o = OP_simd_extract64; fn = (any_fn)(ex64)simd_f64x2_extract_lane; break;
        default: o = OP_simd_replace64; fn = (any_fn)(rp64)simd_f64x2_replace_lane; break;
        }
        op(t, o, at);
        put_fn(t, fn);
        put_u(t, in->lane);
        if (o == OP_simd_replace32 || o == OP_simd_replace64)
            pop(t, 1);
        return true;
    }
    return fail(t, at, "SIMD instruction not supported by the interpreter");
}

/* ---- structure -------------------------------------------------------------- */

static bool handle_else(tr *t, const insn *in)
{
    ctl *c = &t->ctls[t->ctl_count - 1];
    if (!c->unreachable) {
        op(t, OP_br, in->offset);
        uint32_t here = t->count;
        put_target(t, c->patch_head);
        c->patch_head = here + 1;
    }
    patch_chain(t, c->else_patch, t->count);
    c->else_patch = NO_PATCH;
    c->kind = CTL_ELSE;
    c->unreachable = false;
    t->height = c->height + c->nparams;
    return true;
}

static bool handle_end(tr *t, const insn *in)
{
    ctl *c = &t->ctls[t->ctl_count - 1];
    patch_chain(t, c->patch_head, t->count);
    patch_chain(t, c->else_patch, t->count);
    t->height = c->height;
    push(t, c->nresults);
    bool is_func = c->kind == CTL_FUNC;
    t->ctl_count--;
    if (is_func)
        op(t, OP_return, in->offset);
    return true;
}

/* Skips instructions in unreachable code, keeping track of nested blocks.
 * Returns true with *resume set when a structural else/end of the current
 * frame was reached. */
static bool skip_insn(tr *t, const insn *in, bool *resume)
{
    *resume = false;
    switch (in->op) {
    case 0x02:
    case 0x03:
    case 0x04:
        t->skip_depth++;
        return true;
    case 0x05:
        if (t->skip_depth == 0)
            *resume = true;
        return true;
    case 0x0b:
        if (t->skip_depth == 0)
            *resume = true;
        else
            t->skip_depth--;
        return true;
    default:
        return true;
    }
}

static bool finish(tr *t, rt_code *out)
{
    const void *const *labels = rt_interp_labels();
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
    t->cells = NULL;
    t->map = NULL;
    return true;
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
        total += n;
        if (total > 50000)
            return fail(t, rd_offset(r) + t->body_offset, "too many locals");
    }
    out->local_count = (uint32_t)total;
    return true;
}

bool rt_translate(const comp_module *m, uint32_t func_index, rt_code *out, comp_error *err)
{
    const comp_code *body = &m->codes[func_index];
    const comp_functype *ft = &m->types[m->funcs[func_index]];
    memset(out, 0, sizeof *out);
    out->param_count = ft->param_count;
    out->result_count = ft->result_count;
    out->body_offset = body->offset;
    out->func_index = m->imported_funcs + func_index;

    tr t = {.m = m, .err = err, .body_offset = body->offset};
    rd r;
    rd_init(&r, body->body, body->len, NULL, err);
    /* rd offsets count from body[0]: shift them to module offsets. */
    bool ok = read_locals(&t, &r, ft, out);
    if (ok && !push_ctl(&t, CTL_FUNC, 0, ft->result_count))
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
        if (in.op == 0x05)
            ok = handle_else(&t, &in);
        else if (in.op == 0x0b)
            ok = handle_end(&t, &in);
        else
            ok = translate_insn(&t, &in, &r);
    }
    if (ok && t.oom)
        ok = fail(&t, body->offset, "out of memory");
    if (ok)
        ok = finish(&t, out);
    free(t.cells);
    free(t.map);
    free(t.targets);
    free(t.ctls);
    return ok;
}

void rt_code_release(rt_code *code)
{
    free(code->cells);
    free(code->pcmap);
    code->cells = NULL;
    code->pcmap = NULL;
}
