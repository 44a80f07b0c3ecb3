#ifndef WASI_FS3_VALUES_H
#define WASI_FS3_VALUES_H

/* wasi:filesystem@0.3.0 values. They differ from 0.2's: error-code and
 * descriptor-type are variants ending in other(option<string>) (error-code
 * lost would-block), and times are system-clock instants with signed
 * seconds. Values are built in an arena: the call's, or a stream job's
 * for a future written later. */

#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>
#include <time.h>

#include "comp/arena.h"
#include "rt/component.h"

/* error-code for an errno value. False when out of memory. */
bool fs3_error_code(comp_arena *arena, int errnum, rt_cval *out);
/* descriptor-type for an FS_T_* position (fs_values.h). */
bool fs3_type_value(comp_arena *arena, uint32_t type, rt_cval *out);
/* descriptor-stat for `st`. */
bool fs3_stat_value(comp_arena *arena, const struct stat *st, rt_cval *out);
/* result::ok(payload) (payload copied; NULL: none) / result::err(code) /
 * ok when errnum is 0. False with `trap` set when out of memory. */
bool fs3_ok(comp_arena *arena, rt_cval *result, const rt_cval *payload, rt_trap *trap);
bool fs3_err(comp_arena *arena, rt_cval *result, int errnum, rt_trap *trap);
bool fs3_done(comp_arena *arena, rt_cval *result, int errnum, rt_trap *trap);
/* new-timestamp as a timespec for futimens / utimensat (UTIME_OMIT,
 * UTIME_NOW). 0 or EOVERFLOW / EINVAL. */
int fs3_new_timestamp(const rt_cval *v, struct timespec *out);

#endif
