#!/bin/sh
# Part of `make bench`: startup-to-exit wall time of a hello-world WASI 0.2
# command (tests/e2e/c/hello.c built with clang + wasi-libc, wrapped by
# `jco new --wasi-command`) under `wasi-run`, next to `jco run` on the same
# file (and `node -e 0`, most of a short jco run). Prints the mean and best
# of RUNS runs (default 10). Needs clang with wasi-libc and node; says why
# and stops (status 0) without them.
BUILD=${BUILD:-build}
RUNS=${RUNS:-10}
. tests/e2e/lib/toolchain.sh
W=$BUILD/bin/wasi-run
OUT=$BUILD/bench/wasi-run
[ -x "$W" ] || { echo "bench: $W is not built" >&2; exit 1; }
if ! wasi_cc_check || ! npm_tools_setup; then
    echo "bench: wasi-run startup skipped: $TOOLCHAIN_WHY"
    exit 0
fi
mkdir -p "$OUT"
wasi_cc "$OUT/hello.wasm" tests/e2e/c/hello.c -O2 || exit 1
jco_command "$OUT/hello.component.wasm" "$OUT/hello.wasm" >/dev/null || exit 1
hello=$OUT/hello.component.wasm

now() { date +%s.%N; }

# wall_time CMD...: mean and best wall seconds over $RUNS runs.
wall_time() {
    times=""
    i=0
    while [ "$i" -lt "$RUNS" ]; do
        t0=$(now)
        "$@" >/dev/null 2>&1 </dev/null || { echo "bench: $* failed" >&2; return 1; }
        t1=$(now)
        times="$times $(echo "$t1 $t0" | awk '{ printf "%.6f", $1 - $2 }')"
        i=$((i + 1))
    done
    echo "$times" | awk '{ s = 0; b = $1; for (i = 1; i <= NF; i++) { s += $i; if ($i < b) b = $i }
        printf "mean %7.1f ms  best %7.1f ms over %d runs\n", s / NF * 1000, b * 1000, NF }'
}

echo "bench: hello-world 0.2 component ($(wc -c <"$hello") bytes), startup to exit"
echo "wasi-run         $(wall_time "$W" "$hello")" || exit 1
echo "jco run          $(wall_time "$JCO" run "$hello")" || exit 1
echo "node -e 0        $(wall_time node -e 0)" || exit 1
