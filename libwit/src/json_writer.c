/* Pretty JSON output (see json_writer.h). */
#include "json_writer.h"

#include <stdio.h>
#include <string.h>

static void put(wj *w, const char *s, size_t n)
{
    comp_buf_append(w->out, s, n);
}

static void line(wj *w)
{
    put(w, "\n", 1);
    for (unsigned i = 0; i < w->depth; i++)
        put(w, "  ", 2);
}

/* Comma and line break before an element of an array or object. */
static void element(wj *w)
{
    if (w->depth == 0)
        return;
    if (!w->first[w->depth])
        put(w, ",", 1);
    w->first[w->depth] = false;
    line(w);
}

static void value_prefix(wj *w)
{
    if (w->after_key)
        w->after_key = false;
    else
        element(w);
}

void wj_begin(wj *w, char open)
{
    value_prefix(w);
    put(w, &open, 1);
    if (w->depth + 1 < WJ_MAX_DEPTH)
        w->depth++;
    w->first[w->depth] = true;
}

void wj_end(wj *w, char close)
{
    bool empty = w->first[w->depth];
    if (w->depth)
        w->depth--;
    if (!empty)
        line(w);
    put(w, &close, 1);
}

static void quoted(wj *w, const char *s, size_t n)
{
    put(w, "\"", 1);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        char esc[8];
        switch (c) {
        case '"': put(w, "\\\"", 2); break;
        case '\\': put(w, "\\\\", 2); break;
        case '\n': put(w, "\\n", 2); break;
        case '\r': put(w, "\\r", 2); break;
        case '\t': put(w, "\\t", 2); break;
        case '\b': put(w, "\\b", 2); break;
        case '\f': put(w, "\\f", 2); break;
        default:
            if (c < 0x20)
                put(w, esc, (size_t)snprintf(esc, sizeof esc, "\\u%04x", c));
            else
                put(w, (const char *)&s[i], 1);
        }
    }
    put(w, "\"", 1);
}

void wj_key(wj *w, const char *key)
{
    element(w);
    quoted(w, key, strlen(key));
    put(w, ": ", 2);
    w->after_key = true;
}

void wj_key_str(wj *w, comp_str key)
{
    element(w);
    quoted(w, key.data, key.len);
    put(w, ": ", 2);
    w->after_key = true;
}

void wj_string(wj *w, comp_str s)
{
    value_prefix(w);
    quoted(w, s.data ? s.data : "", s.data ? s.len : 0);
}

void wj_cstring(wj *w, const char *s)
{
    value_prefix(w);
    quoted(w, s, strlen(s));
}

void wj_uint(wj *w, uint64_t v)
{
    char n[24];
    value_prefix(w);
    put(w, n, (size_t)snprintf(n, sizeof n, "%llu", (unsigned long long)v));
}

void wj_null(wj *w)
{
    value_prefix(w);
    put(w, "null", 4);
}
