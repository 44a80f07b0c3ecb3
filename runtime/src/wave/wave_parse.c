/* WAVE text to an untyped tree (rt/wave.h). A recursive-descent reader
 * with a depth bound; every error names the byte offset and what was
 * expected there. */
#include "rt/wave.h"

#include <string.h>

typedef struct wave_reader {
    const char *text;
    size_t len, pos;
    comp_arena *arena;
    comp_error *err;
} wave_reader;

static bool oom(wave_reader *r)
{
    return comp_error_set(r->err, r->pos, "out of memory");
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Blanks and `// comment` lines. */
static void skip_blanks(wave_reader *r)
{
    for (;;) {
        while (r->pos < r->len && is_blank(r->text[r->pos]))
            r->pos++;
        if (r->pos + 1 < r->len && r->text[r->pos] == '/' && r->text[r->pos + 1] == '/') {
            while (r->pos < r->len && r->text[r->pos] != '\n')
                r->pos++;
            continue;
        }
        return;
    }
}

static int peek(const wave_reader *r)
{
    return r->pos < r->len ? (unsigned char)r->text[r->pos] : -1;
}

/* What stands at the current position, for messages. */
static const char *found(const wave_reader *r)
{
    return r->pos < r->len ? "here" : "at the end";
}

static bool expect_char(wave_reader *r, char c, const char *context)
{
    skip_blanks(r);
    if (peek(r) == c) {
        r->pos++;
        return true;
    }
    return comp_error_set(r->err, r->pos, "expected '%c' %s, got something else %s", c, context,
                          found(r));
}

/* ---- labels ---------------------------------------------------------------- */

static bool is_lower(int c) { return c >= 'a' && c <= 'z'; }
static bool is_upper(int c) { return c >= 'A' && c <= 'Z'; }
static bool is_digit(int c) { return c >= '0' && c <= '9'; }

/* label ::= word ('-' word)*, word ::= [a-z][a-z0-9]* | [A-Z][A-Z0-9]* */
static bool read_label(wave_reader *r, comp_str *out)
{
    size_t start = r->pos;
    for (;;) {
        int c = peek(r);
        if (!is_lower(c) && !is_upper(c))
            return comp_error_set(r->err, r->pos,
                                  "expected a label word (a letter, then letters and digits)");
        bool lower = is_lower(c);
        while (r->pos < r->len) {
            c = peek(r);
            if (is_digit(c) || (lower ? is_lower(c) : is_upper(c)))
                r->pos++;
            else
                break;
        }
        if (peek(r) != '-')
            break;
        r->pos++;
    }
    out->data = r->text + start;
    out->len = (uint32_t)(r->pos - start);
    return true;
}

bool rt_wave_is_keyword(comp_str label)
{
    static const char *const keywords[] = {"true", "false", "some", "none",
                                           "ok",   "err",   "inf",  "nan"};
    for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++)
        if (strlen(keywords[i]) == label.len && memcmp(keywords[i], label.data, label.len) == 0)
            return true;
    return false;
}

/* ---- chars and strings -------------------------------------------------------- */

/* Decodes one UTF-8 scalar at the position. */
static bool read_utf8(wave_reader *r, uint32_t *out)
{
    const unsigned char *s = (const unsigned char *)r->text + r->pos;
    size_t left = r->len - r->pos;
    uint32_t c = s[0], min;
    size_t n;
    if (c < 0x80) {
        n = 1, min = 0;
    } else if ((c & 0xe0) == 0xc0) {
        n = 2, min = 0x80, c &= 0x1f;
    } else if ((c & 0xf0) == 0xe0) {
        n = 3, min = 0x800, c &= 0x0f;
    } else if ((c & 0xf8) == 0xf0) {
        n = 4, min = 0x10000, c &= 0x07;
    } else {
        return comp_error_set(r->err, r->pos, "expected UTF-8 text, got byte 0x%02x", s[0]);
    }
    if (n > left)
        return comp_error_set(r->err, r->pos, "expected UTF-8 text, got a truncated sequence");
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return comp_error_set(r->err, r->pos, "expected UTF-8 text, got a bad sequence");
        c = (c << 6) | (s[i] & 0x3f);
    }
    if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
        return comp_error_set(r->err, r->pos, "expected UTF-8 text, got a bad sequence");
    r->pos += n;
    *out = c;
    return true;
}

/* One character of a char or string literal, escapes resolved. `quote` is
 * the delimiter, which must be escaped. */
