/* Component binaries back to WIT: packages in the --wasm form round-trip
 * through the encoder, and the worlds of real components (build/e2e) name
 * the same imports and exports as `jco wit` prints. */
#include "unit.h"
#include "wit_cases.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wit/decode.h"
#include "wit/encode.h"
#include "wit/print.h"
#include "wit/resolve.h"

static void sample_package_round_trip(void **state)
{
    (void)state;
    comp_arena a;
    comp_arena_init(&a);
    wit_resolve *r = unit_resolve_wit(&a, "sample.wit", wit_sample_package, NULL);
    comp_buf b = {0};
    comp_error err = {0};
    assert_true(wit_encode_package(r, r->main_package, &b, &err));

    wit_resolve *d = NULL;
    wit_decoded_kind kind;
    assert_true(wit_decode_binary(b.data, b.len, &a, &d, &kind, &err));
    assert_int_equal(kind, WIT_DECODED_PACKAGE);
    assert_int_equal(d->package_count, 1);
    const wit_rpackage *p = &d->packages[d->main_package];
    assert_true(comp_str_eq_c(p->full_name, "my:pkg@1.0.0"));
    assert_int_equal(p->name.version.major, 1);
    assert_int_equal(p->interface_count, 2);
    assert_int_equal(p->world_count, 1);
    const wit_rinterface *types = &d->interfaces[p->interfaces[0]];
    const wit_rinterface *user = &d->interfaces[p->interfaces[1]];
    assert_true(comp_str_eq_c(types->name, "types") && comp_str_eq_c(user->name, "user"));
    assert_int_equal(types->type_count, 3);
    assert_int_equal(types->func_count, 3);
    assert_int_equal(types->funcs[0].kind, WIT_FUNC_CONSTRUCTOR);
    assert_int_equal(types->funcs[1].kind, WIT_FUNC_METHOD);
    assert_true(comp_str_eq_c(types->funcs[1].item_name, "get"));
    assert_int_equal(d->types[types->types[1]].kind, WIT_DEF_KIND_RESOURCE);
    /* `use types.{point, r}` comes back as aliases marked from_use. */
    assert_int_equal(user->type_count, 2);
    const wit_rtype *point = &d->types[user->types[0]];
    assert_true(point->from_use && point->a.kind == WIT_TREF_ID && point->a.id == types->types[0]);
    assert_int_equal(user->dep_count, 1);
    assert_int_equal(d->interface_order[0], p->interfaces[0]);
    /* The world: implicit import of types, then user; exports run, types. */
    const wit_rworld *w = &d->worlds[p->worlds[0]];
    assert_true(comp_str_eq_c(w->name, "w"));
    assert_int_equal(w->import_count, 2);
    assert_int_equal(w->export_count, 2);
    assert_int_equal(w->exports[0].kind, WIT_ITEM_FUNCTION);
    assert_int_equal(w->exports[1].id, p->interfaces[0]);

    /* Encoding the decoded package gives the same bytes. */
    comp_buf again = {0};
    assert_true(wit_encode_package(d, d->main_package, &again, &err));
    assert_int_equal(again.len, b.len);
    assert_memory_equal(again.data, b.data, b.len);
    comp_buf_free(&again);
    comp_buf_free(&b);
    comp_arena_free(&a);
}

/* Docs and gates travel in the package-docs custom section: the package
 * prints the same from its binary form as from its source. */
