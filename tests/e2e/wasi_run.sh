#!/bin/sh
# End-to-end tests of wasi-run: --invoke on small modules (text and binary),
# traps, argument parsing and error exits; --wast on a script with every
# command and assertion kind, a script whose checks fail, an unreadable
# script and a component (skipped). Ends with "N passed, N failed".

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

T=$(mktemp -d "${TMPDIR:-/tmp}/wasi-run-e2e.XXXXXX") || exit 1
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

# expect WHAT NAME CODE [STDOUT]: exit code, and stdout exactly (when given).
expect() {
    if [ "$rc" -ne "$3" ]; then
        fail "$1: exit $rc, expected $3" "$T/$2.err"
        return
    fi
    if [ $# -ge 4 ] && [ "$(cat "$T/$2.out")" != "$4" ]; then
        fail "$1: output '$(tr '\n' '|' <"$T/$2.out")', expected '$(printf '%s' "$4" | tr '\n' '|')'" "$T/$2.err"
        return
    fi
    pass "$1"
}

# contains WHAT FILE FIXED-STRING
contains() {
    if grep -qF -- "$3" "$2"; then pass "$1"; else fail "$1: no '$3' in $(basename "$2")" "$2"; fi
}

# ---- --invoke ----------------------------------------------------------------

cat >"$T/m.wat" <<'WAT'
(module
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "add64") (param i64 i64) (result i64) (i64.add (local.get 0) (local.get 1)))
  (func (export "scale") (param f32 f64) (result f32 f64)
    (f32.mul (local.get 0) (f32.const 2)) (f64.mul (local.get 1) (f64.const 3)))
  (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  (func (export "nothing"))
  (func (export "nan") (result f32) (f32.const -nan:0x200000))
  (func (export "lanes") (result v128) (v128.const i32x4 1 2 3 -1))
  (func (export "takes-ref") (param externref))
  (func $deep (export "deep") (call $deep))
  (func (export "spin") (loop (br 0))))
WAT

run add --invoke add 2 3 "$T/m.wat"
expect "--invoke add 2 3 prints 5" add 0 5
run neg --invoke add -1 0xffffffff "$T/m.wat"
expect "--invoke: negative and hex i32 arguments, signed result" neg 0 -2
run i64 --invoke add64 -9223372036854775808 -1 "$T/m.wat"
expect "--invoke: i64 arguments wrap" i64 0 9223372036854775807
run multi --invoke scale 1.5 0.1 "$T/m.wat"
expect "--invoke: two float results, one per line, shortest decimal" multi 0 "3
0.30000000000000004"
run special --invoke scale -inf nan:0x1 "$T/m.wat"
expect "--invoke: inf and nan:0xPAYLOAD arguments" special 0 "-inf
nan:0x8000000000001"
run nothing --invoke nothing "$T/m.wat"
expect "--invoke: no results, no output" nothing 0 ""
run nan --invoke nan "$T/m.wat"
expect "--invoke: NaN result with its sign and payload" nan 0 "-nan:0x200000"
run lanes --invoke lanes "$T/m.wat"
expect "--invoke: v128 result as i32x4 lanes" lanes 0 "i32x4 0x00000001 0x00000002 0x00000003 0xffffffff"

run trap --invoke div 1 0 "$T/m.wat"
expect "--invoke: a trap exits 1" trap 1 ""
contains "--invoke: trap message" "$T/trap.err" "error: trap: integer divide by zero"
contains "--invoke: trap location in the text" "$T/trap.err" "in function 3 (div) at $T/m.wat:6:54"
run deep --invoke deep "$T/m.wat"
expect "--invoke: unbounded recursion is a trap, not a crash" deep 1
contains "--invoke: call stack exhausted" "$T/deep.err" "error: trap: call stack exhausted"
run spin --fuel 10000 --invoke spin "$T/m.wat"
expect "--invoke --fuel stops an endless loop" spin 1
contains "--invoke --fuel: out of fuel trap" "$T/spin.err" "error: trap: all fuel consumed"

