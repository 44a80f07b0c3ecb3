/* A C command that imports local:compose/greet@0.1.0 (app.wit) and prints
 * the greeting for each argument ("world" without arguments).
 *
 * The bindings are written by hand, as the canonical ABI lays them out
 * (CanonicalABI.md, flattening): `greet: func(name: string) -> string`
 * lowers to (i32 ptr, i32 len, i32 retptr): the argument string is passed
 * as UTF-8 bytes in our memory, and the result string, two i32 words, is
 * too wide to return flat, so the callee stores {ptr, len} in a return area
 * we provide. It allocates the result's bytes with our cabi_realloc; the
 * bytes are ours to free. The world's component-type custom section (from
 * app.wit) is added at link time by the test (compose_run.sh). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct wit_string {
    char *ptr;
    size_t len;
} wit_string;

__attribute__((import_module("local:compose/greet@0.1.0"), import_name("greet")))
extern void greet_lowered(const char *name, size_t name_len, wit_string *ret);

/* The allocator the canonical ABI calls to place results in our memory.
 * wasi-libc's malloc aligns to 16, more than any ABI alignment (at most 8);
 * a zero-byte request still gets a pointer free() accepts. */
__attribute__((export_name("cabi_realloc")))
void *cabi_realloc(void *old, size_t old_size, size_t align, size_t new_size)
{
    (void)old_size;
    (void)align;
    void *p = realloc(old, new_size ? new_size : 1);
    if (!p)
        abort();
    return p;
}

static int greet_one(const char *name)
{
    wit_string result = {0};
    greet_lowered(name, strlen(name), &result);
    int ok = fwrite(result.ptr, 1, result.len, stdout) == result.len && putchar('\n') != EOF;
    free(result.ptr);
    return ok;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return greet_one("world") ? 0 : 1;
    for (int i = 1; i < argc; i++)
        if (!greet_one(argv[i]))
            return 1;
    return 0;
}
