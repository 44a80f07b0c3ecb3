#ifndef RT_CORE_OP_BODIES_H
#define RT_CORE_OP_BODIES_H

/* The work of single instructions as statement macros over their operand
 * cells `q` (the cell after the handler), for the generic pair handlers in
 * interp.c (RT_PAIR_LIST in ops.h): a pair handler is BODY_first(pc, 0)
 * then BODY_second(pc + first's cells, k). They expand inside the
 * interpreter loop and use its macros (AT, TRAP, JUMP, NEXT), its registers
 * (pc, mb, ms) and the pair handler's `r_`: a body that computes a value
 * leaves it there too, and `k` (a constant bit set over operand cells) says
 * which operands of the second body are that value, read from `r_` rather
 * than from the frame, which spares the round trip through memory on a
 * dependency chain. A body that traps first points pc at its own operands,
 * so the trap is located at its instruction; a branch body that is taken
 * leaves through NEXT. Semantics are those of the single handlers. */

#define QS(q, i) (*AT((q)[i].u))
/* Operand cell i as i32 / f64: the pair's first result when bit i of k. */
#define RD32(q, i, k) (((k) >> (i) & 1) ? r_.i32 : QS(q, i).i32)
#define RDF64(q, i, k) (((k) >> (i) & 1) ? r_.f64 : QS(q, i).f64)

/* dst a b / dst a imm */
#define B_BIN32(q, k, expr)                                         \
    {                                                               \
        const cell *q_ = (q);                                       \
        uint32_t a = RD32(q_, 1, k), b = RD32(q_, 2, k);            \
        r_.i64 = (uint32_t)(expr);                                  \
        QS(q_, 0).i64 = r_.i64;                                     \
    }
#define B_BIN32_RI(q, k, expr)                                      \
    {                                                               \
        const cell *q_ = (q);                                       \
        uint32_t a = RD32(q_, 1, k), b = (uint32_t)q_[2].u;         \
        r_.i64 = (uint32_t)(expr);                                  \
        QS(q_, 0).i64 = r_.i64;                                     \
    }
#define B_BINF64(q, k, expr)                                        \
    {                                                               \
        const cell *q_ = (q);                                       \
        double a = RDF64(q_, 1, k), b = RDF64(q_, 2, k);            \
        r_.i64 = 0;                                                 \
        r_.f64 = (expr);                                            \
        QS(q_, 0).f64 = r_.f64;                                     \
    }
/* dst a b c: a OUTER (b INNER c) */
#define B_NESTED32(q, k, expr)                                      \
    {                                                               \
        const cell *q_ = (q);                                       \
        uint32_t a = RD32(q_, 1, k), b = RD32(q_, 2, k);            \
        uint32_t c = RD32(q_, 3, k);                                \
        r_.i64 = (uint32_t)(expr);                                  \
        QS(q_, 0).i64 = r_.i64;                                     \
    }
#define B_NESTEDF64(q, k, expr)                                     \
    {                                                               \
        const cell *q_ = (q);                                       \
        double a = RDF64(q_, 1, k), b = RDF64(q_, 2, k);            \
        double c = RDF64(q_, 3, k);                                 \
        r_.i64 = 0;                                                 \
        r_.f64 = (expr);                                            \
        QS(q_, 0).f64 = r_.f64;                                     \
    }

/* Memory: `ea_expr` may use q_; a load puts `expr` (of p) in dst. */
#define B_MEM_CHECK(ea, size, q_)                                   \
    if (UNLIKELY((ea) + (size) > ms)) {                             \
        pc = (q_);                                                  \
        TRAP(RT_TRAP_MEMORY_OOB);                                   \
    }
#define B_LOAD(q, ea_expr, size, expr)                              \
    {                                                               \
        const cell *q_ = (q);                                       \
        uint64_t ea = (ea_expr);                                    \
        B_MEM_CHECK(ea, size, q_)                                   \
        const uint8_t *p = mb + ea;                                 \
        r_.i64 = (expr);                                            \
        QS(q_, 0).i64 = r_.i64;                                     \
    }
#define B_STORE32(q, ea_expr, vcell, size, stmt)                    \
    {                                                               \
        const cell *q_ = (q);                                       \
        uint64_t ea = (ea_expr);                                    \
        B_MEM_CHECK(ea, size, q_)                                   \
        uint8_t *p = mb + ea;                                       \
        uint32_t v = QS(q_, vcell).i32;                             \
        stmt;                                                       \
    }
