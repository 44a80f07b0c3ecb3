#ifndef WIT_COMPOSE_PLUG_H
#define WIT_COMPOSE_PLUG_H

#include <stdbool.h>

enum { EXIT_OK = 0, EXIT_INVALID = 1, EXIT_USAGE = 2 };

typedef struct plug_args {
    const char *socket;
    const char **plugs;
    int plug_count;
    const char *output; /* NULL: only with --dry-run or --wat to stdout */
    bool wat, dry_run;
} plug_args;

/* Runs `wit-compose plug`; returns the exit status. */
int plug_run(const plug_args *a);

#endif
