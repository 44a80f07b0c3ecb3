/* Diagnostics: positions from byte offsets, and the rendered excerpt. */
#include "wit/diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* True for bytes that start a UTF-8 sequence (or stand alone). */
static int starts_char(unsigned char c)
{
    return (c & 0xc0) != 0x80;
}

void wit_diag_position(const char *src, size_t len, size_t offset,
                       uint32_t *line, uint32_t *col)
{
    uint32_t l = 1, c = 1;
    if (offset > len)
        offset = len;
    for (size_t i = 0; src && i < offset; i++) {
        unsigned char b = (unsigned char)src[i];
        if (b == '\n') {
            l++;
            c = 1;
        } else if (starts_char(b)) {
            c++;
        }
    }
    *line = l;
    *col = c;
}

_Bool wit_diag_set(wit_diag *d, const char *path, const char *src, size_t len,
                   wit_span span, const char *fmt, ...)
{
    if (!d)
        return 0;
    d->path = path;
    d->span = span;
    wit_diag_position(src, len, span.start, &d->line, &d->col);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->message, sizeof d->message, fmt, ap);
    va_end(ap);
    return 0;
}

static void append_str(comp_buf *out, const char *s)
{
    comp_buf_append(out, s, strlen(s));
}

void wit_diag_render(const wit_diag *d, const char *src, size_t len, comp_buf *out)
{
    char head[64];
    append_str(out, d->path ? d->path : "<input>");
    snprintf(head, sizeof head, ":%u:%u: error: ", (unsigned)d->line, (unsigned)d->col);
    append_str(out, head);
    append_str(out, d->message);
    comp_buf_byte(out, '\n');
    if (!src)
        return;

    size_t start = d->span.start < len ? d->span.start : len;
    size_t line_start = start;
    while (line_start > 0 && src[line_start - 1] != '\n')
        line_start--;
    size_t line_end = start;
    while (line_end < len && src[line_end] != '\n')
        line_end++;
    size_t shown_end = line_end;
    if (shown_end > line_start && src[shown_end - 1] == '\r')
        shown_end--;

    char gutter[32];
    int width = snprintf(gutter, sizeof gutter, "%u", (unsigned)d->line);
    snprintf(gutter, sizeof gutter, " %u | ", (unsigned)d->line);
    append_str(out, gutter);
    comp_buf_append(out, src + line_start, shown_end - line_start);
    comp_buf_byte(out, '\n');

    /* The marker line: tabs stay tabs so the caret lines up under them. */
    comp_buf_byte(out, ' ');
    for (int i = 0; i < width; i++)
        comp_buf_byte(out, ' ');
    append_str(out, " | ");
    for (size_t i = line_start; i < start; i++) {
        unsigned char b = (unsigned char)src[i];
        if (b == '\t')
            comp_buf_byte(out, '\t');
        else if (starts_char(b))
            comp_buf_byte(out, ' ');
    }
    comp_buf_byte(out, '^');
    size_t end = d->span.end < shown_end ? d->span.end : shown_end;
    for (size_t i = start + 1; i < end; i++)
        if (starts_char((unsigned char)src[i]))
            comp_buf_byte(out, '~');
    comp_buf_byte(out, '\n');
}
