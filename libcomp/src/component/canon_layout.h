#ifndef COMP_COMPONENT_CANON_LAYOUT_H
#define COMP_COMPONENT_CANON_LAYOUT_H

/* What follows the opcode of each canonical definition in the binary
 * format (Binary.md, canon ::= ...), shared by the reader and the writer
 * so the two cannot disagree. */

#include <stdint.h>

/* One letter per immediate, in binary order; NULL for an unknown op:
 *   f  the 0x00 `func` sort byte, then a core func index (`func`)
 *   o  canonical options
 *   t  a type index (`type`)
 *   g  a flag byte, async / cancellable / shared (`flag`)
 *   m  a core memory index (`memory`)
 *   b  a core table index (`table`)
 *   v  a core value type (`core_valtype`)
 *   i  an index (`index`)
 *   r  a result list (`has_result`, `result`) */
const char *canon_layout(uint8_t op);

#endif
