#!/bin/sh
# End-to-end checks of trap reports with wasm backtraces in wasi-run (a core
# module under --invoke, a command component, a component under --invoke,
# an uncaught wasm exception, a deep recursion cut to its innermost frames)
# and of exception handling under --wast (--exceptions for core modules; an
# exception escaping a component's lifted function traps). Ends with
# "N passed, N failed".

BUILD=${BUILD:-build}
TOOL=$BUILD/bin/wasi-run

passed=0 failed=0
pass() { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; [ -n "${2:-}" ] && sed 's/^/     /' "$2" | head -n 20; }

finish() {
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit
}

T=$(mktemp -d "${TMPDIR:-/tmp}/wasi-run-backtrace.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT INT TERM

if [ ! -x "$TOOL" ]; then
    fail "$TOOL is built (run make)"
    finish
fi

# run NAME ARGS...: runs the tool, keeping stdout, stderr and the exit code.
run() {
    _name=$1; shift
    "$TOOL" "$@" >"$T/$_name.out" 2>"$T/$_name.err"
    rc=$?
}

# frames WHAT NAME LINE...: exit code 1 and stderr's backtrace lines, in
# order, start with the given texts (after their indentation).
frames() {
    _what=$1 _name=$2; shift 2
    if [ "$rc" -ne 1 ]; then
        fail "$_what: exit $rc, expected 1" "$T/$_name.err"
        return
    fi
    sed -n '/^wasm backtrace:$/,$p' "$T/$_name.err" | sed '1d; s/^ *//' >"$T/$_name.bt"
    _i=0
    for _want in "$@"; do
        _i=$((_i + 1))
        case "$(sed -n "${_i}p" "$T/$_name.bt")" in
        "$_want"*) ;;
        *) fail "$_what: backtrace line $_i does not start with '$_want'" "$T/$_name.err"
           return ;;
        esac
    done
    pass "$_what"
}

# contains WHAT FILE FIXED-STRING
contains() {
    if grep -qF -- "$3" "$2"; then pass "$1"; else fail "$1: no '$3' in $(basename "$2")" "$2"; fi
}

cat >"$T/core.wat" <<'WAT'
(module
  (func $leaf (param i32) (result i32) (i32.div_u (i32.const 1) (local.get 0)))
  (func $branch (param i32) (result i32) (call $leaf (local.get 0)))
  (func (export "root") (param i32) (result i32) (call $branch (local.get 0)))
  (func $down (export "down") (param i32) (result i32)
    (if (result i32) (local.get 0)
      (then (call $down (i32.sub (local.get 0) (i32.const 1))))
      (else (unreachable))))
  (tag $oops (param i32))
  (func $thrower (param i32) (throw $oops (local.get 0)))
  (func (export "throws") (param i32) (call $thrower (local.get 0)))
)
WAT

run div --invoke root 0 "$T/core.wat"
frames "--invoke: a trap names every frame" div \
    "0: leaf (function 0) at offset" "1: branch (function 1) at offset" \
    "2: root (function 2) at offset"
contains "--invoke: the trap's message" "$T/div.err" "error: trap: integer divide by zero"

run deep --invoke down 40 "$T/core.wat"
frames "--invoke: deep recursion keeps the innermost frames" deep \
    "0: down (function 3) at offset" "1: down (function 3) at offset"
contains "--invoke: and says how many were left out" "$T/deep.err" "... 25 more frames"

run exn --invoke throws 7 "$T/core.wat"
frames "--invoke: an uncaught exception has a backtrace" exn \
    "0: thrower (function 4) at offset" "1: throws (function 5) at offset"
contains "--invoke: uncaught exception message" "$T/exn.err" "error: trap: uncaught exception"

cat >"$T/cmd.wat" <<'WAT'
(component
  (core module $m
    (func $leaf (result i32) unreachable)
    (func $middle (result i32) (call $leaf))
    (func (export "run") (result i32) (call $middle)))
  (core instance $i (instantiate $m))
  (func $run (result (result)) (canon lift (core func $i "run")))
  (instance $inst (export "run" (func $run)))
  (export "wasi:cli/run@0.2.0" (instance $inst))
)
WAT

run cmd "$T/cmd.wat"
frames "component: a trap in wasi:cli/run has a backtrace" cmd \
    "0: leaf (function 0) at offset" "1: middle (function 1) at offset" \
    "2: run (function 2) at offset"
contains "component: the trap's message" "$T/cmd.err" "trap: unreachable"

run cinv --invoke 'wasi:cli/run@0.2.0#run()' "$T/cmd.wat"
frames "component --invoke: a trap has a backtrace" cinv \
    "0: leaf (function 0) at offset" "1: middle (function 1) at offset"

cat >"$T/exn.wast" <<'WAST'
(module
  (tag $e (param i32))
  (func $throw (param i32) (throw $e (local.get 0)))
  (func (export "catch") (param i32) (result i32)
    (block $h (result i32)
      (try_table (catch $e $h) (call $throw (local.get 0)))
      (i32.const -1)))
  (func (export "escape") (param i32) (call $throw (local.get 0)))
  (func (export "null") (throw_ref (ref.null exn)))
)
(assert_return (invoke "catch" (i32.const 5)) (i32.const 5))
(assert_exception (invoke "escape" (i32.const 1)))
(assert_trap (invoke "null") "null exception reference")
WAST

run wast --exceptions --wast "$T/exn.wast"
if [ "$rc" -eq 0 ] && [ "$(tail -n 1 "$T/wast.out")" = "3 passed, 0 failed" ]; then
    pass "--wast --exceptions: throw, catch, assert_exception"
else
    fail "--wast --exceptions: exit $rc, $(tail -n 1 "$T/wast.out")" "$T/wast.out"
fi
cat >"$T/cexn.wast" <<'WAST'
(component
  (core module $m
    (tag $e (param i32))
    (func (export "f") (param i32) (result i32) (throw $e (local.get 0))))
  (core instance $i (instantiate $m))
  (func (export "f") (param "x" u32) (result u32) (canon lift (core func $i "f")))
)
(assert_trap (invoke "f" (u32.const 1)) "uncaught exception")
WAST

run cexn --wast "$T/cexn.wast"
if [ "$rc" -eq 0 ] && [ "$(tail -n 1 "$T/cexn.out")" = "1 passed, 0 failed" ]; then
    pass "--wast: an exception escaping a lifted function traps"
else
    fail "--wast: exception out of a lifted function: exit $rc" "$T/cexn.out"
fi

run wast2 --wast "$T/exn.wast"
contains "--wast without --exceptions: wasm 2.0 refuses tags" "$T/wast2.out" "tags require the exceptions feature"

finish
