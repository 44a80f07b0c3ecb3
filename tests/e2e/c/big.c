/* A larger program to exercise the decoder on what clang really emits:
 * many functions, indirect calls through a table, br_table from switches,
 * i64 and float arithmetic with saturating conversions and sign extension,
 * 128-bit SIMD (wasm_simd128.h) and bulk memory (memory.copy/fill from
 * memcpy/memset). Built with -msimd128 -mbulk-memory -msign-ext
 * -mnontrapping-fptoint. It also runs: `big` prints a line per part. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wasm_simd128.h>

/* ---- checksums -------------------------------------------------------- */

static uint32_t crc32_table[256];

static void crc32_init(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
        crc32_table[i] = c;
    }
}

static uint32_t crc32(const uint8_t *p, size_t n)
{
    uint32_t c = 0xffffffffu;
    for (size_t i = 0; i < n; i++)
        c = crc32_table[(c ^ p[i]) & 0xff] ^ (c >> 8);
    return c ^ 0xffffffffu;
}

static uint64_t fnv1a64(const uint8_t *p, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 0x100000001b3ull;
    }
    return h;
}

/* ---- base64 ----------------------------------------------------------- */

static const char b64_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static size_t base64_encode(const uint8_t *in, size_t n, char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i += 3) {
        uint32_t v = (uint32_t)in[i] << 16;
        if (i + 1 < n) v |= (uint32_t)in[i + 1] << 8;
        if (i + 2 < n) v |= in[i + 2];
        out[o++] = b64_alphabet[(v >> 18) & 63];
        out[o++] = b64_alphabet[(v >> 12) & 63];
        out[o++] = i + 1 < n ? b64_alphabet[(v >> 6) & 63] : '=';
        out[o++] = i + 2 < n ? b64_alphabet[v & 63] : '=';
    }
    out[o] = '\0';
    return o;
}

/* ---- SIMD ------------------------------------------------------------- */

static float dot_simd(const float *a, const float *b, size_t n)
{
    v128_t acc = wasm_f32x4_splat(0.0f);
    size_t i = 0;
    for (; i + 4 <= n; i += 4)
        acc = wasm_f32x4_add(acc, wasm_f32x4_mul(wasm_v128_load(a + i), wasm_v128_load(b + i)));
    float sum = wasm_f32x4_extract_lane(acc, 0) + wasm_f32x4_extract_lane(acc, 1) +
                wasm_f32x4_extract_lane(acc, 2) + wasm_f32x4_extract_lane(acc, 3);
    for (; i < n; i++)
        sum += a[i] * b[i];
    return sum;
}

/* Counts occurrences of `byte` 16 bytes at a time. */
static size_t count_byte_simd(const uint8_t *p, size_t n, uint8_t byte)
{
    v128_t needle = wasm_i8x16_splat((int8_t)byte);
    size_t count = 0, i = 0;
    for (; i + 16 <= n; i += 16) {
        v128_t eq = wasm_i8x16_eq(wasm_v128_load(p + i), needle);
        count += (size_t)__builtin_popcount(wasm_i8x16_bitmask(eq));
    }
    for (; i < n; i++)
        count += p[i] == byte;
    return count;
}

static void matmul4(const float *a, const float *b, float *out)
{
    for (int r = 0; r < 4; r++) {
        v128_t row = wasm_f32x4_mul(wasm_f32x4_splat(a[r * 4]), wasm_v128_load(b));
        for (int k = 1; k < 4; k++)
            row = wasm_f32x4_add(row, wasm_f32x4_mul(wasm_f32x4_splat(a[r * 4 + k]),
                                                     wasm_v128_load(b + k * 4)));
        wasm_v128_store(out + r * 4, row);
    }
}

