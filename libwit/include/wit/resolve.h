#ifndef WIT_RESOLVE_H
#define WIT_RESOLVE_H

/* The resolved, id-indexed model of a set of WIT packages (the wit-parser
 * split between `ast` and `Resolve`).
 *
 * Everything lives in the arena passed to the resolve functions, alongside
 * the sources and syntax trees it points into. Ids are indices into the
 * arrays of `wit_resolve`; WIT_NO_ID marks an absent id.
 *
 * - Packages are in topological order: a package comes after every package
 *   it refers to. `main_package` is the root package that was asked for.
 * - Every named type has an owner (an interface or a world) and a name.
 *   Anonymous types (`list<u8>`, `option<t>`, handles...) have no name and
 *   no owner. A `use`d name is an alias type (WIT_DEF_KIND_ALIAS with
 *   `from_use`) owned by the interface or world that wrote the `use`.
 * - Interfaces and worlds of a package are listed in source order (files in
 *   name order); `interface_order` lists all interfaces so that each comes
 *   after the interfaces it uses.
 * - Worlds are elaborated: imports and exports include everything brought in
 *   by `include`, and every interface a world needs through `use` (directly
 *   or transitively) is imported, just before the first item that needs it.
 * - Items gated with `@unstable(feature = f)` are left out unless `f` is
 *   enabled; everything kept records its gates in `stability`, its doc
 *   comments, and its span in its file. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "comp/arena.h"
#include "wit/ast.h"
#include "wit/diag.h"

#define WIT_NO_ID UINT32_MAX

/* ---- stability (gates) ---------------------------------------------------- */

typedef enum wit_stability_kind {
    WIT_STABILITY_UNKNOWN,      /* no gate */
    WIT_STABILITY_STABLE,       /* @since(version = ...) */
    WIT_STABILITY_UNSTABLE,     /* @unstable(feature = ...) */
} wit_stability_kind;

typedef struct wit_stability {
    wit_stability_kind kind;
    wit_version since;          /* STABLE */
    comp_str feature;           /* UNSTABLE */
    wit_version deprecated;     /* present if @deprecated was written */
} wit_stability;

/* ---- types ------------------------------------------------------------- */

/* A use of a type: a primitive, or the id of a type definition. */
typedef enum wit_tref_kind {
    WIT_TREF_NONE,              /* absent (no result, no payload...) */
    WIT_TREF_BOOL,
    WIT_TREF_U8, WIT_TREF_U16, WIT_TREF_U32, WIT_TREF_U64,
    WIT_TREF_S8, WIT_TREF_S16, WIT_TREF_S32, WIT_TREF_S64,
    WIT_TREF_F32, WIT_TREF_F64,
    WIT_TREF_CHAR,
    WIT_TREF_STRING,
    WIT_TREF_ERROR_CONTEXT,
    WIT_TREF_ID,                /* `id` is an index into wit_resolve.types */
} wit_tref_kind;

typedef struct wit_tref {
    wit_tref_kind kind;
    uint32_t id;
} wit_tref;

typedef enum wit_def_kind {
    WIT_DEF_KIND_ALIAS,         /* `type x = a;` or a `use`d name: target in a */
    WIT_DEF_KIND_RECORD,        /* fields */
    WIT_DEF_KIND_VARIANT,       /* fields are the cases (type NONE: no payload) */
    WIT_DEF_KIND_ENUM,          /* fields are the cases */
    WIT_DEF_KIND_FLAGS,         /* fields are the flags */
    WIT_DEF_KIND_RESOURCE,      /* its functions are in the owner's funcs */
    WIT_DEF_KIND_OWN,           /* a.id: a resource (possibly via aliases) */
    WIT_DEF_KIND_BORROW,        /* a.id: a resource (possibly via aliases) */
    WIT_DEF_KIND_TUPLE,         /* fields (names empty) */
    WIT_DEF_KIND_LIST,          /* a */
    WIT_DEF_KIND_FIXED_LIST,    /* a, length */
    WIT_DEF_KIND_OPTION,        /* a */
    WIT_DEF_KIND_RESULT,        /* a = ok, b = err; either may be NONE */
    WIT_DEF_KIND_MAP,           /* a = key, b = value */
    WIT_DEF_KIND_FUTURE,        /* a, or NONE */
    WIT_DEF_KIND_STREAM,        /* a, or NONE */
} wit_def_kind;

