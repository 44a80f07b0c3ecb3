/* Exit paths: `exit N` calls exit(N), `return N` returns N from main,
 * `trap` executes unreachable, `print` writes to stdout before exit(0)
 * (buffered output must be flushed by exit). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc < 2)
        return 0;
    int n = argc > 2 ? atoi(argv[2]) : 0;
    if (strcmp(argv[1], "exit") == 0)
        exit(n);
    if (strcmp(argv[1], "return") == 0)
        return n;
    if (strcmp(argv[1], "trap") == 0)
        __builtin_trap();
    if (strcmp(argv[1], "print") == 0) {
        printf("before exit");
        exit(0);
    }
    return 99;
}
