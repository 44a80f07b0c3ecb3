#ifndef TESTS_WIT_CASES_H
#define TESTS_WIT_CASES_H

/* WIT inputs shared by the WIT tests: the invalid-WIT cases in
 * tests/wit/invalid/ (each file starts with a line
 * `// error: LINE:COL: message` naming the error it must produce), and the
 * WASI packages of ../shared/wit. */

#include <stdbool.h>
#include <stddef.h>

#include "comp/arena.h"
#include "wit/diag.h"
#include "wit/resolve.h"

/* Called with the case's path, its expected `LINE:COL: message` and its
 * whole text. */
typedef void wit_case_check(const char *path, const char *want, const char *src, size_t len);

/* Runs `check` on every `PREFIX*.wit` file there; returns how many ran. */
unsigned wit_invalid_cases(const char *prefix, wit_case_check *check);

/* Asserts that a case failed (`ok` false) with diagnostic `d` reading
 * `want` ("LINE:COL: message"); prints both first when they differ. */
void wit_expect_diag(const char *path, const char *want, bool ok, const wit_diag *d);

/* Checks one WASI package: its directory `path`, and `tree`, the directory
 * of it and its sibling packages (the dependency directory). Returns false
 * after print_error says what went wrong. */
typedef bool wasi_package_check(const char *path, const char *tree, void *ctx);

/* Runs `check` on every package of ../shared/wit/wasi-0.2.12 and
 * wasi-0.3.0, counting failures in *failed; returns how many ran (0 when
 * the trees are absent: the caller prints a SKIP line). */
unsigned wasi_packages(wasi_package_check *check, void *ctx, unsigned *failed);

/* Resolves `text` as the one file `name` of the root package, with `opts`
 * (may be NULL); fails the test, printing the error, when it does not. */
wit_resolve *unit_resolve_wit(comp_arena *a, const char *name, const char *text,
                              const wit_resolve_options *opts);

/* A small package with interfaces, a resource, `use` and a world. */
extern const char wit_sample_package[];

#endif
