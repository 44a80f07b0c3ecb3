/* SHA-256 (FIPS 180-4) over a large buffer: run(n) hashes n MiB made of a
 * pseudo-random 1 MiB block repeated, streaming 64-byte blocks, and returns
 * the first word of the digest xor the last.
 * bench-size: 32
 * test-size: 1
 */
#include "bench.h"

#define BLOCK_BYTES (1u << 20)

static u8 data[BLOCK_BYTES];

static const u32 round_constants[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static u32 rotr(u32 x, unsigned k) { return (x >> k) | (x << (32 - k)); }

static void compress(u32 state[8], const u8 *block)
{
    u32 w[64];
    for (unsigned i = 0; i < 16; i++)
        w[i] = (u32)block[4 * i] << 24 | (u32)block[4 * i + 1] << 16 |
               (u32)block[4 * i + 2] << 8 | (u32)block[4 * i + 3];
    for (unsigned i = 16; i < 64; i++) {
        u32 s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
        u32 s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    u32 a = state[0], b = state[1], c = state[2], d = state[3];
    u32 e = state[4], f = state[5], g = state[6], h = state[7];
    for (unsigned i = 0; i < 64; i++) {
        u32 t1 = h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) +
                 round_constants[i] + w[i];
        u32 t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        h = g; g = f; f = e; e = d + t1;
        d = c; c = b; b = a; a = t1 + t2;
    }
    state[0] += a; state[1] += b; state[2] += c; state[3] += d;
    state[4] += e; state[5] += f; state[6] += g; state[7] += h;
}

BENCH_EXPORT u32 run(u32 n)
{
    u32 seed = 0x9e3779b9u ^ n;
    for (u32 i = 0; i < BLOCK_BYTES; i++)
        data[i] = (u8)(bench_next(&seed) >> 24);

    u32 state[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                     0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
    for (u32 m = 0; m < n; m++)
        for (u32 off = 0; off < BLOCK_BYTES; off += 64)
            compress(state, data + off);

    /* Padding: the message is a whole number of blocks, so one extra block
     * holds 0x80, zeros and the bit length (n MiB = n << 23 bits). */
    u8 last[64] = { 0x80 };
    u64 bits = (u64)n << 23;
    for (unsigned i = 0; i < 8; i++)
        last[63 - i] = (u8)(bits >> (8 * i));
    compress(state, last);
    return state[0] ^ state[7];
}
