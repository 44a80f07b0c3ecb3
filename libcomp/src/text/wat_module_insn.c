/* Instructions: plain, block structured and folded, encoded into raw body
 * bytes (opcode, then immediates with minimal LEB128s). Which immediates
 * follow a name comes from insn.c's op table (insn_imm_kind); the name ->
 * opcode map is built from insn_name. */
#include "text/wat_module_int.h"

#include <stdlib.h>
#include <string.h>

#include "core/insn.h"
#include "text/wat_marks.h"
#include "writer.h"

/* ---- name -> opcode ------------------------------------------------------ */

static int compare_opnames(const void *a, const void *b)
{
    return strcmp(((const wat_opname *)a)->name, ((const wat_opname *)b)->name);
}

bool wat_ops_init(wat_parser *p)
{
    static const struct { uint32_t first, last; } ranges[] = {
        {0x00, 0xff}, {INSN_PREFIXED(0xfc, 0), INSN_PREFIXED(0xfc, 0x20)},
        {INSN_PREFIXED(0xfd, 0), INSN_PREFIXED(0xfd, 0xff)},
    };
    uint32_t cap = 0;
    for (size_t r = 0; r < sizeof ranges / sizeof ranges[0]; r++)
        cap += ranges[r].last - ranges[r].first + 1;
    p->ops = comp_arena_array(p->arena, cap, sizeof *p->ops);
    if (!p->ops)
        return wat_oom(p, NULL);
    p->op_count = 0;
    for (size_t r = 0; r < sizeof ranges / sizeof ranges[0]; r++) {
        for (uint32_t op = ranges[r].first; op <= ranges[r].last; op++) {
            const char *name = insn_name(op);
            /* `select` with types (0x1c) is chosen by its immediates. */
            if (name && op != 0x1c)
                p->ops[p->op_count++] = (wat_opname){name, op};
        }
    }
    qsort(p->ops, p->op_count, sizeof *p->ops, compare_opnames);
    return true;
}

static bool find_op(const wat_parser *p, const text_token *t, uint32_t *op)
{
    uint32_t lo = 0, hi = p->op_count;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        const char *name = p->ops[mid].name;
        size_t n = strlen(name);
        int c = strncmp(name, t->text, n < t->len ? n : t->len);
        if (c == 0)
            c = n < t->len ? -1 : n > t->len ? 1 : 0;
        if (c == 0) {
            *op = p->ops[mid].op;
            return true;
        }
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return false;
}

/* ---- emitting ------------------------------------------------------------ */

static void emit_op(comp_buf *b, uint32_t op)
{
    if (op > 0xff) {
        comp_buf_byte(b, (uint8_t)(op >> 16));
        leb_put_u64(b, op & 0xffff, 0);
    } else {
        comp_buf_byte(b, (uint8_t)op);
    }
}

static void emit_u32(comp_buf *b, uint32_t v) { leb_put_u64(b, v, 0); }

/* Notes that the instruction at `text` starts at byte out->len, for the
 * source map (validation errors point back at the text). */
static void mark(wat_parser *p, const comp_buf *out, size_t text)
{
    wat_marks_add(p->marks, out->len, text);
}

/* ---- cursor over the items of a list ------------------------------------- */

typedef struct cursor {
    const text_sexpr *list;
    uint32_t i;
} cursor;

static const text_sexpr *peek(const cursor *c)
{
    return c->i < c->list->count ? c->list->items[c->i] : NULL;
}

static bool fail_end(wat_parser *p, const cursor *c, const char *what)
{
    const text_sexpr *e = peek(c);
    if (e)
        return wat_expected(p, e, what);
    return text_fail(p->err, c->list->end, "unexpected token: expected %s, found `)`", what);
}

/* ---- labels -------------------------------------------------------------- */

static bool push_label(wat_parser *p, const text_sexpr *id, const text_sexpr *at)
{
    const text_sexpr **slot = comp_vec_push(p->arena, &p->labels, sizeof *slot);
    if (!slot)
        return wat_oom(p, at);
    *slot = id;
    uint32_t ordinal = p->label_ordinal++;
    /* An (@name ...) follows the label, or the block keyword without one. */
    const text_sexpr *shown = wat_annot_name(p, id ? id : at->kind == SX_LIST ? at->items[0] : at);
    if (!shown)
        shown = id;
    if (shown) {
        wat_name *n = comp_vec_push(p->arena, &p->label_names, sizeof *n);
        if (!n)
            return wat_oom(p, at);
        *n = (wat_name){shown->tok.value, (uint32_t)shown->tok.value_len, ordinal};
    }
    return true;
}

