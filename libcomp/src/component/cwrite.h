#ifndef COMP_COMPONENT_CWRITE_H
#define COMP_COMPONENT_CWRITE_H

/* Pieces of the component encoder (private). Each writes one production,
 * mirroring cread.h: the same integers through the hint-replaying writer,
 * in the same order the reader read them. */

#include "comp/component.h"
#include "reader.h" /* RD_MAX_DEPTH */
#include "writer.h"

void cw_valtype(wr *w, comp_cvaltype t);
void cw_extern_name(wr *w, const comp_extern_name *n);
void cw_externtype(wr *w, const comp_externtype *t);
void cw_sortidx(wr *w, comp_sortidx s);
void cw_alias(wr *w, const comp_alias *a);
void cw_resultlist(wr *w, bool has, comp_cvaltype t);

/* Types nest: these fail (with `err` set) past RD_MAX_DEPTH levels, which
 * only a hand-built model can reach. */
bool cw_type(wr *w, const comp_type *t, unsigned depth, comp_error *err);
bool cw_core_type(wr *w, const comp_core_type *t, unsigned depth, comp_error *err);
bool cw_canon(wr *w, const comp_canon *c, comp_error *err);

#endif
