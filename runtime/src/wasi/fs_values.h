#ifndef WASI_FS_VALUES_H
#define WASI_FS_VALUES_H

/* Building wasi:filesystem results as rt_cval trees, reading arguments,
 * and the errno -> error-code mapping. */

#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>

#include "fs_state.h"

/* error-code cases in WIT order. */
typedef enum fs_error_code {
    FS_E_ACCESS, FS_E_WOULD_BLOCK, FS_E_ALREADY, FS_E_BAD_DESCRIPTOR, FS_E_BUSY,
    FS_E_DEADLOCK, FS_E_QUOTA, FS_E_EXIST, FS_E_FILE_TOO_LARGE, FS_E_ILLEGAL_BYTE_SEQUENCE,
    FS_E_IN_PROGRESS, FS_E_INTERRUPTED, FS_E_INVALID, FS_E_IO, FS_E_IS_DIRECTORY, FS_E_LOOP,
    FS_E_TOO_MANY_LINKS, FS_E_MESSAGE_SIZE, FS_E_NAME_TOO_LONG, FS_E_NO_DEVICE, FS_E_NO_ENTRY,
    FS_E_NO_LOCK, FS_E_INSUFFICIENT_MEMORY, FS_E_INSUFFICIENT_SPACE, FS_E_NOT_DIRECTORY,
    FS_E_NOT_EMPTY, FS_E_NOT_RECOVERABLE, FS_E_UNSUPPORTED, FS_E_NO_TTY, FS_E_NO_SUCH_DEVICE,
    FS_E_OVERFLOW, FS_E_NOT_PERMITTED, FS_E_PIPE, FS_E_READ_ONLY, FS_E_INVALID_SEEK,
    FS_E_TEXT_FILE_BUSY, FS_E_CROSS_DEVICE,
} fs_error_code;

/* descriptor-type cases in WIT order. */
enum {
    FS_T_UNKNOWN, FS_T_BLOCK_DEVICE, FS_T_CHARACTER_DEVICE, FS_T_DIRECTORY, FS_T_FIFO,
    FS_T_SYMBOLIC_LINK, FS_T_REGULAR_FILE, FS_T_SOCKET,
};

/* descriptor-flags bits. */
enum {
    FS_F_READ = 1u << 0,
    FS_F_WRITE = 1u << 1,
    FS_F_FILE_INTEGRITY_SYNC = 1u << 2,
    FS_F_DATA_INTEGRITY_SYNC = 1u << 3,
    FS_F_REQUESTED_WRITE_SYNC = 1u << 4,
    FS_F_MUTATE_DIRECTORY = 1u << 5,
};

fs_error_code fs_error_of_errno(int errnum);
uint32_t fs_type_of_mode(mode_t mode);

/* An arena array of `n` values (at least one), NULL when out of memory. */
rt_cval *fs_vals(const rt_chost_call *call, uint32_t n);

/* result::ok with `payload` (copied; NULL: none). False: out of memory,
 * with `trap` set. */
bool fs_ok(const rt_chost_call *call, rt_cval *result, const rt_cval *payload, rt_trap *trap);
/* result::err(error-code for errnum). */
bool fs_err(const rt_chost_call *call, rt_cval *result, int errnum, rt_trap *trap);
/* ok(payload) when errnum is 0, else err. */
bool fs_done(const rt_chost_call *call, rt_cval *result, int errnum, rt_trap *trap);

rt_cval fs_u64(uint64_t v);
rt_cval fs_enum(uint32_t index);
rt_cval fs_handle(rt_resource_type *type, uint32_t rep, bool own);

/* A descriptor-stat record for `st`. */
bool fs_stat_value(const rt_chost_call *call, const struct stat *st, rt_cval *out, rt_trap *trap);
/* A metadata-hash-value record for `st` (device and inode). */
bool fs_hash_value(const rt_chost_call *call, const struct stat *st, rt_cval *out, rt_trap *trap);

/* A new-timestamp variant as a timespec for futimens / utimensat:
 * no-change -> UTIME_OMIT, now -> UTIME_NOW. 0 or EOVERFLOW. */
int fs_new_timestamp(const rt_cval *v, struct timespec *out);

/* Checks the arguments against `kinds`, one letter each: h handle,
 * s string, u u64, f flags, e enum, v variant, l list, S stream. Traps naming
 * `func` when they do not match (an import typed differently from the
 * WIT). */
bool fs_args(const char *func, const rt_cval *args, uint32_t n, const char *kinds, rt_trap *trap);

/* The descriptor / directory stream a handle argument names; traps when
 * it names none. */
fs_desc *fs_arg_desc(wasi_fs *fs, const rt_cval *arg, rt_trap *trap);
fs_dirstream *fs_arg_dirstream(wasi_fs *fs, const rt_cval *arg, rt_trap *trap);

/* A method's self descriptor: fs_args(func, kinds), then args[0]'s
 * descriptor; NULL with `trap` set. FS_SELF declares `d` from it inside a
 * host function (user, args, n, trap in scope), returning false on NULL. */
fs_desc *fs_arg_self(wasi_fs *fs, const char *func, const rt_cval *args, uint32_t n,
                     const char *kinds, rt_trap *trap);
#define FS_SELF(d, func, kinds)                                                                \
    fs_desc *d = fs_arg_self(user, func, args, n, kinds, trap);                                \
    if (!d)                                                                                    \
    return false

/* A string argument as the comp_str the operations take. */
comp_str fs_arg_str(const rt_cval *arg);
/* Traps with "wasi:filesystem: out of memory"; returns false. */
bool fs_oom(rt_trap *trap);

/* Whether `s` is valid UTF-8 (names and link targets become strings). */
bool fs_utf8_ok(const char *s, size_t len);

#endif
