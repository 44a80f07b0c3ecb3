#!/bin/sh
# End-to-end: wasi-adapt against jco as the oracle.
#
# The C programs tests/e2e/toolchain.sh builds ($BUILD/e2e/*.wasm) are made
# into components twice: by `wasi-adapt new --adapt
# wasi_snapshot_preview1=<jco's command adapter>` and by `jco new
# --wasi-command` (also from toolchain.sh). Both must print the same world
# under `jco wit`, ours must pass `wit-inspect --validate`, and both must
# print the same output and exit with the same status under `jco run`
# (lines with clock readings and random bytes are left out). Bad inputs must
# be refused with the file and the import or export named, without leaving
# an output file. Without clang or node the affected cases are SKIPped.
#
# The bundled preview1 adapter (adapters/preview1) is checked the same way:
# `wasi-adapt p1-to-p2` components must validate and run like jco's under
# `jco run`, and `wasi-run MODULE.wasm` (adapting on the fly) must behave
# like `wasi-run` on jco's component. A reactor written in WAT, with its
# world embedded by tests/tools/embed_world, is adapted with the bundled
# reactor adapter (detected: no `_start`) and its export called from node
# through `jco transpile`; a module importing one name twice is adapted too.
# World functions imported through `$root`, and exported interfaces with
# types and resources of their own (tests/e2e/wasi_adapt/*.wit), are
# compared with `jco new` by `jco wit`, the latter also called from node.
cd "$(dirname "$0")/../.." || exit 2
. tests/e2e/lib/toolchain.sh

# A scratch directory of its own: concurrent runs must not share files.
mkdir -p "$BUILD/e2e"
OUT=$(mktemp -d "$BUILD/e2e/wasi-adapt.XXXXXX") || exit 2
trap 'rm -rf "$OUT"' EXIT INT TERM
ADAPT=$BUILD/bin/wasi-adapt
INSPECT=$BUILD/bin/wit-inspect
RUN=$BUILD/bin/wasi-run
EMBED=$BUILD/tests/tools/embed_world
passed=0 failed=0 skipped=0
pass() { passed=$((passed + 1)); echo "PASS $*"; }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }
skip() { skipped=$((skipped + 1)); echo "SKIP $*"; }
finish() {
    echo
    echo "$passed passed, $failed failed, $skipped skipped"
    [ "$failed" -eq 0 ]
    exit
}

if [ ! -x "$ADAPT" ] || [ ! -x "$INSPECT" ] || [ ! -x "$RUN" ]; then
    fail "$ADAPT, $INSPECT or $RUN is not built"
    finish
fi
mkdir -p "$OUT/ours" "$OUT/jco" "$OUT/bundled" "$OUT/bad"

# ---- refusals that need no toolchain -------------------------------------
printf '\0asm\1\0\0\0\1\4\1\140\0\0\2\13\1\3env\3foo\0\0' >"$OUT/bad/unknown.wasm"
if "$ADAPT" new "$OUT/bad/unknown.wasm" -o "$OUT/bad/unknown.out.wasm" 2>"$OUT/bad/unknown.err"; then
    fail "unknown import accepted"
elif grep -q "unknown.wasm:.*import \`env\` \`foo\`" "$OUT/bad/unknown.err" && [ ! -e "$OUT/bad/unknown.out.wasm" ]; then
    pass "unknown import refused: $(cat "$OUT/bad/unknown.err")"
else
    fail "unknown import: unexpected message or output left: $(cat "$OUT/bad/unknown.err")"
fi
printf '\0asm\1\0\0' >"$OUT/bad/truncated.wasm"
if "$ADAPT" new "$OUT/bad/truncated.wasm" -o "$OUT/bad/t.out.wasm" 2>"$OUT/bad/truncated.err"; then
    fail "truncated module accepted"
elif grep -q "truncated.wasm:[0-9]*: error:" "$OUT/bad/truncated.err" && [ ! -e "$OUT/bad/t.out.wasm" ]; then
    pass "truncated module refused: $(cat "$OUT/bad/truncated.err")"
else
    fail "truncated module: $(cat "$OUT/bad/truncated.err")"