# A binary module written byte by byte: "answer" returns 42.
printf '\000asm\001\000\000\000\001\005\001\140\000\001\177\003\002\001\000\007\012\001\006answer\000\000\012\006\001\004\000\101\052\013' >"$T/answer.wasm"
run answer --invoke answer "$T/answer.wasm"
expect "--invoke on a binary module" answer 0 42

run badarg --invoke add x 1 "$T/m.wat"
expect "--invoke: a non-number argument is a usage error" badarg 2
contains "--invoke: names the bad argument" "$T/badarg.err" "argument 1 of \"add\": expected an i32"
run range --invoke add 4294967296 0 "$T/m.wat"
expect "--invoke: i32 out of range is a usage error" range 2
run count --invoke add 1 "$T/m.wat"
expect "--invoke: wrong argument count is a usage error" count 2
contains "--invoke: says the parameter types" "$T/count.err" "\"add\" takes 2 arguments (i32 i32), got 1"
run refarg --invoke takes-ref 0 "$T/m.wat"
expect "--invoke: reference parameters are refused" refarg 2
run noexport --invoke missing "$T/m.wat"
expect "--invoke: a missing export exits 1" noexport 1
contains "--invoke: names the missing export" "$T/noexport.err" "no exported function \"missing\""

printf '(module (func (export "f") (result i32) (i64.const 1)))\n' >"$T/invalid.wat"
run invalid --invoke f "$T/invalid.wat"
expect "--invoke: an invalid module exits 1" invalid 1
contains "--invoke: invalid module reported at its line" "$T/invalid.err" "$T/invalid.wat:1:"
printf '(module (func (export "f") (result i32)\n' >"$T/unparsable.wat"
run unparsable --invoke f "$T/unparsable.wat"
expect "--invoke: text that does not parse exits 1" unparsable 1
printf '\000asm\001\000\000\000\001\377' >"$T/truncated.wasm"
run truncated --invoke f "$T/truncated.wasm"
expect "--invoke: a malformed binary exits 1" truncated 1
if grep -qE "^$T/truncated.wasm:[0-9]+: error: " "$T/truncated.err"; then
    pass "--invoke: binary errors as FILE:OFFSET: error: ..."
else
    fail "--invoke: binary errors as FILE:OFFSET: error: ..." "$T/truncated.err"
fi
printf '(module (import "env" "f" (func)) (func (export "g")))\n' >"$T/imports.wat"
run imports --invoke g "$T/imports.wat"
expect "--invoke: a module with imports exits 1" imports 1
contains "--invoke: names the import" "$T/imports.err" "imports \"env\" \"f\""
run nofile --invoke f "$T/does-not-exist.wasm"
expect "--invoke: a missing file is an I/O error" nofile 2

# ---- --invoke on components (WAVE values) -----------------------------------------

