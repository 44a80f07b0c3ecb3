#!/bin/sh
# End-to-end tests of the preview1 adapter (adapters/preview1): C programs of
# our own (tests/e2e/adapter/*.c: args, environment, stdio, exit codes,
# clocks, random, files and directories, a program exporting cabi_realloc),
# built with clang + wasi-libc and
# made into components twice: with jco's bundled adapter (jco new
# --wasi-command) and with ours (wasi-adapt new --adapt, or jco new --adapt
# when wasi-adapt refuses). Ours must validate, be readable by `jco wit`, and
# give the same stdout and exit code as jco's under `jco run`, and under
# `wasi-run`. Then the official wasi-testsuite wasm32-wasip1 programs (read
# from $WASI_TESTSUITE when present) adapted with ours, under wasi-run.
# Without clang or node the parts that need them print SKIP lines.
# Ends with "N passed, N failed, N skipped".

BUILD=${BUILD:-build}
. tests/e2e/lib/toolchain.sh
WASI_TESTSUITE=${WASI_TESTSUITE:-/work/wasi-testsuite}
OURS=adapters/preview1/wasi_snapshot_preview1.command.wasm
REACTOR=adapters/preview1/wasi_snapshot_preview1.reactor.wasm
INSPECT=$BUILD/bin/wit-inspect
ADAPT=$BUILD/bin/wasi-adapt
RUN=$BUILD/bin/wasi-run

passed=0 failed=0 skipped=0
pass() { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; [ -n "${2:-}" ] && [ -f "$2" ] && sed 's/^/     /' "$2" | head -n 20; }
skip() { skipped=$((skipped + 1)); echo "SKIP $1"; }
finish() {
    echo "$passed passed, $failed failed, $skipped skipped"
    [ "$failed" -eq 0 ]
    exit
}

