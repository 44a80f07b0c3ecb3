/* The s-expression reader: tree shape, annotations, bounds and errors. */
#include "unit.h"

#include <stdlib.h>
#include <string.h>

#include "text/sexpr.h"

typedef struct tree {
    comp_arena arena;
    text_sexpr *root;
    text_error err;
    bool ok;
} tree;

static void read_opts(tree *t, const char *src, size_t len, const text_sexpr_options *opts)
{
    memset(t, 0, sizeof *t);
    comp_arena_init(&t->arena);
    t->ok = text_sexpr_read(src, len, &t->arena, opts, &t->root, &t->err);
}

static void read_src(tree *t, const char *src)
{
    read_opts(t, src, strlen(src), NULL);
}

static void done(tree *t)
{
    comp_arena_free(&t->arena);
}

static void bad(const char *src, const text_sexpr_options *opts, uint32_t line, uint32_t col,
                const char *needle)
{
    tree t;
    read_opts(&t, src, strlen(src), opts);
    if (t.ok)
        fail_msg("'%s' was accepted", src);
    if (!strstr(t.err.message, needle))
        fail_msg("'%s': message '%s' lacks '%s'", src, t.err.message, needle);
    if (t.err.pos.line != line || t.err.pos.col != col)
        fail_msg("'%s': error at %u:%u, expected %u:%u", src, t.err.pos.line, t.err.pos.col,
                 line, col);
    done(&t);
}

static void shape_and_positions(void **state)
{
    (void)state;
    tree t;
    read_src(&t, "(module $m\n  (func (export \"f\") (result i32) (i32.const 1)))\n(assert_return (invoke \"f\") (i32.const 1))");
    assert_true(t.ok);
    text_sexpr *root = t.root;
    assert_int_equal(root->kind, SX_LIST);
    assert_null(root->parent);
    assert_int_equal(root->count, 2);

    text_sexpr *mod = root->items[0];
    assert_true(text_sexpr_is_form(mod, "module"));
    assert_false(text_sexpr_is_form(mod, "func"));
    assert_ptr_equal(mod->parent, root);
    assert_int_equal(mod->count, 3);
    assert_true(text_sexpr_is(mod->items[1], TOK_ID, "$m"));
    assert_true(text_sexpr_is(mod->items[1], TOK_ID, NULL));
    assert_false(text_sexpr_is(mod->items[1], TOK_KEYWORD, NULL));
    assert_int_equal(mod->tok.pos.line, 1);
    assert_int_equal(mod->tok.pos.col, 1);
    assert_int_equal(mod->end.line, 2);
    assert_int_equal(mod->end.col, 49);

    text_sexpr *func = mod->items[2];
    assert_true(text_sexpr_is_form(func, "func"));
    assert_int_equal(func->tok.pos.line, 2);
    assert_int_equal(func->tok.pos.col, 3);
    assert_int_equal(func->count, 4);
    const text_sexpr *exp = func->items[1];
    assert_true(text_sexpr_is_form(exp, "export"));
    assert_int_equal(exp->items[1]->tok.kind, TOK_STRING);
    assert_memory_equal(exp->items[1]->tok.value, "f", 1);
    assert_ptr_equal(exp->items[1]->parent, exp);

    const text_token *head = text_sexpr_head(root->items[1]);
    assert_non_null(head);
    assert_int_equal(head->len, strlen("assert_return"));
    assert_null(text_sexpr_head(mod->items[1]));   /* an atom */
    assert_int_equal(root->items[1]->tok.pos.line, 3);
    done(&t);
}

static void empty_and_atoms_only(void **state)
{
    (void)state;
    tree t;
    read_src(&t, "");
    assert_true(t.ok);
    assert_int_equal(t.root->count, 0);
    assert_null(t.root->items);
    done(&t);
    read_src(&t, " ;; nothing\n (; here ;) ");
    assert_true(t.ok);
    assert_int_equal(t.root->count, 0);
    done(&t);
    read_src(&t, "a 1 \"s\" ()");
    assert_true(t.ok);
    assert_int_equal(t.root->count, 4);
    assert_true(text_sexpr_is(t.root->items[0], TOK_KEYWORD, "a"));
    assert_true(text_sexpr_is(t.root->items[1], TOK_INT, "1"));
    assert_true(text_sexpr_is(t.root->items[2], TOK_STRING, "\"s\""));
    assert_int_equal(t.root->items[3]->kind, SX_LIST);
    assert_int_equal(t.root->items[3]->count, 0);
    assert_null(text_sexpr_head(t.root->items[3]));
    done(&t);
}

