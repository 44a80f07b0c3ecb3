/* The number grammar of the text format (core spec, "Values"): which token
 * texts are integers and which are floats. Values are not computed here. */
#include "text/lexer.h"

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_hexdigit(char c)
{
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* num ::= digit ('_'? digit)*, likewise hexnum. Returns the index after it,
 * or `i` unchanged when there is none. A trailing or doubled '_' ends the
 * number before the '_' (the caller then sees leftover text). */
static size_t skip_digits(const char *s, size_t i, size_t len, bool hex)
{
    bool (*digit)(char) = hex ? is_hexdigit : is_digit;
    if (i >= len || !digit(s[i]))
        return i;
    i++;
    for (;;) {
        if (i < len && digit(s[i])) {
            i++;
        } else if (i + 1 < len && s[i] == '_' && digit(s[i + 1])) {
            i += 2;
        } else {
            return i;
        }
    }
}

static size_t skip_sign(const char *s, size_t len)
{
    return len > 0 && (s[0] == '+' || s[0] == '-') ? 1 : 0;
}

static bool has_hex_prefix(const char *s, size_t i, size_t len)
{
    return i + 1 < len && s[i] == '0' && s[i + 1] == 'x';
}

bool text_is_int_syntax(const char *s, size_t len)
{
    size_t i = skip_sign(s, len);
    bool hex = has_hex_prefix(s, i, len);
    if (hex)
        i += 2;
    size_t after = skip_digits(s, i, len, hex);
    return after > i && after == len;
}

/* After the mantissa's integer part: '.'? frac? (exponent)?, where the
 * exponent letter is e/E (decimal) or p/P (hex) and its digits decimal. */
static bool is_float_tail(const char *s, size_t i, size_t len, bool hex)
{
    if (i < len && s[i] == '.')
        i = skip_digits(s, i + 1, len, hex);
    if (i == len)
        return true;
    char e = s[i];
    if (hex ? (e != 'p' && e != 'P') : (e != 'e' && e != 'E'))
        return false;
    i++;
    if (i < len && (s[i] == '+' || s[i] == '-'))
        i++;
    size_t after = skip_digits(s, i, len, false);
    return after > i && after == len;
}

static bool text_equals(const char *s, size_t len, const char *lit)
{
    size_t n = 0;
    while (lit[n])
        n++;
    if (n != len)
        return false;
    for (size_t k = 0; k < n; k++)
        if (s[k] != lit[k])
            return false;
    return true;
}

bool text_is_float_syntax(const char *s, size_t len)
{
    size_t i = skip_sign(s, len);
    const char *m = s + i;
    size_t mlen = len - i;
    if (text_equals(m, mlen, "inf") || text_equals(m, mlen, "nan"))
        return true;
    if (mlen > 6 && text_equals(m, 6, "nan:0x")) {
        size_t after = skip_digits(m, 6, mlen, true);
        return after > 6 && after == mlen;
    }
    bool hex = has_hex_prefix(s, i, len);
    if (hex)
        i += 2;
    size_t after = skip_digits(s, i, len, hex);
    if (after == i)
        return false;
    /* A bare integer is an integer token, not a float. */
    return after < len && is_float_tail(s, after, len, hex);
}
