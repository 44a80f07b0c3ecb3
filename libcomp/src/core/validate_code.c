/* Function bodies: the operand and control stacks of the validation
 * algorithm in the WebAssembly 2.0 specification's appendix. The body is
 * decoded once, front to back; the stacks live in the vmod and are reused
 * by every function, so nothing is allocated per instruction. */
#include "core/validate.h"

#include <stdlib.h>

#include "core/insn.h"

/* One-element type sequences for block types given as a single value type. */
static const comp_valtype single_types[] = {
    COMP_I32, COMP_I64, COMP_F32, COMP_F64, COMP_V128, COMP_FUNCREF, COMP_EXTERNREF, COMP_EXNREF,
};

static const comp_valtype *single_type(comp_valtype t)
{
    for (size_t i = 0; i < sizeof single_types; i++)
        if (single_types[i] == t)
            return &single_types[i];
    return NULL;
}

static bool mismatch(vmod *v, size_t at) { return vmod_fail(v, at, "type mismatch"); }

static vframe *top_frame(vmod *v) { return &v->frames[v->frame_count - 1]; }

/* Pops one operand, which must be `want` unless `want` is VT_UNKNOWN; an
 * unreachable frame's empty stack yields VT_UNKNOWN. */
static inline bool pop(vmod *v, comp_valtype want, comp_valtype *got, size_t at)
{
    const vframe *f = top_frame(v);
    *got = VT_UNKNOWN;
    if (v->stack.len == f->height) {
        if (!f->unreachable)
            return mismatch(v, at);
        *got = VT_UNKNOWN;
        return true;
    }
    comp_valtype t = v->stack.v[--v->stack.len];
    if (t != want && t != VT_UNKNOWN && want != VT_UNKNOWN)
        return mismatch(v, at);
    *got = t;
    return true;
}

static inline bool pop_expect(vmod *v, comp_valtype want, size_t at)
{
    comp_valtype got;
    return pop(v, want, &got, at);
}

static bool pop_types(vmod *v, const comp_valtype *types, uint32_t count, size_t at)
{
    for (uint32_t i = count; i-- > 0;)
        if (!pop_expect(v, types[i], at))
            return false;
    return true;
}

static bool push_types(vmod *v, const comp_valtype *types, uint32_t count, size_t at)
{
    for (uint32_t i = 0; i < count; i++)
        if (!vstack_push(v, types[i], at))
            return false;
    return true;
}

static void set_unreachable(vmod *v)
{
    vframe *f = top_frame(v);
    v->stack.len = f->height;
    f->unreachable = true;
}

static bool push_frame(vmod *v, uint32_t op, const comp_valtype *params, uint32_t param_count,
                       const comp_valtype *results, uint32_t result_count, size_t at)
{
    if (v->frame_count == v->frame_cap) { /* the test keeps the common path inline */
        vframe *p =
            comp_heap_reserve(v->frames, &v->frame_cap, (uint64_t)v->frame_count + 1, sizeof *p);
        if (!p)
            return vmod_oom(v, at);
        v->frames = p;
    }
    vframe *f = &v->frames[v->frame_count++];
    f->op = op;
    f->params = params;
    f->param_count = param_count;
    f->results = results;
    f->result_count = result_count;
    f->height = v->stack.len;
    f->unreachable = false;
    f->offset = at;
    return push_types(v, params, param_count, at);
}

/* Checks the frame's results are exactly what is left above its height,
 * then removes the frame (its operands are dropped). */
static bool pop_frame(vmod *v, vframe *out, size_t at)
{
    const vframe *f = top_frame(v);
    if (!pop_types(v, f->results, f->result_count, at))
        return false;
    if (v->stack.len != f->height)
        return mismatch(v, at);
    *out = *f;
    v->frame_count--;
    return true;
}

/* ---- immediates ---------------------------------------------------------- */

static bool block_type(vmod *v, const insn *in, const comp_valtype **params, uint32_t *pc,
                       const comp_valtype **results, uint32_t *rc, size_t at)
{
    *params = *results = NULL;
    *pc = *rc = 0;
    if (in->blocktype_is_index) {
        if (in->blocktype >= v->m->type_count)
            return vmod_fail(v, at, "unknown type %u", in->blocktype);
        const comp_functype *ft = &v->m->types[in->blocktype];
        *params = ft->params;
        *pc = ft->param_count;
        *results = ft->results;
        *rc = ft->result_count;
        return true;
    }
    if (in->blocktype == INSN_BLOCK_EMPTY)
        return true;
    *results = single_type((comp_valtype)in->blocktype);
    if (!*results)
        return vmod_fail(v, at, "malformed value type 0x%02x", in->blocktype);
    *rc = 1;
    return true;
}

