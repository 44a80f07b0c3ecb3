#ifndef COMP_CORE_MODULE_READ_H
#define COMP_CORE_MODULE_READ_H

/* The core module decoder's entry point for other decoders (private): the
 * component reader calls it for nested core modules. */

#include "comp/module.h"
#include "reader.h"

/* Decodes the module spanning exactly r->p..r->end (preamble included) and
 * advances r to r->end. Offsets in the model and in errors count from
 * r->base. LEB128s of the module are recorded per module section, never
 * into r->rec. */
bool module_read(rd *r, comp_module **out);

#endif
