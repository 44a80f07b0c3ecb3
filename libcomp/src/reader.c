#include "reader.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void rd_init(rd *r, const uint8_t *data, size_t len, comp_arena *arena, comp_error *err)
{
    r->base = r->p = data;
    r->end = data + len;
    r->arena = arena;
    r->err = err;
    r->rec = NULL;
    r->depth = 0;
}

static bool vfail(rd *r, size_t offset, const char *fmt, va_list ap)
{
    if (r->err) {
        r->err->offset = offset;
        r->err->line = r->err->col = 0;
        vsnprintf(r->err->message, sizeof r->err->message, fmt, ap);
    }
    return false;
}

bool rd_fail(rd *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfail(r, rd_offset(r), fmt, ap);
    va_end(ap);
    return false;
}

bool rd_fail_at(rd *r, size_t offset, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfail(r, offset, fmt, ap);
    va_end(ap);
    return false;
}

bool rd_oom(rd *r) { return rd_fail(r, "out of memory"); }

static bool eof(rd *r) { return rd_fail(r, "unexpected end-of-file"); }

bool rd_byte(rd *r, uint8_t *out)
{
    if (r->p >= r->end)
        return eof(r);
    *out = *r->p++;
    return true;
}

bool rd_peek(rd *r, uint8_t *out)
{
    if (r->p >= r->end)
        return eof(r);
    *out = *r->p;
    return true;
}

bool rd_bytes(rd *r, size_t n, const uint8_t **out)
{
    if (n > rd_remaining(r))
        return eof(r);
    *out = r->p;
    r->p += n;
    return true;
}

static void record_width(rd *r, unsigned width, unsigned minimal)
{
    hint_recorder *h = r->rec;
    if (!h)
        return;
    uint32_t ordinal = h->ordinal++;
    if (width == minimal || h->oom)
        return;
    if (h->count == h->cap) { /* the test keeps the common path inline */
        comp_leb_hint *hints =
            comp_heap_reserve(h->hints, &h->cap, (uint64_t)h->count + 1, sizeof *hints);
        if (!hints) {
            h->oom = true;
            return;
        }
        h->hints = hints;
    }
    h->hints[h->count++] = (comp_leb_hint){ordinal, (uint8_t)width};
}

static unsigned uleb_width(uint64_t v)
{
    unsigned n = 1;
    while (v >>= 7)
        n++;
    return n;
}

static unsigned sleb_width(int64_t v)
{
    unsigned n = 1;
    for (;;) {
        int64_t rest = v >> 6; /* arithmetic: sign bits left after this group */
        if (rest == 0 || rest == -1)
            return n;
        v >>= 7;
        n++;
    }
}

/* Unsigned LEB128 of at most `bits` bits. */
static bool read_uleb(rd *r, unsigned bits, uint64_t *out)
{
    const uint8_t *start = r->p;
    uint64_t result = 0;
    unsigned shift = 0;
    const unsigned max_bytes = (bits + 6) / 7;
    for (unsigned i = 0;; i++) {
        if (r->p >= r->end)
            return eof(r);
        uint8_t b = *r->p++;
        if (i == max_bytes - 1) {
            /* Last allowed byte: no continuation, no bits beyond `bits`. */
            if (b & 0x80)
                return rd_fail_at(r, (size_t)(start - r->base), "integer representation too long");
            unsigned used = bits - shift;
            if (used < 7 && (b >> used) != 0)
                return rd_fail_at(r, (size_t)(start - r->base), "integer too large");
        }
        result |= (uint64_t)(b & 0x7f) << shift;
        shift += 7;
        if (!(b & 0x80))
            break;
    }
    record_width(r, (unsigned)(r->p - start), uleb_width(result));
    *out = result;
    return true;
}

/* Signed LEB128 of at most `bits` bits. */
static bool read_sleb(rd *r, unsigned bits, int64_t *out)
{
    const uint8_t *start = r->p;
    uint64_t result = 0;
    unsigned shift = 0;
    const unsigned max_bytes = (bits + 6) / 7;
    uint8_t b;
    for (unsigned i = 0;; i++) {
        if (r->p >= r->end)
            return eof(r);
        b = *r->p++;
        if (i == max_bytes - 1) {
            if (b & 0x80)
                return rd_fail_at(r, (size_t)(start - r->base), "integer representation too long");
            /* The unused high bits must all equal the sign bit. */
            unsigned used = bits - shift; /* 1..7 payload bits remain */
            if (used < 7) {
                int8_t rest = (int8_t)(b << 1) >> used; /* sign-extend the 7-bit group, drop used bits */
                if (rest != 0 && rest != -1)
                    return rd_fail_at(r, (size_t)(start - r->base), "integer too large");
            }
        }
        result |= (uint64_t)(b & 0x7f) << shift;
        shift += 7;
        if (!(b & 0x80))
            break;
    }
    if (shift < 64 && (b & 0x40))
        result |= ~(uint64_t)0 << shift;
    int64_t v = (int64_t)result;
    record_width(r, (unsigned)(r->p - start), sleb_width(v));
    *out = v;
    return true;
}

