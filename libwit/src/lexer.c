/* The WIT lexer: characters to tokens, per the "Lexical structure" section
 * of WIT.md. The whole file is first checked to be UTF-8 without forbidden
 * code points; then tokens are cut. */
#include "lexer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- UTF-8 ------------------------------------------------------------- */

/* Decodes one scalar value; returns its byte length, or 0 if the bytes at
 * `s` are not well-formed UTF-8 (overlong, surrogate, too large, cut off). */
static size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    if (n == 0)
        return 0;
    unsigned char b = s[0];
    if (b < 0x80) {
        *cp = b;
        return 1;
    }
    size_t want;
    uint32_t v, min;
    if ((b & 0xe0) == 0xc0) {
        want = 2, v = b & 0x1f, min = 0x80;
    } else if ((b & 0xf0) == 0xe0) {
        want = 3, v = b & 0x0f, min = 0x800;
    } else if ((b & 0xf8) == 0xf0) {
        want = 4, v = b & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (n < want)
        return 0;
    for (size_t i = 1; i < want; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        v = (v << 6) | (s[i] & 0x3f);
    }
    if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
        return 0;
    *cp = v;
    return want;
}

/* Why a scalar value may not appear anywhere in a WIT file (WIT.md: no
 * bidirectional overrides, no control codes but \n \r \t, nothing Unicode
 * deprecates or strongly discourages), or NULL if it may. */
static const char *forbidden_reason(uint32_t c)
{
    if ((c < 0x20 && c != '\n' && c != '\r' && c != '\t') || (c >= 0x7f && c <= 0x9f))
        return "control character";
    if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069))
        return "bidirectional override character";
    switch (c) {
    case 0x149: case 0x673: case 0xf77: case 0xf79: case 0x17a3: case 0x17a4:
    case 0x2329: case 0x232a: case 0xe0001:
        return "deprecated character";
    default:
        break;
    }
    if (c >= 0x206a && c <= 0x206f)
        return "deprecated character";
    return NULL;
}

static bool check_text(const char *path, const char *src, size_t len, wit_diag *err)
{
    const unsigned char *s = (const unsigned char *)src;
    for (size_t i = 0; i < len;) {
        uint32_t c;
        size_t n = utf8_decode(s + i, len - i, &c);
        wit_span at = {(uint32_t)i, (uint32_t)i + 1};
        if (n == 0)
            return wit_diag_set(err, path, src, len, at, "invalid UTF-8 (byte 0x%02x)", s[i]);
        const char *why = forbidden_reason(c);
        if (why) {
            at.end = (uint32_t)(i + n);
            return wit_diag_set(err, path, src, len, at, "%s U+%04X is not allowed in WIT source", why, (unsigned)c);
        }
        i += n;
    }
    return true;
}

/* ---- keywords and token names ----------------------------------------- */

static const char *const keyword_text[TOK_KW_END - TOK_KW_FIRST] = {
    "as", "async", "bool", "borrow", "char", "constructor", "enum",
    "error-context", "export", "f32", "f64", "flags", "from", "func", "future",
    "import", "include", "interface", "list", "map", "option", "own",
    "package", "record", "resource", "result", "s16", "s32", "s64", "s8",
    "static", "stream", "string", "tuple", "type", "u16", "u32", "u64", "u8",
    "use", "variant", "with", "world",
};

wit_tok_kind wit_keyword(const char *s, size_t len)
{
    for (int k = TOK_KW_FIRST; k < TOK_KW_END; k++) {
        const char *t = keyword_text[k - TOK_KW_FIRST];
        if (strlen(t) == len && memcmp(t, s, len) == 0)
            return (wit_tok_kind)k;
    }
    return TOK_ID;
}

