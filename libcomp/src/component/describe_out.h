#ifndef COMP_DESCRIBE_OUT_H
#define COMP_DESCRIBE_OUT_H

/* Appending text to a comp_buf, for the describers (private). */

#include "comp/buf.h"
#include "comp/encoding.h"
#include "comp/module.h"

void dsc_cstr(comp_buf *out, const char *s);
/* Limits as the text format writes them, after a space: "i64 1 16 shared". */
void dsc_limits(comp_buf *out, const comp_limits *l);
/* A name in double quotes; quotes, backslashes and control characters are
 * escaped as in the WAT text format (\", \\, \t, \n, \u{hh}). */
void dsc_quoted(comp_buf *out, comp_str s);

#endif
