/* Strings in the canonical ABI: loading utf8 / utf16 / latin1+utf16 from
 * linear memory into UTF-8 (remembering the source encoding in
 * rt_cval.str_origin), and storing into any of the three with the realloc
 * sequence CanonicalABI.md "store_string_into_range" gives for the pair
 * (source encoding, destination encoding). */
#include "component/cinternal.h"

#include <string.h>

#define UTF16_TAG 0x80000000u

const char *cstr_utf8_error(const uint8_t *s, size_t n)
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

bool string_load(ccx *cx, uint32_t ptr, uint32_t tagged, rt_cval *out)
{
    rt_memory *mem = cx->opts->memory;
    uint64_t bytes;
    uint32_t align = 1;
    bool utf16 = false;
    uint8_t origin = RT_CSTR_UTF8;
    switch (cx->opts->enc) {
    case ENC_UTF8:
        bytes = tagged;
        break;
    case ENC_UTF16:
        bytes = 2ull * tagged, align = 2, utf16 = true, origin = RT_CSTR_UTF16;
        break;
    default:
        align = 2;
        if (tagged & UTF16_TAG)
            bytes = 2ull * (tagged ^ UTF16_TAG), utf16 = true, origin = RT_CSTR_TAGGED_UTF16;
        else
            bytes = tagged, origin = RT_CSTR_LATIN1;
        break;
    }
    if (ptr % align)
        return ctrap(cx->trap, "unaligned pointer");
    if ((uint64_t)ptr + bytes > rt_memory_size(mem))
        return ctrap(cx->trap, "%s", cx->fused ? "string content out-of-bounds"
                                               : "string pointer/length out of bounds of memory");
    const uint8_t *src = rt_memory_data(mem) + ptr;
    out->kind = RT_CT_STRING;
    out->str_origin = origin;
    if (cx->opts->enc == ENC_UTF8) {
        const char *why = cstr_utf8_error(src, bytes);
        if (why)
            return ctrap(cx->trap, "%s", why);
        char *copy = comp_arena_strndup(cx->arena, (const char *)src, bytes);
        if (!copy)
            return ctrap(cx->trap, "out of memory");
        out->of.str = (comp_str){copy, (uint32_t)bytes};
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
    out->of.str = (comp_str){(const char *)dst, (uint32_t)n};
    return true;
}

/* ---- storing ------------------------------------------------------------------- */

/* The source of a store: UTF-8 text, its encoding in the spec's sense and
 * its number of code units in that encoding. */
typedef struct srcstr {
    const uint8_t *s;
    uint32_t len;          /* UTF-8 bytes */
    uint8_t origin;        /* rt_cstr_origin, made consistent with the text */
    uint32_t units;        /* source code units */
    uint32_t utf16_units;  /* code units of the UTF-16 form */
    bool latin1;           /* every code point < 256 */
} srcstr;

static srcstr describe(const rt_cval *v)
{
    srcstr r = {(const uint8_t *)v->of.str.data, v->of.str.len, v->str_origin, 0, 0, true};
    uint32_t points = 0;
    size_t i = 0;
    while (i < r.len) {
        uint32_t cp = next_utf8(r.s, &i);
        points++;
        r.utf16_units += cp >= 0x10000 ? 2 : 1;
        if (cp > 0xff)
            r.latin1 = false;
    }
    if (r.origin > RT_CSTR_TAGGED_UTF16 || (r.origin == RT_CSTR_LATIN1 && !r.latin1))
        r.origin = RT_CSTR_UTF8;
    r.units = r.origin == RT_CSTR_UTF8 ? r.len : r.origin == RT_CSTR_LATIN1 ? points : r.utf16_units;
    return r;
}

#define STR_OOB "string content out-of-bounds"

static uint8_t *mem_at(ccx *cx, uint32_t ptr) { return rt_memory_data(cx->opts->memory) + ptr; }

/* Writes the UTF-16LE form of code points [from...] of `src` at dst (at
 * most 2 bytes per UTF-8 byte); returns bytes written. */
static uint32_t put_utf16(const srcstr *src, size_t from, uint8_t *dst)
{
    uint32_t n = 0;
    size_t i = from;
    while (i < src->len) {
        uint32_t cp = next_utf8(src->s, &i);
        uint32_t units[2] = {cp, 0};
        uint32_t k = 1;
        if (cp >= 0x10000) {
            cp -= 0x10000;
            units[0] = 0xd800 + (cp >> 10), units[1] = 0xdc00 + (cp & 0x3ff), k = 2;
        }
        for (uint32_t j = 0; j < k; j++)
            dst[n++] = (uint8_t)units[j], dst[n++] = (uint8_t)(units[j] >> 8);
    }
    return n;
}

/* store_string_copy: the size is exact; `width` bytes per source unit. */
static bool store_copy(ccx *cx, const srcstr *src, uint32_t width, uint32_t align,
                       uint32_t *ptr, uint32_t *len)
{
    uint32_t bytes = width * src->units;
    if (!call_realloc(cx, 0, 0, align, bytes, STR_OOB, ptr))
        return false;
    uint8_t *d = mem_at(cx, *ptr);
    if (src->origin == RT_CSTR_UTF8 && width == 1) {
        memcpy(d, src->s, src->len);
    } else if (width == 2) {
        put_utf16(src, 0, d);
    } else {
        size_t i = 0; /* latin1 bytes */
        for (uint32_t n = 0; i < src->len; n++)
            d[n] = (uint8_t)next_utf8(src->s, &i);
    }
    *len = src->units;
    return true;
}

/* store_string_to_utf8 (from utf16 or latin1): ASCII first, then one
 * worst-case reallocation and a shrinking one. */
static bool store_to_utf8(ccx *cx, const srcstr *src, uint32_t worst, uint32_t *ptr,
                          uint32_t *len)
{
    if (!call_realloc(cx, 0, 0, 1, src->units, STR_OOB, ptr))
        return false;
    for (uint32_t i = 0; i < src->len; i++) {
        if (src->s[i] < 0x80) {
            mem_at(cx, *ptr)[i] = src->s[i];
            continue;
        }
        if (!call_realloc(cx, *ptr, src->units, 1, worst, STR_OOB, ptr))
            return false;
        memcpy(mem_at(cx, *ptr) + i, src->s + i, src->len - i);
        if (worst > src->len && !call_realloc(cx, *ptr, worst, 1, src->len, STR_OOB, ptr))
            return false;
        *len = src->len;
        return true;
    }
    *len = src->units;
    return true;
}

/* store_utf8_to_utf16. */
static bool store_utf8_to_utf16(ccx *cx, const srcstr *src, uint32_t *ptr, uint32_t *len)
{
    uint32_t worst = 2 * src->units;
    if (!call_realloc(cx, 0, 0, 2, worst, STR_OOB, ptr))
        return false;
    uint32_t bytes = put_utf16(src, 0, mem_at(cx, *ptr));
    if (bytes < worst && !call_realloc(cx, *ptr, worst, 2, bytes, STR_OOB, ptr))
        return false;
    *len = bytes / 2;
    return true;
}

/* store_string_to_latin1_or_utf16 (from utf8 or utf16): latin1 first,
 * inflated in place to UTF-16 at the first code point above 255. */
static bool store_to_latin1_or_utf16(ccx *cx, const srcstr *src, uint32_t *ptr, uint32_t *len)
{
    if (!call_realloc(cx, 0, 0, 2, src->units, STR_OOB, ptr))
        return false;
    uint32_t written = 0;
    size_t i = 0;
    while (i < src->len) {
        size_t at = i;
        uint32_t cp = next_utf8(src->s, &i);
        if (cp < 256) {
            mem_at(cx, *ptr)[written++] = (uint8_t)cp;
            continue;
        }
        uint32_t worst = 2 * src->units;
        if (!call_realloc(cx, *ptr, src->units, 2, worst, STR_OOB, ptr))
            return false;
        uint8_t *d = mem_at(cx, *ptr);
        for (uint32_t j = written; j-- > 0;)
            d[2 * j] = d[j], d[2 * j + 1] = 0;
        uint32_t bytes = 2 * written + put_utf16(src, at, d + 2 * written);
        if (worst > bytes && !call_realloc(cx, *ptr, worst, 2, bytes, STR_OOB, ptr))
            return false;
        *len = bytes / 2 | UTF16_TAG;
        return true;
    }
    if (written < src->units && !call_realloc(cx, *ptr, src->units, 2, written, STR_OOB, ptr))
        return false;
    *len = written;
    return true;
}

/* store_probably_utf16_to_latin1_or_utf16: UTF-16 first, deflated to
 * latin1 when every code point fits. */
static bool store_probably_utf16(ccx *cx, const srcstr *src, uint32_t *ptr, uint32_t *len)
{
    uint32_t bytes = 2 * src->units;
    if (!call_realloc(cx, 0, 0, 2, bytes, STR_OOB, ptr))
        return false;
    uint8_t *d = mem_at(cx, *ptr);
    put_utf16(src, 0, d);
    if (!src->latin1) {
        *len = src->units | UTF16_TAG;
        return true;
    }
    for (uint32_t i = 0; i < src->units; i++)
        d[i] = d[2 * i];
    if (!call_realloc(cx, *ptr, bytes, 1, src->units, STR_OOB, ptr))
        return false;
    *len = src->units;
    return true;
}

bool string_store(ccx *cx, const rt_cval *v, uint32_t *ptr, uint32_t *len)
{
    if (v->of.str.len > CT_MAX_STRING)
        return ctrap(cx->trap, "string too large");
    /* UTF-8 to UTF-8 is a byte copy that needs only the byte length (the
     * text was checked when lifted): skip describe()'s code point walk. */
    if (cx->opts->enc == ENC_UTF8 && v->str_origin == RT_CSTR_UTF8) {
        srcstr src = {(const uint8_t *)v->of.str.data, v->of.str.len, RT_CSTR_UTF8,
                      v->of.str.len, 0, false};
        return store_copy(cx, &src, 1, 1, ptr, len);
    }
    srcstr src = describe(v);
    bool from_utf16 = src.origin == RT_CSTR_UTF16 || src.origin == RT_CSTR_TAGGED_UTF16;
    switch (cx->opts->enc) {
    case ENC_UTF8:
        if (src.origin == RT_CSTR_UTF8)
            return store_copy(cx, &src, 1, 1, ptr, len);
        return store_to_utf8(cx, &src, src.units * (from_utf16 ? 3 : 2), ptr, len);
    case ENC_UTF16:
        if (src.origin == RT_CSTR_UTF8)
            return store_utf8_to_utf16(cx, &src, ptr, len);
        return store_copy(cx, &src, 2, 2, ptr, len);
    default:
        if (src.origin == RT_CSTR_LATIN1)
            return store_copy(cx, &src, 1, 2, ptr, len);
        if (src.origin == RT_CSTR_TAGGED_UTF16)
            return store_probably_utf16(cx, &src, ptr, len);
        return store_to_latin1_or_utf16(cx, &src, ptr, len);
    }
}