static bool read_literal_char(wave_reader *r, char quote, uint32_t *out)
{
    int c = peek(r);
    if (c < 0 || c == '\n')
        return comp_error_set(r->err, r->pos, "expected a closing %c", quote);
    if (c == quote)
        return comp_error_set(r->err, r->pos, "expected a character before the closing %c", quote);
    if (c != '\\')
        return read_utf8(r, out);
    r->pos++;
    switch (peek(r)) {
    case '\'': *out = '\''; break;
    case '"': *out = '"'; break;
    case '\\': *out = '\\'; break;
    case 't': *out = '\t'; break;
    case 'n': *out = '\n'; break;
    case 'r': *out = '\r'; break;
    case 'u': {
        r->pos++;
        if (peek(r) != '{')
            return comp_error_set(r->err, r->pos, "expected '{' after \\u");
        r->pos++;
        uint32_t v = 0;
        size_t digits = 0;
        for (;; r->pos++, digits++) {
            int d = peek(r);
            int x = is_digit(d) ? d - '0' : (d >= 'a' && d <= 'f') ? d - 'a' + 10
                  : (d >= 'A' && d <= 'F') ? d - 'A' + 10 : -1;
            if (x < 0)
                break;
            if (v > 0x10ffff)
                return comp_error_set(r->err, r->pos, "expected a Unicode scalar value in \\u{...}");
            v = v * 16 + (uint32_t)x;
        }
        if (!digits || peek(r) != '}')
            return comp_error_set(r->err, r->pos, "expected hex digits and '}' in \\u{...}");
        if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
            return comp_error_set(r->err, r->pos, "expected a Unicode scalar value in \\u{...}, got 0x%x", v);
        *out = v;
        break;
    }
    default:
        return comp_error_set(r->err, r->pos, "expected an escape (\\' \\\" \\\\ \\t \\n \\r \\u{X})");
    }
    r->pos++;
    return true;
}