fi
"$ADAPT" new 2>/dev/null; [ $? -eq 2 ] && pass "usage error exits 2" || fail "usage error exit status"
# A command needs `_start`: refused, naming it.
echo '(module (import "wasi_snapshot_preview1" "sched_yield" (func (result i32))) (memory (export "memory") 1))' \
    >"$OUT/bad/nostart.wat"
"$INSPECT" -o "$OUT/bad/nostart.wasm" "$OUT/bad/nostart.wat"
"$ADAPT" p1-to-p2 "$OUT/bad/nostart.wasm" --wasi command -o "$OUT/bad/nostart.out.wasm" 2>"$OUT/bad/nostart.err"
if [ $? -eq 1 ] && grep -q "_start" "$OUT/bad/nostart.err" && [ ! -e "$OUT/bad/nostart.out.wasm" ]; then
    pass "command adapter without _start refused: $(cat "$OUT/bad/nostart.err")"
else
    fail "command adapter without _start: $(cat "$OUT/bad/nostart.err")"
fi
"$ADAPT" p1-to-p2 "$OUT/bad/nostart.wasm" --wasi reactor --adapt x.wasm -o "$OUT/bad/both.wasm" 2>/dev/null
[ $? -eq 2 ] && pass "--wasi with --adapt wasi_snapshot_preview1 is a usage error" || fail "--wasi with --adapt accepted"

# ---- a module importing one name twice (allowed in core wasm, not inside a
# component): the copies share one function ---------------------------------
cat >"$OUT/dup.wat" <<'WAT'
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $w1 (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $w2 (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "one\ntwo\n")
  (func (export "_start")
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 4))
    (drop (call $w1 (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
    (i32.store (i32.const 0) (i32.const 20))
    (drop (call $w2 (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))
WAT
if "$INSPECT" -o "$OUT/dup.wasm" "$OUT/dup.wat" 2>"$OUT/dup.err" &&
        "$ADAPT" p1-to-p2 "$OUT/dup.wasm" -o "$OUT/dup.component.wasm" 2>>"$OUT/dup.err" &&
        "$INSPECT" --validate "$OUT/dup.component.wasm" >>"$OUT/dup.err" 2>&1 &&
        [ "$("$RUN" "$OUT/dup.component.wasm")" = "$(printf 'one\ntwo')" ]; then
    pass "duplicate imports: adapted, valid, both calls print"
else
    fail "duplicate imports: $(head -n 3 "$OUT/dup.err")"
fi

if ! npm_tools_setup; then
    skip "jco comparisons: $TOOLCHAIN_WHY"
    finish
fi

# ---- a reactor: the bundled reactor adapter, and a world merged with the
# adapter's -------------------------------------------------------------------
cat >"$OUT/reactor.wat" <<'WAT'
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "hi from a reactor\n")
  ;; _initialize runs once, when the component is instantiated
  (func (export "_initialize") (i32.store (i32.const 64) (i32.add (i32.load (i32.const 64)) (i32.const 42))))
  (func (export "hello") (result i32)
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 18))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
    (i32.load (i32.const 64))))
WAT
printf 'package test:reactor;\n\nworld r {\n  export hello: func() -> u32;\n}\n' >"$OUT/reactor.wit"
if [ ! -x "$EMBED" ]; then
    skip "reactor: $EMBED is not built"
elif ! "$INSPECT" -o "$OUT/reactor.core.wasm" "$OUT/reactor.wat" 2>"$OUT/reactor.err" ||
        ! "$EMBED" "$OUT/reactor.wit" r r "$OUT/reactor.core.wasm" -o "$OUT/reactor.wasm" 2>>"$OUT/reactor.err" ||
        ! "$ADAPT" new "$OUT/reactor.wasm" -o "$OUT/bundled/reactor.wasm" 2>>"$OUT/reactor.err"; then
    fail "reactor: adapting: $(head -n 3 "$OUT/reactor.err")"
