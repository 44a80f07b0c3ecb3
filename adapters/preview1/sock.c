/* Sockets. A preview1 socket exists only when the host preopens one, and
 * WASI 0.2 preopens directories only, so no descriptor here is ever a
 * socket: an open descriptor gives ENOTSOCK, any other EBADF. */
#include "adapter.h"

static p1_errno not_a_socket(int32_t fd)
{
    return fd_get(adapter_state_get(), fd) ? P1_ENOTSOCK : P1_EBADF;
}

EXPORT("sock_accept")
p1_errno sock_accept(int32_t fd, uint32_t flags, int32_t *connection)
{
    RETURN_IF_NOT_READY(P1_EIO);
    return not_a_socket(fd);
}

EXPORT("sock_recv")
p1_errno sock_recv(int32_t fd, const uint8_t *iovs, uint32_t iovs_len, uint32_t flags,
                   uint32_t *datalen, uint16_t *roflags)
{
    RETURN_IF_NOT_READY(P1_EIO);
    return not_a_socket(fd);
}

EXPORT("sock_send")
p1_errno sock_send(int32_t fd, const uint8_t *iovs, uint32_t iovs_len, uint32_t flags,
                   uint32_t *datalen)
{
    RETURN_IF_NOT_READY(P1_EIO);
    return not_a_socket(fd);
}

EXPORT("sock_shutdown")
p1_errno sock_shutdown(int32_t fd, uint32_t how)
{
    RETURN_IF_NOT_READY(P1_EIO);
    return not_a_socket(fd);
}
