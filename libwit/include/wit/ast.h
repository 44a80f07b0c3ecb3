#ifndef WIT_AST_H
#define WIT_AST_H

/* The syntax tree of one WIT file, as written: names are not resolved, items
 * keep their source order, and every node keeps its span, doc comments and
 * gates so the resolver can report errors and the printer can reproduce them.
 *
 * Everything lives in the arena passed to wit_parse_file. Every name is a
 * comp_str pointing into the file's own copy of the source (`file->src`),
 * without the `%` of an explicit identifier. An absent optional name has
 * `name.data == NULL`. Item spans start at the item's keyword or name (after
 * its docs and attributes) and end after its last token. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "comp/encoding.h"

/* Byte offsets [start, end) into the file's source. */
typedef struct wit_span {
    uint32_t start, end;
} wit_span;

typedef struct wit_ident {
    comp_str name;      /* without a leading '%' */
    wit_span span;      /* includes the '%' if written */
    bool explicit_;     /* written as %name */
} wit_ident;

/* Doc comments written just before a node (line comments starting with three
 * slashes, block comments starting with slash-star-star), each as its full
 * source text, delimiters included, in source order. */
typedef struct wit_docs {
    comp_str *lines;
    uint32_t count;
    /* Docs read from a binary's package-docs section: lines[0] (count 1) is
     * already the normalised text, without comment markers. */
    bool normalized;
} wit_docs;

/* A semantic version (semver 2.0). `text` is the whole version as written. */
typedef struct wit_version {
    bool present;
    uint64_t major, minor, patch;
    comp_str pre;       /* after '-', without it; empty if none */
    comp_str build;     /* after '+', without it; empty if none */
    comp_str text;
    wit_span span;
} wit_version;

/* `ns:pkg@1.0.0`, or with nested namespaces and packages
 * `a:b:c/d/e@1.0.0`: namespaces = [a, b], name = c, nested = [d, e]. */
typedef struct wit_package_name {
    wit_ident *namespaces;
    uint32_t namespace_count;   /* >= 1 */
    wit_ident name;
    wit_ident *nested;
    uint32_t nested_count;
    wit_version version;
    wit_span span;
} wit_package_name;

/* The `use-path` production: either a bare interface name in the current
 * package (`qualified == false`, only `name` set), or a package-qualified
 * one, `ns:pkg/name@1.0.0` (`package` holds ns, pkg and the version; for the
 * nested form `a:b:c/d/name`, `package.nested` holds d). */
typedef struct wit_use_path {
    bool qualified;
    wit_package_name package;
    wit_ident name;
    wit_span span;
} wit_use_path;

/* ---- gates and attributes ------------------------------------------------ */

typedef enum wit_attr_kind {
    WIT_ATTR_SINCE,         /* @since(version = x.y.z) */
    WIT_ATTR_UNSTABLE,      /* @unstable(feature = name) */
    WIT_ATTR_DEPRECATED,    /* @deprecated(version = x.y.z) */
    WIT_ATTR_EXTERNAL_ID,   /* @external-id("...") */
} wit_attr_kind;

typedef struct wit_attr {
    wit_attr_kind kind;
    wit_span span;
    wit_version version;    /* SINCE, DEPRECATED */
    wit_ident feature;      /* UNSTABLE */
    comp_str external_id;   /* EXTERNAL_ID: the decoded string (arena) */
} wit_attr;

/* The attributes written before an item, in source order; at most one of
 * each kind (the parser rejects repeats). */
typedef struct wit_gates {
    wit_attr *attrs;
    uint32_t count;
} wit_gates;

/* The attribute of that kind, or NULL. */
const wit_attr *wit_gates_find(const wit_gates *g, wit_attr_kind kind);

/* ---- types ------------------------------------------------------------- */

