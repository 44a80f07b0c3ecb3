/* Topological order with cycle detection (iterative depth-first search, so
 * long dependency chains cannot exhaust the stack). */
#include "resolve_internal.h"

#include <stdlib.h>

enum { UNSEEN, ACTIVE, DONE };

bool topo_order(ctx *c, uint32_t n, const rvec *deps, uint32_t *order,
                uint32_t *cycle_node, const dep_ref **cycle_ref)
{
    *cycle_ref = NULL;
    if (!n)
        return true;
    unsigned char *state = calloc(n, 1);
    uint32_t *stack = malloc((size_t)n * sizeof *stack);
    uint32_t *next = calloc(n, sizeof *next);
    if (!state || !stack || !next) {
        free(state);
        free(stack);
        free(next);
        return resolve_oom(c);
    }
    uint32_t out = 0;
    bool ok = true;
    for (uint32_t root = 0; ok && root < n; root++) {
        if (state[root] != UNSEEN)
            continue;
        uint32_t sp = 0;
        stack[sp++] = root;
        state[root] = ACTIVE;
        while (sp) {
            uint32_t node = stack[sp - 1];
            const rvec *d = &deps[node];
            if (next[node] < d->count) {
                const dep_ref *ref = &((const dep_ref *)d->data)[next[node]++];
                if (ref->target >= n)
                    continue;
                if (state[ref->target] == UNSEEN) {
                    state[ref->target] = ACTIVE;
                    stack[sp++] = ref->target;
                } else if (state[ref->target] == ACTIVE) {
                    *cycle_node = node;
                    *cycle_ref = ref;
                    ok = false;
                    break;
                }
            } else {
                state[node] = DONE;
                order[out++] = node;
                sp--;
            }
        }
    }
    free(state);
    free(stack);
    free(next);
    return ok;
}
