#ifndef TESTS_CONFORMANCE_H
#define TESTS_CONFORMANCE_H

/* The conformance runner: reads .wast scripts with the WAST reader
 * (comp/wast.h) and checks every module and component, text or binary,
 * against the parser, decoder, validator and encoder. Commands that need
 * the runtime (invoke, assert_return, assert_trap...) are counted, not run. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "comp/buf.h"
#include "comp/error.h"
#include "comp/wast.h"

/* ---- checking one binary ------------------------------------------------ */

typedef enum case_stage {
    ACCEPTED,
    REJECTED_BY_PARSER,         /* text that does not parse */
    REJECTED_BY_DECODER,
    REJECTED_BY_VALIDATOR,
} case_stage;

typedef struct binary_outcome {
    case_stage stage;
    comp_error err;             /* why it was rejected */
    bool round_trip_done;       /* decoded, and a round trip was asked for */
    bool round_trip_ok;
    char round_trip_detail[200];
} binary_outcome;

/* Decodes, optionally re-encodes and compares, then validates. */
void check_core_binary(const uint8_t *data, size_t len, uint32_t features, bool round_trip,
                       binary_outcome *out);
void check_component_binary(const uint8_t *data, size_t len, uint32_t features,
                            bool round_trip, binary_outcome *out);

/* Fills the round-trip fields of `out` from an encoding attempt. */
void compare_round_trip(const uint8_t *in, size_t len, bool encoded, const comp_buf *enc,
                        const comp_error *err, binary_outcome *out);

/* Prints the decoded binary as WAT and parses it back. With `exact` (the
 * binary is our encoding of text) the bytes must be identical; otherwise
 * (a binary from a suite, which may say what text cannot) the binary made
 * of the text must survive a second print -> parse unchanged. False with
 * a message in `detail` otherwise. */
bool check_print_round_trip(const uint8_t *data, size_t len, bool component, bool exact,
                            char *detail, size_t size);

/* ---- known failures ---------------------------------------------------- */

/* tests/conformance/known_failures.txt: cases ("dir/file.wast:LINE",
 * relative to the suites' directory, LINE being the command's first line)
 * that fail today because of known bugs in the parsers or validators.
 * They are reported apart; one that passes is a failure, so the list only
 * shrinks. */
typedef struct known_entry {
    char *key;          /* "core-spec/align.wast:29" */
    char *reason;
    bool matched;       /* a case with this key was run */
} known_entry;

typedef struct known_list {
    known_entry *items;
    size_t count, cap;
} known_list;

/* Reads the list; a missing file is an empty list (false only when the
 * file exists but cannot be read or memory runs out). */
bool known_read(const char *path, known_list *out);
/* The entry for "rel:line", marked matched; NULL when not listed. */
known_entry *known_find(known_list *l, const char *rel, uint32_t line);
void known_free(known_list *l);

/* ---- counting ----------------------------------------------------------- */

typedef struct tally {
    unsigned passed, failed;
    unsigned known;                   /* listed in known_failures.txt, still failing */
    unsigned malformed_late;          /* assert_malformed caught only by the decoder or validator */
    unsigned invalid_by_decoder;      /* assert_invalid already rejected by the decoder */
    unsigned message_mismatches;      /* rejected, but with another message */
    unsigned not_run[COMP_WAST_ASSERT_UNINSTANTIABLE + 1]; /* commands for the runtime, by kind */
    unsigned instances_not_run;       /* `(module instance ...)` */
} tally;

typedef struct script_run {
    const char *file;       /* path, for messages */
    const char *rel;        /* path relative to the suites' directory: known-failure keys */
    uint32_t features;      /* core features for the validator */
    bool verbose;           /* list message mismatches and known failures */
    tally *counts;
    known_list *known;
} script_run;

/* Judges every module and component of a script. */
void run_script(script_run *run, const comp_wast_script *script);

/* A script that does not even read: one failing case at `err`'s line. */
void script_failed(script_run *run, const comp_error *err);

/* ---- extracting text cases for the jco oracle ----------------------------- */

typedef struct extract_ctx {
    const char *dir;        /* where N.wat / N.wasm go */
    FILE *manifest;         /* "N dir/file.wast:LINE" lines */
    unsigned count;
    bool failed;            /* a file could not be written */
} extract_ctx;

/* Writes the script's well-formed text modules and components. */
void extract_script(extract_ctx *x, const char *rel, const char *src, size_t len,
                    const comp_wast_script *script);

#endif