const char *wit_tok_describe(wit_tok_kind kind)
{
    static const char *const names[TOK_KW_FIRST] = {
        [TOK_EOF] = "end of file", [TOK_ID] = "an identifier",
        [TOK_EXPLICIT_ID] = "an identifier", [TOK_INTEGER] = "an integer",
        [TOK_VERSION] = "a version", [TOK_STRING] = "a string",
        [TOK_EQ] = "`=`", [TOK_COMMA] = "`,`", [TOK_COLON] = "`:`",
        [TOK_SEMI] = "`;`", [TOK_LPAREN] = "`(`", [TOK_RPAREN] = "`)`",
        [TOK_LBRACE] = "`{`", [TOK_RBRACE] = "`}`", [TOK_LT] = "`<`",
        [TOK_GT] = "`>`", [TOK_STAR] = "`*`", [TOK_ARROW] = "`->`",
        [TOK_SLASH] = "`/`", [TOK_DOT] = "`.`", [TOK_AT] = "`@`",
        [TOK_UNDERSCORE] = "`_`",
    };
    static const char *const kw_names[TOK_KW_END - TOK_KW_FIRST] = {
        "keyword `as`", "keyword `async`", "keyword `bool`", "keyword `borrow`",
        "keyword `char`", "keyword `constructor`", "keyword `enum`",
        "keyword `error-context`", "keyword `export`", "keyword `f32`",
        "keyword `f64`", "keyword `flags`", "keyword `from`", "keyword `func`",
        "keyword `future`", "keyword `import`", "keyword `include`",
        "keyword `interface`", "keyword `list`", "keyword `map`",
        "keyword `option`", "keyword `own`", "keyword `package`",
        "keyword `record`", "keyword `resource`", "keyword `result`",
        "keyword `s16`", "keyword `s32`", "keyword `s64`", "keyword `s8`",
        "keyword `static`", "keyword `stream`", "keyword `string`",
        "keyword `tuple`", "keyword `type`", "keyword `u16`", "keyword `u32`",
        "keyword `u64`", "keyword `u8`", "keyword `use`", "keyword `variant`",
        "keyword `with`", "keyword `world`",
    };
    if (kind >= TOK_KW_FIRST && kind < TOK_KW_END)
        return kw_names[kind - TOK_KW_FIRST];
    if (kind < TOK_KW_FIRST && names[kind])
        return names[kind];
    return "a token";
}

/* ---- lexer state -------------------------------------------------------- */

typedef struct lexer {
    const char *path;
    const char *src;
    size_t len, pos;
    wit_diag *err;
    wit_lexed *out;
    uint32_t tok_cap, doc_cap;
    uint32_t pending_docs_first, pending_docs;
    bool space;
} lexer;

static bool lex_fail(lexer *l, size_t start, size_t end, const char *fmt, const char *arg)
{
    wit_span s = {(uint32_t)start, (uint32_t)end};
    return wit_diag_set(l->err, l->path, l->src, l->len, s, fmt, arg);
}

static bool push_token(lexer *l, wit_tok_kind kind, size_t start, size_t end)
{
    wit_lexed *o = l->out;
    if (o->count == l->tok_cap) {
        wit_token *toks = comp_heap_reserve(o->toks, &l->tok_cap, o->count + 1, sizeof *toks);
        if (!toks)
            return lex_fail(l, start, end, "%s", "out of memory");
        o->toks = toks;
    }
    wit_token *t = &o->toks[o->count++];
    t->kind = kind;
    t->start = (uint32_t)start;
    t->end = (uint32_t)end;
    t->doc_first = l->pending_docs_first;
    t->doc_count = l->pending_docs;
    t->space_before = l->space;
    l->pending_docs = 0;
    l->pending_docs_first = (uint32_t)o->doc_count;
    l->space = false;
    return true;
}

static bool push_doc(lexer *l, size_t start, size_t end)
{
    wit_lexed *o = l->out;
    wit_span *docs = comp_heap_reserve(o->docs, &l->doc_cap, o->doc_count + 1, sizeof *docs);
    if (!docs)
        return lex_fail(l, start, end, "%s", "out of memory");
    o->docs = docs;
    if (l->pending_docs == 0)
        l->pending_docs_first = (uint32_t)o->doc_count;
    o->docs[o->doc_count++] = (wit_span){(uint32_t)start, (uint32_t)end};
    l->pending_docs++;
    return true;
}

static char peekc(const lexer *l, size_t ahead)
{
    return l->pos + ahead < l->len ? l->src[l->pos + ahead] : '\0';
}

static bool is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_id_char(char c)
{
    return is_alpha(c) || is_digit(c) || c == '-' || c == '_';
}

