/* The JSON dump of a resolved model: the exact layout for a small package,
 * escaping, the serde shapes of kinds, and well-formed JSON for every WASI
 * package (checked by a small validator here). */
#include "unit.h"
#include "wit_cases.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wit/json.h"
#include "wit/resolve.h"

static char *json_of(const char *text)
{
    comp_arena a;
    comp_arena_init(&a);
    wit_source src = {"t.wit", text, strlen(text), 0};
    wit_resolve *r = NULL;
    wit_diag d = {0};
    if (!wit_resolve_sources(&src, 1, NULL, &a, &r, &d)) {
        print_error("resolve failed %u:%u: %s\n", d.line, d.col, d.message);
        comp_arena_free(&a);
        return NULL;
    }
    comp_buf out = {0};
    bool ok = wit_json_write(r, &out);
    comp_arena_free(&a);
    if (!ok) {
        comp_buf_free(&out);
        return NULL;
    }
    comp_buf_byte(&out, 0);
    return (char *)out.data;
}

/* ---- a minimal JSON validator (RFC 8259 syntax, depth-bounded) --------- */

static void skip_ws(const char **s)
{
    while (**s == ' ' || **s == '\n' || **s == '\t' || **s == '\r')
        (*s)++;
}

static bool value(const char **s, int depth);

static bool string(const char **s)
{
    if (**s != '"')
        return false;
    for ((*s)++; **s != '"'; (*s)++) {
        if ((unsigned char)**s < 0x20)
            return false;
        if (**s == '\\') {
            (*s)++;
            if (!strchr("\"\\/bfnrtu", **s) || !**s)
                return false;
        }
    }
    (*s)++;
    return true;
}

static bool container(const char **s, int depth, char close, bool keyed)
{
    (*s)++;
    skip_ws(s);
    if (**s == close) {
        (*s)++;
        return true;
    }
    for (;;) {
        skip_ws(s);
        if (keyed) {
            if (!string(s))
                return false;
            skip_ws(s);
            if (*(*s)++ != ':')
                return false;
        }
        if (!value(s, depth + 1))
            return false;
        skip_ws(s);
        if (**s == close) {
            (*s)++;
            return true;
        }
        if (*(*s)++ != ',')
            return false;
    }
}

static bool value(const char **s, int depth)
{
    if (depth > 64)
        return false;
    skip_ws(s);
    switch (**s) {
    case '{': return container(s, depth, '}', true);
    case '[': return container(s, depth, ']', false);
    case '"': return string(s);
    case 'n': return strncmp(*s, "null", 4) == 0 && (*s += 4);
    default:
        if (**s < '0' || **s > '9')
            return false;
        while (**s >= '0' && **s <= '9')
            (*s)++;
        return true;
    }
}

static bool valid_json(const char *text)
{
    const char *s = text;
    if (!value(&s, 0))
        return false;
    skip_ws(&s);
    return *s == 0;
}

/* ---- tests -------------------------------------------------------------- */

static void small_package_exact(void **state)
{
    (void)state;
    char *got = json_of("package a:b;\ninterface i { type t = u8; f: func(x: t) -> list<t>; }\n");
    assert_non_null(got);
    assert_string_equal(got,
        "{\n"
        "  \"worlds\": [],\n"
        "  \"interfaces\": [\n"
        "    {\n"
        "      \"name\": \"i\",\n"
        "      \"types\": {\n"
        "        \"t\": 0\n"
        "      },\n"
        "      \"functions\": {\n"
        "        \"f\": {\n"
        "          \"name\": \"f\",\n"
        "          \"kind\": \"freestanding\",\n"
        "          \"params\": [\n"
        "            {\n"
        "              \"name\": \"x\",\n"
        "              \"type\": 0\n"
        "            }\n"
        "          ],\n"
        "          \"result\": 1\n"
        "        }\n"
        "      },\n"
        "      \"package\": 0\n"
        "    }\n"
        "  ],\n"
        "  \"types\": [\n"
        "    {\n"
        "      \"name\": \"t\",\n"
        "      \"kind\": {\n"
        "        \"type\": \"u8\"\n"
        "      },\n"
        "      \"owner\": {\n"
        "        \"interface\": 0\n"
        "      }\n"
        "    },\n"
        "    {\n"
        "      \"name\": null,\n"
        "      \"kind\": {\n"
        "        \"list\": 0\n"
        "      },\n"
        "      \"owner\": null\n"
        "    }\n"
        "  ],\n"
        "  \"packages\": [\n"
        "    {\n"
        "      \"name\": \"a:b\",\n"
        "      \"interfaces\": {\n"
        "        \"i\": 0\n"
        "      },\n"
        "      \"worlds\": {}\n"
        "    }\n"
        "  ]\n"
        "}\n"
    );
    assert_true(valid_json(got));
    free(got);
}

