#ifndef TESTS_UNIT_H
#define TESTS_UNIT_H

/* Common includes and the closing-line convention for cmocka unit tests:
 *   int main(void) { return unit_run("name", tests, N); }
 * prints "N passed, N failed" after cmocka's own report. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

int unit_run_group(const char *name, const struct CMUnitTest *tests, size_t count);
#define unit_run(name, tests) unit_run_group(name, tests, sizeof(tests) / sizeof((tests)[0]))

/* Reads a whole file into a malloc'd buffer; NULL if it cannot. */
unsigned char *unit_read_file(const char *path, size_t *len);

#endif
