/* Comparing comp_str strings. */
#include "comp/encoding.h"

#include <string.h>

bool comp_str_eq(comp_str a, comp_str b)
{
    return a.len == b.len && (a.len == 0 || memcmp(a.data, b.data, a.len) == 0);
}

bool comp_str_eq_c(comp_str a, const char *b)
{
    size_t n = strlen(b);
    return a.len == n && (n == 0 || memcmp(a.data, b, n) == 0);
}

int comp_str_cmp(comp_str a, comp_str b)
{
    uint32_t n = a.len < b.len ? a.len : b.len;
    int c = n ? memcmp(a.data, b.data, n) : 0;
    if (c)
        return c;
    return a.len < b.len ? -1 : a.len > b.len;
}
