/* Diagnostics of WIT source; positions and rendering are libcomp's
 * (comp/diag.h), shared with the text format. */
#include "wit/diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "comp/diag.h"

void wit_diag_position(const char *src, size_t len, size_t offset,
                       uint32_t *line, uint32_t *col)
{
    comp_diag_position(src, len, offset, line, col);
}

_Bool wit_diag_set(wit_diag *d, const char *path, const char *src, size_t len,
                   wit_span span, const char *fmt, ...)
{
    if (!d)
        return 0;
    d->path = path;
    d->span = span;
    wit_diag_position(src, len, span.start, &d->line, &d->col);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->message, sizeof d->message, fmt, ap);
    va_end(ap);
    return 0;
}

/* One renderer for every text diagnostic: libcomp's. */
void wit_diag_render(const wit_diag *d, const char *src, size_t len, comp_buf *out)
{
    comp_diag_render_span(out, d->path, src, len, d->span.start, d->span.end, d->line, d->col,
                          d->message);
}
