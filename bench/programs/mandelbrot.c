/* Mandelbrot: an n x n bitmap of the set over [-1.5, 0.5] x [-1, 1]
 * (n clamped to 8..4096), 50 iterations per point, one bit per pixel as in
 * the PBM output of the classic program; returns an FNV-1a hash of the
 * packed rows.
 * bench-size: 1400
 * test-size: 64
 */
#include "bench.h"

#define MAX_SIDE 4096
#define ITERATIONS 50

BENCH_EXPORT u32 run(u32 n)
{
    u32 side = n < 8 ? 8 : n > MAX_SIDE ? MAX_SIDE : n;
    u32 hash = 2166136261u;
    for (u32 y = 0; y < side; y++) {
        double ci = 2.0 * y / side - 1.0;
        u32 bits = 0, nbits = 0;
        for (u32 x = 0; x < side; x++) {
            double cr = 2.0 * x / side - 1.5;
            double zr = 0.0, zi = 0.0, tr = 0.0, ti = 0.0;
            u32 i = 0;
            for (; i < ITERATIONS && tr + ti <= 4.0; i++) {
                zi = 2.0 * zr * zi + ci;
                zr = tr - ti + cr;
                tr = zr * zr;
                ti = zi * zi;
            }
            bits = bits << 1 | (tr + ti <= 4.0);
            if (++nbits == 8 || x == side - 1) {
                bits <<= 8 - nbits;
                hash = (hash ^ bits) * 16777619u;
                bits = nbits = 0;
            }
        }
    }
    return hash;
}
