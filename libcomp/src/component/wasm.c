#include "comp/wasm.h"

#include <string.h>

comp_wasm_kind comp_wasm_detect(const uint8_t *data, size_t len)
{
    static const uint8_t magic[4] = {0x00, 0x61, 0x73, 0x6d};
    if (len < 8 || memcmp(data, magic, 4) != 0)
        return COMP_WASM_UNKNOWN;
    /* The layer field: the upper half of the 4-byte version. */
    if (data[6] == 0x00 && data[7] == 0x00)
        return COMP_WASM_MODULE;
    if (data[6] == 0x01 && data[7] == 0x00)
        return COMP_WASM_COMPONENT;
    return COMP_WASM_UNKNOWN;
}
