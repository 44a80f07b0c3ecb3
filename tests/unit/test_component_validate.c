/* The component validator on hand-assembled components: each invalid case
 * checks that validation fails for the stated reason (the message), each
 * valid case that the rule does not over-reach. */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "comp/component.h"
#include "comp/wat.h"

/* ---- a tiny component assembler ------------------------------------------ */

typedef struct bld {
    uint8_t d[4096];
    size_t n;
} bld;

static void b_raw(bld *b, const void *p, size_t n)
{
    assert_true(b->n + n <= sizeof b->d);
    memcpy(b->d + b->n, p, n);
    b->n += n;
}

static void b_u32(bld *b, uint32_t v)
{
    do {
        uint8_t byte = v & 0x7f;
        v >>= 7;
        if (v)
            byte |= 0x80;
        b_raw(b, &byte, 1);
    } while (v);
}

static void b_component(bld *b) { b_raw(b, "\0asm\x0d\0\x01\0", 8); }
/* Starts a new component in `b`. */
static void b_restart(bld *b)
{
    b->n = 0;
    b_component(b);
}
static void b_module(bld *b) { b_raw(b, "\0asm\x01\0\0\0", 8); }

static void b_sec_n(bld *b, uint8_t id, const void *content, size_t n)
{
    b_raw(b, &id, 1);
    b_u32(b, (uint32_t)n);
    b_raw(b, content, n);
}
#define SEC(b, id, lit) b_sec_n(b, id, lit, sizeof(lit) - 1)

static void b_sec_bld(bld *b, uint8_t id, const bld *inner) { b_sec_n(b, id, inner->d, inner->n); }

/* Decodes and validates; returns NULL when valid, else the message. */
static const char *check(const bld *b)
{
    static comp_error err;
    comp_arena a;
    comp_arena_init(&a);
    comp_component *c = NULL;
    memset(&err, 0, sizeof err);
    bool decoded = comp_component_decode(b->d, b->n, &a, &c, &err);
    if (!decoded)
        fprintf(stderr, "decode failed: %s at %zu\n", err.message, err.offset);
    assert_true(decoded);
    bool ok = comp_component_validate(c, COMP_FEATURES_DEFAULT, &err);
    comp_arena_free(&a);
    return ok ? NULL : err.message;
}

static void expect_valid(const bld *b)
{
    const char *msg = check(b);
    if (msg)
        fprintf(stderr, "unexpected error: %s\n", msg);
    assert_null(msg);
}

static void expect_invalid(const bld *b, const char *want)
{
    const char *msg = check(b);
    assert_non_null(msg);
    if (!strstr(msg, want))
        fprintf(stderr, "message \"%s\" lacks \"%s\"\n", msg, want);
    assert_non_null(strstr(msg, want));
}

/* A component of the one section `id` holding `content`: valid when `want`
 * is NULL, else invalid for that reason. */
static void one_section(uint8_t id, const char *content, size_t n, const char *want)
{
    bld b;
    b_restart(&b);
    b_sec_n(&b, id, content, n);
    if (want)
        expect_invalid(&b, want);
    else
        expect_valid(&b);
}
#define ONE_SECTION_INVALID(id, lit, want) one_section(id, lit, sizeof(lit) - 1, want)
#define ONE_SECTION_VALID(id, lit) one_section(id, lit, sizeof(lit) - 1, NULL)

/* ---- the same from component text -------------------------------------------- */

/* Parses and validates component text; NULL when valid, else the message. */
static const char *check_wat(const char *text)
{
    static comp_error err;
    comp_arena a;
    comp_arena_init(&a);
    comp_component *c = NULL;
    memset(&err, 0, sizeof err);
    bool parsed = comp_wat_parse_component(text, strlen(text), &a, &c, &err);
    if (!parsed)
        fprintf(stderr, "parse failed: %s\n", err.message);
    assert_true(parsed);
    bool ok = comp_component_validate(c, COMP_FEATURES_DEFAULT, &err);
    comp_arena_free(&a);
    return ok ? NULL : err.message;
}

static void wat_valid(const char *text)
{
    const char *msg = check_wat(text);
    if (msg)
        fprintf(stderr, "unexpected error: %s\nin: %s\n", msg, text);
    assert_null(msg);
}

static void wat_invalid(const char *text, const char *want)
{
    const char *msg = check_wat(text);
    if (!msg)
        fprintf(stderr, "accepted, expected \"%s\": %s\n", want, text);
    assert_non_null(msg);
    if (!strstr(msg, want))
        fprintf(stderr, "message \"%s\" lacks \"%s\"\n", msg, want);
    assert_non_null(strstr(msg, want));
}

/* A module exporting "f" of type (params) -> (results), empty body. */
static void module_with_f(bld *m, const char *params, const char *results)
{
    size_t np = strlen(params), nr = strlen(results);
    b_module(m);
    bld t = {.n = 0};
    b_raw(&t, "\x01\x60", 2);
    b_u32(&t, (uint32_t)np);
    b_raw(&t, params, np);
    b_u32(&t, (uint32_t)nr);
    b_raw(&t, results, nr);
    b_sec_bld(m, 1, &t);
    SEC(m, 3, "\x01\x00");
    SEC(m, 7, "\x01\x01" "f" "\x00\x00");
    /* A body that produces the results: unreachable. */
    SEC(m, 10, "\x01\x03\x00\x00\x0b"); /* no locals, unreachable, end */
}

/* Component prefix: core module with "f", its instance, and core func 0
 * aliased from it. */
static void core_f(bld *b, const char *params, const char *results)
{
    bld m = {.n = 0};
    module_with_f(&m, params, results);
    b_sec_bld(b, 1, &m);
    SEC(b, 2, "\x01\x00\x00\x00");
    SEC(b, 6, "\x01\x00\x00\x01\x00\x01" "f");
}

/* ---- basics ----------------------------------------------------------------- */

static void empty_component(void **state)
{
    (void)state;
    bld b;
    b_restart(&b);
    expect_valid(&b);
}

static void import_func(void **state)
{
    (void)state;
    bld b;
    b_restart(&b);
    SEC(&b, 7, "\x01\x40\x00\x01\x00");
    SEC(&b, 10, "\x01\x00\x01" "f" "\x01\x00");
    expect_valid(&b);
}

static void import_type_index_checked(void **state)
{
    (void)state;
    bld b;
    ONE_SECTION_INVALID(10, "\x01\x00\x01" "f" "\x01\x00", "type index out of bounds");
    b_restart(&b);
    SEC(&b, 7, "\x01\x73"); /* string */
    SEC(&b, 10, "\x01\x00\x01" "f" "\x01\x00");
    expect_invalid(&b, "type index 0 is not a function type");
}

/* ---- names ------------------------------------------------------------------- */

static void import_name(const char *name, bld *b)
{
    b->n = 0;
    b_component(b);
    SEC(b, 7, "\x01\x40\x00\x01\x00");
    bld s = {.n = 0};
    b_raw(&s, "\x01\x00", 2);
    b_u32(&s, (uint32_t)strlen(name));
    b_raw(&s, name, strlen(name));
    b_raw(&s, "\x01\x00", 2);
    b_sec_bld(b, 10, &s);
}

