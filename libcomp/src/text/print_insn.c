/* Instructions of the WAT printer: function bodies (flat, one instruction
 * per line, indented by block depth, labels named from the name section or
 * numbered `@depth` in comments, as `wasm-tools print` does) and constant
 * expressions (on one line). */
#include "text/print.h"

#include <string.h>

#include "core/insn.h"
#include "core/types_io.h"
#include "reader.h"

typedef struct body_ctx {
    const pr_module_ctx *mc;
    const pr_namemap *locals;  /* NULL: no local names */
    const pr_namemap *labels;  /* NULL: no label names */
    comp_vec open;             /* uint32_t: label ordinal of each open block */
    uint32_t next_label;
} body_ctx;

static const pr_namemap *core_map(const pr_module_ctx *mc, int which)
{
    return mc->names ? &mc->names->maps[which] : NULL;
}

/* Natural alignment (log2) of a load or store, from its name: the digits
 * after "load"/"store" give the access width (v128.load8x8_s reads 64 bits:
 * NxM), else the type prefix does. */
static uint32_t natural_align(const char *name)
{
    const char *at = strstr(name, "load");
    const char *digits = at ? at + 4 : NULL;
    if (!at) {
        at = strstr(name, "store");
        digits = at ? at + 5 : NULL;
    }
    unsigned bits = 0;
    if (digits && *digits >= '0' && *digits <= '9') {
        unsigned n = 0;
        while (*digits >= '0' && *digits <= '9')
            n = n * 10 + (unsigned)(*digits++ - '0');
        bits = n;
        if (*digits == 'x') {
            unsigned m = 0;
            digits++;
            while (*digits >= '0' && *digits <= '9')
                m = m * 10 + (unsigned)(*digits++ - '0');
            bits = n * m;
        }
    } else if (strncmp(name, "v128", 4) == 0) {
        bits = 128;
    } else if (strncmp(name, "i64", 3) == 0 || strncmp(name, "f64", 3) == 0) {
        bits = 64;
    } else {
        bits = 32;
    }
    uint32_t log = 0;
    while ((8u << log) < bits)
        log++;
    return log;
}

static void print_memarg(pr *p, const body_ctx *b, const char *name, const insn_memarg *m)
{
    if (m->memory != 0)
        pr_ref(p, core_map(b->mc, PR_CORE_MEMORY), "memory", m->memory);
    if (m->offset != 0)
        pr_fmt(p, " offset=%llu", (unsigned long long)m->offset);
    if (m->align != natural_align(name))
        pr_fmt(p, " align=%llu", 1ull << m->align);
}

/* The label ordinal of the block `label` levels out from the innermost. */
static uint32_t open_label(const body_ctx *b, uint32_t label)
{
    return ((const uint32_t *)b->open.data)[b->open.count - 1 - label];
}

static void print_label_as(pr *p, const body_ctx *b, uint32_t label, uint32_t shown)
{
    if (label < b->open.count) {
        const pr_name *n = pr_namemap_find(b->labels, open_label(b, label));
        if (n) {
            pr_str(p, " ");
            pr_identifier(p, n, "label");
            return;
        }
    }
    /* The function's own label is @0; out-of-range labels print bare. */
    if (label <= b->open.count)
        pr_fmt(p, " %u (;@%u;)", shown, b->open.count - label);
    else
        pr_fmt(p, " %u", shown);
}

static void print_label(pr *p, const body_ctx *b, uint32_t label)
{
    print_label_as(p, b, label, label);
}

static void print_blocktype(pr *p, const body_ctx *b, const insn *in)
{
    if (in->blocktype_is_index) {
        pr_str(p, " (type");
        pr_ref(p, core_map(b->mc, PR_CORE_TYPE), "type", in->blocktype);
        pr_str(p, ")");
        if (in->blocktype < b->mc->m->type_count)
            pr_signature(p, &b->mc->m->types[in->blocktype], NULL);
    } else if (in->blocktype != INSN_BLOCK_EMPTY) {
        pr_fmt(p, " (result %s)", pr_valtype_name((comp_valtype)in->blocktype));
    }
}

