/* Randomness: getentropy (random_get through the adapter: wasi:random
 * get-random-bytes) fills buffers that are not all zero and differ from
 * call to call; arc4random gives varying numbers. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void check(const char *what, int ok)
{
    printf("%s: %s\n", what, ok ? "ok" : "FAILED");
}

int main(void)
{
    unsigned char a[256], b[256], zero[256] = {0};
    int got = getentropy(a, sizeof a) == 0 && getentropy(b, sizeof b) == 0;
    check("getentropy succeeds", got);
    check("random bytes are not all zero", memcmp(a, zero, sizeof a) != 0);
    check("two draws differ", memcmp(a, b, sizeof a) != 0);
    int seen = 0;
    for (size_t i = 0; i < sizeof a; i++)
        seen |= 1 << (a[i] & 7);
    check("low bits take every value", seen == 0xff);
    uint32_t x = arc4random(), y = arc4random(), z = arc4random();
    check("arc4random varies", !(x == y && y == z));
    return 0;
}
