#include "comp/file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "comp/buf.h"

static bool read_all(FILE *f, uint8_t **data, size_t *len)
{
    comp_buf buf = {0};
    size_t got;
    do {
        /* Room for one more chunk and the NUL. */
        if (!comp_buf_reserve(&buf, 65536)) {
            comp_buf_free(&buf);
            errno = ENOMEM;
            return false;
        }
        got = fread(buf.data + buf.len, 1, buf.cap - buf.len - 1, f);
        buf.len += got;
    } while (got > 0);
    if (ferror(f)) {
        comp_buf_free(&buf);
        return false;
    }
    buf.data[buf.len] = '\0';
    *data = buf.data;
    *len = buf.len;
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