/* ---- comments ----------------------------------------------------------- */

static bool lex_line_comment(lexer *l)
{
    size_t start = l->pos;
    bool doc = peekc(l, 2) == '/' && peekc(l, 3) != '/';
    while (l->pos < l->len && l->src[l->pos] != '\n')
        l->pos++;
    size_t end = l->pos;
    if (end > start && l->src[end - 1] == '\r')
        end--;
    l->space = true;
    return doc ? push_doc(l, start, end) : true;
}

/* Block comments nest; a counter (not recursion) tracks the depth. */
static bool lex_block_comment(lexer *l)
{
    size_t start = l->pos;
    bool doc = peekc(l, 2) == '*' && peekc(l, 3) != '/' && peekc(l, 3) != '*';
    size_t depth = 1;
    l->pos += 2;
    while (depth > 0) {
        if (l->pos >= l->len)
            return lex_fail(l, start, start + 2, "%s", "unterminated block comment: expected `*/`");
        if (peekc(l, 0) == '/' && peekc(l, 1) == '*') {
            depth++;
            l->pos += 2;
        } else if (peekc(l, 0) == '*' && peekc(l, 1) == '/') {
            depth--;
            l->pos += 2;
        } else {
            l->pos++;
        }
    }
    l->space = true;
    return doc ? push_doc(l, start, l->pos) : true;
}

/* ---- identifiers ---------------------------------------------------------- */

/* Checks the kebab-case `label` rule of the component model: words separated
 * by single '-', the first starting with a letter, each all-lowercase or
 * all-uppercase (digits allowed). */
static bool check_kebab(lexer *l, size_t start, size_t end, size_t name_start)
{
    const char *s = l->src + name_start;
    size_t n = end - name_start;
    char shown[80];
    size_t show = n < sizeof shown - 1 ? n : sizeof shown - 4;
    memcpy(shown, s, show);
    strcpy(shown + show, n > show ? "..." : "");

    if (n == 0)
        return lex_fail(l, start, end, "%s", "expected an identifier after `%`");
    if (!is_alpha(s[0]))
        return lex_fail(l, start, end, "identifier `%s` must start with a letter", shown);
    size_t word = 0;
    int lower = 0, upper = 0;
    for (size_t i = 0; i <= n; i++) {
        char c = i < n ? s[i] : '-';
        if (c == '_')
            return lex_fail(l, start, end, "`_` is not allowed in identifier `%s` (use `-`)", shown);
        if (c == '-') {
            if (i == word)
                return lex_fail(l, start, end, "identifier `%s` has an empty word between `-`s", shown);
            if (lower && upper)
                return lex_fail(l, start, end,
                                "identifier `%s` mixes upper and lower case in one word", shown);
            word = i + 1;
            lower = upper = 0;
        } else if (c >= 'a' && c <= 'z') {
            lower = 1;
        } else if (c >= 'A' && c <= 'Z') {
            upper = 1;
        }
    }
    return true;
}

static bool lex_identifier(lexer *l)
{
    size_t start = l->pos;
    bool explicit_ = l->src[start] == '%';
    if (explicit_)
        l->pos++;
    size_t name_start = l->pos;
    while (l->pos < l->len && is_id_char(l->src[l->pos]))
        l->pos++;
    if (!check_kebab(l, start, l->pos, name_start))
        return false;
    wit_tok_kind kind = TOK_EXPLICIT_ID;
    if (!explicit_)
        kind = wit_keyword(l->src + start, l->pos - start);
    return push_token(l, kind, start, l->pos);
}

/* ---- numbers and versions ---------------------------------------------- */

static bool is_version_char(char c)
{
    return is_alpha(c) || is_digit(c) || c == '-' || c == '+' || c == '.';
}

/* After '@' or '=' a digit starts a version: take the semver alphabet, but
 * stop at a '.' that does not continue it (as in `a:b/c@1.0.0.{x}`). */
static bool lex_version(lexer *l)
{
    size_t start = l->pos;
    while (l->pos < l->len && is_version_char(l->src[l->pos])) {
        if (l->src[l->pos] == '.' && !(is_alpha(peekc(l, 1)) || is_digit(peekc(l, 1)) || peekc(l, 1) == '-'))
            break;
        l->pos++;
    }
    return push_token(l, TOK_VERSION, start, l->pos);
}

