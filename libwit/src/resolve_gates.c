/* Feature gates: @since, @unstable and @deprecated. Items whose feature is
 * not enabled are left out of the model; the rest keep their stability, and
 * an item inside (or referring to) a gated item must be gated at least as
 * strongly. */
#include "resolve_internal.h"

#include <stdio.h>
#include <string.h>

static bool feature_enabled(ctx *c, comp_str feature)
{
    if (!c->opts)
        return false;
    if (c->opts->all_features)
        return true;
    for (size_t i = 0; i < c->opts->feature_count; i++)
        if (c->opts->features[i] && comp_str_eq_c(feature, c->opts->features[i]))
            return true;
    return false;
}

bool item_enabled(ctx *c, const wit_gates *g)
{
    const wit_attr *u = wit_gates_find(g, WIT_ATTR_UNSTABLE);
    return !u || feature_enabled(c, u->feature.name);
}

static int version_cmp(const wit_version *a, const wit_version *b)
{
    if (a->major != b->major)
        return a->major < b->major ? -1 : 1;
    if (a->minor != b->minor)
        return a->minor < b->minor ? -1 : 1;
    if (a->patch != b->patch)
        return a->patch < b->patch ? -1 : 1;
    /* A pre-release comes before its release; pre-releases compare by text
     * (enough to order gates, which name released versions in practice). */
    if (!a->pre.len || !b->pre.len)
        return a->pre.len ? -1 : b->pre.len ? 1 : 0;
    uint32_t n = a->pre.len < b->pre.len ? a->pre.len : b->pre.len;
    int d = memcmp(a->pre.data, b->pre.data, n);
    if (d)
        return d < 0 ? -1 : 1;
    return a->pre.len == b->pre.len ? 0 : a->pre.len < b->pre.len ? -1 : 1;
}

bool read_gates(ctx *c, uint32_t file, const wit_gates *g, uint32_t package_unit,
                wit_stability *out, bool *enabled)
{
    memset(out, 0, sizeof *out);
    *enabled = true;
    const wit_attr *since = wit_gates_find(g, WIT_ATTR_SINCE);
    const wit_attr *unstable = wit_gates_find(g, WIT_ATTR_UNSTABLE);
    const wit_attr *deprecated = wit_gates_find(g, WIT_ATTR_DEPRECATED);
    if (since && unstable)
        return fail(c, file, unstable->span,
                    "an item cannot be both `@since` and `@unstable`");
    if (deprecated && !since && !unstable)
        return fail(c, file, deprecated->span,
                    "`@deprecated` must be paired with `@since` or `@unstable`");
    const wit_package_name *pkg = &UNITS(c)[package_unit].name;
    const wit_attr *versioned[2] = {since, deprecated};
    for (int i = 0; i < 2; i++) {
        const wit_attr *a = versioned[i];
        if (!a)
            continue;
        const char *what = a->kind == WIT_ATTR_SINCE ? "@since" : "@deprecated";
        if (!pkg->version.present)
            return fail(c, file, a->span, "`%s` needs a package version, but package `%.*s` has none",
                        what, STR(UNITS(c)[package_unit].full_name));
        if (version_cmp(&a->version, &pkg->version) > 0)
            return fail(c, file, a->version.span,
                        "`%s` version %.*s is newer than the package version %.*s", what,
                        STR(a->version.text), STR(pkg->version.text));
    }
    if (since && deprecated && version_cmp(&deprecated->version, &since->version) < 0)
        return fail(c, file, deprecated->version.span,
                    "deprecated in %.*s, before it was added in %.*s",
                    STR(deprecated->version.text), STR(since->version.text));
    if (since) {
        out->kind = WIT_STABILITY_STABLE;
        out->since = since->version;
    } else if (unstable) {
        out->kind = WIT_STABILITY_UNSTABLE;
        out->feature = unstable->feature.name;
        *enabled = feature_enabled(c, unstable->feature.name);
    }
    if (deprecated)
        out->deprecated = deprecated->version;
    return true;
}

static void describe(const wit_stability *s, char *buf, size_t size)
{
    if (s->kind == WIT_STABILITY_STABLE)
        snprintf(buf, size, "`@since(version = %.*s)`", STR(s->since.text));
    else if (s->kind == WIT_STABILITY_UNSTABLE)
        snprintf(buf, size, "`@unstable(feature = %.*s)`", STR(s->feature));
    else
        snprintf(buf, size, "no gate");
}

/* `inner` is compatible with `outer` if it is available only when `outer`
 * is: the same feature, or a release no earlier. */
static bool compatible(const wit_stability *inner, const wit_stability *outer)
{
    switch (outer->kind) {
    case WIT_STABILITY_UNKNOWN:
        return true;
    case WIT_STABILITY_STABLE:
        return inner->kind == WIT_STABILITY_UNSTABLE ||
               (inner->kind == WIT_STABILITY_STABLE && version_cmp(&inner->since, &outer->since) >= 0);
    case WIT_STABILITY_UNSTABLE:
        return inner->kind == WIT_STABILITY_UNSTABLE && comp_str_eq(inner->feature, outer->feature);
    }
    return true;
}

bool check_gate_within(ctx *c, uint32_t file, wit_span span, const wit_stability *inner,
                       comp_str inner_name, const wit_stability *outer, comp_str outer_name,
                       bool refers)
{
    /* An item without a gate takes the gate of what it is in. References to
     * items added in a later release are accepted (WASI 0.2 has them, and
     * wasm-tools accepts them); a reference to an @unstable item from one
     * that is not gated by the same feature would dangle without it. */
    if (compatible(inner, outer) || (!refers && inner->kind == WIT_STABILITY_UNKNOWN) ||
        (refers && outer->kind == WIT_STABILITY_STABLE))
        return true;
    char a[160], b[160];
    describe(inner, a, sizeof a);
    describe(outer, b, sizeof b);
    return fail(c, file, span, "`%.*s` (%s) %s `%.*s` (%s) and must be gated at least as strongly",
                STR(inner_name), a, refers ? "refers to" : "is inside", STR(outer_name), b);
}

wit_stability effective_gate(const wit_stability *own, const wit_stability *container)
{
    return own->kind != WIT_STABILITY_UNKNOWN ? *own : *container;
}

wit_stability type_gate(ctx *c, uint32_t id)
{
    const wit_rtype *t = &TYPES(c)[id];
    if (t->stability.kind != WIT_STABILITY_UNKNOWN)
        return t->stability;
    if (t->owner_kind == WIT_OWNER_INTERFACE)
        return IFACES(c)[t->owner].stability;
    if (t->owner_kind == WIT_OWNER_WORLD)
        return WORLDS(c)[t->owner].stability;
    return t->stability;
}