static void kebab_names(void **state)
{
    (void)state;
    bld b;
    static const char *const good[] = {"a", "a-b-c", "a1-2-3", "A", "A-B-C", "a11-w0rds",
                                       "m1x3d-4CR0NYMS", "wasi:http/types", "wasi:cli/run@0.2.0",
                                       "a:b/c@0.0.0-abcd.1.2+efg.4.ee.5", "[constructor]a-b"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        import_name(good[i], &b);
        const char *msg = check(&b);
        if (msg && strstr(msg, "should return"))
            msg = NULL; /* [constructor] then fails on the type, not the name */
        if (msg)
            fprintf(stderr, "%s: %s\n", good[i], msg);
        assert_null(msg);
    }
    import_name("Foo", &b);
    expect_invalid(&b, "is not a valid extern name");
    import_name("", &b);
    expect_invalid(&b, "is not a valid extern name");
    import_name("1-2-3", &b);
    expect_invalid(&b, "`1-2-3` is not in kebab case");
    import_name("a--b", &b);
    expect_invalid(&b, "is not in kebab case");
    import_name("wasi:HtTp/types", &b);
    expect_invalid(&b, "`HtTp` is not in kebab case");
    import_name("foo:bar:baz/qux", &b);
    expect_invalid(&b, "expected `/` after package name");
    import_name("foo:bar/baz/qux", &b);
    expect_invalid(&b, "trailing characters found: `/qux`");
    import_name("a:b/c@", &b);
    expect_invalid(&b, "empty string");
    import_name("a:b/c@1.", &b);
    expect_invalid(&b, "unexpected end of input");
    import_name("a:b/c@2.0x0", &b);
    expect_invalid(&b, "unexpected character 'x'");
    import_name("a:b/c@2.0.0+", &b);
    expect_invalid(&b, "empty identifier segment");
    import_name("[method]a", &b);
    expect_invalid(&b, "failed to find `.` character");
    import_name("[static]a.b", &b);
    expect_invalid(&b, "static resource name is not known in this context");
}

static void strongly_unique_imports(void **state)
{
    (void)state;
    bld b;
    b_restart(&b);
    SEC(&b, 7, "\x01\x40\x00\x01\x00");
    SEC(&b, 10, "\x02\x00\x01" "a" "\x01\x00" "\x00\x01" "A" "\x01\x00");
    expect_invalid(&b, "import name `A` conflicts with previous name `a`");
    /* `[method]a.a` canonicalizes to `a`. */
    b_restart(&b);
    SEC(&b, 10, "\x01\x00\x01" "a" "\x03\x01");
    SEC(&b, 7, "\x02\x68\x00\x40\x01\x04self\x01\x01\x00");
    SEC(&b, 10, "\x01\x00\x0b[method]a.a\x01\x02");
    expect_invalid(&b, "import name `[method]a.a` conflicts with previous name `a`");
    /* `[constructor]a` does not conflict with `a`. */
    b_restart(&b);
    SEC(&b, 10, "\x01\x00\x01" "a" "\x03\x01");
    SEC(&b, 7, "\x02\x69\x00\x40\x00\x00\x01");
    SEC(&b, 10, "\x01\x00\x0e[constructor]a\x01\x02");
    expect_valid(&b);
}

static void attributes(void **state)
{
    (void)state;
    bld b;
    b_restart(&b);
    SEC(&b, 7, "\x01\x42\x00");
    SEC(&b, 10, "\x01\x02\x01i\x02\x00\x05" "a:b/x" "\x00\x05" "a:b/y" "\x05\x00");
    expect_invalid(&b, "duplicate 'implements' option in name");
    b_restart(&b);
    SEC(&b, 7, "\x01\x42\x00");
    SEC(&b, 10, "\x01\x02\x01i\x01\x00\x09not-valid\x05\x00");
    expect_invalid(&b, "must be an interface");
    b_restart(&b);
    SEC(&b, 7, "\x01\x40\x00\x01\x00");
    SEC(&b, 10, "\x01\x02\x01i\x01\x00\x05" "a:b/x" "\x01\x00");
    expect_invalid(&b, "only instances can have an `implements`");
    b_restart(&b);
    SEC(&b, 7, "\x01\x42\x00");
    SEC(&b, 10, "\x01\x02\x01i\x02\x00\x05" "a:b/x" "\x02\x02id\x05\x00");
    expect_valid(&b);
}

/* ---- defined types ---------------------------------------------------------- */

static void type_rules(void **state)
{
    (void)state;
    bld b;
    ONE_SECTION_INVALID(7, "\x01\x72\x00", "record type must have at least one field");
    ONE_SECTION_INVALID(7, "\x01\x72\x02\x01x\x79\x01X\x79",
                        "record field name `X` conflicts with previous field name `x`");
    ONE_SECTION_INVALID(7, "\x01\x72\x01\x02xY\x79", "record field name `xY` is not in kebab case");
    b_restart(&b);
    bld f = {.n = 0};
    b_raw(&f, "\x01\x6e\x21", 3);
    for (int i = 0; i < 33; i++) {
        char l[3] = {2, (char)('a' + i / 26), (char)('a' + i % 26)};
        b_raw(&f, l, 3);
    }
    b_sec_bld(&b, 7, &f);
    expect_invalid(&b, "cannot have more than 32 flags");
    ONE_SECTION_INVALID(7, "\x01\x69\x00", "type index out of bounds");
    ONE_SECTION_INVALID(7, "\x02\x73\x69\x00", "type index 0 is not a resource type");
    ONE_SECTION_INVALID(7, "\x01\x66\x01\x74", "`stream<char>` is not valid");
    ONE_SECTION_INVALID(7, "\x01\x67\x79\x00", "length greater than 0");
    /* list<u8, 2^27> of u64 is 2^30 bytes: too big. */
    ONE_SECTION_INVALID(7, "\x01\x67\x77\x80\x80\x80\x40", "exceeds maximum byte size");
    ONE_SECTION_INVALID(7, "\x01\x63\x05\x79", "index out of bounds");
    ONE_SECTION_INVALID(7, "\x02\x6b\x79\x63\x00\x79", "map key type");
    ONE_SECTION_VALID(7, "\x02\x6b\x79\x63\x73\x00");
}

static void resources_and_borrows(void **state)
{
    (void)state;
    bld b;
    b_restart(&b);
    /* resource, borrow of it, func returning the borrow */
    SEC(&b, 7, "\x03\x3f\x7f\x00\x68\x00\x40\x00\x00\x01");
    expect_invalid(&b, "function result cannot contain a `borrow` type");
    ONE_SECTION_INVALID(7, "\x01\x42\x01\x01\x3f\x7f\x00",
                        "resources can only be defined within a concrete component");
    ONE_SECTION_INVALID(7, "\x01\x3f\x7e\x00", "represented by `i32`");
    b_restart(&b);
    SEC(&b, 7, "\x01\x3f\x7f\x00");
    SEC(&b, 7, "\x01\x66\x01\x00");
    expect_invalid(&b, "type index 0 is not a defined type");
    ONE_SECTION_VALID(7, "\x03\x3f\x7f\x00\x69\x00\x66\x01\x01");
    /* A destructor must be [i32] -> []. */
    b_restart(&b);
    core_f(&b, "", "");
    SEC(&b, 7, "\x01\x3f\x7f\x01\x00");
    expect_invalid(&b, "wrong signature for a destructor");
    b_restart(&b);
    core_f(&b, "\x7f", "");
    SEC(&b, 7, "\x01\x3f\x7f\x01\x00");
    expect_valid(&b);
}

static void constructor_rules(void **state)
{
    (void)state;
    bld b;
    b_restart(&b);
    /* import "a" (type (sub resource)); type own 0; func -> own; import [constructor]a */
    SEC(&b, 10, "\x01\x00\x01" "a" "\x03\x01");
    SEC(&b, 7, "\x02\x69\x00\x40\x00\x00\x01");
    SEC(&b, 10, "\x01\x00\x0e[constructor]a\x01\x02");
    expect_valid(&b);
    b_restart(&b);
    SEC(&b, 10, "\x01\x00\x01" "b" "\x03\x01");
    SEC(&b, 7, "\x02\x69\x00\x40\x00\x00\x01");
    SEC(&b, 10, "\x01\x00\x0e[constructor]a\x01\x02");
    expect_invalid(&b, "function does not match expected resource name `b`");
    b_restart(&b);
    SEC(&b, 10, "\x01\x00\x01" "a" "\x03\x01");
    SEC(&b, 7, "\x01\x40\x00\x00\x73");
    SEC(&b, 10, "\x01\x00\x0e[constructor]a\x01\x01");
    expect_invalid(&b, "function should return `(own $T)` or `(result (own $T))`");
}

/* ---- aliases ------------------------------------------------------------------ */

