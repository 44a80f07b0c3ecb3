/* Printing component value definitions: `(value $v (;N;) valtype val)`.
 * A primitive value prints as its literal when that literal encodes back
 * to the very same bytes; anything else (values of defined types, and
 * non-minimal LEB128 encodings) prints as `(binary "...")`, the form
 * Explainer.md provides so values need no type information to round-trip. */
#include <stdio.h>
#include <string.h>

#include "reader.h"
#include "text/print.h"
#include "writer.h"

/* The minimal LEB128 of an integer read from `bytes`, compared with them. */
static bool same_as_minimal(const comp_value *v, uint64_t bits, bool is_signed)
{
    comp_buf b = {0};
    if (is_signed)
        leb_put_s64(&b, (int64_t)bits, 0);
    else
        leb_put_u64(&b, bits, 0);
    bool same = !b.oom && b.len == v->len && memcmp(b.data, v->bytes, b.len) == 0;
    comp_buf_free(&b);
    return same;
}

static uint32_t leb_size(uint32_t u)
{
    uint32_t n = 1;
    while (u >>= 7)
        n++;
    return n;
}

/* One Unicode scalar value filling all of `v` (UTF-8), or false. */
static bool single_char(const comp_value *v, uint32_t *c)
{
    const uint8_t *s = v->bytes;
    uint32_t n = v->len;
    uint32_t want = n == 0 ? 0 : s[0] < 0x80 ? 1 : (s[0] & 0xe0) == 0xc0 ? 2
                    : (s[0] & 0xf0) == 0xe0 ? 3 : (s[0] & 0xf8) == 0xf0 ? 4 : 0;
    if (want == 0 || want != n)
        return false;
    *c = n == 1 ? s[0] : (uint32_t)(s[0] & (0x7f >> n));
    for (uint32_t i = 1; i < n; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return false;
        *c = (*c << 6) | (s[i] & 0x3f);
    }
    static const uint32_t least[5] = {0, 0, 0x80, 0x800, 0x10000};
    return *c >= least[n] && *c <= 0x10ffff && !(*c >= 0xd800 && *c < 0xe000);
}

static bool print_literal(pr *p, const comp_value *v)
{
    comp_error err = {0};
    rd r;
    rd_init(&r, v->bytes, v->len, NULL, &err); /* reads only, never allocates */
    bool ok = false;
    uint64_t u = 0;
    int64_t s = 0;
    uint32_t c;
    char tmp[32];
    switch (v->type.prim) {
    case COMP_PRIM_BOOL:
        ok = v->len == 1 && v->bytes[0] <= 1;
        if (ok)
            pr_str(p, v->bytes[0] ? "true" : "false");
        break;
    case COMP_PRIM_U8:
    case COMP_PRIM_S8:
        ok = v->len == 1;
        if (ok)
            pr_fmt(p, "%d", v->type.prim == COMP_PRIM_S8 ? (int)(int8_t)v->bytes[0] : (int)v->bytes[0]);
        break;
    case COMP_PRIM_U16:
    case COMP_PRIM_U32:
    case COMP_PRIM_U64: {
        uint64_t max = v->type.prim == COMP_PRIM_U16 ? 0xffff
                       : v->type.prim == COMP_PRIM_U32 ? 0xffffffffu : UINT64_MAX;
        ok = rd_u64(&r, &u) && u <= max && same_as_minimal(v, u, false);
        if (ok) {
            snprintf(tmp, sizeof tmp, "%llu", (unsigned long long)u);
            pr_str(p, tmp);
        }
        break;
    }
    case COMP_PRIM_S16:
    case COMP_PRIM_S32:
    case COMP_PRIM_S64: {
        int64_t lim = v->type.prim == COMP_PRIM_S16 ? 0x7fff
                      : v->type.prim == COMP_PRIM_S32 ? 0x7fffffff : INT64_MAX;
        ok = rd_s64(&r, &s) && s <= lim && s >= -lim - 1 && same_as_minimal(v, (uint64_t)s, true);
        if (ok) {
            snprintf(tmp, sizeof tmp, "%lld", (long long)s);
            pr_str(p, tmp);
        }
        break;
    }
    case COMP_PRIM_F32:
        ok = v->len == 4;
        if (ok) {
            uint32_t bits = (uint32_t)v->bytes[0] | (uint32_t)v->bytes[1] << 8 |
                            (uint32_t)v->bytes[2] << 16 | (uint32_t)v->bytes[3] << 24;
            bool nan = (bits & 0x7f800000u) == 0x7f800000u && (bits & 0x007fffffu);
            ok = !nan || bits == 0x7fc00000u;
            if (ok && nan)
                pr_str(p, "nan");
            else if (ok)
                pr_f32(p, bits);
        }
        break;
    case COMP_PRIM_F64:
        ok = v->len == 8;
        if (ok) {
            uint64_t bits = 0;
            for (unsigned i = 0; i < 8; i++)
                bits |= (uint64_t)v->bytes[i] << (8 * i);
            bool nan = (bits & 0x7ff0000000000000u) == 0x7ff0000000000000u &&
                       (bits & 0x000fffffffffffffu);
            ok = !nan || bits == 0x7ff8000000000000u;
            if (ok && nan)
                pr_str(p, "nan");
            else if (ok)
                pr_f64(p, bits);
        }
        break;
    case COMP_PRIM_CHAR:
        ok = single_char(v, &c);
        /* Plain idchars print as themselves; the rest escaped, so the
         * lexer keeps 'c' one token. */
        if (ok && c < 0x7f && c > ' ' && !strchr("\"'\\,;()[]{}", (int)c))
            pr_fmt(p, "'%c'", (int)c);
        else if (ok)
            pr_fmt(p, "'\\u{%x}'", (unsigned)c);
        break;
    case COMP_PRIM_STRING: {
        comp_str str;
        ok = rd_name(&r, &str) && rd_eof(&r) && leb_size(str.len) + str.len == v->len;
        if (ok)
            pr_name_str(p, str);
        break;
    }
    default:
        break;
    }
    return ok;
}

bool pr_value_def(pr *p, pr_comp_ctx *cc, const comp_value *v)
{
    pr_comp_ctx before = *cc;
    pr_newline(p);
    pr_str(p, "(value");
    pr_cdef(p, cc, PR_C_VALUE);
    pr_str(p, " ");
    pr_cvaltype(p, &before, v->type);
    pr_str(p, " ");
    if (!v->type.prim || !print_literal(p, v)) {
        pr_str(p, "(binary ");
        pr_bytes_str(p, v->bytes, v->len);
        pr_str(p, ")");
    }
    pr_str(p, ")");
    return true;
}
