#ifndef ADAPTER_PREVIEW1_H
#define ADAPTER_PREVIEW1_H

/* The preview1 adapter modules (adapters/preview1/wasi_snapshot_preview1.
 * {command,reactor}.wasm), embedded in the host tools that wire them into
 * components. Defined by the generated $(BUILD)/gen/adapter_preview1.c;
 * include as "preview1/adapter_preview1.h" (the Makefile adds -Iadapters). */

#include <stddef.h>

extern const unsigned char adapter_preview1_command[];
extern const size_t adapter_preview1_command_len;
extern const unsigned char adapter_preview1_reactor[];
extern const size_t adapter_preview1_reactor_len;

#endif
