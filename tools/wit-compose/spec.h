#ifndef WIT_COMPOSE_SPEC_H
#define WIT_COMPOSE_SPEC_H

/* A composition file (YAML, read with libyaml) as plain data: components,
 * instances and their wiring, providers and exports, each with the
 * line:column it came from. The format is described in man/wit-compose.1
 * (FORMAT). Strings point into the loaded YAML document, which the spec
 * keeps until spec_free. */

#include <stdbool.h>
#include <stdint.h>

#include <yaml.h>

typedef struct spec_mark {
    unsigned line, col; /* 1-based */
} spec_mark;

typedef struct spec_component {
    const char *name, *path;
    const char *import_name; /* NULL: embedded */
    spec_mark at;
} spec_component;

/* A reference to an instance's export: "inst", "inst.export", or
 * {instance: inst, export: name}. `export` NULL: the export named like the
 * import (or export) it is for. */
typedef struct spec_ref {
    const char *instance, *export;
    spec_mark at;
} spec_ref;

typedef struct spec_arg {
    const char *import;
    spec_ref from;
} spec_arg;

typedef struct spec_instance {
    const char *name, *component;
    spec_arg *args;
    uint32_t arg_count;
    spec_mark at;
} spec_instance;

typedef struct spec_provider {
    const char *name, *instance;
    spec_mark at;
} spec_provider;

typedef struct spec_export {
    const char *as;
    spec_ref from;
} spec_export;

typedef struct spec {
    spec_component *components;
    uint32_t component_count;
    spec_instance *instances; /* one per component when the file has none */
    uint32_t instance_count;
    spec_provider *providers;
    uint32_t provider_count;
    spec_export *exports;
    uint32_t export_count;
    bool auto_wire;
    yaml_document_t doc;
    bool has_doc;
    char **owned; /* strings cut from the document's */
    uint32_t owned_count, owned_cap;
    yaml_node_t *last_key; /* while reading: the key just read, for errors */
} spec;

/* Reads `path` into `s`. On failure prints "wit-compose: PATH:LINE:COL:
 * error: ..." and returns false, `*invalid` telling bad content (true)
 * from I/O errors. */
bool spec_load(const char *path, spec *s, bool *invalid);
void spec_free(spec *s);

#endif
