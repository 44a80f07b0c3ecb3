#include "cnew/cnew_internal.h"

#include <stdio.h>
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

/* Reads "MAJOR.MINOR.PATCH" exactly (no pre-release or build part). */
static bool parse_version(const char *s, size_t n, uint64_t v[3])
{
    size_t at = 0;
    for (int part = 0; part < 3; part++) {
        if (at >= n || s[at] < '0' || s[at] > '9')
            return false;
        v[part] = 0;
        while (at < n && s[at] >= '0' && s[at] <= '9') {
            if (v[part] > UINT64_MAX / 10 - 10)
                return false;
            v[part] = v[part] * 10 + (uint64_t)(s[at++] - '0');
        }
        if (part < 2 && (at >= n || s[at++] != '.'))
            return false;
    }
    return at == n;
}

comp_str cn_semver_track(comp_str id, char *buf, size_t size)
{
    const char *at = NULL;
    for (uint32_t i = 0; i < id.len; i++)
        if (id.data[i] == '@')
            at = id.data + i;
    uint64_t v[3];
    if (!at || !parse_version(at + 1, id.len - (size_t)(at + 1 - id.data), v) || (v[0] == 0 && v[1] == 0))
        return id;
    int n = v[0] ? snprintf(buf, size, "%.*s@%llu", (int)(at - id.data), id.data, (unsigned long long)v[0])
                 : snprintf(buf, size, "%.*s@0.%llu", (int)(at - id.data), id.data, (unsigned long long)v[1]);
    if (n < 0 || (size_t)n >= size)
        return id;
    return (comp_str){buf, (uint32_t)n};
}