static void print_v128_i32x4(pr *p, const uint8_t *bytes)
{
    pr_str(p, " i32x4");
    for (int i = 0; i < 4; i++) {
        uint32_t v = (uint32_t)bytes[4 * i] | (uint32_t)bytes[4 * i + 1] << 8 |
                     (uint32_t)bytes[4 * i + 2] << 16 | (uint32_t)bytes[4 * i + 3] << 24;
        pr_fmt(p, " 0x%08x", v);
    }
}

/* Single-index immediates: which index space the index names. */
static void print_index(pr *p, body_ctx *b, const insn *in)
{
    const pr_module_ctx *mc = b->mc;
    switch (in->op) {
    case 0x0c: case 0x0d:
        print_label(p, b, in->idx);
        return;
    case 0x10: case 0xd2:
        pr_ref(p, core_map(mc, PR_CORE_FUNC), "func", in->idx);
        return;
    case 0x20: case 0x21: case 0x22:
        pr_ref(p, b->locals, "local", in->idx);
        return;
    case 0x23: case 0x24:
        pr_ref(p, core_map(mc, PR_CORE_GLOBAL), "global", in->idx);
        return;
    case 0x3f: case 0x40: case INSN_PREFIXED(0xfc, 11):
        if (in->idx != 0)
            pr_ref(p, core_map(mc, PR_CORE_MEMORY), "memory", in->idx);
        return;
    case INSN_PREFIXED(0xfc, 9):
        pr_ref(p, core_map(mc, PR_CORE_DATA), "data", in->idx);
        return;
    case INSN_PREFIXED(0xfc, 13):
        pr_ref(p, core_map(mc, PR_CORE_ELEM), "elem", in->idx);
        return;
    default: /* table.get/set/grow/size/fill */
        pr_ref(p, core_map(mc, PR_CORE_TABLE), "table", in->idx);
        return;
    }
}

static void print_index2(pr *p, const body_ctx *b, const insn *in)
{
    const pr_module_ctx *mc = b->mc;
    switch (in->op) {
    case 0x11: /* call_indirect type table */
        if (in->idx2 != 0)
            pr_ref(p, core_map(mc, PR_CORE_TABLE), "table", in->idx2);
        pr_str(p, " (type");
        pr_ref(p, core_map(mc, PR_CORE_TYPE), "type", in->idx);
        pr_str(p, ")");
        return;
    case INSN_PREFIXED(0xfc, 8): /* memory.init data memory */
        if (in->idx2 != 0)
            pr_ref(p, core_map(mc, PR_CORE_MEMORY), "memory", in->idx2);
        pr_ref(p, core_map(mc, PR_CORE_DATA), "data", in->idx);
        return;
    case INSN_PREFIXED(0xfc, 12): /* table.init elem table */
        if (in->idx2 != 0)
            pr_ref(p, core_map(mc, PR_CORE_TABLE), "table", in->idx2);
        pr_ref(p, core_map(mc, PR_CORE_ELEM), "elem", in->idx);
        return;
    case INSN_PREFIXED(0xfc, 10): /* memory.copy dst src */
        if (in->idx != 0 || in->idx2 != 0) {
            pr_ref(p, core_map(mc, PR_CORE_MEMORY), "memory", in->idx);
            pr_ref(p, core_map(mc, PR_CORE_MEMORY), "memory", in->idx2);
        }
        return;
    default: /* table.copy dst src */
        if (in->idx != 0 || in->idx2 != 0) {
            pr_ref(p, core_map(mc, PR_CORE_TABLE), "table", in->idx);
            pr_ref(p, core_map(mc, PR_CORE_TABLE), "table", in->idx2);
        }
        return;
    }
}

