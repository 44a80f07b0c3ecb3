/* Standard streams and exit codes: copies stdin to stdout with line
 * numbers, writes to stderr, then exits with the code given as argv[1]
 * (through exit(), so through proc_exit). */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    char line[256];
    int n = 0;
    while (fgets(line, sizeof line, stdin))
        printf("%d: %s", ++n, line);
    printf("lines=%d\n", n);
    fprintf(stderr, "to stderr\n");
    static const char raw[] = "raw write\n";
    if (write(1, raw, sizeof raw - 1) != (ssize_t)(sizeof raw - 1))
        return 9;
    /* A descriptor that was never opened. */
    printf("write(42): %s\n", write(42, "x", 1) < 0 ? "error" : "ok");
    fflush(stdout);
    exit(argc > 1 ? atoi(argv[1]) : 0);
}
