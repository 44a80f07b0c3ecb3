#ifndef TESTS_WIT_CASES_H
#define TESTS_WIT_CASES_H

/* The invalid-WIT cases in tests/wit/invalid/: each file starts with a line
 * `// error: LINE:COL: message` naming the error it must produce. */

#include <stddef.h>

/* Called with the case's path, its expected `LINE:COL: message` and its
 * whole text. */
typedef void wit_case_check(const char *path, const char *want, const char *src, size_t len);

/* Runs `check` on every `PREFIX*.wit` file there; returns how many ran. */
unsigned wit_invalid_cases(const char *prefix, wit_case_check *check);

#endif
