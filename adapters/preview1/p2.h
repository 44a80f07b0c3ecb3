/* The WASI 0.2 functions the adapter calls, declared with their canonical
 * ABI core signatures (CanonicalABI.md: flattening with MAX_FLAT_PARAMS = 16
 * and MAX_FLAT_RESULTS = 1, so compound results go through a return pointer;
 * strings and lists are pointer + length; resource handles are i32). Import
 * modules are interface names and function names are mangled the way
 * wit-component expects ("[method]descriptor.read", "[resource-drop]...").
 * Return-area layouts are noted beside each function (offsets in bytes). */
#ifndef ADAPTER_P2_H
#define ADAPTER_P2_H

#include <stdint.h>

#define P2_VERSION "0.2.12"
#define P2_IMPORT(iface, name) \
    __attribute__((import_module(iface "@" P2_VERSION), import_name(name)))

#define P2_FS "wasi:filesystem/types"
#define P2_STREAMS "wasi:io/streams"

/* result<_, error-code>: tag u8 @0, error-code u8 @1 */
/* result<own<T>, error-code>: tag @0, handle or error-code @4 */

/* ---- wasi:filesystem/types -------------------------------------------- */
P2_IMPORT(P2_FS, "[method]descriptor.read-via-stream")
void p2_descriptor_read_via_stream(int32_t self, int64_t offset, void *ret);
P2_IMPORT(P2_FS, "[method]descriptor.write-via-stream")
void p2_descriptor_write_via_stream(int32_t self, int64_t offset, void *ret);
P2_IMPORT(P2_FS, "[method]descriptor.append-via-stream")
void p2_descriptor_append_via_stream(int32_t self, void *ret);
P2_IMPORT(P2_FS, "[method]descriptor.advise")
void p2_descriptor_advise(int32_t self, int64_t offset, int64_t len, int32_t advice, void *ret);
P2_IMPORT(P2_FS, "[method]descriptor.sync-data")
void p2_descriptor_sync_data(int32_t self, void *ret);
/* result<descriptor-flags, error-code>: tag @0, flags or code u8 @1 */
P2_IMPORT(P2_FS, "[method]descriptor.get-flags")
void p2_descriptor_get_flags(int32_t self, void *ret);
/* result<descriptor-type, error-code>: tag @0, type or code u8 @1 */
P2_IMPORT(P2_FS, "[method]descriptor.get-type")
void p2_descriptor_get_type(int32_t self, void *ret);
P2_IMPORT(P2_FS, "[method]descriptor.set-size")
void p2_descriptor_set_size(int32_t self, int64_t size, void *ret);
/* new-timestamp flattens to (tag i32, seconds i64, nanoseconds i32) */
P2_IMPORT(P2_FS, "[method]descriptor.set-times")
void p2_descriptor_set_times(int32_t self, int32_t atag, int64_t asec, int32_t ansec,
                             int32_t mtag, int64_t msec, int32_t mnsec, void *ret);
/* result<tuple<list<u8>, bool>, error-code>: tag @0, ptr @4, len @8, eof u8 @12 */
P2_IMPORT(P2_FS, "[method]descriptor.read")
void p2_descriptor_read(int32_t self, int64_t len, int64_t offset, void *ret);
/* result<filesize, error-code>: tag @0, u64 or code @8 */
P2_IMPORT(P2_FS, "[method]descriptor.write")
void p2_descriptor_write(int32_t self, const void *buf, int32_t len, int64_t offset, void *ret);
P2_IMPORT(P2_FS, "[method]descriptor.read-directory")
void p2_descriptor_read_directory(int32_t self, void *ret);
P2_IMPORT(P2_FS, "[method]descriptor.sync")
void p2_descriptor_sync(int32_t self, void *ret);
P2_IMPORT(P2_FS, "[method]descriptor.create-directory-at")
void p2_descriptor_create_directory_at(int32_t self, const void *path, int32_t len, void *ret);
/* result<descriptor-stat, error-code>: tag @0; stat @8: type u8 @8,
 * link-count @16, size @24, then three option<datetime> at @32, @56, @80
 * (tag u8, seconds u64 at +8, nanoseconds u32 at +16); size 104 */
P2_IMPORT(P2_FS, "[method]descriptor.stat")
void p2_descriptor_stat(int32_t self, void *ret);
P2_IMPORT(P2_FS, "[method]descriptor.stat-at")
void p2_descriptor_stat_at(int32_t self, int32_t path_flags, const void *path, int32_t len,
                           void *ret);
