/* Strings in the canonical ABI: loading utf8 / utf16 / latin1+utf16 from
 * linear memory into UTF-8, and storing UTF-8 into any of the three with
 * the realloc sequence of CanonicalABI.md "store_string_into_range" (the
 * value tree holds UTF-8, so the source encoding is always utf8). */
#include "component/cinternal.h"

#include <string.h>

#define UTF16_TAG 0x80000000u

/* Checks UTF-8 and says which way it is wrong. */
static const char *utf8_error(const uint8_t *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        uint8_t c = s[i];
        uint32_t need, cp;
        if (c < 0x80) {
            i++;
            continue;
        } else if (c >= 0xc2 && c <= 0xdf) {
            need = 1, cp = c & 0x1f;
        } else if (c >= 0xe0 && c <= 0xef) {
            need = 2, cp = c & 0x0f;
        } else if (c >= 0xf0 && c <= 0xf4) {
            need = 3, cp = c & 0x07;
        } else {
            return "invalid utf-8";
        }
        for (uint32_t k = 1; k <= need; k++) {
            if (i + k >= n)
                return "incomplete utf-8 byte sequence";
            if ((s[i + k] & 0xc0) != 0x80)
                return "invalid utf-8";
            cp = cp << 6 | (s[i + k] & 0x3f);
        }
        if ((need == 2 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
            (need == 3 && (cp < 0x10000 || cp > 0x10ffff)))
            return "invalid utf-8";
        i += need + 1;
    }
    return NULL;
}

static size_t put_utf8(uint8_t *out, uint32_t cp)
{
    if (cp < 0x80) {
        out[0] = (uint8_t)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (uint8_t)(0xc0 | cp >> 6), out[1] = (uint8_t)(0x80 | (cp & 0x3f));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (uint8_t)(0xe0 | cp >> 12), out[1] = (uint8_t)(0x80 | ((cp >> 6) & 0x3f));
        out[2] = (uint8_t)(0x80 | (cp & 0x3f));
        return 3;
    }
    out[0] = (uint8_t)(0xf0 | cp >> 18), out[1] = (uint8_t)(0x80 | ((cp >> 12) & 0x3f));
    out[2] = (uint8_t)(0x80 | ((cp >> 6) & 0x3f)), out[3] = (uint8_t)(0x80 | (cp & 0x3f));
    return 4;
}

/* Next code point of valid UTF-8 at s[*i]. */
static uint32_t next_utf8(const uint8_t *s, size_t *i)
{
    uint8_t c = s[*i];
    if (c < 0x80) {
        *i += 1;
        return c;
    }
    uint32_t need = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : 1;
    uint32_t cp = c & (0x3f >> need);
    for (uint32_t k = 1; k <= need; k++)
        cp = cp << 6 | (s[*i + k] & 0x3f);
    *i += need + 1;
    return cp;
}

bool string_load(ccx *cx, uint32_t ptr, uint32_t tagged, comp_str *out)
{
    rt_memory *mem = cx->opts->memory;
    uint64_t bytes;
    uint32_t align = 1;
    bool utf16 = false;
    switch (cx->opts->enc) {
    case ENC_UTF8:
        bytes = tagged;
        break;
    case ENC_UTF16:
        bytes = 2ull * tagged, align = 2, utf16 = true;
        break;
    default:
        align = 2;
        if (tagged & UTF16_TAG)
            bytes = 2ull * (tagged ^ UTF16_TAG), utf16 = true;
        else
            bytes = tagged;
        break;
    }
    if (ptr % align)
        return ctrap(cx->trap, "unaligned pointer");
    if ((uint64_t)ptr + bytes > rt_memory_size(mem))
        return ctrap(cx->trap, "string pointer/length out of bounds of memory");
    const uint8_t *src = rt_memory_data(mem) + ptr;
    if (cx->opts->enc == ENC_UTF8) {
        const char *why = utf8_error(src, bytes);
        if (why)
            return ctrap(cx->trap, "%s", why);
        char *copy = comp_arena_strndup(cx->arena, (const char *)src, bytes);
        if (!copy)
            return ctrap(cx->trap, "out of memory");
        *out = (comp_str){copy, (uint32_t)bytes};
        return true;
    }
    /* utf16: at most 3 UTF-8 bytes per code unit; latin1: at most 2 per byte. */
    uint8_t *dst = comp_arena_alloc(cx->arena, (size_t)bytes * (utf16 ? 3 : 2) / (utf16 ? 2 : 1) + 1);
    if (!dst)
        return ctrap(cx->trap, "out of memory");
    size_t n = 0;
    if (!utf16) {
        for (uint64_t i = 0; i < bytes; i++)
            n += put_utf8(dst + n, src[i]);
    } else {
        uint64_t units = bytes / 2;
        for (uint64_t i = 0; i < units; i++) {
            uint32_t u = src[2 * i] | (uint32_t)src[2 * i + 1] << 8;
            if (u >= 0xd800 && u <= 0xdbff && i + 1 < units) {
                uint32_t l = src[2 * i + 2] | (uint32_t)src[2 * i + 3] << 8;
                if (l >= 0xdc00 && l <= 0xdfff) {
                    u = 0x10000 + ((u - 0xd800) << 10) + (l - 0xdc00);
                    i++;
                } else {
                    return ctrap(cx->trap, "invalid utf-16");
                }
            } else if (u >= 0xd800 && u <= 0xdfff) {
                return ctrap(cx->trap, "invalid utf-16");
            }
            n += put_utf8(dst + n, u);
        }
    }
    *out = (comp_str){(const char *)dst, (uint32_t)n};
    return true;
}