static void pop_label(wat_parser *p) { p->labels.count--; }

static bool same_id(const text_sexpr *a, const text_sexpr *b)
{
    return a->tok.value_len == b->tok.value_len &&
           memcmp(a->tok.value, b->tok.value, a->tok.value_len) == 0;
}

static bool label_index(wat_parser *p, const text_sexpr *e, uint32_t *out)
{
    if (wat_is_id(e)) {
        const text_sexpr **labels = p->labels.data;
        for (uint32_t k = p->labels.count; k-- > 0;) {
            if (labels[k] && same_id(labels[k], e)) {
                *out = p->labels.count - 1 - k;
                return true;
            }
        }
        return wat_fail(p, e, "unknown label $%.*s", (int)e->tok.value_len,
                        (const char *)e->tok.value);
    }
    if (!wat_is_index(e))
        return wat_expected(p, e, "a label");
    return text_int_u32(&e->tok, out, p->err);
}

/* After `end` or `else`: an optional label that must repeat the block's. */
static bool closing_label(wat_parser *p, cursor *c, const text_sexpr *label)
{
    const text_sexpr *e = peek(c);
    if (!wat_is_id(e))
        return true;
    if (!label || !same_id(label, e))
        return wat_fail(p, e, "mismatching label $%.*s", (int)e->tok.value_len,
                        (const char *)e->tok.value);
    c->i++;
    return true;
}

/* ---- immediates ---------------------------------------------------------- */

static bool reject_named_params(wat_parser *p, const cursor *c)
{
    for (uint32_t k = c->i; k < c->list->count; k++) {
        const text_sexpr *e = c->list->items[k];
        if (text_sexpr_is_form(e, "type"))
            continue;
        if (!text_sexpr_is_form(e, "param"))
            break;
        if (e->count > 1 && wat_is_id(e->items[1]))
            return wat_fail(p, e->items[1], "unexpected token: a type use here has no "
                                            "parameter names");
    }
    return true;
}

static bool blocktype(wat_parser *p, cursor *c, comp_buf *b)
{
    if (!reject_named_params(p, c))
        return false;
    const text_sexpr *first = peek(c);
    if (first && text_sexpr_is_form(first, "type")) {
        uint32_t type;
        if (!wat_typeuse(p, c->list, &c->i, &type, NULL))
            return false;
        leb_put_s64(b, type, 0);
        return true;
    }
    uint32_t start = c->i;
    comp_functype ft;
    if (!wat_functype_items(p, c->list, &c->i, &ft, NULL))
        return false;
    if (ft.param_count == 0 && ft.result_count == 0) {
        comp_buf_byte(b, INSN_BLOCK_EMPTY);
    } else if (ft.param_count == 0 && ft.result_count == 1) {
        comp_buf_byte(b, ft.results[0]);
    } else {
        uint32_t type;
        if (!wat_type_for(p, &ft, c->list->items[start], &type))
            return false;
        leb_put_s64(b, type, 0);
    }
    return true;
}

static bool optional_label_id(cursor *c, const text_sexpr **label)
{
    const text_sexpr *e = peek(c);
    *label = wat_is_id(e) ? e : NULL;
    if (*label)
        c->i++;
    return true;
}

/* The natural alignment (bytes) of a load/store, from its name: a width
 * after "load"/"store" (in bits, or NxM lanes), else the type's size. */
static uint32_t natural_alignment(uint32_t op)
{
    const char *name = insn_name(op);
    const char *dot = strchr(name, '.');
    const char *verb = strstr(dot, "load");
    verb = verb ? verb + 4 : strstr(dot, "store") + 5;
    if (*verb >= '0' && *verb <= '9') {
        uint32_t bits = (uint32_t)strtoul(verb, NULL, 10);
        if (strchr(verb, 'x'))
            return 8; /* 8x8, 16x4, 32x2 */
        return bits / 8;
    }
    if (strncmp(name, "v128", 4) == 0)
        return 16;
    return name[1] == '3' ? 4 : 8;
}