typedef enum wit_type_kind {
    WIT_TYPE_BOOL,
    WIT_TYPE_U8, WIT_TYPE_U16, WIT_TYPE_U32, WIT_TYPE_U64,
    WIT_TYPE_S8, WIT_TYPE_S16, WIT_TYPE_S32, WIT_TYPE_S64,
    WIT_TYPE_F32, WIT_TYPE_F64,
    WIT_TYPE_CHAR,
    WIT_TYPE_STRING,
    WIT_TYPE_ERROR_CONTEXT,
    WIT_TYPE_NAME,          /* `id`: a named type, or an owned resource */
    WIT_TYPE_OWN,           /* own<id> */
    WIT_TYPE_BORROW,        /* borrow<id> */
    WIT_TYPE_TUPLE,         /* tuple<items...> */
    WIT_TYPE_LIST,          /* list<elem> */
    WIT_TYPE_FIXED_LIST,    /* list<elem, length> */
    WIT_TYPE_OPTION,        /* option<elem> */
    WIT_TYPE_RESULT,        /* result<ok, err>; either may be NULL */
    WIT_TYPE_MAP,           /* map<elem, elem2> */
    WIT_TYPE_FUTURE,        /* future<elem> or `future` (elem NULL) */
    WIT_TYPE_STREAM,        /* stream<elem> or `stream` (elem NULL) */
} wit_type_kind;

typedef struct wit_type wit_type;
struct wit_type {
    wit_type_kind kind;
    wit_span span;
    wit_ident name;         /* NAME, OWN, BORROW */
    wit_type *elem;         /* LIST, FIXED_LIST, OPTION, FUTURE, STREAM;
                               RESULT: ok type; MAP: key type */
    wit_type *elem2;        /* RESULT: err type; MAP: value type */
    wit_type **items;       /* TUPLE */
    uint32_t item_count;
    uint32_t length;        /* FIXED_LIST, >= 1 */
};

/* ---- functions --------------------------------------------------------- */

typedef struct wit_param {
    wit_ident name;
    wit_type *type;
} wit_param;

typedef struct wit_func_type {
    bool is_async;
    wit_param *params;
    uint32_t param_count;
    wit_type *result;       /* NULL if no `-> ty` */
    wit_span span;          /* from `async`/`func` (or `(` of a constructor) */
} wit_func_type;

/* `name: func(...)` in an interface, or an imported/exported function. */
typedef struct wit_func {
    wit_ident name;
    wit_func_type type;
} wit_func;

/* ---- named type definitions -------------------------------------------- */

typedef enum wit_typedef_kind {
    WIT_DEF_ALIAS,      /* type id = ty; */
    WIT_DEF_RECORD,
    WIT_DEF_VARIANT,
    WIT_DEF_ENUM,
    WIT_DEF_FLAGS,
    WIT_DEF_RESOURCE,
} wit_typedef_kind;

/* A record field (type set), variant case (type NULL if no payload), enum
 * case or flag (type NULL). */
typedef struct wit_case {
    wit_docs docs;
    wit_ident name;
    wit_type *type;
    wit_span span;
} wit_case;

typedef enum wit_resource_func_kind {
    WIT_RESOURCE_METHOD,        /* name: func(...)           */
    WIT_RESOURCE_STATIC,        /* name: static func(...)    */
    WIT_RESOURCE_CONSTRUCTOR,   /* constructor(...) [-> ty]; */
} wit_resource_func_kind;

typedef struct wit_resource_func {
    wit_resource_func_kind kind;
    wit_docs docs;
    wit_gates gates;
    wit_ident name;             /* CONSTRUCTOR: the `constructor` keyword */
    wit_func_type type;
    wit_span span;
} wit_resource_func;

typedef struct wit_typedef {
    wit_typedef_kind kind;
    wit_ident name;
    wit_type *alias;            /* ALIAS */
    wit_case *cases;            /* RECORD fields, VARIANT/ENUM cases, FLAGS */
    uint32_t case_count;
    bool has_body;              /* RESOURCE written with `{ ... }` */
    wit_resource_func *funcs;   /* RESOURCE */
    uint32_t func_count;
} wit_typedef;

/* ---- use --------------------------------------------------------------- */

typedef struct wit_use_name {
    wit_ident name;
    wit_ident as;               /* `name as other`; as.name.data NULL if absent */
} wit_use_name;

/* `use path.{a, b as c};` inside an interface or world. */
typedef struct wit_use {
    wit_use_path path;
    wit_use_name *names;
    uint32_t name_count;        /* >= 1 */
} wit_use;

