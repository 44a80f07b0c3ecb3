#ifndef WIT_COMPOSE_BUILD_H
#define WIT_COMPOSE_BUILD_H

#include <stdbool.h>

typedef struct build_args {
    const char *composition; /* the YAML file */
    const char *output;      /* NULL: only with --dry-run or --wat to stdout */
    bool wat, dry_run;
} build_args;

/* Runs `wit-compose build`; returns the exit status (plug.h's EXIT_*). */
int build_run(const build_args *a);

#endif