/* The instruction's name and immediates (not block bookkeeping). */
static bool print_insn(pr *p, body_ctx *b, const insn *in, const rd *r)
{
    const char *name = insn_name(in->op);
    pr_str(p, name);
    switch (insn_imm_kind(in->op)) {
    case IMM_NONE:
        break;
    case IMM_BLOCK:
        break; /* the caller prints labels and types */
    case IMM_INDEX:
        print_index(p, b, in);
        break;
    case IMM_INDEX2:
        print_index2(p, b, in);
        break;
    case IMM_BR_TABLE: {
        insn_targets it;
        insn_targets_begin(in, r, &it);
        uint32_t label;
        while (it.left > 0) {
            if (!insn_targets_next(&it, &label))
                return false;
            print_label(p, b, label);
        }
        print_label(p, b, in->idx);
        break;
    }
    case IMM_MEMARG:
        print_memarg(p, b, name, &in->mem);
        break;
    case IMM_MEMARG_LANE:
        print_memarg(p, b, name, &in->mem);
        pr_fmt(p, " %u", in->lane);
        break;
    case IMM_LANE:
        pr_fmt(p, " %u", in->lane);
        break;
    case IMM_I32:
    case IMM_I64:
        pr_fmt(p, " %lld", (long long)in->i64);
        break;
    case IMM_F32:
        pr_str(p, " ");
        pr_f32(p, in->f32);
        break;
    case IMM_F64:
        pr_str(p, " ");
        pr_f64(p, in->f64);
        break;
    case IMM_V128:
        print_v128_i32x4(p, in->v128);
        break;
    case IMM_SHUFFLE:
        for (int i = 0; i < 16; i++)
            pr_fmt(p, " %u", in->v128[i]);
        break;
    case IMM_REFTYPE:
        pr_str(p, in->reftype == COMP_FUNCREF   ? " func"
                  : in->reftype == COMP_EXNREF ? " exn"
                                               : " extern");
        break;
    case IMM_SELECT_T: {
        /* The decoder keeps only the first type; any number is well-formed
         * (one is valid), and the types, one byte each, are the
         * instruction's last bytes. */
        const uint8_t *types = r->p - in->select_count;
        pr_str(p, " (result");
        for (uint32_t i = 0; i < in->select_count; i++)
            pr_fmt(p, " %s", pr_valtype_name(types[i]));
        pr_str(p, ")");
        break;
    }
    default:
        break;
    }
    return true;
}

static bool push_label(pr *p, body_ctx *b)
{
    uint32_t *slot = comp_vec_push(p->arena, &b->open, sizeof *slot);
    if (!slot)
        return comp_error_set(p->err, 0, "out of memory");
    *slot = b->next_label++;
    return true;
}

/* try_table's catch clauses. Their labels count from outside the
 * try_table, whose own label is already pushed: hence label + 1 to find
 * it, while the number printed stays the one the text format reads. */
static bool print_catches(pr *p, const body_ctx *b, const insn *in, const rd *r)
{
    static const char *const kinds[] = {"catch", "catch_ref", "catch_all", "catch_all_ref"};
    insn_targets it;
    insn_catches_begin(in, r, &it);
    for (uint32_t i = 0; i < in->catch_count; i++) {
        insn_catch c;
        if (!insn_catches_next(&it, &c))
            return false;
        pr_fmt(p, " (%s", kinds[c.kind & 3]);
        if (c.kind == INSN_CATCH || c.kind == INSN_CATCH_REF)
            pr_ref(p, core_map(b->mc, PR_CORE_TAG), "tag", c.tag);
        print_label_as(p, b, c.label + 1, c.label);
        pr_str(p, ")");
    }
    return true;
}

static bool print_locals(pr *p, rd *r, const pr_namemap *names, uint32_t first_local)
{
    uint32_t groups;
    if (!rd_count(r, &groups, 2))
        return false;
    uint32_t index = first_local;
    bool any = false, open = false;
    for (uint32_t g = 0; g < groups; g++) {
        uint32_t n;
        comp_valtype t;
        if (!rd_u32(r, &n) || !core_read_valtype(r, &t))
            return false;
        /* Each local prints once; a count can claim billions, so refuse
         * absurd totals instead of printing them. */
        if (n > 50000 || index - first_local + n > 50000)
            return rd_fail(r, "too many locals to print");
        for (uint32_t i = 0; i < n; i++, index++) {
            const pr_name *nm = pr_namemap_find(names, index);
            if (nm || !open) {
                if (open)
                    pr_str(p, ")");
                if (any)
                    pr_str(p, " ");
                else
                    pr_newline(p);
                any = true;
                pr_str(p, "(local");
                open = !nm;
                if (nm) {
                    pr_str(p, " ");
                    pr_identifier(p, nm, "local");
                    pr_fmt(p, " %s)", pr_valtype_name(t));
                    continue;
                }
            }
            pr_fmt(p, " %s", pr_valtype_name(t));
        }
    }
    if (open)
        pr_str(p, ")");
    return true;
}

