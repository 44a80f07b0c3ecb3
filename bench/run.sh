#!/bin/sh
# `make bench`: libcomp decode / validate / encode throughput on real
# components, next to the wall time of `jco wit` on the same files.
#
# Files: the componentize-js component (~12 MB, built from
# tests/e2e/js/app.js and cached in $BUILD/e2e) and the largest component
# `jco new` made from our C programs (tests/e2e/toolchain.sh makes several;
# if none is there, this builds big.c -O0 -g and wraps it).
# The figures go into bench/RESULTS.md by hand.
# ITERATIONS (default 20) and JCO_RUNS (default 5) tune the loops.
. tests/e2e/lib/toolchain.sh

ITERATIONS=${ITERATIONS:-20}
JCO_RUNS=${JCO_RUNS:-5}
BENCH=$BUILD/tests/tools/bench_decode
OUT=$BUILD/e2e

# wit-compose on generated chains of 25..200 components (needs no node).
BUILD=$BUILD sh bench/compose.sh || exit 1
echo
# wasi-run startup to exit on a hello-world 0.2 component, next to jco run.
BUILD=$BUILD sh bench/wasi_run.sh || exit 1
echo
# Component-model async: streams between components, a call that blocks.
BUILD=$BUILD sh bench/async.sh || exit 1
echo
# Synchronous component calls: component to component, host <-> guest.
BUILD=$BUILD sh bench/ccall.sh || exit 1
echo

if [ ! -x "$BENCH" ]; then
    echo "bench: $BENCH is not built" >&2
    exit 1
fi
if ! npm_tools_setup; then
    echo "bench: needs jco and componentize-js: $TOOLCHAIN_WHY" >&2
    exit 1
fi
mkdir -p "$OUT"

app=$OUT/app.component.wasm
echo "bench: building $app with componentize-js (cached by input hash)"
componentize_js "$app" tests/e2e/js/app.js tests/e2e/js/wit >"$app.log" 2>&1 || {
    cat "$app.log" >&2; exit 1; }

largest=$(ls -S "$OUT"/*.component.wasm 2>/dev/null | grep -v '/app\.component\.wasm$' | head -n 1)
if [ -z "$largest" ]; then
    wasi_cc_check || { echo "bench: $TOOLCHAIN_WHY" >&2; exit 1; }
    wasi_cc "$OUT/big-debug.wasm" tests/e2e/c/big.c -O0 -g \
        -msimd128 -mbulk-memory -msign-ext -mnontrapping-fptoint || exit 1
    jco_command "$OUT/big-debug.component.wasm" "$OUT/big-debug.wasm" || exit 1
    largest=$OUT/big-debug.component.wasm
fi

now() { date +%s.%N; }

# wall_time CMD...: mean and best wall seconds of CMD over $JCO_RUNS runs.
wall_time() {
    times=""
    i=0
    while [ "$i" -lt "$JCO_RUNS" ]; do
        t0=$(now)
        "$@" >/dev/null 2>&1 || { echo "bench: $* failed" >&2; return 1; }
        t1=$(now)
        times="$times $(echo "$t1 $t0" | awk '{ printf "%.6f", $1 - $2 }')"
        i=$((i + 1))
    done
    echo "$times" | awk '{ s = 0; b = $1; for (i = 1; i <= NF; i++) { s += $i; if ($i < b) b = $i }
        printf "mean %.3f s  best %.3f s over %d runs\n", s / NF, b, NF }'
}

echo "bench: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1), $(date -u +%Y-%m-%d)"
# Most of a short jco run is node starting up: measure that alone too.
node_time=$(wall_time node -e 0) || exit 1
echo "node -e 0        $node_time"
for f in "$app" "$largest"; do
    echo
    "$BENCH" "$f" "$ITERATIONS" || exit 1
    wit_time=$(wall_time "$JCO" wit "$f") || exit 1
    echo "jco wit          $wit_time"
done

# libwit: parse+resolve of every WASI 0.3.0 package (each with its siblings
# as dependencies), from the files on disk, per pass over all of them.
echo
"$BUILD/tests/tools/bench_wit" "${WIT_DIR:-../shared/wit}/wasi-0.3.0" "$ITERATIONS" || exit 1
