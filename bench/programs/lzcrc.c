/* A byte-loop workload: n KiB (n clamped to 1..8192) of word-like text,
 * compressed with a small LZ77 (hash of 4 bytes -> last position), then
 * decompressed and compared, with a table-driven CRC-32 (IEEE, reflected)
 * over the input and the compressed stream. Returns the two CRCs mixed with
 * the compressed size and the number of bytes that failed to round-trip
 * (always 0 when the code is right).
 *
 * Compressed format: a tag byte t < 128 is followed by t + 1 literal bytes;
 * t >= 128 is a match of length t - 128 + MIN_MATCH, followed by a 16-bit
 * little-endian distance back into the output.
 * bench-size: 8192
 * test-size: 16
 */
#include "bench.h"

#define MAX_INPUT (8192u * 1024u)
#define MIN_MATCH 4u
#define MAX_MATCH (127u + MIN_MATCH)
#define MAX_LITERALS 128u
#define MAX_DISTANCE 65535u
#define HASH_BITS 14
/* Worst case: all literals, one tag byte per MAX_LITERALS. */
#define MAX_OUTPUT (MAX_INPUT + MAX_INPUT / MAX_LITERALS + 16u)

static u8 input[MAX_INPUT];
static u8 packed[MAX_OUTPUT];
static u8 unpacked[MAX_INPUT];
static u32 last_seen[1u << HASH_BITS];
static u32 crc_table[256];

static void crc_init(void)
{
    for (u32 i = 0; i < 256; i++) {
        u32 c = i;
        for (int k = 0; k < 8; k++)
            c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
        crc_table[i] = c;
    }
}

static u32 crc32(const u8 *p, u32 len)
{
    u32 c = 0xffffffffu;
    for (u32 i = 0; i < len; i++)
        c = crc_table[(c ^ p[i]) & 0xff] ^ (c >> 8);
    return c ^ 0xffffffffu;
}

/* Words of varying length from a small vocabulary, separated by spaces
 * and the odd newline: repetitive enough for LZ to find matches. */
static void make_text(u8 *out, u32 len, u32 seed)
{
    static const char vocab[] = "the of and to in is that for it with as was on be by "
                                "component module memory table function export import "
                                "canonical lift lower resource stream future value ";
    u32 word_starts[64], words = 0;
    for (u32 i = 0; vocab[i] != 0 && words < 64; i++)
        if (i == 0 || vocab[i - 1] == ' ')
            word_starts[words++] = i;
    u32 pos = 0;
    while (pos < len) {
        u32 r = bench_next(&seed);
        for (u32 i = word_starts[r % words]; vocab[i] != ' ' && pos < len; i++)
            out[pos++] = (u8)vocab[i];
        if (pos < len)
            out[pos++] = (r >> 24) < 12 ? '\n' : ' ';
    }
}

static u32 hash4(const u8 *p)
{
    u32 v = (u32)p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
    return (v * 2654435761u) >> (32 - HASH_BITS);
}

static u32 compress(const u8 *in, u32 len, u8 *out)
{
    for (u32 i = 0; i < (1u << HASH_BITS); i++)
        last_seen[i] = 0xffffffffu;
    u32 o = 0, pos = 0, lit_start = 0;
    while (pos < len) {
        u32 match_len = 0, distance = 0;
        if (pos + MIN_MATCH <= len) {
            u32 h = hash4(in + pos);
            u32 cand = last_seen[h];
            last_seen[h] = pos;
            if (cand != 0xffffffffu && pos - cand <= MAX_DISTANCE) {
                u32 limit = len - pos < MAX_MATCH ? len - pos : MAX_MATCH;
                while (match_len < limit && in[cand + match_len] == in[pos + match_len])
                    match_len++;
                distance = pos - cand;
            }
        }
        if (match_len < MIN_MATCH) {
            pos++;
            if (pos - lit_start == MAX_LITERALS || pos == len) {
                out[o++] = (u8)(pos - lit_start - 1);
                for (u32 i = lit_start; i < pos; i++)
                    out[o++] = in[i];
                lit_start = pos;
            }
            continue;
        }
        if (lit_start < pos) {
            out[o++] = (u8)(pos - lit_start - 1);
            for (u32 i = lit_start; i < pos; i++)
                out[o++] = in[i];
        }
        out[o++] = (u8)(128u + match_len - MIN_MATCH);
        out[o++] = (u8)distance;
        out[o++] = (u8)(distance >> 8);
        pos += match_len;
        lit_start = pos;
    }
    return o;
}

/* Returns the number of bytes written, never more than cap. */
static u32 decompress(const u8 *in, u32 len, u8 *out, u32 cap)
{
    u32 i = 0, o = 0;
    while (i < len) {
        u32 tag = in[i++];
        if (tag < 128) {
            for (u32 k = 0; k <= tag && i < len && o < cap; k++)
                out[o++] = in[i++];
        } else {
            if (i + 2 > len)
                break;
            u32 distance = (u32)in[i] | (u32)in[i + 1] << 8;
            i += 2;
            if (distance == 0 || distance > o)
                break;
            for (u32 k = 0; k < tag - 128 + MIN_MATCH && o < cap; k++, o++)
                out[o] = out[o - distance];
        }
    }
    return o;
}

BENCH_EXPORT u32 run(u32 n)
{
    u32 len = (n < 1 ? 1 : n > MAX_INPUT / 1024 ? MAX_INPUT / 1024 : n) * 1024;
    crc_init();
    make_text(input, len, 0x2545f491u ^ n);
    u32 packed_len = compress(input, len, packed);
    u32 unpacked_len = decompress(packed, packed_len, unpacked, MAX_INPUT);
    u32 bad = unpacked_len == len ? 0 : 1;
    for (u32 i = 0; i < unpacked_len && i < len; i++)
        bad += unpacked[i] != input[i];
    return crc32(input, len) ^ (crc32(packed, packed_len) * 31u) ^ (packed_len << 7) ^ bad;
}
