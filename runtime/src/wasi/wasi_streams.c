/* wasi:io/streams@0.2.x: the input-stream and output-stream methods.
 * Reads return at most min(len, WASI_READ_MAX) bytes; check-write grants
 * WASI_WRITE_BUDGET bytes when the descriptor can take data; writes go
 * through to the descriptor at once. */
#include "wasi/wasi_stream_io.h"

#include <poll.h>
#include <string.h>

#define HOST_FN(name)                                                                        \
    static bool name(void *user, const rt_chost_call *call, const rt_cval *args,            \
                     uint32_t arg_count, rt_cval *result, rt_trap *trap)

static const uint8_t zeroes[4096];

bool wasi_stream_error(rt_wasi *w, comp_arena *arena, int errnum, rt_cval *out)
{
    rt_cval err;
    if (errnum == 0 || errnum == WASI_STREAM_CLOSED) {
        if (!wasi_val_case(arena, RT_CT_VARIANT, 1, NULL, &err))
            return false;
    } else {
        uint32_t rep = wasi_io_error_new(w, errnum);
        rt_cval e = wasi_val_own(w->t.error, rep);
        if (!rep || !wasi_val_case(arena, RT_CT_VARIANT, 0, &e, &err))
            return false;
    }
    return wasi_val_case(arena, RT_CT_RESULT, 1, &err, out);
}

/* The result for status `rc` of an operation: ok(payload) or the error. */
static bool finish(rt_wasi *w, const rt_chost_call *call, int rc, const rt_cval *payload,
                   rt_cval *result, rt_trap *trap)
{
    bool ok = rc == 0 ? wasi_val_case(call->arena, RT_CT_RESULT, 0, payload, result)
                      : wasi_stream_error(w, call->arena, rc, result);
    return ok || wasi_trap(trap, "out of memory");
}

static wasi_obj *self(rt_wasi *w, const rt_cval *arg, wasi_obj_kind kind, rt_trap *trap)
{
    wasi_obj *o = wasi_obj_get(w, arg->of.handle.rep, kind);
    if (!o)
        wasi_trap(trap, kind == WOBJ_INPUT ? "unknown input-stream" : "unknown output-stream");
    return o;
}

static size_t clamp(uint64_t len, size_t max) { return len < max ? (size_t)len : max; }

/* ---- input-stream -------------------------------------------------------- */

static bool do_read(rt_wasi *w, const rt_chost_call *call, const rt_cval *args, bool block,
                    bool keep, rt_cval *result, rt_trap *trap)
{
    wasi_obj *s = self(w, &args[0], WOBJ_INPUT, trap);
    if (!s)
        return false;
    size_t want = clamp(args[1].of.u, WASI_READ_MAX), got = 0;
    uint8_t *buf = comp_arena_alloc(call->arena, want ? want : 1);
    if (!buf)
        return wasi_trap(trap, "out of memory");
    int rc = wasi_stream_read(s, buf, want, block, &got);
    rt_cval payload = wasi_val_u64(got);
    if (rc == 0 && keep && !wasi_val_bytes(call->arena, buf, got, &payload))
        return wasi_trap(trap, "out of memory");
    return finish(w, call, rc, &payload, result, trap);
}

HOST_FN(input_read) { return do_read(user, call, args, false, true, result, trap); }
HOST_FN(input_blocking_read) { return do_read(user, call, args, true, true, result, trap); }
HOST_FN(input_skip) { return do_read(user, call, args, false, false, result, trap); }
HOST_FN(input_blocking_skip) { return do_read(user, call, args, true, false, result, trap); }

HOST_FN(input_subscribe)
{
    rt_wasi *w = user;
    if (!self(w, &args[0], WOBJ_INPUT, trap))
        return false;
    uint32_t rep = wasi_pollable_stream_new(w, args[0].of.handle.rep);
    if (!rep)
        return wasi_trap(trap, "out of memory");
    *result = wasi_val_own(w->t.pollable, rep);
    return true;
}

/* ---- output-stream ------------------------------------------------------- */

