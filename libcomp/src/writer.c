#include "writer.h"

void wr_init(wr *w, comp_buf *buf, const comp_encoding *enc)
{
    w->buf = buf;
    w->enc = enc;
    w->next_hint = 0;
    w->ordinal = 0;
}

void wr_byte(wr *w, uint8_t b) { comp_buf_byte(w->buf, b); }
void wr_bytes(wr *w, const void *p, size_t n) { comp_buf_append(w->buf, p, n); }

/* Width to use for the next LEB128: a recorded one, or 0 (minimal). */
static unsigned next_width(wr *w)
{
    uint32_t ordinal = w->ordinal++;
    const comp_encoding *e = w->enc;
    if (!e || w->next_hint >= e->count)
        return 0;
    if (e->hints[w->next_hint].ordinal != ordinal)
        return 0;
    return e->hints[w->next_hint++].width;
}

void leb_put_u64(comp_buf *b, uint64_t v, unsigned width)
{
    unsigned n = 0;
    do {
        uint8_t byte = v & 0x7f;
        v >>= 7;
        n++;
        if (v || n < width)
            byte |= 0x80;
        comp_buf_byte(b, byte);
    } while (v);
    /* Padding: continuation bytes carrying zeros, the last one plain. */
    while (n < width) {
        n++;
        comp_buf_byte(b, n < width ? 0x80 : 0x00);
    }
}

void leb_put_s64(comp_buf *b, int64_t v, unsigned width)
{
    unsigned n = 0;
    for (;;) {
        uint8_t byte = v & 0x7f;
        int64_t rest = v >> 7;
        bool done = (rest == 0 && !(byte & 0x40)) || (rest == -1 && (byte & 0x40));
        n++;
        if (!done || n < width)
            byte |= 0x80;
        comp_buf_byte(b, byte);
        v = rest;
        if (done)
            break;
    }
    /* Padding repeats the sign in each group. */
    uint8_t fill = v < 0 ? 0x7f : 0x00;
    while (n < width) {
        n++;
        comp_buf_byte(b, n < width ? (uint8_t)(fill | 0x80) : fill);
    }
}

void wr_u32(wr *w, uint32_t v) { leb_put_u64(w->buf, v, next_width(w)); }
void wr_u64(wr *w, uint64_t v) { leb_put_u64(w->buf, v, next_width(w)); }
void wr_s32(wr *w, int32_t v) { leb_put_s64(w->buf, v, next_width(w)); }
void wr_s33(wr *w, int64_t v) { leb_put_s64(w->buf, v, next_width(w)); }
void wr_s64(wr *w, int64_t v) { leb_put_s64(w->buf, v, next_width(w)); }

void wr_f32(wr *w, uint32_t bits)
{
    uint8_t b[4] = {(uint8_t)bits, (uint8_t)(bits >> 8), (uint8_t)(bits >> 16), (uint8_t)(bits >> 24)};
    wr_bytes(w, b, 4);
}

void wr_f64(wr *w, uint64_t bits)
{
    uint8_t b[8];
    for (int i = 0; i < 8; i++)
        b[i] = (uint8_t)(bits >> (8 * i));
    wr_bytes(w, b, 8);
}

void wr_name(wr *w, comp_str s)
{
    wr_u32(w, s.len);
    wr_bytes(w, s.data, s.len);
}

void wr_section(comp_buf *out, uint8_t id, const comp_encoding *enc, const comp_buf *content)
{
    comp_buf_byte(out, id);
    leb_put_u64(out, content->len, enc ? enc->size_width : 0);
    comp_buf_append(out, content->data, content->len);
}
