#!/bin/sh
# `make bench`, interpreter part: builds every program in bench/programs
# for wasm32 (clang) and natively (gcc -O2) from the same source, times the
# native run and, once build/bin/wasi-run exists, the same call under
# `wasi-run --invoke run N prog.wasm`, checks that both return the same
# checksum, and prints the slowdown. The table replaces the "## Interpreter"
# section of bench/RESULTS.md.
#
# Times are wall-clock seconds of the whole process (start-up, and for
# wasi-run loading, validating and translating the module, included), best
# of BENCH_RUNS (default 3) runs. BENCH_TIMEOUT (default 600) bounds one
# wasi-run call. BENCH_RESULTS names the file to update (default
# bench/RESULTS.md; empty: print only).
# Exit status: 0 when every checksum matched, 1 otherwise.

BUILD=${BUILD:-build}
RUNS=${BENCH_RUNS:-3}
TIMEOUT=${BENCH_TIMEOUT:-600}
RESULTS=${BENCH_RESULTS-bench/RESULTS.md}
WASI_RUN=$BUILD/bin/wasi-run
INSPECT=$BUILD/bin/wit-inspect
OUT=$BUILD/bench
. bench/programs/build.sh

if ! bench_wasm_check; then
    echo "bench: cannot build the wasm32 programs: $BENCH_WHY" >&2
    exit 1
fi
mkdir -p "$OUT"

have_wasi_run=0
if [ -x "$WASI_RUN" ]; then
    have_wasi_run=1
else
    echo "bench: $WASI_RUN is not built yet: recording native times only"
fi
with_timeout=
command -v timeout >/dev/null 2>&1 && with_timeout="timeout $TIMEOUT"

now() { date +%s.%N; }

# best_time CHECKSUM_FILE CMD...: runs CMD $RUNS times, keeps the first
# run's stdout in CHECKSUM_FILE and prints the best wall time; fails if
# any run fails.
best_time() {
    _out=$1; shift
    _best=
    _i=0
    while [ "$_i" -lt "$RUNS" ]; do
        _t0=$(now)
        if [ "$_i" -eq 0 ]; then
            "$@" >"$_out" 2>"$_out.err" || return 1
        else
            "$@" >/dev/null 2>&1 || return 1
        fi
        _t1=$(now)
        _best=$(echo "$_t1 $_t0 $_best" | awk '{ d = $1 - $2; if (NF == 3 && $3 < d) d = $3; printf "%.6f", d }')
        _i=$((_i + 1))
    done
    echo "$_best"
}

machine="$(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
today=$(date -u +%Y-%m-%d)
gcc_version=$(gcc -dumpfullversion 2>/dev/null || gcc -dumpversion)
clang_version=$(clang --version | sed -n 's/.*clang version \([0-9.]*\).*/\1/p' | head -n 1)
echo "bench: interpreter vs native, $machine, $today, gcc $gcc_version, clang $clang_version, best of $RUNS"

rows=$OUT/rows.md
: >"$rows"
status=0
printf '%-12s %10s %10s %10s %9s  %s\n' program N native_s wasm_s slowdown checksum
for name in $(bench_programs); do
    n=$(bench_size "$name" bench)
    wasm=$OUT/$name.wasm
    native=$OUT/$name.native
    if ! bench_build_wasm "$wasm" "$name" || ! bench_build_native "$native" "$name"; then
        echo "bench: $name does not build" >&2
        status=1; continue
    fi
    if [ -x "$INSPECT" ] && "$INSPECT" "$wasm" | grep -q '^imports'; then
        echo "bench: $wasm has imports; the programs must be self-contained" >&2
        status=1; continue
    fi

    if ! native_s=$(best_time "$OUT/$name.native.out" "$native" "$n"); then
        echo "bench: $native $n failed" >&2
        status=1; continue
    fi
    native_sum=$(bench_checksum <"$OUT/$name.native.out")

    wasm_s=- slowdown=- verdict="$native_sum (native only)"
    if [ "$have_wasi_run" -eq 1 ]; then
        if wasm_s=$(best_time "$OUT/$name.wasm.out" $with_timeout "$WASI_RUN" --invoke run "$n" "$wasm"); then
            wasm_sum=$(bench_checksum <"$OUT/$name.wasm.out")
            slowdown=$(echo "$wasm_s $native_s" | awk '{ printf "%.2f", $1 / $2 }')
            if [ "$wasm_sum" = "$native_sum" ]; then
                verdict="$native_sum (match)"
            else
                verdict="MISMATCH: native $native_sum, wasi-run $wasm_sum"
                status=1
            fi
        else
            wasm_s=- verdict="wasi-run failed: $(head -n 1 "$OUT/$name.wasm.out.err" 2>/dev/null)"
            status=1
        fi
    fi
    printf '%-12s %10s %10s %10s %9s  %s\n' "$name" "$n" "$native_s" "$wasm_s" "$slowdown" "$verdict"
    echo "| $name | $n | $native_s | $wasm_s | $slowdown | $verdict |" >>"$rows"
done

# Geometric mean over the programs whose checksums matched.
geomean=$(awk -F' \\| ' '$5 ~ /^[0-9.]+$/ && $6 ~ /\(match\)/ { s += log($5); k++ }
    END { if (k) printf "%.2f over %d programs", exp(s / k), k; else print "-" }' "$rows")
echo "geometric mean slowdown: $geomean"

if [ -n "$RESULTS" ]; then
    section=$OUT/section.md
    {
        echo "## Interpreter"
        echo
        echo "Written by \`make bench\` (bench/interp.sh); each run replaces this section."
        echo "The programs in bench/programs (freestanding C, one export \`run(N)\` returning"
        echo "a checksum) are built with clang $clang_version \`--target=wasm32 -nostdlib -O2\` and"
        echo "with gcc $gcc_version \`-O2\` from the same source. Times are wall-clock seconds of"
        echo "the whole process, best of $RUNS runs: \`NAME.native N\` against"
        echo "\`wasi-run --invoke run N NAME.wasm\` (which includes loading, validating and"
        echo "translating the module). Slowdown = wasi-run time / native time; the"
        echo "checksum column says whether both returned the same value."
        echo
        echo "Run of $today on $machine."
        if [ "$have_wasi_run" -eq 0 ]; then
            echo "build/bin/wasi-run did not exist yet: native times only."
        fi
        echo
        echo "| program | N | native (s) | wasi-run (s) | slowdown | checksum |"
        echo "|---------|--:|-----------:|-------------:|---------:|----------|"
        cat "$rows"
        echo
        echo "Geometric mean slowdown: $geomean."
    } >"$section"
    tmp=$RESULTS.tmp.$$
    # Keep everything but an old "## Interpreter" section (up to the next
    # level-2 heading), then append the new one.
    awk '/^## / { skipping = ($0 == "## Interpreter") } !skipping' "$RESULTS" 2>/dev/null |
        awk 'NF { for (; blank > 0; blank--) print ""; print; next } { blank++ }' >"$tmp"
    { [ -s "$tmp" ] && echo; cat "$section"; } >>"$tmp"
    mv "$tmp" "$RESULTS"
    echo "bench: wrote the Interpreter section of $RESULTS"
fi
exit "$status"