/* A `key=value` keyword's value as a u64. */
static bool keyword_value(wat_parser *p, const text_sexpr *e, size_t key_len, uint64_t *out)
{
    text_token t = e->tok;
    t.text += key_len;
    t.len -= key_len;
    t.kind = text_is_int_syntax(t.text, t.len) ? TOK_INT : TOK_RESERVED;
    if (t.kind != TOK_INT || t.text[0] == '+' || t.text[0] == '-')
        return wat_fail(p, e, "unknown operator: malformed `%.*s`", (int)e->tok.len, e->tok.text);
    return text_int_u64(&t, out, p->err);
}

static bool starts_with(const text_sexpr *e, const char *prefix)
{
    size_t n = strlen(prefix);
    return e && e->kind == SX_ATOM && e->tok.kind == TOK_KEYWORD && e->tok.len > n &&
           memcmp(e->tok.text, prefix, n) == 0;
}

/* With a lane immediate after the memarg, a lone number is the lane: a
 * memory index is there only when something of the memarg follows it. */
static bool memory_index_present(const cursor *c, bool lane_follows)
{
    const text_sexpr *e = peek(c);
    if (!wat_is_index(e))
        return false;
    if (!lane_follows || wat_is_id(e))
        return true;
    const text_sexpr *next = c->i + 1 < c->list->count ? c->list->items[c->i + 1] : NULL;
    return wat_is_index(next) || starts_with(next, "offset=") || starts_with(next, "align=");
}

static bool memarg(wat_parser *p, cursor *c, uint32_t op, comp_buf *b)
{
    uint32_t memory = 0;
    if (memory_index_present(c, insn_imm_kind(op) == IMM_MEMARG_LANE)) {
        if (!wat_index(p, &p->memories, peek(c), &memory))
            return false;
        c->i++;
    }
    uint64_t offset = 0, align = natural_alignment(op);
    if (starts_with(peek(c), "offset=")) {
        if (!keyword_value(p, peek(c), 7, &offset))
            return false;
        if (offset > UINT32_MAX && !wat_memory_is64(p, memory))
            return wat_fail(p, peek(c), "offset out of range");
        c->i++;
    }
    if (starts_with(peek(c), "align=")) {
        const text_sexpr *e = peek(c);
        if (!keyword_value(p, e, 6, &align))
            return false;
        if (align == 0 || (align & (align - 1)) != 0 || align > UINT32_MAX)
            return wat_fail(p, e, "alignment must be a power of two");
        c->i++;
    }
    uint32_t log2 = 0;
    while (((uint64_t)1 << log2) < align)
        log2++;
    if (memory != 0) {
        emit_u32(b, log2 | 0x40);
        emit_u32(b, memory);
    } else {
        emit_u32(b, log2);
    }
    leb_put_u64(b, offset, 0);
    return true;
}

static bool int_atom(wat_parser *p, cursor *c, uint32_t max, uint32_t *out, const char *what)
{
    const text_sexpr *e = peek(c);
    if (!e || e->kind != SX_ATOM || e->tok.kind != TOK_INT)
        return fail_end(p, c, what);
    if (!text_int_u32(&e->tok, out, p->err))
        return false;
    if (*out > max)
        return wat_fail(p, e, "malformed lane index");
    c->i++;
    return true;
}

static bool number_atom(wat_parser *p, cursor *c, const text_sexpr **out, const char *what)
{
    const text_sexpr *e = peek(c);
    if (!e || e->kind != SX_ATOM || (e->tok.kind != TOK_INT && e->tok.kind != TOK_FLOAT))
        return fail_end(p, c, what);
    *out = e;
    c->i++;
    return true;
}

static wat_space *index_space(wat_parser *p, uint32_t op)
{
    switch (op) {
    case 0x10: case 0xd2: return &p->funcs;
    case 0x08: return &p->tags; /* throw */
    case 0x20: case 0x21: case 0x22: return &p->locals;
    case 0x23: case 0x24: return &p->globals;
    case 0x25: case 0x26: return &p->tables;
    case 0x3f: case 0x40: return &p->memories;
    case INSN_PREFIXED(0xfc, 9): return &p->datas;
    case INSN_PREFIXED(0xfc, 11): return &p->memories;
    case INSN_PREFIXED(0xfc, 13): return &p->elems;
    default: return &p->tables; /* table.grow/size/fill */
    }
}