static void outer_aliases(void **state)
{
    (void)state;
    bld b;
    ONE_SECTION_INVALID(6, "\x01\x03\x02\x01\x00", "invalid outer alias count of 1");
    /* outer alias of a string type into a nested component is fine; of a
     * resource type it is not. */
    bld inner = {.n = 0};
    b_component(&inner);
    SEC(&inner, 6, "\x01\x03\x02\x01\x00");
    b_restart(&b);
    SEC(&b, 7, "\x01\x73");
    b_sec_bld(&b, 4, &inner);
    expect_valid(&b);
    b_restart(&b);
    SEC(&b, 7, "\x01\x3f\x7f\x00");
    b_sec_bld(&b, 4, &inner);
    expect_invalid(&b, "transitively refers to resources");
    /* ...but a type declaration may alias it (no component boundary). */
    b_restart(&b);
    SEC(&b, 7, "\x01\x3f\x7f\x00");
    SEC(&b, 7, "\x01\x41\x01\x02\x03\x02\x01\x00");
    expect_valid(&b);
}

/* Across a component boundary a type may be aliased when the only resources
 * it mentions are ones its own declarations introduce (Binary.md: outer
 * aliases); resources of an enclosing component are free and forbidden. */
static void outer_alias_bound_resources(void **state)
{
    (void)state;
    wat_valid("(component"
              "  (type $t (instance"
              "    (export \"r\" (type (sub resource)))"
              "    (export \"f\" (func (param \"x\" (own 0))))))"
              "  (component"
              "    (alias outer 1 $t (type $u))"
              "    (import \"i\" (instance (type $u)))))");
    /* A component type binds its imported and exported resources, and those
     * of the instances it imports. */
    wat_valid("(component"
              "  (type $c (component"
              "    (import \"r\" (type $r (sub resource)))"
              "    (import \"j\" (instance $j (export \"s\" (type (sub resource)))))"
              "    (alias export $j \"s\" (type $s))"
              "    (export \"f\" (func (param \"x\" (borrow $r)) (result (own $s))))))"
              "  (component (alias outer 1 $c (type))))");
    /* A resource imported by the outer component is free in the type. */
    wat_invalid("(component"
                "  (import \"r\" (type $r (sub resource)))"
                "  (type $t (instance"
                "    (alias outer 1 $r (type))"
                "    (export \"f\" (func (param \"x\" (own 0))))))"
                "  (component (alias outer 1 $t (type))))",
                "transitively refers to resources");
    /* A defined one too, even next to the type's own resources. */
    wat_invalid("(component"
                "  (type $r (resource (rep i32)))"
                "  (type $t (instance"
                "    (export \"s\" (type (sub resource)))"
                "    (alias outer 1 $r (type))"
                "    (export \"f\" (func (param \"x\" (own 0)) (param \"y\" (borrow 1))))))"
                "  (component (alias outer 1 $t (type))))",
                "transitively refers to resources");
    /* A type nested in the aliased one may use the enclosing type's
     * resources: the aliased type as a whole still binds them. */
    wat_valid("(component"
              "  (type $c (component"
              "    (import \"r\" (type (sub resource)))"
              "    (type $t (instance (alias outer 1 0 (type))"
              "                       (export \"f\" (func (param \"x\" (own 0))))))"
              "    (export \"i\" (instance (type $t)))))"
              "  (component (alias outer 1 $c (type))))");
    /* The nested type alone does not: once a component instance supplies
     * the resource, the type exported from it refers to that component's. */
    wat_invalid("(component"
                "  (type $c (component"
                "    (import \"r\" (type (sub resource)))"
                "    (type $t (instance (alias outer 1 0 (type))"
                "                       (export \"f\" (func (param \"x\" (own 0))))))"
                "    (export \"t\" (type (eq $t)))))"
                "  (import \"c\" (component $c' (type $c)))"
                "  (import \"r\" (type $r (sub resource)))"
                "  (instance $i (instantiate $c' (with \"r\" (type $r))))"
                "  (alias export $i \"t\" (type $t'))"
                "  (component (alias outer 1 $t' (type))))",
                "transitively refers to resources");
}

static void export_aliases(void **state)
{
    (void)state;
    bld b;
    b_restart(&b);
    core_f(&b, "", "");
    SEC(&b, 6, "\x01\x00\x00\x01\x00\x01g");
    expect_invalid(&b, "core instance 0 has no export named `g`");
    b_restart(&b);
    core_f(&b, "", "");
    SEC(&b, 6, "\x01\x00\x02\x01\x00\x01" "f");
    expect_invalid(&b, "export `f` for core instance 0 is not a memory");
    b_restart(&b);
    SEC(&b, 7, "\x01\x42\x00");
    SEC(&b, 10, "\x01\x00\x01i\x05\x00");
    SEC(&b, 6, "\x01\x01\x00\x00\x01t");
    expect_invalid(&b, "instance 0 has no export named `t`");
}

/* ---- core instantiation ------------------------------------------------------- */

/* A module importing "m" "g" as a func of type (params) -> (). */
static void module_importing(bld *m, const char *params)
{
    b_module(m);
    bld t = {.n = 0};
    b_raw(&t, "\x01\x60", 2);
    b_u32(&t, (uint32_t)strlen(params));
    b_raw(&t, params, strlen(params));
    b_raw(&t, "\x00", 1);
    b_sec_bld(m, 1, &t);
    SEC(m, 2, "\x01\x01m\x01g\x00\x00");
}

static void core_instantiation(void **state)
{
    (void)state;
    bld m0 = {.n = 0}, m1 = {.n = 0}, b = {.n = 0};
    module_with_f(&m0, "", "");
    module_importing(&m1, "");
    b_component(&b);
    b_sec_bld(&b, 1, &m0);
    b_sec_bld(&b, 1, &m1);
    SEC(&b, 2, "\x01\x00\x00\x00");
    SEC(&b, 2, "\x01\x00\x01\x00");
    expect_invalid(&b, "missing module instantiation argument named `m`");

    b_restart(&b);
    b_sec_bld(&b, 1, &m0);
    b_sec_bld(&b, 1, &m1);
    SEC(&b, 2, "\x01\x00\x00\x00");
    SEC(&b, 2, "\x01\x00\x01\x01\x01m\x12\x00");
    expect_invalid(&b, "does not export an item named `g`");

    /* Rename f to g with an inline-export instance: valid. */
    b_restart(&b);
    b_sec_bld(&b, 1, &m0);
    b_sec_bld(&b, 1, &m1);
    SEC(&b, 2, "\x01\x00\x00\x00");
    SEC(&b, 6, "\x01\x00\x00\x01\x00\x01" "f");
    SEC(&b, 2, "\x01\x01\x01\x01g\x00\x00");
    SEC(&b, 2, "\x01\x00\x01\x01\x01m\x12\x01");
    expect_valid(&b);

    /* The same with a function of the wrong type. */
    bld m2 = {.n = 0};
    module_importing(&m2, "\x7f");
    b_restart(&b);
    b_sec_bld(&b, 1, &m0);
    b_sec_bld(&b, 1, &m2);
    SEC(&b, 2, "\x01\x00\x00\x00");
    SEC(&b, 6, "\x01\x00\x00\x01\x00\x01" "f");
    SEC(&b, 2, "\x01\x01\x01\x01g\x00\x00");
    SEC(&b, 2, "\x01\x00\x01\x01\x01m\x12\x01");
    expect_invalid(&b, "expected: (func (param i32)), found: (func)");

    b_restart(&b);
    b_sec_bld(&b, 1, &m1);
    SEC(&b, 2, "\x01\x01\x00");
    SEC(&b, 2, "\x01\x00\x00\x02\x01m\x12\x00\x01m\x12\x00");
    expect_invalid(&b, "duplicate module instantiation argument named `m`");
}

/* ---- component instantiation ----------------------------------------------------- */

/* A nested component importing "f": (func (param "x" u32)). */
static void child_importing_f(bld *c)
{
    b_component(c);
    SEC(c, 7, "\x01\x40\x01\x01x\x79\x01\x00");
    SEC(c, 10, "\x01\x00\x01" "f" "\x01\x00");
}