typedef struct wit_rfield {
    comp_str name;
    wit_tref type;
    wit_docs docs;
    wit_span span;
} wit_rfield;

typedef enum wit_owner_kind {
    WIT_OWNER_NONE,             /* anonymous types */
    WIT_OWNER_INTERFACE,
    WIT_OWNER_WORLD,
} wit_owner_kind;

typedef struct wit_rtype {
    wit_def_kind kind;
    comp_str name;              /* data NULL for anonymous types */
    wit_owner_kind owner_kind;
    uint32_t owner;             /* interface or world id */
    wit_tref a, b;
    uint32_t length;            /* FIXED_LIST */
    wit_rfield *fields;
    uint32_t field_count;
    bool from_use;              /* ALIAS written as `use iface.{name}` */
    comp_str use_source_name;   /* from_use: the name in the used interface */
    wit_docs docs;
    wit_stability stability;
    uint32_t file;              /* index into wit_resolve.files */
    wit_span span;
} wit_rtype;

/* ---- functions --------------------------------------------------------- */

typedef enum wit_func_kind {
    WIT_FUNC_FREESTANDING,
    WIT_FUNC_METHOD,            /* params[0] is `self: borrow<resource>` */
    WIT_FUNC_STATIC,
    WIT_FUNC_CONSTRUCTOR,       /* result is own<resource> or result<...> */
} wit_func_kind;

typedef struct wit_rparam {
    comp_str name;
    wit_tref type;
    wit_span span;
} wit_rparam;

typedef struct wit_rfunc {
    comp_str name;              /* full: "f", "[method]r.f", "[static]r.f",
                                   "[constructor]r" */
    comp_str item_name;         /* as written: "f" (or "constructor") */
    wit_func_kind kind;
    bool is_async;
    uint32_t resource;          /* type id for methods, statics, constructors */
    wit_rparam *params;
    uint32_t param_count;
    wit_tref result;            /* NONE if the function returns nothing */
    wit_docs docs;
    wit_stability stability;
    uint32_t file;
    wit_span span;
} wit_rfunc;

/* ---- interfaces -------------------------------------------------------- */

typedef struct wit_rinterface {
    comp_str name;              /* data NULL for an inline world interface */
    uint32_t package;
    uint32_t world;             /* inline interfaces: the world; else WIT_NO_ID */
    uint32_t *types;            /* named types (incl. `use`d) in source order */
    uint32_t type_count;
    wit_rfunc *funcs;           /* source order; a resource's functions follow
                                   it in the order written */
    uint32_t func_count;
    uint32_t *deps;             /* interfaces it `use`s, first use first */
    uint32_t dep_count;
    wit_docs docs;
    wit_stability stability;
    uint32_t file;
    wit_span span;
} wit_rinterface;

/* ---- worlds ------------------------------------------------------------ */

typedef enum wit_key_kind {
    WIT_KEY_NAME,               /* a plain name: `import foo: ...`, types */
    WIT_KEY_INTERFACE,          /* an interface name: `import wasi:io/poll;` */
} wit_key_kind;

typedef enum wit_item_kind {
    WIT_ITEM_INTERFACE,         /* id: interface */
    WIT_ITEM_FUNCTION,          /* func */
    WIT_ITEM_TYPE,              /* id: type (imports only) */
} wit_item_kind;

typedef struct wit_rworld_item {
    wit_key_kind key_kind;
    comp_str name;              /* NAME keys */
    wit_item_kind kind;
    uint32_t id;                /* interface (also the key for INTERFACE keys)
                                   or type */
    wit_rfunc func;             /* FUNCTION */
    bool implicit;              /* added because another item `use`s it */
    comp_str external_id;       /* @external-id, data NULL if absent */
    wit_docs docs;
    wit_stability stability;
    uint32_t file;
    wit_span span;
} wit_rworld_item;

typedef struct wit_rinclude_name {
    comp_str name, as;
} wit_rinclude_name;

/* An `include` as written (its items are already merged into the world). */
typedef struct wit_rinclude {
    uint32_t world;
    wit_rinclude_name *names;
    uint32_t name_count;
    wit_stability stability;
    wit_span span;
} wit_rinclude;

