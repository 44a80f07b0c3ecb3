/* The immediates of each canonical definition (see canon_layout.h). */
#include "component/canon_layout.h"

#include <stddef.h>

#include "comp/component.h"

const char *canon_layout(uint8_t op)
{
    switch (op) {
    case COMP_CANON_LIFT: return "fot";
    case COMP_CANON_LOWER: return "fo";
    case COMP_CANON_RESOURCE_NEW:
    case COMP_CANON_RESOURCE_DROP:
    case COMP_CANON_RESOURCE_REP:
    case COMP_CANON_STREAM_NEW:
    case COMP_CANON_STREAM_DROP_READABLE:
    case COMP_CANON_STREAM_DROP_WRITABLE:
    case COMP_CANON_FUTURE_NEW:
    case COMP_CANON_FUTURE_DROP_READABLE:
    case COMP_CANON_FUTURE_DROP_WRITABLE: return "t";
    case COMP_CANON_STREAM_READ:
    case COMP_CANON_STREAM_WRITE:
    case COMP_CANON_FUTURE_READ:
    case COMP_CANON_FUTURE_WRITE: return "to";
    case COMP_CANON_STREAM_CANCEL_READ:
    case COMP_CANON_STREAM_CANCEL_WRITE:
    case COMP_CANON_FUTURE_CANCEL_READ:
    case COMP_CANON_FUTURE_CANCEL_WRITE: return "tg";
    case COMP_CANON_BACKPRESSURE_INC:
    case COMP_CANON_BACKPRESSURE_DEC:
    case COMP_CANON_TASK_CANCEL:
    case COMP_CANON_SUBTASK_DROP:
    case COMP_CANON_ERROR_CONTEXT_DROP:
    case COMP_CANON_WAITABLE_SET_NEW:
    case COMP_CANON_WAITABLE_SET_DROP:
    case COMP_CANON_WAITABLE_JOIN:
    case COMP_CANON_THREAD_INDEX:
    case COMP_CANON_THREAD_RESUME_LATER: return "";
    case COMP_CANON_TASK_RETURN: return "ro";
    case COMP_CANON_CONTEXT_GET:
    case COMP_CANON_CONTEXT_SET: return "vi";
    case COMP_CANON_SUBTASK_CANCEL:
    case COMP_CANON_THREAD_SUSPEND:
    case COMP_CANON_THREAD_YIELD:
    case COMP_CANON_THREAD_SUSPEND_THEN_RESUME:
    case COMP_CANON_THREAD_YIELD_THEN_RESUME:
    case COMP_CANON_THREAD_SUSPEND_THEN_PROMOTE:
    case COMP_CANON_THREAD_YIELD_THEN_PROMOTE:
    case COMP_CANON_THREAD_AVAILABLE_PARALLELISM: return "g";
    case COMP_CANON_ERROR_CONTEXT_NEW:
    case COMP_CANON_ERROR_CONTEXT_DEBUG_MESSAGE: return "o";
    case COMP_CANON_WAITABLE_SET_WAIT:
    case COMP_CANON_WAITABLE_SET_POLL: return "gm";
    case COMP_CANON_THREAD_NEW_INDIRECT: return "tb";
    case COMP_CANON_THREAD_SPAWN_REF: return "gt";
    case COMP_CANON_THREAD_SPAWN_INDIRECT: return "gtb";
    default: return NULL;
    }
}
