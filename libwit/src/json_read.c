#include "json_read.h"

#include <string.h>

typedef struct jp {
    const uint8_t *s;
    size_t len, pos;
    comp_arena *arena;
    comp_error *err;
} jp;

/* Members or elements are collected in a list, then copied into an array
 * once their number is known. */
typedef struct jr_cell {
    comp_str key;
    jr_value value;
    struct jr_cell *next;
} jr_cell;

static bool fail(jp *p, const char *what)
{
    return comp_error_set(p->err, p->pos, "package metadata JSON: expected %s", what);
}

static bool oom(jp *p)
{
    return comp_error_set(p->err, p->pos, "out of memory while reading JSON");
}

static void skip_ws(jp *p)
{
    while (p->pos < p->len &&
           (p->s[p->pos] == ' ' || p->s[p->pos] == '\t' || p->s[p->pos] == '\n' || p->s[p->pos] == '\r'))
        p->pos++;
}

static bool hex4(jp *p, uint32_t *out)
{
    if (p->len - p->pos < 4)
        return fail(p, "four hex digits after \\u");
    uint32_t v = 0;
    for (int i = 0; i < 4; i++) {
        uint8_t c = p->s[p->pos++];
        uint32_t d = c >= '0' && c <= '9' ? (uint32_t)(c - '0')
                   : c >= 'a' && c <= 'f' ? (uint32_t)(c - 'a' + 10)
                   : c >= 'A' && c <= 'F' ? (uint32_t)(c - 'A' + 10) : 16;
        if (d == 16) {
            p->pos--;
            return fail(p, "a hex digit");
        }
        v = v * 16 + d;
    }
    *out = v;
    return true;
}

static uint32_t put_utf8(uint8_t *o, uint32_t cp)
{
    if (cp < 0x80) {
        o[0] = (uint8_t)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (uint8_t)(0xc0 | cp >> 6);
        o[1] = (uint8_t)(0x80 | (cp & 0x3f));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (uint8_t)(0xe0 | cp >> 12);
        o[1] = (uint8_t)(0x80 | (cp >> 6 & 0x3f));
        o[2] = (uint8_t)(0x80 | (cp & 0x3f));
        return 3;
    }
    o[0] = (uint8_t)(0xf0 | cp >> 18);
    o[1] = (uint8_t)(0x80 | (cp >> 12 & 0x3f));
    o[2] = (uint8_t)(0x80 | (cp >> 6 & 0x3f));
    o[3] = (uint8_t)(0x80 | (cp & 0x3f));
    return 4;
}

/* A string at p->pos (the opening quote). The decoded text is never longer
 * than the escaped one. */
static bool string(jp *p, comp_str *out)
{
    p->pos++;
    size_t start = p->pos;
    while (p->pos < p->len && p->s[p->pos] != '"')
        p->pos += p->s[p->pos] == '\\' ? 2 : 1;
    if (p->pos >= p->len || p->pos - start > UINT32_MAX)
        return fail(p, "a closing '\"'");
    uint8_t *buf = comp_arena_alloc(p->arena, p->pos - start + 1);
    if (!buf)
        return oom(p);
    uint32_t n = 0;
    p->pos = start;
    while (p->s[p->pos] != '"') {
        uint8_t c = p->s[p->pos++];
        if (c < 0x20) {
            p->pos--;
            return fail(p, "no control characters in a string");
        }
        if (c != '\\') {
            buf[n++] = c;
            continue;
        }
        uint8_t e = p->s[p->pos++];
        switch (e) {
        case '"': case '\\': case '/': buf[n++] = e; break;
        case 'b': buf[n++] = '\b'; break;
        case 'f': buf[n++] = '\f'; break;
        case 'n': buf[n++] = '\n'; break;
        case 'r': buf[n++] = '\r'; break;
        case 't': buf[n++] = '\t'; break;
        case 'u': {
            uint32_t cp, lo;
            if (!hex4(p, &cp))
                return false;
            if (cp >= 0xd800 && cp < 0xdc00) {
                if (p->len - p->pos < 2 || p->s[p->pos] != '\\' || p->s[p->pos + 1] != 'u')
                    return fail(p, "a low surrogate after a high one");
                p->pos += 2;
                if (!hex4(p, &lo))
                    return false;
                if (lo < 0xdc00 || lo >= 0xe000)
                    return fail(p, "a low surrogate after a high one");
                cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
            } else if (cp >= 0xdc00 && cp < 0xe000) {
                return fail(p, "no lone low surrogate");
            }
            /* \uXXXX (6 bytes) decodes to at most 3; a pair (12) to 4. */
            n += put_utf8(buf + n, cp);
            break;
        }
        default:
            p->pos--;
            return fail(p, "a valid escape");
        }
    }
    p->pos++;
    *out = (comp_str){(const char *)buf, n};
    return true;
}

static bool value(jp *p, jr_value *v, unsigned depth);

