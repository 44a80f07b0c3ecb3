#ifndef WIT_RESOLVE_INTERNAL_H
#define WIT_RESOLVE_INTERNAL_H

/* Private state shared by the resolve*.c files. The resolver works in
 * stages: load files (resolve_load.c), group them into packages and order
 * the packages (resolve_packages.c), then per package: interfaces
 * (resolve_iface.c, with types in resolve_types.c and checks over the type
 * graph in resolve_check.c), worlds (resolve_world.c); gates are judged in
 * resolve_gates.c. Every stage returns false after recording the first
 * error in c->err. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "comp/arena.h"
#include "wit/resolve.h"

typedef struct ctx ctx;

/* The interface and world names of a package; `disabled` holds the names
 * of items left out by feature gates, for clearer errors. */
typedef struct pkg_names {
    struct name_map *items, *disabled;
} pkg_names;

/* ---- growable arrays in the arena ----------------------------------------- */

/* Doubling; old storage is left behind in the arena. Pointers into `data`
 * are invalidated by the next push: hold ids, not pointers, across pushes. */
typedef comp_vec rvec;

/* ---- a map from names to ids (open addressing, arena-backed) -------------- */

typedef struct name_slot {
    comp_str key;               /* data NULL: empty */
    uint32_t value;
    uint32_t tag;               /* caller-defined (what kind of thing) */
} name_slot;

typedef struct name_map {
    name_slot *slots;
    uint32_t cap, count;
} name_map;

/* The slot whose key equals `key` ignoring ASCII case, or NULL. */
name_slot *map_find(const name_map *m, comp_str key);
/* Inserts; if a key equal ignoring case exists, returns it in *existing and
 * inserts nothing. NULL on allocation failure. */
name_slot *map_insert(ctx *c, name_map *m, comp_str key, uint32_t value,
                      uint32_t tag, bool *existing);

/* ---- the resolver's state -------------------------------------------------- */

/* One source file and the group it came from (0: root package). */
typedef struct src_file {
    uint32_t group;
} src_file;

/* A top-level item and the file it is in. */
typedef struct unit_item {
    uint32_t file;
    const wit_top_item *item;
} unit_item;

/* A reference from one item to another (a package, interface or world),
 * with where it is written. */
typedef struct dep_ref {
    uint32_t target;
    uint32_t file;
    wit_span span;
} dep_ref;

/* A package before it is resolved: the items of all its files. */
typedef struct unit {
    wit_package_name name;
    bool named;
    comp_str full_name;
    uint32_t group;             /* UINT32_MAX for nested package blocks */
    uint32_t decl_file;
    wit_docs docs;
    rvec items;                 /* unit_item */
    rvec deps;                  /* dep_ref: units it refers to */
    uint32_t package;           /* package id once resolved */
    /* A second definition of a package (allowed when its contents are the
     * same): the unit it repeats, else WIT_NO_ID; where its name is. */
    uint32_t duplicate_of;
    uint32_t dup_file;
    wit_span dup_span;
} unit;

enum name_tag {
    TAG_TYPE = 1,
    TAG_FUNC,
    TAG_INTERFACE,
    TAG_WORLD,
    TAG_DISABLED,               /* left out by a feature gate; value unused */
};

struct ctx {
    comp_arena *arena;
    wit_diag *err;
    const wit_resolve_options *opts;

    rvec files;                 /* wit_rfile */
    rvec file_groups;           /* src_file, parallel to files */
    rvec units;                 /* unit */
    name_map units_by_name;     /* full name -> unit */

    rvec packages;              /* wit_rpackage */
    rvec pkg_names;             /* pkg_names, parallel to packages */
    name_map units_compat;      /* "ns:name@compat-prefix" -> newest unit */
    rvec interfaces;            /* wit_rinterface */
    rvec iface_scopes;          /* name_map, parallel to interfaces */
    rvec interface_order;       /* uint32_t */
    rvec worlds;                /* wit_rworld */
    rvec types;                 /* wit_rtype */
    rvec type_marks;            /* uint8_t, parallel to types (resolve_check.c) */