static size_t utf8_put(uint32_t c, char *out)
{
    if (c < 0x80) {
        out[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        out[0] = (char)(0xc0 | (c >> 6));
        out[1] = (char)(0x80 | (c & 0x3f));
        return 2;
    }
    if (c < 0x10000) {
        out[0] = (char)(0xe0 | (c >> 12));
        out[1] = (char)(0x80 | ((c >> 6) & 0x3f));
        out[2] = (char)(0x80 | (c & 0x3f));
        return 3;
    }
    out[0] = (char)(0xf0 | (c >> 18));
    out[1] = (char)(0x80 | ((c >> 12) & 0x3f));
    out[2] = (char)(0x80 | ((c >> 6) & 0x3f));
    out[3] = (char)(0x80 | (c & 0x3f));
    return 4;
}

static bool read_char(wave_reader *r, rt_wave_node *n)
{
    r->pos++; /* ' */
    if (!read_literal_char(r, '\'', &n->ch))
        return false;
    if (peek(r) != '\'')
        return comp_error_set(r->err, r->pos, "expected a closing ' after one character");
    r->pos++;
    n->kind = RT_WAVE_CHAR;
    return true;
}

static bool read_string(wave_reader *r, rt_wave_node *n)
{
    r->pos++; /* " */
    if (r->pos + 1 < r->len && r->text[r->pos] == '"' && r->text[r->pos + 1] == '"')
        return comp_error_set(r->err, r->pos - 1, "expected a one-line string "
                              "(multiline \"\"\" strings are not read)");
    /* The decoded text is never longer than the source. */
    size_t start = r->pos;
    while (r->pos < r->len && r->text[r->pos] != '"' && r->text[r->pos] != '\n')
        r->pos += r->text[r->pos] == '\\' && r->pos + 1 < r->len ? 2 : 1;
    size_t bound = r->pos - start;
    r->pos = start;
    char *buf = comp_arena_alloc(r->arena, bound + 4);
    if (!buf)
        return oom(r);
    size_t used = 0;
    while (peek(r) != '"') {
        uint32_t c;
        if (!read_literal_char(r, '"', &c))
            return false;
        used += utf8_put(c, buf + used);
    }
    r->pos++;
    n->kind = RT_WAVE_STRING;
    n->text = (comp_str){buf, (uint32_t)used};
    return true;
}

/* ---- numbers ------------------------------------------------------------------ */

/* number ::= '-'? ('0' | [1-9][0-9]*) ('.' [0-9]+)? ([eE] [+-]? [0-9]+)?
 *          | nan | inf | -inf */
static bool read_number(wave_reader *r, rt_wave_node *n)
{
    size_t start = r->pos;
    if (peek(r) == '-')
        r->pos++;
    if (r->pos + 3 <= r->len && memcmp(r->text + r->pos, "inf", 3) == 0) {
        r->pos += 3;
    } else {
        if (!is_digit(peek(r)))
            return comp_error_set(r->err, r->pos, "expected a digit or inf after '-'");
        if (peek(r) == '0' && r->pos + 1 < r->len && is_digit((unsigned char)r->text[r->pos + 1]))
            return comp_error_set(r->err, r->pos, "expected a number without leading zeros");
        while (is_digit(peek(r)))
            r->pos++;
        if (peek(r) == '.') {
            r->pos++;
            if (!is_digit(peek(r)))
                return comp_error_set(r->err, r->pos, "expected digits after '.'");
            while (is_digit(peek(r)))
                r->pos++;
        }
        if (peek(r) == 'e' || peek(r) == 'E') {
            r->pos++;
            if (peek(r) == '+' || peek(r) == '-')
                r->pos++;
            if (!is_digit(peek(r)))
                return comp_error_set(r->err, r->pos, "expected exponent digits");
            while (is_digit(peek(r)))
                r->pos++;
        }
    }
    n->kind = RT_WAVE_NUMBER;
    n->text = (comp_str){r->text + start, (uint32_t)(r->pos - start)};
    return true;
}

/* ---- compound values ------------------------------------------------------------ */

static bool read_value(wave_reader *r, rt_wave_node *n, unsigned depth);

/* A growing array of nodes in the arena (doubling, so linear overall). */
typedef struct node_vec {
    rt_wave_node *items;
    uint32_t count, cap;
} node_vec;

static rt_wave_node *vec_push(wave_reader *r, node_vec *v)
{
    if (v->count == v->cap) {
        uint32_t cap = v->cap ? v->cap * 2 : 4;
        rt_wave_node *items = comp_arena_array(r->arena, cap, sizeof *items);
        if (!items) {
            oom(r);
            return NULL;
        }
        if (v->count)
            memcpy(items, v->items, v->count * sizeof *items);
        v->items = items;
        v->cap = cap;
    }
    rt_wave_node *n = &v->items[v->count++];
    memset(n, 0, sizeof *n);
    return n;
}

/* value (',' value)* ','? up to `close`; the opener is consumed. */
static bool read_items(wave_reader *r, char close, node_vec *v, unsigned depth)
{
    for (;;) {
        skip_blanks(r);
        if (peek(r) == close) {
            r->pos++;
            return true;
        }
        rt_wave_node *n = vec_push(r, v);
        if (!n || !read_value(r, n, depth))
            return false;
        skip_blanks(r);
        if (peek(r) == ',') {
            r->pos++;
            continue;
        }
        if (peek(r) == close) {
            r->pos++;
            return true;
        }
        return comp_error_set(r->err, r->pos, "expected ',' or '%c' %s", close, found(r));
    }
}

/* { } flags, {:} empty record, {a, b} flags, {a: v, b: w} record. */
static bool read_braces(wave_reader *r, rt_wave_node *n, unsigned depth)
{
    size_t open = r->pos++;
    node_vec v = {0};
    skip_blanks(r);
    if (peek(r) == ':') {
        r->pos++;
        if (!expect_char(r, '}', "to close the empty record {:}"))
            return false;
        n->kind = RT_WAVE_RECORD;
        return true;
    }
    int record = -1; /* unknown until the first entry */
    for (;;) {
        skip_blanks(r);
        if (peek(r) == '}') {
            r->pos++;
            break;
        }
        rt_wave_node *e = vec_push(r, &v);
        if (!e)
            return false;
        e->offset = r->pos;
        if (peek(r) == '%')
            r->pos++;
        if (!read_label(r, &e->label))
            return false;
        skip_blanks(r);
        bool has_value = peek(r) == ':';
        if (record >= 0 && has_value != (record == 1))
            return comp_error_set(r->err, r->pos, "expected %s in braces opened at offset %zu",
                                  record ? "':' and a value after each field (a record)"
                                         : "bare labels only (flags)", open);
        record = has_value;
        if (has_value) {
            r->pos++;
            skip_blanks(r);
            e->payload = comp_arena_alloc(r->arena, sizeof *e->payload);
            if (!e->payload)
                return oom(r);
            memset(e->payload, 0, sizeof *e->payload);
            if (!read_value(r, e->payload, depth))
                return false;
        }
        skip_blanks(r);
        if (peek(r) == ',') {
            r->pos++;
            continue;
        }
        if (!expect_char(r, '}', "or ',' between entries"))
            return false;
        break;
    }
    n->kind = record == 1 ? RT_WAVE_RECORD : RT_WAVE_FLAGS;
    n->items = v.items;
    n->count = v.count;
    return true;
}

/* label, or label(payload). */
static bool read_case(wave_reader *r, rt_wave_node *n, unsigned depth)
{
    if (peek(r) == '%') {
        n->escaped = true;
        r->pos++;
    }
    if (!read_label(r, &n->label))
        return false;
    n->kind = RT_WAVE_CASE;
    if (!n->escaped && n->label.len == 3 && memcmp(n->label.data, "inf", 3) == 0) {
        n->kind = RT_WAVE_NUMBER;
        n->text = n->label;
        return true;
    }
    if (!n->escaped && n->label.len == 3 && memcmp(n->label.data, "nan", 3) == 0) {
        n->kind = RT_WAVE_NUMBER;
        n->text = n->label;
        return true;
    }
    skip_blanks(r);
    if (peek(r) != '(')
        return true;
    r->pos++;
    skip_blanks(r);
    n->payload = comp_arena_alloc(r->arena, sizeof *n->payload);
    if (!n->payload)
        return oom(r);
    memset(n->payload, 0, sizeof *n->payload);
    return read_value(r, n->payload, depth) &&
           expect_char(r, ')', "to close the case's payload");
}

static bool read_value(wave_reader *r, rt_wave_node *n, unsigned depth)
{
    skip_blanks(r);
    if (depth >= RT_WAVE_MAX_DEPTH)
        return comp_error_set(r->err, r->pos, "values nest deeper than %d levels",
                              RT_WAVE_MAX_DEPTH);
    n->offset = r->pos;
    int c = peek(r);
    if (c == '-' || is_digit(c))
        return read_number(r, n);
    if (c == '\'')
        return read_char(r, n);
    if (c == '"')
        return read_string(r, n);
    if (c == '%' || is_lower(c) || is_upper(c))
        return read_case(r, n, depth + 1);
    node_vec v = {0};
    if (c == '(' || c == '[') {
        r->pos++;
        if (!read_items(r, c == '(' ? ')' : ']', &v, depth + 1))
            return false;
        n->kind = c == '(' ? RT_WAVE_TUPLE : RT_WAVE_LIST;
        n->items = v.items;
        n->count = v.count;
        return true;
    }
    if (c == '{')
        return read_braces(r, n, depth + 1);
    return comp_error_set(r->err, r->pos, "expected a value (number, 'c', \"string\", label, "
                          "(tuple), [list] or {record/flags}) %s", found(r));
}

/* ---- entry points ---------------------------------------------------------------- */

bool rt_wave_parse_value(const char *text, size_t len, comp_arena *arena, rt_wave_node **out,
                         comp_error *err)
{
    wave_reader r = {text, len, 0, arena, err};
    rt_wave_node *n = comp_arena_alloc(arena, sizeof *n);
    if (!n)
        return oom(&r);
    memset(n, 0, sizeof *n);
    if (!read_value(&r, n, 0))
        return false;
    skip_blanks(&r);
    if (r.pos != len)
        return comp_error_set(err, r.pos, "expected the end of the value");
    *out = n;
    return true;
}

bool rt_wave_parse_call(const char *text, size_t len, comp_arena *arena, rt_wave_call *out,
                        comp_error *err)
{
    wave_reader r = {text, len, 0, arena, err};
    skip_blanks(&r);
    size_t start = r.pos;
    /* Names hold letters, digits and - : / @ . # [ ] + (interface paths,
     * versions, [method]res.name); the argument list starts at '('. */
    while (r.pos < len && text[r.pos] != '(' && !is_blank(text[r.pos]))
        r.pos++;
    if (r.pos == start)
        return comp_error_set(err, r.pos, "expected a function name, as in name(arg, ...)");
    out->name = (comp_str){text + start, (uint32_t)(r.pos - start)};
    if (!expect_char(&r, '(', "after the function name (write name() for no arguments)"))
        return false;
    node_vec v = {0};
    if (!read_items(&r, ')', &v, 1))
        return false;
    skip_blanks(&r);
    if (r.pos != len)
        return comp_error_set(err, r.pos, "expected the end after the argument list");
    out->args = v.items;
    out->arg_count = v.count;
    return true;
}