static bool collect(jp *p, jr_value *v, jr_cell *head, uint32_t n)
{
    v->count = n;
    v->items = n ? comp_arena_array(p->arena, n, sizeof *v->items) : NULL;
    if (v->kind == JR_OBJECT)
        v->keys = n ? comp_arena_array(p->arena, n, sizeof *v->keys) : NULL;
    if (n && (!v->items || (v->kind == JR_OBJECT && !v->keys)))
        return oom(p);
    uint32_t i = 0;
    for (jr_cell *c = head; c; c = c->next, i++) {
        v->items[i] = c->value;
        if (v->keys)
            v->keys[i] = c->key;
    }
    return true;
}

static bool container(jp *p, jr_value *v, unsigned depth)
{
    bool object = p->s[p->pos] == '{';
    char close = object ? '}' : ']';
    if (depth >= JR_MAX_DEPTH)
        return comp_error_set(p->err, p->pos, "package metadata JSON nests deeper than %d", JR_MAX_DEPTH);
    v->kind = object ? JR_OBJECT : JR_ARRAY;
    p->pos++;
    jr_cell *head = NULL, **tail = &head;
    uint32_t n = 0;
    skip_ws(p);
    if (p->pos < p->len && p->s[p->pos] == close) {
        p->pos++;
        return collect(p, v, NULL, 0);
    }
    for (;;) {
        jr_cell *c = comp_arena_alloc(p->arena, sizeof *c);
        if (!c)
            return oom(p);
        memset(c, 0, sizeof *c);
        skip_ws(p);
        if (object) {
            if (p->pos >= p->len || p->s[p->pos] != '"')
                return fail(p, "a member name");
            if (!string(p, &c->key))
                return false;
            skip_ws(p);
            if (p->pos >= p->len || p->s[p->pos] != ':')
                return fail(p, "':'");
            p->pos++;
        }
        if (!value(p, &c->value, depth + 1))
            return false;
        *tail = c;
        tail = &c->next;
        n++;
        skip_ws(p);
        if (p->pos < p->len && p->s[p->pos] == ',') {
            p->pos++;
            continue;
        }
        if (p->pos < p->len && p->s[p->pos] == close) {
            p->pos++;
            return collect(p, v, head, n);
        }
        return fail(p, object ? "',' or '}'" : "',' or ']'");
    }
}

static bool literal(jp *p, const char *word)
{
    size_t n = strlen(word);
    if (p->len - p->pos < n || memcmp(p->s + p->pos, word, n) != 0)
        return fail(p, "a JSON value");
    p->pos += n;
    return true;
}

static bool number(jp *p, jr_value *v)
{
    size_t start = p->pos;
    if (p->s[p->pos] == '-')
        p->pos++;
    size_t digits = p->pos;
    while (p->pos < p->len && ((p->s[p->pos] >= '0' && p->s[p->pos] <= '9') || p->s[p->pos] == '.' ||
                               p->s[p->pos] == 'e' || p->s[p->pos] == 'E' || p->s[p->pos] == '+' ||
                               p->s[p->pos] == '-'))
        p->pos++;
    if (p->pos == digits || p->pos - start > UINT32_MAX)
        return fail(p, "a number");
    v->kind = JR_NUMBER;
    v->str = (comp_str){(const char *)p->s + start, (uint32_t)(p->pos - start)};
    return true;
}

static bool value(jp *p, jr_value *v, unsigned depth)
{
    memset(v, 0, sizeof *v);
    skip_ws(p);
    if (p->pos >= p->len)
        return fail(p, "a JSON value");
    switch (p->s[p->pos]) {
    case '{': case '[': return container(p, v, depth);
    case '"': v->kind = JR_STRING; return string(p, &v->str);
    case 't': v->kind = JR_BOOL; v->boolean = true; return literal(p, "true");
    case 'f': v->kind = JR_BOOL; return literal(p, "false");
    case 'n': v->kind = JR_NULL; return literal(p, "null");
    default:
        if (p->s[p->pos] == '-' || (p->s[p->pos] >= '0' && p->s[p->pos] <= '9'))
            return number(p, v);
        return fail(p, "a JSON value");
    }
}

bool jr_parse(const uint8_t *text, size_t len, comp_arena *arena, jr_value *out, comp_error *err)
{
    jp p = {.s = text, .len = len, .arena = arena, .err = err};
    if (!value(&p, out, 0))
        return false;
    skip_ws(&p);
    return p.pos == len || fail(&p, "the end of the JSON text");
}

const jr_value *jr_get(const jr_value *v, const char *key)
{
    if (!v || v->kind != JR_OBJECT)
        return NULL;
    size_t n = strlen(key);
    for (uint32_t i = 0; i < v->count; i++)
        if (v->keys[i].len == n && memcmp(v->keys[i].data, key, n) == 0)
            return &v->items[i];
    return NULL;
}