    uint32_t main_unit;
    uint32_t group_count;       /* groups handed out (0: root package) */
    bool root_is_dir;
    unsigned long long root_dev, root_ino;
};

#define FILES(c) ((wit_rfile *)(c)->files.data)
#define UNITS(c) ((unit *)(c)->units.data)
#define PKGS(c) ((wit_rpackage *)(c)->packages.data)
#define IFACES(c) ((wit_rinterface *)(c)->interfaces.data)
#define SCOPES(c) ((name_map *)(c)->iface_scopes.data)
#define WORLDS(c) ((wit_rworld *)(c)->worlds.data)
#define TYPES(c) ((wit_rtype *)(c)->types.data)

void *rvec_push(ctx *c, rvec *v, size_t elem);
/* Copies the array out to exactly `count` elements (NULL if empty). */
void *rvec_finish(ctx *c, const rvec *v, size_t elem);

/* Records an error at `span` of file `file`; always returns false. */
bool fail(ctx *c, uint32_t file, wit_span span, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
bool resolve_oom(ctx *c);

/* Printable `%.*s` arguments for a comp_str. */
#define STR(s) (int)(s).len, (s).data

comp_str str_dup(ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The stack of an iterative depth-first walk (heap-owned: free `data`).
 * Each frame is a node and the next of its children to visit. */
typedef struct walk_frame {
    uint32_t id, next;
} walk_frame;
typedef struct walk_stack {
    walk_frame *data;
    uint32_t count, cap;
} walk_stack;

/* Pushes a frame for `id`; false (out of memory reported) on failure. */
bool walk_push(ctx *c, walk_stack *st, uint32_t id);

/* ---- stages ---------------------------------------------------------------- */

/* resolve_load.c: reads `path` (file or directory with deps/) into files. */
bool load_path(ctx *c, const char *path);
/* Adds one in-memory source and parses it. */
bool load_source(ctx *c, const char *path, const char *src, size_t len, uint32_t group);

/* resolve_packages.c: groups files into units, orders them, and resolves
 * each unit into a package. */
bool resolve_units(ctx *c);
/* Full name of a package name ("ns:name/nested@version"). */
comp_str package_full_name(ctx *c, const wit_package_name *n);

/* Where names resolve while resolving one package: the package's items and
 * the file's top-level `use` names. */
typedef struct pkg_env {
    uint32_t unit;
    uint32_t package;
    name_map *items;            /* interface/world name -> id (tag says which) */
    name_map *disabled;
    name_map *file_uses;        /* per file: top-level use name -> interface */
    uint32_t file_base;         /* first file index covered by file_uses */
    uint32_t file_count;
} pkg_env;

/* Resolves a use-path to an interface id (or a world id if `want_world`),
 * as seen from file `file` of the package in `env`. */
bool lookup_path(ctx *c, const pkg_env *env, uint32_t file, const wit_use_path *p,
                 bool want_world, uint32_t *out);
/* Appends to `deps` (dep_ref) a reference from `file` at `span` to `target`. */
bool push_dep(ctx *c, rvec *deps, uint32_t target, uint32_t file, wit_span span);
/* lookup_path, then push_dep of what it found. */
bool push_path_dep(ctx *c, const pkg_env *env, uint32_t file, const wit_use_path *p,
                   bool want_world, rvec *deps);

/* Orders nodes 0..n-1 so each comes after its deps (deps[i]: rvec of
 * dep_ref whose targets are node numbers). On a cycle returns false with
 * *cycle_node and *cycle_ref naming a reference that closes it; c->err is
 * set only when out of memory (then *cycle_ref is NULL). */
bool topo_order(ctx *c, uint32_t n, const rvec *deps, uint32_t *order,
                uint32_t *cycle_node, const dep_ref **cycle_ref);

/* resolve_iface.c: resolves a package interface or an inline world
 * interface whose id was already allocated. */
bool resolve_interface(ctx *c, const pkg_env *env, uint32_t file, uint32_t iface_id,
                       const wit_interface *ast);
/* The interfaces an interface's `use` items name (for ordering). */
bool interface_use_targets(ctx *c, const pkg_env *env, uint32_t file,
                           const wit_interface *ast, rvec *out /* dep_ref */);

/* resolve_types.c: type references and definitions inside one scope (an
 * interface or a world). `item_st` and `item_name` describe the item being
 * resolved, for the gate check of what it refers to. */
typedef struct type_scope {
    uint32_t file;
    uint32_t unit;
    uint32_t package;
    name_map *names;            /* TAG_TYPE -> type id, TAG_FUNC -> index */
    wit_owner_kind owner_kind;
    uint32_t owner;
    comp_str owner_name;
    rvec *owned;                /* uint32_t: the owner's named types */
    wit_stability owner_st;
    wit_stability item_st;
    comp_str item_name;
} type_scope;

uint32_t new_type(ctx *c, wit_def_kind kind, uint32_t file, wit_span span);
/* Declares the named type of a typedef (kind known, contents later). */
bool declare_typedef(ctx *c, type_scope *s, const wit_typedef *td, const wit_docs *docs,
                     const wit_stability *st, wit_span span, uint32_t *out);
/* Resolves `use path.{names}` into alias types in scope `s`; *target is the
 * used interface. */
bool resolve_use(ctx *c, const pkg_env *env, type_scope *s, const wit_use *u,
                 const wit_stability *st, const wit_docs *docs, wit_span span,
                 uint32_t *target);
/* Fills the target of a bare-name alias (`type a = b;`). */
bool resolve_alias_name(ctx *c, type_scope *s, const wit_typedef *td, uint32_t id);
/* Fills the contents of a declared typedef. */
bool define_typedef(ctx *c, type_scope *s, const wit_typedef *td, uint32_t id);
/* Resolves a type expression. */
bool resolve_tref(ctx *c, type_scope *s, const wit_type *t, wit_tref *out);
/* Builds a function (free, method, static or constructor). */
bool resolve_func(ctx *c, type_scope *s, const wit_func_type *ft, wit_ident item_name,
                  wit_func_kind kind, uint32_t resource, const wit_docs *docs,
                  const wit_stability *st, wit_span span, wit_rfunc *out);
/* A resource's functions, appended to `funcs` (wit_rfunc). */
bool resolve_resource_funcs(ctx *c, type_scope *s, const wit_typedef *td, uint32_t id,
                            rvec *funcs);
/* Package of the owner of a named type (WIT_NO_ID if anonymous). */
uint32_t type_package(ctx *c, uint32_t id);

/* resolve_check.c: over the type graph of one scope. */
/* No named type of the scope contains itself; borrow handles nowhere in
 * function results. */
bool check_type_cycles(ctx *c, const type_scope *s);
bool check_no_borrow(ctx *c, const wit_rfunc *f);
/* Follows aliases; WIT_NO_ID if they loop. */
uint32_t deref_type(ctx *c, uint32_t id);

/* resolve_world.c */
bool resolve_world(ctx *c, const pkg_env *env, uint32_t file, uint32_t world_id,
                   const wit_world *ast);
bool world_include_targets(ctx *c, const pkg_env *env, uint32_t file,
                           const wit_world *ast, rvec *out /* dep_ref */);

/* resolve_gates.c */
/* Converts and checks an item's gates (valid combinations, the package has
 * a version); *enabled is false if a feature gate leaves the item out. */
bool read_gates(ctx *c, uint32_t file, const wit_gates *g, uint32_t package_unit,
                wit_stability *out, bool *enabled);
/* An item inside (or referring to) a gated item must be gated compatibly;
 * an item without a gate inside a gated one takes that gate. */
bool check_gate_within(ctx *c, uint32_t file, wit_span span, const wit_stability *inner,
                       comp_str inner_name, const wit_stability *outer, comp_str outer_name,
                       bool refers);
bool item_enabled(ctx *c, const wit_gates *g);
/* The gate that applies to an item: its own, or else its container's. */
wit_stability effective_gate(const wit_stability *own, const wit_stability *container);
/* The gate that applies to a named type. */
wit_stability type_gate(ctx *c, uint32_t id);

#endif
