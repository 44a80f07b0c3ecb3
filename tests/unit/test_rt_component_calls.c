/* Component calls: the re-entrance rules (CanonicalABI.md may_enter_from
 * for calls from the host: re-entering an instance or the child of an
 * entered instance traps; between components, the suite's
 * call_might_be_recursive: parent-to-child and child-to-parent calls trap), and string transcoding with the exact realloc
 * sequence of store_string_into_range for each source encoding. */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "comp/buf.h"
#include "comp/module.h"
#include "comp/wat.h"
#include "component_fixture.h"
#include "rt/component.h"


/* ---- re-entrance ------------------------------------------------------------------ */

/* P calls into its child C1, which calls back into P through an import
 * P lifted. The spec text allows this donut wrapping; the pinned suite
 * (async/trap-on-reenter.wast: "for now, trap on parent-to-child" and
 * "child-to-parent") traps, and the suite is what the runtime follows. */
static const char *donut_wat =
    "(component"
    " (core module $M2 (func (export \"g\") (result i32) (i32.const 7)))"
    " (core instance $m2 (instantiate $M2))"
    " (func $g (result u32) (canon lift (core func $m2 \"g\")))"
    " (component $C1"
    "   (import \"g\" (func $g (result u32)))"
    "   (core func $gl (canon lower (func $g)))"
    "   (core module $CM (import \"\" \"g\" (func $g (result i32)))"
    "     (func (export \"f\") (result i32) (i32.add (call $g) (i32.const 1))))"
    "   (core instance $cm (instantiate $CM (with \"\" (instance (export \"g\" (func $gl))))))"
    "   (func (export \"f\") (result u32) (canon lift (core func $cm \"f\"))))"
    " (instance $c1 (instantiate $C1 (with \"g\" (func $g))))"
    " (alias export $c1 \"f\" (func $f))"
    " (core func $fl (canon lower (func $f)))"
    " (core module $M1 (import \"\" \"f\" (func $f (result i32)))"
    "   (func (export \"run\") (result i32) (call $f)))"
    " (core instance $m1 (instantiate $M1 (with \"\" (instance (export \"f\" (func $fl))))))"
    " (func (export \"run\") (result u32) (canon lift (core func $m1 \"run\")))"
    ")";

static void test_donut_wrapping_traps(void **state)
{
    fixture f;
    fixture_load(&f, donut_wat);
    fixture_instantiate(&f);
    rt_cval r;
    assert_false(fixture_call(&f, "run", NULL, 0, &r));
    assert_string_equal(f.trap.message, "cannot enter component instance");
    fixture_done(&f);
}

/* P calls the host, which tries to call P again and P's child C3 (whose
 * export P re-exports): both are inside the entered P. */
static const char *reenter_wat =
    "(component"
    " (import \"cb\" (func $cb))"
    " (component $C3"
    "   (core module $M (func (export \"ping\") (result i32) (i32.const 5)))"
    "   (core instance $m (instantiate $M))"
    "   (func (export \"ping\") (result u32) (canon lift (core func $m \"ping\"))))"
    " (instance $c3 (instantiate $C3))"
    " (alias export $c3 \"ping\" (func $ping))"
    " (core func $cbl (canon lower (func $cb)))"
    " (core module $R (import \"\" \"cb\" (func $cb)) (func (export \"run\") (call $cb)))"
    " (core instance $r (instantiate $R (with \"\" (instance (export \"cb\" (func $cbl))))))"
    " (func (export \"run\") (canon lift (core func $r \"run\")))"
    " (export \"ping\" (func $ping))"
    ")";

typedef struct reenter_log {
    fixture *f;
    bool run_ok, ping_ok;
    char run_msg[sizeof(((rt_trap *)0)->message)], ping_msg[sizeof(((rt_trap *)0)->message)];
} reenter_log;

