/* wit_embed_find_world and wit_embed_module: which world a name picks and
 * what an embedded module looks like (the module unchanged, then one
 * component-type custom section holding the world's embed form). */
#include "unit.h"
#include "wit_cases.h"

#include <string.h>

#include "wit/embed.h"
#include "wit/encode.h"
#include "wit/resolve.h"

static const char two_worlds[] =
    "package test:main@1.0.0;\n"
    "world a { export f: func(); }\n"
    "world b { import g: func(x: u32) -> string; }\n"
    "package dep:x@2.0.0 { world d { export h: func(); } }\n";

static const char one_world[] = "package test:one;\nworld only { export f: func(); }\n";

static const uint8_t empty_module[] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};

static void worlds_are_found_by_name(void **state)
{
    (void)state;
    comp_arena a;
    comp_arena_init(&a);
    wit_resolve *r = unit_resolve_wit(&a, "two.wit", two_worlds, NULL);
    comp_error err = {0};
    uint32_t b = wit_embed_find_world(r, "b", &err);
    assert_int_equal(b, wit_resolve_find_world(r, r->main_package, "b"));
    assert_int_equal(wit_embed_find_world(r, "test:main/a@1.0.0", &err),
                     wit_resolve_find_world(r, r->main_package, "a"));
    uint32_t d = wit_embed_find_world(r, "dep:x/d@2.0.0", &err);
    assert_int_not_equal(d, WIT_NO_ID);
    assert_memory_equal(r->worlds[d].name.data, "d", 1);

    assert_int_equal(wit_embed_find_world(r, NULL, &err), WIT_NO_ID);
    assert_non_null(strstr(err.message, "has 2 worlds"));
    assert_int_equal(wit_embed_find_world(r, "nope", &err), WIT_NO_ID);
    assert_non_null(strstr(err.message, "'nope'"));
    assert_int_equal(wit_embed_find_world(r, "dep:x/d@9.0.0", &err), WIT_NO_ID);
    assert_int_equal(wit_embed_find_world(r, "dep:x/", &err), WIT_NO_ID);

    wit_resolve *one = unit_resolve_wit(&a, "one.wit", one_world, NULL);
    assert_int_equal(wit_embed_find_world(one, NULL, &err),
                     wit_resolve_find_world(one, one->main_package, "only"));
    comp_arena_free(&a);
}

static void module_gets_one_section(void **state)
{
    (void)state;
    comp_arena a;
    comp_arena_init(&a);
    wit_resolve *r = unit_resolve_wit(&a, "two.wit", two_worlds, NULL);
    comp_error err = {0};
    uint32_t b = wit_embed_find_world(r, "b", &err);
    comp_buf out = {0}, section = {0};
    assert_int_equal(wit_embed_module(empty_module, sizeof empty_module, r, b, NULL, &out, &err),
                     WIT_EMBED_OK);
    assert_true(wit_encode_custom_section(r, b, "b", &section, &err));
    assert_int_equal(out.len, sizeof empty_module + section.len);
    assert_memory_equal(out.data, empty_module, sizeof empty_module);
    assert_memory_equal(out.data + sizeof empty_module, section.data, section.len);

    /* An explicit section name replaces the world's. */
    comp_buf named = {0};
    assert_int_equal(wit_embed_module(empty_module, sizeof empty_module, r, b, "x:y", &named, &err),
                     WIT_EMBED_OK);
    assert_non_null(memchr(named.data, 'x', named.len));
    assert_int_equal(named.len, out.len + 2); /* "x:y" is two bytes longer than "b" */
    comp_buf_free(&named);
    comp_buf_free(&section);
    comp_buf_free(&out);
    comp_arena_free(&a);
}

static void bad_modules_are_refused(void **state)
{
    (void)state;
    comp_arena a;
    comp_arena_init(&a);
    wit_resolve *r = unit_resolve_wit(&a, "one.wit", one_world, NULL);
    comp_error err = {0};
    uint32_t w = wit_embed_find_world(r, NULL, &err);
    static const uint8_t component[] = {0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00};
    static const uint8_t truncated[] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x07};
    /* A function whose body returns an i32 it does not have. */
    static const uint8_t invalid[] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05,
                                      0x01, 0x60, 0x00, 0x01, 0x7f, 0x03, 0x02, 0x01, 0x00, 0x0a,
                                      0x04, 0x01, 0x02, 0x00, 0x0b};
    comp_buf out = {0};
    assert_int_equal(wit_embed_module(component, sizeof component, r, w, NULL, &out, &err),
                     WIT_EMBED_BAD_MODULE);
    assert_non_null(strstr(err.message, "component"));
    assert_int_equal(wit_embed_module(truncated, sizeof truncated, r, w, NULL, &out, &err),
                     WIT_EMBED_BAD_MODULE);
    assert_true(err.offset <= sizeof truncated);
    assert_int_equal(wit_embed_module(invalid, sizeof invalid, r, w, NULL, &out, &err),
                     WIT_EMBED_BAD_MODULE);
    assert_int_equal(out.len, 0);
    comp_buf_free(&out);
    comp_arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(worlds_are_found_by_name),
        cmocka_unit_test(module_gets_one_section),
        cmocka_unit_test(bad_modules_are_refused),
    };
    return unit_run("wit_embed", tests);
}
