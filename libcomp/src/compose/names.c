/* Matching import names to export names across semver-compatible versions
 * (Explainer.md "Canonical Interface Name"). */
#include "comp/compose.h"

#include <string.h>

/* The canonical version prefix of `v` (a semver such as 0.2.6-rc.1, or a
 * canonversion such as 0.2): up to the major number when it is not 0, else
 * up to the minor when it is not 0, else up to the patch. False when `v`
 * does not start with numbers in that shape. */
static bool canon_prefix(comp_str v, uint32_t *len)
{
    uint32_t i = 0, part = 0;
    while (part < 3) {
        uint32_t start = i;
        bool zero = true;
        while (i < v.len && v.data[i] >= '0' && v.data[i] <= '9') {
            if (v.data[i] != '0')
                zero = false;
            i++;
        }
        if (i == start)
            return false;
        part++;
        if (!zero || part == 3 || i == v.len || v.data[i] != '.') {
            *len = i;
            return true;
        }
        i++; /* the dot */
    }
    return false;
}

static void split_version(comp_str name, comp_str *base, comp_str *version)
{
    const char *at = name.len ? memchr(name.data, '@', name.len) : NULL;
    if (!at) {
        *base = name;
        version->data = NULL;
        version->len = 0;
        return;
    }
    base->data = name.data;
    base->len = (uint32_t)(at - name.data);
    version->data = at + 1;
    version->len = name.len - base->len - 1;
}

bool comp_interface_name_matches(comp_str import_name, comp_str export_name)
{
    if (comp_str_eq(import_name, export_name))
        return true;
    comp_str ib, iv, eb, ev;
    split_version(import_name, &ib, &iv);
    split_version(export_name, &eb, &ev);
    /* Only interface names (ns:pkg/iface) carry versions. */
    if (!iv.data || !ev.data || !comp_str_eq(ib, eb) || !memchr(ib.data, ':', ib.len))
        return false;
    uint32_t il, el;
    if (!canon_prefix(iv, &il) || !canon_prefix(ev, &el) || il != el)
        return false;
    return memcmp(iv.data, ev.data, il) == 0;
}

comp_str cg_share_key(comp_str name)
{
    comp_str base, version;
    split_version(name, &base, &version);
    uint32_t len;
    if (!version.data || !memchr(base.data, ':', base.len) || !canon_prefix(version, &len))
        return name;
    name.len = base.len + 1 + len;
    return name;
}

/* The number starting at v[*i] (saturating), advancing *i past it. */
static uint64_t read_number(comp_str v, uint32_t *i)
{
    uint64_t n = 0;
    while (*i < v.len && v.data[*i] >= '0' && v.data[*i] <= '9') {
        n = n < UINT64_MAX / 10 ? n * 10 + (uint64_t)(v.data[*i] - '0') : UINT64_MAX;
        (*i)++;
    }
    return n;
}

int cg_version_cmp(comp_str a, comp_str b)
{
    comp_str ab, av, bb, bv;
    split_version(a, &ab, &av);
    split_version(b, &bb, &bv);
    uint32_t i = 0, j = 0;
    for (int part = 0; part < 3; part++) {
        uint64_t x = read_number(av, &i), y = read_number(bv, &j);
        if (x != y)
            return x < y ? -1 : 1;
        i += i < av.len && av.data[i] == '.';
        j += j < bv.len && bv.data[j] == '.';
    }
    /* A pre-release (`-rc.1`) comes before the release; pre-releases
     * compare as text, build metadata is ignored. */
    bool ap = i < av.len && av.data[i] == '-', bp = j < bv.len && bv.data[j] == '-';
    if (ap != bp)
        return ap ? -1 : 1;
    uint32_t n = av.len - i < bv.len - j ? av.len - i : bv.len - j;
    int c = n ? memcmp(av.data + i, bv.data + j, n) : 0;
    if (c)
        return c < 0 ? -1 : 1;
    return (av.len - i) < (bv.len - j) ? -1 : (av.len - i) > (bv.len - j);
}
