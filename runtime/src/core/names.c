/* Function names for trap reports: the module's `name` section first (the
 * names the toolchain kept), then an export name, then "func[N]". The name
 * section is read only when a trap is reported, leniently: a section that
 * does not decode is simply not used. */
#include <stdio.h>
#include <string.h>

#include "core/rt_internal.h"
#include "reader.h"

enum { NAME_SUBSECTION_FUNCTIONS = 1 };

/* Function `index`'s entry in one `name` custom section. */
static bool name_in_section(const comp_custom *c, uint32_t index, comp_str *out)
{
    comp_error err;
    rd r;
    rd_init(&r, c->data, c->len, NULL, &err);
    while (!rd_eof(&r)) {
        uint8_t id;
        uint32_t size;
        rd sub;
        if (!rd_byte(&r, &id) || !rd_u32(&r, &size) || !rd_sub(&r, size, &sub))
            return false;
        if (id != NAME_SUBSECTION_FUNCTIONS)
            continue;
        uint32_t count;
        if (!rd_count(&sub, &count, 2))
            return false;
        for (uint32_t i = 0; i < count; i++) {
            uint32_t at;
            comp_str name;
            if (!rd_u32(&sub, &at) || !rd_name(&sub, &name))
                return false;
            if (at == index) {
                *out = name;
                return true;
            }
        }
        return false;
    }
    return false;
}

static bool debug_name(const comp_module *m, uint32_t index, comp_str *out)
{
    for (uint32_t i = 0; i < m->custom_count; i++) {
        const comp_custom *c = &m->customs[i];
        if (c->name.len == 4 && memcmp(c->name.data, "name", 4) == 0 &&
            name_in_section(c, index, out))
            return true;
    }
    return false;
}

/* Copies `name` with control characters replaced, so that a report
 * printed to a terminal stays one readable line. */
static void copy_printable(char *out, size_t cap, comp_str name)
{
    size_t n = name.len < cap - 1 ? name.len : cap - 1;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)name.data[i];
        out[i] = ch < 0x20 || ch == 0x7f ? '?' : (char)ch;
    }
    out[n] = '\0';
}

void rt_func_name(const rt_instance *inst, uint32_t index, char *out, size_t cap)
{
    if (cap == 0)
        return;
    const comp_module *m = inst->module->m;
    comp_str name;
    if (debug_name(m, index, &name) && name.len > 0) {
        copy_printable(out, cap, name);
        return;
    }
    for (uint32_t i = 0; i < m->export_count; i++)
        if (m->exports[i].kind == COMP_EXTERN_FUNC && m->exports[i].index == index) {
            copy_printable(out, cap, m->exports[i].name);
            return;
        }
    snprintf(out, cap, "func[%u]", index);
}
