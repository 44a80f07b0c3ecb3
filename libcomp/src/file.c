#include "comp/file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool read_all(FILE *f, uint8_t **data, size_t *len)
{
    uint8_t *buf = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (cap - n < 2) { /* room for one more byte and the NUL */
            size_t next = cap ? cap * 2 : 65536;
            if (next < cap) {
                free(buf);
                errno = ENOMEM;
                return false;
            }
            uint8_t *p = realloc(buf, next);
            if (!p) {
                free(buf);
                errno = ENOMEM;
                return false;
            }
            buf = p;
            cap = next;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0) {
            if (ferror(f)) {
                free(buf);
                return false;
            }
            break;
        }
    }
    buf[n] = '\0';
    *data = buf;
    *len = n;
    return true;
}

bool comp_read_file(const char *path, uint8_t **data, size_t *len, comp_error *err)
{
    bool from_stdin = strcmp(path, "-") == 0;
    FILE *f = from_stdin ? stdin : fopen(path, "rb");
    if (!f)
        return comp_error_set(err, 0, "cannot open: %s", strerror(errno));
    errno = 0;
    bool ok = read_all(f, data, len);
    if (!ok)
        comp_error_set(err, 0, "cannot read: %s", strerror(errno ? errno : EIO));
    if (!from_stdin)
        fclose(f);
    return ok;
}
