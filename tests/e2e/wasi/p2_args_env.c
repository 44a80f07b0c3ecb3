/* Arguments and environment as a WASI 0.2 guest sees them (through the
 * preview1 adapter: args_get, environ_get). argv[0] is left out of the
 * output: hosts disagree on it (wasmtime: the file name, jco: without .wasm). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

int main(int argc, char **argv)
{
    printf("argc=%d\n", argc);
    printf("argv0 set: %s\n", argc > 0 && argv[0][0] ? "yes" : "no");
    for (int i = 1; i < argc; i++)
        printf("argv[%d]=%s\n", i, argv[i]);
    int n = 0;
    for (char **e = environ; *e; e++)
        n++;
    printf("env count=%d\n", n);
    const char *names[] = {"GREETING", "EMPTY", "WITH_EQUALS", "MISSING"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const char *v = getenv(names[i]);
        printf("%s=%s\n", names[i], v ? v : "(unset)");
    }
    return 0;
}