/* Ops whose single index may be left out (it defaults to 0). */
static bool index_optional(uint32_t op)
{
    return op == 0x25 || op == 0x26 || op == 0x3f || op == 0x40 ||
           op == INSN_PREFIXED(0xfc, 11) || op == INSN_PREFIXED(0xfc, 15) ||
           op == INSN_PREFIXED(0xfc, 16) || op == INSN_PREFIXED(0xfc, 17);
}

static bool one_index(wat_parser *p, cursor *c, wat_space *s, uint32_t *out, const char *what)
{
    const text_sexpr *e = peek(c);
    if (!wat_is_index(e))
        return fail_end(p, c, what);
    if (!wat_index(p, s, e, out))
        return false;
    c->i++;
    return true;
}

static bool two_indices(wat_parser *p, cursor *c, uint32_t op, comp_buf *b)
{
    uint32_t x = 0, y = 0;
    switch (op) {
    case 0x11: /* call_indirect table? typeuse: encoded type, table */
        if (wat_is_index(peek(c)) && !one_index(p, c, &p->tables, &y, "a table"))
            return false;
        if (!reject_named_params(p, c) || !wat_typeuse(p, c->list, &c->i, &x, NULL))
            return false;
        break;
    case INSN_PREFIXED(0xfc, 8): /* memory.init memory? data: encoded data, memory */
    case INSN_PREFIXED(0xfc, 12): { /* table.init table? elem */
        bool mem = op == INSN_PREFIXED(0xfc, 8);
        wat_space *outer = mem ? &p->memories : &p->tables, *seg = mem ? &p->datas : &p->elems;
        if (c->i + 1 < c->list->count && wat_is_index(c->list->items[c->i + 1]) &&
            wat_is_index(peek(c))) {
            if (!one_index(p, c, outer, &y, mem ? "a memory" : "a table"))
                return false;
        }
        if (!one_index(p, c, seg, &x, mem ? "a data segment" : "an element segment"))
            return false;
        break;
    }
    default: { /* memory.copy / table.copy: both or neither */
        bool mem = op == INSN_PREFIXED(0xfc, 10);
        wat_space *s = mem ? &p->memories : &p->tables;
        if (wat_is_index(peek(c))) {
            if (!one_index(p, c, s, &x, "a destination") || !one_index(p, c, s, &y, "a source"))
                return false;
        }
        break;
    }
    }
    emit_u32(b, x);
    emit_u32(b, y);
    return true;
}

static bool v128_const(wat_parser *p, cursor *c, comp_buf *b)
{
    const text_sexpr *shape_atom = peek(c);
    if (!shape_atom || shape_atom->kind != SX_ATOM)
        return fail_end(p, c, "a v128 shape");
    text_v128_shape shape;
    if (!text_v128_shape_of(&shape_atom->tok, &shape, p->err))
        return false;
    c->i++;
    uint8_t bytes[16] = {0};
    for (unsigned lane = 0; lane < text_v128_lane_count(shape); lane++) {
        const text_sexpr *e;
        if (!number_atom(p, c, &e, "a v128 lane value") ||
            !text_v128_lane(shape, &e->tok, lane, bytes, p->err))
            return false;
    }
    comp_buf_append(b, bytes, 16);
    return true;
}

static bool select_types(wat_parser *p, cursor *c, comp_buf *b)
{
    comp_vec types = {0};
    bool typed = false;
    while (text_sexpr_is_form(peek(c), "result")) {
        const text_sexpr *r = peek(c);
        typed = true;
        for (uint32_t k = 1; k < r->count; k++) {
            comp_valtype *t = comp_vec_push(p->arena, &types, sizeof *t);
            if (!t)
                return wat_oom(p, r);
            if (!wat_valtype(p, r->items[k], t))
                return false;
        }
        c->i++;
    }
    if (!typed) {
        comp_buf_byte(b, 0x1b);
        return true;
    }
    comp_buf_byte(b, 0x1c);
    emit_u32(b, types.count);
    comp_buf_append(b, types.data, types.count);
    return true;
}

/* Encodes op and the immediates that follow it at `c`. Block instructions
 * are handled by the callers. */
