/* A C reactor exporting local:compose/style@0.1.0 (world style-provider of
 * ../wit/greet.wit): decorate(text) upper-cases ASCII letters, leaves other
 * bytes (UTF-8 sequences) alone and puts the result between asterisks.
 *
 * The export glue is written by hand, as the canonical ABI lifts
 * `decorate: func(text: string) -> string`: the caller copies the argument
 * into our memory through cabi_realloc and passes (ptr, len), ours to free;
 * the result string, two i32 words, is returned as a pointer to a return
 * area holding {ptr, len}. The caller copies the result out, then calls
 * cabi_post_... with that pointer so we can free the bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct wit_string {
    char *ptr;
    size_t len;
} wit_string;

/* One call at a time per component instance (the canonical ABI forbids
 * re-entering it), so one return area suffices. */
static wit_string return_area;

/* wasi-libc's malloc aligns to 16, more than any ABI alignment (at most
 * 8); a zero-byte request still gets a pointer free() accepts. */
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

__attribute__((export_name("local:compose/style@0.1.0#decorate")))
wit_string *decorate(char *text, size_t len)
{
    char *out = malloc(len + 2);
    if (!out)
        abort();
    out[0] = '*';
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        out[i + 1] = c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
    }
    out[len + 1] = '*';
    free(text);
    return_area = (wit_string){out, len + 2};
    return &return_area;
}

__attribute__((export_name("cabi_post_local:compose/style@0.1.0#decorate")))
void decorate_post_return(wit_string *result)
{
    free(result->ptr);
    result->ptr = NULL;
}