bool rd_u32(rd *r, uint32_t *out)
{
    uint64_t v;
    if (!read_uleb(r, 32, &v))
        return false;
    *out = (uint32_t)v;
    return true;
}

bool rd_u64(rd *r, uint64_t *out) { return read_uleb(r, 64, out); }

bool rd_u32_width(rd *r, uint32_t *out, uint8_t *width)
{
    hint_recorder *saved = r->rec;
    const uint8_t *start = r->p;
    r->rec = NULL;
    bool ok = rd_u32(r, out);
    r->rec = saved;
    if (!ok)
        return false;
    unsigned w = (unsigned)(r->p - start);
    *width = w == uleb_width(*out) ? 0 : (uint8_t)w;
    return true;
}

bool rd_s32(rd *r, int32_t *out)
{
    int64_t v;
    if (!read_sleb(r, 32, &v))
        return false;
    *out = (int32_t)v;
    return true;
}

bool rd_s33(rd *r, int64_t *out) { return read_sleb(r, 33, out); }
bool rd_s64(rd *r, int64_t *out) { return read_sleb(r, 64, out); }

bool rd_f32(rd *r, uint32_t *bits)
{
    const uint8_t *p;
    if (!rd_bytes(r, 4, &p))
        return false;
    *bits = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
    return true;
}

bool rd_f64(rd *r, uint64_t *bits)
{
    const uint8_t *p;
    if (!rd_bytes(r, 8, &p))
        return false;
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = v << 8 | p[i];
    *bits = v;
    return true;
}

bool utf8_valid(const uint8_t *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        uint8_t c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t n;
        uint32_t cp;
        if (c >= 0xc2 && c <= 0xdf) {
            n = 1;
            cp = c & 0x1f;
        } else if (c >= 0xe0 && c <= 0xef) {
            n = 2;
            cp = c & 0x0f;
        } else if (c >= 0xf0 && c <= 0xf4) {
            n = 3;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (len - i <= n)
            return false;
        for (size_t k = 1; k <= n; k++) {
            if ((s[i + k] & 0xc0) != 0x80)
                return false;
            cp = cp << 6 | (s[i + k] & 0x3f);
        }
        if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10ffff)) ||
            (cp >= 0xd800 && cp <= 0xdfff))
            return false;
        i += n + 1;
    }
    return true;
}

bool rd_name(rd *r, comp_str *out)
{
    uint32_t len;
    const uint8_t *p;
    if (!rd_u32(r, &len))
        return false;
    size_t at = rd_offset(r);
    if (!rd_bytes(r, len, &p))
        return false;
    if (!utf8_valid(p, len))
        return rd_fail_at(r, at, "malformed UTF-8 encoding");
    out->data = (const char *)p;
    out->len = len;
    return true;
}

bool rd_count(rd *r, uint32_t *out, size_t min_elem_bytes)
{
    if (!rd_u32(r, out))
        return false;
    if (min_elem_bytes && *out > rd_remaining(r) / min_elem_bytes)
        return eof(r);
    return true;
}

bool rd_sub(rd *r, size_t len, rd *sub)
{
    if (len > rd_remaining(r))
        return eof(r);
    *sub = *r;
    sub->end = r->p + len;
    r->p += len;
    return true;
}

void *rd_alloc(rd *r, size_t count, size_t elem_size)
{
    void *p = comp_arena_array(r->arena, count, elem_size);
    if (!p)
        rd_oom(r);
    return p;
}

void hints_begin(hint_recorder *h)
{
    h->hints = NULL;
    h->count = h->cap = h->ordinal = 0;
    h->oom = false;
}

void hints_discard(hint_recorder *h)
{
    free(h->hints);
    hints_begin(h);
}

bool hints_finish(hint_recorder *h, rd *r, comp_encoding *enc)
{
    enc->hints = NULL;
    enc->count = 0;
    if (h->oom) {
        hints_discard(h);
        return rd_oom(r);
    }
    if (h->count) {
        enc->hints = comp_arena_array(r->arena, h->count, sizeof *h->hints);
        if (!enc->hints) {
            hints_discard(h);
            return rd_oom(r);
        }
        memcpy(enc->hints, h->hints, h->count * sizeof *h->hints);
        enc->count = h->count;
    }
    hints_discard(h);
    return true;
}