static const char docs_wit[] =
    "/// The package.\n"
    "package my:docs@1.2.0;\n"
    "\n"
    "/// An interface.\n"
    "@since(version = 1.0.0)\n"
    "interface api {\n"
    "  /// A record.\n"
    "  @since(version = 1.1.0)\n"
    "  record point {\n"
    "    /// Across, with \"quotes\" and \\ and \t tab.\n"
    "    x: u32,\n"
    "    y: u32,\n"
    "  }\n"
    "\n"
    "  @unstable(feature = fancy)\n"
    "  @deprecated(version = 1.2.0)\n"
    "  enum mode {\n"
    "    /// Fast.\n"
    "    fast,\n"
    "    slow,\n"
    "  }\n"
    "\n"
    "  resource thing {\n"
    "    /// Makes one.\n"
    "    constructor();\n"
    "    /// Gets it.\n"
    "    @since(version = 1.0.1)\n"
    "    get: func() -> point;\n"
    "  }\n"
    "\n"
    "  /// Runs.\n"
    "  ///\n"
    "  ///   indented ünïcode line\n"
    "  @unstable(feature = fancy)\n"
    "  run: func(m: mode) -> bool;\n"
    "}\n"
    "\n"
    "/// A world.\n"
    "@since(version = 1.0.0)\n"
    "world w {\n"
    "  @since(version = 1.0.0)\n"
    "  import api;\n"
    "  /// Logs.\n"
    "  @since(version = 1.0.0)\n"
    "  import log: func(s: string);\n"
    "\n"
    "  /// Exported function.\n"
    "  export go: func();\n"
    "  /// Inline.\n"
    "  @since(version = 1.1.0)\n"
    "  export inline: interface {\n"
    "    /// Inside.\n"
    "    f: func();\n"
    "  }\n"
    "}\n";

static void docs_and_gates_round_trip(void **state)
{
    (void)state;
    comp_arena a;
    comp_arena_init(&a);
    wit_resolve_options opts = {.all_features = true};
    wit_resolve *r = unit_resolve_wit(&a, "docs.wit", docs_wit, &opts);
    comp_buf want = {0}, bin = {0}, got = {0};
    char why[256];
    assert_true(wit_print_package(r, r->main_package, &want, why, sizeof why));
    comp_error err = {0};
    assert_true(wit_encode_package(r, r->main_package, &bin, &err));
    wit_resolve *d = NULL;
    assert_true(wit_decode_binary(bin.data, bin.len, &a, &d, NULL, &err));
    assert_true(wit_print_package(d, d->main_package, &got, why, sizeof why));
    comp_buf_byte(&want, 0);
    comp_buf_byte(&got, 0);
    assert_string_equal((const char *)got.data, (const char *)want.data);
    /* The source text itself is the printer's form. */
    assert_string_equal((const char *)want.data, docs_wit);

    /* A malformed section is an error that names it. */
    comp_component *c;
    assert_true(wit_encode_package_component(r, r->main_package, &a, &c, &err));
    assert_int_equal(c->custom_count, 1);
    static const uint8_t bad[] = "\x01{\"docs\": 5";
    c->customs[0].data = bad;
    c->customs[0].len = sizeof bad - 1;
    assert_false(wit_decode_component(c, &a, &d, NULL, &err));
    assert_non_null(strstr(err.message, "package metadata JSON"));
    static const uint8_t newer[] = "\x02{}";
    c->customs[0].data = newer;
    c->customs[0].len = sizeof newer - 1;
    assert_false(wit_decode_component(c, &a, &d, NULL, &err));
    assert_non_null(strstr(err.message, "package-docs section: expected version 0 or 1"));
    comp_buf_free(&want);
    comp_buf_free(&bin);
    comp_buf_free(&got);
    comp_arena_free(&a);
}

/* Type aliases keep their own identity: `type headers = fields;` and each
 * `use` (of a `use`, renamed or not) come back as aliases of what they
 * name, so the package prints as its source and encodes to the same
 * bytes. */
static const char alias_wit[] =
    "package my:alias@1.0.0;\n"
    "interface base {\n"
    "  resource fields;\n"
    "  type headers = fields;\n"
    "  record point { x: u32 }\n"
    "  get: func(h: borrow<headers>) -> point;\n"
    "}\n"
    "interface middle {\n"
    "  use base.{fields, point as pt};\n"
    "  type handle = fields;\n"
    "  make: func(p: pt) -> handle;\n"
    "}\n"
    "interface top {\n"
    "  use middle.{fields};\n"
    "  take: func(f: fields);\n"
    "}\n"
    "world w {\n"
    "  use base.{point};\n"
    "  type here = point;\n"
    "  import where: func(h: here) -> point;\n"
    "  export top;\n"
    "}\n";

