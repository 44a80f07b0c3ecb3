#include "comp/error.h"

#include <stdarg.h>
#include <stdio.h>

_Bool comp_error_set(comp_error *err, size_t offset, const char *fmt, ...)
{
    if (!err)
        return 0;
    err->offset = offset;
    err->line = err->col = 0;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return 0;
}
