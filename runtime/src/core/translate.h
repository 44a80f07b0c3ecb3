#ifndef RT_CORE_TRANSLATE_H
#define RT_CORE_TRANSLATE_H

/* The translator's state and its emission helpers (private), shared by
 * translate.c (control flow, scalar instructions), translate_stack.c (code
 * emission and the virtual operand stack) and translate_simd.c. */

#include <stdbool.h>
#include <stdint.h>

#include "core/insn.h"
#include "core/ops.h"
#include "core/rt_internal.h"

enum { CTL_BLOCK, CTL_LOOP, CTL_IF, CTL_ELSE, CTL_FUNC };

/* Nesting is bounded by the body size (each block needs bytes), but keep a
 * hard ceiling so the control stack allocation stays reasonable. */
#define MAX_CTL_DEPTH 100000u
#define NO_PATCH 0u
#define TR_NONE UINT32_MAX
/* Locals and constants stay virtual only near the top of the operand stack,
 * so the scans for them (before a local.set, at block entry) cost at most
 * this much and translation stays linear. */
#define TR_VIRTUAL_WINDOW 64u

typedef struct ctl {
    uint8_t kind;
    bool unreachable;
    uint32_t height;        /* operand height below the block's params */
    uint32_t nparams, nresults;
    uint32_t loop_pc;       /* CTL_LOOP: where back-edges go */
    uint32_t patch_head;    /* forward branches to the end: chain + 1 */
    uint32_t else_patch;    /* CTL_IF: the br_unless target cell + 1 */
    uint32_t handler;       /* a try_table's handler (rt_handler), else TR_NONE */
} ctl;

enum { V_STACK, V_LOCAL, V_CONST };

/* Where an operand is. */
typedef struct vop {
    uint8_t kind;
    bool wide;              /* V_CONST: 64-bit */
    uint32_t local;         /* V_LOCAL */
    uint64_t imm;           /* V_CONST: the bits */
} vop;

struct tr {
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
    vop *vs;                /* the virtual operand stack */
    uint32_t vs_cap;
    uint32_t height, max_height;
    uint32_t clean_below;   /* operands below this height are all V_STACK */
    uint32_t locals;        /* slot of operand height 0 */
    uint32_t result_count;
    uint32_t skip_depth;    /* blocks opened inside unreachable code */
    size_t body_offset;
    /* The last instruction emitted, for retargeting and fusion. */
    uint32_t last_op_cell;  /* TR_NONE after labels and non-value instructions */
    uint32_t last_dst_cell;
    enum rt_op last_op;
    uint32_t last_copy_cell; /* a single copy just emitted, or TR_NONE */
    bool oom;
    /* Whether a v128 value can occur in this function (its locals, results,
     * SIMD instructions, calls or globals); without, moves use 8 bytes. */
    bool has_v128;
    bool v128_globals;      /* the module has a v128 global */
    const rt_code *codes;   /* the module's bodies, for direct calls */
    /* Exception handlers of try_tables (translate_exn.c). */
    rt_handler *handlers;
    uint32_t handler_count, handler_cap;
    rt_catch *catches;
    uint32_t catch_count, catch_cap;
    const uint32_t *tag_types;  /* type index of each tag (imports first) */
};

typedef struct tr tr;

typedef void (*any_fn)(void);

/* ---- emission (translate_stack.c) ---------------------------------------- */

/* Grows a malloc'd array to hold `need` elements; false on overflow/OOM. */
bool tr_grow(void **arr, uint32_t *cap, uint32_t need, size_t elem);
void tr_put(tr *t, cell c);
void tr_put_u(tr *t, uint64_t u);
/* Slot operands are stored as byte offsets from the frame base. */
uint64_t tr_slot_bytes(uint32_t slot_index);
void tr_put_slot(tr *t, uint32_t slot_index);
void tr_put_fn(tr *t, any_fn f);
/* Starts an instruction (records its wasm offset for trap locations). */
void tr_op(tr *t, enum rt_op o, size_t offset);
/* Starts an instruction whose first immediate is its destination slot. */
void tr_op_dst(tr *t, enum rt_op o, size_t offset, uint32_t dst);
/* A cell holding a branch target (a cell index until the end). */
void tr_put_target(tr *t, uint32_t index);
bool tr_fail(tr *t, size_t offset, const char *msg);

/* ---- the virtual operand stack (translate_stack.c) ----------------------- */

/* The frame slot of operand height h. */
uint32_t tr_slot_at(const tr *t, uint32_t h);
/* Pushes a value computed into its own slot; returns the slot. */
uint32_t tr_push_slot(tr *t);
void tr_push_local(tr *t, uint32_t local);
void tr_push_const(tr *t, uint64_t imm, bool wide);
void tr_pop(tr *t, uint32_t n);
/* Writes operand h into slot dst (no code when it is already there). */
void tr_move_to(tr *t, uint32_t h, uint32_t dst, size_t at);
/* Makes operands live in their own slots. */
void tr_materialize(tr *t, uint32_t h, size_t at);
void tr_materialize_range(tr *t, uint32_t from, uint32_t to, size_t at);
void tr_materialize_top(tr *t, uint32_t n, size_t at);
/* Before `local` changes: operands still reading it get copies. */
void tr_materialize_local(tr *t, uint32_t local, size_t at);
/* The slot to read operand h (or the k-th from the top) from. */
uint32_t tr_src(tr *t, uint32_t h, size_t at);
uint32_t tr_src_top(tr *t, uint32_t k, size_t at);
/* Marks operands [from, to) as living in their own slots (after a label). */
void tr_settle(tr *t, uint32_t from, uint32_t to);
/* Makes every operand concrete (at block entry). */
void tr_materialize_all(tr *t, size_t at);
/* Called before each instruction: materializes operands that sank below the
 * virtual window. */
void tr_bound_window(tr *t, size_t at);
/* n operands in and one result out (dst, then operands deepest first), or
 * n operands in and nothing out. */
void tr_emit_n(tr *t, enum rt_op o, size_t at, uint32_t n);
void tr_emit_sink(tr *t, enum rt_op o, size_t at, uint32_t n);

/* ---- control (translate.c) ------------------------------------------------- */

void tr_block_arity(const tr *t, const insn *in, uint32_t *np, uint32_t *nr);
bool tr_push_ctl(tr *t, uint8_t kind, uint32_t np, uint32_t nr);
/* Emits the target of a branch to label `depth` (relative). */
void tr_branch_target(tr *t, uint32_t depth);
/* A label position: nothing before it may be retargeted or fused. */
void tr_mark_label(tr *t);

/* ---- exception handling (translate_exn.c) --------------------------------- */

/* try_table, throw, throw_ref. */
bool tr_translate_exn(tr *t, const insn *in, const rd *r);
/* At a try_table's end: its handler covers the cells emitted so far. */
void tr_close_handler(tr *t, const ctl *c);

/* ---- pairing (translate_pairs.c) ------------------------------------------ */

/* Gives frequent pairs of adjacent instructions one handler (on finished
 * code, before branch targets and handlers are resolved). */
void tr_pair_ops(tr *t);

/* ---- SIMD (translate_simd.c) ------------------------------------------------ */

bool tr_translate_simd(tr *t, const insn *in);

#endif