static uint32_t type_named(const wit_resolve *d, const char *iface, const char *name)
{
    uint32_t in = wit_resolve_find_interface(d, d->main_package, iface);
    assert_int_not_equal(in, WIT_NO_ID);
    uint32_t id = wit_resolve_find_type(d, in, name);
    assert_int_not_equal(id, WIT_NO_ID);
    return id;
}

static void aliases_keep_their_identity(void **state)
{
    (void)state;
    comp_arena a;
    comp_arena_init(&a);
    wit_resolve *r = unit_resolve_wit(&a, "alias.wit", alias_wit, NULL), *d = NULL;
    comp_error err = {0};
    comp_buf bin = {0}, again = {0}, want = {0}, got = {0};
    assert_true(wit_encode_package(r, r->main_package, &bin, &err));
    assert_true(wit_decode_binary(bin.data, bin.len, &a, &d, NULL, &err));

    uint32_t fields = type_named(d, "base", "fields"), headers = type_named(d, "base", "headers");
    assert_int_equal(d->types[fields].kind, WIT_DEF_KIND_RESOURCE);
    const wit_rtype *h = &d->types[headers];
    assert_true(h->kind == WIT_DEF_KIND_ALIAS && h->a.kind == WIT_TREF_ID && h->a.id == fields && !h->from_use);
    /* `get` takes borrow<headers>, not borrow<fields>. */
    uint32_t base = wit_resolve_find_interface(d, d->main_package, "base");
    const wit_rfunc *get = &d->interfaces[base].funcs[0];
    assert_true(comp_str_eq_c(get->name, "get"));
    assert_int_equal(d->types[get->params[0].type.id].a.id, headers);

    /* middle: two `use`s (one renamed) and an alias of the used name. */
    uint32_t mf = type_named(d, "middle", "fields"), pt = type_named(d, "middle", "pt");
    uint32_t handle = type_named(d, "middle", "handle");
    assert_true(d->types[mf].from_use && d->types[mf].a.id == fields);
    assert_true(d->types[pt].from_use && comp_str_eq_c(d->types[pt].use_source_name, "point") &&
                d->types[pt].a.id == type_named(d, "base", "point"));
    assert_true(!d->types[handle].from_use && d->types[handle].a.id == mf);
    uint32_t middle = wit_resolve_find_interface(d, d->main_package, "middle");
    const wit_rfunc *make = &d->interfaces[middle].funcs[0];
    assert_int_equal(make->params[0].type.id, pt);
    assert_int_equal(d->types[make->result.id].kind, WIT_DEF_KIND_OWN); /* own<handle> */
    assert_int_equal(d->types[make->result.id].a.id, handle);

    /* top uses middle's `fields`, itself a `use` of base's. */
    uint32_t tf = type_named(d, "top", "fields");
    uint32_t top = wit_resolve_find_interface(d, d->main_package, "top");
    assert_true(d->types[tf].from_use && d->types[tf].a.id == mf);
    assert_int_equal(d->interfaces[top].dep_count, 1);
    assert_int_equal(d->interfaces[top].deps[0], middle);

    /* The world: `use base.{point}` and `here`, an alias of that point. */
    const wit_rworld *w = &d->worlds[d->packages[d->main_package].worlds[0]];
    assert_int_equal(w->type_count, 2);
    const wit_rtype *wp = &d->types[w->types[0]], *here = &d->types[w->types[1]];
    assert_true(comp_str_eq_c(wp->name, "point") && wp->from_use &&
                wp->owner_kind == WIT_OWNER_WORLD);
    assert_true(comp_str_eq_c(here->name, "here") && !here->from_use && here->a.id == w->types[0]);

    char why[256];
    assert_true(wit_print_package(r, r->main_package, &want, why, sizeof why));
    assert_true(wit_print_package(d, d->main_package, &got, why, sizeof why));
    comp_buf_byte(&want, 0);
    comp_buf_byte(&got, 0);
    assert_string_equal((const char *)got.data, (const char *)want.data);
    assert_true(wit_encode_package(d, d->main_package, &again, &err));
    assert_int_equal(again.len, bin.len);
    assert_memory_equal(again.data, bin.data, bin.len);
    comp_buf_free(&bin);
    comp_buf_free(&again);
    comp_buf_free(&want);
    comp_buf_free(&got);
    comp_arena_free(&a);
}

