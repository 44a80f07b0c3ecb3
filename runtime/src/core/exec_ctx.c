/* Detachable interpreter stacks (exec_ctx.h). */
#include "core/exec_ctx.h"

#include <stdlib.h>

#include "core/rt_internal.h"

struct rt_exec_ctx {
    slot *stack;
    slot *stack_top;
    rt_frame *frames;
    uint32_t frame_depth;
};

rt_exec_ctx *rt_exec_ctx_new(void) { return calloc(1, sizeof(rt_exec_ctx)); }

void rt_exec_ctx_free(rt_exec_ctx *ctx)
{
    if (!ctx)
        return;
    free(ctx->stack);
    free(ctx->frames);
    free(ctx);
}

void rt_store_swap_exec(rt_store *s, rt_exec_ctx *ctx)
{
    rt_exec_ctx cur = {s->stack, s->stack_top, s->frames, s->frame_depth};
    s->stack = ctx->stack, s->stack_top = ctx->stack_top;
    s->frames = ctx->frames, s->frame_depth = ctx->frame_depth;
    *ctx = cur;
}