HOST_FN(output_check_write)
{
    rt_wasi *w = user;
    wasi_obj *s = self(w, &args[0], WOBJ_OUTPUT, trap);
    if (!s)
        return false;
    rt_cval n = wasi_val_u64(wasi_stream_writable(s) ? WASI_WRITE_BUDGET : 0);
    return finish(w, call, s->u.stream.closed ? WASI_STREAM_CLOSED : 0, &n, result, trap);
}

/* Writes a list<u8> value (bounded by `max`, 0: any length). */
static bool write_list(rt_wasi *w, const rt_chost_call *call, const rt_cval *args, size_t max,
                       rt_cval *result, rt_trap *trap)
{
    wasi_obj *s = self(w, &args[0], WOBJ_OUTPUT, trap);
    if (!s)
        return false;
    uint32_t n = args[1].of.seq.count;
    if (max && n > max)
        return wasi_trap(trap, "output-stream.write: more bytes than check-write allows");
    uint8_t *bytes = comp_arena_alloc(call->arena, n ? n : 1);
    if (!bytes)
        return wasi_trap(trap, "out of memory");
    for (uint32_t i = 0; i < n; i++)
        bytes[i] = (uint8_t)args[1].of.seq.items[i].of.u;
    return finish(w, call, wasi_stream_write(s, bytes, n), NULL, result, trap);
}

HOST_FN(output_write) { return write_list(user, call, args, WASI_WRITE_BUDGET, result, trap); }
HOST_FN(output_blocking_write_and_flush) { return write_list(user, call, args, 0, result, trap); }

HOST_FN(output_flush)
{
    rt_wasi *w = user;
    wasi_obj *s = self(w, &args[0], WOBJ_OUTPUT, trap);
    if (!s)
        return false;
    return finish(w, call, s->u.stream.closed ? WASI_STREAM_CLOSED : 0, NULL, result, trap);
}

HOST_FN(output_subscribe)
{
    rt_wasi *w = user;
    if (!self(w, &args[0], WOBJ_OUTPUT, trap))
        return false;
    uint32_t rep = wasi_pollable_stream_new(w, args[0].of.handle.rep);
    if (!rep)
        return wasi_trap(trap, "out of memory");
    *result = wasi_val_own(w->t.pollable, rep);
    return true;
}

static bool write_zeroes(rt_wasi *w, const rt_chost_call *call, const rt_cval *args,
                         uint64_t max, rt_cval *result, rt_trap *trap)
{
    wasi_obj *s = self(w, &args[0], WOBJ_OUTPUT, trap);
    if (!s)
        return false;
    uint64_t left = args[1].of.u;
    if (max && left > max)
        return wasi_trap(trap, "output-stream.write-zeroes: more bytes than check-write allows");
    int rc = s->u.stream.closed ? WASI_STREAM_CLOSED : 0;
    while (rc == 0 && left > 0) {
        size_t n = clamp(left, sizeof zeroes);
        rc = wasi_stream_write(s, zeroes, n);
        left -= n;
    }
    return finish(w, call, rc, NULL, result, trap);
}

HOST_FN(output_write_zeroes) { return write_zeroes(user, call, args, WASI_WRITE_BUDGET, result, trap); }
HOST_FN(output_blocking_write_zeroes_and_flush)
{
    return write_zeroes(user, call, args, 0, result, trap);
}

/* splice: one read from `src` (waiting for data when `block`) written
 * through to the output stream. */
static bool splice(rt_wasi *w, const rt_chost_call *call, const rt_cval *args, bool block,
                   rt_cval *result, rt_trap *trap)
{
    wasi_obj *out = self(w, &args[0], WOBJ_OUTPUT, trap);
    wasi_obj *in = out ? self(w, &args[1], WOBJ_INPUT, trap) : NULL;
    if (!in)
        return false;
    if (out->u.stream.closed)
        return finish(w, call, WASI_STREAM_CLOSED, NULL, result, trap);
    size_t want = clamp(args[2].of.u, WASI_WRITE_BUDGET), got = 0;
    uint8_t *buf = comp_arena_alloc(call->arena, want ? want : 1);
    if (!buf)
        return wasi_trap(trap, "out of memory");
    if (block && want > 0 && !wasi_stream_writable(out)) {
        struct pollfd p = {.fd = out->u.stream.fd, .events = POLLOUT};
        poll(&p, 1, -1);
    }
    int rc = wasi_stream_read(in, buf, want, block, &got);
    if (rc == 0 && got > 0)
        rc = wasi_stream_write(out, buf, got);
    rt_cval n = wasi_val_u64(got);
    return finish(w, call, rc, &n, result, trap);
}

