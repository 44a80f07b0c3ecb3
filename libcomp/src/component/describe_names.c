/* Printable names of sections, extern kinds and index spaces. */
#include "comp/describe.h"

const char *comp_module_section_name(uint8_t id)
{
    static const char *const names[] = {
        "custom", "type", "import", "function", "table", "memory", "global",
        "export", "start", "element", "code", "data", "data count", "tag",
    };
    return id < sizeof names / sizeof names[0] ? names[id] : NULL;
}

const char *comp_component_section_name(uint8_t id)
{
    static const char *const names[] = {
        "custom", "core module", "core instance", "core type", "component",
        "instance", "alias", "type", "canon", "start", "import", "export", "value",
    };
    return id < sizeof names / sizeof names[0] ? names[id] : NULL;
}

const char *comp_core_extern_name(uint8_t kind)
{
    static const char *const names[] = {"func", "table", "memory", "global", "tag"};
    return kind < sizeof names / sizeof names[0] ? names[kind] : "unknown";
}

comp_space comp_space_of_sort(comp_sort sort)
{
    if (sort.sort == COMP_SORT_CORE) {
        switch (sort.core_sort) {
        case COMP_CORE_SORT_FUNC: return COMP_SPACE_CORE_FUNC;
        case COMP_CORE_SORT_TABLE: return COMP_SPACE_CORE_TABLE;
        case COMP_CORE_SORT_MEMORY: return COMP_SPACE_CORE_MEMORY;
        case COMP_CORE_SORT_GLOBAL: return COMP_SPACE_CORE_GLOBAL;
        case COMP_CORE_SORT_TAG: return COMP_SPACE_CORE_TAG;
        case COMP_CORE_SORT_TYPE: return COMP_SPACE_CORE_TYPE;
        case COMP_CORE_SORT_MODULE: return COMP_SPACE_CORE_MODULE;
        case COMP_CORE_SORT_INSTANCE: return COMP_SPACE_CORE_INSTANCE;
        default: return COMP_SPACE_COUNT;
        }
    }
    return comp_space_of_extern(sort.sort);
}

comp_space comp_space_of_extern(uint8_t externtype_kind)
{
    switch (externtype_kind) {
    case COMP_SORT_CORE: return COMP_SPACE_CORE_MODULE;
    case COMP_SORT_FUNC: return COMP_SPACE_FUNC;
    case COMP_SORT_VALUE: return COMP_SPACE_VALUE;
    case COMP_SORT_TYPE: return COMP_SPACE_TYPE;
    case COMP_SORT_COMPONENT: return COMP_SPACE_COMPONENT;
    case COMP_SORT_INSTANCE: return COMP_SPACE_INSTANCE;
    default: return COMP_SPACE_COUNT;
    }
}

const char *comp_space_name(comp_space space)
{
    static const char *const names[COMP_SPACE_COUNT] = {
        [COMP_SPACE_CORE_FUNC] = "core func",
        [COMP_SPACE_CORE_TABLE] = "core table",
        [COMP_SPACE_CORE_MEMORY] = "core memory",
        [COMP_SPACE_CORE_GLOBAL] = "core global",
        [COMP_SPACE_CORE_TAG] = "core tag",
        [COMP_SPACE_CORE_TYPE] = "core type",
        [COMP_SPACE_CORE_MODULE] = "core module",
        [COMP_SPACE_CORE_INSTANCE] = "core instance",
        [COMP_SPACE_FUNC] = "func",
        [COMP_SPACE_VALUE] = "value",
        [COMP_SPACE_TYPE] = "type",
        [COMP_SPACE_COMPONENT] = "component",
        [COMP_SPACE_INSTANCE] = "instance",
    };
    return (unsigned)space < COMP_SPACE_COUNT ? names[space] : "unknown";
}