static bool immediates(wat_parser *p, cursor *c, uint32_t op, comp_buf *b)
{
    if (op == 0x1b)
        return select_types(p, c, b);
    emit_op(b, op);
    const text_sexpr *e;
    uint32_t x;
    switch (insn_imm_kind(op)) {
    case IMM_NONE:
        return true;
    case IMM_INDEX:
        if (op == 0x0c || op == 0x0d) {
            if (!peek(c))
                return fail_end(p, c, "a label");
            if (!label_index(p, peek(c), &x))
                return false;
            c->i++;
        } else if (index_optional(op) && !wat_is_index(peek(c))) {
            x = 0;
        } else if (!one_index(p, c, index_space(p, op), &x, "an index")) {
            return false;
        }
        if (op == INSN_PREFIXED(0xfc, 9))
            p->needs_data_count = true;
        emit_u32(b, x);
        return true;
    case IMM_INDEX2:
        if (op == INSN_PREFIXED(0xfc, 8))
            p->needs_data_count = true;
        return two_indices(p, c, op, b);
    case IMM_BR_TABLE: {
        comp_buf targets = {0};
        uint32_t n = 0;
        while (peek(c) && wat_is_index(peek(c))) {
            if (!label_index(p, peek(c), &x)) {
                comp_buf_free(&targets);
                return false;
            }
            emit_u32(&targets, x);
            n++;
            c->i++;
        }
        if (n == 0) {
            comp_buf_free(&targets);
            return fail_end(p, c, "a label");
        }
        /* The last label is the default: count excludes it. */
        emit_u32(b, n - 1);
        comp_buf_append(b, targets.data, targets.len);
        bool oom = targets.oom;
        comp_buf_free(&targets);
        return oom ? wat_oom(p, c->list) : true;
    }
    case IMM_MEMARG:
        return memarg(p, c, op, b);
    case IMM_MEMARG_LANE:
        if (!memarg(p, c, op, b) || !int_atom(p, c, 255, &x, "a lane index"))
            return false;
        comp_buf_byte(b, (uint8_t)x);
        return true;
    case IMM_LANE:
        if (!int_atom(p, c, 255, &x, "a lane index"))
            return false;
        comp_buf_byte(b, (uint8_t)x);
        return true;
    case IMM_I32: {
        uint32_t v;
        if (!number_atom(p, c, &e, "an i32 constant") || !text_int_i32(&e->tok, &v, p->err))
            return false;
        leb_put_s64(b, (int32_t)v, 0);
        return true;
    }
    case IMM_I64: {
        uint64_t v;
        if (!number_atom(p, c, &e, "an i64 constant") || !text_int_i64(&e->tok, &v, p->err))
            return false;
        leb_put_s64(b, (int64_t)v, 0);
        return true;
    }
    case IMM_F32: {
        uint32_t v;
        if (!number_atom(p, c, &e, "an f32 constant") || !text_float_f32(&e->tok, &v, p->err))
            return false;
        for (int k = 0; k < 4; k++)
            comp_buf_byte(b, (uint8_t)(v >> (8 * k)));
        return true;
    }
    case IMM_F64: {
        uint64_t v;
        if (!number_atom(p, c, &e, "an f64 constant") || !text_float_f64(&e->tok, &v, p->err))
            return false;
        for (int k = 0; k < 8; k++)
            comp_buf_byte(b, (uint8_t)(v >> (8 * k)));
        return true;
    }
    case IMM_V128:
        return v128_const(p, c, b);
    case IMM_SHUFFLE:
        for (int k = 0; k < 16; k++) {
            if (!int_atom(p, c, 255, &x, "a lane index"))
                return false;
            comp_buf_byte(b, (uint8_t)x);
        }
        return true;
    case IMM_REFTYPE:
        e = peek(c);
        if (wat_is_keyword(e, "func"))
            comp_buf_byte(b, COMP_FUNCREF);
        else if (wat_is_keyword(e, "extern"))
            comp_buf_byte(b, COMP_EXTERNREF);
        else if (wat_is_keyword(e, "exn"))
            comp_buf_byte(b, COMP_EXNREF);
        else
            return fail_end(p, c, "a heap type (func, extern or exn)");
        c->i++;
        return true;
    default:
        return wat_fail(p, c->list, "unknown operator");
    }
}

/* ---- sequences ----------------------------------------------------------- */