else
    "$INSPECT" --validate "$OUT/bundled/reactor.wasm" >"$OUT/reactor.validate" 2>&1 &&
        pass "reactor: wit-inspect --validate" || fail "reactor: $(head -n 3 "$OUT/reactor.validate")"
    "$JCO" new "$OUT/reactor.wasm" --wasi-reactor -o "$OUT/jco/reactor.wasm" >"$OUT/reactor.jco.log" 2>&1
    "$JCO" wit "$OUT/bundled/reactor.wasm" >"$OUT/reactor.ours.wit" 2>&1
    "$JCO" wit "$OUT/jco/reactor.wasm" >"$OUT/reactor.jco.wit" 2>&1
    if [ "$(grep export "$OUT/reactor.ours.wit")" = "$(grep export "$OUT/reactor.jco.wit")" ] &&
            grep -q 'export hello: func() -> u32;' "$OUT/reactor.ours.wit"; then
        pass "reactor: jco wit exports the same as jco new --wasi-reactor's"
    else
        fail "reactor: exports differ: $(diff "$OUT/reactor.ours.wit" "$OUT/reactor.jco.wit" | head -n 5)"
    fi
    # node resolves jco's WASI shim from build/npm/node_modules.
    T=$NPM_DIR/wasi-adapt-reactor.$$
    rm -rf "$T"
    if "$JCO" transpile "$OUT/bundled/reactor.wasm" -o "$T" --name reactor >"$OUT/reactor.transpile" 2>&1 &&
            (cd "$T" && node --input-type=module -e "const m = await import('./reactor.js'); console.log(m.hello());") \
            >"$OUT/reactor.out" 2>"$OUT/reactor.node.err" &&
            [ "$(cat "$OUT/reactor.out")" = "$(printf 'hi from a reactor\n42')" ]; then
        pass "reactor: _initialize ran once; hello() under node prints and returns 42"
    else
        fail "reactor: under node: $(cat "$OUT/reactor.out" "$OUT/reactor.transpile") $(grep -v Warning "$OUT/reactor.node.err" | head -n 3)"
    fi
    rm -rf "$T"
fi

# ---- world functions imported through `$root` --------------------------------
printf 'package test:root;\n\nworld w {\n  import log: func(msg: string) -> u32;\n  import tick: func();\n  export run: func() -> u32;\n}\n' \
    >"$OUT/root.wit"