HOST_FN(output_splice) { return splice(user, call, args, false, result, trap); }
HOST_FN(output_blocking_splice) { return splice(user, call, args, true, result, trap); }

bool wasi_define_p2_streams(rt_wasi *w, rt_clinker *linker)
{
    const wasi_types *t = &w->t;
    comp_arena *a = &w->arena;
    const rt_ctype *bytes_r = rt_ctype_result(a, t->bytes, t->stream_error);
    const rt_ctype *u64_r = rt_ctype_result(a, t->u64, t->stream_error);
    const rt_ctype *unit_r = rt_ctype_result(a, NULL, t->stream_error);
    static const char *const self_len[] = {"self", "len"};
    static const char *const self_contents[] = {"self", "contents"};
    static const char *const self_src_len[] = {"self", "src", "len"};
    static const char *const self_only[] = {"self"};
    const rt_ctype *in_len[] = {t->borrow_input, t->u64};
    const rt_ctype *in_self[] = {t->borrow_input};
    const rt_ctype *out_self[] = {t->borrow_output};
    const rt_ctype *out_bytes[] = {t->borrow_output, t->bytes};
    const rt_ctype *out_len[] = {t->borrow_output, t->u64};
    const rt_ctype *out_src_len[] = {t->borrow_output, t->borrow_input, t->u64};
    const rt_cfunctype *read_t = wasi_functype(w, 2, self_len, in_len, bytes_r);
    const rt_cfunctype *skip_t = wasi_functype(w, 2, self_len, in_len, u64_r);
    const rt_cfunctype *in_sub_t = wasi_functype(w, 1, self_only, in_self, t->own_pollable);
    const rt_cfunctype *check_t = wasi_functype(w, 1, self_only, out_self, u64_r);
    const rt_cfunctype *write_t = wasi_functype(w, 2, self_contents, out_bytes, unit_r);
    const rt_cfunctype *flush_t = wasi_functype(w, 1, self_only, out_self, unit_r);
    const rt_cfunctype *out_sub_t = wasi_functype(w, 1, self_only, out_self, t->own_pollable);
    const rt_cfunctype *zero_t = wasi_functype(w, 2, self_len, out_len, unit_r);
    const rt_cfunctype *splice_t = wasi_functype(w, 3, self_src_len, out_src_len, u64_r);
    const wasi_func_def defs[] = {
        {"[method]input-stream.read", input_read, read_t},
        {"[method]input-stream.blocking-read", input_blocking_read, read_t},
        {"[method]input-stream.skip", input_skip, skip_t},
        {"[method]input-stream.blocking-skip", input_blocking_skip, skip_t},
        {"[method]input-stream.subscribe", input_subscribe, in_sub_t},
        {"[method]output-stream.check-write", output_check_write, check_t},
        {"[method]output-stream.write", output_write, write_t},
        {"[method]output-stream.blocking-write-and-flush", output_blocking_write_and_flush, write_t},
        {"[method]output-stream.flush", output_flush, flush_t},
        {"[method]output-stream.blocking-flush", output_flush, flush_t},
        {"[method]output-stream.subscribe", output_subscribe, out_sub_t},
        {"[method]output-stream.write-zeroes", output_write_zeroes, zero_t},
        {"[method]output-stream.blocking-write-zeroes-and-flush",
         output_blocking_write_zeroes_and_flush, zero_t},
        {"[method]output-stream.splice", output_splice, splice_t},
        {"[method]output-stream.blocking-splice", output_blocking_splice, splice_t},
    };
    const char *iface = "wasi:io/streams@0.2.12";
    return rt_clinker_define_resource(linker, iface, "input-stream", t->input_stream) &&
           rt_clinker_define_resource(linker, iface, "output-stream", t->output_stream) &&
           wasi_define_funcs(w, linker, iface, defs, sizeof defs / sizeof defs[0]);
}