typedef struct wit_rworld {
    comp_str name;
    uint32_t package;
    wit_rworld_item *imports;
    uint32_t import_count;
    wit_rworld_item *exports;
    uint32_t export_count;
    uint32_t *types;            /* types owned by this world, source order */
    uint32_t type_count;
    wit_rinclude *includes;
    uint32_t include_count;
    wit_docs docs;
    wit_stability stability;
    uint32_t file;
    wit_span span;
} wit_rworld;

/* ---- packages and the whole model --------------------------------------- */

typedef struct wit_rpackage {
    wit_package_name name;      /* spans refer to the declaring file */
    comp_str full_name;         /* "ns:name@1.0.0" (nested: "a:b:c/d@1.0.0") */
    uint32_t *interfaces;       /* source order */
    uint32_t interface_count;
    uint32_t *worlds;           /* source order */
    uint32_t world_count;
    wit_docs docs;
    uint32_t file;              /* a file that declares the name */
} wit_rpackage;

/* A source file kept for diagnostics and for the printer. */
typedef struct wit_rfile {
    const char *path;
    const char *src;
    size_t len;
    wit_ast_file *ast;
} wit_rfile;

typedef struct wit_resolve {
    wit_rpackage *packages;     /* topological order */
    uint32_t package_count;
    wit_rinterface *interfaces;
    uint32_t interface_count;
    uint32_t *interface_order;  /* interface ids, dependencies first */
    wit_rworld *worlds;
    uint32_t world_count;
    wit_rtype *types;
    uint32_t type_count;
    wit_rfile *files;
    uint32_t file_count;
    uint32_t main_package;
} wit_resolve;

/* ---- resolving ---------------------------------------------------------- */

typedef struct wit_resolve_options {
    const char *const *features;    /* enabled @unstable features */
    size_t feature_count;
    bool all_features;
    /* Extra places to find dependencies, each laid out like a deps/ folder:
     * every `*.wit` file and every directory in it is a package. An entry that
     * is the root directory itself is skipped, so a directory of sibling
     * packages can serve each of them. */
    const char *const *dep_dirs;
    size_t dep_dir_count;
} wit_resolve_options;

/* Bounds that keep any input from exhausting memory or time. */
enum {
    WIT_RESOLVE_MAX_FILES = 10000,
    WIT_RESOLVE_MAX_FILE_SIZE = 64 << 20,
    WIT_RESOLVE_MAX_DIR_DEPTH = 16,
};

/* Resolves `path`: a directory (its *.wit files are the root package; its
 * deps/ folder holds one package per *.wit file or directory, and those
 * directories may have deps/ folders of their own) or a single .wit file
 * (the root package, with dependencies in nested `package ... { }` blocks).
 * `opts` may be NULL. On failure returns false with the first error in `err`
 * (its path is an arena copy, so it lives as long as `arena`; re-read that
 * file to render the excerpt) and leaves `*out` unchanged. */
bool wit_resolve_path(const char *path, const wit_resolve_options *opts,
                      comp_arena *arena, wit_resolve **out, wit_diag *err);

/* In-memory sources. Files of group 0 form the root package; each other
 * group number is one dependency package (like an entry of deps/). Nested
 * `package ... { }` blocks are packages of their own in either case. */
typedef struct wit_source {
    const char *path;           /* for messages */
    const char *src;
    size_t len;
    uint32_t group;
} wit_source;

bool wit_resolve_sources(const wit_source *sources, size_t count,
                         const wit_resolve_options *opts, comp_arena *arena,
                         wit_resolve **out, wit_diag *err);

/* ---- queries ----------------------------------------------------------- */

/* Follows aliases from `id` to the defining type (bounded; aliases are
 * acyclic in a resolved model). */
uint32_t wit_resolve_deref(const wit_resolve *r, uint32_t id);

/* The interface or world of that name in package `pkg`, or WIT_NO_ID. */
uint32_t wit_resolve_find_interface(const wit_resolve *r, uint32_t pkg, const char *name);
uint32_t wit_resolve_find_world(const wit_resolve *r, uint32_t pkg, const char *name);
/* The package with that full name ("ns:name@1.0.0"), or WIT_NO_ID. */
uint32_t wit_resolve_find_package(const wit_resolve *r, const char *full_name);
/* The named type of an interface, or WIT_NO_ID. */
uint32_t wit_resolve_find_type(const wit_resolve *r, uint32_t iface, const char *name);

#endif