static void component_instantiation(void **state)
{
    (void)state;
    bld child = {.n = 0}, b = {.n = 0};
    child_importing_f(&child);
    b_component(&b);
    b_sec_bld(&b, 4, &child);
    SEC(&b, 5, "\x01\x00\x00\x00");
    expect_invalid(&b, "missing import named `f`");

    /* Supply a func of the right type (imported by the parent). */
    b_restart(&b);
    b_sec_bld(&b, 4, &child);
    SEC(&b, 7, "\x01\x40\x01\x01x\x79\x01\x00");
    SEC(&b, 10, "\x01\x00\x01g\x01\x00");
    SEC(&b, 5, "\x01\x00\x00\x01\x01" "f" "\x01\x00");
    expect_valid(&b);

    /* Wrong parameter type. */
    b_restart(&b);
    b_sec_bld(&b, 4, &child);
    SEC(&b, 7, "\x01\x40\x01\x01x\x73\x01\x00");
    SEC(&b, 10, "\x01\x00\x01g\x01\x00");
    SEC(&b, 5, "\x01\x00\x00\x01\x01" "f" "\x01\x00");
    expect_invalid(&b, "type mismatch in function parameter `x`");

    /* Wrong sort. */
    b_restart(&b);
    b_sec_bld(&b, 4, &child);
    SEC(&b, 5, "\x01\x01\x00");
    SEC(&b, 5, "\x01\x00\x00\x01\x01" "f" "\x05\x00");
    expect_invalid(&b, "expected func, found instance");

    /* Instance subtyping: a child importing an instance with one export
     * accepts an instance with more. */
    bld c2 = {.n = 0};
    b_component(&c2);
    SEC(&c2, 7, "\x01\x42\x02\x01\x40\x00\x01\x00\x04\x00\x01" "a" "\x01\x00");
    SEC(&c2, 10, "\x01\x00\x01i\x05\x00");
    b_restart(&b);
    b_sec_bld(&b, 4, &c2);
    SEC(&b, 7, "\x01\x40\x00\x01\x00");
    SEC(&b, 10, "\x02\x00\x01" "f" "\x01\x00" "\x00\x01g\x01\x00");
    SEC(&b, 5, "\x01\x01\x02\x00\x01" "a" "\x01\x00" "\x00\x01" "b" "\x01\x01");
    SEC(&b, 5, "\x01\x00\x00\x01\x01i\x05\x00");
    expect_valid(&b);
    /* ...and rejects one without the export. */
    b_restart(&b);
    b_sec_bld(&b, 4, &c2);
    SEC(&b, 7, "\x01\x40\x00\x01\x00");
    SEC(&b, 10, "\x01\x00\x01" "f" "\x01\x00");
    SEC(&b, 5, "\x01\x01\x01\x00\x01" "b" "\x01\x00");
    SEC(&b, 5, "\x01\x00\x00\x01\x01i\x05\x00");
    expect_invalid(&b, "missing expected export `a`");
}

static void resource_substitution(void **state)
{
    (void)state;
    /* Child: import "t" (sub resource), import "f" (func (param "x" (own t))). */
    bld child = {.n = 0}, b = {.n = 0};
    b_component(&child);
    SEC(&child, 10, "\x01\x00\x01t\x03\x01");
    SEC(&child, 7, "\x02\x69\x00\x40\x01\x01x\x01\x01\x00");
    SEC(&child, 10, "\x01\x00\x01" "f" "\x01\x02");
    /* Parent: imports resource "r" and "g" (func (param "x" (own r)));
     * the instantiation passes r for "t" and g for "f". (Imports may only
     * name imported types, so the resource is imported too.) */
    b_component(&b);
    b_sec_bld(&b, 4, &child);
    SEC(&b, 10, "\x01\x00\x01r\x03\x01");
    SEC(&b, 7, "\x02\x69\x00\x40\x01\x01x\x01\x01\x00");
    SEC(&b, 10, "\x01\x00\x01g\x01\x02");
    SEC(&b, 5, "\x01\x00\x00\x02\x01t\x03\x00\x01" "f" "\x01\x00");
    expect_valid(&b);
    /* A different resource for "t" makes "f" mismatch. */
    b_restart(&b);
    b_sec_bld(&b, 4, &child);
    SEC(&b, 10, "\x02\x00\x01r\x03\x01\x00\x01s\x03\x01");
    SEC(&b, 7, "\x02\x69\x00\x40\x01\x01x\x02\x01\x00");
    SEC(&b, 10, "\x01\x00\x01g\x01\x03");
    SEC(&b, 5, "\x01\x00\x00\x02\x01t\x03\x01\x01" "f" "\x01\x00");
    expect_invalid(&b, "resource types are not the same");
}

/* ---- canonical definitions -------------------------------------------------------- */

static void canon_lift(void **state)
{
    (void)state;
    bld b;
    b_restart(&b);
    core_f(&b, "\x7f\x7f", "");
    SEC(&b, 7, "\x01\x40\x01\x01s\x73\x01\x00");
    SEC(&b, 8, "\x01\x00\x00\x00\x00\x00");
    /* Lifting a string param needs realloc, and realloc needs memory: the
     * missing memory is named first (as validation/abi.wast expects). */
    expect_invalid(&b, "canonical option `memory` is required");

    b_restart(&b);
    core_f(&b, "\x7f\x7f", "");
    SEC(&b, 7, "\x01\x40\x01\x01s\x79\x01\x00");
    SEC(&b, 8, "\x01\x00\x00\x00\x00\x00");
    expect_invalid(&b, "lowered parameter types `[I32]` do not match parameter types `[I32, I32]`");

    b_restart(&b);
    core_f(&b, "\x7f", "");
    SEC(&b, 7, "\x01\x40\x01\x01s\x79\x01\x00");
    SEC(&b, 8, "\x01\x00\x00\x00\x00\x00");
    SEC(&b, 11, "\x01\x00\x01" "f" "\x01\x00\x00");
    expect_valid(&b);

    b_restart(&b);
    core_f(&b, "\x7f", "");
    SEC(&b, 7, "\x01\x40\x01\x01s\x79\x01\x00");
    SEC(&b, 8, "\x01\x00\x00\x00\x02\x00\x01\x00");
    expect_invalid(&b, "canonical encoding option `utf8` conflicts with option `utf16`");

    b_restart(&b);
    core_f(&b, "\x7f", "");
    SEC(&b, 7, "\x01\x40\x01\x01s\x79\x01\x00");
    SEC(&b, 8, "\x01\x00\x00\x00\x01\x06\x00");
    expect_invalid(&b, "the `async` canonical option requires an async function type");

    /* The same with an async type and no callback (stackful) is valid:
     * the core function then has no results. */
    b_restart(&b);
    core_f(&b, "\x7f", "");
    SEC(&b, 7, "\x01\x43\x01\x01s\x79\x01\x00");
    SEC(&b, 8, "\x01\x00\x00\x00\x01\x06\x00");
    expect_valid(&b);
}

static void canon_lower(void **state)
{
    (void)state;
    bld b;
    b_restart(&b);
    SEC(&b, 7, "\x01\x40\x01\x01s\x73\x01\x00");
    SEC(&b, 10, "\x01\x00\x01" "f" "\x01\x00");
    SEC(&b, 8, "\x01\x01\x00\x00\x00");
    expect_invalid(&b, "canonical option `memory` is required");

    b_restart(&b);
    core_f(&b, "", "");
    SEC(&b, 7, "\x01\x40\x00\x01\x00");
    SEC(&b, 10, "\x01\x00\x01g\x01\x00");
    SEC(&b, 8, "\x01\x01\x00\x00\x01\x05\x00");
    expect_invalid(&b, "canonical option `post-return` cannot be specified for lowerings");

    /* The lowered type feeds core instantiation: (func (param i32)). */
    bld m = {.n = 0};
    module_importing(&m, "\x7f");
    b_restart(&b);
    b_sec_bld(&b, 1, &m);
    SEC(&b, 7, "\x01\x40\x01\x01x\x79\x01\x00");
    SEC(&b, 10, "\x01\x00\x01g\x01\x00");
    SEC(&b, 8, "\x01\x01\x00\x00\x00");
    SEC(&b, 2, "\x01\x01\x01\x01g\x00\x00");
    SEC(&b, 2, "\x01\x00\x00\x01\x01m\x12\x00");
    expect_valid(&b);
}

