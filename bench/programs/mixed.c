/* A mixed integer workload over n pseudo-random keys (n clamped to
 * 16..2^20): insert them into an open-addressing hash table, heap-sort a
 * copy, binary-search every key in the sorted array, and run a 64-bit
 * arithmetic pass (multiply, divide, remainder, gcd, bit counts). Returns
 * a checksum over all of it.
 * bench-size: 250000
 * test-size: 500
 */
#include "bench.h"

#define MAX_KEYS (1u << 20)
#define TABLE_SLOTS (2u * MAX_KEYS) /* a power of two, load <= 1/2 */

static u32 keys[MAX_KEYS];
static u32 sorted[MAX_KEYS];
static u32 table_keys[TABLE_SLOTS];
static u32 table_counts[TABLE_SLOTS];

/* Key 0 marks an empty slot, so keys are made nonzero. Returns the count
 * after insertion (duplicates are counted, not stored twice). */
static u32 table_insert(u32 key, u32 mask)
{
    u32 slot = (key * 2654435761u) & mask;
    while (table_keys[slot] != 0 && table_keys[slot] != key)
        slot = (slot + 1) & mask;
    table_keys[slot] = key;
    return ++table_counts[slot];
}

static void sift_down(u32 *v, u32 root, u32 len)
{
    for (;;) {
        u32 child = 2 * root + 1;
        if (child >= len)
            return;
        if (child + 1 < len && v[child + 1] > v[child])
            child++;
        if (v[root] >= v[child])
            return;
        u32 t = v[root];
        v[root] = v[child];
        v[child] = t;
        root = child;
    }
}

static void heap_sort(u32 *v, u32 len)
{
    for (u32 i = len / 2; i-- > 0;)
        sift_down(v, i, len);
    for (u32 end = len; end-- > 1;) {
        u32 t = v[0];
        v[0] = v[end];
        v[end] = t;
        sift_down(v, 0, end);
    }
}

/* Index of the first element >= key. */
static u32 lower_bound(const u32 *v, u32 len, u32 key)
{
    u32 lo = 0, hi = len;
    while (lo < hi) {
        u32 mid = lo + (hi - lo) / 2;
        if (v[mid] < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static u64 gcd(u64 x, u64 y)
{
    while (y != 0) {
        u64 t = x % y;
        x = y;
        y = t;
    }
    return x;
}

static u32 popcount32(u32 x)
{
    x = x - ((x >> 1) & 0x55555555u);
    x = (x & 0x33333333u) + ((x >> 2) & 0x33333333u);
    return (((x + (x >> 4)) & 0x0f0f0f0fu) * 0x01010101u) >> 24;
}

BENCH_EXPORT u32 run(u32 n)
{
    u32 count = n < 16 ? 16 : n > MAX_KEYS ? MAX_KEYS : n;
    u32 slots = 16;
    while (slots < 2 * count)
        slots *= 2;
    u32 mask = slots - 1;
    for (u32 i = 0; i < slots; i++)
        table_keys[i] = table_counts[i] = 0;

    u32 seed = 0x1234567u ^ n;
    u32 sum = 0;
    for (u32 i = 0; i < count; i++) {
        /* A narrow range so that some keys repeat. */
        u32 key = bench_next(&seed) % (count * 4) + 1;
        keys[i] = sorted[i] = key;
        sum = sum * 33 + table_insert(key, mask);
    }

    heap_sort(sorted, count);
    for (u32 i = 0; i < count; i++) {
        u32 at = lower_bound(sorted, count, keys[i]);
        sum ^= at + (sorted[at] == keys[i]);
        sum = (sum << 5) | (sum >> 27);
    }

    u64 acc = 0x9e3779b97f4a7c15ull;
    for (u32 i = 0; i + 1 < count; i++) {
        u64 x = (u64)keys[i] * 0x100000001b3ull + sorted[i];
        u64 y = (u64)keys[i + 1] | 1;
        acc += x / y + x % 1000003u + gcd(x, y);
        acc ^= acc >> 29;
        sum += popcount32((u32)acc) + (u32)(acc >> 32) / (keys[i] | 1);
    }
    return sum ^ (u32)acc ^ (u32)(acc >> 32);
}
