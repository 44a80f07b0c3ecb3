/* Instantiation order (a topological sort of the wires, Kahn's algorithm)
 * and the printed instantiation graph. */
#include "compose/compose_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Names a cycle among the instances not yet ordered (done[i] == 0): every
 * one of them is fed by another of them, so walking to feeders repeats. */
static bool cycle_error(comp_compose *g, const uint8_t *done, comp_error *err)
{
    uint32_t start = 0;
    while (done[start])
        start++;
    uint8_t *seen = calloc(g->instance_count, 1);
    if (!seen)
        return comp_error_set(err, 0, "out of memory");
    uint32_t at = start;
    while (!seen[at]) {
        seen[at] = 1;
        const cg_instance *in = &g->instances[at];
        uint32_t n = g->components[in->component].c->import_count;
        for (uint32_t i = 0; i < n; i++)
            if (in->from[i] != CG_NONE && !done[in->from[i]]) {
                at = in->from[i];
                break;
            }
    }
    /* `at` is on the cycle: print it from there. */
    char text[200] = "";
    size_t len = 0;
    uint32_t cur = at;
    do {
        const cg_instance *in = &g->instances[cur];
        len += (size_t)snprintf(text + len, len < sizeof text ? sizeof text - len : 0, "%s%s #%u",
                                len ? " <- " : "", cg_display(g, cur), cur);
        uint32_t n = g->components[in->component].c->import_count;
        for (uint32_t i = 0; i < n; i++)
            if (in->from[i] != CG_NONE && !done[in->from[i]] && seen[in->from[i]]) {
                cur = in->from[i];
                break;
            }
    } while (cur != at && len < sizeof text);
    free(seen);
    return comp_error_set(err, 0, "instances feed each other in a cycle: %s <- ...", text);
}

bool cg_order(comp_compose *g, uint32_t **order_out, comp_error *err)
{
    uint32_t n = g->instance_count;
    uint32_t *order = malloc((size_t)(n ? n : 1) * sizeof *order);
    uint32_t *pending = calloc(n ? n : 1, sizeof *pending); /* unordered feeders */
    uint32_t *first = calloc((size_t)n + 1, sizeof *first);  /* fed instances, CSR */
    uint8_t *done = calloc(n ? n : 1, 1);
    uint32_t *fed = NULL;
    bool ok = order && pending && first && done;
    uint32_t edges = 0;
    for (uint32_t i = 0; ok && i < n; i++) {
        const cg_instance *in = &g->instances[i];
        uint32_t k = g->components[in->component].c->import_count;
        for (uint32_t j = 0; j < k; j++)
            if (in->from[j] != CG_NONE) {
                pending[i]++;
                first[in->from[j] + 1]++;
                edges++;
            }
    }
    if (ok) {
        for (uint32_t i = 0; i < n; i++)
            first[i + 1] += first[i];
        fed = malloc((size_t)(edges ? edges : 1) * sizeof *fed);
        ok = fed != NULL;
    }
    if (ok) {
        uint32_t *fill = calloc(n ? n : 1, sizeof *fill);
        ok = fill != NULL;
        for (uint32_t i = 0; ok && i < n; i++) {
            const cg_instance *in = &g->instances[i];
            uint32_t k = g->components[in->component].c->import_count;
            for (uint32_t j = 0; j < k; j++)
                if (in->from[j] != CG_NONE)
                    fed[first[in->from[j]] + fill[in->from[j]]++] = i;
        }
        free(fill);
    }
    if (!ok) {
        free(order);
        free(pending);
        free(first);
        free(done);
        free(fed);
        return comp_error_set(err, 0, "out of memory");
    }
    /* `order` doubles as the queue: [head, tail) are ready, not yet taken. */
    uint32_t head = 0, tail = 0;
    for (uint32_t i = 0; i < n; i++)
        if (!pending[i])
            order[tail++] = i;
    while (head < tail) {
        uint32_t i = order[head++];
        done[i] = 1;
        for (uint32_t e = first[i]; e < first[i + 1]; e++)
            if (--pending[fed[e]] == 0)
                order[tail++] = fed[e];
    }
    if (tail < n)
        ok = cycle_error(g, done, err);
    free(pending);
    free(first);
    free(done);
    free(fed);
    if (!ok) {
        free(order);
        return false;
    }
    *order_out = order;
    return true;
}

static void put(comp_buf *out, const char *s) { comp_buf_append(out, s, strlen(s)); }

static void put_name(comp_buf *out, comp_str s)
{
    comp_describe_quoted(out, s);
}

/* " <- instance #N[ NAME] export " */
static void put_source(comp_buf *out, const comp_compose *g, uint32_t from)
{
    char line[48];
    snprintf(line, sizeof line, " <- instance #%u", from);
    put(out, line);
    if (g->instances[from].name) {
        put(out, " ");
        put(out, g->instances[from].name);
    }
    put(out, " export ");
}

bool comp_compose_print_graph(comp_compose *g, comp_buf *out, comp_error *err)
{
    uint32_t *order;
    if (!cg_order(g, &order, err))
        return false;
    char line[64];
    for (uint32_t k = 0; k < g->instance_count; k++) {
        uint32_t i = order[k];
        const cg_instance *in = &g->instances[i];
        const comp_component *c = g->components[in->component].c;
        snprintf(line, sizeof line, "instance #%u", i);
        put(out, line);
        if (in->name) {
            put(out, " ");
            put(out, in->name);
        }
        put(out, ": ");
        put(out, g->components[in->component].label);
        if (g->components[in->component].import_type) {
            put(out, " (imported as ");
            put_name(out, g->components[in->component].import_name);
            put(out, ")");
        }
        put(out, "\n");
        for (uint32_t j = 0; j < c->import_count; j++) {
            put(out, "  import ");
            put_name(out, c->imports[j].name.name);
            if (in->from[j] == CG_NONE) {
                put(out, " <- import of the result\n");
                continue;
            }
            put_source(out, g, in->from[j]);
            put_name(out, in->export_name[j]);
            put(out, "\n");
        }
    }
    for (uint32_t k = 0; k < g->export_count; k++) {
        const cg_export *x = &g->exports[k];
        put(out, "export ");
        put_name(out, x->as_name);
        put_source(out, g, x->instance);
        put_name(out, x->export_name);
        put(out, "\n");
    }
    free(order);
    if (out->oom)
        return comp_error_set(err, 0, "out of memory");
    return true;
}