static void canon_builtins(void **state)
{
    (void)state;
    bld b;
    b_restart(&b);
    SEC(&b, 10, "\x01\x00\x01t\x03\x01");
    SEC(&b, 8, "\x01\x02\x00");
    expect_invalid(&b, "not a local resource");
    b_restart(&b);
    SEC(&b, 7, "\x01\x73");
    SEC(&b, 8, "\x01\x03\x00");
    expect_invalid(&b, "type index 0 is not a resource type");
    b_restart(&b);
    SEC(&b, 7, "\x01\x3f\x7f\x00");
    SEC(&b, 8, "\x03\x02\x00\x03\x00\x04\x00");
    expect_valid(&b);
    ONE_SECTION_INVALID(8, "\x01\x0a\x7f\x02", "out of bounds");
    b_restart(&b);
    SEC(&b, 7, "\x01\x73");
    SEC(&b, 8, "\x01\x0e\x00");
    expect_invalid(&b, "type index 0 is not a stream type");
    b_restart(&b);
    SEC(&b, 7, "\x01\x66\x01\x79");
    SEC(&b, 8, "\x01\x0f\x00\x00");
    expect_invalid(&b, "canonical option `memory` is required");
    ONE_SECTION_INVALID(8, "\x01\x20\x00\x00", "memory index out of bounds");
}

/* ---- exports ------------------------------------------------------------------------ */

static void export_ascription(void **state)
{
    (void)state;
    bld b;
    b_restart(&b);
    SEC(&b, 7, "\x02\x40\x00\x01\x00\x40\x01\x01x\x79\x01\x00");
    SEC(&b, 10, "\x01\x00\x01" "f" "\x01\x00");
    SEC(&b, 11, "\x01\x00\x01g\x01\x00\x01\x01\x01");
    expect_invalid(&b, "ascribed type of export is not compatible");
    b_restart(&b);
    SEC(&b, 7, "\x02\x40\x00\x01\x00\x40\x00\x01\x00");
    SEC(&b, 10, "\x01\x00\x01" "f" "\x01\x00");
    SEC(&b, 11, "\x01\x00\x01g\x01\x00\x01\x01\x01");
    expect_valid(&b);
    /* A function mentioning a resource that is not exported. */
    b_restart(&b);
    core_f(&b, "", "\x7f");
    SEC(&b, 7, "\x03\x3f\x7f\x00\x69\x00\x40\x00\x00\x01");
    SEC(&b, 8, "\x01\x00\x00\x00\x00\x02");
    SEC(&b, 11, "\x01\x00\x01" "f" "\x01\x00\x00");
    expect_invalid(&b, "func not valid to be used as export");
}

/* ---- external visibility (Explainer.md "External Visibility of Types") ---- */

static void visibility_of_imports(void **state)
{
    (void)state;
    /* record R; import "f" (func (result R)): R has no name. */
    bld b;
    b_restart(&b);
    SEC(&b, 7, "\x02\x72\x01\x01x\x79\x40\x00\x00\x00");
    SEC(&b, 10, "\x01\x00\x01" "f" "\x01\x01");
    expect_invalid(&b, "func not valid to be used as import");
    /* Importing the record first names it. */
    b_restart(&b);
    SEC(&b, 7, "\x01\x72\x01\x01x\x79");
    SEC(&b, 10, "\x01\x00\x03rec\x03\x00\x00");
    SEC(&b, 7, "\x01\x40\x00\x00\x01");
    SEC(&b, 10, "\x01\x00\x01" "f" "\x01\x02");
    expect_valid(&b);
    /* An import may not use an exported name: resource R exported as "r",
     * import "f" (func (result (own r))). */
    b_restart(&b);
    SEC(&b, 7, "\x01\x3f\x7f\x00");
    SEC(&b, 11, "\x01\x00\x01r\x03\x00\x00");
    SEC(&b, 7, "\x02\x69\x01\x40\x00\x00\x02");
    SEC(&b, 10, "\x01\x00\x01" "f" "\x01\x03");
    expect_invalid(&b, "func not valid to be used as import");
    /* import "t" (type (eq R2)) where R2 = record { r: R } and R is unnamed. */
    b_restart(&b);
    SEC(&b, 7, "\x02\x72\x01\x01x\x79\x72\x01\x01r\x00");
    SEC(&b, 10, "\x01\x00\x01t\x03\x00\x01");
    expect_invalid(&b, "type not valid to be used as import");
}

static void visibility_of_exports(void **state)
{
    (void)state;
    /* A lifted function returning an unexported record. */
    bld b;
    b_restart(&b);
    core_f(&b, "", "\x7f");
    SEC(&b, 7, "\x02\x72\x01\x01x\x79\x40\x00\x00\x00");
    SEC(&b, 8, "\x01\x00\x00\x00\x00\x01");
    SEC(&b, 11, "\x01\x00\x01" "f" "\x01\x00\x00");
    expect_invalid(&b, "func not valid to be used as export");
    /* Exporting the record does not name the index passed in... */
    b_restart(&b);
    core_f(&b, "", "\x7f");
    SEC(&b, 7, "\x02\x72\x01\x01x\x79\x40\x00\x00\x00");
    SEC(&b, 8, "\x01\x00\x00\x00\x00\x01");
    SEC(&b, 11, "\x01\x00\x03rec\x03\x00\x00");
    SEC(&b, 11, "\x01\x00\x01" "f" "\x01\x00\x00");
    expect_invalid(&b, "func not valid to be used as export");
    /* ...the new index is named: ascribe a type that uses it. */
    b_restart(&b);
    core_f(&b, "", "\x7f");
    SEC(&b, 7, "\x02\x72\x01\x01x\x79\x40\x00\x00\x00");
    SEC(&b, 8, "\x01\x00\x00\x00\x00\x01");
    SEC(&b, 11, "\x01\x00\x03rec\x03\x00\x00");
    SEC(&b, 7, "\x01\x40\x00\x00\x02");
    SEC(&b, 11, "\x01\x00\x01" "f" "\x01\x00\x01\x01\x03");
    expect_valid(&b);
    /* A type export whose parts are unnamed; then with the part exported. */
    b_restart(&b);
    SEC(&b, 7, "\x02\x72\x01\x01x\x79\x72\x01\x01r\x00");
    SEC(&b, 11, "\x01\x00\x01t\x03\x01\x00");
    expect_invalid(&b, "type not valid to be used as export");
    b_restart(&b);
    SEC(&b, 7, "\x01\x72\x01\x01x\x79");
    SEC(&b, 11, "\x01\x00\x01" "a" "\x03\x00\x00");
    SEC(&b, 7, "\x01\x72\x01\x01r\x01");
    SEC(&b, 11, "\x01\x00\x01t\x03\x02\x00");
    expect_valid(&b);
    /* list<enum>: every nameable kind needs a name. */
    b_restart(&b);
    SEC(&b, 7, "\x02\x6d\x01\x01" "a" "\x70\x00");
    SEC(&b, 11, "\x01\x00\x01t\x03\x01\x00");
    expect_invalid(&b, "type not valid to be used as export");
    /* A bag of exports holding a function over an unexported resource. */
    b_restart(&b);
    core_f(&b, "", "\x7f");
    SEC(&b, 7, "\x03\x3f\x7f\x00\x69\x00\x40\x00\x00\x01");
    SEC(&b, 8, "\x01\x00\x00\x00\x00\x02");
    SEC(&b, 5, "\x01\x01\x01\x00\x01" "f" "\x01\x00");
    SEC(&b, 11, "\x01\x00\x03" "bag" "\x05\x00\x00");
    expect_invalid(&b, "instance not valid to be used as export");
    /* A component type checks its imports and exports where declared. */
    ONE_SECTION_VALID(7, "\x01\x41\x02\x01\x72\x01\x01x\x79\x01\x40\x01\x01x\x00\x01\x00");
    b_restart(&b);
    SEC(&b, 7, "\x01\x41\x03\x01\x72\x01\x01x\x79\x01\x40\x01\x01x\x00\x01\x00"
               "\x04\x00\x01" "f" "\x01\x01");
    expect_invalid(&b, "func not valid to be used as export");
}

