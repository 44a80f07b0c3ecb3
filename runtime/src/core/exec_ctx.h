#ifndef RT_CORE_EXEC_CTX_H
#define RT_CORE_EXEC_CTX_H

/* Execution contexts: the interpreter's value and frame stacks, detachable
 * from a store so that several suspended executions (component-model
 * threads, each on its own native stack) can share one store. Only one
 * context is installed at a time; swapping is cheap (four fields). */

#include "rt/core.h"

typedef struct rt_exec_ctx rt_exec_ctx;

/* A new, empty context (its stacks are allocated on the first call made
 * while it is installed). NULL on allocation failure. */
rt_exec_ctx *rt_exec_ctx_new(void);
/* Frees a context that is not installed. */
void rt_exec_ctx_free(rt_exec_ctx *ctx);
/* Exchanges the store's installed stacks with those held by `ctx`: call it
 * once to install `ctx`, and again (same ctx) to put the previous ones
 * back. */
void rt_store_swap_exec(rt_store *store, rt_exec_ctx *ctx);

#endif
