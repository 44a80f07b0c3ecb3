#!/bin/sh
# The component-model suite (every .wast outside async/) under
# `wasi-run --wast`: prints the runner's failures and counts per file, one
# SKIP line per script listed in the suite's nyi.txt, and the total.
#
#   sh tests/conformance/component_suite.sh [--known FILE]
#
# With --known FILE (tests/run.sh passes
# tests/conformance/component_known_failures.txt), failures listed there
# ("component-model/DIR/FILE.wast:LINE reason", LINE being the command's
# first line) are counted apart as known. The list only shrinks: a listed
# check that passes now is a failure ("delete the line"), and so is every
# failure that is not listed. Without --known every failure counts.
#
# Environment: BUILD (default build), CONFORMANCE (default
# ../shared/conformance), FUEL (default 100000000). PART=async runs the
# async/ directory instead (tests/run.sh passes
# tests/conformance/component_async_known_failures.txt with it); each script
# then runs under `timeout` so that a deadlocked scheduler costs one script.

BUILD=${BUILD:-build}
CONFORMANCE=${CONFORMANCE:-../shared/conformance}
FUEL=${FUEL:-100000000}
known=
if [ "${1:-}" = "--known" ]; then
    known=$2
    [ -f "$known" ] || { echo "component_suite: no known-failures file $known" >&2; exit 2; }
fi

tool=$(cd "$(dirname "$BUILD/bin/wasi-run")" 2>/dev/null && pwd)/wasi-run
suite=$CONFORMANCE/component-model
if [ ! -x "$tool" ] || [ ! -d "$suite" ]; then
    echo "component_suite: needs $BUILD/bin/wasi-run and $suite"
    echo "0 passed, 1 failed"
    exit 1
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/component-suite.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT INT TERM

# Scripts relative to the conformance directory, nyi.txt ones skipped.
if [ "${PART:-}" = async ]; then
    (cd "$CONFORMANCE" && find component-model/async -name '*.wast' | sort) >"$T/all"
    limit="timeout 60"
else
    (cd "$CONFORMANCE" && find component-model -name '*.wast' ! -path 'component-model/async/*' | sort) >"$T/all"
    limit=
fi
sed -n 's|^\./|component-model/|p' "$suite/nyi.txt" | sort >"$T/nyi"
grep -vxFf "$T/nyi" "$T/all" >"$T/run"
grep -xFf "$T/nyi" "$T/all" >"$T/skipped"
while read -r f; do echo "SKIP $f: listed in component-model/nyi.txt"; done <"$T/skipped"
nyi_count=$(wc -l <"$T/skipped")

# One wasi-run per script, so that a crash costs one script, not the run.
# A script that stops without its counts line is one failure at line 0.
passed=0 failed=0 skipped=$nyi_count
: >"$T/out"
while read -r f; do
    (cd "$CONFORMANCE" && $limit "$tool" --fuel "$FUEL" --wast "$f") >"$T/one" 2>"$T/one.err"
    rc=$?
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed(, [0-9]+ skipped)?$' "$T/one" | tail -n 1)
    grep -vxF "$line" "$T/one" | tee -a "$T/out"
    cat "$T/one.err" >&2
    if [ -z "$line" ]; then
        echo "$f:0: FAIL: wasi-run stopped without its counts (exit $rc)" | tee -a "$T/out"
        failed=$((failed + 1))
        continue
    fi
    p=$(echo "$line" | sed -E 's/^([0-9]+) passed.*/\1/')
    n=$(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
    s=$(echo "$line" | sed -nE 's/.* ([0-9]+) skipped$/\1/p')
    passed=$((passed + p)); failed=$((failed + n)); skipped=$((skipped + ${s:-0}))
done <"$T/run"

known_count=0
if [ -n "$known" ]; then
    # FILE:LINE of every failed check, once.
    sed -nE 's/^([^ :]+:[0-9]+): FAIL: .*/\1/p' "$T/out" | sort -u >"$T/failing"
    grep -vE '^(#|$)' "$known" | sed -E 's/[ \t].*//' | sort -u >"$T/listed"
    comm -12 "$T/failing" "$T/listed" >"$T/known"
    comm -23 "$T/failing" "$T/listed" >"$T/new"
    comm -13 "$T/failing" "$T/listed" >"$T/stale"
    known_count=$(wc -l <"$T/known")
    # Known failures stop counting; each stale entry is one failure.
    known_checks=0
    if [ -s "$T/known" ]; then
        known_checks=$(sed -nE 's/^([^ :]+:[0-9]+): FAIL: .*/\1/p' "$T/out" | grep -cxFf "$T/known")
    fi
    failed=$(( failed - known_checks + $(wc -l <"$T/stale") ))
    while read -r k; do
        echo "$k: FAIL: listed in $known but passes now: delete its line"
    done <"$T/stale"
    if [ -s "$T/new" ]; then
        echo "Failures not listed in $known (fix them; the list only shrinks):"
        sed 's/^/    /' "$T/new"
    fi
    echo "$known_count known failure(s) counted apart (listed in $known)"
fi

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
