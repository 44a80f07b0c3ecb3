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

static void *coro_main(void *p)
{
    acoro *c = p;
    sem_wait_all(&c->sem);
    c->fn(c->arg);
    c->done = true;
    sem_post(&c->resumer->sem);
    return NULL;
}

acoro *acoro_new(asched *s, void (*fn)(void *), void *arg)
{
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
