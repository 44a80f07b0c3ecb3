#!/bin/sh
# wasi-run COMPONENT [ARGS...] with the WASI 0.2 hosts (wasi:io, cli,
# clocks, random). First small WAT components that need no toolchain:
# stdout through wasi:io/streams, exit codes, run returning err, missing
# imports, traps, bad input. Then C programs (tests/e2e/wasi/p2_*.c) built
# with clang + wasi-libc and wrapped by `jco new --wasi-command`: arguments,
# environment, stdin / stdout / stderr, exit codes, clocks and randomness,
# compared with `jco run` on the same component (the oracle) when node is
# there, and with the exact expected output always. Ends with
# "N passed, N failed, N skipped".

BUILD=${BUILD:-build}
TOOL=$BUILD/bin/wasi-run
. tests/e2e/lib/toolchain.sh

passed=0 failed=0 skipped=0
pass() { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; [ -n "${2:-}" ] && sed 's/^/     /' "$2" | head -n 30; }
skip() { skipped=$((skipped + 1)); echo "SKIP $1"; }
finish() {
    echo "$passed passed, $failed failed, $skipped skipped"
    [ "$failed" -eq 0 ]
    exit
}

T=$(mktemp -d "${TMPDIR:-/tmp}/wasi-run-p2-e2e.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT INT TERM

if [ ! -x "$TOOL" ]; then
    fail "$TOOL is built (run make)"
    finish
fi

# run NAME FILE [ARGS...] (stdin from $IN when set): rc, $T/NAME.out, .err
run() {
    _n=$1; shift
    "$TOOL" "$@" <"${IN:-/dev/null}" >"$T/$_n.out" 2>"$T/$_n.err"
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

# contains WHAT FILE FIXED-STRING
contains() {
    if grep -qF -- "$3" "$2"; then pass "$1"; else fail "$1: no '$3' in $(basename "$2")" "$2"; fi
}

# ---- WAT components -------------------------------------------------------------

# The wasi:io/streams and wasi:cli/stdout imports of a command writing
# "hello from wat" with blocking-write-and-flush.
cat >"$T/hello.wat" <<'WAT'
(component
  (import "wasi:io/error@0.2.0" (instance $err (export "error" (type (sub resource)))))
  (alias export $err "error" (type $error))
  (import "wasi:io/streams@0.2.3" (instance $streams
    (alias outer 1 $error (type $e))
    (export "error" (type $e2 (eq $e)))
    (export "output-stream" (type $os (sub resource)))
    (type $own-e (own $e2))
    (type $se (variant (case "last-operation-failed" $own-e) (case "closed")))
    (export "stream-error" (type $se2 (eq $se)))
    (type $b (borrow $os))
    (type $r (result (error $se2)))
    (export "[method]output-stream.blocking-write-and-flush"
      (func (param "self" $b) (param "contents" (list u8)) (result $r)))))
  (alias export $streams "output-stream" (type $output-stream))
  (import "wasi:cli/stdout@0.2.0" (instance $stdout
    (alias outer 1 $output-stream (type $o))
    (export "output-stream" (type $o2 (eq $o)))
    (type $own-o (own $o2))
    (export "get-stdout" (func (result $own-o)))))
  (core module $Mem (memory (export "mem") 1))
  (core instance $mem (instantiate $Mem))
  (core func $get (canon lower (func $stdout "get-stdout")))
  (core func $write (canon lower (func $streams "[method]output-stream.blocking-write-and-flush")
    (memory $mem "mem")))
  (core module $M
    (import "host" "mem" (memory 1))
    (import "host" "get-stdout" (func $get (result i32)))
    (import "host" "write" (func $write (param i32 i32 i32 i32)))
    (data (i32.const 16) "hello from wat\0a")
    (func (export "run") (result i32)
      (call $write (call $get) (i32.const 16) (i32.const 15) (i32.const 64))
      (i32.load8_u (i32.const 64))))
  (core instance $m (instantiate $M (with "host" (instance
    (export "mem" (memory $mem "mem"))
    (export "get-stdout" (func $get))
    (export "write" (func $write))))))
  (func $run (result (result)) (canon lift (core func $m "run")))
  (instance $r (export "run" (func $run)))
  (export "wasi:cli/run@0.2.0" (instance $r)))
WAT
run hello "$T/hello.wat"
expect "stdout through wasi:io/streams blocking-write-and-flush (WAT, @0.2.3 served by 0.2.12)" hello 0 "hello from wat"
"$TOOL" "$T/hello.wat" >&- 2>"$T/hello_closed.err"
rc=$?
: >"$T/hello_closed.out"
expect "a closed stdout is a closed stream for the guest (run returns err), not a trap" hello_closed 1 ""
if [ -s "$T/hello_closed.err" ]; then fail "closed stdout: nothing on stderr" "$T/hello_closed.err"; else pass "closed stdout: nothing on stderr"; fi

# command BODY IMPORTS: a command whose core `run` is BODY, with IMPORTS
# (component-level import + core func lines) in front.
command() {
    cat <<WAT
(component
  $2
  (core module \$M
    (import "host" "f" (func \$f (param i32)))
    (func (export "run") (result i32) $1))
  (core instance \$m (instantiate \$M (with "host" (instance (export "f" (func \$f))))))
  (func \$run (result (result)) (canon lift (core func \$m "run")))
  (instance \$r (export "run" (func \$run)))
  (export "wasi:cli/run@0.2.0" (instance \$r)))
WAT
}
EXIT_CODE='(import "wasi:cli/exit@0.2.0" (instance $exit (export "exit-with-code" (func (param "status-code" u8)))))
  (core func $f (canon lower (func $exit "exit-with-code")))'
EXIT_RESULT='(import "wasi:cli/exit@0.2.0" (instance $exit (export "exit" (func (param "status" (result))))))
  (core func $f (canon lower (func $exit "exit")))'
command '(call $f (i32.const 42)) (i32.const 0)' "$EXIT_CODE" >"$T/exit42.wat"
run exit42 "$T/exit42.wat"
expect "exit-with-code 42 is the exit status" exit42 42 ""
command '(call $f (i32.const 1)) (i32.const 0)' "$EXIT_RESULT" >"$T/exiterr.wat"
run exiterr "$T/exiterr.wat"
expect "exit(err) is status 1" exiterr 1 ""
command '(call $f (i32.const 0)) (i32.const 1)' "$EXIT_RESULT" >"$T/exitok.wat"
run exitok "$T/exitok.wat"
expect "exit(ok) is status 0, even before run would return err" exitok 0 ""
command '(i32.const 1)' "$EXIT_RESULT" >"$T/runerr.wat"
run runerr "$T/runerr.wat"
expect "run returning err is status 1" runerr 1 ""
command '(i32.const 0)' "$EXIT_RESULT" >"$T/runok.wat"
run runok "$T/runok.wat"
expect "run returning ok is status 0" runok 0 ""
command 'unreachable' "$EXIT_RESULT" >"$T/trap.wat"
run trap "$T/trap.wat"
expect "a trap is status 1" trap 1 ""
contains "a trap is reported with the file" "$T/trap.err" "wasi-run: $T/trap.wat: trap: unreachable"
contains "a trap names the function" "$T/trap.err" "in function"

POLL='(import "wasi:io/poll@0.2.0" (instance $poll
    (export "pollable" (type $p (sub resource)))
    (type $b (borrow $p))
    (export "poll" (func (param "in" (list $b)) (result (list u32))))))
  (core module $Mem (memory (export "mem") 1)
    (func (export "r") (param i32 i32 i32 i32) (result i32) (i32.const 256)))
  (core instance $mem (instantiate $Mem))
  (core func $poll (canon lower (func $poll "poll") (memory $mem "mem") (realloc (func $mem "r"))))
  (core module $Adapt
    (import "p" "poll" (func $poll (param i32 i32 i32)))
    (func (export "f") (param i32) (call $poll (i32.const 0) (i32.const 0) (i32.const 0))))
  (core instance $a (instantiate $Adapt (with "p" (instance (export "poll" (func $poll))))))
  (alias core export $a "f" (core func $f))'
