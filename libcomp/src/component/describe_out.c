/* Text output for the describers. */
#include "describe_out.h"
#include "comp/describe.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

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
            comp_buf_printf(out, "\\u{%02x}", ch);
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