/* ---- interfaces -------------------------------------------------------- */

typedef enum wit_iface_item_kind {
    WIT_IFACE_USE,
    WIT_IFACE_TYPE,
    WIT_IFACE_FUNC,
} wit_iface_item_kind;

typedef struct wit_iface_item {
    wit_iface_item_kind kind;
    wit_docs docs;
    wit_gates gates;
    wit_span span;
    wit_use *use;
    wit_typedef *type;
    wit_func *func;
} wit_iface_item;

/* A named interface, or an inline `import x: interface { ... }` (then `name`
 * is the import's name). */
typedef struct wit_interface {
    wit_docs docs;
    wit_gates gates;
    wit_ident name;
    wit_iface_item *items;
    uint32_t item_count;
    wit_span span;
} wit_interface;

/* ---- worlds ------------------------------------------------------------ */

typedef enum wit_extern_kind {
    WIT_EXTERN_PATH,        /* import use-path;             (name unset) */
    WIT_EXTERN_NAMED_PATH,  /* import name: use-path;                    */
    WIT_EXTERN_FUNC,        /* import name: [async] func(...);           */
    WIT_EXTERN_INTERFACE,   /* import name: interface { ... }            */
} wit_extern_kind;

typedef struct wit_extern {
    wit_extern_kind kind;
    wit_ident name;
    wit_use_path path;      /* PATH, NAMED_PATH */
    wit_func_type func;     /* FUNC */
    wit_interface *iface;   /* INTERFACE */
} wit_extern;

typedef struct wit_include_name {
    wit_ident name;
    wit_ident as;
} wit_include_name;

typedef struct wit_include {
    wit_use_path path;
    wit_include_name *names;    /* from `with { a as b, ... }` */
    uint32_t name_count;
    bool has_with;
} wit_include;

typedef enum wit_world_item_kind {
    WIT_WORLD_IMPORT,
    WIT_WORLD_EXPORT,
    WIT_WORLD_USE,
    WIT_WORLD_TYPE,
    WIT_WORLD_INCLUDE,
} wit_world_item_kind;

typedef struct wit_world_item {
    wit_world_item_kind kind;
    wit_docs docs;
    wit_gates gates;
    wit_span span;
    wit_extern ext;         /* IMPORT, EXPORT */
    wit_use *use;
    wit_typedef *type;
    wit_include *include;
} wit_world_item;

typedef struct wit_world {
    wit_docs docs;
    wit_gates gates;
    wit_ident name;
    wit_world_item *items;
    uint32_t item_count;
    wit_span span;
} wit_world;

/* ---- files and packages ------------------------------------------------- */

/* `use ns:pkg/iface@1.0.0 [as name];` at the top level of a file. */
typedef struct wit_toplevel_use {
    wit_use_path path;
    wit_ident as;
} wit_toplevel_use;

typedef enum wit_top_kind {
    WIT_TOP_INTERFACE,
    WIT_TOP_WORLD,
    WIT_TOP_USE,
    WIT_TOP_PACKAGE,    /* a nested `package a:b { ... }` block */
} wit_top_kind;

typedef struct wit_package_block wit_package_block;

typedef struct wit_top_item {
    wit_top_kind kind;
    wit_docs docs;          /* for INTERFACE and WORLD also on the node */
    wit_gates gates;
    wit_span span;
    wit_interface *iface;
    wit_world *world;
    wit_toplevel_use *use;
    wit_package_block *package;
} wit_top_item;

struct wit_package_block {
    wit_package_name name;
    wit_top_item *items;    /* never WIT_TOP_PACKAGE */
    uint32_t item_count;
    wit_span span;
};

typedef struct wit_ast_file {
    const char *path;       /* as given for messages (arena copy) */
    const char *src;        /* arena copy of the source, NUL-terminated */
    size_t len;
    bool has_package;       /* a leading `package ...;` */
    wit_docs package_docs;
    wit_package_name package;
    wit_top_item *items;    /* source order, nested packages included */
    uint32_t item_count;
} wit_ast_file;

#endif