static bool lex_integer(lexer *l)
{
    size_t start = l->pos;
    while (l->pos < l->len && is_digit(l->src[l->pos]))
        l->pos++;
    return push_token(l, TOK_INTEGER, start, l->pos);
}

/* ---- strings -------------------------------------------------------------- */

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Reads one escape at s[i] == '\\'; returns the index after it and the
 * value (a byte for \hh, a scalar value otherwise), or 0 if malformed. */
static size_t read_escape(const char *s, size_t len, size_t i, uint32_t *value, bool *is_byte)
{
    if (i + 1 >= len)
        return 0;
    *is_byte = false;
    char c = s[i + 1];
    switch (c) {
    case 't': *value = '\t'; return i + 2;
    case 'n': *value = '\n'; return i + 2;
    case 'r': *value = '\r'; return i + 2;
    case '"': *value = '"'; return i + 2;
    case '\'': *value = '\''; return i + 2;
    case '\\': *value = '\\'; return i + 2;
    case 'u': {
        if (i + 2 >= len || s[i + 2] != '{')
            return 0;
        uint32_t v = 0;
        size_t j = i + 3, digits = 0;
        while (j < len && hex_value(s[j]) >= 0) {
            if (v > 0x10ffff)
                return 0;
            v = v * 16 + (uint32_t)hex_value(s[j]);
            j++;
            digits++;
        }
        if (digits == 0 || j >= len || s[j] != '}' || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
            return 0;
        *value = v;
        return j + 1;
    }
    default:
        if (i + 2 < len && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0) {
            *value = (uint32_t)(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
            *is_byte = true;
            return i + 3;
        }
        return 0;
    }
}

static bool lex_string(lexer *l)
{
    size_t start = l->pos;
    l->pos++;
    for (;;) {
        if (l->pos >= l->len || l->src[l->pos] == '\n' || l->src[l->pos] == '\r')
            return lex_fail(l, start, start + 1, "%s", "unterminated string: expected `\"`");
        char c = l->src[l->pos];
        if (c == '"')
            break;
        if (c == '\\') {
            uint32_t v;
            bool is_byte;
            size_t next = read_escape(l->src, l->len, l->pos, &v, &is_byte);
            if (next == 0)
                return lex_fail(l, l->pos, l->pos + 2, "%s", "invalid escape in string");
            l->pos = next;
        } else if (c == '\t') {
            return lex_fail(l, l->pos, l->pos + 1, "%s", "tab characters must be escaped in strings");
        } else {
            l->pos++;
        }
    }
    l->pos++;
    return push_token(l, TOK_STRING, start, l->pos);
}

static void put_utf8(char *out, size_t *n, uint32_t c)
{
    if (c < 0x80) {
        out[(*n)++] = (char)c;
    } else if (c < 0x800) {
        out[(*n)++] = (char)(0xc0 | (c >> 6));
        out[(*n)++] = (char)(0x80 | (c & 0x3f));
    } else if (c < 0x10000) {
        out[(*n)++] = (char)(0xe0 | (c >> 12));
        out[(*n)++] = (char)(0x80 | ((c >> 6) & 0x3f));
        out[(*n)++] = (char)(0x80 | (c & 0x3f));
    } else {
        out[(*n)++] = (char)(0xf0 | (c >> 18));
        out[(*n)++] = (char)(0x80 | ((c >> 12) & 0x3f));
        out[(*n)++] = (char)(0x80 | ((c >> 6) & 0x3f));
        out[(*n)++] = (char)(0x80 | (c & 0x3f));
    }
}

bool wit_decode_string(const char *s, size_t len, comp_arena *a, comp_str *out)
{
    out->data = NULL;
    out->len = 0;
    /* Every escape is at least as long as what it decodes to. */
    char *buf = comp_arena_alloc(a, len + 1);
    if (!buf)
        return false;
    size_t n = 0;
    for (size_t i = 1; i + 1 < len;) {
        if (s[i] == '\\') {
            uint32_t v;
            bool is_byte;
            size_t next = read_escape(s, len - 1, i, &v, &is_byte);
            if (next == 0)
                return false;
            if (is_byte)
                buf[n++] = (char)v;
            else
                put_utf8(buf, &n, v);
            i = next;
        } else {
            buf[n++] = s[i++];
        }
    }
    for (size_t i = 0; i < n;) {
        uint32_t c;
        size_t k = utf8_decode((const unsigned char *)buf + i, n - i, &c);
        if (k == 0)
            return false;
        i += k;
    }
    buf[n] = '\0';
    out->data = buf;
    out->len = (uint32_t)n;
    return true;
}

/* ---- the token loop ------------------------------------------------------- */

static bool lex_operator(lexer *l)
{
    size_t start = l->pos;
    wit_tok_kind k;
    switch (l->src[l->pos]) {
    case '=': k = TOK_EQ; break;
    case ',': k = TOK_COMMA; break;
    case ':': k = TOK_COLON; break;
    case ';': k = TOK_SEMI; break;
    case '(': k = TOK_LPAREN; break;
    case ')': k = TOK_RPAREN; break;
    case '{': k = TOK_LBRACE; break;
    case '}': k = TOK_RBRACE; break;
    case '<': k = TOK_LT; break;
    case '>': k = TOK_GT; break;
    case '*': k = TOK_STAR; break;
    case '/': k = TOK_SLASH; break;
    case '.': k = TOK_DOT; break;
    case '@': k = TOK_AT; break;
    case '-':
        if (peekc(l, 1) == '>') {
            l->pos += 2;
            return push_token(l, TOK_ARROW, start, l->pos);
        }
        return lex_fail(l, start, start + 1, "%s", "unexpected character `-` (did you mean `->`?)");
    default: {
        uint32_t c = 0;
        size_t n = utf8_decode((const unsigned char *)l->src + start, l->len - start, &c);
        char what[32];
        if (c >= 0x21 && c < 0x7f)
            what[0] = '`', what[1] = (char)c, what[2] = '`', what[3] = '\0';
        else
            snprintf(what, sizeof what, "U+%04X", (unsigned)c);
        return lex_fail(l, start, start + (n ? n : 1), "unexpected character %s", what);
    }
    }
    l->pos++;
    return push_token(l, k, start, l->pos);
}

static wit_tok_kind last_kind(const lexer *l)
{
    return l->out->count ? l->out->toks[l->out->count - 1].kind : TOK_EOF;
}

bool wit_lex(const char *path, const char *src, size_t len, wit_lexed *out, wit_diag *err)
{
    memset(out, 0, sizeof *out);
    if (len >= UINT32_MAX)
        return wit_diag_set(err, path, NULL, 0, (wit_span){0, 0}, "file too large (%zu bytes)", len);
    if (!check_text(path, src, len, err))
        return false;
    lexer l = {.path = path, .src = src, .len = len, .err = err, .out = out};
    bool ok = true;
    while (ok && l.pos < l.len) {
        char c = l.src[l.pos];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            l.pos++;
            l.space = true;
        } else if (c == '/' && peekc(&l, 1) == '/') {
            ok = lex_line_comment(&l);
        } else if (c == '/' && peekc(&l, 1) == '*') {
            ok = lex_block_comment(&l);
        } else if (is_alpha(c) || c == '%') {
            ok = lex_identifier(&l);
        } else if (c == '_' && !is_id_char(peekc(&l, 1))) {
            l.pos++;
            ok = push_token(&l, TOK_UNDERSCORE, l.pos - 1, l.pos);
        } else if (c == '_') {
            ok = lex_identifier(&l);
        } else if (is_digit(c)) {
            wit_tok_kind prev = last_kind(&l);
            ok = (prev == TOK_AT || prev == TOK_EQ) ? lex_version(&l) : lex_integer(&l);
        } else if (c == '"') {
            ok = lex_string(&l);
        } else {
            ok = lex_operator(&l);
        }
    }
    if (ok)
        ok = push_token(&l, TOK_EOF, len, len);
    if (!ok)
        wit_lexed_free(out);
    return ok;
}

void wit_lexed_free(wit_lexed *l)
{
    free(l->toks);
    free(l->docs);
    memset(l, 0, sizeof *l);
}
