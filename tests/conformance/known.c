/* known_failures.txt: one case per line, "dir/file.wast:LINE reason...";
 * blank lines and lines starting with '#' are ignored. */
#include "conformance.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *copy_range(const char *s, size_t len)
{
    char *c = malloc(len + 1);
    if (c) {
        memcpy(c, s, len);
        c[len] = '\0';
    }
    return c;
}

static bool add_entry(known_list *l, const char *key, size_t key_len, const char *reason,
                      size_t reason_len)
{
    if (l->count == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        known_entry *p = realloc(l->items, cap * sizeof *p);
        if (!p)
            return false;
        l->items = p;
        l->cap = cap;
    }
    known_entry *e = &l->items[l->count];
    e->key = copy_range(key, key_len);
    e->reason = copy_range(reason, reason_len);
    e->matched = false;
    if (!e->key || !e->reason) {
        free(e->key);
        free(e->reason);
        return false;
    }
    l->count++;
    return true;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

bool known_read(const char *path, known_list *out)
{
    memset(out, 0, sizeof *out);
    FILE *f = fopen(path, "rb");
    if (!f)
        return true;
    char line[1024];
    bool ok = true;
    while (ok && fgets(line, sizeof line, f)) {
        size_t n = strcspn(line, "\n");
        line[n] = '\0';
        size_t a = 0;
        while (is_space(line[a]))
            a++;
        if (line[a] == '\0' || line[a] == '#')
            continue;
        size_t k = a;
        while (line[k] && !is_space(line[k]))
            k++;
        size_t r = k;
        while (is_space(line[r]))
            r++;
        size_t end = strlen(line);
        while (end > r && is_space(line[end - 1]))
            end--;
        ok = add_entry(out, line + a, k - a, line + r, end - r);
    }
    if (ferror(f))
        ok = false;
    fclose(f);
    return ok;
}

known_entry *known_find(known_list *l, const char *rel, uint32_t line)
{
    char key[600];
    snprintf(key, sizeof key, "%s:%u", rel, line);
    for (size_t i = 0; i < l->count; i++) {
        if (strcmp(l->items[i].key, key) == 0) {
            l->items[i].matched = true;
            return &l->items[i];
        }
    }
    return NULL;
}

void known_free(known_list *l)
{
    for (size_t i = 0; i < l->count; i++) {
        free(l->items[i].key);
        free(l->items[i].reason);
    }
    free(l->items);
    memset(l, 0, sizeof *l);
}
