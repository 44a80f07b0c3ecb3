#include "wit_cases.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

static void run_case(const char *path, wit_case_check *check)
{
    size_t len;
    unsigned char *src = unit_read_file(path, &len);
    assert_non_null(src);
    const char *prefix = "// error: ";
    assert_true(len > strlen(prefix) && memcmp(src, prefix, strlen(prefix)) == 0);
    const char *head = (const char *)src + strlen(prefix);
    const char *nl = memchr(head, '\n', len - strlen(prefix));
    assert_non_null(nl);
    char want[512];
    snprintf(want, sizeof want, "%.*s", (int)(nl - head), head);
    check(path, want, (const char *)src, len);
    free(src);
}

unsigned wit_invalid_cases(const char *prefix, wit_case_check *check)
{
    const char *dir = "tests/wit/invalid";
    DIR *d = opendir(dir);
    assert_non_null(d);
    size_t plen = strlen(prefix);
    unsigned count = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t n = strlen(e->d_name);
        if (strncmp(e->d_name, prefix, plen) != 0 || n < 5 || strcmp(e->d_name + n - 4, ".wit") != 0)
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        run_case(path, check);
        count++;
    }
    closedir(d);
    return count;
}
