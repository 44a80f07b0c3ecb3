/* Constant expressions: global initializers and segment offsets and
 * elements. Only constants, ref.null, ref.func and global.get of an
 * immutable imported global are allowed (the rule the 2.0 test suite
 * checks), plus i32/i64 add, sub and mul with extended constants. */
#include "core/validate.h"

#include "core/insn.h"

static bool is_extended_op(uint32_t op)
{
    return (op >= 0x6a && op <= 0x6c) || (op >= 0x7c && op <= 0x7e);
}

/* Types one instruction of a constant expression onto v->stack. */
static bool const_insn(vmod *v, const insn *in, size_t at)
{
    switch (in->op) {
    case 0x41: return vstack_push(v, COMP_I32, at);
    case 0x42: return vstack_push(v, COMP_I64, at);
    case 0x43: return vstack_push(v, COMP_F32, at);
    case 0x44: return vstack_push(v, COMP_F64, at);
    case INSN_PREFIXED(0xfd, 12): return vstack_push(v, COMP_V128, at);
    case 0xd0: return vstack_push(v, in->reftype, at);
    case 0xd2:
        if (in->idx >= v->func_count)
            return vmod_fail(v, at, "unknown function %u", in->idx);
        refs_mark(v, in->idx);
        return vstack_push(v, COMP_FUNCREF, at);
    case 0x23:
        if (in->idx >= v->imported_globals)
            return vmod_fail(v, at, "unknown global %u", in->idx);
        if (v->globals[in->idx]->mutability)
            return vmod_fail(v, at, "constant expression required");
        return vstack_push(v, v->globals[in->idx]->type, at);
    default:
        break;
    }
    if (!is_extended_op(in->op) || !(v->features & COMP_FEATURE_EXTENDED_CONST))
        return vmod_fail(v, at, "constant expression required");
    comp_valtype t = in->op <= 0x6c ? COMP_I32 : COMP_I64;
    if (v->stack.len < 2 || v->stack.v[v->stack.len - 1] != t ||
        v->stack.v[v->stack.len - 2] != t)
        return vmod_fail(v, at, "type mismatch");
    v->stack.len--;
    return true;
}

bool validate_const_expr(vmod *v, const comp_expr *e, comp_valtype want)
{
    comp_error derr = {0};
    rd r;
    rd_init(&r, e->code, e->len, NULL, &derr);
    v->stack.len = 0;
    for (;;) {
        if (rd_eof(&r))
            return vmod_fail(v, e->offset + e->len, "unexpected end of constant expression");
        insn in;
        if (!insn_decode(&r, &in))
            return vmod_fail(v, e->offset + derr.offset, "%s", derr.message);
        size_t at = e->offset + in.offset;
        if (in.op == 0x0b) {
            if (!rd_eof(&r))
                return vmod_fail(v, at + 1, "constant expression required");
            break;
        }
        if (!const_insn(v, &in, at))
            return false;
    }
    if (v->stack.len != 1 || v->stack.v[0] != want)
        return vmod_fail(v, e->offset + e->len - 1, "type mismatch");
    return true;
}
