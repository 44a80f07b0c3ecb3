#ifndef TESTS_CONFORMANCE_H
#define TESTS_CONFORMANCE_H

/* The conformance runner: reads .wast scripts and checks every module and
 * component given in binary form against the decoder, validator and
 * encoder. Text-format commands wait for the WAT parser. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "comp/buf.h"
#include "comp/error.h"
#include "text/sexpr.h"

/* ---- checking one binary ------------------------------------------------ */

typedef enum case_stage {
    ACCEPTED,
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

/* ---- counting ----------------------------------------------------------- */

typedef struct tally {
    unsigned passed, failed;
    unsigned malformed_by_validator;  /* assert_malformed caught only by the validator */
    unsigned invalid_by_decoder;      /* assert_invalid already rejected by the decoder */
    unsigned message_mismatches;      /* rejected, but with another message */
    unsigned text_not_run;            /* commands that need the WAT parser */
} tally;

typedef struct script_run {
    const char *file;       /* for messages */
    uint32_t features;      /* core features for the validator */
    bool verbose;           /* list message mismatches */
    tally *counts;
} script_run;

/* Evaluates every command of a parsed script (the root list). */
void run_script(script_run *run, const text_sexpr *root);

#endif