cat >"$T/c.wat" <<'WAT'
(component
  (core module $M
    (memory (export "mem") 1)
    (global $bump (mut i32) (i32.const 1024))
    (func (export "realloc") (param i32 i32 i32 i32) (result i32)
      (local $p i32)
      (local.set $p (global.get $bump))
      (global.set $bump (i32.add (global.get $bump) (local.get 3)))
      (local.get $p))
    (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
    (func (export "echo") (param i32 i32) (result i32)
      (i32.store (i32.const 0) (local.get 0)) (i32.store (i32.const 4) (local.get 1))
      (i32.const 0))
    (func (export "id-rec") (param i32 i32 i32) (result i32)
      (i32.store (i32.const 16) (local.get 0)) (i32.store (i32.const 20) (local.get 1))
      (i32.store (i32.const 24) (local.get 2)) (i32.const 16))
    (func (export "id-opt") (param i32 i32) (result i32)
      (i32.store8 (i32.const 32) (local.get 0)) (i32.store (i32.const 36) (local.get 1))
      (i32.const 32))
    (func (export "id-i32") (param i32) (result i32) (local.get 0))
    (func (export "id-var") (param i32 f32) (result i32)
      (i32.store8 (i32.const 40) (local.get 0)) (f32.store (i32.const 44) (local.get 1))
      (i32.const 40))
    (func (export "div") (param i32 i32) (result i32) (i32.div_u (local.get 0) (local.get 1))))
  (core instance $m (instantiate $M))
  (type $rec (record (field "a" u32) (field "b" string)))
  (export $r "rec" (type $rec))
  (type $perm (flags "read" "write" "exec"))
  (export $p "perm" (type $perm))
  (type $dir (enum "north" "south" "none"))
  (export $d "dir" (type $dir))
  (type $shape (variant (case "circle" f32) (case "dot")))
  (export $s "shape" (type $shape))
  (func (export "add") (param "a" u32) (param "b" u32) (result u32) (canon lift (core func $m "add")))
  (func (export "echo") (param "s" string) (result string)
    (canon lift (core func $m "echo") (memory $m "mem") (realloc (func $m "realloc"))))
  (func (export "id-rec") (param "r" $r) (result $r)
    (canon lift (core func $m "id-rec") (memory $m "mem") (realloc (func $m "realloc"))))
  (func (export "id-opt") (param "o" (option u32)) (result (option u32))
    (canon lift (core func $m "id-opt") (memory $m "mem")))
  (func (export "id-flags") (param "f" $p) (result $p) (canon lift (core func $m "id-i32")))
  (func (export "id-enum") (param "d" $d) (result $d) (canon lift (core func $m "id-i32")))
  (func (export "id-char") (param "c" char) (result char) (canon lift (core func $m "id-i32")))
  (func (export "id-s8") (param "x" s8) (result s8) (canon lift (core func $m "id-i32")))
  (func (export "id-shape") (param "s" $s) (result $s)
    (canon lift (core func $m "id-var") (memory $m "mem")))
  (func (export "div") (param "a" u32) (param "b" u32) (result u32) (canon lift (core func $m "div")))
  (component $Inner
    (core module $N (func (export "run") (result i32) (i32.const 0)))
    (core instance $n (instantiate $N))
    (func (export "run") (result (result)) (canon lift (core func $n "run"))))
  (instance $i (instantiate $Inner))
  (export "wasi:cli/run@0.2.0" (instance $i)))
WAT

run cadd --invoke 'add(1, 2)' "$T/c.wat"
expect "--invoke component: add(1, 2)" cadd 0 3
run cecho --invoke 'echo("hi \u{2603}\t\"")' "$T/c.wat"
expect "--invoke component: strings with escapes, printed in WAVE" cecho 0 '"hi ☃\t\""'
run crec --invoke 'id-rec({b: "x", a: 7})' "$T/c.wat"
expect "--invoke component: records in any field order" crec 0 '{a: 7, b: "x"}'
run csome --invoke 'id-opt(some(5))' "$T/c.wat"
expect "--invoke component: some(5)" csome 0 'some(5)'
run cflat --invoke 'id-opt(9)' "$T/c.wat"
expect "--invoke component: a flat option payload" cflat 0 'some(9)'
run cnone --invoke 'id-opt(none)' "$T/c.wat"
expect "--invoke component: none" cnone 0 'none'
run cflags --invoke 'id-flags({exec, read})' "$T/c.wat"
expect "--invoke component: flags printed in type order" cflags 0 '{read, exec}'
run cenum --invoke 'id-enum(%none)' "$T/c.wat"
expect "--invoke component: an enum case named like a keyword" cenum 0 '%none'
run cchar --invoke "id-char('\\'')" "$T/c.wat"
expect "--invoke component: char escapes" cchar 0 "'\\''"
run cs8 --invoke 'id-s8(-128)' "$T/c.wat"
expect "--invoke component: signed integers" cs8 0 '-128'
run cvar --invoke 'id-shape(circle(1.5))' "$T/c.wat"
expect "--invoke component: a variant case with a float payload" cvar 0 'circle(1.5)'
run cdot --invoke 'id-shape(dot)' "$T/c.wat"
expect "--invoke component: a variant case without payload" cdot 0 'dot'
run crun --invoke 'wasi:cli/run@0.2.0#run()' "$T/c.wat"
expect "--invoke component: a function of an exported interface (#)" crun 0 ok
run crundot --invoke 'wasi:cli/run@0.2.0.run' "$T/c.wat"
expect "--invoke component: iface.func, a bare name without ()" crundot 0 ok

run ctrap --invoke 'div(1, 0)' "$T/c.wat"
expect "--invoke component: a trap exits 1" ctrap 1 ""
contains "--invoke component: trap message" "$T/ctrap.err" "error: trap: integer divide by zero"
run ccount --invoke 'add(1)' "$T/c.wat"
expect "--invoke component: wrong argument count is a usage error" ccount 2
contains "--invoke component: names the parameters" "$T/ccount.err" "add takes 2 arguments: a, b"
run crange --invoke 'add(1, -2)' "$T/c.wat"
expect "--invoke component: an out-of-range argument is a usage error" crange 2
contains "--invoke component: says which argument and why" "$T/crange.err" \
    "argument 2 (b): expected a u32 in 0..4294967295, got -2"
contains "--invoke component: a caret under the argument" "$T/crange.err" "         ^"
run csyntax --invoke 'add(1 2)' "$T/c.wat"
expect "--invoke component: WAVE syntax errors are usage errors" csyntax 2
contains "--invoke component: says what was expected" "$T/csyntax.err" "expected ',' or ')'"
run ctype --invoke 'id-rec({a: 1})' "$T/c.wat"
expect "--invoke component: a missing record field" ctype 2
contains "--invoke component: names the field" "$T/ctype.err" "expected field b in the record"
run cmissing --invoke 'nope()' "$T/c.wat"
expect "--invoke component: a missing export exits 1" cmissing 1
contains "--invoke component: lists what can be invoked" "$T/cmissing.err" \
    "wasi:cli/run@0.2.0#run add echo"
run cargs --invoke add 1 2 "$T/c.wat"
expect "--invoke component: arguments outside the call are a usage error" cargs 2
contains "--invoke component: shows the call form" "$T/cargs.err" "--invoke 'add(1, ...)'"
printf '(component (import "host" (func)))\n' >"$T/cimport.wat"
run cimport --invoke 'f()' "$T/cimport.wat"
expect "--invoke component: a component with imports exits 1" cimport 1
contains "--invoke component: names the import nobody provides" "$T/cimport.err" \
    'unknown import `host` (--invoke provides the WASI 0.2 and 0.3 interfaces only)'

# ---- usage ---------------------------------------------------------------------

run help --help
expect "--help exits 0" help 0
contains "--help shows both forms" "$T/help.out" "--invoke NAME [ARGS...] MODULE"
run version --version
expect "--version" version 0 "wasi-run 0.1.0"
run noargs
expect "no arguments is a usage error" noargs 2
run unknown --frobnicate
expect "an unknown option is a usage error" unknown 2
run nowast --wast
expect "--wast without files is a usage error" nowast 2
run noinvoke --invoke add
expect "--invoke without MODULE is a usage error" noinvoke 2
run badfuel --fuel lots --invoke add 1 2 "$T/m.wat"
expect "--fuel needs a number" badfuel 2

# ---- --wast ----------------------------------------------------------------------

cat >"$T/good.wast" <<'WAST'
;; Every command and assertion kind the runner judges.
(module $lib
  (global (export "g") i32 (i32.const 7))
  (global (export "gm") (mut i64) (i64.const -1))
  (func (export "inc") (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
  (memory (export "mem") 1))
(register "lib" $lib)
(module $user
  (import "lib" "inc" (func $inc (param i32) (result i32)))
  (import "spectest" "print_i32" (func $print (param i32)))
  (import "spectest" "global_i32" (global $sg i32))
  (import "spectest" "global_f64" (global $sf f64))
  (import "spectest" "memory" (memory 1 2))
  (import "spectest" "table" (table 10 20 funcref))
  (elem (i32.const 0) $twice)
  (func $twice (export "twice") (param i32) (result i32)
    (call $inc (call $inc (local.get 0))))
  (func (export "show") (param i32) (call $print (local.get 0)))
  (func (export "spectest-global") (result i32) (global.get $sg))
  (func (export "spectest-f64") (result f64) (global.get $sf))
  (func (export "swap") (param f64 f32) (result f32 f64) (local.get 1) (local.get 0))
  (func (export "div") (param i32 i32) (result i32) (i32.div_u (local.get 0) (local.get 1)))
  (func (export "nan") (result f64) (f64.div (f64.const 0) (f64.const 0)))
  (func (export "lanes") (result v128)
    (f32x4.div (v128.const f32x4 0 1 2 3) (v128.const f32x4 0 1 1 1)))
  (func (export "ints") (result v128) (v128.const i16x8 1 2 3 4 5 6 7 -1))
  (func (export "id-extern") (param externref) (result externref) (local.get 0))
  (func (export "null-func") (result funcref) (ref.null func))
  (func (export "a-func") (result funcref) (ref.func $twice))
  (func $deep (export "deep") (call $deep))
  (func (export "call-slot") (param i32) (result i32)
    (call_indirect (param i32) (result i32) (i32.const 5) (local.get 0))))
(invoke "show" (i32.const 42))
(assert_return (invoke "twice" (i32.const 40)) (i32.const 42))
(assert_return (invoke $lib "inc" (i32.const -1)) (i32.const 0))
(assert_return (get $lib "g") (i32.const 7))
(assert_return (get $lib "gm") (i64.const -1))
(assert_return (invoke "spectest-global") (i32.const 666))
(assert_return (invoke "spectest-f64") (f64.const 666.6))
(assert_return (invoke "swap" (f64.const 2.5) (f32.const -0.5)) (f32.const -0.5) (f64.const 2.5))
(assert_return (invoke "nan") (f64.const nan:canonical))
(assert_return (invoke "nan") (f64.const nan:arithmetic))
(assert_return (invoke "lanes") (v128.const f32x4 nan:canonical 1 2 3))
(assert_return (invoke "ints") (v128.const i16x8 1 2 3 4 5 6 7 65535))
(assert_return (invoke "ints") (either (v128.const i64x2 0 0) (v128.const i16x8 1 2 3 4 5 6 7 -1)))
(assert_return (invoke "id-extern" (ref.extern 3)) (ref.extern 3))
(assert_return (invoke "id-extern" (ref.extern 0)) (ref.extern))
(assert_return (invoke "id-extern" (ref.null extern)) (ref.null extern))
(assert_return (invoke "null-func") (ref.null func))
(assert_return (invoke "a-func") (ref.func))
(assert_trap (invoke "div" (i32.const 1) (i32.const 0)) "integer divide by zero")
(assert_trap (invoke "call-slot" (i32.const 1)) "uninitialized element")
(assert_trap (invoke "call-slot" (i32.const 10)) "undefined element")
(assert_exhaustion (invoke "deep") "call stack exhausted")
(assert_invalid (module (func (result i32) (i64.const 0))) "type mismatch")
(assert_malformed (module quote "(func (i32.const))") "unexpected token")
(assert_malformed (module binary "\00asm\02\00\00\00") "unknown binary version")
(assert_unlinkable (module (import "spectest" "nope" (func))) "unknown import")
(assert_unlinkable (module (import "lib" "inc" (func (param i64)))) "incompatible import type")
(assert_trap (module (func $boom unreachable) (start $boom)) "unreachable")
(assert_uninstantiable (module (memory 1) (data (i32.const 65536) "x")) "out of bounds memory access")
(module definition $def (func (export "seven") (result i32) (i32.const 7)))
(module instance $one $def)
(module instance $two $def)
(assert_return (invoke $one "seven") (i32.const 7))
(assert_return (invoke $two "seven") (i32.const 7))
WAST
run good --wast "$T/good.wast"
expect "--wast: every assertion kind passes" good 0 "$T/good.wast: 30 passed, 0 failed
30 passed, 0 failed"
run goodv -v --wast "$T/good.wast"
contains "--wast -v: spectest print_i32 output" "$T/goodv.out" "42 : i32"

cat >"$T/bad.wast" <<'WAST'
(module
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  (func (export "f") (result f32) (f32.const 1.5))
  (func (export "lanes") (result v128) (v128.const f32x4 1 2 3 4))
  (func (export "spin") (loop (br 0))))
(assert_return (invoke "add" (i32.const 1) (i32.const 2)) (i32.const 4))
(assert_return (invoke "div" (i32.const 1) (i32.const 0)) (i32.const 4))
(assert_trap (invoke "add" (i32.const 1) (i32.const 0)) "integer divide by zero")
(assert_trap (invoke "div" (i32.const 1) (i32.const 0)) "integer overflow")
(assert_return (invoke "f") (f32.const 1.25))
(assert_return (invoke "f") (f32.const nan:arithmetic))
(assert_return (invoke "lanes") (v128.const f32x4 1 2 nan:canonical 4))
(assert_exhaustion (invoke "div" (i32.const 1) (i32.const 0)) "call stack exhausted")
(assert_invalid (module (func (result i32) (i32.const 0))) "type mismatch")
(assert_malformed (module quote "(func (result i32) (i32.const 0))") "unexpected token")
(assert_unlinkable (module (import "spectest" "print_i32" (func))) "unknown import")
(assert_trap (module (func (export "ok"))) "unreachable")
(invoke "spin")
(assert_return (invoke "missing") (i32.const 0))
(module (func (result i32) (i64.const 0)))
(assert_return (invoke "add" (i32.const 1) (i32.const 2)) (i32.const 3))
WAST
run bad --fuel 100000 --wast "$T/bad.wast"
expect "--wast: failed checks exit 1" bad 1
contains "--wast: counts the failures" "$T/bad.out" "$T/bad.wast: 0 passed, 16 failed"
for line in 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22; do
    if ! grep -q "^$T/bad.wast:$line: FAIL: " "$T/bad.out"; then
        fail "--wast: FILE:LINE: FAIL: for line $line" "$T/bad.out"
        line=
        break
    fi
done
[ -n "$line" ] && pass "--wast: one FILE:LINE: FAIL: line per failed check"
contains "--wast: a wrong result names both values" "$T/bad.out" \
    "result 0: expected (i32.const 4 (0x00000004)), got (i32.const 3 (0x00000003))"
contains "--wast: a wrong trap names both messages" "$T/bad.out" \
    "expected trap \"integer overflow\", got trap \"integer divide by zero\""
contains "--wast: a lane pattern is shown" "$T/bad.out" "nan:canonical"
contains "--wast: fuel stops a runaway action" "$T/bad.out" "trapped (all fuel consumed)"

printf '(module (func))\n(assert_return (invoke "f")\n' >"$T/unreadable.wast"
run unreadable --wast "$T/unreadable.wast" "$T/good.wast"
expect "--wast: an unreadable script fails the run" unreadable 1
contains "--wast: unreadable script counted as one failure" "$T/unreadable.out" \
    "$T/unreadable.wast: 0 passed, 1 failed"
contains "--wast: unreadable script reported at its line" "$T/unreadable.err" "$T/unreadable.wast:"
contains "--wast: later scripts still run, total summed" "$T/unreadable.out" "30 passed, 1 failed"

# ---- --wast on components --------------------------------------------------------

cat >"$T/comp.wast" <<'WAST'
;; Component definitions, instances, register, component values, traps.
(component definition $D
  (core module $M
    (memory (export "mem") 1)
    (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
    (func (export "div") (param i32 i32) (result i32) (i32.div_u (local.get 0) (local.get 1)))
    (func (export "str") (result i32)
      (i32.store (i32.const 0) (i32.const 8)) (i32.store (i32.const 4) (i32.const 2))
      (i32.store16 (i32.const 8) (i32.const 0x6968)) (i32.const 0))
    (func (export "bad-str") (result i32)
      (i32.store (i32.const 0) (i32.const 0xfffffff0)) (i32.store (i32.const 4) (i32.const 64))
      (i32.const 0))
    (func (export "opt") (param i32 i32) (result i32)
      (i32.store8 (i32.const 16) (local.get 0)) (i32.store (i32.const 20) (local.get 1))
      (i32.const 16))
    (func (export "flags") (param i32) (result i32) (local.get 0))
    (func (export "pair") (result i32)
      (i32.store (i32.const 24) (i32.const 7)) (i32.store8 (i32.const 28) (i32.const 1))
      (i32.const 24)))
  (core instance $m (instantiate $M))
  (type $perm (flags "read" "write"))
  (export $p "perm" (type $perm))
  (type $rec (record (field "n" u32) (field "yes" bool)))
  (export $r "rec" (type $rec))
  (func (export "add") (param "a" u32) (param "b" u32) (result u32) (canon lift (core func $m "add")))
  (func (export "div") (param "a" u32) (param "b" u32) (result u32) (canon lift (core func $m "div")))
  (func (export "str") (result string) (canon lift (core func $m "str") (memory $m "mem")))
  (func (export "bad-str") (result string) (canon lift (core func $m "bad-str") (memory $m "mem")))
  (func (export "opt") (param "o" (option u32)) (result (option u32))
    (canon lift (core func $m "opt") (memory $m "mem")))
  (func (export "flags") (param "f" $p) (result $p) (canon lift (core func $m "flags")))
  (func (export "pair") (result $r) (canon lift (core func $m "pair") (memory $m "mem"))))
(component instance $one $D)
(component instance $two $D)
(register "two" $two)
(component instance $three $D)
(assert_return (invoke $one "add" (u32.const 40) (u32.const 2)) (u32.const 42))
(assert_return (invoke "add" (u32.const 4294967295) (u32.const 1)) (u32.const 0))
(assert_return (invoke "str") (str.const "hi"))
(assert_return (invoke "opt" (option.some (u32.const 5))) (option.some (u32.const 5)))
(assert_return (invoke "opt" (option.none)) (option.none))
(assert_return (invoke "flags" (flags.const "write")) (flags.const "write"))
(assert_return (invoke "pair") (record.const (field "n" (u32.const 7)) (field "yes" (bool.const true))))
(assert_trap (invoke "bad-str") "string pointer/length out of bounds of memory")
(assert_trap (invoke $one "div" (u32.const 1) (u32.const 0)) "integer divide by zero")
(assert_trap (invoke $one "add" (u32.const 1) (u32.const 0)) "cannot enter component instance")
(assert_return (invoke $two "add" (u32.const 1) (u32.const 2)) (u32.const 3))
(assert_invalid (component (core module $M) (core instance (instantiate $M (with "x" (instance 0))))) "")
(assert_malformed (component quote "(core module") "")
(assert_malformed (component binary "\00asm\0d\00\01\01") "")
(assert_unlinkable (component (import "missing" (func))) "")
WAST
run comp --wast "$T/comp.wast"
expect "--wast: component definitions, instances and values" comp 0 "$T/comp.wast: 15 passed, 0 failed
15 passed, 0 failed"

cat >"$T/compbad.wast" <<'WAST'
(component
  (core module $M (func (export "f") (result i32) (i32.const 3)))
  (core instance $m (instantiate $M))
  (func (export "f") (result u32) (canon lift (core func $m "f")))
  (core module $N (func (export "h") (result i32) (i32.const 0xd800)))
  (core instance $n (instantiate $N))
  (func (export "g") (result char) (canon lift (core func $n "h"))))
(assert_return (invoke "f") (u32.const 4))
(assert_return (invoke "f") (s32.const 3))
(assert_return (invoke "f"))
(assert_trap (invoke "f") "unreachable")
(assert_trap (invoke "g") "nope")
(assert_return (invoke "missing"))
(assert_invalid (component) "")
(component (import "missing" (func)))
WAST
run compbad --wast "$T/compbad.wast"
expect "--wast: failed component checks exit 1" compbad 1
contains "--wast: counts failed component checks" "$T/compbad.out" "$T/compbad.wast: 0 passed, 8 failed"
contains "--wast: a wrong component result in WAVE syntax" "$T/compbad.out" \
    ":8: FAIL: assert_return \"f\": expected 4, got 3"
contains "--wast: a component value of the wrong type" "$T/compbad.out" \
    ":9: FAIL: assert_return \"f\": expected a s32 (3), got a u32 (3)"
contains "--wast: a component trap message compared" "$T/compbad.out" \
    "expected trap \"nope\", got trap \"invalid \`char\` bit pattern"
contains "--wast: an unlinkable component is a failed command" "$T/compbad.out" ":15: FAIL: component: instantiation failed"

run missing --wast "$T/missing.wast"
expect "--wast: a missing script fails the run" missing 1

finish