P2_IMPORT(P2_FS, "[method]descriptor.set-times-at")
void p2_descriptor_set_times_at(int32_t self, int32_t path_flags, const void *path, int32_t len,
                                int32_t atag, int64_t asec, int32_t ansec, int32_t mtag,
                                int64_t msec, int32_t mnsec, void *ret);
P2_IMPORT(P2_FS, "[method]descriptor.link-at")
void p2_descriptor_link_at(int32_t self, int32_t old_flags, const void *old_path, int32_t old_len,
                           int32_t new_desc, const void *new_path, int32_t new_len, void *ret);
P2_IMPORT(P2_FS, "[method]descriptor.open-at")
void p2_descriptor_open_at(int32_t self, int32_t path_flags, const void *path, int32_t len,
                           int32_t open_flags, int32_t desc_flags, void *ret);
/* result<string, error-code>: tag @0, ptr or code @4, len @8 */
P2_IMPORT(P2_FS, "[method]descriptor.readlink-at")
void p2_descriptor_readlink_at(int32_t self, const void *path, int32_t len, void *ret);
P2_IMPORT(P2_FS, "[method]descriptor.remove-directory-at")
void p2_descriptor_remove_directory_at(int32_t self, const void *path, int32_t len, void *ret);
P2_IMPORT(P2_FS, "[method]descriptor.rename-at")
void p2_descriptor_rename_at(int32_t self, const void *old_path, int32_t old_len, int32_t new_desc,
                             const void *new_path, int32_t new_len, void *ret);
P2_IMPORT(P2_FS, "[method]descriptor.symlink-at")
void p2_descriptor_symlink_at(int32_t self, const void *old_path, int32_t old_len,
                              const void *new_path, int32_t new_len, void *ret);
P2_IMPORT(P2_FS, "[method]descriptor.unlink-file-at")
void p2_descriptor_unlink_file_at(int32_t self, const void *path, int32_t len, void *ret);
/* result<metadata-hash-value, error-code>: tag @0, lower u64 @8, upper @16 */
P2_IMPORT(P2_FS, "[method]descriptor.metadata-hash")
void p2_descriptor_metadata_hash(int32_t self, void *ret);
P2_IMPORT(P2_FS, "[method]descriptor.metadata-hash-at")
void p2_descriptor_metadata_hash_at(int32_t self, int32_t path_flags, const void *path,
                                    int32_t len, void *ret);
/* result<option<directory-entry>, error-code>: tag @0, option tag u8 or
 * code @4, entry type u8 @8, name ptr @12, name len @16 */
P2_IMPORT(P2_FS, "[method]directory-entry-stream.read-directory-entry")
void p2_dir_stream_read_entry(int32_t self, void *ret);
/* option<error-code>: tag @0, code u8 @1 */
P2_IMPORT(P2_FS, "filesystem-error-code")
void p2_filesystem_error_code(int32_t err, void *ret);
P2_IMPORT(P2_FS, "[resource-drop]descriptor")
void p2_drop_descriptor(int32_t handle);
P2_IMPORT(P2_FS, "[resource-drop]directory-entry-stream")
void p2_drop_dir_stream(int32_t handle);

/* ---- wasi:filesystem/preopens ----------------------------------------- */
/* list<tuple<own<descriptor>, string>>: ptr @0, len @4; element 12 bytes:
 * handle @0, name ptr @4, name len @8 */
P2_IMPORT("wasi:filesystem/preopens", "get-directories")
void p2_get_directories(void *ret);

/* ---- wasi:io ------------------------------------------------------------ */
/* result<list<u8>, stream-error>: tag @0, ptr @4, len @8; error: stream-error
 * tag u8 @4 (0 last-operation-failed with error handle @8, 1 closed) */