T=$(mktemp -d "${TMPDIR:-/tmp}/adapter-e2e.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT INT TERM

# The adapter modules themselves: valid core modules carrying their world.
for a in "$OURS" "$REACTOR"; do
    if "$INSPECT" --validate "$a" >"$T/v.err" 2>&1; then pass "$a validates"; else fail "$a validates" "$T/v.err"; fi
    kind=${a%.wasm}; kind=${kind##*.}
    if "$INSPECT" "$a" | grep -q "\"component-type:wasi_snapshot_preview1:$kind\""; then
        pass "$a carries its component-type section"
    else
        fail "$a carries its component-type section"
    fi
    # No data segments: the adapter shares the program's memory.
    if "$INSPECT" "$a" | grep -qE '^ +1[12] +(data|datacount) '; then
        fail "$a has no data segments"
    else
        pass "$a has no data segments"
    fi
done

if ! wasi_cc_check; then
    skip "adapted programs: $TOOLCHAIN_WHY"
    finish
fi
HAVE_NODE=1
npm_tools_setup || { HAVE_NODE=0; skip "jco comparisons and the wasi-testsuite driver: $TOOLCHAIN_WHY"; }

# ours OUT MODULE: a component with our adapter.
ours() {
    if [ -x "$ADAPT" ] && "$ADAPT" new "$2" --adapt "wasi_snapshot_preview1=$OURS" -o "$1" 2>"$T/adapt.err"; then
        return 0
    fi
    [ "$HAVE_NODE" = 1 ] && "$JCO" new "$2" --adapt "wasi_snapshot_preview1=$OURS" -o "$1" 2>>"$T/adapt.err"
}

# jco_run OUT COMPONENT SANDBOX STDIN ENV... -- ARGS...: jco run with exactly
# ENV and the directory SANDBOX (or none: '-') as /sandbox.
jco_run() {
    _out=$1 _comp=$2 _dir=$3 _in=$4; shift 4
    _env='{'; _sep=
    while [ "$1" != "--" ]; do
        _env="$_env$_sep\"${1%%=*}\": \"${1#*=}\""; _sep=', '; shift
    done
    shift
    _pre='{}'; [ "$_dir" != - ] && _pre="{\"/sandbox\": \"$_dir\"}"
    _shim=$(cd "$NPM_DIR/node_modules/@bytecodealliance/preview2-shim/lib/nodejs" && pwd)
    cat >"$T/setup.mjs" <<EOS
import { _setPreopens } from "file://$_shim/filesystem.js";
import { _setEnv } from "file://$_shim/cli.js";
_setPreopens($_pre);
_setEnv($_env});
EOS
    printf '%b' "$_in" | "$JCO" run --jco-import "$T/setup.mjs" "$_comp" "$@" >"$_out" 2>"$_out.err"
    echo $? >"$_out.rc"
}

# wr_run: the same under wasi-run (the arguments are rotated through "$@"
# so that values with spaces survive).
wr_run() {
    _out=$1 _comp=$2 _dir=$3 _in=$4; shift 4
    _n=$# _i=0 _env=1
    while [ "$_i" -lt "$_n" ]; do
        _a=$1; shift; _i=$((_i + 1))
        if [ "$_env" = 1 ] && [ "$_a" = -- ]; then
            _env=0
            [ "$_dir" != - ] && set -- "$@" --dir "$_dir::/sandbox"
            set -- "$@" "$_comp"
        elif [ "$_env" = 1 ]; then
            set -- "$@" --env "$_a"
        else
            set -- "$@" "$_a"
        fi
    done
    printf '%b' "$_in" | "$RUN" "$@" >"$_out" 2>"$_out.err"
    echo $? >"$_out.rc"
}

# same WHAT REF GOT: equal stdout and exit code.
same() {
    if cmp -s "$2" "$3" && cmp -s "$2.rc" "$3.rc"; then
        pass "$1"
    else
        { echo "expected (exit $(cat "$2.rc")):"; cat "$2"; echo "got (exit $(cat "$3.rc")):"; cat "$3"; cat "$3.err"; } >"$T/diff"
        fail "$1" "$T/diff"
    fi
}

HAVE_RUN=0
"$RUN" --help 2>&1 | grep -q 'COMPONENT \[ARGS' && HAVE_RUN=1
[ "$HAVE_RUN" = 1 ] || skip "runs under wasi-run: $RUN has no run mode"

for p in args_env stdio_exit clocks_random files exports_realloc; do
    if ! wasi_cc "$T/$p.wasm" "tests/e2e/adapter/$p.c" -O2 2>"$T/cc.err"; then
        fail "$p builds" "$T/cc.err"; continue
    fi
    if ours "$T/$p.ours.wasm" "$T/$p.wasm"; then pass "$p adapted with ours"; else fail "$p adapted with ours" "$T/adapt.err"; continue; fi
    if "$INSPECT" --validate "$T/$p.ours.wasm" >"$T/v.err" 2>&1; then pass "$p: ours validates"; else fail "$p: ours validates" "$T/v.err"; fi
    if [ "$HAVE_NODE" = 1 ]; then
        if "$JCO" wit "$T/$p.ours.wasm" >"$T/wit.out" 2>&1 && grep -q 'export wasi:cli/run@0.2.12' "$T/wit.out"; then
            pass "$p: jco wit reads ours"
        else
            fail "$p: jco wit reads ours" "$T/wit.out"
        fi
        jco_command "$T/$p.jco.wasm" "$T/$p.wasm" || fail "$p adapted by jco"
    fi
done

# case NAME PROGRAM SANDBOX STDIN ENV... -- ARGS...: jco's adapter under
# jco run is the reference; ours must match it under jco run and wasi-run.
case_() {
    _name=$1 _p=$2 _dir=$3; shift 3
    [ -f "$T/$_p.ours.wasm" ] || return
    _fresh() { [ "$_dir" = - ] && echo - && return; rm -rf "$T/sb"; mkdir -p "$T/sb"; echo "$T/sb"; }
    if [ "$HAVE_NODE" = 1 ] && [ -f "$T/$_p.jco.wasm" ]; then
        jco_run "$T/$_name.ref" "$T/$_p.jco.wasm" "$(_fresh)" "$@"
        jco_run "$T/$_name.jco" "$T/$_p.ours.wasm" "$(_fresh)" "$@"
        same "$_name: ours under jco run = jco's adapter" "$T/$_name.ref" "$T/$_name.jco"
    fi
    if [ "$HAVE_RUN" = 1 ]; then
        wr_run "$T/$_name.wr" "$T/$_p.ours.wasm" "$(_fresh)" "$@"
        if [ -f "$T/$_name.ref" ]; then
            same "$_name: ours under wasi-run = jco's adapter" "$T/$_name.ref" "$T/$_name.wr"
        elif [ "$(cat "$T/$_name.wr.rc")" = "${EXPECT_RC:-0}" ]; then
            pass "$_name: ours under wasi-run exits ${EXPECT_RC:-0}"
        else
            fail "$_name: ours under wasi-run exits ${EXPECT_RC:-0}" "$T/$_name.wr.err"
        fi
    fi
}

case_ args args_env - "" ADAPTER_A=1 "ADAPTER_B=two words" -- ADAPTER_A ADAPTER_B NOPE
EXPECT_RC=1 case_ args-fail args_env - "" ADAPTER_A=1 -- x fail
case_ stdio stdio_exit - 'one\ntwo\n' -- 0
EXPECT_RC=1 case_ exit-1 stdio_exit - '' -- 1
case_ clocks clocks_random - ""  --
case_ files files sandbox "" --
case_ exports-realloc exports_realloc - "" -- one two

# Exit codes beyond 0 and 1 need exit-with-code (WASI 0.2.12), which jco's
# bundled adapter does not use: ours passes them through.
if [ -f "$T/stdio_exit.ours.wasm" ]; then
    if [ "$HAVE_RUN" = 1 ]; then
        wr_run "$T/x7" "$T/stdio_exit.ours.wasm" - '' -- 7
        if [ "$(cat "$T/x7.rc")" = 7 ]; then pass "exit code 7 under wasi-run"; else fail "exit code 7 under wasi-run (got $(cat "$T/x7.rc"))" "$T/x7.err"; fi
    fi
    if [ "$HAVE_NODE" = 1 ]; then
        jco_run "$T/j7" "$T/stdio_exit.ours.wasm" - '' -- 7
        if [ "$(cat "$T/j7.rc")" = 7 ]; then pass "exit code 7 under jco run"; else fail "exit code 7 under jco run (got $(cat "$T/j7.rc"))" "$T/j7.err"; fi
    fi
fi

# The official wasi-testsuite, adapted with ours, under wasi-run.
suites=
for s in c rust assemblyscript; do
    d=$WASI_TESTSUITE/tests/$s/testsuite/wasm32-wasip1
    [ -d "$d" ] && suites="$suites --suite $d"
done
if [ -z "$suites" ]; then
    skip "wasi-testsuite: not found at $WASI_TESTSUITE"
elif [ "$HAVE_NODE" = 0 ] || [ "$HAVE_RUN" = 0 ] || [ ! -x "$ADAPT" ]; then
    skip "wasi-testsuite: needs node, wasi-adapt and wasi-run's run mode"
else
    # shellcheck disable=SC2086
    node tests/e2e/adapter/testsuite.mjs $suites --adapter "$OURS" --work "$T/suite" \
        --adapt "wasi-adapt=$ADAPT" --fallback "jco=$JCO" --run "wasi-run=$RUN" >"$T/suite.log" 2>&1
    grep -E '^(FAIL|NOTE)' "$T/suite.log" | sed 's/^/     /'
    line=$(tail -n 1 "$T/suite.log")
    sp=$(echo "$line" | sed -nE 's/^([0-9]+) passed, ([0-9]+) failed$/\1/p')
    sf=$(echo "$line" | sed -nE 's/^([0-9]+) passed, ([0-9]+) failed$/\2/p')
    if [ -n "$sp" ] && [ "$sf" = 0 ]; then
        pass "wasi-testsuite wasm32-wasip1 with ours under wasi-run: $sp of $sp"
    else
        fail "wasi-testsuite wasm32-wasip1 with ours under wasi-run: ${line}" "$T/suite.log"
    fi
fi
finish
