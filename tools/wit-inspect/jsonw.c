/* The JSON writer of wit-inspect --json. */
#include "jsonw.h"

#include <string.h>

void jw_init(jw *w, FILE *f)
{
    memset(w, 0, sizeof *w);
    w->f = f;
}

/* Comma and indentation before a value or key. */
static void before_item(jw *w)
{
    if (w->after_key) {
        w->after_key = false;
        return;
    }
    if (w->depth == 0)
        return;
    if (w->has_items[w->depth - 1])
        fputc(',', w->f);
    w->has_items[w->depth - 1] = true;
    fprintf(w->f, "\n%*s", 2 * w->depth, "");
}

void jw_begin(jw *w, char open)
{
    if (w->skipped || w->depth == JW_MAX_DEPTH) {
        if (!w->skipped++) {
            before_item(w);
            fputs("null", w->f);
        }
        return;
    }
    before_item(w);
    fputc(open, w->f);
    w->close[w->depth] = open == '{' ? '}' : ']';
    w->has_items[w->depth++] = false;
}

void jw_end(jw *w)
{
    if (w->skipped) {
        w->skipped--;
        return;
    }
    if (w->depth == 0)
        return;
    w->depth--;
    if (w->has_items[w->depth])
        fprintf(w->f, "\n%*s", 2 * w->depth, "");
    fputc(w->close[w->depth], w->f);
    if (w->depth == 0)
        fputc('\n', w->f);
}

/* Length of the valid UTF-8 sequence at s (1..4), or 0 when invalid. */
static size_t utf8_sequence(const unsigned char *s, size_t len)
{
    unsigned char c = s[0];
    size_t n;
    uint32_t cp;
    if (c < 0x80)
        return 1;
    if (c >= 0xc2 && c <= 0xdf) {
        n = 2;
        cp = c & 0x1f;
    } else if (c >= 0xe0 && c <= 0xef) {
        n = 3;
        cp = c & 0x0f;
    } else if (c >= 0xf0 && c <= 0xf4) {
        n = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    if (len < n)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        cp = cp << 6 | (s[i] & 0x3f);
    }
    /* no overlong forms, no surrogates, nothing past U+10FFFF */
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
        (cp >= 0xd800 && cp <= 0xdfff))
        return 0;
    return n;
}

static void write_string(jw *w, const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    fputc('"', w->f);
    for (size_t i = 0; i < len;) {
        unsigned char c = p[i];
        if (c == '"' || c == '\\') {
            fputc('\\', w->f);
            fputc(c, w->f);
            i++;
        } else if (c < 0x20 || c == 0x7f) {
            switch (c) {
            case '\n': fputs("\\n", w->f); break;
            case '\t': fputs("\\t", w->f); break;
            case '\r': fputs("\\r", w->f); break;
            default: fprintf(w->f, "\\u%04x", c); break;
            }
            i++;
        } else {
            size_t n = utf8_sequence(p + i, len - i);
            if (n == 0) {
                fputs("\\ufffd", w->f);
                i++;
            } else {
                fwrite(p + i, 1, n, w->f);
                i += n;
            }
        }
    }
    fputc('"', w->f);
}

void jw_string(jw *w, const char *s, size_t len)
{
    if (w->skipped)
        return;
    before_item(w);
    write_string(w, s, len);
}

void jw_key(jw *w, const char *key)
{
    if (w->skipped)
        return;
    before_item(w);
    write_string(w, key, strlen(key));
    fputs(": ", w->f);
    w->after_key = true;
}

void jw_cstring(jw *w, const char *s)
{
    jw_string(w, s, strlen(s));
}

void jw_uint(jw *w, uint64_t n)
{
    if (w->skipped)
        return;
    before_item(w);
    fprintf(w->f, "%llu", (unsigned long long)n);
}