command '(call $f (i32.const 0)) (i32.const 0)' "$POLL" >"$T/poll.wat"
run poll "$T/poll.wat"
expect "wasi:io/poll.poll of an empty list traps" poll 1 ""
contains "the empty poll is named" "$T/poll.err" "empty list of pollables"

command '(i32.const 0)' '(import "wasi:cli/environment@0.2.0" (instance $env (export "no-such-function" (func (param "x" u32)))))
  (core func $f (canon lower (func $env "no-such-function")))' >"$T/nofunc.wat"
run nofunc "$T/nofunc.wat"
expect "an unknown function of a known interface fails to instantiate" nofunc 1 ""
contains "names the interface and the function" "$T/nofunc.err" \
    '`wasi:cli/environment@0.2.0` has no function `no-such-function`'
command '(i32.const 0)' '(import "wasi:cli/environment@0.4.0" (instance $env (export "get-arguments" (func (result (list string))))))
  (core func $f (canon lower (func $env "get-arguments") (memory $mem "mem") (realloc $mem "r")))' \
    | sed 's/(import "wasi:cli\/environment/(core module $Mem (memory (export "mem") 1) (func (export "r") (param i32 i32 i32 i32) (result i32) (i32.const 0)))\n  (core instance $mem (instantiate $Mem))\n  &/' >"$T/badver.wat"
run badver "$T/badver.wat"
expect "an import of a version no host serves fails to instantiate" badver 1 ""
contains "names the interface and its version" "$T/badver.err" \
    'nothing provides `wasi:cli/environment@0.4.0`'

printf '(component)\n' >"$T/norun.wat"
run norun "$T/norun.wat"
expect "a component without wasi:cli/run is refused" norun 1 ""
contains "says what is missing" "$T/norun.err" "exports no wasi:cli/run@0.2.x"
printf '(module (func (export "_start")))\n' >"$T/core.wat"
run core "$T/core.wat"
expect "a core module is refused" core 1 ""
contains "says to adapt it" "$T/core.err" "a core module, not a component"
printf '\000asm\015\000\001\000\377' >"$T/bad.wasm"
run bad "$T/bad.wasm"
expect "a malformed component exits 1" bad 1 ""
if grep -qE "^$T/bad.wasm:[0-9]+: error: " "$T/bad.err"; then
    pass "a malformed component is reported as FILE:OFFSET: error: ..."
else
    fail "a malformed component is reported as FILE:OFFSET: error: ..." "$T/bad.err"
fi
run nofile "$T/missing.wasm"
expect "a missing file is an I/O error (status 2)" nofile 2 ""
run baddir --dir "$T/no-such-dir" "$T/runok.wat"
expect "a --dir that cannot be opened is a usage error" baddir 2 ""
contains "names the directory" "$T/baddir.err" "$T/no-such-dir"
run badenv --env "=x" "$T/runok.wat"
expect "--env without a key is a usage error" badenv 2 ""

# ---- C programs through jco's preview1 adapter --------------------------------------

if ! wasi_cc_check; then
    skip "C programs under wasi-run: $TOOLCHAIN_WHY"
    finish
fi
if ! npm_tools_setup; then
    skip "C programs under wasi-run (jco wraps them): $TOOLCHAIN_WHY"
    finish
fi
ORACLE=yes
command -v node >/dev/null 2>&1 || ORACLE=

# build NAME: tests/e2e/wasi/NAME.c -> $T/NAME.component.wasm
build() {
    if ! wasi_cc "$T/$1.wasm" "tests/e2e/wasi/$1.c" -O2 -Wall -Wextra -Werror >"$T/$1.cc.log" 2>&1; then
        fail "$1.c builds with clang" "$T/$1.cc.log"; return 1
    fi
    if ! jco_command "$T/$1.component.wasm" "$T/$1.wasm" >"$T/$1.jco.log" 2>&1; then
        fail "$1 wraps with jco new --wasi-command" "$T/$1.jco.log"; return 1
    fi
}

# oracle WHAT NAME ARGS...: `jco run` on the same component with the same
# stdin and environment gives the same stdout and exit code as the last run.
oracle() {
    _what=$1 _n=$2; shift 2
    if [ -z "$ORACLE" ]; then
        skip "$_what: node not installed, no jco run to compare with"
        return
    fi
    _rc=$rc
    (cd "$T" && env -i PATH="$PATH" $ENV "$OLDPWD/$JCO" run "$_n.component.wasm" "$@") \
        <"${IN:-/dev/null}" >"$T/$_n.jco.out" 2>"$T/$_n.jco.err"
    _jrc=$?
    if [ "$_jrc" -ne "$_rc" ]; then
        fail "$_what: exit $_rc, jco run exits $_jrc" "$T/$_n.jco.err"
    elif ! cmp -s "$T/$_n.out" "$T/$_n.jco.out"; then
        diff -u "$T/$_n.jco.out" "$T/$_n.out" >"$T/$_n.diff"
        fail "$_what: stdout differs from jco run's" "$T/$_n.diff"
    else
        pass "$_what: same stdout and exit code as jco run"
    fi
}

for p in p2_args_env p2_stdio p2_exit p2_clocks p2_random; do
    build "$p" || finish
done

# (No empty value here: jco run 1.x shows an empty value glued to the next
# variable, EMPTY=WITH_EQUALS=a=b.)
ENV="GREETING=hi WITH_EQUALS=a=b"
run args "$T/p2_args_env.component.wasm" one "two words" --not-an-option ""
expect "arguments after the component, options included, go to the guest; no environment by default" args 0 \
"argc=5
argv0 set: yes
argv[1]=one
argv[2]=two words
argv[3]=--not-an-option
argv[4]=
env count=0
GREETING=(unset)
EMPTY=(unset)
WITH_EQUALS=(unset)
MISSING=(unset)"
run env --env GREETING=hi --env EMPTY= --env WITH_EQUALS=a=b --env GREETING=hi "$T/p2_args_env.component.wasm"
expect "--env sets variables (values may be empty or hold '='; repeats replace)" env 0 \
"argc=1
argv0 set: yes
env count=3
GREETING=hi
EMPTY=
WITH_EQUALS=a=b
MISSING=(unset)"
(env -i PATH="$PATH" $ENV "$TOOL" --inherit-env "$T/p2_args_env.component.wasm" x y) \
    >"$T/p2_args_env.out" 2>"$T/p2_args_env.err"
rc=$?
expect "--inherit-env passes the host environment" p2_args_env 0
oracle "args and inherited environment" p2_args_env x y

printf 'hello, world\nsecond line\n' >"$T/small.in"
IN=$T/small.in run stdio "$T/p2_stdio.component.wasm"
expect "stdin to stdout through a pipe" stdio 0 "HELLO, WORLD
SECOND LINE"
contains "stderr is its own stream" "$T/stdio.err" "copied 25 bytes"
awk 'BEGIN { for (i = 0; i < 20000; i++) printf "line %d of the big input\n", i }' >"$T/big.in"
IN=$T/big.in run p2_stdio "$T/p2_stdio.component.wasm"
expect "a large stdin (over 500 KB) goes through in pieces" p2_stdio 0
if tr 'a-z' 'A-Z' <"$T/big.in" | cmp -s - "$T/p2_stdio.out"; then
    pass "a large stdin comes out whole and in order"
else
    fail "a large stdin comes out whole and in order"
fi
IN=$T/big.in oracle "large stdin" p2_stdio
cat "$T/big.in" | "$TOOL" "$T/p2_stdio.component.wasm" 2>"$T/pipe.err" | head -c 100 >/dev/null
rc=$?
[ -s "$T/pipe.err" ] && grep -q "trap" "$T/pipe.err" && fail "a reader that goes away: no trap" "$T/pipe.err" \
    || pass "a reader that goes away is a write error for the guest, not a crash"

for a in "exit 0" "exit 3" "return 0" "return 5" "print"; do
    # shellcheck disable=SC2086
    run p2_exit "$T/p2_exit.component.wasm" $a
    case $a in
        "exit 0"|"return 0") want=0 ;;
        print) want=0 ;;
        *) want=1 ;; # the preview1 adapter turns every non-zero status into exit(err)
    esac
    expect "exit path '$a': status $want" p2_exit $want
    # shellcheck disable=SC2086
    oracle "exit path '$a'" p2_exit $a
done
[ "$(cat "$T/p2_exit.out")" = "before exit" ] && pass "exit flushes buffered stdout" \
    || fail "exit flushes buffered stdout: got '$(cat "$T/p2_exit.out")'"
run p2_exit "$T/p2_exit.component.wasm" trap
expect "a trap in C code is status 1" p2_exit 1 ""
contains "the trap is reported" "$T/p2_exit.err" "trap: unreachable"
oracle "trap" p2_exit trap

run p2_clocks "$T/p2_clocks.component.wasm"
expect "clocks: monotonic, sleeping, wall clock, resolutions" p2_clocks 0 \
"monotonic clock never goes back: ok
nanosleep 30 ms waits at least 30 ms: ok
poll timeout 20 ms waits at least 20 ms: ok
wall clock after 2020: ok
time() agrees with the wall clock: ok
wall clock nanoseconds below one second: ok
monotonic resolution positive: ok
realtime resolution positive: ok"
oracle "clocks" p2_clocks

run p2_random "$T/p2_random.component.wasm"
expect "random bytes and numbers" p2_random 0 \
"getentropy succeeds: ok
random bytes are not all zero: ok
two draws differ: ok
low bits take every value: ok
arc4random varies: ok"
oracle "random" p2_random

finish