static bool folded(wat_parser *p, const text_sexpr *list, comp_buf *out);

typedef struct frame {
    uint32_t op;
    const text_sexpr *label;
    bool seen_else;
} frame;

static bool is_block_op(uint32_t op)
{
    return op == 0x02 || op == 0x03 || op == 0x04 || op == 0x1f;
}

/* try_table's `(catch x l)`, `(catch_ref x l)`, `(catch_all l)` and
 * `(catch_all_ref l)` clauses at `c`. Their labels are outside the
 * try_table, so this runs before its own label is pushed. */
static bool catch_clauses(wat_parser *p, cursor *c, comp_buf *out)
{
    static const char *const kinds[] = {"catch", "catch_ref", "catch_all", "catch_all_ref"};
    comp_buf clauses = {0};
    uint32_t n = 0;
    bool ok = true;
    for (const text_sexpr *e; ok && (e = peek(c)) != NULL; c->i++, n++) {
        uint8_t kind = 0;
        while (kind < 4 && !text_sexpr_is_form(e, kinds[kind]))
            kind++;
        if (kind == 4)
            break;
        uint32_t want = kind < 2 ? 3 : 2, x;
        if (e->count != want) {
            ok = wat_expected(p, e, kind < 2 ? "(catch <tag> <label>)" : "(catch_all <label>)");
            break;
        }
        comp_buf_byte(&clauses, kind);
        if (kind < 2) {
            ok = wat_index(p, &p->tags, e->items[1], &x);
            emit_u32(&clauses, x);
        }
        ok = ok && label_index(p, e->items[want - 1], &x);
        emit_u32(&clauses, x);
    }
    if (ok) {
        emit_u32(out, n);
        comp_buf_append(out, clauses.data, clauses.len);
    }
    comp_buf_free(&clauses);
    return ok;
}

static bool op_of(wat_parser *p, const text_sexpr *e, uint32_t *op)
{
    if (e->kind != SX_ATOM || e->tok.kind != TOK_KEYWORD)
        return wat_expected(p, e, "an instruction");
    if (!find_op(p, &e->tok, op))
        return wat_fail(p, e, "unknown operator `%.*s`", (int)(e->tok.len > 40 ? 40 : e->tok.len),
                        e->tok.text);
    return true;
}

/* Plain and folded instructions items[c->i..] up to the end of the list.
 * Block structure in plain form uses an explicit stack (no recursion);
 * folded forms recurse, bounded by the s-expression depth. */
static bool sequence(wat_parser *p, cursor *c, comp_buf *out)
{
    comp_vec frames = {0};
    while (c->i < c->list->count) {
        const text_sexpr *e = c->list->items[c->i];
        if (e->kind != SX_ATOM) {
            if (!folded(p, e, out))
                return false;
            c->i++;
            continue;
        }
        frame *top = frames.count ? &((frame *)frames.data)[frames.count - 1] : NULL;
        if (wat_is_keyword(e, "end") || wat_is_keyword(e, "else")) {
            bool is_else = wat_is_keyword(e, "else");
            mark(p, out, e->tok.pos.offset);
            if (!top || (is_else && (top->op != 0x04 || top->seen_else)))
                return wat_fail(p, e, "unexpected token `%s`", is_else ? "else" : "end");
            c->i++;
            if (!closing_label(p, c, top->label))
                return false;
            if (is_else) {
                top->seen_else = true;
                comp_buf_byte(out, 0x05);
            } else {
                comp_buf_byte(out, 0x0b);
                pop_label(p);
                frames.count--;
            }
            continue;
        }
        uint32_t op;
        if (!op_of(p, e, &op))
            return false;
        c->i++;
        if (is_block_op(op)) {
            frame *f = comp_vec_push(p->arena, &frames, sizeof *f);
            if (!f)
                return wat_oom(p, e);
            f->op = op;
            optional_label_id(c, &f->label);
            mark(p, out, e->tok.pos.offset);
            comp_buf_byte(out, (uint8_t)op);
            if (!blocktype(p, c, out) || (op == 0x1f && !catch_clauses(p, c, out)) ||
                !push_label(p, f->label, e))
                return false;
            continue;
        }
        mark(p, out, e->tok.pos.offset);
        if (!immediates(p, c, op, out))
            return false;
    }
    if (frames.count) {
        const frame *f = &((frame *)frames.data)[frames.count - 1];
        return text_fail(p->err, c->list->end, "unexpected token: expected `end` for %s",
                         insn_name(f->op));
    }
    return true;
}