bool pr_func_body(pr *p, const pr_module_ctx *mc, uint32_t func_index,
                  const uint8_t *code, size_t len, size_t offset)
{
    body_ctx b;
    memset(&b, 0, sizeof b);
    b.mc = mc;
    if (mc->names) {
        b.locals = pr_indirect_find(&mc->names->locals, func_index);
        b.labels = pr_indirect_find(&mc->names->labels, func_index);
    }
    const comp_functype *ft = comp_module_func_type(mc->m, func_index);
    rd r;
    rd_init(&r, code, len, p->arena, p->err);
    r.base = code - offset; /* errors report offsets in the input */
    uint32_t base_indent = p->indent;
    if (!print_locals(p, &r, b.locals, ft ? ft->param_count : 0))
        return false;
    for (;;) {
        insn in;
        if (!insn_decode(&r, &in))
            return false;
        if (in.op == 0x0b && b.open.count == 0)
            break; /* the body's own end */
        if (in.op == 0x0b || in.op == 0x05) {
            if (b.open.count == 0)
                return comp_error_set(p->err, in.offset, "unexpected `%s`", insn_name(in.op));
            if (in.op == 0x0b)
                b.open.count--;
            p->indent = base_indent + b.open.count;
            if (in.op == 0x05)
                p->indent--;
            pr_newline(p);
            pr_str(p, insn_name(in.op));
            if (in.op == 0x05) {
                const pr_name *n = pr_namemap_find(b.labels, open_label(&b, 0));
                if (n) {
                    pr_str(p, " ");
                    pr_identifier(p, n, "label");
                }
            }
            continue;
        }
        p->indent = base_indent + b.open.count;
        pr_newline(p);
        if (!print_insn(p, &b, &in, &r))
            return false;
        uint8_t imm = insn_imm_kind(in.op);
        if (imm == IMM_BLOCK || imm == IMM_TRY_TABLE) {
            if (!push_label(p, &b))
                return false;
            const pr_name *n = pr_namemap_find(b.labels, open_label(&b, 0));
            if (n) {
                pr_str(p, " ");
                pr_identifier(p, n, "label");
                /* A synthetic $"#labelN l" keeps its real name for the
                 * name section, as definitions do. */
                if (n->synthetic) {
                    pr_str(p, " (@name ");
                    pr_name_str(p, n->name);
                    pr_str(p, ")");
                }
            }
            print_blocktype(p, &b, &in);
            if (imm == IMM_TRY_TABLE && !print_catches(p, &b, &in, &r))
                return false;
            if (!n)
                pr_fmt(p, " ;; label = @%u", b.open.count);
        }
    }
    p->indent = base_indent;
    if (!rd_eof(&r))
        return comp_error_set(p->err, rd_offset(&r), "code after the end of the function body");
    return true;
}

bool pr_const_expr(pr *p, const pr_module_ctx *mc, const comp_expr *e, uint32_t *count)
{
    body_ctx b;
    memset(&b, 0, sizeof b);
    b.mc = mc;
    rd r;
    rd_init(&r, e->code, e->len, p->arena, p->err);
    r.base = e->code - e->offset;
    bool first = true;
    uint32_t n = 0;
    while (!rd_eof(&r)) {
        insn in;
        if (!insn_decode(&r, &in))
            return false;
        if (in.op == 0x0b && rd_eof(&r))
            break;
        if (!first)
            pr_str(p, " ");
        first = false;
        if (!print_insn(p, &b, &in, &r))
            return false;
        n++;
    }
    if (count)
        *count = n;
    return true;
}
