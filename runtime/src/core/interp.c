/* The interpreter loop: threaded dispatch over translated code (computed
 * goto under GCC/clang, a switch elsewhere). Wasm calls push an rt_frame on
 * the store's frame stack and continue in the same loop, so guest recursion
 * never uses the C stack. A frame is a run of 16-byte slots (locals, then
 * operands) and every instruction names the slots it reads and writes (as
 * byte offsets from fp), so there is no operand stack pointer. A callee's
 * frame starts at its first argument in the caller's frame; its results end
 * up in the same place. Besides one handler per wasm instruction there are
 * fused forms the translator emits for common sequences (ops.h) and
 * handlers for pairs and triples of adjacent instructions
 * (translate_pairs.c, op_bodies.h). Fuel and the interrupt flag are read in
 * batches (fuel_refill). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/insn.h"
#include "core/numeric.h"
#include "core/op_bodies.h"
#include "core/ops.h"
#include "core/rt_internal.h"
#include "core/simd_ops.h"

/* Computed goto where the compiler has it (define RT_NO_THREADED to test
 * the portable switch). */
#if defined(__GNUC__) && !defined(RT_NO_THREADED)
#define RT_THREADED 1
#else
#define RT_THREADED 0
#endif
#if defined(__GNUC__)
#define UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#define UNLIKELY(x) (x)
#endif

/* Wasm memory is little-endian; these read and write it on any host. */
#if defined(__BYTE_ORDER__) && defined(__ORDER_BIG_ENDIAN__) && \
    __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define LE16(x) __builtin_bswap16(x)
#define LE32(x) __builtin_bswap32(x)
#define LE64(x) __builtin_bswap64(x)
#else
#define LE16(x) (x)
#define LE32(x) (x)
#define LE64(x) (x)
#endif

/* Operand types by slot member, for the handler macros. */
typedef uint32_t i32_t;
typedef uint64_t i64_t;
typedef float f32_t;
typedef double f64_t;

static inline uint16_t ld16(const uint8_t *p) { uint16_t v; memcpy(&v, p, 2); return LE16(v); }
static inline uint32_t ld32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return LE32(v); }
static inline uint64_t ld64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return LE64(v); }
static inline void put_f32(slot *s, float f)
{
    uint32_t bits;
    memcpy(&bits, &f, sizeof bits);
    s->i64 = bits;
}

static inline void st16(uint8_t *p, uint16_t v) { v = LE16(v); memcpy(p, &v, 2); }
static inline void st32(uint8_t *p, uint32_t v) { v = LE32(v); memcpy(p, &v, 4); }
static inline void st64(uint8_t *p, uint64_t v) { v = LE64(v); memcpy(p, &v, 8); }

void rt_val_to_slot(const rt_val *v, slot *s)
{
    memset(s, 0, sizeof *s);
    switch (v->kind) {
    case RT_I32: s->i32 = v->of.i32; break;
    case RT_F32: s->i32 = v->of.f32; break;
    case RT_I64: s->i64 = v->of.i64; break;
    case RT_F64: s->i64 = v->of.f64; break;
    case RT_V128: s->v128 = v->of.v128; break;
    case RT_FUNCREF: s->ref = v->of.funcref; break;
    case RT_EXNREF: s->ref = v->of.exnref; break;
    default: s->ref = v->of.externref; break;
    }
}

rt_val rt_slot_to_val(const slot *s, uint8_t kind)
{
    rt_val v;
    memset(&v, 0, sizeof v);
    v.kind = kind;
    switch (kind) {
    case RT_I32: v.of.i32 = s->i32; break;
    case RT_F32: v.of.f32 = s->i32; break;
    case RT_I64: v.of.i64 = s->i64; break;
    case RT_F64: v.of.f64 = s->i64; break;
    case RT_V128: v.of.v128 = s->v128; break;
    case RT_FUNCREF: v.of.funcref = s->ref; break;
    case RT_EXNREF: v.of.exnref = s->ref; break;
    default: v.of.externref = s->ref; break;
    }
    return v;
}

static bool ensure_stacks(rt_store *s)
{
    if (s->stack)
        return true;
    s->stack = malloc((size_t)s->limits.max_stack_slots * sizeof(slot));
    s->frames = malloc((size_t)(s->limits.max_call_depth + 1) * sizeof(rt_frame));
    if (!s->stack || !s->frames) {
        free(s->stack);
        free(s->frames);
        s->stack = NULL;
        s->frames = NULL;
        return false;
    }
    s->stack_top = s->stack;
    return true;
}

/* Calls a host function with its arguments at args[0..params) and puts the
 * results at args[0..results). */
static bool call_host(rt_func *g, rt_instance *caller, slot *args, rt_trap *trap)
{
    const comp_functype *ft = g->type;
    rt_val small[16];
    uint32_t n = ft->param_count + ft->result_count;
    rt_val *vals = n <= 16 ? small : malloc((size_t)n * sizeof(rt_val));
    if (!vals) {
        rt_trap_at(trap, RT_TRAP_RESOURCE, "out of memory calling a host function");
        return false;
    }
    rt_val *params = vals, *results = vals + ft->param_count;
    for (uint32_t i = 0; i < ft->param_count; i++)
        params[i] = rt_slot_to_val(&args[i], ft->params[i]);
    for (uint32_t i = 0; i < ft->result_count; i++) {
        memset(&results[i], 0, sizeof results[i]);
        results[i].kind = ft->results[i];
    }
    trap->kind = RT_TRAP_NONE;
    trap->backtrace_count = 0;
    trap->exception = NULL;
    bool ok = g->fn(g->user, caller, params, results, trap);
    if (ok) {
        for (uint32_t i = 0; i < ft->result_count; i++) {
            if (results[i].kind != ft->results[i]) {
                rt_trap_at(trap, RT_TRAP_HOST, "host function returned a value of the wrong type");
                ok = false;
                break;
            }
            rt_val_to_slot(&results[i], &args[i]);
        }
    } else if (trap->kind == RT_TRAP_NONE) {
        rt_trap_at(trap, RT_TRAP_HOST, NULL);
    }
    if (vals != small)
        free(vals);
    return ok;
}

/* The module offset of the instruction whose cells include `pc`. */
static size_t code_offset(const rt_code *code, const cell *pc)
{
    uint32_t at = (uint32_t)(pc - code->cells);
    uint32_t lo = 0, hi = code->pcmap_count;
    /* The last instruction starting at or before `at`. */
    while (hi - lo > 1) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (code->pcmap[mid].cell <= at)
            lo = mid;
        else
            hi = mid;
    }
    return code->pcmap_count ? code->body_offset + code->pcmap[lo].offset : code->body_offset;
}

static void locate_trap(const rt_code *code, const cell *pc, const rt_instance *inst, rt_trap *trap)
{
    if (!code) {
        trap->func_index = UINT32_MAX;
        return;
    }
    trap->func_index = code->func_index;
    rt_func_name(inst, code->func_index, trap->func_name, sizeof trap->func_name);
    trap->offset = code_offset(code, pc);
}

static void add_frame(rt_trap *trap, const rt_code *code, const cell *pc, const rt_instance *inst)
{
    if (trap->backtrace_count == RT_TRAP_BACKTRACE_MAX) {
        trap->backtrace_omitted++;
        return;
    }
    rt_trap_frame *f = &trap->backtrace[trap->backtrace_count++];
    f->func_index = code->func_index;
    f->offset = code_offset(code, pc);
    rt_func_name(inst, code->func_index, f->func_name, sizeof f->func_name);
}

/* The wasm frames active at a trap, innermost first: the trapping one at
 * `pc`, then every saved frame below `top` (callers in this run and, past
 * host calls, in the runs that called the host). Frames without code mark
 * entries from the host and are skipped. Runs only when a trap happens. */
static void fill_backtrace(const rt_store *s, const rt_frame *top, const rt_code *code,
                           const cell *pc, const rt_instance *inst, rt_trap *trap)
{
    trap->backtrace_count = trap->backtrace_omitted = 0;
    if (code && pc)
        add_frame(trap, code, pc, inst);
    for (const rt_frame *f = top; f-- > s->frames;)
        if (f->code && f->ret_pc)
            add_frame(trap, f->code, f->ret_pc - 1, f->inst);
}

/* The catch clause of `code` that takes `exn` thrown by the instruction
 * at cell `at`: the innermost try_table around it with a matching clause
 * (handlers are in start order and properly nested, so the later of two
 * that both contain `at` is the inner one). */
static const rt_catch *find_catch(const rt_code *code, const rt_instance *inst, uint32_t at,
                                  const rt_exn *exn)
{
    for (uint32_t h = code->handler_count; h-- > 0;) {
        const rt_handler *hd = &code->handlers[h];
        if (at < hd->start || at >= hd->end)
            continue;
        for (uint32_t i = 0; i < hd->catch_count; i++) {
            const rt_catch *k = &code->catches[hd->first_catch + i];
            if (k->kind == INSN_CATCH_ALL || k->kind == INSN_CATCH_ALL_REF ||
                inst->tags[k->tag] == exn->tag)
                return k;
        }
    }
    return NULL;
}

/* Fuel and the interrupt flag are checked in batches: a local countdown
 * (`ticks`) runs over at most TICK_BATCH checks, then fuel_refill settles
 * the batch against the store's fuel (exactly: a trap comes at the same
 * check as with one unit taken per check) and reads the interrupt flag. */
#define TICK_BATCH 1024u

/* Charges the `used` checks of the last batch and starts the next one in
 * *ticks; RT_TRAP_NONE or the trap to raise. */
