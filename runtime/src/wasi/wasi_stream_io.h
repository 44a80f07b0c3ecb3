#ifndef WASI_STREAM_IO_H
#define WASI_STREAM_IO_H

/* Reading and writing the descriptor behind a stream object. Results: 0
 * success, WASI_STREAM_CLOSED for end of input / a closed peer, otherwise
 * the errno of a failed operation (after which the stream is closed). */

#include "wasi/wasi_host.h"

enum { WASI_STREAM_CLOSED = -1 };

/* Reads at most `len` bytes into `buf` (*got of them). Without `block`,
 * returns at once with *got = 0 when nothing is available. */
int wasi_stream_read(wasi_obj *s, uint8_t *buf, size_t len, bool block, size_t *got);
/* Writes all `len` bytes, waiting for the descriptor when it is full. */
int wasi_stream_write(wasi_obj *s, const uint8_t *data, size_t len);

/* Whether a read / write would make progress now (files always can). */
bool wasi_stream_readable(const wasi_obj *s);
bool wasi_stream_writable(const wasi_obj *s);
/* poll(2) with a zero timeout on one descriptor. */
bool wasi_fd_ready(int fd, short events);

#endif
