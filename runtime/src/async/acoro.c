/* Coroutines on POSIX threads: each has its own native stack; semaphores
 * hand a single baton around, so exactly one runs at a time (the scheme of
 * CanonicalABI.md "Stack Switching", which uses Python threads and locks). */
#include "async/async_internal.h"

#include <errno.h>
#include <stdlib.h>

static void sem_wait_all(sem_t *s)
{
    while (sem_wait(s) != 0 && errno == EINTR)
        ;
}

/* A native thread runs one coroutine function after another: ended
 * coroutines go to the scheduler's pool instead of ending their thread. */
static void *coro_main(void *p)
{
    acoro *c = p;
    for (;;) {
        sem_wait_all(&c->sem);
        if (c->quit)
            return NULL;
        c->fn(c->arg);
        c->done = true;
        sem_post(&c->resumer->sem);
    }
}

acoro *acoro_new(asched *s, void (*fn)(void *), void *arg)
{
    if (s->pool) {
        acoro *c = s->pool;
        s->pool = c->next;
        c->next = NULL;
        c->done = false;
        c->fn = fn, c->arg = arg;
        return c;
    }
    acoro *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->fn = fn, c->arg = arg;
    if (sem_init(&c->sem, 0, 0) != 0 || !(c->exec = rt_exec_ctx_new())) {
        rt_exec_ctx_free(c->exec);
        free(c);
        return NULL;
    }
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 8u << 20);
    int rc = pthread_create(&c->pt, &attr, coro_main, c);
    pthread_attr_destroy(&attr);
    if (rc != 0) {
        sem_destroy(&c->sem);
        rt_exec_ctx_free(c->exec);
        free(c);
        return NULL;
    }
    c->has_pt = true;
    s->coro_count++;
    return c;
}

void acoro_resume(asched *s, acoro *c)
{
    acoro *me = s->running;
    c->resumer = me;
    s->running = c;
    rt_store *core = rt_cstore_core(s->store);
    rt_store_swap_exec(core, c->exec);
    sem_post(&c->sem);
    sem_wait_all(&me->sem);
    rt_store_swap_exec(core, c->exec);
    s->running = me;
    if (c->done) {
        c->next = s->pool;
        s->pool = c;
    }
}

void acoro_pool_free(asched *s)
{
    while (s->pool) {
        acoro *c = s->pool;
        s->pool = c->next;
        c->quit = true;
        sem_post(&c->sem);
        pthread_join(c->pt, NULL);
        sem_destroy(&c->sem);
        rt_exec_ctx_free(c->exec);
        free(c);
        s->coro_count--;
    }
}

void acoro_block(acoro *c)
{
    sem_post(&c->resumer->sem);
    sem_wait_all(&c->sem);
}