static void validator_rejects_bad_json(void **state)
{
    (void)state;
    assert_true(valid_json("{\"a\": [1, null, {}], \"b\": \"x\\\"\"}"));
    assert_false(valid_json("{\"a\": [1,]}"));
    assert_false(valid_json("{\"a\" 1}"));
    assert_false(valid_json("[\"unterminated]"));
}

static void kinds_docs_and_escaping(void **state)
{
    (void)state;
    char *got = json_of(
        "package a:b@1.0.0;\n"
        "/// Say \"hi\" \\ twice\n"
        "///\n"
        "///\tand tab\n"
        "interface i {\n"
        "  @since(version = 1.0.0)\n"
        "  resource r { constructor(); m: async func(); s: static func(); }\n"
        "  variant v { a, b(string) }\n"
        "  type res = result<_, u8>;\n"
        "  type m = tuple<s8, f64>;\n"
        "}\n"
        "world w { use i.{r}; import f: func() -> r; export i; }\n");
    assert_non_null(got);
    assert_true(valid_json(got));
    /* Like wit-parser, each `///` line is trimmed of surrounding white space. */
    assert_non_null(strstr(got, "\"contents\": \"Say \\\"hi\\\" \\\\ twice\\n\\nand tab\""));
    assert_non_null(strstr(got, "\"kind\": \"resource\""));
    assert_non_null(strstr(got, "\"async-method\": 0"));
    assert_non_null(strstr(got, "\"static\": 0"));
    assert_non_null(strstr(got, "\"constructor\": 0"));
    assert_non_null(strstr(got, "\"stable\": {\n"));
    assert_non_null(strstr(got, "\"since\": \"1.0.0\""));
    assert_non_null(strstr(got, "\"name\": \"a\",\n              \"type\": null"));
    assert_non_null(strstr(got, "\"ok\": null,\n"));
    assert_non_null(strstr(got, "\"err\": \"u8\""));
    assert_non_null(strstr(got, "\"types\": [\n            \"s8\",\n            \"f64\"\n"));
    assert_non_null(strstr(got, "\"owner\": {\n        \"world\": 0\n"));
    assert_non_null(strstr(got, "\"interface-0\": {\n          \"interface\": {\n"));
    assert_non_null(strstr(got, "\"name\": \"a:b@1.0.0\""));
    free(got);
}

static bool writes_valid_json(const char *path, const char *tree, void *ctx)
{
    const char *deps[] = {tree};
    wit_resolve_options opts = {.dep_dirs = deps, .dep_dir_count = 1, .all_features = true};
    comp_arena a;
    comp_arena_init(&a);
    wit_resolve *r = NULL;
    wit_diag d = {0};
    comp_buf out = {0};
    bool ok = wit_resolve_path(path, &opts, &a, &r, &d) && wit_json_write(r, &out);
    comp_buf_byte(&out, 0);
    bool valid = ok && !out.oom && valid_json((const char *)out.data);
    if (!valid)
        print_error("%s: JSON %s\n", path, ok ? "invalid" : "failed");
    comp_buf_free(&out);
    comp_arena_free(&a);
    return valid;
}

static void wasi_packages_valid(void **state)
{
    (void)state;
    unsigned failed = 0;
    unsigned n = wasi_packages(writes_valid_json, NULL, &failed);
    if (n == 0) {
        printf("SKIP wasi_packages_valid: ../shared/wit not found\n");
        return;
    }
    assert_int_equal(failed, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(small_package_exact),
        cmocka_unit_test(validator_rejects_bad_json),
        cmocka_unit_test(kinds_docs_and_escaping),
        cmocka_unit_test(wasi_packages_valid),
    };
    return unit_run("wit_json", tests);
}