P2_IMPORT(P2_STREAMS, "[method]input-stream.read")
void p2_input_read(int32_t self, int64_t len, void *ret);
P2_IMPORT(P2_STREAMS, "[method]input-stream.blocking-read")
void p2_input_blocking_read(int32_t self, int64_t len, void *ret);
P2_IMPORT(P2_STREAMS, "[method]input-stream.subscribe")
int32_t p2_input_subscribe(int32_t self);
/* result<u64, stream-error>: tag @0, u64 @8 or stream-error tag @8, handle @12 */
P2_IMPORT(P2_STREAMS, "[method]output-stream.check-write")
void p2_output_check_write(int32_t self, void *ret);
/* result<_, stream-error>: tag @0, stream-error tag @4, handle @8 */
P2_IMPORT(P2_STREAMS, "[method]output-stream.write")
void p2_output_write(int32_t self, const void *buf, int32_t len, void *ret);
P2_IMPORT(P2_STREAMS, "[method]output-stream.blocking-write-and-flush")
void p2_output_blocking_write_and_flush(int32_t self, const void *buf, int32_t len, void *ret);
P2_IMPORT(P2_STREAMS, "[method]output-stream.blocking-flush")
void p2_output_blocking_flush(int32_t self, void *ret);
P2_IMPORT(P2_STREAMS, "[method]output-stream.subscribe")
int32_t p2_output_subscribe(int32_t self);
P2_IMPORT(P2_STREAMS, "[resource-drop]input-stream")
void p2_drop_input_stream(int32_t handle);
P2_IMPORT(P2_STREAMS, "[resource-drop]output-stream")
void p2_drop_output_stream(int32_t handle);
P2_IMPORT("wasi:io/error", "[resource-drop]error")
void p2_drop_error(int32_t handle);
/* list<u32>: ptr @0, len @4 */
P2_IMPORT("wasi:io/poll", "poll")
void p2_poll(const int32_t *pollables, int32_t count, void *ret);
P2_IMPORT("wasi:io/poll", "[resource-drop]pollable")
void p2_drop_pollable(int32_t handle);

/* ---- wasi:cli ----------------------------------------------------------- */
/* list<string>: ptr @0, len @4; element: ptr @0, len @4 */
P2_IMPORT("wasi:cli/environment", "get-arguments")
void p2_get_arguments(void *ret);
/* list<tuple<string, string>>: element 16 bytes: key ptr, len, value ptr, len */
P2_IMPORT("wasi:cli/environment", "get-environment")
void p2_get_environment(void *ret);
P2_IMPORT("wasi:cli/exit", "exit")
void p2_exit(int32_t is_err);
P2_IMPORT("wasi:cli/exit", "exit-with-code")
void p2_exit_with_code(int32_t code);
P2_IMPORT("wasi:cli/stdin", "get-stdin")
int32_t p2_get_stdin(void);
P2_IMPORT("wasi:cli/stdout", "get-stdout")
int32_t p2_get_stdout(void);
P2_IMPORT("wasi:cli/stderr", "get-stderr")
int32_t p2_get_stderr(void);

/* ---- wasi:clocks, wasi:random ------------------------------------------ */
P2_IMPORT("wasi:clocks/monotonic-clock", "now")
int64_t p2_monotonic_now(void);
P2_IMPORT("wasi:clocks/monotonic-clock", "resolution")
int64_t p2_monotonic_resolution(void);
P2_IMPORT("wasi:clocks/monotonic-clock", "subscribe-instant")
int32_t p2_monotonic_subscribe_instant(int64_t when);
P2_IMPORT("wasi:clocks/monotonic-clock", "subscribe-duration")
int32_t p2_monotonic_subscribe_duration(int64_t duration);
/* datetime: seconds u64 @0, nanoseconds u32 @8 */
P2_IMPORT("wasi:clocks/wall-clock", "now")
void p2_wall_now(void *ret);
P2_IMPORT("wasi:clocks/wall-clock", "resolution")
void p2_wall_resolution(void *ret);
/* list<u8>: ptr @0, len @4 */
P2_IMPORT("wasi:random/random", "get-random-bytes")
void p2_get_random_bytes(int64_t len, void *ret);

/* ---- 0.2 enum and flag values ------------------------------------------ */
enum {
    P2_TYPE_UNKNOWN, P2_TYPE_BLOCK_DEVICE, P2_TYPE_CHARACTER_DEVICE, P2_TYPE_DIRECTORY,
    P2_TYPE_FIFO, P2_TYPE_SYMBOLIC_LINK, P2_TYPE_REGULAR_FILE, P2_TYPE_SOCKET,
};
enum {
    P2_DESC_READ = 1, P2_DESC_WRITE = 2, P2_DESC_FILE_INTEGRITY_SYNC = 4,
    P2_DESC_DATA_INTEGRITY_SYNC = 8, P2_DESC_REQUESTED_WRITE_SYNC = 16,
    P2_DESC_MUTATE_DIRECTORY = 32,
};
enum { P2_PATH_SYMLINK_FOLLOW = 1 };
enum { P2_OPEN_CREATE = 1, P2_OPEN_DIRECTORY = 2, P2_OPEN_EXCLUSIVE = 4, P2_OPEN_TRUNCATE = 8 };
enum { P2_TIMESTAMP_NO_CHANGE = 0, P2_TIMESTAMP_NOW = 1, P2_TIMESTAMP_SET = 2 };
enum { P2_STREAM_ERROR_FAILED = 0, P2_STREAM_ERROR_CLOSED = 1 };

#endif
