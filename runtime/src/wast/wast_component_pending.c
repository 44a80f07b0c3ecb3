/* Until the component runtime (rt/component.h) links, component commands
 * are skipped, as before: each one reported through on_skip. Replaced by
 * wast_component.c when rt_cstore_new and rt_cinstantiate exist. */
#include "wast_internal.h"

#include <stdio.h>

static void skip_component(runner *r, uint32_t line, const char *what)
{
    r->counts->skipped++;
    if (!r->o->on_skip)
        return;
    char message[200];
    snprintf(message, sizeof message, "%s: components are not run yet (no component runtime)",
             what);
    r->o->on_skip(r->o->user, line, message);
}

void wcomp_module(runner *r, const comp_wast_command *cmd)
{
    skip_component(r, cmd->pos.line, "component");
    const comp_wast_module *m = cmd->module;
    /* A non-NULL object so that actions on it come here and are skipped. */
    binding b = {m->id, r, true};
    if (m->mode != COMP_WAST_INSTANCE) {
        r->latest_definition = b;
        wrun_bind(r, &r->definitions, m->id, r, true);
    }
    if (m->mode != COMP_WAST_DEFINITION) {
        r->current = b;
        wrun_bind(r, &r->instances, m->id, r, true);
    }
}

void wcomp_register(runner *r, const comp_wast_command *cmd, rt_cinstance *inst)
{
    skip_component(r, cmd->pos.line, "register");
}

void wcomp_action_command(runner *r, const comp_wast_command *cmd, rt_cinstance *inst)
{
    skip_component(r, cmd->pos.line, comp_wast_command_name(cmd->kind));
}

void wcomp_instantiation_fails(runner *r, const comp_wast_command *cmd, bool link)
{
    skip_component(r, cmd->pos.line, comp_wast_command_name(cmd->kind));
}

void wcomp_free(runner *r)
{
}
