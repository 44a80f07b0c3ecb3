/* Stat records and timestamps shared by fd_* and path_*. */
#include "adapter.h"

static uint64_t option_datetime_ns(const uint8_t *opt)
{
    return ld8(opt) ? datetime_to_ns(ld64(opt + 8), ld32(opt + 16)) : 0;
}

void filestat_from_p2(uint8_t *out, const uint8_t *stat, uint64_t ino)
{
    __builtin_memset(out, 0, P1_FILESTAT_SIZE);
    st64(out + 0, 0);       /* dev: 0.2 has none; one device for all */
    st64(out + 8, ino);
    st8(out + 16, filetype_from_p2(ld8(stat)));
    st64(out + 24, ld64(stat + 8));
    st64(out + 32, ld64(stat + 16));
    st64(out + 40, option_datetime_ns(stat + 24));
    st64(out + 48, option_datetime_ns(stat + 48));
    st64(out + 56, option_datetime_ns(stat + 72));
}

p1_errno new_timestamp_from(uint64_t ts, int set, int now, new_timestamp *out)
{
    if (set && now)
        return P1_EINVAL;
    out->seconds = 0;
    out->nanoseconds = 0;
    if (set) {
        out->tag = P2_TIMESTAMP_SET;
        out->seconds = (int64_t)(ts / 1000000000u);
        out->nanoseconds = (int32_t)(ts % 1000000000u);
    } else
        out->tag = now ? P2_TIMESTAMP_NOW : P2_TIMESTAMP_NO_CHANGE;
    return 0;
}

uint64_t inode_of(int32_t handle)
{
    uint8_t ret[24] __attribute__((aligned(8)));
    p2_descriptor_metadata_hash(handle, ret);
    return ld8(ret) ? 0 : ld64(ret + 8);
}

uint64_t inode_at(int32_t dir_handle, uint32_t path_flags, const void *path, uint32_t len)
{
    uint8_t ret[24] __attribute__((aligned(8)));
    p2_descriptor_metadata_hash_at(dir_handle, (int32_t)path_flags, path, (int32_t)len, ret);
    return ld8(ret) ? 0 : ld64(ret + 8);
}
