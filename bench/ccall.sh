#!/bin/sh
# Part of `make bench` (issue 6): the cost of one synchronous component
# call through the canonical ABI, f(string of 100 bytes) -> record
# { a: u32, b: u64, c: string } and nop() for scale, component to
# component, host to guest and guest to host
# (tests/tools/bench_ccall.c on bench/ccall/ccall.wat). CALLS (default
# 200000) calls per run, best and mean of RUNS (default 5) runs after a
# warm-up. The figures go into bench/RESULTS.md ("## Component calls") by hand.
BUILD=${BUILD:-build}
CALLS=${CALLS:-200000}
RUNS=${RUNS:-5}
BENCH=$BUILD/tests/tools/bench_ccall
if [ ! -x "$BENCH" ]; then
    echo "bench/ccall.sh: $BENCH is not built" >&2
    exit 1
fi
echo "component calls ($(nproc) cores, $(sed -n 's/^model name[ \t]*: //p' /proc/cpuinfo | head -n 1), $(date -u +%Y-%m-%d)):"
"$BENCH" bench/ccall/ccall.wat "$CALLS" "$RUNS"