/* A child exporting one resource as "r1" and as "r2" (the latter with a
 * `sub resource` ascription when `abstract`); the parent passes both to a
 * component importing "a" (sub resource) and "b" (eq a). */
static void two_names_for_one_resource(bld *b, bool abstract)
{
    bld child = {.n = 0};
    b_component(&child);
    SEC(&child, 7, "\x01\x3f\x7f\x00");
    if (abstract)
        SEC(&child, 11, "\x02\x00\x02r1\x03\x00\x00\x00\x02r2\x03\x00\x01\x03\x01");
    else
        SEC(&child, 11, "\x02\x00\x02r1\x03\x00\x00\x00\x02r2\x03\x00\x00");
    bld eq = {.n = 0};
    b_component(&eq);
    SEC(&eq, 10, "\x02\x00\x01" "a" "\x03\x01\x00\x01" "b" "\x03\x00\x00");
    b->n = 0;
    b_component(b);
    b_sec_bld(b, 4, &child);
    SEC(b, 5, "\x01\x00\x00\x00");
    SEC(b, 6, "\x02\x03\x00\x00\x02r1\x03\x00\x00\x02r2");
    b_sec_bld(b, 4, &eq);
    SEC(b, 5, "\x01\x00\x01\x02\x01" "a" "\x03\x00\x01" "b" "\x03\x01");
}

static void sub_resource_ascription(void **state)
{
    (void)state;
    bld b = {.n = 0};
    two_names_for_one_resource(&b, false);
    expect_valid(&b);
    two_names_for_one_resource(&b, true);
    expect_invalid(&b, "resource types are not the same");
}

/* ---- real components ------------------------------------------------------------------ */

/* ---- canonical options, core module types (text) ------------------------------- */

/* Async lowering passes a pointer only for spilled params or a result, so
 * only then is `memory` required. */
static void async_lower_memory(void **state)
{
    (void)state;
    wat_valid("(component"
              "  (import \"f\" (func $f async (param \"a\" u8) (param \"b\" u32)))"
              "  (canon lower (func $f) async (core func $f')))");
    wat_invalid("(component"
                "  (import \"f\" (func $f async (result u32)))"
                "  (canon lower (func $f) async (core func $f')))",
                "canonical option `memory` is required");
    wat_invalid("(component"
                "  (import \"f\" (func $f async (param \"a\" u32) (param \"b\" u32)"
                "                        (param \"c\" u32) (param \"d\" u32) (param \"e\" u32)))"
                "  (canon lower (func $f) async (core func $f')))",
                "canonical option `memory` is required");
    wat_invalid("(component"
                "  (import \"f\" (func $f))"
                "  (core module $m (func (export \"r\") (param i32 i32 i32 i32) (result i32)"
                "    unreachable))"
                "  (core instance $i (instantiate $m))"
                "  (canon lower (func $f) (realloc (core func $i \"r\")) (core func $f')))",
                "canonical option `realloc` requires `memory` to also be specified");
}

static void core_module_types(void **state)
{
    (void)state;
    wat_invalid("(component (core type (module (import \"\" \"\" (memory 70000)))))",
                "memory size must be at most 65536 pages");
    wat_invalid("(component (core type (module (export \"m\" (memory 2 1)))))",
                "size minimum must not be greater than maximum");
    wat_invalid("(component (core type (module (import \"\" \"t\" (table 3 2 funcref)))))",
                "size minimum must not be greater than maximum");
    wat_valid("(component (core type (module (import \"\" \"\" (memory 1 65536)))))");
    /* Two-level import names must be unique, in module types and modules;
     * the same name under another module is fine. */
    wat_invalid("(component (core type (module"
                "  (import \"\" \"a\" (func)) (import \"\" \"a\" (func)))))",
                "duplicate import name `:a`");
    wat_invalid("(component (core module"
                "  (import \"m\" \"\" (func)) (import \"m\" \"\" (global i32))))",
                "duplicate import name `m:`");
    wat_valid("(component (core type (module"
              "  (import \"a\" \"x\" (func)) (import \"b\" \"x\" (func)) (import \"a\" \"y\" (func)))))");
    /* Imports are found by name when a module is checked against a type. */
    wat_valid("(component"
              "  (type $c (component (import \"m\" (core module"
              "    (import \"b\" \"x\" (func)) (import \"a\" \"x\" (global i32))))))"
              "  (component $inner (import \"m\" (core module (import \"a\" \"x\" (global i32)))))"
              "  (core module $m (import \"a\" \"x\" (global i32)))"
              "  (instance (instantiate $inner (with \"m\" (core module $m)))))");
}

/* ---- resources: exports give a new name to the same resource -------------------- */

#define RES_PRELUDE                                                              \
    "(core module $m (func (export \"f\") (result i32) unreachable)"             \
    "  (func (export \"g\") (param i32)))"                                      \
    "(core instance $i (instantiate $m))"                                       \
    "(type $R (resource (rep i32)))"

static void resource_export_alias(void **state)
{
    (void)state;
    /* The export's index is the named one, not the index passed in. */
    wat_invalid("(component " RES_PRELUDE
                "  (func $f (result (own $R)) (canon lift (core func $i \"f\")))"
                "  (export $R' \"r\" (type $R))"
                "  (export \"f\" (func $f)))",
                "func not valid to be used as export");
    /* ...yet both indices are the same type: ascription, own and borrow of
     * either match, and the alias stays a local resource. */
    wat_valid("(component " RES_PRELUDE
              "  (func $f (result (own $R)) (canon lift (core func $i \"f\")))"
              "  (export $R' \"r\" (type $R))"
              "  (export \"f\" (func $f) (func (result (own $R'))))"
              "  (func $f2 (result (own $R')) (canon lift (core func $i \"f\")))"
              "  (export \"f2\" (func $f2))"
              "  (core func (canon resource.new $R'))"
              "  (core func (canon resource.rep $R')))");
    wat_invalid("(component " RES_PRELUDE
                "  (func $f (result (own $R)) (canon lift (core func $i \"f\")))"
                "  (instance (export \"a\" (type $R)) (export \"[constructor]a\" (func $f))))",
                "resource used in function does not have a name in this context");
    /* Two instances of one component export two different resources; a
     * single instance's alias and functions agree. */
    const char *child =
        "(component $C " RES_PRELUDE
        "  (export $R' \"r\" (type $R))"
        "  (func $f (result (own $R')) (canon lift (core func $i \"f\")))"
        "  (func $g (param \"x\" (own $R')) (canon lift (core func $i \"g\")))"
        "  (export \"f\" (func $f)) (export \"g\" (func $g)))";
    char text[2048];
    snprintf(text, sizeof text,
             "(component %s"
             "  (component $D (import \"r\" (type $r (sub resource)))"
             "    (import \"f\" (func (result (own $r)))) (import \"g\" (func (param \"x\" (own $r)))))"
             "  (instance $a (instantiate $C)) (instance $b (instantiate $C))"
             "  (instance (instantiate $D (with \"r\" (type $a \"r\"))"
             "    (with \"f\" (func $a \"f\")) (with \"g\" (func $a \"g\")))))",
             child);
    wat_valid(text);
    snprintf(text, sizeof text,
             "(component %s"
             "  (component $D (import \"r\" (type $r (sub resource)))"
             "    (import \"f\" (func (result (own $r)))) (import \"g\" (func (param \"x\" (own $r)))))"
             "  (instance $a (instantiate $C)) (instance $b (instantiate $C))"
             "  (instance (instantiate $D (with \"r\" (type $a \"r\"))"
             "    (with \"f\" (func $a \"f\")) (with \"g\" (func $b \"g\")))))",
             child);
    wat_invalid(text, "resource types are not the same");
}

/* A bag of exports carries the types it re-exports: exporting it names
 * them (async/big-interleaving-test.wast relies on this). */