static bool host_cb(void *user, const rt_chost_call *c, const rt_cval *args, uint32_t n,
                    rt_cval *result, rt_trap *trap)
{
    reenter_log *log = user;
    rt_trap t;
    rt_cval r;
    log->run_ok = rt_cfunc_call(rt_cinstance_func(log->f->inst, "run"), NULL, 0, &r, c->arena, &t);
    snprintf(log->run_msg, sizeof log->run_msg, "%s", t.message);
    log->ping_ok = rt_cfunc_call(rt_cinstance_func(log->f->inst, "ping"), NULL, 0, &r, c->arena, &t);
    snprintf(log->ping_msg, sizeof log->ping_msg, "%s", t.message);
    return true;
}

static void test_reentering_from_host_traps(void **state)
{
    fixture f;
    fixture_load(&f, reenter_wat);
    reenter_log log = {.f = &f};
    assert_true(rt_clinker_define_func(f.linker, NULL, "cb", NULL, host_cb, &log));
    fixture_instantiate(&f);
    rt_cval r;
    if (!fixture_call(&f, "run", NULL, 0, &r))
        fail_msg("run: %s", f.trap.message);
    assert_false(log.run_ok);
    assert_string_equal(log.run_msg, "cannot enter component instance");
    assert_false(log.ping_ok);
    assert_string_equal(log.ping_msg, "cannot enter component instance");
    /* refused entries do not poison: outside the call both work */
    assert_true(fixture_call(&f, "ping", NULL, 0, &r));
    assert_int_equal(r.of.u, 5);
    fixture_done(&f);
}

/* ---- string transcoding -------------------------------------------------------- */

/* realloc logs (old size, align, new size) at 4096 + 12 n and allocates
 * from 8192 up, copying the old block when growing. */
#define LOGGING_ALLOC                                                                      \
    "(core module $M (memory (export \"mem\") 1)"                                           \
    "  (global $next (mut i32) (i32.const 8192)) (global $n (mut i32) (i32.const 0))"       \
    "  (func (export \"realloc\") (param i32 i32 i32 i32) (result i32) (local $p i32) (local $at i32)" \
    "    (local.set $at (i32.add (i32.const 4096) (i32.mul (global.get $n) (i32.const 12))))" \
    "    (i32.store (local.get $at) (local.get 1))"                                          \
    "    (i32.store offset=4 (local.get $at) (local.get 2))"                                 \
    "    (i32.store offset=8 (local.get $at) (local.get 3))"                                 \
    "    (global.set $n (i32.add (global.get $n) (i32.const 1)))"                            \
    "    (if (i32.and (i32.ne (local.get 0) (i32.const 0)) (i32.le_u (local.get 3) (local.get 1)))" \
    "      (then (return (local.get 0))))"                                                   \
    "    (local.set $p (i32.and (i32.add (global.get $next) (i32.sub (local.get 2) (i32.const 1)))" \
    "                           (i32.sub (i32.const 0) (local.get 2))))"                     \
    "    (memory.copy (local.get $p) (local.get 0) (local.get 1))"                           \
    "    (global.set $next (i32.add (local.get $p) (local.get 3))) (local.get $p))"          \
    "  (func (export \"count\") (result i32) (local $c i32) (local.set $c (global.get $n))"  \
    "    (global.set $n (i32.const 0)) (local.get $c))"                                      \
    "  (func (export \"log\") (param i32) (result i32)"                                     \
    "    (i32.load (i32.add (i32.const 4096) (i32.mul (local.get 0) (i32.const 4)))))"      \
    "  (func (export \"echo\") (param i32 i32) (result i32)"                                \
    "    (i32.store (i32.const 16) (local.get 0)) (i32.store (i32.const 20) (local.get 1)) (i32.const 16)))"

#define ECHO(name, enc)                                                                     \
    " (func (export \"" name "\") (param \"s\" string) (result string) (canon lift (core func $m \"echo\")" \
    "    string-encoding=" enc " (memory (core memory $m \"mem\")) (realloc (func $m \"realloc\"))))"