/* The frame `depth` labels out, or NULL (with the error set). */
static const vframe *label(vmod *v, uint32_t depth, size_t at)
{
    if (depth >= v->frame_count) {
        vmod_fail(v, at, "unknown label %u", depth);
        return NULL;
    }
    return &v->frames[v->frame_count - 1 - depth];
}

static void label_types(const vframe *f, const comp_valtype **types, uint32_t *count)
{
    if (f->op == 0x03) {
        *types = f->params;
        *count = f->param_count;
    } else {
        *types = f->results;
        *count = f->result_count;
    }
}

static bool memory(vmod *v, uint32_t index, comp_valtype *addr, size_t at)
{
    if (index >= v->memory_count)
        return vmod_fail(v, at, "unknown memory %u", index);
    *addr = memory_index_type(v->memories[index]);
    return true;
}

/* Without multi-memory, the memory index of memory.size, memory.grow and
 * the bulk memory instructions is a reserved byte that must be exactly 0x00:
 * a padded LEB128 zero is malformed too. The last `count` bytes of the
 * instruction (ending at r->p) are such bytes; the byte before them ends
 * the opcode or another immediate, so it has no continuation bit unless a
 * reserved byte was padded. */
static bool reserved_zero_bytes(vmod *v, const rd *r, unsigned count, size_t at)
{
    if (v->features & COMP_FEATURE_MULTI_MEMORY)
        return true;
    const uint8_t *end = r->p;
    for (unsigned i = 1; i <= count; i++)
        if (end[-(int)i] != 0)
            return vmod_fail(v, at, "zero byte expected");
    if (end[-(int)count - 1] & 0x80)
        return vmod_fail(v, at, "zero byte expected");
    return true;
}

static bool table(vmod *v, uint32_t index, comp_valtype *elem, size_t at)
{
    if (index >= v->table_count)
        return vmod_fail(v, at, "unknown table %u", index);
    *elem = v->tables[index]->elem;
    return true;
}

static bool elem_segment(vmod *v, uint32_t index, size_t at)
{
    if (index >= v->m->elem_count)
        return vmod_fail(v, at, "unknown elem segment %u", index);
    return true;
}

/* Without a data count section the index is judged against the data
 * section first, so that the more specific error wins. */
static bool data_segment(vmod *v, uint32_t index, size_t at)
{
    const comp_module *m = v->m;
    uint32_t count = m->has_data_count ? m->data_count : m->data_segment_count;
    if (index >= count)
        return vmod_fail(v, at, "unknown data segment %u", index);
    if (!m->has_data_count)
        return vmod_fail(v, at, "data count section required");
    return true;
}

/* ---- instructions --------------------------------------------------------- */

/* An instruction from the typing table (validate_ops.c). */
static bool table_insn(vmod *v, const op_sig *s, const insn *in, size_t at)
{
    comp_valtype addr = COMP_I32;
    if (s->kind == OPK_MEM || s->kind == OPK_MEM_LANE) {
        if (in->mem.memory_explicit && !(v->features & COMP_FEATURE_MULTI_MEMORY))
            return vmod_fail(v, at, "malformed memop flags");
        if (!memory(v, in->mem.memory, &addr, at))
            return false;
        if (in->mem.align > s->align)
            return vmod_fail(v, at, "alignment must not be larger than natural");
    }
    if ((s->kind == OPK_LANE || s->kind == OPK_MEM_LANE) && in->lane >= s->lanes)
        return vmod_fail(v, at, "invalid lane index");
    if (s->kind == OPK_SHUFFLE)
        for (int i = 0; i < 16; i++)
            if (in->v128[i] >= s->lanes)
                return vmod_fail(v, at, "invalid lane index");
    for (int i = s->param_count; i-- > 0;) {
        comp_valtype want = s->params[i] == VT_ADDR ? addr : s->params[i];
        if (!pop_expect(v, want, at))
            return false;
    }
    return s->result == VT_UNKNOWN || vstack_push(v, s->result, at);
}

static bool call(vmod *v, const comp_functype *ft, size_t at)
{
    return pop_types(v, ft->params, ft->param_count, at) &&
           push_types(v, ft->results, ft->result_count, at);
}

