#ifndef COMP_CORE_TYPES_IO_H
#define COMP_CORE_TYPES_IO_H

/* Reading and writing of core types (private): value types, function
 * signatures, limits and import descriptors. Shared by the module codec and
 * the component codec, whose core module types use the same encodings. */

#include "comp/module.h"
#include "reader.h"
#include "writer.h"

bool core_is_valtype(uint8_t byte);

bool core_read_valtype(rd *r, comp_valtype *out);
/* vec(valtype): a parameter or result list. */
bool core_read_valtypes(rd *r, uint32_t *count, comp_valtype **out);
/* Parameters and results, after the 0x60 form byte. */
bool core_read_func_signature(rd *r, comp_functype *ft);
/* The 0x60 form byte, then the signature. */
bool core_read_functype_form(rd *r, comp_functype *ft);
bool core_read_reftype(rd *r, comp_valtype *out);
/* A descriptor kind byte and its descriptor (core:externtype) into
 * im->kind and im->desc. */
bool core_read_import_desc(rd *r, comp_import *im);
bool core_read_tabletype(rd *r, comp_tabletype *t);
bool core_read_memtype(rd *r, comp_limits *l);
bool core_read_globaltype(rd *r, comp_globaltype *g);
bool core_read_tagtype(rd *r, comp_tagtype *t);

void core_write_func_signature(wr *w, const comp_functype *ft);
/* False for a kind it does not know. */
bool core_write_import_desc(wr *w, const comp_import *im);
void core_write_tabletype(wr *w, const comp_tabletype *t);
void core_write_limits(wr *w, const comp_limits *l);
void core_write_globaltype(wr *w, const comp_globaltype *g);
void core_write_tagtype(wr *w, const comp_tagtype *t);

#endif
