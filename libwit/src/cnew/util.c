#include "cnew/cnew_internal.h"

#include <string.h>

bool cn_oom(comp_error *err)
{
    return comp_error_set(err, 0, "out of memory while building the component");
}

bool cn_str_eq(comp_str a, const char *b)
{
    size_t n = strlen(b);
    return a.len == n && (n == 0 || memcmp(a.data, b, n) == 0);
}

void cn_leb_u32(comp_buf *b, uint32_t v)
{
    do {
        uint8_t byte = v & 0x7f;
        v >>= 7;
        comp_buf_byte(b, v ? (uint8_t)(byte | 0x80) : byte);
    } while (v);
}

void cn_name(comp_buf *b, const char *s, size_t len)
{
    cn_leb_u32(b, (uint32_t)len);
    comp_buf_append(b, s, len);
}

void cn_section(comp_buf *out, uint8_t id, const comp_buf *content)
{
    comp_buf_byte(out, id);
    cn_leb_u32(out, (uint32_t)content->len);
    comp_buf_append(out, content->data, content->len);
    if (content->oom)
        out->oom = true;
}

void cn_functype_bytes(comp_buf *b, const comp_functype *t)
{
    comp_buf_byte(b, 0x60);
    cn_leb_u32(b, t->param_count);
    comp_buf_append(b, t->params, t->param_count);
    cn_leb_u32(b, t->result_count);
    comp_buf_append(b, t->results, t->result_count);
}