static bool select_insn(vmod *v, const insn *in, size_t at)
{
    if (!pop_expect(v, COMP_I32, at))
        return false;
    if (in->op == 0x1c) {
        if (in->select_count != 1)
            return vmod_fail(v, at, "invalid result arity");
        comp_valtype t = in->select_type;
        return pop_expect(v, t, at) && pop_expect(v, t, at) && vstack_push(v, t, at);
    }
    comp_valtype t1 = VT_UNKNOWN, t2 = VT_UNKNOWN;
    if (!pop(v, VT_UNKNOWN, &t1, at) || !pop(v, VT_UNKNOWN, &t2, at))
        return false;
    /* Untyped select only takes numeric and vector operands. */
    if (valtype_is_ref(t1) || valtype_is_ref(t2))
        return mismatch(v, at);
    if (t1 != t2 && t1 != VT_UNKNOWN && t2 != VT_UNKNOWN)
        return mismatch(v, at);
    return vstack_push(v, t1 == VT_UNKNOWN ? t2 : t1, at);
}

/* br_table: every target takes as many values as the default label, and
 * the operands on the stack must suit each of them. The check reads the
 * operands in place: popping and pushing them back would change nothing. */
static bool br_table(vmod *v, const insn *in, const rd *r, size_t at)
{
    if (!pop_expect(v, COMP_I32, at))
        return false;
    const vframe *dflt = label(v, in->idx, at);
    if (!dflt)
        return false;
    const comp_valtype *dtypes;
    uint32_t arity;
    label_types(dflt, &dtypes, &arity);
    const vframe *f = top_frame(v);
    uint32_t avail = v->stack.len - f->height;

    insn_targets it;
    insn_targets_begin(in, r, &it);
    uint32_t depth;
    while (insn_targets_next(&it, &depth)) {
        const vframe *target = label(v, depth, at);
        if (!target)
            return false;
        const comp_valtype *types;
        uint32_t count;
        label_types(target, &types, &count);
        if (count != arity)
            return mismatch(v, at);
        for (uint32_t i = 0; i < count; i++) {
            uint32_t from_top = count - 1 - i;
            if (from_top >= avail) {
                if (!f->unreachable)
                    return mismatch(v, at);
                continue;
            }
            comp_valtype t = v->stack.v[v->stack.len - 1 - from_top];
            if (t != VT_UNKNOWN && t != types[i])
                return mismatch(v, at);
        }
    }
    if (!pop_types(v, dtypes, arity, at))
        return false;
    set_unreachable(v);
    return true;
}

/* ---- exception handling (tags) --------------------------------------------- */

static const comp_functype *tag_type(vmod *v, uint32_t tag, size_t at)
{
    if (tag >= v->tag_count) {
        vmod_fail(v, at, "unknown tag %u", tag);
        return NULL;
    }
    return &v->m->types[v->tags[tag]->type];
}

/* A catch clause's label must take the values the clause passes: the tag's
 * parameters (catch), nothing (catch_all), followed by an exnref for the
 * _ref forms. */
static bool catch_clause(vmod *v, const insn_catch *c, size_t at)
{
    bool ref = c->kind == INSN_CATCH_REF || c->kind == INSN_CATCH_ALL_REF;
    const comp_valtype *want = NULL;
    uint32_t want_count = 0;
    if (c->kind == INSN_CATCH || c->kind == INSN_CATCH_REF) {
        const comp_functype *ft = tag_type(v, c->tag, at);
        if (!ft)
            return false;
        want = ft->params;
        want_count = ft->param_count;
    }
    const vframe *target = label(v, c->label, at);
    if (!target)
        return false;
    const comp_valtype *types;
    uint32_t count;
    label_types(target, &types, &count);
    if (count != want_count + ref)
        return mismatch(v, at);
    for (uint32_t i = 0; i < want_count; i++)
        if (types[i] != want[i])
            return mismatch(v, at);
    return !ref || types[want_count] == COMP_EXNREF || mismatch(v, at);
}

static bool exception_insn(vmod *v, const insn *in, const rd *r, size_t at)
{
    if (!(v->features & COMP_FEATURE_EXCEPTIONS))
        return vmod_fail(v, at, "illegal opcode");
    if (in->op == 0x08) { /* throw */
        const comp_functype *ft = tag_type(v, in->idx, at);
        if (!ft || !pop_types(v, ft->params, ft->param_count, at))
            return false;
        set_unreachable(v);
        return true;
    }
    if (in->op == 0x0a) { /* throw_ref */
        if (!pop_expect(v, COMP_EXNREF, at))
            return false;
        set_unreachable(v);
        return true;
    }
    /* try_table: its catch labels are outside it, so check them first. */
    insn_targets it;
    insn_catch c;
    insn_catches_begin(in, r, &it);
    while (insn_catches_next(&it, &c))
        if (!catch_clause(v, &c, at))
            return false;
    const comp_valtype *params, *results;
    uint32_t pc, rc;
    return block_type(v, in, &params, &pc, &results, &rc, at) && pop_types(v, params, pc, at) &&
           push_frame(v, in->op, params, pc, results, rc, at);
}