static rt_trap_kind fuel_refill(rt_store *s, uint32_t used, uint32_t *ticks, uint32_t *batch)
{
    if (s->fuel != RT_FUEL_UNLIMITED)
        s->fuel -= used;
    *ticks = *batch = 0;
    if (s->fuel == 0)
        return RT_TRAP_OUT_OF_FUEL;
    if (atomic_load_explicit(&s->interrupt, memory_order_relaxed))
        return RT_TRAP_INTERRUPTED;
    *ticks = *batch = s->fuel < TICK_BATCH ? (uint32_t)s->fuel : TICK_BATCH;
    return RT_TRAP_NONE;
}

/* Charges the checks made so far in the current batch (before leaving the
 * loop or calling the host, who may read or set the fuel). */
static void fuel_settle(rt_store *s, uint32_t *ticks, uint32_t *batch)
{
    if (s->fuel != RT_FUEL_UNLIMITED)
        s->fuel -= *batch - *ticks;
    *ticks = *batch = 0;
}

static bool run(rt_store *s, rt_func *entry, const slot *args, slot *results, rt_trap *trap,
                const void *const **labels_out)
{
#if RT_THREADED
#define RT_LABEL_ADDR(name) &&L_##name,
    static const void *const labels[OP_COUNT_] = {RT_OPS(RT_LABEL_ADDR)};
#undef RT_LABEL_ADDR
    if (labels_out) {
        *labels_out = labels;
        return true;
    }
#define OP(name) L_##name:
#define NEXT() goto *(pc++)->label
#else
    if (labels_out) {
        *labels_out = NULL;
        return true;
    }
#define OP(name) case OP_##name:
#define NEXT() goto dispatch
#endif

    rt_frame *const frames = s->frames;
    /* The next free frame; s->frame_depth is synced around host calls. */
    rt_frame *fr = frames + s->frame_depth;
    rt_frame *const fr_base = fr;
    rt_frame *const fr_limit = frames + s->limits.max_call_depth;
    uint32_t ticks = 0, batch = 0; /* the first check reads the store */
    slot *const saved_top = s->stack_top;
    slot *const stack_end = s->stack + s->limits.max_stack_slots;
    rt_trap_kind trap_kind = RT_TRAP_NONE;
    uint32_t trap_elem = 0; /* the table index, for element traps' messages */
    const cell *pc = NULL;
    slot *fp = NULL;
    rt_instance *inst = NULL;
    const rt_code *code = NULL;
    uint8_t *mb = NULL;
    uint64_t ms = 0;
    rt_func *g = entry;
    const cell *ret = NULL;
    slot *call_args = s->stack_top;
    rt_exn *exn = NULL; /* the exception being thrown */

/* The frame slot at byte offset `off`; operand i of the instruction. */
#define AT(off) ((slot *)((char *)fp + (off)))
#define S(i) (*AT(pc[i].u))
/* Results are written 8 bytes wide (i32 and f32 zero-extended): a later
 * 8-byte copy of the slot then reads exactly what was stored, which CPUs
 * forward from the store buffer; a wider read than the last write stalls. */
#define PUT_i32(v) (S(0).i64 = (uint32_t)(v))
#define PUT_i64(v) (S(0).i64 = (v))
#define PUT_f32(v) put_f32(&S(0), (v))
#define PUT_f64(v) (S(0).f64 = (v))
#define LOAD_MEM()                                                 \
    do {                                                           \
        if (inst->memory_count) {                                  \
            rt_memory *m0_ = inst->memories[0];                    \
            mb = m0_->data;                                        \
            ms = m0_->pages * RT_PAGE_SIZE;                        \
        } else {                                                   \
            mb = NULL;                                             \
            ms = 0;                                                \
        }                                                          \
    } while (0)
#define TRAP(kind)                 \
    do {                           \
        trap_kind = (kind);        \
        goto trapped;              \
    } while (0)
#define CHECK_FUEL()                                                          \
    do {                                                                      \
        if (UNLIKELY(ticks == 0)) {                                           \
            rt_trap_kind k_ = fuel_refill(s, batch, &ticks, &batch);          \
            if (k_ != RT_TRAP_NONE)                                           \
                TRAP(k_);                                                     \
        }                                                                     \
        ticks--;                                                              \
    } while (0)

/* Branches backwards (loop back-edges) are where fuel and the interrupt
 * flag are checked, besides calls. */
#define JUMP(target)                        \
    do {                                    \
        const cell *to_ = (target);         \
        if (to_ <= pc)                      \
            CHECK_FUEL();                   \
        pc = to_;                           \
    } while (0)

    {
        uint32_t np = entry->type->param_count, nr = entry->type->result_count;
        if ((size_t)(stack_end - call_args) < (np > nr ? np : nr) + (size_t)1) {
            trap_kind = RT_TRAP_STACK_EXHAUSTED;
            goto trapped;
        }
        memcpy(call_args, args, np * sizeof(slot));
    }
    goto do_call;

#if !RT_THREADED
dispatch:
    switch ((pc++)->op) {
#endif

    /* ---- control -------------------------------------------------------- */
    /* br: target */
    OP(unreachable) TRAP(RT_TRAP_UNREACHABLE);
    OP(br) JUMP(pc[0].target); NEXT();
    /* br_if, br_unless: cond target */
    OP(br_if) {
        if (S(0).i32)
            JUMP(pc[1].target);
        else
            pc += 2;
        NEXT();
    }
    OP(br_unless) {
        if (!S(0).i32)
            pc = pc[1].target;
        else
            pc += 2;
        NEXT();
    }
#define BR_CMP(name, expr)                  \
    OP(name) {                              \
        uint32_t a = S(0).i32, b = S(1).i32; \
        (void)b;                            \
        if (expr)                           \
            JUMP(pc[2].target);             \
        else                                \
            pc += 3;                        \
        NEXT();                             \
    }
    OP(br_if_i32_eqz) {
        if (S(0).i32 == 0)
            JUMP(pc[1].target);
        else
            pc += 2;
        NEXT();
    }
    BR_CMP(br_if_i32_eq, a == b)
    BR_CMP(br_if_i32_ne, a != b)
    BR_CMP(br_if_i32_lt_s, (int32_t)a < (int32_t)b)
    BR_CMP(br_if_i32_lt_u, a < b)
    BR_CMP(br_if_i32_gt_s, (int32_t)a > (int32_t)b)
    BR_CMP(br_if_i32_gt_u, a > b)
    BR_CMP(br_if_i32_le_s, (int32_t)a <= (int32_t)b)
    BR_CMP(br_if_i32_le_u, a <= b)
    BR_CMP(br_if_i32_ge_s, (int32_t)a >= (int32_t)b)
    BR_CMP(br_if_i32_ge_u, a >= b)
/* The same against an immediate: a imm target. */
#define BR_CMP_RI(name, expr)                          \
    OP(name##_ri) {                                    \
        uint32_t a = S(0).i32, b = (uint32_t)pc[1].u;  \
        if (expr)                                      \
            JUMP(pc[2].target);                        \
        else                                           \
            pc += 3;                                   \
        NEXT();                                        \
    }
    BR_CMP_RI(br_if_i32_eq, a == b)
    BR_CMP_RI(br_if_i32_ne, a != b)
    BR_CMP_RI(br_if_i32_lt_s, (int32_t)a < (int32_t)b)
    BR_CMP_RI(br_if_i32_lt_u, a < b)
    BR_CMP_RI(br_if_i32_gt_s, (int32_t)a > (int32_t)b)
    BR_CMP_RI(br_if_i32_gt_u, a > b)
    BR_CMP_RI(br_if_i32_le_s, (int32_t)a <= (int32_t)b)
    BR_CMP_RI(br_if_i32_le_u, a <= b)
    BR_CMP_RI(br_if_i32_ge_s, (int32_t)a >= (int32_t)b)
    BR_CMP_RI(br_if_i32_ge_u, a >= b)
/* f64 comparisons: a b target, or a imm target (the immediate's bits). */
#define BR_CMP_F64(name, expr)                         \
    OP(name) {                                         \
        double a = S(0).f64, b = S(1).f64;             \
        if (expr)                                      \
            JUMP(pc[2].target);                        \
        else                                           \
            pc += 3;                                   \
        NEXT();                                        \
    }                                                  \
    OP(name##_ri) {                                    \
        double a = S(0).f64, b;                        \
        uint64_t bits = pc[1].u;                       \
        memcpy(&b, &bits, 8);                          \
        if (expr)                                      \
            JUMP(pc[2].target);                        \
        else                                           \
            pc += 3;                                   \
        NEXT();                                        \
    }
    BR_CMP_F64(br_if_f64_lt, a < b)
    BR_CMP_F64(br_if_f64_gt, a > b)
    BR_CMP_F64(br_if_f64_le, a <= b)
    BR_CMP_F64(br_if_f64_ge, a >= b)
    /* A counter step and its test: dst a imm target (dst = a + imm, branch
     * if the sum is not zero). */
    OP(br_if_i32_add_ri) {
        uint32_t v = S(1).i32 + (uint32_t)pc[2].u;
        PUT_i32(v);
        if (v)
            JUMP(pc[3].target);
        else
            pc += 4;
        NEXT();
    }
    /* br_table: index count arity src, then (target, dst) per label */
    OP(br_table) {
        uint32_t i = S(0).i32;
        uint64_t n = pc[1].u, arity = pc[2].u, src = pc[3].u;
        if (i > n)
            i = (uint32_t)n;
        const cell *e = pc + 4 + 2 * (size_t)i;
        uint64_t dst = e[1].u;
        if (dst != src)
            memmove(AT(dst), AT(src), arity * sizeof(slot));
        JUMP(e[0].target);
        NEXT();
    }
    /* return: src (results move to slot 0..); return64 moves 8 bytes per
     * result. Sources lie at or above slot 0, so copying upwards is safe. */
    OP(return64) {
        uint32_t n = code->result_count;
        const slot *src = AT(pc[0].u);
        for (uint32_t i = 0; i < n; i++)
            fp[i].i64 = src[i].i64;
        goto pop_frame;
    }
    /* return1: src (the one result); return_imm: bits (a constant one) */
    OP(return1_64) fp[0].i64 = AT(pc[0].u)->i64; goto pop_frame;
    OP(return1) fp[0] = *AT(pc[0].u); goto pop_frame;
    OP(return_imm) fp[0].i64 = pc[0].u; goto pop_frame;
    /* throw: tag base (the tag's values are in slots from base on) */
    OP(throw) {
        rt_tag *tag = inst->tags[pc[0].u];
        uint32_t n = tag->type->param_count;
        exn = malloc(sizeof *exn + (size_t)n * sizeof(slot));
        if (!exn)
            TRAP(RT_TRAP_RESOURCE);
        exn->tag = tag;
        exn->owned = false;
        exn->count = n;
        memcpy(exn->values, AT(pc[1].u), (size_t)n * sizeof(slot));
        goto unwind;
    }
    /* throw_ref: src */
    OP(throw_ref) {
        exn = S(0).ref;
        if (!exn)
            TRAP(RT_TRAP_NULL_EXN);
        goto unwind;
    }
    OP(return) {
        uint32_t n = code->result_count;
        if (n == 1)
            fp[0] = *AT(pc[0].u);
        else
            memmove(fp, AT(pc[0].u), n * sizeof(slot));
    }
    pop_frame: {
        rt_frame *f = --fr;
        if (f == fr_base)
            goto finished;
        pc = f->ret_pc;
        fp = f->fp;
        code = f->code;
        /* Within one instance the cached memory stays valid: a callee that
         * grew it reloaded the cache itself. */
        if (f->inst != inst) {
            inst = f->inst;
            LOAD_MEM();
        }
        NEXT();
    }
    /* call: func base */
    OP(call) {
        g = inst->funcs[pc[0].u];
        call_args = AT(pc[1].u);
        ret = pc + 2;
        goto do_call;
    }
    /* call_code: code base n, then n (dst, src) pairs: a function of the
     * same module (so of the same instance), with the moves of arguments
     * from locals into the callee's frame done here rather than by copy
     * instructions; call_code64 moves 8 bytes per argument. */
    OP(call_code64) {
        uint64_t n = pc[2].u;
        for (uint64_t i = 0; i < n; i++)
            AT(pc[3 + 2 * i].u)->i64 = AT(pc[4 + 2 * i].u)->i64;
        goto enter_code;
    }
    OP(call_code) {
        uint64_t n = pc[2].u;
        for (uint64_t i = 0; i < n; i++)
            *AT(pc[3 + 2 * i].u) = *AT(pc[4 + 2 * i].u);
    }
    enter_code: {
        const rt_code *callee = pc[0].p;
        call_args = AT(pc[1].u);
        if (UNLIKELY(fr >= fr_limit || (size_t)(stack_end - call_args) < callee->max_height))
            TRAP(RT_TRAP_STACK_EXHAUSTED);
        CHECK_FUEL();
        *fr++ = (rt_frame){pc + 3 + 2 * pc[2].u, fp, inst, code};
        fp = call_args;
        for (slot *z = fp + callee->param_count, *zend = fp + callee->local_count; z < zend; z++)
            z->v128.u64[0] = z->v128.u64[1] = 0;
        code = callee;
        pc = code->cells;
        NEXT();
    }
    /* call_indirect: type base table index */
    OP(call_indirect) {
        uint32_t i = S(3).i32;
        rt_table *t = inst->tables[pc[2].u];
        trap_elem = i;
        if (i >= t->size)
            TRAP(RT_TRAP_UNDEFINED_ELEMENT);
        g = t->elems[i];
        if (!g)
            TRAP(RT_TRAP_UNINITIALIZED_ELEMENT);
        const comp_functype *want = &inst->module->m->types[pc[0].u];
        if (g->type != want && !rt_functype_equal(g->type, want))
            TRAP(RT_TRAP_INDIRECT_TYPE);
        call_args = AT(pc[1].u);
        ret = pc + 4;
        goto do_call;
    }
    /* select: dst a b cond */
    OP(select) {
        S(0) = S(3).i32 ? S(1) : S(2);
        pc += 4;
        NEXT();
    }
    OP(select64) {
        S(0).i64 = S(3).i32 ? S(1).i64 : S(2).i64;
        pc += 4;
        NEXT();
    }

    /* ---- variables -------------------------------------------------------- */
    /* copy: dst src */
    OP(copy) S(0) = S(1); pc += 2; NEXT();
    OP(copy64) S(0).i64 = S(1).i64; pc += 2; NEXT();
    /* copy2: dst src dst2 src2, in that order */
    OP(copy2) S(0) = S(1); S(2) = S(3); pc += 4; NEXT();
    OP(copy2_64) S(0).i64 = S(1).i64; S(2).i64 = S(3).i64; pc += 4; NEXT();
    /* global_get: dst global; global_set: src global */
    OP(global_get) S(0) = inst->globals[pc[1].u]->value; pc += 2; NEXT();
    OP(global_set) inst->globals[pc[1].u]->value = S(0); pc += 2; NEXT();
    OP(global_get64) S(0).i64 = inst->globals[pc[1].u]->value.i64; pc += 2; NEXT();
    OP(global_set64) inst->globals[pc[1].u]->value.i64 = S(0).i64; pc += 2; NEXT();
    /* const32, const64: dst bits; const128: dst 16 bytes */
    OP(const32) PUT_i32(pc[1].u); pc += 2; NEXT();
    OP(const64) S(0).i64 = pc[1].u; pc += 2; NEXT();
    OP(const128) memcpy(&S(0).v128, pc + 1, 16); pc += 3; NEXT();
    /* ref_is_null: dst src; ref_func: dst func */
    OP(ref_is_null) {
        void *r = S(1).ref;
        PUT_i32(r == NULL);
        pc += 2;
        NEXT();
    }
    OP(ref_func) S(0).ref = inst->funcs[pc[1].u]; pc += 2; NEXT();

    /* ---- numeric: dst a [b] ----------------------------------------------- */
#define UN(name, get, put, expr)        \
    OP(name) {                          \
        get##_t a = S(1).get;           \
        PUT_##put(expr);                \
        pc += 2;                        \
        NEXT();                         \
    }
#define BIN(name, get, put, expr)       \
    OP(name) {                          \
        get##_t a = S(1).get;           \
        get##_t b = S(2).get;           \
        PUT_##put(expr);                \
        pc += 3;                        \
        NEXT();                         \
    }
/* The same with an immediate right operand: dst a imm. */
#define BIN_RI(name, get, put, expr)    \
    OP(name##_ri) {                     \
        get##_t a = S(1).get;           \
        get##_t b = (get##_t)pc[2].u;   \
        PUT_##put(expr);                \
        pc += 3;                        \
        NEXT();                         \
    }
#define IBIN(name, get, put, expr) BIN(name, get, put, expr) BIN_RI(name, get, put, expr)
    UN(i32_eqz, i32, i32, a == 0)
    IBIN(i32_eq, i32, i32, a == b)
    IBIN(i32_ne, i32, i32, a != b)
    IBIN(i32_lt_s, i32, i32, (int32_t)a < (int32_t)b)
    IBIN(i32_lt_u, i32, i32, a < b)
    IBIN(i32_gt_s, i32, i32, (int32_t)a > (int32_t)b)
    IBIN(i32_gt_u, i32, i32, a > b)
    IBIN(i32_le_s, i32, i32, (int32_t)a <= (int32_t)b)
    IBIN(i32_le_u, i32, i32, a <= b)
    IBIN(i32_ge_s, i32, i32, (int32_t)a >= (int32_t)b)
    IBIN(i32_ge_u, i32, i32, a >= b)
    UN(i64_eqz, i64, i32, a == 0)
    IBIN(i64_eq, i64, i32, a == b)
    IBIN(i64_ne, i64, i32, a != b)
    IBIN(i64_lt_s, i64, i32, (int64_t)a < (int64_t)b)
    IBIN(i64_lt_u, i64, i32, a < b)
    IBIN(i64_gt_s, i64, i32, (int64_t)a > (int64_t)b)
    IBIN(i64_gt_u, i64, i32, a > b)
    IBIN(i64_le_s, i64, i32, (int64_t)a <= (int64_t)b)
    IBIN(i64_le_u, i64, i32, a <= b)
    IBIN(i64_ge_s, i64, i32, (int64_t)a >= (int64_t)b)
    IBIN(i64_ge_u, i64, i32, a >= b)
    BIN(f32_eq, f32, i32, a == b)
    BIN(f32_ne, f32, i32, a != b)
    BIN(f32_lt, f32, i32, a < b)
    BIN(f32_gt, f32, i32, a > b)
    BIN(f32_le, f32, i32, a <= b)
    BIN(f32_ge, f32, i32, a >= b)
/* An f64 comparison with an immediate right operand (its bits). */
#define FCMP(name, expr)                                \
    BIN(name, f64, i32, expr)                           \
    OP(name##_ri) {                                     \
        double a = S(1).f64, b;                         \
        uint64_t bits = pc[2].u;                        \
        memcpy(&b, &bits, 8);                           \
        PUT_i32(expr);                                  \
        pc += 3;                                        \
        NEXT();                                         \
    }
    BIN(f64_eq, f64, i32, a == b)
    BIN(f64_ne, f64, i32, a != b)
    FCMP(f64_lt, a < b)
    FCMP(f64_gt, a > b)
    FCMP(f64_le, a <= b)
    FCMP(f64_ge, a >= b)
    UN(i32_clz, i32, i32, num_clz32(a))
    UN(i32_ctz, i32, i32, num_ctz32(a))
    UN(i32_popcnt, i32, i32, num_popcnt32(a))
    IBIN(i32_add, i32, i32, a + b)
    IBIN(i32_sub, i32, i32, a - b)
    IBIN(i32_mul, i32, i32, a * b)
/* Nested i32 operations: dst a b c, computing `a OUTER (b INNER c)`. */
#define NESTED(name, expr)                      \
    OP(name) {                                  \
        uint32_t a = S(1).i32, b = S(2).i32;    \
        uint32_t c = S(3).i32;                  \
        PUT_i32(expr);                          \
        pc += 4;                                \
        NEXT();                                 \
    }
#define NESTED_RI(name, expr)                   \
    OP(name) {                                  \
        uint32_t a = S(1).i32, b = S(2).i32;    \
        uint32_t c = (uint32_t)pc[3].u;         \
        PUT_i32(expr);                          \
        pc += 4;                                \
        NEXT();                                 \
    }
    NESTED_RI(i32_xor_rotl_ri, a ^ num_rotl32(b, c))
    NESTED_RI(i32_xor_shr_u_ri, a ^ (b >> (c & 31)))
    NESTED(i32_xor_and, a ^ (b & c))
    NESTED(i32_add_add, a + (b + c))
    NESTED(i32_add_and, a + (b & c))
    NESTED(i32_add_xor, a + (b ^ c))
    NESTED(i32_and_xor, a & (b ^ c))
    NESTED_RI(i32_add_shl_ri, a + (b << (c & 31)))
#define NESTED_F64(name, expr)                  \
    OP(name) {                                  \
        double a = S(1).f64, b = S(2).f64;      \
        double c = S(3).f64;                    \
        PUT_f64(expr);                          \
        pc += 4;                                \
        NEXT();                                 \
    }
    /* Two roundings, as the two wasm instructions did (no fused multiply-add). */
    NESTED_F64(f64_add_mul, a + (b * c))
    NESTED_F64(f64_add_sub, a + (b - c))
    NESTED_F64(f64_add_add, a + (b + c))
    NESTED_F64(f64_sub_mul, a - (b * c))
    NESTED_F64(f64_mul_add, a * (b + c))
    NESTED_F64(f64_mul_sub, a * (b - c))
    NESTED_F64(f64_mul_mul, a * (b * c))
    /* A scaled index: dst x k imm, computing (x << k) + imm. */
    OP(i32_shl_add_ri) {
        uint32_t x = S(1).i32;
        PUT_i32((x << (pc[2].u & 31)) + (uint32_t)pc[3].u);
        pc += 4;
        NEXT();
    }
#define DIV(name, get, expr, overflow)          \
    OP(name) {                                  \
        get##_t a = S(1).get, b = S(2).get;     \
        if (UNLIKELY(b == 0))                   \
            TRAP(RT_TRAP_INT_DIV_ZERO);         \
        if (UNLIKELY(overflow))                 \
            TRAP(RT_TRAP_INT_OVERFLOW);         \
        PUT_##get(expr);                        \
        pc += 3;                                \
        NEXT();                                 \
    }
    DIV(i32_div_s, i32, (uint32_t)((int32_t)a / (int32_t)b), a == 0x80000000u && b == UINT32_MAX)
    DIV(i32_div_u, i32, a / b, 0)
    DIV(i32_rem_s, i32, b == UINT32_MAX ? 0 : (uint32_t)((int32_t)a % (int32_t)b), 0)
    DIV(i32_rem_u, i32, a % b, 0)
    IBIN(i32_and, i32, i32, a & b)
    IBIN(i32_or, i32, i32, a | b)
    IBIN(i32_xor, i32, i32, a ^ b)
    IBIN(i32_shl, i32, i32, a << (b & 31))
    IBIN(i32_shr_s, i32, i32, num_shr_s32(a, b))
    IBIN(i32_shr_u, i32, i32, a >> (b & 31))
    IBIN(i32_rotl, i32, i32, num_rotl32(a, b))
    IBIN(i32_rotr, i32, i32, num_rotr32(a, b))
    BIN_RI(i32_rsub, i32, i32, b - a)
    BIN_RI(i64_rsub, i64, i64, b - a)
    UN(i64_clz, i64, i64, num_clz64(a))
    UN(i64_ctz, i64, i64, num_ctz64(a))
    UN(i64_popcnt, i64, i64, num_popcnt64(a))
    IBIN(i64_add, i64, i64, a + b)
    IBIN(i64_sub, i64, i64, a - b)
    IBIN(i64_mul, i64, i64, a * b)
    DIV(i64_div_s, i64, (uint64_t)((int64_t)a / (int64_t)b),
        a == (uint64_t)1 << 63 && b == UINT64_MAX)
    DIV(i64_div_u, i64, a / b, 0)
    DIV(i64_rem_s, i64, b == UINT64_MAX ? 0 : (uint64_t)((int64_t)a % (int64_t)b), 0)
    DIV(i64_rem_u, i64, a % b, 0)
    IBIN(i64_and, i64, i64, a & b)
    IBIN(i64_or, i64, i64, a | b)
    IBIN(i64_xor, i64, i64, a ^ b)
    IBIN(i64_shl, i64, i64, a << (b & 63))
    IBIN(i64_shr_s, i64, i64, num_shr_s64(a, b))
    IBIN(i64_shr_u, i64, i64, a >> (b & 63))
    IBIN(i64_rotl, i64, i64, num_rotl64(a, b))
    IBIN(i64_rotr, i64, i64, num_rotr64(a, b))
    UN(f32_abs, i32, i32, a & 0x7fffffffu)
    UN(f32_neg, i32, i32, a ^ 0x80000000u)
    UN(f32_ceil, f32, f32, a != a ? a + a : ceilf(a))
    UN(f32_floor, f32, f32, a != a ? a + a : floorf(a))
    UN(f32_trunc, f32, f32, a != a ? a + a : truncf(a))
    UN(f32_nearest, f32, f32, a != a ? a + a : num_nearestf(a))
    UN(f32_sqrt, f32, f32, sqrtf(a))
/* Float operations with an immediate right operand (its bits). */
#define FBIN(name, get, bits_t, expr)                   \
    BIN(name, get, get, expr)                           \
    OP(name##_ri) {                                     \
        get##_t a = S(1).get, b;                        \
        bits_t bits = (bits_t)pc[2].u;                  \
        memcpy(&b, &bits, sizeof b);                    \
        PUT_##get(expr);                                \
        pc += 3;                                        \
        NEXT();                                         \
    }
    FBIN(f32_add, f32, uint32_t, a + b)
    FBIN(f32_sub, f32, uint32_t, a - b)
    FBIN(f32_mul, f32, uint32_t, a * b)
    FBIN(f32_div, f32, uint32_t, a / b)
    BIN(f32_min, f32, f32, num_fminf(a, b))
    BIN(f32_max, f32, f32, num_fmaxf(a, b))
    BIN(f32_copysign, i32, i32, (a & 0x7fffffffu) | (b & 0x80000000u))
    UN(f64_abs, i64, i64, a & (UINT64_MAX >> 1))
    UN(f64_neg, i64, i64, a ^ ((uint64_t)1 << 63))
    UN(f64_ceil, f64, f64, a != a ? a + a : ceil(a))
    UN(f64_floor, f64, f64, a != a ? a + a : floor(a))
    UN(f64_trunc, f64, f64, a != a ? a + a : trunc(a))
    UN(f64_nearest, f64, f64, a != a ? a + a : num_nearest(a))
    UN(f64_sqrt, f64, f64, sqrt(a))
    FBIN(f64_add, f64, uint64_t, a + b)
    FBIN(f64_sub, f64, uint64_t, a - b)
    FBIN(f64_mul, f64, uint64_t, a * b)
    FBIN(f64_div, f64, uint64_t, a / b)
    BIN(f64_min, f64, f64, num_fmin(a, b))
    BIN(f64_max, f64, f64, num_fmax(a, b))
    BIN(f64_copysign, i64, i64, (a & (UINT64_MAX >> 1)) | (b & ((uint64_t)1 << 63)))
    UN(i32_wrap_i64, i64, i32, (uint32_t)a)
#define TRUNC(name, get, put, fits, type, utype)      \
    OP(name) {                                        \
        double x = S(1).get;                          \
        if (x != x)                                   \
            TRAP(RT_TRAP_INVALID_CONVERSION);         \
        if (!fits(x))                                 \
            TRAP(RT_TRAP_INT_OVERFLOW);               \
        PUT_##put((utype)(type)x);                    \
        pc += 2;                                      \
        NEXT();                                       \
    }
    TRUNC(i32_trunc_f32_s, f32, i32, num_fits_i32, int32_t, uint32_t)
    TRUNC(i32_trunc_f32_u, f32, i32, num_fits_u32, uint32_t, uint32_t)
    TRUNC(i32_trunc_f64_s, f64, i32, num_fits_i32, int32_t, uint32_t)
    TRUNC(i32_trunc_f64_u, f64, i32, num_fits_u32, uint32_t, uint32_t)
    UN(i64_extend_i32_s, i32, i64, num_sext(a, 32))
    UN(i64_extend_i32_u, i32, i64, (uint64_t)a)
    TRUNC(i64_trunc_f32_s, f32, i64, num_fits_i64, int64_t, uint64_t)
    TRUNC(i64_trunc_f32_u, f32, i64, num_fits_u64, uint64_t, uint64_t)
    TRUNC(i64_trunc_f64_s, f64, i64, num_fits_i64, int64_t, uint64_t)
    TRUNC(i64_trunc_f64_u, f64, i64, num_fits_u64, uint64_t, uint64_t)
    UN(f32_convert_i32_s, i32, f32, (float)(int32_t)a)
    UN(f32_convert_i32_u, i32, f32, (float)a)
    UN(f32_convert_i64_s, i64, f32, (float)(int64_t)a)
    UN(f32_convert_i64_u, i64, f32, (float)a)
    UN(f32_demote_f64, f64, f32, (float)a)
    UN(f64_convert_i32_s, i32, f64, (double)(int32_t)a)
    UN(f64_convert_i32_u, i32, f64, (double)a)
    UN(f64_convert_i64_s, i64, f64, (double)(int64_t)a)
    UN(f64_convert_i64_u, i64, f64, (double)a)
    UN(f64_promote_f32, f32, f64, (double)a)
    /* Reinterpretations are never emitted: a slot holds the bits already. */
    OP(i32_reinterpret_f32) NEXT();
    OP(i64_reinterpret_f64) NEXT();
    OP(f32_reinterpret_i32) NEXT();
    OP(f64_reinterpret_i64) NEXT();
    UN(i32_extend8_s, i32, i32, (uint32_t)num_sext(a, 8))
    UN(i32_extend16_s, i32, i32, (uint32_t)num_sext(a, 16))
    UN(i64_extend8_s, i64, i64, num_sext(a, 8))
    UN(i64_extend16_s, i64, i64, num_sext(a, 16))
    UN(i64_extend32_s, i64, i64, num_sext(a, 32))
    UN(i32_trunc_sat_f32_s, f32, i32, num_sat_i32(a))
    UN(i32_trunc_sat_f32_u, f32, i32, num_sat_u32(a))
    UN(i32_trunc_sat_f64_s, f64, i32, num_sat_i32(a))
    UN(i32_trunc_sat_f64_u, f64, i32, num_sat_u32(a))
    UN(i64_trunc_sat_f32_s, f32, i64, num_sat_i64(a))
    UN(i64_trunc_sat_f32_u, f32, i64, num_sat_u64(a))
    UN(i64_trunc_sat_f64_s, f64, i64, num_sat_i64(a))
    UN(i64_trunc_sat_f64_u, f64, i64, num_sat_u64(a))

    /* ---- memory ------------------------------------------------------------ */
    /* Effective addresses are computed in 64 bits: a 32-bit address plus a
     * 32-bit offset plus the access size cannot overflow. */
    /* loads: dst addr offset; _ai: dst addr imm offset; _aa: dst addr addr2
     * offset (the folded i32.add wraps at 32 bits as the wasm one did); _si:
     * dst x k imm offset (address (x << k) + imm, wrapping). */
#define LOAD_AT(ea_expr, size, put, expr, n)                     \
    {                                                            \
        uint64_t ea = (ea_expr);                                 \
        if (UNLIKELY(ea + (size) > ms))                          \
            TRAP(RT_TRAP_MEMORY_OOB);                            \
        const uint8_t *p = mb + ea;                              \
        PUT_##put(expr);                                         \
        pc += (n);                                               \
        NEXT();                                                  \
    }
#define LOAD(name, size, put, expr)                                                   \
    OP(name) LOAD_AT((uint64_t)S(1).i32 + pc[2].u, size, put, expr, 3)                 \
    OP(name##_ai)                                                                     \
    LOAD_AT((uint64_t)(uint32_t)(S(1).i32 + (uint32_t)pc[2].u) + pc[3].u, size, put, expr, 4) \
    OP(name##_aa) LOAD_AT((uint64_t)(uint32_t)(S(1).i32 + S(2).i32) + pc[3].u, size, put, expr, 4) \
    OP(name##_si)                                                                     \
    LOAD_AT((uint64_t)(uint32_t)((S(1).i32 << (pc[2].u & 31)) + (uint32_t)pc[3].u) + pc[4].u, size, \
            put, expr, 5)
    LOAD(i32_load, 4, i32, ld32(p))
    LOAD(i64_load, 8, i64, ld64(p))
    LOAD(f32_load, 4, i32, ld32(p))
    LOAD(f64_load, 8, i64, ld64(p))
    LOAD(i32_load8_s, 1, i32, (uint32_t)num_sext(p[0], 8))
    LOAD(i32_load8_u, 1, i32, p[0])
    LOAD(i32_load16_s, 2, i32, (uint32_t)num_sext(ld16(p), 16))
    LOAD(i32_load16_u, 2, i32, ld16(p))
    LOAD(i64_load8_s, 1, i64, num_sext(p[0], 8))
    LOAD(i64_load8_u, 1, i64, p[0])
    LOAD(i64_load16_s, 2, i64, num_sext(ld16(p), 16))
    LOAD(i64_load16_u, 2, i64, ld16(p))
    LOAD(i64_load32_s, 4, i64, num_sext(ld32(p), 32))
    LOAD(i64_load32_u, 4, i64, ld32(p))
    /* stores: addr value offset; _ai: addr imm value offset; _aa: addr addr2
     * value offset; _si: x k imm value offset; _k, _aik: see ops.h */
#define STORE_AT(ea_expr, size, get, vslot, stmt, n)              \
    {                                                             \
        uint64_t ea = (ea_expr);                                  \
        if (UNLIKELY(ea + (size) > ms))                           \
            TRAP(RT_TRAP_MEMORY_OOB);                             \
        uint8_t *p = mb + ea;                                     \
        get##_t v = S(vslot).get;                                 \
        stmt;                                                     \
        pc += (n);                                                \
        NEXT();                                                   \
    }
#define STORE(name, size, get, stmt)                                                  \
    OP(name) STORE_AT((uint64_t)S(0).i32 + pc[2].u, size, get, 1, stmt, 3)             \
    OP(name##_ai)                                                                     \
    STORE_AT((uint64_t)(uint32_t)(S(0).i32 + (uint32_t)pc[1].u) + pc[3].u, size, get, 2, stmt, 4) \
    OP(name##_aa) STORE_AT((uint64_t)(uint32_t)(S(0).i32 + S(1).i32) + pc[3].u, size, get, 2, stmt, 4) \
    OP(name##_si)                                                                     \
    STORE_AT((uint64_t)(uint32_t)((S(0).i32 << (pc[1].u & 31)) + (uint32_t)pc[2].u) + pc[4].u, size, \
             get, 3, stmt, 5)                                                         \
    OP(name##_k) STORE_K_AT((uint64_t)S(0).i32 + pc[2].u, size, get, 1, stmt, 3)        \
    OP(name##_aik)                                                                    \
    STORE_K_AT((uint64_t)(uint32_t)(S(0).i32 + (uint32_t)pc[1].u) + pc[3].u, size, get, 2, stmt, 4)
/* A store of the immediate in cell `vcell`. */
#define STORE_K_AT(ea_expr, size, get, vcell, stmt, n)            \
    {                                                             \
        uint64_t ea = (ea_expr);                                  \
        if (UNLIKELY(ea + (size) > ms))                           \
            TRAP(RT_TRAP_MEMORY_OOB);                             \
        uint8_t *p = mb + ea;                                     \
        get##_t v = (get##_t)pc[vcell].u;                         \
        stmt;                                                     \
        pc += (n);                                                \
        NEXT();                                                   \
    }
    STORE(i32_store, 4, i32, st32(p, v))
    STORE(i64_store, 8, i64, st64(p, v))
    STORE(f32_store, 4, i32, st32(p, v))
    STORE(f64_store, 8, i64, st64(p, v))
    STORE(i32_store8, 1, i32, p[0] = (uint8_t)v)
    STORE(i32_store16, 2, i32, st16(p, (uint16_t)v))
    STORE(i64_store8, 1, i64, p[0] = (uint8_t)v)
    STORE(i64_store16, 2, i64, st16(p, (uint16_t)v))
    STORE(i64_store32, 4, i64, st32(p, (uint32_t)v))
    /* Binary operations with a loaded right operand: dst a addr offset;
     * _mai: dst a addr imm offset (the address is addr + imm, wrapping). */
#define LOAD_BIN_AT(ea_expr, get, size, ld, expr, n)            \
    {                                                           \
        uint64_t ea = (ea_expr);                                \
        if (UNLIKELY(ea + (size) > ms))                         \
            TRAP(RT_TRAP_MEMORY_OOB);                           \
        get##_t a = S(1).get, b;                                \
        ld;                                                     \
        PUT_##get(expr);                                        \
        pc += (n);                                              \
        NEXT();                                                 \
    }
#define LOAD_BIN(name, get, size, ld, expr)                                           \
    OP(name##_m) LOAD_BIN_AT((uint64_t)S(2).i32 + pc[3].u, get, size, ld, expr, 4)     \
    OP(name##_mai)                                                                    \
    LOAD_BIN_AT((uint64_t)(uint32_t)(S(2).i32 + (uint32_t)pc[3].u) + pc[4].u, get, size, ld, \
                expr, 5)
#define LOAD_BIN_I32(name, expr) LOAD_BIN(name, i32, 4, b = ld32(mb + ea), expr)
#define LOAD_BIN_I64(name, expr) LOAD_BIN(name, i64, 8, b = ld64(mb + ea), expr)
#define LOAD_BIN_F32(name, expr) \
    LOAD_BIN(name, f32, 4, uint32_t bits = ld32(mb + ea); memcpy(&b, &bits, 4), expr)
#define LOAD_BIN_F64(name, expr) \
    LOAD_BIN(name, f64, 8, uint64_t bits = ld64(mb + ea); memcpy(&b, &bits, 8), expr)
    LOAD_BIN_I32(i32_add, a + b)
    LOAD_BIN_I32(i32_sub, a - b)
    LOAD_BIN_I32(i32_mul, a * b)
    LOAD_BIN_I32(i32_and, a & b)
    LOAD_BIN_I32(i32_or, a | b)
    LOAD_BIN_I32(i32_xor, a ^ b)
    LOAD_BIN_I64(i64_add, a + b)
    LOAD_BIN_I64(i64_sub, a - b)
    LOAD_BIN_I64(i64_mul, a * b)
    LOAD_BIN_I64(i64_and, a & b)
    LOAD_BIN_I64(i64_or, a | b)
    LOAD_BIN_I64(i64_xor, a ^ b)
    LOAD_BIN_F32(f32_add, a + b)
    LOAD_BIN_F32(f32_sub, a - b)
    LOAD_BIN_F32(f32_mul, a * b)
    LOAD_BIN_F32(f32_div, a / b)
    LOAD_BIN_F64(f64_add, a + b)
    LOAD_BIN_F64(f64_sub, a - b)
    LOAD_BIN_F64(f64_mul, a * b)
    LOAD_BIN_F64(f64_div, a / b)
    /* f64_add_m whose result is stored back where it was loaded from
     * (`mem += a`): a addr offset. */
    OP(f64_add_to_mem) {
        uint64_t ea = (uint64_t)S(1).i32 + pc[2].u;
        if (UNLIKELY(ea + 8 > ms))
            TRAP(RT_TRAP_MEMORY_OOB);
        uint64_t bits = ld64(mb + ea);
        double b;
        memcpy(&b, &bits, 8);
        b = S(0).f64 + b;
        memcpy(&bits, &b, 8);
        st64(mb + ea, bits);
        pc += 3;
        NEXT();
    }
    /* use_mem: memory (the next access uses it) */
    OP(use_mem) {
        rt_memory *m = inst->memories[pc[0].u];
        mb = m->data;
        ms = m->pages * RT_PAGE_SIZE;
        pc++;
        NEXT();
    }
    /* memory_size: dst memory; memory_grow: dst delta memory */
    OP(memory_size) {
        PUT_i32(inst->memories[pc[1].u]->pages);
        pc += 2;
        NEXT();
    }
    OP(memory_grow) {
        rt_memory *m = inst->memories[pc[2].u];
        uint64_t old;
        PUT_i32(rt_memory_grow_pages(m, S(1).i32, &old) ? (uint32_t)old : UINT32_MAX);
        LOAD_MEM();
        pc += 3;
        NEXT();
    }
    /* bulk: dst/d src/value n, then indices */
    OP(memory_init) {
        const rt_data_inst *d = &inst->datas[pc[3].u];
        rt_memory *m = inst->memories[pc[4].u];
        uint64_t dst = S(0).i32, src = S(1).i32, n = S(2).i32;
        if (src + n > d->len || dst + n > m->pages * RT_PAGE_SIZE)
            TRAP(RT_TRAP_MEMORY_OOB);
        if (n)
            memcpy(m->data + dst, d->bytes + src, n);
        pc += 5;
        NEXT();
    }
    OP(data_drop) {
        inst->datas[pc[0].u].len = 0;
        pc++;
        NEXT();
    }
    OP(memory_copy) {
        rt_memory *md = inst->memories[pc[3].u], *msrc = inst->memories[pc[4].u];
        uint64_t dst = S(0).i32, src = S(1).i32, n = S(2).i32;
        if (src + n > msrc->pages * RT_PAGE_SIZE || dst + n > md->pages * RT_PAGE_SIZE)
            TRAP(RT_TRAP_MEMORY_OOB);
        if (n)
            memmove(md->data + dst, msrc->data + src, n);
        pc += 5;
        NEXT();
    }
    OP(memory_fill) {
        rt_memory *m = inst->memories[pc[3].u];
        uint64_t dst = S(0).i32, n = S(2).i32;
        uint8_t v = (uint8_t)S(1).i32;
        if (dst + n > m->pages * RT_PAGE_SIZE)
            TRAP(RT_TRAP_MEMORY_OOB);
        if (n)
            memset(m->data + dst, v, n);
        pc += 4;
        NEXT();
    }

    /* ---- tables ------------------------------------------------------------ */
    /* table_get: dst index table */
    OP(table_get) {
        rt_table *t = inst->tables[pc[2].u];
        uint32_t i = S(1).i32;
        if (i >= t->size)
            TRAP(RT_TRAP_TABLE_OOB);
        S(0).ref = t->elems[i];
        pc += 3;
        NEXT();
    }
    /* table_set: index value table */
    OP(table_set) {
        rt_table *t = inst->tables[pc[2].u];
        uint32_t i = S(0).i32;
        if (i >= t->size)
            TRAP(RT_TRAP_TABLE_OOB);
        t->elems[i] = S(1).ref;
        pc += 3;
        NEXT();
    }
    /* table_size: dst table */
    OP(table_size) {
        PUT_i32(inst->tables[pc[1].u]->size);
        pc += 2;
        NEXT();
    }
    /* table_grow: dst init n table */
    OP(table_grow) {
        rt_table *t = inst->tables[pc[3].u];
        void *init = S(1).ref;
        uint64_t old;
        PUT_i32(rt_table_grow_elems(t, S(2).i32, init, &old) ? (uint32_t)old : UINT32_MAX);
        pc += 4;
        NEXT();
    }
    /* table_fill: index value n table */
    OP(table_fill) {
        rt_table *t = inst->tables[pc[3].u];
        uint64_t i = S(0).i32, n = S(2).i32;
        void *v = S(1).ref;
        if (i + n > t->size)
            TRAP(RT_TRAP_TABLE_OOB);
        for (uint64_t k = 0; k < n; k++)
            t->elems[i + k] = v;
        pc += 4;
        NEXT();
    }
    /* table_copy: dst src n dst_table src_table */
    OP(table_copy) {
        rt_table *td = inst->tables[pc[3].u], *ts = inst->tables[pc[4].u];
        uint64_t dst = S(0).i32, src = S(1).i32, n = S(2).i32;
        if (src + n > ts->size || dst + n > td->size)
            TRAP(RT_TRAP_TABLE_OOB);
        if (n)
            memmove(td->elems + dst, ts->elems + src, n * sizeof(void *));
        pc += 5;
        NEXT();
    }
    /* table_init: dst src n elem table */
    OP(table_init) {
        const rt_elem_inst *e = &inst->elems[pc[3].u];
        rt_table *t = inst->tables[pc[4].u];
        uint64_t dst = S(0).i32, src = S(1).i32, n = S(2).i32;
        if (src + n > e->count || dst + n > t->size)
            TRAP(RT_TRAP_TABLE_OOB);
        if (n)
            memcpy(t->elems + dst, e->refs + src, n * sizeof(void *));
        pc += 5;
        NEXT();
    }
    OP(elem_drop) {
        inst->elems[pc[0].u].count = 0;
        pc++;
        NEXT();
    }

    /* ---- SIMD glue ---------------------------------------------------------- */
    /* simd_unary/test/splat: dst a fn; binary/shift: dst a b fn; ternary: dst a b c fn */
    OP(simd_unary) {
        rt_v128 (*f)(rt_v128) = (rt_v128(*)(rt_v128))pc[2].fn;
        S(0).v128 = f(S(1).v128);
        pc += 3;
        NEXT();
    }
    OP(simd_binary) {
        rt_v128 (*f)(rt_v128, rt_v128) = (rt_v128(*)(rt_v128, rt_v128))pc[3].fn;
        S(0).v128 = f(S(1).v128, S(2).v128);
        pc += 4;
        NEXT();
    }
    OP(simd_ternary) {
        rt_v128 (*f)(rt_v128, rt_v128, rt_v128) =
            (rt_v128(*)(rt_v128, rt_v128, rt_v128))pc[4].fn;
        S(0).v128 = f(S(1).v128, S(2).v128, S(3).v128);
        pc += 5;
        NEXT();
    }
    OP(simd_shift) {
        rt_v128 (*f)(rt_v128, uint32_t) = (rt_v128(*)(rt_v128, uint32_t))pc[3].fn;
        S(0).v128 = f(S(1).v128, S(2).i32);
        pc += 4;
        NEXT();
    }
    OP(simd_test) {
        uint32_t (*f)(rt_v128) = (uint32_t(*)(rt_v128))pc[2].fn;
        rt_v128 v = S(1).v128;
        PUT_i32(f(v));
        pc += 3;
        NEXT();
    }
    /* v128_load, v128_load_fn: dst addr offset size fn */
    OP(v128_load) {
        uint64_t ea = (uint64_t)S(1).i32 + pc[2].u;
        if (ea + 16 > ms)
            TRAP(RT_TRAP_MEMORY_OOB);
        memcpy(&S(0).v128, mb + ea, 16);
        pc += 5;
        NEXT();
    }
    OP(v128_load_fn) {
        uint64_t ea = (uint64_t)S(1).i32 + pc[2].u;
        if (ea + pc[3].u > ms)
            TRAP(RT_TRAP_MEMORY_OOB);
        rt_v128 (*f)(const uint8_t *) = (rt_v128(*)(const uint8_t *))pc[4].fn;
        S(0).v128 = f(mb + ea);
        pc += 5;
        NEXT();
    }
    /* v128_load_lane: dst addr vec offset size fn lane */
    OP(v128_load_lane) {
        uint64_t ea = (uint64_t)S(1).i32 + pc[3].u;
        if (ea + pc[4].u > ms)
            TRAP(RT_TRAP_MEMORY_OOB);
        rt_v128 (*f)(const uint8_t *, rt_v128, unsigned) =
            (rt_v128(*)(const uint8_t *, rt_v128, unsigned))pc[5].fn;
        rt_v128 v = S(2).v128;
        S(0).v128 = f(mb + ea, v, (unsigned)pc[6].u);
        pc += 7;
        NEXT();
    }
    /* v128_store: addr vec offset size fn; v128_store_lane: ... lane */
    OP(v128_store) {
        uint64_t ea = (uint64_t)S(0).i32 + pc[2].u;
        if (ea + 16 > ms)
            TRAP(RT_TRAP_MEMORY_OOB);
        memcpy(mb + ea, &S(1).v128, 16);
        pc += 5;
        NEXT();
    }
    OP(v128_store_lane) {
        uint64_t ea = (uint64_t)S(0).i32 + pc[2].u;
        if (ea + pc[3].u > ms)
            TRAP(RT_TRAP_MEMORY_OOB);
        void (*f)(uint8_t *, rt_v128, unsigned) = (void (*)(uint8_t *, rt_v128, unsigned))pc[4].fn;
        f(mb + ea, S(1).v128, (unsigned)pc[5].u);
        pc += 6;
        NEXT();
    }
    OP(simd_splat32) {
        rt_v128 (*f)(uint32_t) = (rt_v128(*)(uint32_t))pc[2].fn;
        uint32_t x = S(1).i32;
        S(0).v128 = f(x);
        pc += 3;
        NEXT();
    }
    OP(simd_splat64) {
        rt_v128 (*f)(uint64_t) = (rt_v128(*)(uint64_t))pc[2].fn;
        uint64_t x = S(1).i64;
        S(0).v128 = f(x);
        pc += 3;
        NEXT();
    }
    /* extract: dst vec fn lane; replace: dst vec scalar fn lane */
    OP(simd_extract32) {
        uint32_t (*f)(rt_v128, unsigned) = (uint32_t(*)(rt_v128, unsigned))pc[2].fn;
        rt_v128 v = S(1).v128;
        PUT_i32(f(v, (unsigned)pc[3].u));
        pc += 4;
        NEXT();
    }
    OP(simd_extract64) {
        uint64_t (*f)(rt_v128, unsigned) = (uint64_t(*)(rt_v128, unsigned))pc[2].fn;
        rt_v128 v = S(1).v128;
        S(0).i64 = f(v, (unsigned)pc[3].u);
        pc += 4;
        NEXT();
    }
    OP(simd_replace32) {
        rt_v128 (*f)(rt_v128, unsigned, uint32_t) =
            (rt_v128(*)(rt_v128, unsigned, uint32_t))pc[3].fn;
        uint32_t x = S(2).i32;
        S(0).v128 = f(S(1).v128, (unsigned)pc[4].u, x);
        pc += 5;
        NEXT();
    }
    OP(simd_replace64) {
        rt_v128 (*f)(rt_v128, unsigned, uint64_t) =
            (rt_v128(*)(rt_v128, unsigned, uint64_t))pc[3].fn;
        uint64_t x = S(2).i64;
        S(0).v128 = f(S(1).v128, (unsigned)pc[4].u, x);
        pc += 5;
        NEXT();
    }
    /* simd_shuffle: dst a b lanes(2 cells) */
    OP(simd_shuffle) {
        uint8_t lanes[16];
        memcpy(lanes, pc + 3, 16);
        S(0).v128 = simd_i8x16_shuffle(S(1).v128, S(2).v128, lanes);
        pc += 5;
        NEXT();
    }

    /* ---- pairs (translate_pairs.c): cell k of the second instruction is
     * pc[first's operand count + 1 + k] --------------------------------------- */
    OP(i32_add_ri2) {
        PUT_i32(S(1).i32 + (uint32_t)pc[2].u);
        AT(pc[4].u)->i64 = (uint32_t)(AT(pc[5].u)->i32 + (uint32_t)pc[6].u);
        pc += 7;
        NEXT();
    }
    OP(f64_add_to_mem_add_ri) {
        uint64_t ea = (uint64_t)S(1).i32 + pc[2].u;
        if (UNLIKELY(ea + 8 > ms))
            TRAP(RT_TRAP_MEMORY_OOB);
        uint64_t bits = ld64(mb + ea);
        double b;
        memcpy(&b, &bits, 8);
        b = S(0).f64 + b;
        memcpy(&bits, &b, 8);
        st64(mb + ea, bits);
        AT(pc[4].u)->i64 = (uint32_t)(AT(pc[5].u)->i32 + (uint32_t)pc[6].u);
        pc += 7;
        NEXT();
    }
    OP(copy4_64) {
        S(0).i64 = S(1).i64;
        S(2).i64 = S(3).i64;
        AT(pc[5].u)->i64 = AT(pc[6].u)->i64;
        AT(pc[7].u)->i64 = AT(pc[8].u)->i64;
        pc += 9;
        NEXT();
    }
    OP(i32_add_ri_br_if_add_ri) {
        PUT_i32(S(1).i32 + (uint32_t)pc[2].u);
        uint32_t v = AT(pc[5].u)->i32 + (uint32_t)pc[6].u;
        AT(pc[4].u)->i64 = v;
        if (v)
            JUMP(pc[7].target);
        else
            pc += 8;
        NEXT();
    }

    OP(i32_rotl_ri_xor_rotl_ri) {
        PUT_i32(num_rotl32(S(1).i32, (uint32_t)pc[2].u));
        uint32_t a = AT(pc[5].u)->i32, b = AT(pc[6].u)->i32;
        AT(pc[4].u)->i64 = a ^ num_rotl32(b, (uint32_t)pc[7].u);
        pc += 8;
        NEXT();
    }
    /* The rotations of a SHA-2 style sigma: three instructions, each
     * taking the previous result as its first operand (the pass checked),
     * so that value is passed on in a register. */
    OP(i32_rotl_ri_xor_rotl_ri2) {
        uint32_t v = num_rotl32(S(1).i32, (uint32_t)pc[2].u);
        PUT_i32(v);
        v ^= num_rotl32(AT(pc[6].u)->i32, (uint32_t)pc[7].u);
        AT(pc[4].u)->i64 = v;
        v ^= num_rotl32(AT(pc[11].u)->i32, (uint32_t)pc[12].u);
        AT(pc[9].u)->i64 = v;
        pc += 13;
        NEXT();
    }
    OP(i32_rotl_ri_xor_rotl_ri_xor_shr_u_ri) {
        uint32_t v = num_rotl32(S(1).i32, (uint32_t)pc[2].u);
        PUT_i32(v);
        v ^= num_rotl32(AT(pc[6].u)->i32, (uint32_t)pc[7].u);
        AT(pc[4].u)->i64 = v;
        v ^= AT(pc[11].u)->i32 >> (pc[12].u & 31);
        AT(pc[9].u)->i64 = v;
        pc += 13;
        NEXT();
    }
    /* f64_mul_m (or _mai), then f64_add_to_mem of its result, then an
     * i32_add_ri: mem2 += a * mem1 and a counter step. `q` is the
     * add_to_mem's first operand cell. */
#define MUL_ADD_TO_MEM(ea1_expr, q)                                      \
    {                                                                    \
        uint64_t ea = (ea1_expr);                                        \
        if (UNLIKELY(ea + 8 > ms))                                       \
            TRAP(RT_TRAP_MEMORY_OOB);                                    \
        uint64_t bits = ld64(mb + ea);                                   \
        double m, v;                                                     \
        memcpy(&m, &bits, 8);                                            \
        v = S(1).f64 * m;                                                \
        PUT_f64(v);                                                      \
        ea = (uint64_t)AT((q)[1].u)->i32 + (q)[2].u;                     \
        if (UNLIKELY(ea + 8 > ms)) {                                     \
            pc = (q);                                                    \
            TRAP(RT_TRAP_MEMORY_OOB);                                    \
        }                                                                \
        bits = ld64(mb + ea);                                            \
        memcpy(&m, &bits, 8);                                            \
        m = v + m;                                                       \
        memcpy(&bits, &m, 8);                                            \
        st64(mb + ea, bits);                                             \
        AT((q)[4].u)->i64 = (uint32_t)(AT((q)[5].u)->i32 + (uint32_t)(q)[6].u); \
        pc = (q) + 7;                                                    \
        NEXT();                                                          \
    }
    OP(f64_mul_m_add_to_mem_add_ri) MUL_ADD_TO_MEM((uint64_t)S(2).i32 + pc[3].u, pc + 5)
    OP(f64_mul_mai_add_to_mem_add_ri)
    MUL_ADD_TO_MEM((uint64_t)(uint32_t)(S(2).i32 + (uint32_t)pc[3].u) + pc[4].u, pc + 6)
    OP(i32_add2) {
        PUT_i32(S(1).i32 + S(2).i32);
        AT(pc[4].u)->i64 = (uint32_t)(AT(pc[5].u)->i32 + AT(pc[6].u)->i32);
        pc += 7;
        NEXT();
    }

/* Halves of paired memory accesses, with `q` the half's first operand
 * cell. A trap in a second half first moves pc there, so that it is
 * located at that instruction. */
#define PAIR_LOAD32(q)                                          \
    {                                                           \
        uint64_t ea_ = (uint64_t)AT((q)[1].u)->i32 + (q)[2].u;  \
        if (UNLIKELY(ea_ + 4 > ms)) {                           \
            pc = (q);                                           \
            TRAP(RT_TRAP_MEMORY_OOB);                           \
        }                                                       \
        AT((q)[0].u)->i64 = ld32(mb + ea_);                     \
    }
#define PAIR_STORE32(q)                                         \
    {                                                           \
        uint64_t ea_ = (uint64_t)AT((q)[0].u)->i32 + (q)[2].u;  \
        if (UNLIKELY(ea_ + 4 > ms)) {                           \
            pc = (q);                                           \
            TRAP(RT_TRAP_MEMORY_OOB);                           \
        }                                                       \
        st32(mb + ea_, AT((q)[1].u)->i32);                      \
    }
#define PAIR_LOAD64(q)                                          \
    {                                                           \
        uint64_t ea_ = (uint64_t)AT((q)[1].u)->i32 + (q)[2].u;  \
        if (UNLIKELY(ea_ + 8 > ms)) {                           \
            pc = (q);                                           \
            TRAP(RT_TRAP_MEMORY_OOB);                           \
        }                                                       \
        AT((q)[0].u)->i64 = ld64(mb + ea_);                     \
    }
#define PAIR_STORE64(q)                                         \
    {                                                           \
        uint64_t ea_ = (uint64_t)AT((q)[0].u)->i32 + (q)[2].u;  \
        if (UNLIKELY(ea_ + 8 > ms)) {                           \
            pc = (q);                                           \
            TRAP(RT_TRAP_MEMORY_OOB);                           \
        }                                                       \
        st64(mb + ea_, AT((q)[1].u)->i64);                      \
    }
    OP(f64_load2) PAIR_LOAD64(pc) PAIR_LOAD64(pc + 4) pc += 7; NEXT();
    OP(f64_add_store) PUT_f64(S(1).f64 + S(2).f64); PAIR_STORE64(pc + 4) pc += 7; NEXT();
    OP(f64_sub_store) PUT_f64(S(1).f64 - S(2).f64); PAIR_STORE64(pc + 4) pc += 7; NEXT();
    OP(f64_load_mul_ri) {
        PAIR_LOAD64(pc)
        double a = AT(pc[5].u)->f64, b;
        uint64_t bits = pc[6].u;
        memcpy(&b, &bits, 8);
        AT(pc[4].u)->f64 = a * b;
        pc += 7;
        NEXT();
    }
    OP(i32_load2) PAIR_LOAD32(pc) PAIR_LOAD32(pc + 4) pc += 7; NEXT();
    OP(i32_store2) PAIR_STORE32(pc) PAIR_STORE32(pc + 4) pc += 7; NEXT();
    OP(i32_load_store) PAIR_LOAD32(pc) PAIR_STORE32(pc + 4) pc += 7; NEXT();
/* A counter step then a conditional branch: dst a imm, then the branch's
 * cells (a b target, or cond target). */
#define ADD_RI_BR(name, expr)                                   \
    OP(name) {                                                  \
        PUT_i32(S(1).i32 + (uint32_t)pc[2].u);                  \
        uint32_t a = AT(pc[4].u)->i32, b = AT(pc[5].u)->i32;    \
        if (expr)                                               \
            JUMP(pc[6].target);                                 \
        else                                                    \
            pc += 7;                                            \
        NEXT();                                                 \
    }
    ADD_RI_BR(i32_add_ri_br_if_i32_ne, a != b)
    ADD_RI_BR(i32_add_ri_br_if_i32_lt_u, a < b)
    ADD_RI_BR(i32_add_ri_br_if_i32_ge_u, a >= b)
    ADD_RI_BR(i32_add_ri_br_if_i32_lt_s, (int32_t)a < (int32_t)b)
    OP(i32_add_ri_br_if) {
        PUT_i32(S(1).i32 + (uint32_t)pc[2].u);
        if (AT(pc[4].u)->i32)
            JUMP(pc[5].target);
        else
            pc += 6;
        NEXT();
    }
    OP(i32_add_br_if_i32_lt_u) {
        PUT_i32(S(1).i32 + S(2).i32);
        uint32_t a = AT(pc[4].u)->i32, b = AT(pc[5].u)->i32;
        if (a < b)
            JUMP(pc[6].target);
        else
            pc += 7;
        NEXT();
    }

    /* ---- generic pairs (RT_PAIR_LIST, op_bodies.h) ------------------------- */
#define PAIR_HANDLER(X, a, na, b, nb) CHAIN_HANDLER(X, a, na, b, nb, 0, a##__##b)
#define CHAIN_HANDLER(X, a, na, b, nb, k, name)       \
    OP(name) {                                        \
        slot r_;                                      \
        BODY_##a(pc, 0) BODY_##b(pc + (na) + 1, k)    \
        (void)r_;                                     \
        pc += (na) + 1 + (nb);                        \
        NEXT();                                       \
    }
#define CHAINED_HANDLER(X, a, na, b, nb, k) CHAIN_HANDLER(X, a, na, b, nb, k, a##__##b##__k##k)
    RT_PAIR_LIST(PAIR_HANDLER, _)
    RT_CHAIN_LIST(CHAINED_HANDLER, _)
#undef PAIR_HANDLER
#undef CHAINED_HANDLER
#undef CHAIN_HANDLER

#if !RT_THREADED
    default:
        TRAP(RT_TRAP_UNREACHABLE);
    }
#endif

do_call:
    /* Calls `g` with its arguments at call_args[0..); results replace them;
     * continues at `ret` (NULL: back to the embedder). */
    if (g->flavor == RT_FUNC_HOST) {
        uint32_t np = g->type->param_count, nr = g->type->result_count;
        if ((size_t)(stack_end - call_args) < (np > nr ? np : nr) || fr >= fr_limit)
            TRAP(RT_TRAP_STACK_EXHAUSTED);
        s->stack_top = call_args + (np > nr ? np : nr);
        /* A frame marks the host call so nested rt_call sees the depth. */
        *fr++ = (rt_frame){ret, fp, inst, code};
        s->frame_depth = (uint32_t)(fr - frames);
        fuel_settle(s, &ticks, &batch);
        bool ok = call_host(g, inst, call_args, trap);
        fr--;
        s->frame_depth = (uint32_t)(fr_base - frames);
        s->stack_top = saved_top;
        if (!ok) {
            trap_kind = trap->kind;
            if (trap_kind == RT_TRAP_EXCEPTION && trap->exception) {
                exn = trap->exception;
                goto unwind;
            }
            goto trapped_keep_message;
        }
        if (!ret) {
            fp = call_args;
            goto finished;
        }
        pc = ret;
        LOAD_MEM();
        NEXT();
    }
    {
        const rt_code *callee = g->code;
        if (UNLIKELY(fr >= fr_limit || (size_t)(stack_end - call_args) < callee->max_height))
            TRAP(RT_TRAP_STACK_EXHAUSTED);
        CHECK_FUEL();
        *fr++ = (rt_frame){ret, fp, inst, code};
        fp = call_args;
        for (slot *z = fp + callee->param_count, *zend = fp + callee->local_count; z < zend; z++)
            z->v128.u64[0] = z->v128.u64[1] = 0;
        code = callee;
        pc = code->cells;
        if (g->inst != inst) {
            inst = g->inst;
            LOAD_MEM();
        }
        NEXT();
    }

unwind: {
    /* `exn` was thrown by the instruction at pc - 1 of the current frame
     * (a throw, or a call whose callee let it out). Find the innermost
     * handler first, walking the saved frames without popping them, so an
     * uncaught exception is reported with the frames where it was thrown. */
    const rt_catch *k = NULL;
    rt_frame *f = fr;
    const rt_code *c = code;
    const rt_instance *in = inst;
    const cell *at = pc - 1;
    for (;;) {
        if (c && c->handler_count && (k = find_catch(c, in, (uint32_t)(at - c->cells), exn)))
            break;
        if (!c || --f == fr_base)
            break;
        c = f->code;
        in = f->inst;
        at = f->ret_pc - 1;
    }
    if (!k) {
        bool from_host = trap->kind == RT_TRAP_EXCEPTION && trap->exception == exn;
        if (!rt_exn_own(s, exn)) {
            exn = NULL;
            TRAP(RT_TRAP_RESOURCE);
        }
        if (!from_host)
            rt_trap_at(trap, RT_TRAP_EXCEPTION, NULL);
        trap->exception = exn;
        trap_kind = RT_TRAP_EXCEPTION;
        goto trapped_keep_message;
    }
    if (f != fr) {
        fr = f;
        pc = f->ret_pc;
        fp = f->fp;
        code = f->code;
        inst = f->inst;
    }
    LOAD_MEM();
    rt_trap_clear(trap); /* an exception from a host call is handled */
    slot *dst = AT(k->dst);
    uint32_t n = 0;
    if (k->kind == INSN_CATCH || k->kind == INSN_CATCH_REF) {
        n = exn->count;
        memcpy(dst, exn->values, (size_t)n * sizeof(slot));
    }
    if (k->kind == INSN_CATCH_REF || k->kind == INSN_CATCH_ALL_REF) {
        /* Now visible as a value: it must outlive any frame. */
        if (!rt_exn_own(s, exn))
            TRAP(RT_TRAP_RESOURCE);
        memset(&dst[n], 0, sizeof(slot));
        dst[n].ref = exn;
    } else if (!exn->owned) {
        free(exn);
    }
    exn = NULL;
    pc = code->cells + k->pad;
    NEXT();
}

finished:
    /* The entry function's results are at fp[0..). */
    memcpy(results, fp, entry->type->result_count * sizeof(slot));
    fuel_settle(s, &ticks, &batch);
    s->stack_top = saved_top;
    return true;

trapped:
    rt_trap_at(trap, trap_kind, NULL);
    if (trap_kind == RT_TRAP_UNDEFINED_ELEMENT || trap_kind == RT_TRAP_UNINITIALIZED_ELEMENT)
        snprintf(trap->message, sizeof trap->message, "%s %u", rt_trap_kind_text(trap_kind),
                 trap_elem);
trapped_keep_message:
    if (code)
        locate_trap(code, pc ? pc - 1 : code->cells, inst, trap);
    else
        trap->func_index = UINT32_MAX;
    /* A trap that came through a host call may carry the backtrace of the
     * inner run, which already includes these frames. */
    if (trap->backtrace_count == 0)
        fill_backtrace(s, fr, code, pc ? pc - 1 : NULL, inst, trap);
    fuel_settle(s, &ticks, &batch);
    s->frame_depth = (uint32_t)(fr_base - frames);
    s->stack_top = saved_top;
    return false;
#undef OP
#undef NEXT
#undef S
#undef AT
}

const void *const *rt_interp_labels(void)
{
    const void *const *labels = NULL;
    run(NULL, NULL, NULL, NULL, NULL, &labels);
    return labels;
}

bool rt_exec(rt_store *s, rt_func *func, const slot *args, slot *results, rt_trap *trap)
{
    if (!ensure_stacks(s)) {
        rt_trap_at(trap, RT_TRAP_RESOURCE, "out of memory allocating the execution stack");
        return false;
    }
    return run(s, func, args, results, trap, NULL);
}