cat >"$OUT/root.wat" <<'WAT'
(module
  (import "$root" "log" (func $log (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "hi")
  (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) i32.const 64)
  (func (export "run") (result i32) (call $log (i32.const 0) (i32.const 2))))
WAT
if [ ! -x "$EMBED" ]; then
    skip "\$root imports: $EMBED is not built"
elif "$INSPECT" -o "$OUT/root.core.wasm" "$OUT/root.wat" 2>"$OUT/root.err" &&
        "$EMBED" "$OUT/root.wit" w w "$OUT/root.core.wasm" -o "$OUT/root.wasm" 2>>"$OUT/root.err" &&
        "$ADAPT" new "$OUT/root.wasm" -o "$OUT/ours/root.wasm" 2>>"$OUT/root.err" &&
        "$INSPECT" --validate "$OUT/ours/root.wasm" >>"$OUT/root.err" 2>&1 &&
        "$JCO" new "$OUT/root.wasm" -o "$OUT/jco/root.wasm" >>"$OUT/root.err" 2>&1; then
    "$JCO" wit "$OUT/ours/root.wasm" >"$OUT/root.ours.wit" 2>&1
    "$JCO" wit "$OUT/jco/root.wasm" >"$OUT/root.jco.wit" 2>&1
    if cmp -s "$OUT/root.ours.wit" "$OUT/root.jco.wit"; then
        pass "\$root imports: valid, jco wit is the same (only the used function imported)"
    else
        fail "\$root imports: jco wit differs: $(diff "$OUT/root.ours.wit" "$OUT/root.jco.wit" | head -n 5)"
    fi
else
    fail "\$root imports: $(head -n 3 "$OUT/root.err")"
fi

# ---- exported interfaces with types and resources of their own ------------
# tests/e2e/wasi_adapt/NAME.{wit,wat}: the world's embedded, the module
# adapted, compared with `jco new` by `jco wit`, and the exports called from
# node through `jco transpile` (JS is the call, WANT what it must print).
FIX=tests/e2e/wasi_adapt
fixture() {
    name=$1 want=$2 js=$3
    if [ ! -x "$EMBED" ]; then
        skip "$name: $EMBED is not built"
        return
    fi
    if ! { "$INSPECT" -o "$OUT/$name.core.wasm" "$FIX/$name.wat" &&
            "$EMBED" "$FIX/$name.wit" w w "$OUT/$name.core.wasm" -o "$OUT/$name.wasm" &&
            "$ADAPT" new "$OUT/$name.wasm" -o "$OUT/ours/$name.wasm" &&
            "$INSPECT" --validate "$OUT/ours/$name.wasm" &&
            "$JCO" new "$OUT/$name.wasm" -o "$OUT/jco/$name.wasm"; } >"$OUT/$name.err" 2>&1; then
        fail "$name: $(head -n 3 "$OUT/$name.err")"
        return
    fi
    pass "$name: adapted and valid"
    "$JCO" wit "$OUT/ours/$name.wasm" >"$OUT/$name.ours.wit" 2>&1
    "$JCO" wit "$OUT/jco/$name.wasm" >"$OUT/$name.jco.wit" 2>&1
    if cmp -s "$OUT/$name.ours.wit" "$OUT/$name.jco.wit"; then
        pass "$name: jco wit is the same"
    else
        fail "$name: jco wit differs: $(diff "$OUT/$name.ours.wit" "$OUT/$name.jco.wit" | head -n 5)"
    fi
    T=$NPM_DIR/wasi-adapt-$name.$$
    rm -rf "$T"
    if "$JCO" transpile "$OUT/ours/$name.wasm" -o "$T" --name m >"$OUT/$name.transpile" 2>&1 &&
            (cd "$T" && node --input-type=module -e "const m = await import('./m.js'); console.log(JSON.stringify($js));") \
            >"$OUT/$name.out" 2>"$OUT/$name.node.err" && [ "$(cat "$OUT/$name.out")" = "$want" ]; then
        pass "$name: called from node: $want"
    else
        fail "$name: under node: got '$(cat "$OUT/$name.out")', want $want $(grep -v Warning "$OUT/$name.node.err" | head -n 3)"
    fi
    rm -rf "$T"
}
# records, enums, flags, variants, an alias and lists; a world-level record
fixture exports '[4,[{"x":5,"y":6},{"x":6,"y":5}],13,{"a":2,"b":1}]' \
    "[m.api.sum({x: 1, y: 2}, 'green'), m.api.mk({x: 5, y: 6}),
      m.api.area({tag: 'circle', val: 3}, {read: true, write: false}), m.swap({a: 1, b: 2})]"
# the same exports through our own runtime
if [ -f "$OUT/ours/exports.wasm" ]; then
    got="$("$RUN" --invoke 'test:ex/api#area(circle(3), {read})' "$OUT/ours/exports.wasm" 2>&1) $("$RUN" \
        --invoke 'swap({a: 1, b: 2})' "$OUT/ours/exports.wasm" 2>&1)"
    [ "$got" = "13 {a: 2, b: 1}" ] && pass "exports: wasi-run --invoke through the shim: $got" ||
        fail "exports: wasi-run --invoke printed '$got'"
fi
# a resource: constructor, method, static, borrows, an owned handle
# dropped by the module (its destructor runs once)
fixture resource '[5,12,0,9,1]' \
    "(() => { const a = m.api, c = new a.Counter(5), d = new a.Counter(7);
      return [c.get(), a.total(c, d), a.Counter.zero().get(), a.consume(new a.Counter(9)), a.dropped()]; })()"

# ---- a resource of the world itself, imported through `$root` ---------------
if [ ! -x "$EMBED" ]; then
    skip "root-resource: $EMBED is not built"
