#include "comp/buf.h"

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
