#ifndef COMP_BUF_H
#define COMP_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* A growable byte buffer owned by the caller. After any allocation failure
 * `oom` stays set and further appends are ignored. */
typedef struct comp_buf {
    uint8_t *data;
    size_t len, cap;
    _Bool oom;
} comp_buf;

void comp_buf_free(comp_buf *b);
_Bool comp_buf_reserve(comp_buf *b, size_t extra);
void comp_buf_append(comp_buf *b, const void *data, size_t len);
void comp_buf_byte(comp_buf *b, uint8_t byte);
/* Appends printf-style formatted text (no NUL). */
void comp_buf_printf(comp_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void comp_buf_vprintf(comp_buf *b, const char *fmt, va_list ap);

#endif
