#ifndef COMP_READER_H
#define COMP_READER_H

/* The byte reader shared by the module and component decoders (private).
 * Every failure sets the error at the current offset and returns false. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "comp/arena.h"
#include "comp/encoding.h"
#include "comp/error.h"

/* Collects the widths of non-minimal LEB128s read within one section. */
typedef struct hint_recorder {
    comp_leb_hint *hints;   /* malloc'd; moved into the arena by hints_finish */
    uint32_t count, cap;
    uint32_t ordinal;       /* LEB128s read so far in this section */
    bool oom;
} hint_recorder;

typedef struct rd {
    const uint8_t *base;    /* start of the outermost input: offsets count from here */
    const uint8_t *p, *end;
    comp_arena *arena;
    comp_error *err;
    hint_recorder *rec;     /* NULL: LEB128s are not counted (raw code, scans) */
    unsigned depth;         /* nesting of components/modules, bounded */
} rd;

enum { RD_MAX_DEPTH = 100 };

void rd_init(rd *r, const uint8_t *data, size_t len, comp_arena *arena, comp_error *err);
static inline size_t rd_offset(const rd *r) { return (size_t)(r->p - r->base); }
static inline size_t rd_remaining(const rd *r) { return (size_t)(r->end - r->p); }
static inline bool rd_eof(const rd *r) { return r->p >= r->end; }

bool rd_fail(rd *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
bool rd_fail_at(rd *r, size_t offset, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* "out of memory" at the current offset. */
bool rd_oom(rd *r);

bool rd_byte(rd *r, uint8_t *out);
bool rd_peek(rd *r, uint8_t *out);
bool rd_bytes(rd *r, size_t n, const uint8_t **out);
bool rd_u32(rd *r, uint32_t *out);
bool rd_u64(rd *r, uint64_t *out);
/* A u32 that is not counted as a hint; `*width` gets its byte width when
 * that is not minimal, else 0 (for section sizes: comp_encoding.size_width). */
bool rd_u32_width(rd *r, uint32_t *out, uint8_t *width);
bool rd_s32(rd *r, int32_t *out);
bool rd_s33(rd *r, int64_t *out);
bool rd_s64(rd *r, int64_t *out);
bool rd_f32(rd *r, uint32_t *bits);
bool rd_f64(rd *r, uint64_t *bits);
/* A length-prefixed UTF-8 name ("malformed UTF-8 encoding" otherwise). */
bool rd_name(rd *r, comp_str *out);
/* A vector count, checked against the bytes left: each element takes at
 * least `min_elem_bytes`, so a count that cannot fit is rejected before
 * anything is allocated ("unexpected end-of-file"). */
bool rd_count(rd *r, uint32_t *out, size_t min_elem_bytes);
/* A sub-reader over the next `len` bytes; advances `r` past them. */
bool rd_sub(rd *r, size_t len, rd *sub);

/* Arena allocation of `count` elements, failing with "out of memory". */
void *rd_alloc(rd *r, size_t count, size_t elem_size);

bool utf8_valid(const uint8_t *s, size_t len);

/* Hint recording: begin clears the recorder; finish stores the hints in the
 * arena as `enc` and frees the recorder's buffer. */
void hints_begin(hint_recorder *h);
bool hints_finish(hint_recorder *h, rd *r, comp_encoding *enc);
void hints_discard(hint_recorder *h);

#endif
