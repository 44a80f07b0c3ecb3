#ifndef COMP_CORE_INSN_H
#define COMP_CORE_INSN_H

/* Decoding of single core instructions (private). Used by the module reader
 * to find the end of constant expressions, by the validator, and later by
 * the interpreter's translator. Reads go through an rd whose `rec` is NULL:
 * code is kept raw, so its LEB128s are not counted as hints. */

#include <stdbool.h>
#include <stdint.h>

#include "comp/module.h"
#include "reader.h"

/* Opcodes: one-byte opcodes as themselves; prefixed ones as
 * (prefix << 16) | sub-opcode, e.g. 0xfc0000 | 8 for memory.init,
 * 0xfd0000 | 12 for v128.const. */
#define INSN_PREFIXED(prefix, sub) (((uint32_t)(prefix) << 16) | (uint32_t)(sub))

/* Block types: INSN_BLOCK_EMPTY, a value type (its encoding byte, as a
 * negative s33 would be: stored here as the byte, 0x40..0x7f), or a type
 * index (>= 0, with `blocktype_is_index` set). */
#define INSN_BLOCK_EMPTY 0x40

typedef struct insn_memarg {
    uint32_t align;     /* log2, as encoded (without the multi-memory bit) */
    uint32_t memory;    /* 0 unless bit 6 of the align field was set */
    uint64_t offset;
    bool memory_explicit; /* bit 6 was set (multi-memory encoding) */
} insn_memarg;

typedef struct insn {
    uint32_t op;
    size_t offset;              /* of the opcode's first byte */

    /* Immediates: which ones are meaningful depends on `op`. */
    bool blocktype_is_index;
    uint32_t blocktype;         /* INSN_BLOCK_EMPTY, valtype byte, or type index */
    uint32_t idx;               /* the first index immediate (label, func, local,
                                   global, table, type, elem, data, memory) */
    uint32_t idx2;              /* a second index: call_indirect table,
                                   memory.copy/table.copy source, table.init table,
                                   memory.init memory */
    insn_memarg mem;
    uint8_t lane;
    int64_t i64;                /* i32.const (sign-extended) and i64.const */
    uint32_t f32;               /* bits */
    uint64_t f64;               /* bits */
    uint8_t v128[16];           /* v128.const bytes, i8x16.shuffle lanes */
    uint8_t reftype;            /* ref.null */
    uint32_t select_count;      /* typed select: number of types (valid: 1) */
    comp_valtype select_type;   /* the first of them */
    /* br_table: `target_count` label indices (LEB128s starting at
     * `targets`), then `idx` is the default label. */
    uint32_t target_count;
    const uint8_t *targets;
    /* try_table (exception handling): the block type, then `catch_count`
     * catch clauses encoded from `catches` on (see insn_catches_next). */
    uint32_t catch_count;
    const uint8_t *catches;
} insn;

/* Decodes the instruction at r->p and advances past it. Fails with
 * "illegal opcode" for unknown opcodes and the usual LEB128/EOF errors. */
bool insn_decode(rd *r, insn *out);

/* Reads the i-th br_table target (0 <= i < target_count), walking from the
 * start; use insn_targets_next for a linear scan. */
typedef struct insn_targets {
    rd r;
    uint32_t left;
} insn_targets;
void insn_targets_begin(const insn *in, const rd *from, insn_targets *it);
bool insn_targets_next(insn_targets *it, uint32_t *label);

/* One catch clause of try_table. */
enum { INSN_CATCH, INSN_CATCH_REF, INSN_CATCH_ALL, INSN_CATCH_ALL_REF };
typedef struct insn_catch {
    uint8_t kind;       /* INSN_CATCH* */
    uint32_t tag;       /* INSN_CATCH and INSN_CATCH_REF only */
    uint32_t label;
} insn_catch;
void insn_catches_begin(const insn *in, const rd *from, insn_targets *it);
bool insn_catches_next(insn_targets *it, insn_catch *out);

/* Scans a constant expression starting at r->p up to and including the
 * `end` that closes it (nested blocks are counted), without judging which
 * instructions it contains. */
bool insn_skip_expr(rd *r, comp_expr *out);

/* How the immediates after an opcode are laid out. */
enum insn_imm {
    IMM_ILLEGAL = 0,    /* not an opcode (table gaps) */
    IMM_NONE,
    IMM_BLOCK,          /* blocktype */
    IMM_INDEX,          /* one u32 index */
    IMM_INDEX2,         /* two u32 indices */
    IMM_BR_TABLE,
    IMM_MEMARG,
    IMM_MEMARG_LANE,    /* memarg then a lane byte */
    IMM_LANE,
    IMM_I32,
    IMM_I64,
    IMM_F32,
    IMM_F64,
    IMM_V128,           /* 16 literal bytes */
    IMM_SHUFFLE,        /* 16 lane bytes */
    IMM_REFTYPE,
    IMM_SELECT_T,
    IMM_TRY_TABLE,      /* blocktype, then a vector of catch clauses */
};

/* The layout of `op`'s immediates (IMM_ILLEGAL for unknown opcodes); the
 * text parser uses it to know what follows an instruction name. */
enum insn_imm insn_imm_kind(uint32_t op);

/* The instruction's name in the text format ("i32.add"), or NULL. */
const char *insn_name(uint32_t op);

#endif