static v128_t reverse_bytes(v128_t v)
{
    return wasm_i8x16_shuffle(v, v, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
}

static int32_t sum_i16_saturating(const int16_t *p, size_t n)
{
    v128_t acc = wasm_i16x8_splat(0);
    for (size_t i = 0; i + 8 <= n; i += 8)
        acc = wasm_i16x8_add_sat(acc, wasm_v128_load(p + i));
    int32_t s = 0;
    int16_t lanes[8];
    wasm_v128_store(lanes, acc);
    for (int i = 0; i < 8; i++)
        s += lanes[i];
    return s;
}

/* ---- a tiny expression language ---------------------------------------- */

typedef enum { TOK_NUM, TOK_OP, TOK_LPAREN, TOK_RPAREN, TOK_END, TOK_ERR } tok_kind;

typedef struct {
    const char *p;
    tok_kind kind;
    int64_t num;
    char op;
} lexer;

static void lex_next(lexer *lx)
{
    while (*lx->p == ' ')
        lx->p++;
    char c = *lx->p;
    switch (c) {
    case '\0': lx->kind = TOK_END; return;
    case '(': lx->kind = TOK_LPAREN; lx->p++; return;
    case ')': lx->kind = TOK_RPAREN; lx->p++; return;
    case '+': case '-': case '*': case '/': case '%': case '^': case '&': case '|':
        lx->kind = TOK_OP; lx->op = c; lx->p++; return;
    default:
        if (c >= '0' && c <= '9') {
            int64_t v = 0;
            while (*lx->p >= '0' && *lx->p <= '9')
                v = v * 10 + (*lx->p++ - '0');
            lx->kind = TOK_NUM;
            lx->num = v;
            return;
        }
        lx->kind = TOK_ERR;
    }
}

static int precedence(char op)
{
    switch (op) {
    case '|': return 1;
    case '^': return 2;
    case '&': return 3;
    case '+': case '-': return 4;
    case '*': case '/': case '%': return 5;
    default: return 0;
    }
}

typedef int64_t (*binop_fn)(int64_t, int64_t);
static int64_t op_add(int64_t a, int64_t b) { return a + b; }
static int64_t op_sub(int64_t a, int64_t b) { return a - b; }
static int64_t op_mul(int64_t a, int64_t b) { return a * b; }
static int64_t op_div(int64_t a, int64_t b) { return b ? a / b : 0; }
static int64_t op_mod(int64_t a, int64_t b) { return b ? a % b : 0; }
static int64_t op_xor(int64_t a, int64_t b) { return a ^ b; }
static int64_t op_and(int64_t a, int64_t b) { return a & b; }
static int64_t op_or(int64_t a, int64_t b) { return a | b; }

/* Indexed by operator character: an indirect call per operation. */
static binop_fn binop_for(char op)
{
    static const struct { char op; binop_fn fn; } table[] = {
        {'+', op_add}, {'-', op_sub}, {'*', op_mul}, {'/', op_div},
        {'%', op_mod}, {'^', op_xor}, {'&', op_and}, {'|', op_or},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (table[i].op == op)
            return table[i].fn;
    return NULL;
}

static int parse_expr(lexer *lx, int min_prec, int64_t *out, int depth);

static int parse_primary(lexer *lx, int64_t *out, int depth)
{
    if (depth > 64)
        return -1;
    if (lx->kind == TOK_NUM) {
        *out = lx->num;
        lex_next(lx);
        return 0;
    }
    if (lx->kind == TOK_OP && lx->op == '-') {
        lex_next(lx);
        if (parse_primary(lx, out, depth + 1) != 0)
            return -1;
        *out = -*out;
        return 0;
    }
    if (lx->kind == TOK_LPAREN) {
        lex_next(lx);
        if (parse_expr(lx, 1, out, depth + 1) != 0 || lx->kind != TOK_RPAREN)
            return -1;
        lex_next(lx);
        return 0;
    }
    return -1;
}

static int parse_expr(lexer *lx, int min_prec, int64_t *out, int depth)
{
    int64_t lhs;
    if (parse_primary(lx, &lhs, depth) != 0)
        return -1;
    while (lx->kind == TOK_OP && precedence(lx->op) >= min_prec) {
        char op = lx->op;
        lex_next(lx);
        int64_t rhs;
        if (parse_expr(lx, precedence(op) + 1, &rhs, depth + 1) != 0)
            return -1;
        lhs = binop_for(op)(lhs, rhs);
    }
    *out = lhs;
    return 0;
}

static int eval(const char *src, int64_t *out)
{
    lexer lx = {.p = src};
    lex_next(&lx);
    if (parse_expr(&lx, 1, out, 0) != 0 || lx.kind != TOK_END)
        return -1;
    return 0;
}

/* ---- a hash map of strings ------------------------------------------- */

typedef struct entry {
    char key[24];
    int value;
    struct entry *next;
} entry;

typedef struct {
    entry *buckets[64];
    entry pool[256];
    size_t used;
} string_map;

static entry *map_get(string_map *m, const char *key, int create)
{
    uint64_t h = fnv1a64((const uint8_t *)key, strlen(key)) % 64;
    for (entry *e = m->buckets[h]; e; e = e->next)
        if (strcmp(e->key, key) == 0)
            return e;
    if (!create || m->used == sizeof m->pool / sizeof m->pool[0])
        return NULL;
    entry *e = &m->pool[m->used++];
    memset(e, 0, sizeof *e);
    strncpy(e->key, key, sizeof e->key - 1);
    e->next = m->buckets[h];
    m->buckets[h] = e;
    return e;
}

static size_t word_counts(string_map *m, const char *text)
{
    char word[24];
    size_t n = 0, distinct = 0;
    for (const char *p = text;; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')) {
            if (n < sizeof word - 1)
                word[n++] = (char)(*p | 0x20);
            continue;
        }
        if (n) {
            word[n] = '\0';
            entry *e = map_get(m, word, 1);
            if (e && e->value++ == 0)
                distinct++;
            n = 0;
        }
        if (!*p)
            break;
    }
    return distinct;
}

/* ---- sorting, conversions, bulk memory --------------------------------- */

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Saturating float-to-int (nontrapping-fptoint) and sign extension. */
static int64_t to_int_saturating(double d) { return (int64_t)d; }
static int32_t sign_extend8(int32_t v) { return (int8_t)v; }
static int64_t sign_extend32(int64_t v) { return (int32_t)v; }

static uint64_t xorshift64(uint64_t *s)
{
    uint64_t x = *s;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return *s = x;
}

/* Variable-length memcpy/memset become memory.copy/memory.fill. */
static void shuffle_blocks(uint8_t *buf, size_t n, uint64_t *seed)
{
    uint8_t tmp[128];
    for (int round = 0; round < 32; round++) {
        size_t len = 1 + xorshift64(seed) % sizeof tmp;
        size_t a = xorshift64(seed) % (n - len), b = xorshift64(seed) % (n - len);
        memcpy(tmp, buf + a, len);
        memmove(buf + a, buf + b, len);
        memcpy(buf + b, tmp, len);
        if (round % 8 == 0)
            memset(buf + a, (int)(round & 0xff), len / 4);
    }
}

/* ---- driver ----------------------------------------------------------- */

int main(int argc, char **argv)
{
    crc32_init();
    uint64_t seed = 0x9e3779b97f4a7c15ull + (uint64_t)argc;

    static uint8_t data[4096];
    for (size_t i = 0; i < sizeof data; i++)
        data[i] = (uint8_t)xorshift64(&seed);
    shuffle_blocks(data, sizeof data, &seed);
    printf("crc32 %08x fnv %016llx zeros %zu\n", (unsigned)crc32(data, sizeof data),
           (unsigned long long)fnv1a64(data, sizeof data), count_byte_simd(data, sizeof data, 0));

    char b64[64];
    base64_encode((const uint8_t *)"component model", 15, b64);
    printf("base64 %s\n", b64);

    float a[37], b[37];
    for (int i = 0; i < 37; i++) {
        a[i] = (float)i * 0.5f;
        b[i] = (float)(37 - i);
    }
    printf("dot %.2f\n", (double)dot_simd(a, b, 37));

    float m[16], id[16] = {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1}, prod[16];
    for (int i = 0; i < 16; i++)
        m[i] = (float)(i + 1);
    matmul4(m, id, prod);
    printf("matmul %s\n", memcmp(m, prod, sizeof m) == 0 ? "identity ok" : "wrong");

    uint8_t bytes[16];
    for (int i = 0; i < 16; i++)
        bytes[i] = (uint8_t)i;
    wasm_v128_store(bytes, reverse_bytes(wasm_v128_load(bytes)));
    printf("shuffle %d %d\n", bytes[0], bytes[15]);

    int16_t shorts[64];
    for (int i = 0; i < 64; i++)
        shorts[i] = (int16_t)(i * 1000 + (int)(seed & 7));
    printf("sat sum %d\n", sum_i16_saturating(shorts, 64));

    const char *exprs[] = {"1 + 2 * 3", "(1 + 2) * 3", "100 / 7 % 5", "-(4 ^ 1) | 8", "2 * (3 + "};
    for (int i = 0; i < 5; i++) {
        int64_t v;
        if (eval(exprs[i], &v) == 0)
            printf("eval %s = %lld\n", exprs[i], (long long)v);
        else
            printf("eval %s: syntax error\n", exprs[i]);
    }

    static string_map words;
    size_t distinct = word_counts(&words,
        "the quick brown fox jumps over the lazy dog and the dog sleeps");
    entry *the = map_get(&words, "the", 0);
    printf("words %zu distinct, 'the' x%d\n", distinct, the ? the->value : 0);

    double ds[32];
    for (int i = 0; i < 32; i++)
        ds[i] = (double)(xorshift64(&seed) % 10000) / 7.0;
    qsort(ds, 32, sizeof ds[0], compare_doubles);
    printf("sorted %.3f .. %.3f\n", ds[0], ds[31]);

    /* volatile: keep the conversion a run-time instruction */
    volatile double huge = 1e30;
    printf("saturating %lld %lld\n", (long long)to_int_saturating(huge),
           (long long)to_int_saturating(-huge));
    printf("sign-extend %d %lld\n", sign_extend8(0xff), (long long)sign_extend32(0x80000000ll));
    if (argc > 1)
        printf("argument %s\n", argv[1]);
    return 0;
}