static bool folded_if(wat_parser *p, const text_sexpr *list, cursor *c, comp_buf *out)
{
    const text_sexpr *label;
    optional_label_id(c, &label);
    comp_buf head = {0};
    comp_buf_byte(&head, 0x04);
    bool ok = blocktype(p, c, &head);
    /* The condition: folded instructions before (then ...). */
    while (ok && peek(c) && !text_sexpr_is_form(peek(c), "then")) {
        const text_sexpr *e = peek(c);
        if (e->kind != SX_ATOM && !text_sexpr_is_form(e, "else")) {
            ok = folded(p, e, out);
            c->i++;
        } else {
            ok = wat_expected(p, e, "(then ...)");
        }
    }
    if (ok && !peek(c))
        ok = fail_end(p, c, "(then ...)");
    if (ok) {
        mark(p, out, list->items[0]->tok.pos.offset);
        comp_buf_append(out, head.data, head.len);
        ok = push_label(p, label, list);
    }
    comp_buf_free(&head);
    if (!ok)
        return false;
    cursor then_c = {peek(c), 1};
    if (!sequence(p, &then_c, out))
        return false;
    c->i++;
    if (text_sexpr_is_form(peek(c), "else")) {
        mark(p, out, peek(c)->tok.pos.offset);
        comp_buf_byte(out, 0x05);
        cursor else_c = {peek(c), 1};
        if (!sequence(p, &else_c, out))
            return false;
        c->i++;
    }
    if (peek(c))
        return wat_expected(p, peek(c), "`)` after the branches of if");
    pop_label(p);
    mark(p, out, list->end.offset);
    comp_buf_byte(out, 0x0b);
    return true;
}

static bool folded(wat_parser *p, const text_sexpr *list, comp_buf *out)
{
    if (list->kind != SX_LIST || list->count == 0)
        return wat_expected(p, list, "an instruction");
    uint32_t op;
    if (!op_of(p, list->items[0], &op))
        return false;
    cursor c = {list, 1};
    if (op == 0x04)
        return folded_if(p, list, &c, out);
    if (is_block_op(op)) {
        const text_sexpr *label;
        optional_label_id(&c, &label);
        mark(p, out, list->items[0]->tok.pos.offset);
        comp_buf_byte(out, (uint8_t)op);
        if (!blocktype(p, &c, out) || (op == 0x1f && !catch_clauses(p, &c, out)) ||
            !push_label(p, label, list) || !sequence(p, &c, out))
            return false;
        pop_label(p);
        mark(p, out, list->end.offset);
        comp_buf_byte(out, 0x0b);
        return true;
    }
    comp_buf self = {0};
    bool ok = immediates(p, &c, op, &self);
    for (; ok && c.i < list->count; c.i++) {
        const text_sexpr *e = list->items[c.i];
        ok = e->kind == SX_LIST ? folded(p, e, out) : wat_expected(p, e, "a folded instruction");
    }
    if (ok) {
        mark(p, out, list->items[0]->tok.pos.offset);
        comp_buf_append(out, self.data, self.len);
    }
    comp_buf_free(&self);
    return ok;
}

bool wat_expr(wat_parser *p, const text_sexpr *list, uint32_t from, comp_buf *out)
{
    cursor c = {list, from};
    if (!sequence(p, &c, out))
        return false;
    mark(p, out, list->end.offset);
    comp_buf_byte(out, 0x0b);
    if (out->oom)
        return wat_oom(p, list);
    return true;
}

bool wat_finish_expr(wat_parser *p, comp_buf *b, const text_sexpr *at, comp_expr *out)
{
    bool ok = !b->oom && b->len <= UINT32_MAX;
    uint8_t *copy = ok ? comp_arena_alloc(p->arena, b->len) : NULL;
    if (copy)
        memcpy(copy, b->data, b->len);
    *out = (comp_expr){copy, (uint32_t)b->len, at ? at->tok.pos.offset : 0};
    if (copy)
        wat_marks_claim(p->marks, copy);
    comp_buf_free(b);
    return copy ? true : wat_oom(p, at);
}
