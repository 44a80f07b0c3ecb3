/* Indented output for the WIT printer: two spaces per level, written lazily
 * when the first text of a line arrives so blank lines stay empty. */
#include "print_internal.h"

#include <stdio.h>
#include <string.h>

void wp_raw(pr *p, const char *s, size_t len)
{
    comp_buf_append(p->out, s, len);
}

static void indent_if_needed(pr *p)
{
    if (!p->needs_indent)
        return;
    for (unsigned i = 0; i < p->indent; i++)
        wp_raw(p, "  ", 2);
    p->needs_indent = false;
}

void wp_str(pr *p, const char *s)
{
    indent_if_needed(p);
    wp_raw(p, s, strlen(s));
}

void wp_cstr(pr *p, comp_str s)
{
    indent_if_needed(p);
    wp_raw(p, s.data, s.len);
}

void wp_name(pr *p, comp_str name)
{
    indent_if_needed(p);
    if (wp_is_keyword(name))
        wp_raw(p, "%", 1);
    wp_raw(p, name.data, name.len);
}

void wp_newline(pr *p)
{
    wp_raw(p, "\n", 1);
    p->needs_indent = true;
}

void wp_block_start(pr *p)
{
    wp_raw(p, " {", 2);
    p->indent++;
    wp_newline(p);
}

void wp_block_end(pr *p)
{
    if (p->indent)
        p->indent--;
    wp_str(p, "}");
    wp_newline(p);
}

void wp_semicolon(pr *p)
{
    wp_raw(p, ";", 1);
    wp_newline(p);
}

void wp_new_item(pr *p)
{
    if (p->any_items)
        wp_newline(p);
    p->any_items = true;
}

void wp_fail(pr *p, const char *why)
{
    if (!p->failed)
        snprintf(p->why, sizeof p->why, "%s", why);
    p->failed = true;
}
