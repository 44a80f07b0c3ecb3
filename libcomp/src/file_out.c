/* Output through a temporary file that is renamed into place only when
 * everything was written (see comp/file.h). */
#include "comp/file.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

bool comp_output_open(comp_output *o, const char *path, comp_error *err)
{
    *o = (comp_output){.f = stdout};
    if (!path || strcmp(path, "-") == 0)
        return true;
    o->path = path;
    size_t n = strlen(path) + sizeof ".tmp.XXXXXX";
    o->tmp_path = malloc(n);
    if (!o->tmp_path)
        return comp_error_set(err, 0, "out of memory");
    snprintf(o->tmp_path, n, "%s.tmp.XXXXXX", path);
    int fd = mkstemp(o->tmp_path);
    if (fd < 0 || !(o->f = fdopen(fd, "wb"))) {
        comp_error_set(err, 0, "cannot create a temporary file beside it: %s", strerror(errno));
        if (fd >= 0) {
            close(fd);
            unlink(o->tmp_path);
        }
        free(o->tmp_path);
        *o = (comp_output){0};
        return false;
    }
    /* mkstemp makes the file 0600; an output file gets the usual
     * permissions (0666 less the umask). */
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);
    return true;
}

bool comp_output_commit(comp_output *o, comp_error *err)
{
    if (!o->path) {
        if (fflush(stdout) != 0 || ferror(stdout))
            return comp_error_set(err, 0, "cannot write: %s", strerror(errno));
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
        comp_error_set(err, 0, "cannot write: %s", strerror(saved ? saved : EIO));
        unlink(o->tmp_path);
    }
    free(o->tmp_path);
    o->tmp_path = NULL;
    return ok;
}

void comp_output_abort(comp_output *o)
{
    if (o->path && o->f) {
        fclose(o->f);
        unlink(o->tmp_path);
    }
    free(o->tmp_path);
    *o = (comp_output){0};
}

bool comp_write_file(const char *path, const void *data, size_t len, comp_error *err)
{
    comp_output o;
    if (!comp_output_open(&o, path, err))
        return false;
    if (len) /* a short write sets ferror(o.f): commit reports it */
        fwrite(data, 1, len, o.f);
    return comp_output_commit(&o, err);
}