/* A component's world (here the embed form, decoded as a world): its own
 * `use` and alias keep their names, as `jco wit` prints them. */
static void world_aliases_keep_their_identity(void **state)
{
    (void)state;
    comp_arena a;
    comp_arena_init(&a);
    wit_resolve *r = unit_resolve_wit(&a, "alias.wit", alias_wit, NULL), *d = NULL;
    comp_error err = {0};
    comp_buf bin = {0};
    assert_true(wit_encode_world(r, r->packages[r->main_package].worlds[0], &bin, &err));
    assert_true(wit_decode_binary(bin.data, bin.len, &a, &d, NULL, &err));
    const wit_rworld *w = &d->worlds[d->packages[d->main_package].worlds[0]];
    const wit_rworld_item *where = NULL;
    for (uint32_t i = 0; i < w->import_count; i++)
        if (w->imports[i].kind == WIT_ITEM_FUNCTION)
            where = &w->imports[i];
    assert_non_null(where);
    assert_int_equal(w->type_count, 2);
    /* where: func(h: here) -> point, not (h: point) -> point. */
    assert_int_equal(where->func.params[0].type.id, w->types[1]);
    assert_int_equal(where->func.result.id, w->types[0]);
    assert_true(comp_str_eq_c(d->types[w->types[1]].name, "here"));
    comp_buf_free(&bin);
    comp_arena_free(&a);
}

static void bad_input_is_an_error(void **state)
{
    (void)state;
    comp_arena a;
    comp_arena_init(&a);
    wit_resolve *d = NULL;
    comp_error err = {0};
    static const uint8_t junk[] = {0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00, 0x07, 0x05};
    assert_false(wit_decode_binary(junk, sizeof junk, &a, &d, NULL, &err));
    assert_true(err.message[0] != 0);
    comp_arena_free(&a);
}

/* Names and counts of what two interfaces hold agree. */
static bool same_interface(const wit_resolve *x, const wit_rinterface *a, const wit_resolve *y,
                           const wit_rinterface *b)
{
    if (a->type_count != b->type_count || a->func_count != b->func_count ||
        a->name.len != b->name.len || memcmp(a->name.data, b->name.data, a->name.len))
        return false;
    /* Types as a set: the binary defines a type where it is first needed,
     * so `record a { b: b }` before `type b = u64` comes back with b first
     * (as wasm-tools decodes it too). */
    for (uint32_t i = 0; i < a->type_count; i++) {
        const wit_rtype *s = &x->types[a->types[i]];
        bool found = false;
        for (uint32_t k = 0; k < b->type_count && !found; k++) {
            const wit_rtype *t = &y->types[b->types[k]];
            found = s->name.len == t->name.len && !memcmp(s->name.data, t->name.data, s->name.len) &&
                    s->field_count == t->field_count;
        }
        if (!found)
            return false;
    }
    for (uint32_t i = 0; i < a->func_count; i++) {
        bool found = false; /* the encoder lists resource functions first */
        for (uint32_t k = 0; k < b->func_count && !found; k++)
            found = a->funcs[i].name.len == b->funcs[k].name.len &&
                    !memcmp(a->funcs[i].name.data, b->funcs[k].name.data, a->funcs[i].name.len) &&
                    a->funcs[i].param_count == b->funcs[k].param_count &&
                    a->funcs[i].is_async == b->funcs[k].is_async;
        if (!found)
            return false;
    }
    return true;
}

/* The interface of `p` named like `want`, or NULL. */
static const wit_rinterface *interface_named(const wit_resolve *d, const wit_rpackage *p, comp_str want)
{
    for (uint32_t i = 0; i < p->interface_count; i++) {
        const wit_rinterface *in = &d->interfaces[p->interfaces[i]];
        if (in->name.len == want.len && !memcmp(in->name.data, want.data, want.len))
            return in;
    }
    return NULL;
}

