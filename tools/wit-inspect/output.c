/* Output through a temporary file that is renamed into place only when
 * everything was written, so a failure never leaves a half-written file. */
#include "inspect.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

bool output_open(output *o, const char *path, char *why, size_t why_size)
{
    *o = (output){.f = stdout};
    if (!path || strcmp(path, "-") == 0)
        return true;
    o->path = path;
    size_t n = strlen(path) + sizeof ".tmp.XXXXXX";
    o->tmp_path = malloc(n);
    if (!o->tmp_path) {
        snprintf(why, why_size, "out of memory");
        return false;
    }
    snprintf(o->tmp_path, n, "%s.tmp.XXXXXX", path);
    int fd = mkstemp(o->tmp_path);
    if (fd < 0 || !(o->f = fdopen(fd, "w"))) {
        snprintf(why, why_size, "cannot create a temporary file beside it: %s", strerror(errno));
        if (fd >= 0) {
            close(fd);
            unlink(o->tmp_path);
        }
        free(o->tmp_path);
        *o = (output){0};
        return false;
    }
    /* mkstemp makes the file 0600; an output file should get the usual
     * permissions (0666 less the umask). */
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);
    return true;
}

bool output_commit(output *o, char *why, size_t why_size)
{
    if (!o->path) {
        if (fflush(stdout) != 0 || ferror(stdout)) {
            snprintf(why, why_size, "cannot write: %s", strerror(errno));
            return false;
        }
        return true;
    }
    bool ok = !ferror(o->f);
    int saved = errno;
    if (fclose(o->f) != 0 && ok) {
        ok = false;
        saved = errno;
    }
    o->f = NULL;
    if (ok && rename(o->tmp_path, o->path) != 0) {
        ok = false;
        saved = errno;
    }
    if (!ok) {
        snprintf(why, why_size, "cannot write: %s", strerror(saved ? saved : EIO));
        unlink(o->tmp_path);
    }
    free(o->tmp_path);
    o->tmp_path = NULL;
    return ok;
}

void output_abort(output *o)
{
    if (o->path && o->f) {
        fclose(o->f);
        unlink(o->tmp_path);
    }
    free(o->tmp_path);
    *o = (output){0};
}
