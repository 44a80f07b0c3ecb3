/* Reading a whole file into memory. */
#include "wasi_run.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool read_all(FILE *f, uint8_t **data, size_t *len)
{
    size_t cap = 1 << 16, n = 0;
    uint8_t *buf = malloc(cap);
    if (!buf)
        return false;
    for (;;) {
        if (cap - n < 2) { /* room for one more byte and the NUL */
            if (cap > SIZE_MAX / 2) {
                free(buf);
                errno = ENOMEM;
                return false;
            }
            uint8_t *bigger = realloc(buf, cap * 2);
            if (!bigger) {
                free(buf);
                errno = ENOMEM;
                return false;
            }
            buf = bigger;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0) {
            if (ferror(f)) {
                int saved = errno ? errno : EIO;
                free(buf);
                errno = saved;
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

bool input_read(const char *path, uint8_t **data, size_t *len, char *why, size_t why_size)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(why, why_size, "cannot open: %s", strerror(errno));
        return false;
    }
    errno = 0;
    bool ok = read_all(f, data, len);
    if (!ok)
        snprintf(why, why_size, "cannot read: %s", strerror(errno ? errno : EIO));
    fclose(f);
    return ok;
}
