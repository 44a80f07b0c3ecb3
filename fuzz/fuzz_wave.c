/* libFuzzer target for WAVE (rt/wave.h): reads the input as a call and as a
 * value of a type that uses every kind of value; a value that converts
 * must print, read back and print again to the same text, and a rejection
 * must point inside the input (or just past its end). */
#include <stdlib.h>
#include <string.h>

#include "rt/wave.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* record { a: u8, b: option<s64>, c: list<variant { x(string), y, none(f64) }>,
 *          d: flags { read, write }, e: result<tuple<char, bool>, enum { north, south }>,
 *          f: f32 } */
static const rt_ctype *fuzz_type(comp_arena *a)
{
    const rt_ctype *var = rt_ctype_labeled(
        a, RT_CT_VARIANT, 3, (const char *const[]){"x", "y", "none"},
        (const rt_ctype *const[]){rt_ctype_prim(RT_CT_STRING), NULL, rt_ctype_prim(RT_CT_F64)});
    const rt_ctype *flags =
        rt_ctype_labeled(a, RT_CT_FLAGS, 2, (const char *const[]){"read", "write"}, NULL);
    const rt_ctype *en =
        rt_ctype_labeled(a, RT_CT_ENUM, 2, (const char *const[]){"north", "south"}, NULL);
    const rt_ctype *tup = rt_ctype_tuple(
        a, 2, (const rt_ctype *const[]){rt_ctype_prim(RT_CT_CHAR), rt_ctype_prim(RT_CT_BOOL)});
    if (!var || !flags || !en || !tup)
        return NULL;
    const rt_ctype *fields[] = {
        rt_ctype_prim(RT_CT_U8), rt_ctype_option(a, rt_ctype_prim(RT_CT_S64)),
        rt_ctype_list(a, var), flags, rt_ctype_result(a, tup, en), rt_ctype_prim(RT_CT_F32),
    };
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (!fields[i])
            return NULL;
    return rt_ctype_labeled(a, RT_CT_RECORD, 6,
                            (const char *const[]){"a", "b", "c", "d", "e", "f"}, fields);
}

/* Reads `text` as a value of `t` and prints it into `out`. */
static bool read_print(const char *text, size_t len, const rt_ctype *t, comp_arena *a,
                       comp_buf *out)
{
    comp_error err = {0};
    rt_wave_node *n;
    rt_cval v;
    if (!rt_wave_parse_value(text, len, a, &n, &err) || !rt_wave_to_cval(n, t, a, &v, &err)) {
        if (err.offset > len || !err.message[0])
            abort();
        return false;
    }
    rt_wave_print(out, &v, t);
    return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    comp_arena a;
    comp_arena_init(&a);
    comp_error err = {0};
    rt_wave_call call;
    if (!rt_wave_parse_call((const char *)data, size, &a, &call, &err) && err.offset > size)
        abort();
    const rt_ctype *t = fuzz_type(&a);
    comp_buf once = {0}, twice = {0};
    if (t && read_print((const char *)data, size, t, &a, &once) && !once.oom) {
        if (!read_print((const char *)once.data, once.len, t, &a, &twice))
            abort();
        if (!twice.oom && (twice.len != once.len || memcmp(twice.data, once.data, once.len)))
            abort();
    }
    comp_buf_free(&once);
    comp_buf_free(&twice);
    comp_arena_free(&a);
    return 0;
}
