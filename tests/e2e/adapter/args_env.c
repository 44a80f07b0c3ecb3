/* Arguments and environment: prints argv and the variables named by the
 * arguments; exits with 1 when asked to ("fail" as the last argument). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    printf("argc=%d\n", argc);
    for (int i = 1; i < argc; i++) {
        const char *v = getenv(argv[i]);
        printf("arg[%d]=%s env=%s\n", i, argv[i], v ? v : "(unset)");
    }
    extern char **environ;
    int n = 0;
    for (char **e = environ; *e; e++)
        if (strncmp(*e, "ADAPTER_", 8) == 0)
            n++;
    printf("ADAPTER_ variables: %d\n", n);
    return argc > 1 && strcmp(argv[argc - 1], "fail") == 0;
}
