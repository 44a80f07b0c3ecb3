#ifndef TESTS_COMPONENT_FIXTURE_H
#define TESTS_COMPONENT_FIXTURE_H

/* A component written in WAT, loaded into its own store with an empty
 * linker, for the component-runtime unit tests. Failures end the test. */

#include <stdbool.h>
#include <stdint.h>

#include "comp/arena.h"
#include "comp/buf.h"
#include "rt/component.h"

typedef struct fixture {
    comp_buf bin;
    rt_component *comp;
    rt_cstore *store;
    rt_clinker *linker;
    rt_cinstance *inst;
    comp_arena arena;   /* results of calls */
    rt_trap trap;
} fixture;

void fixture_load(fixture *f, const char *wat);
void fixture_instantiate(fixture *f);
void fixture_done(fixture *f);
/* Calls export `name`; false with f->trap set when it traps. */
bool fixture_call(fixture *f, const char *name, const rt_cval *args, uint32_t n, rt_cval *result);

#endif
