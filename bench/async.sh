#!/bin/sh
# Component-model async figures (issue 7): stream<u8> throughput between
# two components in 64 KiB writes, the cost of an async call that blocks
# once and resumes, and the cost of a block and resume among 2000 waiting
# tasks (tests/tools/bench_async.c). Best of RUNS (default 3); the figures
# go into bench/RESULTS.md ("## Async") by hand.
BUILD=${BUILD:-build}
RUNS=${RUNS:-3}
BENCH=$BUILD/tests/tools/bench_async
if [ ! -x "$BENCH" ]; then
    echo "bench/async.sh: $BENCH is not built" >&2
    exit 1
fi
echo "async ($(nproc) cores, $(sed -n 's/^model name[ \t]*: //p' /proc/cpuinfo | head -n 1)):"
i=0
while [ "$i" -lt "$RUNS" ]; do
    "$BENCH" 1024 20000 2000 20 || exit 1
    i=$((i + 1))
done
