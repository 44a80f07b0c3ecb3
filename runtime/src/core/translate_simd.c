/* Translation of the 0xfd SIMD instructions: operations from simd_ops.h
 * are called through function pointers stored in the code. */
#include <string.h>

#include "core/simd_ops.h"
#include "core/translate.h"


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

enum { SM_LOAD, SM_LOAD_LANE, SM_STORE, SM_STORE_LANE };

/* Layouts: load: dst addr; load_lane: dst addr vec; store and store_lane:
 * addr vec; then offset, size, fn, and the lane for lane forms. */
static void simd_mem(tr *t, enum rt_op o, const insn *in, uint64_t size, any_fn fn, int kind)
{
    size_t at = in->offset;
    uint32_t vec = 0, addr;
    if (kind == SM_LOAD) {
        addr = tr_src_top(t, 0, at);
        tr_pop(t, 1);
    } else {
        vec = tr_src_top(t, 0, at);
        addr = tr_src_top(t, 1, at);
        tr_pop(t, 2);
    }
    if (in->mem.memory != 0) {
        tr_op(t, OP_use_mem, at);
        tr_put_u(t, in->mem.memory);
    }
    if (kind == SM_LOAD || kind == SM_LOAD_LANE) {
        tr_op_dst(t, o, at, tr_push_slot(t));
        tr_put_slot(t, addr);
        if (kind == SM_LOAD_LANE)
            tr_put_slot(t, vec);
    } else {
        tr_op(t, o, at);
        tr_put_slot(t, addr);
        tr_put_slot(t, vec);
    }
    tr_put_u(t, in->mem.offset);
    tr_put_u(t, size);
    tr_put_fn(t, fn);
    if (kind == SM_LOAD_LANE || kind == SM_STORE_LANE)
        tr_put_u(t, in->lane);
    if (in->mem.memory != 0) {
        tr_op(t, OP_use_mem, at);
        tr_put_u(t, 0);
    }
}

static void put_bytes16(tr *t, const uint8_t *b)
{
    cell a, c;
    memcpy(&a, b, 8);
    memcpy(&c, b + 8, 8);
    tr_put(t, a);
    tr_put(t, c);
}

bool tr_translate_simd(tr *t, const insn *in)
{
    uint32_t sub = in->op & 0xffff;
    size_t at = in->offset;
    const simd_op_info *info = simd_op_lookup(sub);
    if (info) {
        switch (info->kind) {
        case SIMD_OP_UNARY:
            tr_emit_n(t, OP_simd_unary, at, 1);
            tr_put_fn(t, (any_fn)info->fn.unary);
            return true;
        case SIMD_OP_BINARY:
            tr_emit_n(t, OP_simd_binary, at, 2);
            tr_put_fn(t, (any_fn)info->fn.binary);
            return true;
        case SIMD_OP_TERNARY:
            tr_emit_n(t, OP_simd_ternary, at, 3);
            tr_put_fn(t, (any_fn)info->fn.ternary);
            return true;
        case SIMD_OP_SHIFT:
            tr_emit_n(t, OP_simd_shift, at, 2);
            tr_put_fn(t, (any_fn)info->fn.shift);
            return true;
        case SIMD_OP_TEST:
            tr_emit_n(t, OP_simd_test, at, 1);
            tr_put_fn(t, (any_fn)info->fn.test);
            return true;
        default:
            break;
        }
    }
    switch (sub) {
    case 0:
        simd_mem(t, OP_v128_load, in, 16, NULL, SM_LOAD);
        return true;
    case 1: case 2: case 3: case 4: case 5: case 6: case 7: case 8: case 9: case 10:
        simd_mem(t, OP_v128_load_fn, in, simd_loads[sub].size, (any_fn)simd_loads[sub].fn,
                 SM_LOAD);
        return true;
    case 92:
        simd_mem(t, OP_v128_load_fn, in, 4, (any_fn)simd_v128_load32_zero, SM_LOAD);
        return true;
    case 93:
        simd_mem(t, OP_v128_load_fn, in, 8, (any_fn)simd_v128_load64_zero, SM_LOAD);
        return true;
    case 11:
        simd_mem(t, OP_v128_store, in, 16, NULL, SM_STORE);
        return true;
    case 84: case 85: case 86: case 87: {
        static const uint8_t sizes[] = {1, 2, 4, 8};
        static rt_v128 (*const fns[])(const uint8_t *, rt_v128, unsigned) = {
            simd_v128_load8_lane, simd_v128_load16_lane, simd_v128_load32_lane,
            simd_v128_load64_lane};
        simd_mem(t, OP_v128_load_lane, in, sizes[sub - 84], (any_fn)fns[sub - 84], SM_LOAD_LANE);
        return true;
    }
    case 88: case 89: case 90: case 91: {
        static const uint8_t sizes[] = {1, 2, 4, 8};
        static void (*const fns[])(uint8_t *, rt_v128, unsigned) = {
            simd_v128_store8_lane, simd_v128_store16_lane, simd_v128_store32_lane,
            simd_v128_store64_lane};
        simd_mem(t, OP_v128_store_lane, in, sizes[sub - 88], (any_fn)fns[sub - 88],
                 SM_STORE_LANE);
        return true;
    }
    case 12:
        tr_op_dst(t, OP_const128, at, tr_push_slot(t));
        put_bytes16(t, in->v128);
        return true;
    case 13:
        tr_emit_n(t, OP_simd_shuffle, at, 2);
        put_bytes16(t, in->v128);
        return true;
    case 15: tr_emit_n(t, OP_simd_splat32, at, 1); tr_put_fn(t, (any_fn)simd_i8x16_splat); return true;
    case 16: tr_emit_n(t, OP_simd_splat32, at, 1); tr_put_fn(t, (any_fn)simd_i16x8_splat); return true;
    case 17: tr_emit_n(t, OP_simd_splat32, at, 1); tr_put_fn(t, (any_fn)simd_i32x4_splat); return true;
    case 18: tr_emit_n(t, OP_simd_splat64, at, 1); tr_put_fn(t, (any_fn)simd_i64x2_splat); return true;
    case 19: tr_emit_n(t, OP_simd_splat32, at, 1); tr_put_fn(t, (any_fn)simd_f32x4_splat); return true;
    case 20: tr_emit_n(t, OP_simd_splat64, at, 1); tr_put_fn(t, (any_fn)simd_f64x2_splat); return true;
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
        tr_emit_n(t, o, at, (o == OP_simd_replace32 || o == OP_simd_replace64) ? 2 : 1);
        tr_put_fn(t, fn);
        tr_put_u(t, in->lane);
        return true;
    }
    return tr_fail(t, at, "SIMD instruction not supported by the interpreter");
}