static void bag_reexport_names(void **state)
{
    (void)state;
    const char *child =
        "(component $C"
        "  (core module $m (func (export \"f\") (result i32) unreachable))"
        "  (core instance $i (instantiate $m))"
        "  (type $E (enum \"a\" \"b\")) (export $E' \"e\" (type $E))"
        "  (func (export \"f\") (result $E') (canon lift (core func $i \"f\"))))";
    char text[1024];
    snprintf(text, sizeof text,
             "(component %s (instance $c (instantiate $C))"
             "  (instance $types (export \"e\" (type $c \"e\")))"
             "  (export \"types\" (instance $types))"
             "  (alias export $c \"f\" (func $f)) (export \"f\" (func $f)))",
             child);
    wat_valid(text);
    snprintf(text, sizeof text,
             "(component %s (instance $c (instantiate $C))"
             "  (alias export $c \"f\" (func $f)) (export \"f\" (func $f)))",
             child);
    wat_invalid(text, "func not valid to be used as export");
}

/* Component subtyping binds abstract resources by the import or export that
 * introduces them, never through a use inside a function type. */
static void subtype_resource_binding(void **state)
{
    (void)state;
    const char *outer =
        "(component"
        "  (component $Use"
        "    (import \"c\" (component"
        "      (import \"t\" (type $t (sub resource))) (import \"u\" (type $u (sub resource)))"
        "      (export \"f\" (func (param \"x\" (own $t)))))))"
        "  (component $C"
        "    (import \"t\" (type $t (sub resource))) (import \"u\" (type $u (sub resource)))"
        "    (core module $m (func (export \"g\") (param i32)))"
        "    (core instance $i (instantiate $m))"
        "    (func (export \"f\") (param \"x\" (own $%s)) (canon lift (core func $i \"g\"))))"
        "  (instance (instantiate $Use (with \"c\" (component $C)))))";
    char text[1024];
    snprintf(text, sizeof text, outer, "t");
    wat_valid(text);
    snprintf(text, sizeof text, outer, "u");
    wat_invalid(text, "resource types are not the same");

    /* An exported abstract resource is bound to the export of that name. */
    const char *exports =
        "(component"
        "  (component $Use"
        "    (import \"c\" (component"
        "      (export \"r\" (type $r (sub resource)))"
        "      (export \"f\" (func (result (own $r)))))))"
        "  (component $C " RES_PRELUDE
        "    (type $S (resource (rep i32)))"
        "    (export $R' \"r\" (type $R)) (export $S' \"s\" (type $S))"
        "    (func (export \"f\") (result (own $%s)) (canon lift (core func $i \"f\"))))"
        "  (instance (instantiate $Use (with \"c\" (component $C)))))";
    snprintf(text, sizeof text, exports, "R'");
    wat_valid(text);
    snprintf(text, sizeof text, exports, "S'");
    wat_invalid(text, "resource types are not the same");

    /* An export equal to an import is not bound afresh by the export. */
    const char *reexport =
        "(component"
        "  (component $Use"
        "    (import \"c\" (component"
        "      (import \"t\" (type $t (sub resource)))"
        "      (export \"t2\" (type (eq $t))))))"
        "  (component $C " RES_PRELUDE
        "    (import \"t\" (type $t (sub resource)))"
        "    (export \"t2\" (type $%s)))"
        "  (instance (instantiate $Use (with \"c\" (component $C)))))";
    snprintf(text, sizeof text, reexport, "t");
    wat_valid(text);
    snprintf(text, sizeof text, reexport, "R");
    wat_invalid(text, "resource types are not the same");
}

/* Instantiation renames the record-like types a child imports, also those
 * exported by an imported instance (at any depth), to the argument's types:
 * the parent can then export the child's functions over its own names. */
#define INSTANCE_TYPE_T                                                           \
    "(type $IT (instance (type $rec (record (field \"a\" u32)))"                   \
    "  (export \"t\" (type $t (eq $rec))) (export \"f\" (func (param \"x\" $t)))))"
#define USE_TWO_INSTANCES                                                         \
    "(component $Use (import \"a\" (instance $a (type $IT)))"                      \
    "  (import \"b\" (instance $b (type $IT)))"                                    \
    "  (alias export $a \"f\" (func $fa)) (alias export $b \"f\" (func $fb))"      \
    "  (export \"fa\" (func $fa)) (export \"fb\" (func $fb)))"
#define LOCAL_G                                                                   \
    "(core module $m (func (export \"g\") (param i32)))"                          \
    "(core instance $ci (instantiate $m))"

static void instance_argument_renaming(void **state)
{
    (void)state;
    wat_valid("(component " INSTANCE_TYPE_T
              "  (component $Use (import \"i\" (instance $i (type $IT)))"
              "    (alias export $i \"f\" (func $f)) (export \"f\" (func $f)))"
              "  (import \"i\" (instance $i (type $IT)))"
              "  (instance $u (instantiate $Use (with \"i\" (instance $i))))"
              "  (alias export $u \"f\" (func $f)) (export \"f\" (func $f)))");
    /* A bag re-exporting the parent's exported record: the bag's name for
     * it is that record; an unexported record has no name to export with. */
    const char *bag =
        "(component " INSTANCE_TYPE_T
        "  (component $Use (import \"i\" (instance $i (type $IT)))"
        "    (alias export $i \"f\" (func $f)) (export \"f\" (func $f)))"
        "  " LOCAL_G
        "  (type $rec (record (field \"a\" u32))) %s"
        "  (func $g (param \"x\" $r) (canon lift (core func $ci \"g\")))"
        "  (instance $bag (export \"t\" (type $r)) (export \"f\" (func $g)))"
        "  (instance $u (instantiate $Use (with \"i\" (instance $bag))))"
        "  (alias export $u \"f\" (func $f)) (export \"f\" (func $f)))";
    char text[2048];
    snprintf(text, sizeof text, bag, "(export $r \"r\" (type $rec))");
    wat_valid(text);
    snprintf(text, sizeof text, bag, "(type $r (record (field \"a\" u32)))");
    wat_invalid(text, "func not valid to be used as export");
    /* One instance type imported twice gives two names: "b"'s function is
     * over the bag's unnamed record even though "a"'s name is known. */
    const char *twice =
        "(component " INSTANCE_TYPE_T " " USE_TWO_INSTANCES
        "  (import \"a\" (instance $a (type $IT))) " LOCAL_G
        "  (type $r (record (field \"a\" u32)))"
        "  (func $g (param \"x\" $r) (canon lift (core func $ci \"g\")))"
        "  (instance $bag (export \"t\" (type $r)) (export \"f\" (func $g)))"
        "  (instance $u (instantiate $Use (with \"a\" (instance $a)) (with \"b\" (instance $bag))))"
        "  (alias export $u \"%s\" (func $f)) (export \"f\" (func $f)))";
    snprintf(text, sizeof text, twice, "fa");
    wat_valid(text);
    snprintf(text, sizeof text, twice, "fb");
    wat_invalid(text, "func not valid to be used as export");
}

/* A component-typed import satisfied by a component whose types are
 * records, variants and resources: checked structurally (names aside),
 * resources by identity; type imports passed along keep the parent's names. */