/* The package's component without its custom sections, as bytes. */
static bool types_only(const wit_resolve *r, comp_arena *a, comp_buf *out)
{
    comp_component *c;
    comp_error err = {0};
    if (!wit_encode_package_component(r, r->main_package, a, &c, &err))
        return false;
    uint32_t n = 0;
    for (uint32_t i = 0; i < c->section_count; i++)
        if (c->sections[i].id != COMP_CSEC_CUSTOM)
            c->sections[n++] = c->sections[i];
    c->section_count = n;
    return comp_component_encode(c, out, &err);
}

/* Resolves, encodes and decodes the package. The decoded package must hold
 * what the source did, and encode to the same types; `ctx` counts (an
 * unsigned) those whose whole binary (package-docs included) comes back
 * byte for byte. */
static bool round_trips(const char *path, const char *tree, void *ctx)
{
    unsigned *same = ctx;
    const char *deps[] = {tree};
    wit_resolve_options opts = {.dep_dirs = deps, .dep_dir_count = 1};
    comp_arena a;
    comp_arena_init(&a);
    wit_resolve *r = NULL, *d = NULL;
    wit_diag diag = {0};
    comp_error err = {0};
    comp_buf b = {0}, again = {0}, t1 = {0}, t2 = {0};
    bool ok = wit_resolve_path(path, &opts, &a, &r, &diag) &&
              wit_encode_package(r, r->main_package, &b, &err) &&
              wit_decode_binary(b.data, b.len, &a, &d, NULL, &err) &&
              wit_encode_package(d, d->main_package, &again, &err);
    if (!ok) {
        print_error("%s: %s%s\n", path, diag.message, err.message);
    } else {
        const wit_rpackage *p = &r->packages[r->main_package], *q = &d->packages[d->main_package];
        ok = p->full_name.len == q->full_name.len &&
             !memcmp(p->full_name.data, q->full_name.data, p->full_name.len) &&
             p->interface_count == q->interface_count && p->world_count == q->world_count;
        const char *what = "package";
        for (uint32_t i = 0; ok && i < p->interface_count; i++) {
            const wit_rinterface *in = &r->interfaces[p->interfaces[i]];
            const wit_rinterface *out = interface_named(d, q, in->name);
            if (!(ok = out && same_interface(r, in, d, out)))
                what = in->name.data;
        }
        for (uint32_t i = 0; ok && i < p->world_count; i++) {
            const wit_rworld *x = &r->worlds[p->worlds[i]], *y = &d->worlds[q->worlds[i]];
            if (!(ok = x->import_count == y->import_count && x->export_count == y->export_count))
                what = x->name.data;
        }
        if (ok && (!types_only(r, &a, &t1) || !types_only(d, &a, &t2) || t1.len != t2.len ||
                   memcmp(t1.data, t2.data, t1.len))) {
            ok = false;
            what = "re-encoded types";
        }
        if (!ok)
            print_error("%s: decoded package differs from the source at %.20s\n", path, what);
        *same += b.len == again.len && !memcmp(b.data, again.data, b.len);
    }
    comp_buf_free(&b);
    comp_buf_free(&again);
    comp_buf_free(&t1);
    comp_buf_free(&t2);
    comp_arena_free(&a);
    return ok;
}

static void wasi_packages_round_trip(void **state)
{
    (void)state;
    unsigned failed = 0, same = 0;
    unsigned n = wasi_packages(round_trips, &same, &failed);
    if (!n) {
        printf("SKIP wasi_packages_round_trip: ../shared/wit not found\n");
        return;
    }
    assert_int_equal(n, 13);
    assert_int_equal(failed, 0);
    /* All but wasi-0.2.12's http and sockets: their package-docs list an
     * interface's function docs in source order, where freestanding
     * functions come before resource methods, while the binary (and so
     * the decoded model) lists resource functions first, as wasm-tools'
     * decoder gives them too. */
    assert_true(same >= 11);
}

/* The `import X;` / `export X;` lines of jco's output, and of the decoded
 * world, as one text: `import a\nexport b\n...`. */
