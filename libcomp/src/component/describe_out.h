#ifndef COMP_DESCRIBE_OUT_H
#define COMP_DESCRIBE_OUT_H

/* Appending text to a comp_buf, for the describers (private). */

#include "comp/buf.h"
#include "comp/encoding.h"

void dsc_cstr(comp_buf *out, const char *s);
/* A name in double quotes; quotes, backslashes and control characters are
 * escaped as in the WAT text format (\", \\, \t, \n, \u{hh}). */
void dsc_quoted(comp_buf *out, comp_str s);

#endif
