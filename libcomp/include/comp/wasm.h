#ifndef COMP_WASM_H
#define COMP_WASM_H

/* Telling core modules from components: both start with the magic number
 * and a 4-byte version field, whose upper two bytes are the `layer`
 * (0x00 0x00 for core modules, 0x01 0x00 for components; Binary.md). */

#include <stddef.h>
#include <stdint.h>

typedef enum { COMP_WASM_UNKNOWN, COMP_WASM_MODULE, COMP_WASM_COMPONENT } comp_wasm_kind;

/* From the 8-byte preamble (magic and layer field); UNKNOWN when the input
 * is shorter, has no magic number or an unknown layer. */
comp_wasm_kind comp_wasm_detect(const uint8_t *data, size_t len);

#endif
