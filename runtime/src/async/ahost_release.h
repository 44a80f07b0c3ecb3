#ifndef RT_AHOST_RELEASE_H
#define RT_AHOST_RELEASE_H

/* Giving up a host-held stream or future end whatever it is doing, for
 * hosts that end their work early (the run is over: its guest returned,
 * exited or trapped) while the store still lives. rt_cstream_drop refuses
 * an end with an operation pending or a completion not yet reported;
 * rt_cstream_abandon forgets the operation and its completion (`done` is
 * not called), then drops the end: the other side sees it dropped. */

#include "rt/component.h"

void rt_cstream_abandon(rt_cstream *end);

#endif
