/* Text output for the describers. */
#include "describe_out.h"
#include "comp/describe.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void dsc_printf(comp_buf *out, const char *fmt, ...)
{
    char small[128];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof small) {
        comp_buf_append(out, small, (size_t)n);
        return;
    }
    if (!comp_buf_reserve(out, (size_t)n + 1))
        return;
    va_start(ap, fmt);
    vsnprintf((char *)out->data + out->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    out->len += (size_t)n;
}

void dsc_cstr(comp_buf *out, const char *s)
{
    comp_buf_append(out, s, strlen(s));
}

void dsc_quoted(comp_buf *out, comp_str s)
{
    comp_buf_byte(out, '"');
    for (uint32_t i = 0; i < s.len; i++) {
        unsigned char ch = (unsigned char)s.data[i];
        if (ch == '"' || ch == '\\') {
            comp_buf_byte(out, '\\');
            comp_buf_byte(out, ch);
        } else if (ch == '\n') {
            dsc_cstr(out, "\\n");
        } else if (ch == '\t') {
            dsc_cstr(out, "\\t");
        } else if (ch < 0x20 || ch == 0x7f) {
            dsc_printf(out, "\\u{%02x}", ch);
        } else {
            comp_buf_byte(out, ch);
        }
    }
    comp_buf_byte(out, '"');
}

void comp_describe_quoted(comp_buf *out, comp_str name)
{
    dsc_quoted(out, name);
}
