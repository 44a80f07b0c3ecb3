/* A program that exports cabi_realloc: wit-component then allocates the
 * adapter's stack with it, and a command's exports run the program's
 * constructors first, so the adapter is called back (preopen lookup)
 * before its stack exists and must answer without it. */
#include <stdio.h>
#include <stdlib.h>

__attribute__((export_name("cabi_realloc")))
void *cabi_realloc(void *ptr, size_t old_size, size_t align, size_t new_size)
{
    (void)old_size;
    (void)align;
    return realloc(ptr, new_size);
}

int main(int argc, char **argv)
{
    char *block = malloc(100000);
    if (!block)
        return 1;
    block[99999] = 'z';
    printf("argc=%d last=%s block=%c\n", argc, argv[argc - 1], block[99999]);
    free(block);
    return 0;
}
