/* Diagnostics: positions from byte offsets, and the rendered excerpt with
 * a caret. */
#include "comp/diag.h"

#include <stdio.h>
#include <string.h>

/* True for bytes that start a UTF-8 sequence (or stand alone). */
static int starts_char(unsigned char c)
{
    return (c & 0xc0) != 0x80;
}

void comp_diag_position(const char *src, size_t len, size_t offset, uint32_t *line,
                        uint32_t *col)
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

static void append_str(comp_buf *out, const char *s)
{
    comp_buf_append(out, s, strlen(s));
}

static void append_head(comp_buf *out, const char *path, const char *where, const char *message)
{
    append_str(out, path ? path : "<input>");
    append_str(out, where);
    append_str(out, ": error: ");
    append_str(out, message);
    comp_buf_byte(out, '\n');
}

void comp_diag_render_span(comp_buf *out, const char *path, const char *src, size_t len,
                           size_t start, size_t end, uint32_t line, uint32_t col,
                           const char *message)
{
    if (src)
        comp_diag_position(src, len, start, &line, &col);
    char where[48];
    snprintf(where, sizeof where, ":%u:%u", (unsigned)line, (unsigned)col);
    append_head(out, path, where, message);
    if (!src)
        return;

    if (start > len)
        start = len;
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
    int width = snprintf(gutter, sizeof gutter, "%u", (unsigned)line);
    snprintf(gutter, sizeof gutter, " %u | ", (unsigned)line);
    append_str(out, gutter);
    comp_buf_append(out, src + line_start, shown_end - line_start);
    comp_buf_byte(out, '\n');

    /* The marker line: tabs stay tabs, every other character is one space. */
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
    if (end > shown_end)
        end = shown_end;
    for (size_t i = start + 1; i < end; i++)
        if (starts_char((unsigned char)src[i]))
            comp_buf_byte(out, '~');
    comp_buf_byte(out, '\n');
}

void comp_diag_render(comp_buf *out, const char *path, const char *src, size_t len,
                      const comp_error *err)
{
    if (!src && err->line == 0) {
        char where[32];
        snprintf(where, sizeof where, ":%zu", err->offset);
        append_head(out, path, where, err->message);
        return;
    }
    comp_diag_render_span(out, path, src, len, err->offset, err->offset, err->line, err->col,
                          err->message);
}
