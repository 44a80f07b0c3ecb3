/* wasi:filesystem@0.3.0 values (fs3_values.h), from the errno and
 * descriptor-type positions the shared operations report. */
#define _GNU_SOURCE
#include "fs3_values.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "fs_values.h"

/* the other(option<string>) case of both variants */
#define FS3_E_OTHER 36u
#define FS3_T_OTHER 7u

static rt_cval *vals(comp_arena *arena, uint32_t n)
{
    return comp_arena_array(arena, n ? n : 1, sizeof(rt_cval));
}

static bool oom(rt_trap *trap)
{
    rt_trap_set(trap, RT_TRAP_HOST, "wasi:filesystem: out of memory");
    return false;
}

/* other(none) of a variant whose last case is other(option<string>). */
static bool other_none(comp_arena *arena, uint32_t index, rt_cval *out)
{
    rt_cval *none = vals(arena, 1);
    if (!none)
        return false;
    *none = (rt_cval){.kind = RT_CT_OPTION};
    *out = (rt_cval){.kind = RT_CT_VARIANT, .of.cases = {index, none}};
    return true;
}

bool fs3_error_code(comp_arena *arena, int errnum, rt_cval *out)
{
    fs_error_code p2 = fs_error_of_errno(errnum);
    /* 0.3 dropped would-block (the second case); the rest keep their order */
    if (p2 == FS_E_WOULD_BLOCK)
        return other_none(arena, FS3_E_OTHER, out);
    uint32_t index = p2 > FS_E_WOULD_BLOCK ? (uint32_t)p2 - 1 : (uint32_t)p2;
    *out = (rt_cval){.kind = RT_CT_VARIANT, .of.cases = {index, NULL}};
    return true;
}

bool fs3_type_value(comp_arena *arena, uint32_t type, rt_cval *out)
{
    /* 0.2's enum starts with unknown; 0.3 ends with other */
    if (type == FS_T_UNKNOWN)
        return other_none(arena, FS3_T_OTHER, out);
    *out = (rt_cval){.kind = RT_CT_VARIANT, .of.cases = {type - 1, NULL}};
    return true;
}

/* option<instant> */
static bool time_value(comp_arena *arena, const struct timespec *ts, rt_cval *out)
{
    rt_cval *instant = vals(arena, 1), *fields = vals(arena, 2);
    if (!instant || !fields)
        return false;
    fields[0] = (rt_cval){.kind = RT_CT_S64, .of.s = (int64_t)ts->tv_sec};
    fields[1] = (rt_cval){.kind = RT_CT_U32, .of.u = (uint64_t)ts->tv_nsec};
    *instant = (rt_cval){.kind = RT_CT_RECORD, .of.seq = {fields, 2}};
    *out = (rt_cval){.kind = RT_CT_OPTION, .of.cases = {1, instant}};
    return true;
}

bool fs3_stat_value(comp_arena *arena, const struct stat *st, rt_cval *out)
{
    rt_cval *f = vals(arena, 6);
    if (!f || !fs3_type_value(arena, fs_type_of_mode(st->st_mode), &f[0]))
        return false;
    f[1] = fs_u64((uint64_t)st->st_nlink);
    f[2] = fs_u64((uint64_t)st->st_size);
    if (!time_value(arena, &st->st_atim, &f[3]) || !time_value(arena, &st->st_mtim, &f[4]) ||
        !time_value(arena, &st->st_ctim, &f[5]))
        return false;
    *out = (rt_cval){.kind = RT_CT_RECORD, .of.seq = {f, 6}};
    return true;
}

bool fs3_ok(comp_arena *arena, rt_cval *result, const rt_cval *payload, rt_trap *trap)
{
    *result = (rt_cval){.kind = RT_CT_RESULT};
    if (payload) {
        rt_cval *p = vals(arena, 1);
        if (!p)
            return oom(trap);
        *p = *payload;
        result->of.cases.payload = p;
    }
    return true;
}

bool fs3_err(comp_arena *arena, rt_cval *result, int errnum, rt_trap *trap)
{
    rt_cval *p = vals(arena, 1);
    if (!p || !fs3_error_code(arena, errnum, p))
        return oom(trap);
    *result = (rt_cval){.kind = RT_CT_RESULT, .of.cases = {1, p}};
    return true;
}

bool fs3_done(comp_arena *arena, rt_cval *result, int errnum, rt_trap *trap)
{
    return errnum ? fs3_err(arena, result, errnum, trap) : fs3_ok(arena, result, NULL, trap);
}

int fs3_new_timestamp(const rt_cval *v, struct timespec *out)
{
    switch (v->of.cases.index) {
    case 0: *out = (struct timespec){.tv_nsec = UTIME_OMIT}; return 0;
    case 1: *out = (struct timespec){.tv_nsec = UTIME_NOW}; return 0;
    default: break;
    }
    const rt_cval *instant = v->of.cases.payload;
    if (!instant || instant->kind != RT_CT_RECORD || instant->of.seq.count != 2)
        return EINVAL;
    /* nanoseconds past a second carry into the seconds */
    int64_t sec = instant->of.seq.items[0].of.s;
    uint64_t ns = instant->of.seq.items[1].of.u;
    int64_t carry = (int64_t)(ns / 1000000000u);
    if (sec > INT64_MAX - carry)
        return EOVERFLOW;
    *out = (struct timespec){.tv_sec = (time_t)(sec + carry), .tv_nsec = (long)(ns % 1000000000u)};
    return 0;
}
