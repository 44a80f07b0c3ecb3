#include "unit.h"

#include <stdio.h>
#include <stdlib.h>

#include "comp/file.h"

int unit_run_group(const char *name, const struct CMUnitTest *tests, size_t count)
{
    int failed = _cmocka_run_group_tests(name, tests, count, NULL, NULL);
    if (failed < 0 || (size_t)failed > count)
        failed = (int)count;
    printf("%zu passed, %d failed\n", count - (size_t)failed, failed);
    return failed ? 1 : 0;
}

unsigned char *unit_read_file(const char *path, size_t *len)
{
    uint8_t *data;
    comp_error err;
    return comp_read_file(path, &data, len, &err) ? data : NULL;
}
