#!/bin/sh
# wasi-run COMPONENT [ARGS...] with the WASI 0.3 hosts: the hand-written
# WAT components of tests/e2e/wasi_p3/ (async lifts, stream / future /
# waitable built-ins, no toolchain needed) cover every function of
# wasi:cli, wasi:clocks and wasi:random at 0.3.0, success and error paths:
# stdin -> stdout copies (small, empty, closed, 3 MB through pipes), a
# stdout that fails (err(io) on /dev/full, err(pipe) when the reader
# left), arguments, environment, exit codes, terminals (under script(1)
# when present), clocks with sync and async waits, randomness. Also: 0.3's
# run is chosen over 0.2's when a component exports both, a trap in it is
# reported, a mistyped import is refused. Ends with
# "N passed, N failed, N skipped".

BUILD=${BUILD:-build}
TOOL=$BUILD/bin/wasi-run
W=tests/e2e/wasi_p3

passed=0 failed=0 skipped=0
pass() { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; [ -n "${2:-}" ] && sed 's/^/     /' "$2" | head -n 30; }
skip() { skipped=$((skipped + 1)); echo "SKIP $1"; }
finish() {
    echo "$passed passed, $failed failed, $skipped skipped"
    [ "$failed" -eq 0 ]
    exit
}

T=$(mktemp -d "${TMPDIR:-/tmp}/wasi-run-p3-e2e.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT INT TERM

if [ ! -x "$TOOL" ]; then
    fail "$TOOL is built (run make)"
    finish
fi

# run NAME FILE [ARGS...] (stdin from $IN when set): rc, $T/NAME.out, .err
run() {
    _n=$1; shift
    timeout 60 "$TOOL" "$@" <"${IN:-/dev/null}" >"$T/$_n.out" 2>"$T/$_n.err"
    rc=$?
}

# expect WHAT NAME CODE [STDOUT]
expect() {
    if [ "$rc" -ne "$3" ]; then
        fail "$1: exit $rc, expected $3" "$T/$2.err"
    elif [ $# -ge 4 ] && [ "$(cat "$T/$2.out")" != "$4" ]; then
        fail "$1: output '$(tr '\n' '|' <"$T/$2.out")', expected '$(printf '%s' "$4" | tr '\n' '|')'" "$T/$2.err"
    else
        pass "$1"
    fi
}

# same WHAT FILE EXPECTED-TEXT
same() {
    if [ "$(cat "$2")" = "$3" ]; then pass "$1"; else fail "$1: '$(tr '\n' '|' <"$2")', expected '$3'" "$2"; fi
}

# ---- stdin / stdout / stderr --------------------------------------------------------

printf 'hello p3\nsecond line\n' >"$T/in.txt"
IN=$T/in.txt run stdio "$W/p3_stdio.wat"
expect "stdin read-via-stream copied to stdout write-via-stream (stdin a file)" stdio 0 "hello p3
second line"
same "stderr write-via-stream" "$T/stdio.err" "done"
run stdio_empty "$W/p3_stdio.wat"
expect "empty stdin: the stream ends at once, its future is ok" stdio_empty 0 ""
timeout 60 "$TOOL" "$W/p3_stdio.wat" <&- >"$T/stdio_closed.out" 2>"$T/stdio_closed.err"
rc=$?
expect "a closed stdin is an empty stream" stdio_closed 0 ""
head -c 3000000 /dev/urandom >"$T/big"
timeout 60 sh -c 'cat "$1" | "$2" "$3" | cat >"$4"' sh "$T/big" "$TOOL" "$W/p3_stdio.wat" "$T/big.out" 2>"$T/big.err"
if cmp -s "$T/big" "$T/big.out"; then
    pass "3 MB from a pipe to a pipe arrive whole (partial copies, pipe readiness)"
else
    fail "3 MB from a pipe to a pipe arrive whole: $(wc -c <"$T/big.out") bytes" "$T/big.err"
fi
if [ -w /dev/full ]; then
    timeout 60 "$TOOL" "$W/p3_stdio.wat" <"$T/in.txt" >/dev/full 2>"$T/full.err"
    rc=$?
    : >"$T/full.out"
    expect "a failing stdout completes the future with err(io) (status 3 from the guest)" full 3
else
    skip "/dev/full not present"
fi
# The reader leaves after 10 bytes: later writes fail with EPIPE.
( timeout 60 "$TOOL" "$W/p3_stdio.wat" <"$T/big" 2>"$T/pipe.err"; echo $? >"$T/pipe.rc" ) | head -c 10 >/dev/null
rc=$(cat "$T/pipe.rc")
: >"$T/pipe.out"
expect "a stdout whose reader left completes the future with err(pipe) (status 5), no SIGPIPE death" pipe 5

# The reader starts late: when run returns, the host still holds the
# second 64 KiB piece the guest was told was written.
( timeout 60 "$TOOL" "$W/p3_write_and_return.wat" 2>"$T/late.err" ) | ( sleep 0.3; wc -c | tr -d " " ) >"$T/late.out"
same "output the guest wrote before returning reaches a slow pipe in full" "$T/late.out" "131072"

# ---- environment, exit, terminals -----------------------------------------------------

run env --env A=1 --env "B=two words" "$W/p3_env.wat" hello "x y"
expect "get-arguments, get-environment, get-initial-cwd (none), no terminals when redirected" env 0 "arg p3_env.wat
arg hello
arg x y
env A=1
env B=two words
cwd none
tty 0 0 0 "
run env_none "$W/p3_env.wat"
expect "no --env: an empty environment" env_none 0 "arg p3_env.wat
cwd none
tty 0 0 0 "
run exit_err "$W/p3_env.wat" E
expect "exit(err) is status 1" exit_err 1
run exit_ok "$W/p3_env.wat" O
expect "exit(ok) is status 0 (run would have returned err)" exit_ok 0
run exit_code "$W/p3_env.wat" C
expect "exit-with-code(7) is status 7" exit_code 7
run run_err "$W/p3_env.wat" R
expect "run returning err is status 1" run_err 1
if command -v script >/dev/null 2>&1; then
    script -qec "$TOOL $W/p3_env.wat" /dev/null </dev/null 2>&1 | tr -d '\r' >"$T/tty.out"
    if grep -qx 'tty 1 1 1 ' "$T/tty.out"; then
        pass "terminal-stdin/stdout/stderr give handles on a terminal (script(1))"
    else
        fail "terminal handles on a terminal" "$T/tty.out"
    fi
else
    skip "script(1) not installed: terminal handles on a terminal untested"
fi

# ---- clocks and random -------------------------------------------------------------------

run clocks "$W/p3_clocks_random.wat"
expect "monotonic-clock (sync and async waits), system-clock, timezone, random, insecure, insecure-seed" clocks 0

# ---- choosing the run export, traps ----------------------------------------------------------

# both NAME CORE02 CORE03: a component exporting wasi:cli/run@0.2.0 (core
# body CORE02) and @0.3.0 (CORE03).
both() {
    cat <<WAT
(component
  (core module \$M
    (func (export "run02") (result i32) $1)
    (func (export "run03") (result i32) $2))
  (core instance \$m (instantiate \$M))
  (func \$run02 (result (result)) (canon lift (core func \$m "run02")))
  (func \$run03 async (result (result)) (canon lift (core func \$m "run03")))
  (instance \$r02 (export "run" (func \$run02)))
  (instance \$r03 (export "run" (func \$run03)))
  (export "wasi:cli/run@0.2.0" (instance \$r02))
  (export "wasi:cli/run@0.3.0" (instance \$r03)))
WAT
}
both '(i32.const 1)' '(i32.const 0)' >"$T/both.wat"
run both "$T/both.wat"
expect "a component exporting run @0.2.0 and @0.3.0 runs 0.3's" both 0
both '(i32.const 0)' 'unreachable' >"$T/both_trap.wat"
run both_trap "$T/both_trap.wat"
expect "a trap in 0.3's async run is status 1" both_trap 1
if grep -q "trap: unreachable" "$T/both_trap.err"; then pass "the trap is reported"; else fail "the trap is reported" "$T/both_trap.err"; fi

# An import whose type differs from the WIT's (wait-for without `async`)
# is refused at instantiation, naming the function.
cat >"$T/badtype.wat" <<'WAT'
(component
  (import "wasi:clocks/monotonic-clock@0.3.0" (instance $mono
    (export "wait-for" (func (param "how-long" u64)))))
  (core func $w (canon lower (func $mono "wait-for")))
  (core module $M
    (import "" "w" (func $w (param i64)))
    (func (export "run") (result i32) (call $w (i64.const 1)) (i32.const 0)))
  (core instance $m (instantiate $M (with "" (instance (export "w" (func $w))))))
  (func $run async (result (result)) (canon lift (core func $m "run")))
  (instance $r (export "run" (func $run)))
  (export "wasi:cli/run@0.3.0" (instance $r)))
WAT
run badtype "$T/badtype.wat"
expect "a sync import of the async wait-for is refused" badtype 1
if grep -q 'cannot instantiate: incompatible import type for `wait-for`' "$T/badtype.err"; then
    pass "the refusal names the function"
else
    fail "the refusal names the function" "$T/badtype.err"
fi

finish
