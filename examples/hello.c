/* The bundled example: a small WASI command in plain C.
 *
 *   make example
 *
 * builds it with clang --target=wasm32-wasi into build/examples/hello.wasm
 * (a core module importing wasi_snapshot_preview1), adapts it into a WASI
 * 0.2 component with `wasi-adapt p1-to-p2`, inspects the component and runs
 * it with `wasi-run`. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(int argc, char **argv)
{
    const char *who = argc > 1 ? argv[1] : getenv("USER");
    printf("Hello, %s!\n", who ? who : "world");
    printf("It is %lld seconds since 1970.\n", (long long)time(NULL));
    return 0;
}
