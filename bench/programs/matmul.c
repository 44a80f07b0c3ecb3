/* Matrix multiply: C = A x B for n x n matrices of doubles (n clamped to
 * 4..768) filled from a pseudo-random sequence, in the i-k-j loop order
 * (row-wise, cache-friendly, no reassociation, so the result is the same
 * bit for bit on every target). Returns a fold of the bits of C's entries.
 * bench-size: 560
 * test-size: 20
 */
#include "bench.h"

#define MAX_SIDE 768

static double a[MAX_SIDE * MAX_SIDE];
static double b[MAX_SIDE * MAX_SIDE];
static double c[MAX_SIDE * MAX_SIDE];

BENCH_EXPORT u32 run(u32 n)
{
    u32 side = n < 4 ? 4 : n > MAX_SIDE ? MAX_SIDE : n;
    u32 seed = 0x6b43a9b5u ^ n;
    for (u32 i = 0; i < side * side; i++) {
        /* Values in [-1, 1) with few significant bits, so products stay
         * exact for a while and rounding shows up only in long sums. */
        a[i] = (double)(i32)(bench_next(&seed) >> 16) / 32768.0 - 1.0;
        b[i] = (double)(i32)(bench_next(&seed) >> 16) / 32768.0 - 1.0;
        c[i] = 0.0;
    }
    for (u32 i = 0; i < side; i++) {
        double *row = c + i * side;
        for (u32 k = 0; k < side; k++) {
            double aik = a[i * side + k];
            const double *brow = b + k * side;
            for (u32 j = 0; j < side; j++)
                row[j] += aik * brow[j];
        }
    }
    u32 fold = 0;
    for (u32 i = 0; i < side * side; i++)
        fold = fold * 31 + bench_fold_f64(c[i]);
    return fold;
}
