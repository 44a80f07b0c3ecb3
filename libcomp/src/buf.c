#include "comp/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void comp_buf_free(comp_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
    b->oom = 0;
}

_Bool comp_buf_reserve(comp_buf *b, size_t extra)
{
    if (b->oom)
        return 0;
    if (extra <= b->cap - b->len)
        return 1;
    if (extra > SIZE_MAX / 2 - b->len) {
        b->oom = 1;
        return 0;
    }
    size_t cap = b->cap ? b->cap : 256;
    while (cap - b->len < extra)
        cap *= 2;
    uint8_t *p = realloc(b->data, cap);
    if (!p) {
        b->oom = 1;
        return 0;
    }
    b->data = p;
    b->cap = cap;
    return 1;
}

void comp_buf_append(comp_buf *b, const void *data, size_t len)
{
    if (len && comp_buf_reserve(b, len)) {
        memcpy(b->data + b->len, data, len);
        b->len += len;
    }
}

void comp_buf_byte(comp_buf *b, uint8_t byte)
{
    if (comp_buf_reserve(b, 1))
        b->data[b->len++] = byte;
}

void comp_buf_vprintf(comp_buf *b, const char *fmt, va_list ap)
{
    /* Most output is short: format on the stack, copy once. */
    char small[256];
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    if (n >= 0 && (size_t)n < sizeof small)
        comp_buf_append(b, small, (size_t)n);
    else if (n >= 0 && comp_buf_reserve(b, (size_t)n + 1)) {
        vsnprintf((char *)b->data + b->len, (size_t)n + 1, fmt, again);
        b->len += (size_t)n;
    }
    va_end(again);
}

void comp_buf_printf(comp_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    comp_buf_vprintf(b, fmt, ap);
    va_end(ap);
}