static bool control_insn(vmod *v, const insn *in, const rd *r, size_t at)
{
    const comp_valtype *params, *results;
    uint32_t pc, rc;
    const vframe *target;
    vframe done;
    switch (in->op) {
    case 0x00: /* unreachable */
        set_unreachable(v);
        return true;
    case 0x01: /* nop */
        return true;
    case 0x04: /* if */
        if (!pop_expect(v, COMP_I32, at))
            return false;
        /* fall through */
    case 0x02: /* block */
    case 0x03: /* loop */
        return block_type(v, in, &params, &pc, &results, &rc, at) &&
               pop_types(v, params, pc, at) &&
               push_frame(v, in->op, params, pc, results, rc, at);
    case 0x05: /* else */
        if (top_frame(v)->op != 0x04)
            return vmod_fail(v, at, "else without matching if");
        if (!pop_frame(v, &done, at))
            return false;
        return push_frame(v, 0x05, done.params, done.param_count, done.results,
                          done.result_count, at);
    case 0x0b: /* end */
        if (!pop_frame(v, &done, at))
            return false;
        /* An if without else passes its parameters through unchanged. */
        if (done.op == 0x04) {
            if (done.param_count != done.result_count)
                return mismatch(v, at);
            for (uint32_t i = 0; i < done.param_count; i++)
                if (done.params[i] != done.results[i])
                    return mismatch(v, at);
        }
        return v->frame_count == 0 || push_types(v, done.results, done.result_count, at);
    case 0x0c: /* br */
        if (!(target = label(v, in->idx, at)))
            return false;
        label_types(target, &results, &rc);
        if (!pop_types(v, results, rc, at))
            return false;
        set_unreachable(v);
        return true;
    case 0x0d: /* br_if */
        if (!pop_expect(v, COMP_I32, at) || !(target = label(v, in->idx, at)))
            return false;
        label_types(target, &results, &rc);
        return pop_types(v, results, rc, at) && push_types(v, results, rc, at);
    case 0x0e:
        return br_table(v, in, r, at);
    case 0x08: /* throw */
    case 0x0a: /* throw_ref */
    case 0x1f: /* try_table */
        return exception_insn(v, in, r, at);
    case 0x0f: /* return */
        if (!pop_types(v, v->frames[0].results, v->frames[0].result_count, at))
            return false;
        set_unreachable(v);
        return true;
    default:
        return vmod_fail(v, at, "illegal opcode");
    }
}

static bool variable_insn(vmod *v, const insn *in, size_t at)
{
    uint32_t x = in->idx;
    if (in->op <= 0x22) {
        if (x >= v->local_count)
            return vmod_fail(v, at, "unknown local %u", x);
        comp_valtype t = v->locals[x];
        if (in->op == 0x20)
            return vstack_push(v, t, at);
        if (!pop_expect(v, t, at))
            return false;
        return in->op == 0x21 || vstack_push(v, t, at);
    }
    if (x >= v->global_count)
        return vmod_fail(v, at, "unknown global %u", x);
    const comp_globaltype *g = v->globals[x];
    if (in->op == 0x23)
        return vstack_push(v, g->type, at);
    if (!g->mutability)
        return vmod_fail(v, at, "global is immutable");
    return pop_expect(v, g->type, at);
}

static bool reference_insn(vmod *v, const insn *in, size_t at)
{
    comp_valtype t = VT_UNKNOWN;
    switch (in->op) {
    case 0xd0: /* ref.null */
        return vstack_push(v, in->reftype, at);
    case 0xd1: /* ref.is_null */
        if (!pop(v, VT_UNKNOWN, &t, at))
            return false;
        if (t != VT_UNKNOWN && !valtype_is_ref(t))
            return mismatch(v, at);
        return vstack_push(v, COMP_I32, at);
    default: /* ref.func */
        if (in->idx >= v->func_count)
            return vmod_fail(v, at, "unknown function %u", in->idx);
        if (!refs_has(v, in->idx))
            return vmod_fail(v, at, "undeclared function reference");
        return vstack_push(v, COMP_FUNCREF, at);
    }
}

