/* Index spaces of a component: every definition appends to the index space
 * of its sort, in section order (Explainer.md, "Index spaces"; exports
 * append too). */
#include "comp/describe.h"

/* A start definition's results become values; the count is a bare u32 with
 * no bytes behind it, so it is bounded before anything is sized by it. */
enum { MAX_START_RESULTS = 1u << 16 };

/* Calls `add(state, space, section, item)` for every index defined by
 * section `sec`, in order. */
typedef void add_fn(void *state, comp_space space, uint8_t section, uint32_t item);

static void walk_section(const comp_component *c, const comp_component_section *sec,
                         add_fn *add, void *state)
{
    for (uint32_t k = 0; k < sec->count; k++) {
        uint32_t i = sec->first + k;
        switch (sec->id) {
        case COMP_CSEC_CORE_MODULE: add(state, COMP_SPACE_CORE_MODULE, sec->id, i); break;
        case COMP_CSEC_CORE_INSTANCE: add(state, COMP_SPACE_CORE_INSTANCE, sec->id, i); break;
        case COMP_CSEC_CORE_TYPE: add(state, COMP_SPACE_CORE_TYPE, sec->id, i); break;
        case COMP_CSEC_COMPONENT: add(state, COMP_SPACE_COMPONENT, sec->id, i); break;
        case COMP_CSEC_INSTANCE: add(state, COMP_SPACE_INSTANCE, sec->id, i); break;
        case COMP_CSEC_TYPE: add(state, COMP_SPACE_TYPE, sec->id, i); break;
        case COMP_CSEC_VALUE: add(state, COMP_SPACE_VALUE, sec->id, i); break;
        case COMP_CSEC_ALIAS:
            add(state, comp_space_of_sort(c->aliases[i].sort), sec->id, i);
            break;
        case COMP_CSEC_CANON:
            /* `lift` makes a component function; every other canonical
             * definition makes a core function. */
            add(state, c->canons[i].op == COMP_CANON_LIFT ? COMP_SPACE_FUNC : COMP_SPACE_CORE_FUNC,
                sec->id, i);
            break;
        case COMP_CSEC_START:
            for (uint32_t r = 0; r < c->starts[i].result_count && r < MAX_START_RESULTS; r++)
                add(state, COMP_SPACE_VALUE, sec->id, i);
            break;
        case COMP_CSEC_IMPORT:
            add(state, comp_space_of_extern(c->imports[i].type.kind), sec->id, i);
            break;
        case COMP_CSEC_EXPORT:
            add(state, comp_space_of_sort(c->exports[i].item.sort), sec->id, i);
            break;
        default: /* custom sections define nothing */
            break;
        }
    }
}

typedef struct counter {
    uint64_t counts[COMP_SPACE_COUNT + 1];
} counter;

static void count_one(void *state, comp_space space, uint8_t section, uint32_t item)
{
    (void)section, (void)item;
    ((counter *)state)->counts[space]++;
}

static void fill_one(void *state, comp_space space, uint8_t section, uint32_t item)
{
    comp_index_spaces *s = state;
    if (space >= COMP_SPACE_COUNT)
        return; /* an unknown sort: the validator reports it */
    s->entries[space][s->counts[space]++] = (comp_space_entry){section, item};
}

bool comp_index_spaces_build(const comp_component *c, comp_arena *arena,
                             comp_index_spaces *out, comp_error *err)
{
    counter n = {0};
    *out = (comp_index_spaces){0};
    for (uint32_t i = 0; i < c->section_count; i++) {
        const comp_component_section *sec = &c->sections[i];
        if (sec->id == COMP_CSEC_START && sec->count == 1 &&
            c->starts[sec->first].result_count > MAX_START_RESULTS)
            return comp_error_set(err, sec->offset,
                                  "start function with %u results (at most %u supported)",
                                  (unsigned)c->starts[sec->first].result_count,
                                  (unsigned)MAX_START_RESULTS);
        walk_section(c, sec, count_one, &n);
    }
    for (int s = 0; s < COMP_SPACE_COUNT; s++) {
        if (n.counts[s] > UINT32_MAX)
            return comp_error_set(err, c->offset, "more than 2^32 %s definitions",
                                  comp_space_name((comp_space)s));
        out->entries[s] = comp_arena_array(arena, n.counts[s] ? n.counts[s] : 1,
                                           sizeof(comp_space_entry));
        if (!out->entries[s])
            return comp_error_set(err, c->offset, "out of memory");
    }
    for (uint32_t i = 0; i < c->section_count; i++)
        walk_section(c, &c->sections[i], fill_one, out);
    return true;
}

const comp_space_entry *comp_index_space_at(const comp_index_spaces *s, comp_space space,
                                            uint32_t index)
{
    if ((unsigned)space >= COMP_SPACE_COUNT || index >= s->counts[space])
        return NULL;
    return &s->entries[space][index];
}
