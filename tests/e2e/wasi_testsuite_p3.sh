#!/bin/sh
# The official wasi-testsuite wasm32-wasip3 programs for wasi:cli,
# wasi:clocks, wasi:random and wasi:filesystem (read from
# /work/wasi-testsuite, or $WASI_TESTSUITE; never copied into this tree)
# under wasi-run, driven as the suite's test-runner drives a runtime
# (tests/e2e/wasi_p3/testsuite_ops.mjs: args, env, a fresh copy of the root
# directory as --dir COPY::/, stdin writes, stdout/stderr reads, exit code).
# The http-* and sockets-* programs are not run (those hosts do not exist).
#
# Tests named in tests/e2e/wasi_testsuite_p3_known.txt are expected to
# fail, each with a reason; one that passes fails the run until it is
# removed from the list. Ends with "N passed, N failed, N skipped".

BUILD=${BUILD:-build}
TOOL=$BUILD/bin/wasi-run
SUITE=${WASI_TESTSUITE:-/work/wasi-testsuite}
DIR=$SUITE/tests/rust/testsuite/wasm32-wasip3
KNOWN=tests/e2e/wasi_testsuite_p3_known.txt
DRIVER=tests/e2e/wasi_p3/testsuite_ops.mjs

passed=0 failed=0 skipped=0
pass() { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; [ -n "${2:-}" ] && sed 's/^/     /' "$2" | head -n 15; }
skip() { skipped=$((skipped + 1)); echo "SKIP $1"; }
finish() {
    echo "$passed passed, $failed failed, $skipped skipped"
    [ "$failed" -eq 0 ]
    exit
}

if [ ! -d "$DIR" ]; then
    skip "wasi-testsuite wasm32-wasip3: $DIR not present"
    finish
fi
if [ ! -x "$TOOL" ]; then
    fail "$TOOL is built (run make)"
    finish
fi
if ! command -v node >/dev/null 2>&1; then
    skip "wasi-testsuite wasm32-wasip3: node not installed (it drives the tests)"
    finish
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/wasi-testsuite-p3.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT INT TERM

known_reason() {
    [ -f "$KNOWN" ] && awk -v n="$1" '$1 == n { $1 = ""; sub(/^ +/, ""); print; exit }' "$KNOWN"
}

for wasm in "$DIR"/cli-*.wasm "$DIR"/monotonic-clock.wasm "$DIR"/multi-clock-wait.wasm \
            "$DIR"/wall-clock.wasm "$DIR"/random.wasm "$DIR"/run-with-err.wasm \
            "$DIR"/filesystem-*.wasm; do
    [ -f "$wasm" ] || continue
    name=$(basename "$wasm" .wasm)
    w=$T/$name
    mkdir -p "$w"
    node "$DRIVER" "$TOOL" "$wasm" "${wasm%.wasm}.json" "$w" >"$w/log" 2>&1
    rc=$?
    reason=$(known_reason "$name")
    if [ -n "$reason" ]; then
        if [ "$rc" -eq 0 ]; then
            fail "$name passes now: remove it from $KNOWN"
        else
            skip "$name (known: $reason)"
        fi
    elif [ "$rc" -eq 0 ]; then
        pass "$name"
    else
        fail "$name" "$w/log"
    fi
    rm -rf "$w"
done

finish