static bool table_op(vmod *v, const insn *in, size_t at)
{
    comp_valtype t = VT_UNKNOWN, t2 = VT_UNKNOWN;
    switch (in->op) {
    case 0x25: /* table.get */
        return table(v, in->idx, &t, at) && pop_expect(v, COMP_I32, at) && vstack_push(v, t, at);
    case 0x26: /* table.set */
        return table(v, in->idx, &t, at) && pop_expect(v, t, at) && pop_expect(v, COMP_I32, at);
    case INSN_PREFIXED(0xfc, 12): /* table.init elem table */
        if (!table(v, in->idx2, &t, at) || !elem_segment(v, in->idx, at))
            return false;
        if (v->m->elems[in->idx].type != t)
            return mismatch(v, at);
        return pop_expect(v, COMP_I32, at) && pop_expect(v, COMP_I32, at) &&
               pop_expect(v, COMP_I32, at);
    case INSN_PREFIXED(0xfc, 13): /* elem.drop */
        return elem_segment(v, in->idx, at);
    case INSN_PREFIXED(0xfc, 14): /* table.copy dst src */
        if (!table(v, in->idx, &t, at) || !table(v, in->idx2, &t2, at))
            return false;
        if (t != t2)
            return mismatch(v, at);
        return pop_expect(v, COMP_I32, at) && pop_expect(v, COMP_I32, at) &&
               pop_expect(v, COMP_I32, at);
    case INSN_PREFIXED(0xfc, 15): /* table.grow */
        return table(v, in->idx, &t, at) && pop_expect(v, COMP_I32, at) &&
               pop_expect(v, t, at) && vstack_push(v, COMP_I32, at);
    case INSN_PREFIXED(0xfc, 16): /* table.size */
        return table(v, in->idx, &t, at) && vstack_push(v, COMP_I32, at);
    default: /* table.fill */
        return table(v, in->idx, &t, at) && pop_expect(v, COMP_I32, at) &&
               pop_expect(v, t, at) && pop_expect(v, COMP_I32, at);
    }
}

static bool memory_op(vmod *v, const insn *in, const rd *r, size_t at)
{
    comp_valtype a = COMP_I32, a2 = COMP_I32;
    /* data.drop names no memory; memory.copy names two. */
    unsigned reserved = in->op == INSN_PREFIXED(0xfc, 9)    ? 0
                        : in->op == INSN_PREFIXED(0xfc, 10) ? 2
                                                             : 1;
    if (reserved && !reserved_zero_bytes(v, r, reserved, at))
        return false;
    switch (in->op) {
    case 0x3f: /* memory.size */
        return memory(v, in->idx, &a, at) && vstack_push(v, a, at);
    case 0x40: /* memory.grow */
        return memory(v, in->idx, &a, at) && pop_expect(v, a, at) &&
               vstack_push(v, a, at);
    case INSN_PREFIXED(0xfc, 8): /* memory.init data memory */
        return memory(v, in->idx2, &a, at) && data_segment(v, in->idx, at) &&
               pop_expect(v, COMP_I32, at) && pop_expect(v, COMP_I32, at) &&
               pop_expect(v, a, at);
    case INSN_PREFIXED(0xfc, 9): /* data.drop */
        return data_segment(v, in->idx, at);
    case INSN_PREFIXED(0xfc, 10): /* memory.copy dst src */
        if (!memory(v, in->idx, &a, at) || !memory(v, in->idx2, &a2, at))
            return false;
        /* The length fits the smaller of the two address spaces. */
        return pop_expect(v, a == COMP_I64 && a2 == COMP_I64 ? COMP_I64 : COMP_I32, at) &&
               pop_expect(v, a2, at) && pop_expect(v, a, at);
    default: /* memory.fill */
        return memory(v, in->idx, &a, at) && pop_expect(v, a, at) &&
               pop_expect(v, COMP_I32, at) && pop_expect(v, a, at);
    }
}

