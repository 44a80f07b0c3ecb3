#!/bin/sh
# Part of `make bench`: startup-to-exit wall time of a hello-world WASI 0.2
# command (tests/e2e/c/hello.c built with clang + wasi-libc) in three forms:
#  - hello.component.wasm: the module wrapped by `jco new --wasi-command`
#    (jco's bundled preview1 adapter);
#  - hello.adapted.wasm: the module adapted by our `wasi-adapt p1-to-p2`
#    (the bundled adapters/preview1), timed alone too;
#  - hello.wasm: the wasm32-wasip1 core module itself, which wasi-run
#    adapts on the fly;
# under `wasi-run`, next to `jco run` on the two components (and
# `node -e 0`, most of a short jco run). Prints the mean and best of RUNS
# runs (default 10; JCO_RUNS, default RUNS, for the slow jco runs). Needs
# clang with wasi-libc and node; says why and stops (status 0) without them.
BUILD=${BUILD:-build}
RUNS=${RUNS:-10}
JCO_RUNS=${JCO_RUNS:-$RUNS}
. tests/e2e/lib/toolchain.sh
W=$BUILD/bin/wasi-run
ADAPT=$BUILD/bin/wasi-adapt
OUT=$BUILD/bench/wasi-run
for tool in "$W" "$ADAPT"; do
    [ -x "$tool" ] || { echo "bench: $tool is not built" >&2; exit 1; }
done
if ! wasi_cc_check || ! npm_tools_setup; then
    echo "bench: wasi-run startup skipped: $TOOLCHAIN_WHY"
    exit 0
fi
mkdir -p "$OUT"
wasi_cc "$OUT/hello.wasm" tests/e2e/c/hello.c -O2 || exit 1
jco_command "$OUT/hello.component.wasm" "$OUT/hello.wasm" >/dev/null || exit 1
hello=$OUT/hello.component.wasm
adapted=$OUT/hello.adapted.wasm
"$ADAPT" p1-to-p2 "$OUT/hello.wasm" -o "$adapted" || exit 1
# Each form must print the greeting before its time means anything.
for f in "$hello" "$adapted" "$OUT/hello.wasm"; do
    out=$("$W" "$f" </dev/null) || { echo "bench: wasi-run $f failed" >&2; exit 1; }
    [ "$out" = "hello from wasm32-wasi" ] || {
        echo "bench: wasi-run $f printed '$out'" >&2; exit 1; }
done

now() { date +%s.%N; }

# wall_time RUNS CMD...: mean and best wall seconds of CMD over RUNS runs.
wall_time() {
    runs=$1; shift
    times=""
    i=0
    while [ "$i" -lt "$runs" ]; do
        t0=$(now)
        "$@" >/dev/null 2>&1 </dev/null || { echo "bench: $* failed" >&2; return 1; }
        t1=$(now)
        times="$times $(echo "$t1 $t0" | awk '{ printf "%.6f", $1 - $2 }')"
        i=$((i + 1))
    done
    echo "$times" | awk '{ s = 0; b = $1; for (i = 1; i <= NF; i++) { s += $i; if ($i < b) b = $i }
        printf "mean %7.1f ms  best %7.1f ms over %d runs\n", s / NF * 1000, b * 1000, NF }'
}

# report LABEL RUNS CMD...: one line of figures; stops the bench on failure.
report() {
    label=$1; shift
    figures=$(wall_time "$@") || exit 1
    printf '%-16s %s\n' "$label" "$figures"
}

echo "bench: hello-world 0.2 command, startup to exit ($(nproc) cores, $(date -u +%Y-%m-%d))"
echo "jco new --wasi-command: $hello ($(wc -c <"$hello") bytes)"
report "  wasi-run" "$RUNS" "$W" "$hello"
report "  jco run" "$JCO_RUNS" "$JCO" run "$hello"
echo "wasi-adapt p1-to-p2: $adapted ($(wc -c <"$adapted") bytes)"
report "  wasi-adapt" "$RUNS" "$ADAPT" p1-to-p2 "$OUT/hello.wasm" -o "$adapted"
report "  wasi-run" "$RUNS" "$W" "$adapted"
report "  jco run" "$JCO_RUNS" "$JCO" run "$adapted"
echo "core module, adapted on the fly: $OUT/hello.wasm ($(wc -c <"$OUT/hello.wasm") bytes)"
report "  wasi-run" "$RUNS" "$W" "$OUT/hello.wasm"
report "node -e 0" "$RUNS" node -e 0