static const char *transcode_wat =
    "(component " LOGGING_ALLOC
    " (core instance $m (instantiate $M))"
    " (func (export \"count\") (result u32) (canon lift (core func $m \"count\")))"
    " (func (export \"log\") (param \"i\" u32) (result u32) (canon lift (core func $m \"log\")))"
    ECHO("echo8", "utf8") ECHO("echo16", "utf16") ECHO("echo-compact", "latin1+utf16")
    ")";

/* Sends `s` lifted from `origin` to `fn` and checks the realloc calls
 * (old size, align, new size triples) and that the text comes back. */
static void expect_reallocs(fixture *f, const char *fn, const char *s, uint8_t origin,
                            const uint32_t *want, uint32_t want_calls, uint8_t back_origin)
{
    rt_cval arg = {.kind = RT_CT_STRING, .str_origin = origin};
    arg.of.str = (comp_str){s, (uint32_t)strlen(s)};
    rt_cval r;
    if (!fixture_call(f, fn, &arg, 1, &r))
        fail_msg("%s: %s", fn, f->trap.message);
    assert_int_equal(r.of.str.len, arg.of.str.len);
    assert_memory_equal(r.of.str.data, s, arg.of.str.len);
    assert_int_equal(r.str_origin, back_origin);
    rt_cval n;
    assert_true(fixture_call(f, "count", NULL, 0, &n));
    assert_int_equal(n.of.u, want_calls);
    for (uint32_t i = 0; i < 3 * want_calls; i++) {
        rt_cval idx = {.kind = RT_CT_U32, .of.u = i}, v;
        assert_true(fixture_call(f, "log", &idx, 1, &v));
        if (v.of.u != want[i])
            fail_msg("%s: realloc word %u is %u, expected %u", fn, i, (unsigned)v.of.u, want[i]);
    }
}

static void test_transcoding_realloc_sequences(void **state)
{
    fixture f;
    fixture_load(&f, transcode_wat);
    fixture_instantiate(&f);
    const char *mixed = "a\xc3\xa9\xf0\x9f\x98\x80"; /* 7 UTF-8 bytes, 4 UTF-16 units */
    const char *latin = "a\xc3\xa9";                  /* 2 latin1 code points */

    /* utf8 -> utf16: worst case 2 * 7, then shrink to 8 bytes */
    expect_reallocs(&f, "echo16", mixed, RT_CSTR_UTF8, (const uint32_t[]){0, 2, 14, 14, 2, 8}, 2,
                    RT_CSTR_UTF16);
    /* utf16 -> utf8: 4 bytes optimistic, 3 * 4 worst case, shrink to 7 */
    expect_reallocs(&f, "echo8", mixed, RT_CSTR_UTF16,
                    (const uint32_t[]){0, 1, 4, 4, 1, 12, 12, 1, 7}, 3, RT_CSTR_UTF8);
    /* latin1 -> utf8: 2 bytes optimistic, 2 * 2 worst case, shrink to 3 */
    expect_reallocs(&f, "echo8", latin, RT_CSTR_LATIN1,
                    (const uint32_t[]){0, 1, 2, 2, 1, 4, 4, 1, 3}, 3, RT_CSTR_UTF8);
    /* utf8 -> latin1+utf16: 7 latin1 bytes, inflated to 14, shrunk to 8 */
    expect_reallocs(&f, "echo-compact", mixed, RT_CSTR_UTF8,
                    (const uint32_t[]){0, 2, 7, 7, 2, 14, 14, 2, 8}, 3, RT_CSTR_TAGGED_UTF16);
    /* utf8 -> latin1+utf16 that fits latin1: shrink from 3 bytes to 2 */
    expect_reallocs(&f, "echo-compact", latin, RT_CSTR_UTF8, (const uint32_t[]){0, 2, 3, 3, 2, 2},
                    2, RT_CSTR_LATIN1);
    /* tagged utf16 -> latin1+utf16: UTF-16 first, deflated to latin1 */
    expect_reallocs(&f, "echo-compact", latin, RT_CSTR_TAGGED_UTF16,
                    (const uint32_t[]){0, 2, 4, 4, 1, 2}, 2, RT_CSTR_LATIN1);
    /* exact copies: latin1 -> latin1+utf16, utf16 -> utf16, utf8 -> utf8 */
    expect_reallocs(&f, "echo-compact", latin, RT_CSTR_LATIN1, (const uint32_t[]){0, 2, 2}, 1,
                    RT_CSTR_LATIN1);
    expect_reallocs(&f, "echo16", mixed, RT_CSTR_TAGGED_UTF16, (const uint32_t[]){0, 2, 8}, 1,
                    RT_CSTR_UTF16);
    expect_reallocs(&f, "echo8", mixed, RT_CSTR_UTF8, (const uint32_t[]){0, 1, 7}, 1,
                    RT_CSTR_UTF8);
    /* an origin the text cannot have is read as UTF-8 */
    expect_reallocs(&f, "echo8", mixed, RT_CSTR_LATIN1, (const uint32_t[]){0, 1, 7}, 1,
                    RT_CSTR_UTF8);
    fixture_done(&f);
}