static bool special_insn(vmod *v, const insn *in, const rd *r, size_t at)
{
    comp_valtype t = VT_UNKNOWN;
    switch (in->op) {
    case 0x10: /* call */
        if (in->idx >= v->func_count)
            return vmod_fail(v, at, "unknown function %u", in->idx);
        return call(v, &v->m->types[v->func_types[in->idx]], at);
    case 0x11: /* call_indirect type table */
        if (!table(v, in->idx2, &t, at))
            return false;
        if (t != COMP_FUNCREF)
            return mismatch(v, at);
        if (in->idx >= v->m->type_count)
            return vmod_fail(v, at, "unknown type %u", in->idx);
        return pop_expect(v, COMP_I32, at) && call(v, &v->m->types[in->idx], at);
    case 0x1a: /* drop */
        return pop(v, VT_UNKNOWN, &t, at);
    case 0x1b:
    case 0x1c:
        return select_insn(v, in, at);
    case 0x20: case 0x21: case 0x22: case 0x23: case 0x24:
        return variable_insn(v, in, at);
    case 0x25: case 0x26:
    case INSN_PREFIXED(0xfc, 12): case INSN_PREFIXED(0xfc, 13): case INSN_PREFIXED(0xfc, 14):
    case INSN_PREFIXED(0xfc, 15): case INSN_PREFIXED(0xfc, 16): case INSN_PREFIXED(0xfc, 17):
        return table_op(v, in, at);
    case 0x3f: case 0x40:
    case INSN_PREFIXED(0xfc, 8): case INSN_PREFIXED(0xfc, 9): case INSN_PREFIXED(0xfc, 10):
    case INSN_PREFIXED(0xfc, 11):
        return memory_op(v, in, r, at);
    case 0xd0: case 0xd1: case 0xd2:
        return reference_insn(v, in, at);
    default:
        return control_insn(v, in, r, at);
    }
}

/* ---- locals and the body loop --------------------------------------------- */

static bool read_locals(vmod *v, rd *r, const comp_functype *ft, size_t base)
{
    comp_error *derr = r->err;
    uint32_t groups;
    if (!rd_u32(r, &groups))
        return vmod_fail(v, base + derr->offset, "%s", derr->message);
    uint64_t total = ft->param_count;
    const uint8_t *decls = r->p;
    for (uint32_t i = 0; i < groups; i++) {
        uint32_t n;
        uint8_t t;
        if (!rd_u32(r, &n) || !rd_byte(r, &t))
            return vmod_fail(v, base + derr->offset, "%s", derr->message);
        total += n;
        if (total > VALIDATE_MAX_LOCALS)
            return vmod_fail(v, base + rd_offset(r) - 1, "too many locals");
        if (!valtype_is_valid(t))
            return vmod_fail(v, base + rd_offset(r) - 1, "malformed value type 0x%02x", t);
    }
    if (total > v->local_cap) { /* reserving none would return NULL */
        comp_valtype *locals = comp_heap_reserve(v->locals, &v->local_cap, total, sizeof *locals);
        if (!locals)
            return vmod_oom(v, base);
        v->locals = locals;
    }
    uint32_t k = 0;
    for (; k < ft->param_count; k++)
        v->locals[k] = ft->params[k];
    /* Second pass over the already checked declarations. */
    rd again = *r;
    again.p = decls;
    for (uint32_t i = 0; i < groups; i++) {
        uint32_t n;
        uint8_t t;
        rd_u32(&again, &n);
        rd_byte(&again, &t);
        for (uint32_t j = 0; j < n; j++)
            v->locals[k++] = t;
    }
    v->local_count = k;
    return true;
}

bool validate_code(vmod *v, uint32_t defined_index, const comp_code *code)
{
    const comp_functype *ft =
        &v->m->types[v->func_types[v->func_count - v->m->func_count + defined_index]];
    size_t base = code->offset;
    comp_error derr = {0};
    rd r;
    rd_init(&r, code->body, code->len, NULL, &derr);
    if (!read_locals(v, &r, ft, base))
        return false;

    v->stack.len = 0;
    v->frame_count = 0;
    if (!push_frame(v, 0x0b, NULL, 0, ft->results, ft->result_count, base + rd_offset(&r)))
        return false;
    /* The function frame takes no operands: its parameters are locals. */
    v->frames[0].params = ft->params;
    v->frames[0].param_count = 0;

    while (v->frame_count > 0) {
        if (rd_eof(&r))
            return vmod_fail(v, base + code->len, "unexpected end of section or function");
        insn in;
        if (!insn_decode(&r, &in))
            return vmod_fail(v, base + derr.offset, "%s", derr.message);
        size_t at = base + in.offset;
        const op_sig *s = op_sig_of(in.op);
        bool ok = s ? table_insn(v, s, &in, at) : special_insn(v, &in, &r, at);
        if (!ok)
            return false;
    }
    if (!rd_eof(&r))
        return vmod_fail(v, base + rd_offset(&r), "operators remaining after end of function");
    return true;
}