/* realloc then the two checks every store_string_* makes. */
static bool str_alloc(ccx *cx, uint32_t old_ptr, uint32_t old_size, uint32_t align,
                      uint32_t size, uint32_t *ptr)
{
    return call_realloc(cx, old_ptr, old_size, align, size, ptr);
}

static uint8_t *mem_at(ccx *cx, uint32_t ptr) { return rt_memory_data(cx->opts->memory) + ptr; }

/* UTF-8 to UTF-16LE into dst (room for 2 bytes per source byte); returns
 * code units written. */
static uint32_t encode_utf16(const uint8_t *s, size_t n, uint8_t *dst)
{
    uint32_t units = 0;
    size_t i = 0;
    while (i < n) {
        uint32_t cp = next_utf8(s, &i);
        if (cp >= 0x10000) {
            cp -= 0x10000;
            uint32_t hi = 0xd800 + (cp >> 10), lo = 0xdc00 + (cp & 0x3ff);
            dst[2 * units] = (uint8_t)hi, dst[2 * units + 1] = (uint8_t)(hi >> 8), units++;
            dst[2 * units] = (uint8_t)lo, dst[2 * units + 1] = (uint8_t)(lo >> 8), units++;
        } else {
            dst[2 * units] = (uint8_t)cp, dst[2 * units + 1] = (uint8_t)(cp >> 8), units++;
        }
    }
    return units;
}

bool string_store(ccx *cx, comp_str s, uint32_t *out_ptr, uint32_t *out_len)
{
    const uint8_t *src = (const uint8_t *)s.data;
    uint32_t units = s.len;
    if (units > CT_MAX_STRING)
        return ctrap(cx->trap, "string too large");
    uint32_t ptr;
    if (cx->opts->enc == ENC_UTF8) {
        if (!str_alloc(cx, 0, 0, 1, units, &ptr))
            return false;
        memcpy(mem_at(cx, ptr), src, units);
        *out_ptr = ptr, *out_len = units;
        return true;
    }
    /* The UTF-16 form, computed on the host side first. */
    uint8_t *wide = comp_arena_alloc(cx->arena, 2 * (size_t)units + 2);
    if (!wide)
        return ctrap(cx->trap, "out of memory");
    uint32_t wide_units = encode_utf16(src, units, wide);
    if (cx->opts->enc == ENC_UTF16) {
        uint32_t worst = 2 * units;
        if (!str_alloc(cx, 0, 0, 2, worst, &ptr))
            return false;
        memcpy(mem_at(cx, ptr), wide, 2 * (size_t)wide_units);
        if (2 * wide_units < worst && !str_alloc(cx, ptr, worst, 2, 2 * wide_units, &ptr))
            return false;
        *out_ptr = ptr, *out_len = wide_units;
        return true;
    }
    /* latin1+utf16 from utf8: store_string_to_latin1_or_utf16. */
    if (!str_alloc(cx, 0, 0, 2, units, &ptr))
        return false;
    uint32_t written = 0;
    size_t i = 0;
    while (i < units) {
        uint32_t cp = next_utf8(src, &i);
        if (cp < 256) {
            mem_at(cx, ptr)[written++] = (uint8_t)cp;
            continue;
        }
        uint32_t worst = 2 * units;
        if (!str_alloc(cx, ptr, units, 2, worst, &ptr))
            return false;
        memcpy(mem_at(cx, ptr), wide, 2 * (size_t)wide_units);
        if (worst > 2 * wide_units && !str_alloc(cx, ptr, worst, 2, 2 * wide_units, &ptr))
            return false;
        *out_ptr = ptr, *out_len = wide_units | UTF16_TAG;
        return true;
    }
    if (written < units && !str_alloc(cx, ptr, units, 2, written, &ptr))
        return false;
    *out_ptr = ptr, *out_len = written;
    return true;
}