static void annotations_kept_or_dropped(void **state)
{
    (void)state;
    const char *src = "(module (@name \"m\") (func (@a (b (@c)) \"x\") nop) (@x))";
    tree t;
    read_opts(&t, src, strlen(src), &(text_sexpr_options){.keep_annotations = true});
    assert_true(t.ok);
    text_sexpr *mod = t.root->items[0];
    assert_int_equal(mod->count, 4);
    assert_int_equal(mod->items[1]->kind, SX_ANNOT);
    assert_memory_equal(mod->items[1]->tok.value, "name", 4);
    assert_int_equal(mod->items[1]->count, 1);
    text_sexpr *func = mod->items[2];
    assert_int_equal(func->count, 3);
    text_sexpr *a = func->items[1];
    assert_int_equal(a->kind, SX_ANNOT);
    assert_int_equal(a->count, 2);
    assert_true(text_sexpr_is_form(a->items[0], "b"));
    assert_int_equal(a->items[0]->items[1]->kind, SX_ANNOT);
    assert_int_equal(mod->items[3]->kind, SX_ANNOT);
    assert_int_equal(mod->items[3]->count, 0);
    done(&t);

    read_src(&t, src);
    assert_true(t.ok);
    mod = t.root->items[0];
    assert_int_equal(mod->count, 2);
    assert_true(text_sexpr_is(mod->items[0], TOK_KEYWORD, "module"));
    func = mod->items[1];
    assert_int_equal(func->count, 2);
    assert_true(text_sexpr_is(func->items[0], TOK_KEYWORD, "func"));
    assert_true(text_sexpr_is(func->items[1], TOK_KEYWORD, "nop"));
    done(&t);

    /* Dropped annotations are still checked. */
    bad("(module (@a \"\\q\"))", NULL, 1, 14, "malformed string escape");
    bad("(module (@a (b)", NULL, 1, 9, "unclosed annotation");
}

static void structure_errors(void **state)
{
    (void)state;
    bad(")", NULL, 1, 1, "unexpected ')'");
    bad("(a) (b))", NULL, 1, 8, "unexpected ')'");
    bad("(module\n  (func", NULL, 2, 3, "unclosed '('");
    bad("(", NULL, 1, 1, "unclosed '('");
    bad("(a \"b)", NULL, 1, 4, "unterminated string");
    bad("(a\n  (; x", NULL, 2, 3, "unterminated block comment");
    bad("(a\n b \x01)", NULL, 2, 4, "unexpected character");
}

static void depth_bound(void **state)
{
    (void)state;
    text_sexpr_options three = {.max_depth = 3};
    tree t;
    read_opts(&t, "(((x)))", 7, &three);
    assert_true(t.ok);
    done(&t);
    bad("(((())))", &three, 1, 4, "nesting too deep");
    bad("((((@a))))", &three, 1, 4, "nesting too deep");

    /* The default bound, reached and passed. */
    size_t n = TEXT_SEXPR_DEFAULT_MAX_DEPTH;
    char *src = malloc(2 * (n + 1));
    assert_non_null(src);
    memset(src, '(', n);
    memset(src + n, ')', n);
    read_opts(&t, src, 2 * n, NULL);
    assert_true(t.ok);
    done(&t);
    memset(src, '(', n + 1);
    memset(src + n + 1, ')', n + 1);
    read_opts(&t, src, 2 * (n + 1), NULL);
    assert_false(t.ok);
    assert_int_equal(t.err.pos.col, n + 1);
    assert_non_null(strstr(t.err.message, "nesting too deep"));
    done(&t);
    free(src);
}

/* Many siblings: built in order, in linear time. */
static void long_lists(void **state)
{
    (void)state;
    size_t n = 200000;
    char *src = malloc(2 * n + 2);
    assert_non_null(src);
    src[0] = '(';
    for (size_t i = 0; i < n; i++) {
        src[1 + 2 * i] = (char)('a' + i % 26);
        src[2 + 2 * i] = ' ';
    }
    src[2 * n + 1] = ')';
    tree t;
    read_opts(&t, src, 2 * n + 2, NULL);
    assert_true(t.ok);
    text_sexpr *list = t.root->items[0];
    assert_int_equal(list->count, n);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(list->items[i]->tok.text[0], 'a' + i % 26);
        assert_int_equal(list->items[i]->tok.pos.offset, 1 + 2 * i);
    }
    assert_null(list->items[n - 1]->next);
    assert_ptr_equal(list->items[0]->next, list->items[1]);
    done(&t);
    free(src);
}

static void never_crashes(void **state)
{
    (void)state;
    uint32_t seed = 777;
    const char alphabet[] = "(()))@\";$ab 1\n";
    char src[48];
    for (int round = 0; round < 20000; round++) {
        size_t len = (size_t)(round % 48);
        for (size_t i = 0; i < len; i++) {
            seed = seed * 1103515245u + 12345u;
            src[i] = alphabet[(seed >> 16) % (sizeof alphabet - 1)];
        }
        tree t;
        read_opts(&t, src, len, &(text_sexpr_options){.max_depth = 4, .keep_annotations = round & 1});
        if (!t.ok) {
            assert_true(t.err.pos.offset <= len);
            assert_true(t.err.pos.line >= 1 && t.err.pos.col >= 1);
        }
        done(&t);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(shape_and_positions),
        cmocka_unit_test(empty_and_atoms_only),
        cmocka_unit_test(annotations_kept_or_dropped),
        cmocka_unit_test(structure_errors),
        cmocka_unit_test(depth_bound),
        cmocka_unit_test(long_lists),
        cmocka_unit_test(never_crashes),
    };
    return unit_run("sexpr", tests);
}