elif { "$INSPECT" -o "$OUT/root-resource.core.wasm" "$FIX/root-resource.wat" &&
        "$EMBED" "$FIX/root-resource.wit" w w "$OUT/root-resource.core.wasm" -o "$OUT/root-resource.wasm" &&
        "$ADAPT" new "$OUT/root-resource.wasm" -o "$OUT/ours/root-resource.wasm" &&
        "$INSPECT" --validate "$OUT/ours/root-resource.wasm" &&
        "$JCO" new "$OUT/root-resource.wasm" -o "$OUT/jco/root-resource.wasm"; } >"$OUT/root-resource.err" 2>&1; then
    "$JCO" wit "$OUT/ours/root-resource.wasm" >"$OUT/root-resource.ours.wit" 2>&1
    "$JCO" wit "$OUT/jco/root-resource.wasm" >"$OUT/root-resource.jco.wit" 2>&1
    if cmp -s "$OUT/root-resource.ours.wit" "$OUT/root-resource.jco.wit"; then
        pass "root-resource: valid, jco wit is the same"
    else
        fail "root-resource: jco wit differs: $(diff "$OUT/root-resource.ours.wit" "$OUT/root-resource.jco.wit" | head -n 5)"
    fi
else
    fail "root-resource: $(head -n 3 "$OUT/root-resource.err")"
fi

# ---- a program's own WASI 0.2.3 import and the adapter's 0.2.12 ------------
# Semver-compatible versions are merged into the newest, as wit-component does.
if [ ! -x "$EMBED" ]; then
    skip "semver: $EMBED is not built"
elif { "$INSPECT" -o "$OUT/semver.core.wasm" "$FIX/semver.wat" &&
        "$EMBED" --deps "$FIX/semver-deps" "$FIX/semver.wit" w w "$OUT/semver.core.wasm" -o "$OUT/semver.wasm" &&
        "$ADAPT" p1-to-p2 "$OUT/semver.wasm" -o "$OUT/ours/semver.wasm" &&
        "$INSPECT" --validate "$OUT/ours/semver.wasm"; } >"$OUT/semver.err" 2>&1; then
    "$JCO" wit "$OUT/ours/semver.wasm" >"$OUT/semver.wit" 2>&1
    if grep -q 'import wasi:cli/environment@0.2.12;' "$OUT/semver.wit" && ! grep -q '@0.2.3' "$OUT/semver.wit"; then
        pass "semver: one wasi:cli/environment import, the newest (0.2.12)"
    else
        fail "semver: imports: $(grep environment "$OUT/semver.wit")"
    fi
    got=$("$RUN" "$OUT/ours/semver.wasm" a b 2>&1)
    [ "$got" = "$(printf '3 args\n3 args')" ] && pass "semver: both imports see the arguments" ||
        fail "semver: wasi-run printed '$got'"
else
    fail "semver: $(head -n 3 "$OUT/semver.err")"
fi

# ---- real programs against jco ----------------------------------------------
if ! wasi_cc_check; then
    skip "clang wasm32-wasi programs: $TOOLCHAIN_WHY"
    finish
fi
ADAPTER=$NPM_DIR/node_modules/@bytecodealliance/jco/lib/wasi_snapshot_preview1.command.wasm
if [ ! -f "$ADAPTER" ]; then
    skip "jco's preview1 command adapter is missing ($ADAPTER)"
    finish
fi
# A program is no adapter: refused, naming the adapter and its file.
"$ADAPT" new "$BUILD/e2e/hello.wasm" --adapt "wasi_snapshot_preview1=$BUILD/e2e/hello.wasm" \
    -o "$OUT/bad/self.wasm" 2>"$OUT/bad/self.err"
if [ $? -eq 1 ] && grep -q "^$BUILD/e2e/hello.wasm:[0-9]*: error: adapter \`wasi_snapshot_preview1\`" "$OUT/bad/self.err" \
        && [ ! -e "$OUT/bad/self.wasm" ]; then
    pass "adapter without the needed export refused"
else
    fail "adapter without the needed export: $(cat "$OUT/bad/self.err")"
fi

# Clock readings, random bytes and timings differ from run to run.
stable() { grep -v -e 'clock' -e 'time' -e 'random' -e 'elapsed' "$1"; }

