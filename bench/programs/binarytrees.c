/* Binary-trees on a bump allocator: a stretch tree of depth n+1, a
 * long-lived tree of depth n, and many short-lived trees of depths 4..n
 * (n clamped to 4..19), each built, walked and thrown away by resetting the
 * allocator. Nodes refer to each other by index so that the memory use is
 * the same for wasm32 and a 64-bit native build. Returns a mix of the node
 * counts seen by the walks.
 * bench-size: 18
 * test-size: 6
 */
#include "bench.h"

#define MAX_DEPTH 19
/* The stretch tree (depth MAX_DEPTH + 1) is the largest tree ever alive. */
#define ARENA_NODES (1u << (MAX_DEPTH + 2))
#define NIL 0u

struct node {
    u32 left, right;
};

/* Slot 0 is never handed out so that index 0 can mean "no child". */
static struct node arena[ARENA_NODES];

struct bump {
    u32 next;
};

static u32 bump_node(struct bump *a, u32 left, u32 right)
{
    u32 i = a->next++;
    arena[i].left = left;
    arena[i].right = right;
    return i;
}

/* Depth is at most MAX_DEPTH + 1, so the recursion is bounded. */
static u32 build(struct bump *a, u32 depth)
{
    if (depth == 0)
        return bump_node(a, NIL, NIL);
    u32 left = build(a, depth - 1);
    u32 right = build(a, depth - 1);
    return bump_node(a, left, right);
}

static u32 check(u32 i)
{
    if (arena[i].left == NIL)
        return 1;
    return 1 + check(arena[i].left) + check(arena[i].right);
}

BENCH_EXPORT u32 run(u32 n)
{
    const u32 min_depth = 4;
    u32 max_depth = n < min_depth ? min_depth : n > MAX_DEPTH ? MAX_DEPTH : n;
    u32 mix = 0;

    struct bump a = { 1 };
    mix = mix * 31 + check(build(&a, max_depth + 1));

    a.next = 1;
    u32 long_lived = build(&a, max_depth);
    const u32 short_base = a.next;

    for (u32 depth = min_depth; depth <= max_depth; depth += 2) {
        u32 iterations = 1u << (max_depth - depth + min_depth);
        u32 total = 0;
        for (u32 k = 0; k < iterations; k++) {
            a.next = short_base;
            total += check(build(&a, depth));
        }
        mix = mix * 31 + iterations;
        mix = mix * 31 + total;
    }
    mix = mix * 31 + check(long_lived);
    return mix;
}