static void component_argument_types(void **state)
{
    (void)state;
    wat_valid("(component"
              "  (component $C (type $rec (record (field \"a\" u32)))"
              "    (import \"t\" (type $t (eq $rec))) " LOCAL_G
              "    (func (export \"f\") (param \"x\" $t) (canon lift (core func $ci \"g\"))))"
              "  (component $Use (type $rec (record (field \"a\" u32)))"
              "    (import \"t\" (type $t (eq $rec)))"
              "    (import \"c\" (component $CT (type $rec (record (field \"a\" u32)))"
              "      (import \"t\" (type $t (eq $rec))) (export \"f\" (func (param \"x\" $t)))))"
              "    (instance $c (instantiate $CT (with \"t\" (type $t))))"
              "    (alias export $c \"f\" (func $f)) (export \"f\" (func $f)))"
              "  (type $rec (record (field \"a\" u32))) (export $r \"r\" (type $rec))"
              "  (instance $u (instantiate $Use (with \"t\" (type $r)) (with \"c\" (component $C))))"
              "  (alias export $u \"f\" (func $f)) (export \"f\" (func $f)))");
    const char *text =
        "(component"
        "  (component $Use"
        "    (import \"c\" (component $CT (export \"r\" (type $r (sub resource)))"
        "      (type $rd (record (field \"h\" (own $r)))) (export \"h\" (type $h (eq $rd)))"
        "      (type $vd (variant (case \"a\") (case \"b\"))) (export \"v\" (type $v (eq $vd)))"
        "      (export \"mk\" (func (result $h))) (export \"use\" (func (param \"x\" $v)))))"
        "    (instance $c (instantiate $CT)) (export \"i\" (instance $c)))"
        "  (component $C"
        "    (core module $m (func (export \"f\") (result i32) unreachable)"
        "      (func (export \"g\") (param i32)))"
        "    (core instance $i (instantiate $m))"
        "    (type $R (resource (rep i32))) (type $S (resource (rep i32)))"
        "    (export $R' \"r\" (type $R)) (export $S' \"s\" (type $S))"
        "    (type $rd (record (field \"h\" (own $%s)))) (export $h \"h\" (type $rd))"
        "    (type $vd (variant (case \"a\") (case \"%s\"))) (export $v \"v\" (type $vd))"
        "    (func (export \"mk\") (result $h) (canon lift (core func $i \"f\")))"
        "    (func (export \"use\") (param \"x\" $v) (canon lift (core func $i \"g\"))))"
        "  (instance $u (instantiate $Use (with \"c\" (component $C))))"
        "  (export \"u\" (instance $u)))";
    char buf[2048];
    snprintf(buf, sizeof buf, text, "R'", "b");
    wat_valid(buf);
    snprintf(buf, sizeof buf, text, "S'", "b");
    wat_invalid(buf, "type mismatch in record field `h`: resource types are not the same");
    snprintf(buf, sizeof buf, text, "R'", "c");
    wat_invalid(buf, "expected case named `b`, found `c`");
}

/* A bag of exports introduces no type index, so annotated names inside it
 * find no resource: not the definition it exports, not a name it got from
 * another bag (that is the definition again), not even a component export's
 * name (that is a name of the component, not of the bag). The reference
 * validator gives every bag an empty resource-name context. */
static void bag_reexported_resource(void **state)
{
    (void)state;
    const char *text =
        "(component"
        "  (core module $m (func (export \"f\") (result i32) unreachable))"
        "  (core instance $i (instantiate $m))"
        "  (type $R (resource (rep i32)))"
        "  (instance $b1 (export \"a\" (type $R)))"
        "  (alias export $b1 \"a\" (type $A1))"
        "  (func $f (result (own $%s)) (canon lift (core func $i \"f\")))"
        "  (instance $b2 (export \"a\" (type $A1)) (export \"[constructor]a\" (func $f)))"
        "  (export \"b2\" (instance $b2)))";
    char buf[1024];
    snprintf(buf, sizeof buf, text, "A1");
    wat_invalid(buf, "resource used in function does not have a name in this context");
    snprintf(buf, sizeof buf, text, "R");
    wat_invalid(buf, "resource used in function does not have a name in this context");
}

/* A function over a locally defined resource, next to that resource in a bag
 * of exports. The bag gives the definition no name of its own, so an
 * annotated name in the bag is rejected; the fix is to export the resource
 * from the component first and type the function with the exported name.
 * With plain names, exporting the bag carries the types it re-exports (the
 * reference validator accepts a bag re-exporting `$R` next to a function
 * over `$R`), but only those: a bag re-exporting the export's name `$r`
 * does not name the definition `$R` a function may still be typed with. */
static void bag_local_resource_unnamed(void **state)
{
    (void)state;
    const char *text =
        "(component " RES_PRELUDE
        "  %s"
        "  (func $f (param \"self\" (borrow $%s)) (canon lift (core func $i \"g\")))"
        "  (instance $bag (export \"r\" (type $%s)) (export \"%s\" (func $f)))"
        "  %s)";
    const char *exported = "(export $r \"r\" (type $R))";
    const char *export_bag = "(export \"b\" (instance $bag))";
    char buf[1024];
    /* The reported case: the definition itself, with an annotated name. */
    snprintf(buf, sizeof buf, text, "", "R", "R", "[method]r.f", "");
    wat_invalid(buf, "resource used in function does not have a name in this context");
    snprintf(buf, sizeof buf, text, exported, "r", "r", "[method]r.f", "");
    wat_invalid(buf, "resource used in function does not have a name in this context");
    snprintf(buf, sizeof buf, text, exported, "R", "r", "[method]r.f", "");
    wat_invalid(buf, "resource used in function does not have a name in this context");
    snprintf(buf, sizeof buf, text, exported, "r", "r", "[static]r.f", "");
    wat_invalid(buf, "static resource name is not known in this context");
    /* The valid counterpart: exported first, the function typed with the
     * exported name and given its annotated name by the component. */
    snprintf(buf, sizeof buf, text, exported, "r", "r", "f",
             "(export \"[method]r.f\" (func $f))");
    wat_valid(buf);
    snprintf(buf, sizeof buf, text, exported, "R", "r", "f",
             "(export \"[method]r.f\" (func $f))");
    wat_invalid(buf, "resource used in function does not have a name in this context");
    /* Plain names, the bag exported. */
    snprintf(buf, sizeof buf, text, exported, "r", "r", "f", export_bag);
    wat_valid(buf);
    snprintf(buf, sizeof buf, text, "", "R", "R", "f", export_bag);
    wat_valid(buf);
    snprintf(buf, sizeof buf, text, exported, "R", "r", "f", export_bag);
    wat_invalid(buf, "instance not valid to be used as export");
}

static void real_components(void **state)
{
    (void)state;
    static const char *const paths[] = {
        "build/e2e/hello.component.wasm", "build/e2e/big.component.wasm",
        "build/e2e/files.component.wasm", "build/e2e/app.component.wasm",
    };
    int found = 0;
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        size_t len;
        unsigned char *data = unit_read_file(paths[i], &len);
        if (!data)
            continue;
        found++;
        comp_arena a;
        comp_arena_init(&a);
        comp_component *c = NULL;
        comp_error err = {0};
        bool ok = comp_component_decode(data, len, &a, &c, &err) &&
                  comp_component_validate(c, COMP_FEATURES_DEFAULT, &err);
        if (!ok)
            fprintf(stderr, "%s: %s at %zu\n", paths[i], err.message, err.offset);
        comp_arena_free(&a);
        free(data);
        assert_true(ok);
    }
    if (!found)
        printf("SKIP real components: none under build/e2e/\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(empty_component),
        cmocka_unit_test(import_func),
        cmocka_unit_test(import_type_index_checked),
        cmocka_unit_test(kebab_names),
        cmocka_unit_test(strongly_unique_imports),
        cmocka_unit_test(attributes),
        cmocka_unit_test(type_rules),
        cmocka_unit_test(resources_and_borrows),
        cmocka_unit_test(constructor_rules),
        cmocka_unit_test(outer_aliases),
        cmocka_unit_test(outer_alias_bound_resources),
        cmocka_unit_test(export_aliases),
        cmocka_unit_test(core_instantiation),
        cmocka_unit_test(component_instantiation),
        cmocka_unit_test(resource_substitution),
        cmocka_unit_test(canon_lift),
        cmocka_unit_test(canon_lower),
        cmocka_unit_test(canon_builtins),
        cmocka_unit_test(export_ascription),
        cmocka_unit_test(visibility_of_imports),
        cmocka_unit_test(visibility_of_exports),
        cmocka_unit_test(sub_resource_ascription),
        cmocka_unit_test(async_lower_memory),
        cmocka_unit_test(core_module_types),
        cmocka_unit_test(resource_export_alias),
        cmocka_unit_test(bag_reexport_names),
        cmocka_unit_test(subtype_resource_binding),
        cmocka_unit_test(instance_argument_renaming),
        cmocka_unit_test(component_argument_types),
        cmocka_unit_test(bag_reexported_resource),
        cmocka_unit_test(bag_local_resource_unnamed),
        cmocka_unit_test(real_components),
    };
    return unit_run("component_validate", tests);
}
