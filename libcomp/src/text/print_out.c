/* Output primitives of the WAT printer: indentation, string literals,
 * index comments. */
#include "text/print.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void pr_mem(pr *p, const char *s, size_t len)
{
    comp_buf_append(p->out, s, len);
}

void pr_str(pr *p, const char *s)
{
    pr_mem(p, s, strlen(s));
}

void pr_fmt(pr *p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    comp_buf_vprintf(p->out, fmt, ap);
    va_end(ap);
}

void pr_newline(pr *p)
{
    comp_buf_byte(p->out, '\n');
    for (uint32_t i = 0; i < p->indent; i++)
        pr_mem(p, "  ", 2);
}

void pr_close(pr *p)
{
    p->indent--;
    pr_newline(p);
    pr_str(p, ")");
}

void pr_close_fields(pr *p, size_t fields_start)
{
    p->indent--;
    if (p->out->len != fields_start)
        pr_newline(p);
    pr_str(p, ")");
}

/* Decodes one UTF-8 sequence (names are validated by the decoder; a bad
 * byte is taken as itself so printing never loops). */
static uint32_t utf8_next(const uint8_t *s, size_t len, size_t *i)
{
    uint8_t b = s[*i];
    size_t extra = b >= 0xf0 ? 3 : b >= 0xe0 ? 2 : b >= 0xc0 ? 1 : 0;
    uint32_t cp = extra == 3 ? b & 0x07u : extra == 2 ? b & 0x0fu : extra == 1 ? b & 0x1fu : b;
    if (extra && *i + extra >= len) {
        (*i)++;
        return b;
    }
    for (size_t k = 1; k <= extra; k++) {
        if ((s[*i + k] & 0xc0) != 0x80) {
            (*i)++;
            return b;
        }
        cp = (cp << 6) | (s[*i + k] & 0x3fu);
    }
    *i += extra + 1;
    return cp;
}

void pr_name_str(pr *p, comp_str s)
{
    const uint8_t *d = (const uint8_t *)s.data;
    comp_buf_byte(p->out, '"');
    size_t i = 0;
    while (i < s.len) {
        uint32_t cp = utf8_next(d, s.len, &i);
        if (cp >= 0x20 && cp < 0x7f && cp != '"' && cp != '\\')
            comp_buf_byte(p->out, (uint8_t)cp);
        else
            pr_fmt(p, "\\u{%x}", cp);
    }
    comp_buf_byte(p->out, '"');
}

void pr_bytes_str(pr *p, const uint8_t *data, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    comp_buf_byte(p->out, '"');
    for (size_t i = 0; i < len; i++) {
        uint8_t c = data[i];
        if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
            comp_buf_byte(p->out, c);
        } else {
            char esc[3] = {'\\', hex[c >> 4], hex[c & 15]};
            pr_mem(p, esc, 3);
        }
    }
    comp_buf_byte(p->out, '"');
}

void pr_index_comment(pr *p, uint32_t index)
{
    pr_fmt(p, " (;%u;)", index);
}

bool pr_is_idchar(uint8_t c)
{
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
        return true;
    return c != 0 && strchr("!#$%&'*+-./:<=>?@\\^_`|~", c) != NULL;
}