/* ---- semver-compatible interface names ------------------------------------------ */

static bool host_seven(void *user, const rt_chost_call *c, const rt_cval *args, uint32_t n,
                       rt_cval *result, rt_trap *trap)
{
    *result = (rt_cval){.kind = RT_CT_U32, .of.u = 7};
    return true;
}

static const char *versioned_wat(char *buf, size_t size, const char *version)
{
    snprintf(buf, size,
             "(component"
             " (import \"test:host/api@%s\" (instance $api (export \"seven\" (func (result u32)))))"
             " (alias export $api \"seven\" (func $seven))"
             " (core func $s (canon lower (func $seven)))"
             " (core module $M (import \"\" \"s\" (func $s (result i32)))"
             "   (func (export \"run\") (result i32) (call $s)))"
             " (core instance $m (instantiate $M (with \"\" (instance (export \"s\" (func $s))))))"
             " (func (export \"run\") (result u32) (canon lift (core func $m \"run\"))))",
             version);
    return buf;
}

/* Links an import of `imported` against a host interface `provided`. */
static bool links(const char *imported, const char *provided)
{
    char wat[1024], iface[64];
    fixture f;
    fixture_load(&f, versioned_wat(wat, sizeof wat, imported));
    snprintf(iface, sizeof iface, "test:host/api@%s", provided);
    assert_true(rt_clinker_define_func(f.linker, iface, "seven", NULL, host_seven, NULL));
    bool ok = rt_cinstantiate(f.store, f.linker, f.comp, &f.inst, &f.trap);
    if (ok) {
        rt_cval r;
        assert_true(fixture_call(&f, "run", NULL, 0, &r));
        assert_int_equal(r.of.u, 7);
    } else {
        assert_int_equal(f.trap.kind, RT_TRAP_LINK);
    }
    fixture_done(&f);
    return ok;
}

static void test_semver_compatible_interfaces(void **state)
{
    assert_true(links("0.2.0", "0.2.0"));
    assert_true(links("0.2.0", "0.2.3"));
    assert_true(links("0.2.3", "0.2.0"));
    assert_true(links("1.2.0", "1.5.1"));
    assert_true(links("0.0.1", "0.0.1"));
    assert_false(links("0.2.0", "0.3.0"));
    assert_false(links("1.0.0", "2.0.0"));
    assert_false(links("0.0.1", "0.0.2"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_donut_wrapping_traps),
        cmocka_unit_test(test_reentering_from_host_traps),
        cmocka_unit_test(test_transcoding_realloc_sequences),
        cmocka_unit_test(test_semver_compatible_interfaces),
    };
    return unit_run("rt_component_calls", tests);
}
