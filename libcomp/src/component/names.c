/* Printable names of canonical built-ins and primitive value types. */
#include "comp/component.h"

const char *comp_canon_name(uint8_t op)
{
    switch (op) {
    case COMP_CANON_LIFT: return "lift";
    case COMP_CANON_LOWER: return "lower";
    case COMP_CANON_RESOURCE_NEW: return "resource.new";
    case COMP_CANON_RESOURCE_DROP: return "resource.drop";
    case COMP_CANON_RESOURCE_REP: return "resource.rep";
    case COMP_CANON_TASK_CANCEL: return "task.cancel";
    case COMP_CANON_SUBTASK_CANCEL: return "subtask.cancel";
    case COMP_CANON_TASK_RETURN: return "task.return";
    case COMP_CANON_CONTEXT_GET: return "context.get";
    case COMP_CANON_CONTEXT_SET: return "context.set";
    case COMP_CANON_THREAD_YIELD: return "thread.yield";
    case COMP_CANON_SUBTASK_DROP: return "subtask.drop";
    case COMP_CANON_STREAM_NEW: return "stream.new";
    case COMP_CANON_STREAM_READ: return "stream.read";
    case COMP_CANON_STREAM_WRITE: return "stream.write";
    case COMP_CANON_STREAM_CANCEL_READ: return "stream.cancel-read";
    case COMP_CANON_STREAM_CANCEL_WRITE: return "stream.cancel-write";
    case COMP_CANON_STREAM_DROP_READABLE: return "stream.drop-readable";
    case COMP_CANON_STREAM_DROP_WRITABLE: return "stream.drop-writable";
    case COMP_CANON_FUTURE_NEW: return "future.new";
    case COMP_CANON_FUTURE_READ: return "future.read";
    case COMP_CANON_FUTURE_WRITE: return "future.write";
    case COMP_CANON_FUTURE_CANCEL_READ: return "future.cancel-read";
    case COMP_CANON_FUTURE_CANCEL_WRITE: return "future.cancel-write";
    case COMP_CANON_FUTURE_DROP_READABLE: return "future.drop-readable";
    case COMP_CANON_FUTURE_DROP_WRITABLE: return "future.drop-writable";
    case COMP_CANON_ERROR_CONTEXT_NEW: return "error-context.new";
    case COMP_CANON_ERROR_CONTEXT_DEBUG_MESSAGE: return "error-context.debug-message";
    case COMP_CANON_ERROR_CONTEXT_DROP: return "error-context.drop";
    case COMP_CANON_WAITABLE_SET_NEW: return "waitable-set.new";
    case COMP_CANON_WAITABLE_SET_WAIT: return "waitable-set.wait";
    case COMP_CANON_WAITABLE_SET_POLL: return "waitable-set.poll";
    case COMP_CANON_WAITABLE_SET_DROP: return "waitable-set.drop";
    case COMP_CANON_WAITABLE_JOIN: return "waitable.join";
    case COMP_CANON_BACKPRESSURE_INC: return "backpressure.inc";
    case COMP_CANON_BACKPRESSURE_DEC: return "backpressure.dec";
    case COMP_CANON_THREAD_INDEX: return "thread.index";
    case COMP_CANON_THREAD_NEW_INDIRECT: return "thread.new-indirect";
    case COMP_CANON_THREAD_RESUME_LATER: return "thread.resume-later";
    case COMP_CANON_THREAD_SUSPEND: return "thread.suspend";
    case COMP_CANON_THREAD_SUSPEND_THEN_RESUME: return "thread.suspend-then-resume";
    case COMP_CANON_THREAD_YIELD_THEN_RESUME: return "thread.yield-then-resume";
    case COMP_CANON_THREAD_SUSPEND_THEN_PROMOTE: return "thread.suspend-then-promote";
    case COMP_CANON_THREAD_YIELD_THEN_PROMOTE: return "thread.yield-then-promote";
    case COMP_CANON_THREAD_SPAWN_REF: return "thread.spawn-ref";
    case COMP_CANON_THREAD_SPAWN_INDIRECT: return "thread.spawn-indirect";
    case COMP_CANON_THREAD_AVAILABLE_PARALLELISM: return "thread.available-parallelism";
    default: return NULL;
    }
}

const char *comp_primvaltype_name(uint8_t prim)
{
    switch (prim) {
    case COMP_PRIM_BOOL: return "bool";
    case COMP_PRIM_S8: return "s8";
    case COMP_PRIM_U8: return "u8";
    case COMP_PRIM_S16: return "s16";
    case COMP_PRIM_U16: return "u16";
    case COMP_PRIM_S32: return "s32";
    case COMP_PRIM_U32: return "u32";
    case COMP_PRIM_S64: return "s64";
    case COMP_PRIM_U64: return "u64";
    case COMP_PRIM_F32: return "f32";
    case COMP_PRIM_F64: return "f64";
    case COMP_PRIM_CHAR: return "char";
    case COMP_PRIM_STRING: return "string";
    case COMP_PRIM_ERROR_CONTEXT: return "error-context";
    default: return NULL;
    }
}

bool comp_is_primvaltype(uint8_t byte)
{
    return comp_primvaltype_name(byte) != NULL;
}