static char *jco_items(const char *wasm)
{
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "build/npm/node_modules/.bin/jco wit '%s' 2>/dev/null", wasm);
    FILE *f = popen(cmd, "r");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, len = 0;
    char *out = calloc(cap, 1);
    char line[4096];
    while (out && fgets(line, sizeof line, f)) {
        char *s = line;
        while (*s == ' ')
            s++;
        bool imp = !strncmp(s, "import ", 7), exp = !strncmp(s, "export ", 7);
        if (!imp && !exp)
            continue;
        char *end = strpbrk(s + 7, ":;");
        /* `name: func...` keeps only the name; `ns:pkg/iface@v;` all of it. */
        if (end && *end == ':' && !strchr(s + 7, '/'))
            *end = 0;
        else if ((end = strchr(s, ';')))
            *end = 0;
        len += (size_t)snprintf(out + len, cap - len, "%s\n", s);
        if (len >= cap - 1)
            break;
    }
    pclose(f);
    return out;
}

static void decoded_items(const wit_resolve *d, char *out, size_t cap)
{
    size_t len = 0;
    const wit_rworld *w = &d->worlds[d->packages[d->main_package].worlds[0]];
    for (int x = 0; x < 2; x++)
        for (uint32_t i = 0; i < (x ? w->export_count : w->import_count); i++) {
            const wit_rworld_item *it = x ? &w->exports[i] : &w->imports[i];
            comp_str name = it->kind == WIT_ITEM_FUNCTION ? it->func.name : it->name;
            if (it->key_kind == WIT_KEY_INTERFACE) {
                const wit_rinterface *in = &d->interfaces[it->id];
                comp_arena a;
                comp_arena_init(&a);
                comp_str id = wit_encode_item_id(d, in->package, in->name, &a);
                len += (size_t)snprintf(out + len, cap - len, "%s %.*s\n", x ? "export" : "import", (int)id.len, id.data);
                comp_arena_free(&a);
            } else {
                len += (size_t)snprintf(out + len, cap - len, "%s %.*s\n", x ? "export" : "import", (int)name.len, name.data);
            }
            if (len >= cap)
                return;
        }
}

static void e2e_components_match_jco(void **state)
{
    (void)state;
    DIR *dd = opendir("build/e2e");
    FILE *jco = fopen("build/npm/node_modules/.bin/jco", "r");
    if (!dd || !jco) {
        printf("SKIP e2e_components_match_jco: build/e2e or jco missing (run make test)\n");
        if (dd)
            closedir(dd);
        if (jco)
            fclose(jco);
        return;
    }
    fclose(jco);
    unsigned n = 0, failed = 0;
    struct dirent *e;
    while ((e = readdir(dd))) {
        size_t l = strlen(e->d_name);
        if (l < 15 || strcmp(e->d_name + l - 15, ".component.wasm"))
            continue;
        char path[1024];
        snprintf(path, sizeof path, "build/e2e/%s", e->d_name);
        size_t len;
        unsigned char *bytes = unit_read_file(path, &len);
        comp_arena a;
        comp_arena_init(&a);
        wit_resolve *d = NULL;
        wit_decoded_kind kind;
        comp_error err = {0};
        char *want = jco_items(path);
        char got[1 << 16] = {0};
        n++;
        if (!bytes || !want || !wit_decode_binary(bytes, len, &a, &d, &kind, &err)) {
            print_error("%s: %s\n", path, err.message);
            failed++;
        } else {
            decoded_items(d, got, sizeof got);
            if (kind != WIT_DECODED_COMPONENT || strcmp(got, want)) {
                print_error("%s: decoded\n%sjco\n%s", path, got, want);
                failed++;
            }
        }
        free(want);
        free(bytes);
        comp_arena_free(&a);
    }
    closedir(dd);
    if (!n)
        printf("SKIP e2e_components_match_jco: no build/e2e/*.component.wasm\n");
    assert_int_equal(failed, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sample_package_round_trip),
        cmocka_unit_test(docs_and_gates_round_trip),
        cmocka_unit_test(aliases_keep_their_identity),
        cmocka_unit_test(world_aliases_keep_their_identity),
        cmocka_unit_test(bad_input_is_an_error),
        cmocka_unit_test(wasi_packages_round_trip),
        cmocka_unit_test(e2e_components_match_jco),
    };
    return unit_run("wit_decode", tests);
}