for name in hello hello-oz files sysinfo big big-debug; do
    m=$BUILD/e2e/$name.wasm
    if [ ! -f "$m" ]; then
        skip "$name: $m not built (tests/e2e/toolchain.sh builds it)"
        continue
    fi
    ours=$OUT/ours/$name.wasm theirs=$OUT/jco/$name.wasm
    if ! "$ADAPT" new "$m" --adapt "wasi_snapshot_preview1=$ADAPTER" -o "$ours" 2>"$OUT/$name.err"; then
        fail "wasi-adapt new $name: $(cat "$OUT/$name.err")"
        continue
    fi
    if ! jco_command "$theirs" "$m" >"$OUT/$name.jco.log" 2>&1; then
        fail "jco new $name: $(tail -n 3 "$OUT/$name.jco.log")"
        continue
    fi
    if "$INSPECT" --validate "$ours" >"$OUT/$name.validate" 2>&1; then
        pass "$name: wit-inspect --validate"
    else
        fail "$name: wit-inspect --validate: $(head -n 3 "$OUT/$name.validate")"
    fi
    "$JCO" wit "$ours" >"$OUT/$name.ours.wit" 2>&1
    "$JCO" wit "$theirs" >"$OUT/$name.jco.wit" 2>&1
    if cmp -s "$OUT/$name.ours.wit" "$OUT/$name.jco.wit"; then
        pass "$name: jco wit is the same"
    else
        fail "$name: jco wit differs: $(diff "$OUT/$name.ours.wit" "$OUT/$name.jco.wit" | head -n 5)"
    fi
    # Same file name (argv[0]) for both; files.c works in the current directory.
    for side in ours jco; do
        (cd "$OUT/$side" && timeout 120 "$OLDPWD/$JCO" run "$name.wasm" one two >"../$name.$side.out" 2>&1
         echo "exit $?" >>"../$name.$side.out")
    done
    if [ "$(stable "$OUT/$name.ours.out")" = "$(stable "$OUT/$name.jco.out")" ]; then
        pass "$name: jco run output and exit status match ($(tail -n 1 "$OUT/$name.ours.out"))"
    else
        fail "$name: jco run differs: $(diff "$OUT/$name.ours.out" "$OUT/$name.jco.out" | head -n 5)"
    fi

    # The bundled adapter: p1-to-p2 under jco run, and wasi-run on the module.
    bundled=$OUT/bundled/$name.wasm
    if ! "$ADAPT" p1-to-p2 "$m" -o "$bundled" 2>"$OUT/$name.bundled.err"; then
        fail "$name: wasi-adapt p1-to-p2: $(cat "$OUT/$name.bundled.err")"
        continue
    fi
    if "$INSPECT" --validate "$bundled" >"$OUT/$name.bundled.validate" 2>&1; then
        pass "$name: p1-to-p2 (bundled adapter): wit-inspect --validate"
    else
        fail "$name: p1-to-p2: wit-inspect --validate: $(head -n 3 "$OUT/$name.bundled.validate")"
    fi
    (cd "$OUT/bundled" && timeout 120 "$OLDPWD/$JCO" run "$name.wasm" one two >"../$name.bundled.out" 2>&1
     echo "exit $?" >>"../$name.bundled.out")
    if [ "$(stable "$OUT/$name.bundled.out")" = "$(stable "$OUT/$name.jco.out")" ]; then
        pass "$name: p1-to-p2 under jco run matches jco's ($(tail -n 1 "$OUT/$name.bundled.out"))"
    else
        fail "$name: p1-to-p2 under jco run differs: $(diff "$OUT/$name.bundled.out" "$OUT/$name.jco.out" | head -n 5)"
    fi
    # wasi-run adapts the core module itself; same name, same directory.
    mkdir -p "$OUT/direct"
    cp "$m" "$OUT/direct/$name.wasm"
    for side in direct jco; do
        (cd "$OUT/$side" && timeout 120 "$OLDPWD/$RUN" --dir . "$name.wasm" one two >"../$name.$side.run" 2>&1
         echo "exit $?" >>"../$name.$side.run")
    done
    if [ "$(stable "$OUT/$name.direct.run")" = "$(stable "$OUT/$name.jco.run")" ]; then
        pass "$name: wasi-run MODULE.wasm matches wasi-run on jco's component ($(tail -n 1 "$OUT/$name.direct.run"))"
    else
        fail "$name: wasi-run MODULE.wasm differs: $(diff "$OUT/$name.direct.run" "$OUT/$name.jco.run" | head -n 5)"
    fi
done
finish