/* dst a addr imm offset: a op f64 at (addr + imm) + offset */
#define B_F64_MAI(q, expr)                                          \
    {                                                               \
        const cell *q_ = (q);                                       \
        uint64_t ea = (uint64_t)(uint32_t)(QS(q_, 2).i32 + (uint32_t)q_[3].u) + q_[4].u; \
        B_MEM_CHECK(ea, 8, q_)                                      \
        uint64_t bits_ = ld64(mb + ea);                             \
        double a = QS(q_, 1).f64, b;                                \
        memcpy(&b, &bits_, 8);                                      \
        r_.i64 = 0;                                                 \
        r_.f64 = (expr);                                            \
        QS(q_, 0).f64 = r_.f64;                                     \
    }
#define B_I32_MAI(q, expr)                                          \
    {                                                               \
        const cell *q_ = (q);                                       \
        uint64_t ea = (uint64_t)(uint32_t)(QS(q_, 2).i32 + (uint32_t)q_[3].u) + q_[4].u; \
        B_MEM_CHECK(ea, 4, q_)                                      \
        uint32_t a = QS(q_, 1).i32, b = ld32(mb + ea);              \
        r_.i64 = (uint32_t)(expr);                                  \
        QS(q_, 0).i64 = r_.i64;                                     \
    }

/* Branches: cond target / a b target / a imm target. */
#define B_BR_IF(q, k)                                               \
    {                                                               \
        const cell *q_ = (q);                                       \
        if (RD32(q_, 0, k)) {                                        \
            JUMP(q_[1].target);                                     \
            NEXT();                                                 \
        }                                                           \
    }
#define B_BR_CMP(q, k, expr)                                        \
    {                                                               \
        const cell *q_ = (q);                                       \
        uint32_t a = RD32(q_, 0, k), b = RD32(q_, 1, k);            \
        if (expr) {                                                 \
            JUMP(q_[2].target);                                     \
            NEXT();                                                 \
        }                                                           \
    }
#define B_BR_CMP_RI(q, k, expr)                                     \
    {                                                               \
        const cell *q_ = (q);                                       \
        uint32_t a = RD32(q_, 0, k), b = (uint32_t)q_[1].u;         \
        if (expr) {                                                 \
            JUMP(q_[2].target);                                     \
            NEXT();                                                 \
        }                                                           \
    }
#define B_BR_F64_RI(q, k, expr)                                     \
    {                                                               \
        const cell *q_ = (q);                                       \
        double a = RDF64(q_, 0, k), b;                              \
        uint64_t bits_ = q_[1].u;                                   \
        memcpy(&b, &bits_, 8);                                      \
        if (expr) {                                                 \
            JUMP(q_[2].target);                                     \
            NEXT();                                                 \
        }                                                           \
    }

/* ---- the instructions that take part in RT_PAIR_LIST ---------------------- */

#define BODY_i32_add(q, k) B_BIN32(q, k, a + b)
#define BODY_i32_sub(q, k) B_BIN32(q, k, a - b)
#define BODY_i32_xor(q, k) B_BIN32(q, k, a ^ b)
#define BODY_i32_lt_s(q, k) B_BIN32(q, k, (int32_t)a < (int32_t)b)
#define BODY_i32_lt_u(q, k) B_BIN32(q, k, a < b)
#define BODY_i32_add_ri(q, k) B_BIN32_RI(q, k, a + b)
#define BODY_i32_and_ri(q, k) B_BIN32_RI(q, k, a & b)
#define BODY_i32_xor_ri(q, k) B_BIN32_RI(q, k, a ^ b)
#define BODY_i32_shl_ri(q, k) B_BIN32_RI(q, k, a << (b & 31))
#define BODY_i32_shr_u_ri(q, k) B_BIN32_RI(q, k, a >> (b & 31))
#define BODY_i32_add_and(q, k) B_NESTED32(q, k, a + (b & c))
#define BODY_i32_and_xor(q, k) B_NESTED32(q, k, a & (b ^ c))
#define BODY_i32_xor_and(q, k) B_NESTED32(q, k, a ^ (b & c))
#define BODY_i32_shl_add_ri(q, k)                                      \
    {                                                               \
        const cell *q_ = (q);                                       \
        uint32_t x = QS(q_, 1).i32;                                 \
        QS(q_, 0).i64 = (uint32_t)((x << (q_[2].u & 31)) + (uint32_t)q_[3].u); \
    }
#define BODY_f64_add(q, k) B_BINF64(q, k, a + b)
#define BODY_f64_sub(q, k) B_BINF64(q, k, a - b)
#define BODY_f64_mul(q, k) B_BINF64(q, k, a * b)
#define BODY_f64_add_sub(q, k) B_NESTEDF64(q, k, a + (b - c))
#define BODY_f64_add_mul(q, k) B_NESTEDF64(q, k, a + (b * c))
#define BODY_f64_sqrt(q, k)                                         \
    {                                                               \
        const cell *q_ = (q);                                       \
        double a = RDF64(q_, 1, k);                                 \
        r_.i64 = 0;                                                 \
        r_.f64 = sqrt(a);                                           \
        QS(q_, 0).f64 = r_.f64;                                     \
    }
