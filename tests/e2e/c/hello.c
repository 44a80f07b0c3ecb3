/* The smallest real WASI command: stdout through wasi-libc's stdio. */
#include <stdio.h>

int main(void)
{
    printf("hello from wasm32-wasi\n");
    return 0;
}
