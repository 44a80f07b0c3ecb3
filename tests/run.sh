#!/bin/sh
# Runs every test program and sums their closing lines.
#
# Each test program (cmocka unit tests, the conformance runner, end-to-end
# scripts in tests/e2e/*.sh) ends its output with a line
#   N passed, N failed[, N skipped]
# A program that exits non-zero without failures counted, or prints no such
# line, counts as one failure.
BUILD=${BUILD:-build}
export BUILD
passed=0 failed=0 skipped=0
log_dir="$BUILD/test-logs"
mkdir -p "$log_dir"

run_one() {
    name=$1; shift
    log="$log_dir/$name.log"
    "$@" >"$log" 2>&1
    rc=$?
    line=$(grep -E '^([A-Za-z-]+: )?[0-9]+ passed, [0-9]+ failed(, [0-9]+ skipped)?$' "$log" | tail -n 1)
    line=${line#*: }
    if [ -z "$line" ]; then
        p=0 f=1 s=0
    else
        p=$(echo "$line" | sed -E 's/^([0-9]+) passed.*/\1/')
        f=$(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
        s=$(echo "$line" | sed -nE 's/.* ([0-9]+) skipped$/\1/p')
        s=${s:-0}
        [ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
    fi
    passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
    status=ok; [ "$f" -ne 0 ] && status=FAIL
    printf '%-28s %5s passed %4s failed %4s skipped  %s\n' "$name" "$p" "$f" "$s" "$status"
    if [ "$f" -ne 0 ]; then
        echo "---- $log (last 40 lines)"
        tail -n 40 "$log"
        echo "----"
    fi
    # Skips are shown, never silent.
    grep -h '^SKIP' "$log" | sed 's/^/    /'
}

# The toolchain script builds the real components (clang, jco,
# componentize-js) into $BUILD/e2e that some unit tests also read: run it first.
first_e2e=tests/e2e/toolchain.sh
[ -f "$first_e2e" ] && run_one e2e-toolchain sh "$first_e2e"

for t in "$BUILD"/tests/test_*; do
    [ -x "$t" ] || continue
    run_one "$(basename "$t")" "$t"
done
if [ -x "$BUILD/tests/conformance" ]; then
    run_one conformance "$BUILD/tests/conformance" ../shared/conformance
fi
# The core spec suite under the interpreter (what `make conformance` runs).
if [ -x "$BUILD/bin/wasi-run" ] && [ -d ../shared/conformance/core-spec ]; then
    run_one wasi-run-core-spec "$BUILD/bin/wasi-run" --fuel 100000000 --wast \
        ../shared/conformance/core-spec/*.wast ../shared/conformance/core-spec/simd/*.wast
fi
# The component-model suite outside async/, failures listed in
# tests/conformance/component_known_failures.txt counted apart.
if [ -x "$BUILD/bin/wasi-run" ] && [ -d ../shared/conformance/component-model ]; then
    run_one wasi-run-component-model sh tests/conformance/component_suite.sh \
        --known tests/conformance/component_known_failures.txt
    # async/ (issue 7), its own shrink-only list.
    run_one wasi-run-component-model-async env PART=async sh tests/conformance/component_suite.sh \
        --known tests/conformance/component_async_known_failures.txt
fi
for t in tests/e2e/*.sh; do
    [ -f "$t" ] || continue
    [ "$t" = "$first_e2e" ] && continue
    run_one "e2e-$(basename "$t" .sh)" sh "$t"
done

echo
if [ "$skipped" -ne 0 ]; then
    echo "$passed passed, $failed failed, $skipped skipped"
else
    echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
