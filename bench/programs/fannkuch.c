/* Fannkuch-redux: for every permutation of 1..n (n clamped to 3..12), count
 * the prefix reversals until 1 comes first; returns the alternating-sign
 * checksum of the flip counts mixed with the maximum.
 * bench-size: 10
 * test-size: 7
 */
#include "bench.h"

#define MAX_N 12

BENCH_EXPORT u32 run(u32 n)
{
    if (n < 3)
        n = 3;
    if (n > MAX_N)
        n = MAX_N;
    int perm[MAX_N], perm1[MAX_N], count[MAX_N];
    for (u32 i = 0; i < n; i++)
        perm1[i] = (int)i;

    i32 checksum = 0;
    int max_flips = 0, sign = 1;
    u32 r = n;
    for (;;) {
        for (; r != 1; r--)
            count[r - 1] = (int)r;

        for (u32 i = 0; i < n; i++)
            perm[i] = perm1[i];
        int flips = 0;
        for (int k = perm[0]; k != 0; k = perm[0]) {
            for (int i = 0, j = k; i < j; i++, j--) {
                int t = perm[i];
                perm[i] = perm[j];
                perm[j] = t;
            }
            flips++;
        }
        if (flips > max_flips)
            max_flips = flips;
        checksum += sign * flips;
        sign = -sign;

        /* Next permutation in the counting order of the original program:
         * rotate the first r+1 elements until a counter has not wrapped. */
        for (;;) {
            if (r == n)
                return (u32)checksum * 31u + (u32)max_flips;
            int first = perm1[0];
            for (u32 i = 0; i < r; i++)
                perm1[i] = perm1[i + 1];
            perm1[r] = first;
            if (--count[r] > 0)
                break;
            r++;
        }
    }
}
