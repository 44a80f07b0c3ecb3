/* Sieve of Eratosthenes over the odd numbers below n (n clamped to
 * 16..2^26), one byte per odd number; returns the prime count mixed with a
 * position-weighted sum of the primes.
 * bench-size: 60000000
 * test-size: 10000
 */
#include "bench.h"

#define MAX_LIMIT (1u << 26)

/* composite[i] stands for the odd number 2i + 1. */
static u8 composite[MAX_LIMIT / 2];

BENCH_EXPORT u32 run(u32 n)
{
    u32 limit = n < 16 ? 16 : n > MAX_LIMIT ? MAX_LIMIT : n;
    u32 odds = limit / 2;
    for (u32 i = 0; i < odds; i++)
        composite[i] = 0;
    for (u32 i = 1; (2 * i + 1) * (2 * i + 1) < limit; i++) {
        if (composite[i])
            continue;
        u32 p = 2 * i + 1;
        for (u32 j = (p * p) / 2; j < odds; j += p)
            composite[j] = 1;
    }
    u32 count = 1, weighted = 2; /* the prime 2 */
    for (u32 i = 1; i < odds; i++) {
        if (!composite[i]) {
            count++;
            weighted = weighted * 31 + (2 * i + 1);
        }
    }
    return count * 2654435761u ^ weighted;
}
