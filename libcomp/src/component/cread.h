#ifndef COMP_COMPONENT_CREAD_H
#define COMP_COMPONENT_CREAD_H

/* Pieces of the component decoder shared between its files (private).
 * Each reads one production of Binary.md at r->p; on failure the error is
 * set with the offset of the offending byte. Integers go through the
 * hint-recording reader, so the encoder (cwrite.h) must write the same
 * integers in the same order. */

#include "comp/component.h"
#include "reader.h"

/* "invalid leading byte (0x%x) for <what>" at `offset`. */
bool cr_bad_byte(rd *r, size_t offset, uint8_t byte, const char *what);
/* A byte that must be 0x00 or 0x01 (<T>? presence, async?, cancel?...).
 * `what` NULL gives "invalid boolean value". */
bool cr_flag(rd *r, bool *out, const char *what);
/* Entering a nested type or component: fails past RD_MAX_DEPTH. */
bool cr_enter(rd *r);

bool cr_valtype(rd *r, comp_cvaltype *out);
bool cr_extern_name(rd *r, comp_extern_name *out);
bool cr_externtype(rd *r, comp_externtype *out);
bool cr_sortidx(rd *r, comp_sortidx *out);
bool cr_alias(rd *r, comp_alias *out);

/* resultlist ::= 0x00 t | 0x01 0x00 (functypes and canon task.return). */
bool cr_resultlist(rd *r, bool *has, comp_cvaltype *out);
bool cr_type(rd *r, comp_type *out);
bool cr_core_type(rd *r, comp_core_type *out, bool in_module_type);
bool cr_canon(rd *r, comp_canon *out);

/* Decodes the component whose preamble starts at r->p and which ends at
 * r->end (nested components come through here too). */
bool cr_component(rd *r, comp_component **out);

#endif
