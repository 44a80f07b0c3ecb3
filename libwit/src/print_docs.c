/* Doc comments, gates and keyword escaping, as wit-parser normalises and
 * wasm-tools' printer writes them. */
#include "print_internal.h"

#include <stdlib.h>
#include <string.h>

static bool is_trailing_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

/* What Rust's is_ascii_whitespace accepts (no vertical tab). */
static bool is_leading_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

/* The text of one comment without its markers and trailing blanks. */
static comp_str strip_markers(comp_str s)
{
    if (s.len >= 3 && memcmp(s.data, "/**", 3) == 0) {
        s.data += 3;
        s.len -= 3;
        if (s.len >= 2 && memcmp(s.data + s.len - 2, "*/", 2) == 0)
            s.len -= 2;
    } else {
        while (s.len && s.data[0] == '/') {
            s.data++;
            s.len--;
        }
    }
    while (s.len && is_trailing_space(s.data[s.len - 1]))
        s.len--;
    return s;
}

/* Appends each line of `s` (split at '\n', trailing blanks dropped, no
 * empty last line) followed by '\n'. Lines inside a block comment keep
 * their trailing blanks in the source, but printed as `///` lines they
 * would lose them on the next parse: dropping them here keeps printing
 * stable. */
static void append_lines(comp_buf *out, comp_str s)
{
    uint32_t i = 0;
    while (i < s.len) {
        uint32_t end = i;
        while (end < s.len && s.data[end] != '\n')
            end++;
        uint32_t stop = end;
        while (stop > i && is_trailing_space(s.data[stop - 1]))
            stop--;
        comp_buf_append(out, s.data + i, stop - i);
        comp_buf_byte(out, '\n');
        i = end + 1;
    }
}

bool wp_docs_contents(const wit_docs *d, comp_buf *out)
{
    if (!d || !d->count)
        return false;
    if (d->normalized) {
        comp_buf_append(out, d->lines[0].data, d->lines[0].len);
        return true;
    }
    comp_str *docs = malloc((size_t)d->count * sizeof *docs);
    if (!docs) {
        out->oom = true;
        return true;
    }
    uint32_t min_ws = UINT32_MAX;
    for (uint32_t i = 0; i < d->count; i++) {
        docs[i] = strip_markers(d->lines[i]);
        if (!docs[i].len)
            continue;
        uint32_t ws = 0;
        while (ws < docs[i].len && is_leading_space(docs[i].data[ws]))
            ws++;
        if (ws < min_ws)
            min_ws = ws;
    }
    size_t start = out->len;
    for (uint32_t i = 0; i < d->count; i++) {
        comp_str s = docs[i];
        if (min_ws != UINT32_MAX && min_ws > 0 && s.len >= min_ws) {
            /* wit-parser slices the common width off whatever blanks
             * make it up (not only spaces), which keeps reprinting stable. */
            uint32_t k = 0;
            while (k < min_ws && is_leading_space(s.data[k]))
                k++;
            if (k == min_ws) {
                s.data += k;
                s.len -= k;
            }
        }
        if (!s.len)
            comp_buf_byte(out, '\n');
        else
            append_lines(out, s);
    }
    while (out->len > start && out->data[out->len - 1] == '\n')
        out->len--;
    free(docs);
    return true;
}

bool wp_is_keyword(comp_str name)
{
    static const char *const keywords[] = {
        "use", "type", "func", "u8", "u16", "u32", "u64", "s8", "s16", "s32", "s64",
        "f32", "f64", "float32", "float64", "char", "resource", "record", "flags",
        "variant", "enum", "bool", "string", "option", "result", "future", "stream",
        "list", "own", "borrow", "_", "as", "from", "static", "interface", "tuple",
        "world", "import", "export", "package", "with", "include", "constructor",
        "error-context", "async", "map",
    };
    for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++)
        if (strlen(keywords[i]) == name.len && memcmp(keywords[i], name.data, name.len) == 0)
            return true;
    return false;
}

void wp_docs(pr *p, const wit_docs *d)
{
    comp_buf text = {0};
    if (!wp_docs_contents(d, &text)) {
        comp_buf_free(&text);
        return;
    }
    if (text.oom)
        p->out->oom = true;
    size_t i = 0;
    while (!text.oom && i < text.len) {
        size_t end = i;
        while (end < text.len && text.data[end] != '\n')
            end++;
        size_t stop = end;
        if (stop > i && text.data[stop - 1] == '\r')
            stop--;
        wp_str(p, "///");
        if (stop > i) {
            wp_raw(p, " ", 1);
            wp_raw(p, (const char *)text.data + i, stop - i);
        }
        wp_newline(p);
        i = end + 1;
    }
    comp_buf_free(&text);
}

static void gate(pr *p, const char *attr, const char *key, comp_str value)
{
    wp_str(p, attr);
    wp_raw(p, "(", 1);
    wp_raw(p, key, strlen(key));
    wp_raw(p, " = ", 3);
    wp_raw(p, value.data, value.len);
    wp_raw(p, ")", 1);
    wp_newline(p);
}

void wp_stability(pr *p, const wit_stability *s)
{
    if (s->kind == WIT_STABILITY_UNKNOWN)
        return;
    if (s->kind == WIT_STABILITY_STABLE)
        gate(p, "@since", "version", s->since.text);
    else
        gate(p, "@unstable", "feature", s->feature);
    if (s->deprecated.present)
        gate(p, "@deprecated", "version", s->deprecated.text);
}

static bool version_eq(const wit_version *a, const wit_version *b)
{
    return a->present == b->present && (!a->present || comp_str_eq(a->text, b->text));
}

bool wp_stability_eq(const wit_stability *a, const wit_stability *b)
{
    if (a->kind != b->kind || !version_eq(&a->deprecated, &b->deprecated))
        return false;
    if (a->kind == WIT_STABILITY_STABLE)
        return version_eq(&a->since, &b->since);
    if (a->kind == WIT_STABILITY_UNSTABLE)
        return comp_str_eq(a->feature, b->feature);
    return true;
}
