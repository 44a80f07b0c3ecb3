/* Reading the whole input (a file or standard input) into memory. */
#include "inspect.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static bool read_stream(FILE *f, uint8_t **data, size_t *len)
{
    size_t cap = 1 << 16, n = 0;
    uint8_t *buf = malloc(cap);
    if (!buf)
        return false;
    for (;;) {
        if (n == cap) {
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
        size_t got = fread(buf + n, 1, cap - n, f);
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
    *data = buf;
    *len = n;
    return true;
}

bool input_read(const char *path, uint8_t **data, size_t *len, char *why, size_t why_size)
{
    bool from_stdin = strcmp(path, "-") == 0;
    FILE *f = from_stdin ? stdin : fopen(path, "rb");
    if (!f) {
        snprintf(why, why_size, "cannot open: %s", strerror(errno));
        return false;
    }
    errno = 0;
    bool ok = read_stream(f, data, len);
    if (!ok)
        snprintf(why, why_size, "cannot read: %s", strerror(errno ? errno : EIO));
    if (!from_stdin)
        fclose(f);
    return ok;
}
