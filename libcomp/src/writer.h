#ifndef COMP_WRITER_H
#define COMP_WRITER_H

/* The byte writer shared by the module and component encoders (private).
 * It replays the LEB128 widths recorded by the reader (see encoding.h):
 * integers must be written in the same order the reader read them. */

#include <stdbool.h>
#include <stdint.h>

#include "comp/buf.h"
#include "comp/encoding.h"

typedef struct wr {
    comp_buf *buf;
    const comp_encoding *enc;   /* may be NULL: minimal encodings */
    uint32_t next_hint;
    uint32_t ordinal;
} wr;

void wr_init(wr *w, comp_buf *buf, const comp_encoding *enc);
void wr_byte(wr *w, uint8_t b);
void wr_bytes(wr *w, const void *p, size_t n);
void wr_u32(wr *w, uint32_t v);
void wr_u64(wr *w, uint64_t v);
void wr_s32(wr *w, int32_t v);
void wr_s33(wr *w, int64_t v);
void wr_s64(wr *w, int64_t v);
void wr_f32(wr *w, uint32_t bits);
void wr_f64(wr *w, uint64_t bits);
void wr_name(wr *w, comp_str s);

/* LEB128 helpers without hint bookkeeping; width 0 means minimal. */
void leb_put_u64(comp_buf *b, uint64_t v, unsigned width);
void leb_put_s64(comp_buf *b, int64_t v, unsigned width);

/* Appends `id`, the size of `content` (padded to enc->size_width when that
 * is set) and `content` itself. */
void wr_section(comp_buf *out, uint8_t id, const comp_encoding *enc, const comp_buf *content);

#endif
