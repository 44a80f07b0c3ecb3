/* The text-format lexer: white space, comments, strings and token runs. */
#include "text/lexer.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void text_lexer_init(text_lexer *lx, const char *src, size_t len, comp_arena *arena,
                     text_error *err)
{
    lx->src = src;
    lx->len = len;
    lx->at = (text_pos){0, 1, 1};
    lx->arena = arena;
    lx->err = err;
}

static bool fail_at(text_lexer *lx, text_pos pos, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static bool fail_at(text_lexer *lx, text_pos pos, const char *fmt, ...)
{
    if (lx->err) {
        lx->err->pos = pos;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(lx->err->message, sizeof lx->err->message, fmt, ap);
        va_end(ap);
    }
    return false;
}

bool text_is_idchar(unsigned char c)
{
    if (c <= ' ' || c >= 0x7f)
        return false;
    return !strchr("\",;()[]{}", c);
}

/* Characters that join idchars and strings into one (reserved) token. */
static bool is_run_extra(unsigned char c)
{
    return c == ',' || c == '[' || c == ']' || c == '{' || c == '}';
}

static int peek_at(const text_lexer *lx, size_t offset)
{
    return offset < lx->len ? (unsigned char)lx->src[offset] : -1;
}

static int peek(const text_lexer *lx)
{
    return peek_at(lx, lx->at.offset);
}

/* Moves to `offset`, counting lines and characters on the way. A CR LF
 * pair is one line break. */
static void advance_to(text_lexer *lx, size_t offset)
{
    text_pos p = lx->at;
    for (size_t i = p.offset; i < offset; i++) {
        unsigned char c = (unsigned char)lx->src[i];
        if (c == '\n' && i > 0 && lx->src[i - 1] == '\r')
            continue;
        if (c == '\n' || c == '\r') {
            p.line++;
            p.col = 1;
        } else if ((c & 0xc0) != 0x80) {
            p.col++;
        }
    }
    p.offset = offset;
    lx->at = p;
}

/* Length of the well-formed UTF-8 sequence at `i` (scalar values only:
 * no overlongs, no surrogates, nothing above U+10FFFF), or 0. */
static size_t utf8_len_at(const text_lexer *lx, size_t i)
{
    const unsigned char *s = (const unsigned char *)lx->src;
    size_t left = lx->len - i;
    unsigned char c = s[i];
    if (c < 0x80)
        return 1;
    size_t n;
    uint32_t min, cp;
    if (c >= 0xc2 && c <= 0xdf) {
        n = 2, min = 0x80, cp = c & 0x1f;
    } else if (c >= 0xe0 && c <= 0xef) {
        n = 3, min = 0x800, cp = c & 0x0f;
    } else if (c >= 0xf0 && c <= 0xf4) {
        n = 4, min = 0x10000, cp = c & 0x07;
    } else {
        return 0;
    }
    if (left < n)
        return 0;
    for (size_t k = 1; k < n; k++) {
        if ((s[i + k] & 0xc0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i + k] & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        return 0;
    return n;
}

/* The position of byte `offset`, which lies at or after the cursor on the
 * cursor's line or later: computed without moving the cursor. */
static text_pos pos_of(const text_lexer *lx, size_t offset)
{
    text_lexer probe = *lx;
    advance_to(&probe, offset);
    return probe.at;
}

/* The length of the character at `i` inside a comment; 0 (error set, the
 * cursor moved there) when it is not well-formed UTF-8. */
static size_t comment_char_len(text_lexer *lx, size_t i)
{
    size_t n = utf8_len_at(lx, i);
    if (n == 0) {
        advance_to(lx, i);
        fail_at(lx, lx->at, "malformed UTF-8 encoding in comment");
    }
    return n;
}

/* A block comment starting at the cursor ("(;"), nested ones included.
 * Iterative: nesting depth is a counter, not recursion. */
static bool skip_block_comment(text_lexer *lx)
{
    text_pos open = lx->at;
    size_t i = open.offset + 2, depth = 1;
    while (depth > 0) {
        if (i >= lx->len)
            return fail_at(lx, open, "unterminated block comment: no ';)' for this '(;'");
        char c = lx->src[i];
        if (c == '(' && peek_at(lx, i + 1) == ';') {
            depth++;
            i += 2;
        } else if (c == ';' && peek_at(lx, i + 1) == ')') {
            depth--;
            i += 2;
        } else {
            size_t n = comment_char_len(lx, i);
            if (n == 0)
                return false;
            i += n;
        }
    }
    advance_to(lx, i);
    return true;
}

/* A line comment at the cursor (";;"): up to, not including, LF or CR. */
static bool skip_line_comment(text_lexer *lx)
{
    size_t i = lx->at.offset + 2;
    while (i < lx->len && lx->src[i] != '\n' && lx->src[i] != '\r') {
        size_t n = comment_char_len(lx, i);
        if (n == 0)
            return false;
        i += n;
    }
    advance_to(lx, i);
    return true;
}

static bool skip_space(text_lexer *lx)
{
    for (;;) {
        int c = peek(lx);
        int next = peek_at(lx, lx->at.offset + 1);
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            advance_to(lx, lx->at.offset + 1);
        } else if (c == ';' && next == ';') {
            if (!skip_line_comment(lx))
                return false;
        } else if (c == '(' && next == ';') {
            if (!skip_block_comment(lx))
                return false;
        } else {
            return true;
        }
    }
}

int text_hex_digit(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Reads `\u{hexnum}` whose 'u' is at `i`; sets *cp and returns the index
 * after '}', or 0 when malformed (*why says how). */
static size_t read_unicode_escape(const text_lexer *lx, size_t i, uint32_t *cp, const char **why)
{
    *why = "expected '{' after \\u";
    if (peek_at(lx, i + 1) != '{')
        return 0;
    i += 2;
    uint32_t v = 0;
    size_t digits = 0;
    bool last_was_digit = false;
    for (;; i++) {
        int c = peek_at(lx, i);
        int h = text_hex_digit(c);
        if (h >= 0) {
            v = v > 0x10ffff ? v : (v << 4) | (uint32_t)h;
            digits++;
            last_was_digit = true;
        } else if (c == '_' && last_was_digit && text_hex_digit(peek_at(lx, i + 1)) >= 0) {
            last_was_digit = false;
        } else if (c == '}' && digits > 0) {
            break;
        } else {
            *why = "expected hexadecimal digits and '}' in \\u{...}";
            return 0;
        }
    }
    if (v >= 0x110000 || (v >= 0xd800 && v < 0xe000)) {
        *why = "\\u{...} is not a Unicode scalar value (surrogate or above 10FFFF)";
        return 0;
    }
    *cp = v;
    return i + 1;
}

static size_t put_utf8(uint8_t *out, uint32_t cp)
{
    if (cp < 0x80) {
        out[0] = (uint8_t)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (uint8_t)(0xc0 | (cp >> 6));
        out[1] = (uint8_t)(0x80 | (cp & 0x3f));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (uint8_t)(0xe0 | (cp >> 12));
        out[1] = (uint8_t)(0x80 | ((cp >> 6) & 0x3f));
        out[2] = (uint8_t)(0x80 | (cp & 0x3f));
        return 3;
    }
    out[0] = (uint8_t)(0xf0 | (cp >> 18));
    out[1] = (uint8_t)(0x80 | ((cp >> 12) & 0x3f));
    out[2] = (uint8_t)(0x80 | ((cp >> 6) & 0x3f));
    out[3] = (uint8_t)(0x80 | (cp & 0x3f));
    return 4;
}

/* One escape sequence whose backslash is at `i`: returns the index after
 * it and writes its bytes to `out` (if non-NULL, room for 4), their count
 * to *n. Returns 0 after setting the error. */
static size_t read_escape(text_lexer *lx, size_t i, uint8_t *out, size_t *n)
{
    uint8_t tmp[4];
    if (!out)
        out = tmp;
    int c = peek_at(lx, i + 1);
    const char *simple = "n\nt\tr\r\"\"''\\\\";
    for (const char *s = simple; *s; s += 2) {
        if (c == s[0]) {
            out[0] = (uint8_t)s[1];
            *n = 1;
            return i + 2;
        }
    }
    if (c == 'u') {
        uint32_t cp;
        const char *why;
        size_t end = read_unicode_escape(lx, i + 1, &cp, &why);
        if (end == 0)
            return fail_at(lx, pos_of(lx, i), "malformed string escape: %s", why), 0;
        *n = put_utf8(out, cp);
        return end;
    }
    int hi = text_hex_digit(c), lo = text_hex_digit(peek_at(lx, i + 2));
    if (hi >= 0 && lo >= 0) {
        out[0] = (uint8_t)(hi << 4 | lo);
        *n = 1;
        return i + 3;
    }
    if (hi >= 0)
        return fail_at(lx, pos_of(lx, i), "malformed string escape: expected two hexadecimal digits after '\\'"), 0;
    if (c < 0)
        return fail_at(lx, pos_of(lx, i), "unterminated string: input ends after '\\'"), 0;
    if (c > ' ' && c < 0x7f)
        return fail_at(lx, pos_of(lx, i), "malformed string escape '\\%c': expected one of \\n \\t \\r \\\" \\' \\\\ \\hh \\u{...}", c), 0;
    return fail_at(lx, pos_of(lx, i), "malformed string escape: expected one of \\n \\t \\r \\\" \\' \\\\ \\hh \\u{...} after '\\'"), 0;
}

/* Checks the string whose opening quote is at `start`; returns the index
 * after its closing quote, or 0 with the error set. *escaped tells whether
 * decoding is needed. */
static size_t scan_string(text_lexer *lx, size_t start, bool *escaped)
{
    size_t i = start + 1;
    *escaped = false;
    for (;;) {
        int c = peek_at(lx, i);
        if (c < 0 || c == '\n' || c == '\r')
            return fail_at(lx, pos_of(lx, start), "unterminated string: no closing '\"' on this line"), 0;
        if (c == '"')
            return i + 1;
        if (c == '\\') {
            size_t n;
            i = read_escape(lx, i, NULL, &n);
            if (i == 0)
                return 0;
            *escaped = true;
        } else if (c < 0x20 || c == 0x7f) {
            return fail_at(lx, pos_of(lx, i), "control character U+%04X in string: write it as an escape", c), 0;
        } else {
            size_t n = utf8_len_at(lx, i);
            if (n == 0)
                return fail_at(lx, pos_of(lx, i), "malformed UTF-8 encoding in string"), 0;
            i += n;
        }
    }
}

/* The bytes of the (already checked) string at [start, end). */
static bool decode_string(text_lexer *lx, size_t start, size_t end, bool escaped,
                          const uint8_t **value, size_t *value_len)
{
    const char *body = lx->src + start + 1;
    size_t raw = end - start - 2;
    if (!escaped) {
        *value = (const uint8_t *)body;
        *value_len = raw;
        return true;
    }
    /* Escapes never produce more bytes than they occupy. */
    uint8_t *out = comp_arena_alloc(lx->arena, raw);
    if (!out)
        return fail_at(lx, pos_of(lx, start), "out of memory");
    size_t n = 0;
    for (size_t i = start + 1; i < end - 1;) {
        if (lx->src[i] == '\\') {
            size_t k;
            i = read_escape(lx, i, out + n, &k);
            n += k;
        } else {
            out[n++] = (uint8_t)lx->src[i++];
        }
    }
    *value = out;
    *value_len = n;
    return true;
}

/* What a token run contains, for classification. */
typedef struct run_info {
    size_t end;
    size_t strings;         /* how many strings */
    size_t first_string;    /* offset of the first one's opening quote */
    size_t first_string_end;/* offset after its closing quote */
    bool first_escaped;
    bool other;             /* , [ ] { } or ';' */
} run_info;

/* Scans the maximal run of idchars, strings and , ; [ ] { } at `start`
 * (";;" ends it: a line comment begins). */
static bool scan_run(text_lexer *lx, size_t start, run_info *info)
{
    memset(info, 0, sizeof *info);
    size_t i = start;
    for (;;) {
        int c = peek_at(lx, i);
        if (c < 0) {
            break;
        } else if (text_is_idchar((unsigned char)c)) {
            i++;
        } else if (c == '"') {
            bool escaped;
            size_t end = scan_string(lx, i, &escaped);
            if (end == 0)
                return false;
            if (info->strings++ == 0) {
                info->first_string = i;
                info->first_string_end = end;
                info->first_escaped = escaped;
            }
            i = end;
        } else if (is_run_extra((unsigned char)c) || (c == ';' && peek_at(lx, i + 1) != ';')) {
            info->other = true;
            i++;
        } else {
            break;
        }
    }
    info->end = i;
    return true;
}

static bool is_name(const uint8_t *s, size_t len)
{
    for (size_t i = 0; i < len;) {
        text_lexer probe = {.src = (const char *)s, .len = len};
        size_t n = utf8_len_at(&probe, i);
        if (n == 0)
            return false;
        i += n;
    }
    return true;
}

static bool classify_run(text_lexer *lx, size_t start, const run_info *info, text_token *out)
{
    const char *s = lx->src + start;
    size_t len = info->end - start;
    out->text = s;
    out->len = len;
    out->value = (const uint8_t *)s;
    out->value_len = len;
    out->kind = TOK_RESERVED;
    bool one_string = info->strings == 1 && !info->other && info->first_string_end == info->end;
    if (one_string && info->first_string == start) {
        out->kind = TOK_STRING;
        return decode_string(lx, start, info->end, info->first_escaped, &out->value,
                             &out->value_len);
    }
    if (one_string && info->first_string == start + 1 && s[0] == '$') {
        const uint8_t *v;
        size_t vlen;
        if (!decode_string(lx, start + 1, info->end, info->first_escaped, &v, &vlen))
            return false;
        /* `$""` and `$"\ff"` are not identifiers: they stay reserved. */
        if (vlen > 0 && is_name(v, vlen)) {
            out->kind = TOK_ID;
            out->value = v;
            out->value_len = vlen;
            out->quoted = true;
        }
        return true;
    }
    if (info->strings > 0 || info->other)
        return true;
    if (s[0] == '$' && len > 1) {
        out->kind = TOK_ID;
        out->value = (const uint8_t *)s + 1;
        out->value_len = len - 1;
    } else if (text_is_int_syntax(s, len)) {
        out->kind = TOK_INT;
    } else if (text_is_float_syntax(s, len)) {
        out->kind = TOK_FLOAT;
    } else if (s[0] >= 'a' && s[0] <= 'z') {
        out->kind = TOK_KEYWORD;
    }
    return true;
}

/* "(@" annotid, the cursor at '('. annotid ::= idchar+ | name. */
static bool lex_annotation(text_lexer *lx, text_token *out)
{
    size_t start = lx->at.offset, i = start + 2;
    out->kind = TOK_ANNOT;
    if (peek_at(lx, i) == '"') {
        bool escaped;
        size_t end = scan_string(lx, i, &escaped);
        if (end == 0)
            return false;
        if (!decode_string(lx, i, end, escaped, &out->value, &out->value_len))
            return false;
        if (out->value_len == 0 || !is_name(out->value, out->value_len))
            return fail_at(lx, lx->at, "malformed annotation id: a quoted id must be non-empty UTF-8");
        out->quoted = true;
        i = end;
    } else {
        while (i < lx->len && text_is_idchar((unsigned char)lx->src[i]))
            i++;
        if (i == start + 2)
            return fail_at(lx, lx->at, "malformed annotation: expected an id right after '(@'");
        out->value = (const uint8_t *)lx->src + start + 2;
        out->value_len = i - start - 2;
    }
    int c = peek_at(lx, i);
    if (c >= 0 && c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '(' && c != ')' &&
        !(c == ';' && peek_at(lx, i + 1) == ';'))
        return fail_at(lx, pos_of(lx, i), "malformed annotation id: expected space or ')' after it");
    out->text = lx->src + start;
    out->len = i - start;
    advance_to(lx, i);
    return true;
}

bool text_lex_next(text_lexer *lx, text_token *out)
{
    memset(out, 0, sizeof *out);
    if (!skip_space(lx))
        return false;
    out->pos = lx->at;
    size_t start = lx->at.offset;
    out->text = lx->src + start;
    int c = peek(lx);
    if (c < 0) {
        out->kind = TOK_EOF;
        return true;
    }
    if (c == '(' && peek_at(lx, start + 1) == '@')
        return lex_annotation(lx, out);
    if (c == '(' || c == ')') {
        out->kind = c == '(' ? TOK_LPAREN : TOK_RPAREN;
        out->len = 1;
        out->value = (const uint8_t *)out->text;
        out->value_len = 1;
        advance_to(lx, start + 1);
        return true;
    }
    if (c == '"' || c == ';' || text_is_idchar((unsigned char)c) || is_run_extra((unsigned char)c)) {
        run_info info;
        if (!scan_run(lx, start, &info))
            return false;
        if (!classify_run(lx, start, &info, out))
            return false;
        advance_to(lx, info.end);
        return true;
    }
    if (c >= 0x80) {
        size_t n = utf8_len_at(lx, start);
        if (n == 0)
            return fail_at(lx, lx->at, "malformed UTF-8 encoding");
        return fail_at(lx, lx->at, "unexpected character '%.*s': only ASCII is allowed outside strings and comments",
                       (int)n, lx->src + start);
    }
    return fail_at(lx, lx->at, "unexpected character U+%04X outside strings and comments", c);
}

const char *text_tok_kind_name(text_tok_kind kind)
{
    switch (kind) {
    case TOK_EOF: return "end of input";
    case TOK_LPAREN: return "'('";
    case TOK_RPAREN: return "')'";
    case TOK_ANNOT: return "annotation";
    case TOK_KEYWORD: return "keyword";
    case TOK_ID: return "identifier";
    case TOK_STRING: return "string";
    case TOK_INT: return "integer";
    case TOK_FLOAT: return "float";
    case TOK_RESERVED: return "reserved token";
    }
    return "token";
}
