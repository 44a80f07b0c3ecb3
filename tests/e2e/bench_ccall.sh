#!/bin/sh
# Keeps the component-call benchmark (tests/tools/bench_ccall.c,
# bench/ccall/ccall.wat) honest between `make bench` runs: a short run
# passes its result checks in all six directions, a callee tampered to
# return a wrong field is caught rather than timed, and a missing file is
# an error. Ends with "N passed, N failed".
BUILD=${BUILD:-build}
BENCH=$BUILD/tests/tools/bench_ccall
WAT=bench/ccall/ccall.wat

passed=0 failed=0
pass() { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; [ -n "${2:-}" ] && sed 's/^/     /' "$2" | head -n 20; }
finish() {
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit
}

T=$(mktemp -d "${TMPDIR:-/tmp}/bench-ccall-e2e.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT INT TERM

if [ ! -x "$BENCH" ]; then
    fail "$BENCH is built (make $BENCH)"
    finish
fi

if "$BENCH" "$WAT" 1000 1 >"$T/out" 2>&1 && [ "$(grep -c ' ns per call ' "$T/out")" -eq 6 ]; then
    pass "bench_ccall: six call figures, every result checked"
else
    fail "bench_ccall: six call figures, every result checked" "$T/out"
fi

# The callee reads b one byte off: the caller's checksum must catch it.
sed 's/(i64.load (local.get $s))/(i64.load offset=1 (local.get $s))/' "$WAT" >"$T/bad.wat"
if cmp -s "$WAT" "$T/bad.wat"; then
    fail "bench_ccall: tampered callee (the sed pattern no longer matches $WAT)"
elif ! "$BENCH" "$T/bad.wat" 100 1 >"$T/bad.out" 2>&1 &&
        grep -q 'run: wrong checksum' "$T/bad.out"; then
    pass "bench_ccall: a wrong result fails the bench"
else
    fail "bench_ccall: a wrong result fails the bench" "$T/bad.out"
fi

if ! "$BENCH" "$T/missing.wat" >"$T/missing.out" 2>&1 && grep -q 'cannot open' "$T/missing.out"; then
    pass "bench_ccall: missing file is an error"
else
    fail "bench_ccall: missing file is an error" "$T/missing.out"
fi
finish