#define BODY_f64_div(q, k) B_BINF64(q, k, a / b)
#define BODY_const64(q, k)                                          \
    {                                                               \
        const cell *q_ = (q);                                       \
        QS(q_, 0).i64 = q_[1].u;                                    \
    }
#define BODY_f64_mul_add(q, k) B_NESTEDF64(q, k, a * (b + c))
#define BODY_f64_mul_mul(q, k) B_NESTEDF64(q, k, a * (b * c))
#define BODY_copy64(q, k)                                              \
    {                                                               \
        const cell *q_ = (q);                                       \
        QS(q_, 0).i64 = QS(q_, 1).i64;                              \
    }
#define BODY_const32(q, k)                                             \
    {                                                               \
        const cell *q_ = (q);                                       \
        QS(q_, 0).i64 = (uint32_t)q_[1].u;                          \
    }
#define BODY_select64(q, k)                                            \
    {                                                               \
        const cell *q_ = (q);                                       \
        QS(q_, 0).i64 = RD32(q_, 3, k) ? QS(q_, 1).i64 : QS(q_, 2).i64; \
    }
#define BODY_i32_load(q, k) B_LOAD(q, (uint64_t)RD32(q_, 1, k) + q_[2].u, 4, ld32(p))
#define BODY_i32_load8_u_ai(q, k)                                      \
    B_LOAD(q, (uint64_t)(uint32_t)(QS(q_, 1).i32 + (uint32_t)q_[2].u) + q_[3].u, 1, p[0])
#define BODY_i32_load_si(q, k)                                         \
    B_LOAD(q, (uint64_t)(uint32_t)((RD32(q_, 1, k) << (q_[2].u & 31)) + (uint32_t)q_[3].u) + q_[4].u, \
           4, ld32(p))
#define BODY_i32_store(q, k) B_STORE32(q, (uint64_t)QS(q_, 0).i32 + q_[2].u, 1, 4, st32(p, v))
#define BODY_i32_store_ai(q, k)                                        \
    B_STORE32(q, (uint64_t)(uint32_t)(QS(q_, 0).i32 + (uint32_t)q_[1].u) + q_[3].u, 2, 4, \
              st32(p, v))
#define BODY_f64_sub_mai(q, k) B_F64_MAI(q, a - b)
#define BODY_i32_add_mai(q, k) B_I32_MAI(q, a + b)
#define BODY_i32_ne(q, k) B_BIN32(q, k, a != b)
#define BODY_i32_or_ri(q, k) B_BIN32_RI(q, k, a | b)
#define BODY_i32_load8_u_aa(q, k)                                      \
    B_LOAD(q, (uint64_t)(uint32_t)(QS(q_, 1).i32 + QS(q_, 2).i32) + q_[3].u, 1, p[0])
#define BODY_i32_load_aa(q, k)                                      \
    B_LOAD(q, (uint64_t)(uint32_t)(RD32(q_, 1, k) + RD32(q_, 2, k)) + q_[3].u, 4, ld32(p))
#define BODY_copy2_64(q, k)                                         \
    {                                                               \
        const cell *q_ = (q);                                       \
        QS(q_, 0).i64 = QS(q_, 1).i64;                              \
        QS(q_, 2).i64 = QS(q_, 3).i64;                              \
    }
#define BODY_br_if_i32_eq_ri(q, k) B_BR_CMP_RI(q, k, a == b)
#define BODY_f64_load(q, k) B_LOAD(q, (uint64_t)QS(q_, 1).i32 + q_[2].u, 8, ld64(p))
#define BODY_f64_store(q, k)                                           \
    {                                                               \
        const cell *q_ = (q);                                       \
        uint64_t ea = (uint64_t)QS(q_, 0).i32 + q_[2].u;            \
        B_MEM_CHECK(ea, 8, q_)                                      \
        st64(mb + ea, QS(q_, 1).i64);                               \
    }
#define BODY_br(q, k)                                                  \
    {                                                               \
        JUMP((q)[0].target);                                        \
        NEXT();                                                     \
    }
#define BODY_br_if_i32_gt_u(q, k) B_BR_CMP(q, k, a > b)
#define BODY_br_if(q, k) B_BR_IF(q, k)
#define BODY_br_if_i32_ne_ri(q, k) B_BR_CMP_RI(q, k, a != b)
#define BODY_br_if_i32_gt_u_ri(q, k) B_BR_CMP_RI(q, k, a > b)
#define BODY_br_if_i32_lt_s_ri(q, k) B_BR_CMP_RI(q, k, (int32_t)a < (int32_t)b)
#define BODY_br_if_i32_ne(q, k) B_BR_CMP(q, k, a != b)
#define BODY_br_if_f64_le_ri(q, k) B_BR_F64_RI(q, k, a <= b)

#endif
