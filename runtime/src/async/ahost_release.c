/* rt_cstream_abandon (ahost_release.h). */
#include "async/ahost_release.h"

#include "async/async_internal.h"

/* Takes `e` out of its scheduler's queue of completions to report. */
static void unqueue(aend *e)
{
    asched *s = e->sched;
    aend *prev = NULL;
    for (aend *q = s->hq_head; q; prev = q, q = q->hnext) {
        if (q != e)
            continue;
        if (prev)
            prev->hnext = e->hnext;
        else
            s->hq_head = e->hnext;
        if (s->hq_tail == e)
            s->hq_tail = prev;
        break;
    }
    e->queued = false;
    e->hnext = NULL;
}

void rt_cstream_abandon(rt_cstream *end)
{
    aend *e = &end->end;
    if (e->queued)
        unqueue(e);
    if (e->shared->pending_end == e)
        ashared_reset_pending(e->shared);
    e->state = CS_IDLE;
    ashared_drop(e->shared);
    aend_free(e);
}
