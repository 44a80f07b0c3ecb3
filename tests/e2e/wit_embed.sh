#!/bin/sh
# End-to-end tests of `wit-inspect --embed` (what `wasm-tools component
# embed` does): a world is embedded in a WAT module and in a clang-built
# module; the results must be accepted by our `wasi-adapt new` and, where
# node is present, by `jco new`, both components must target the embedded
# world, and bad input must be refused with a message naming the file and
# no output left behind.
# Ends with "N passed, N failed, N skipped".

BUILD=${BUILD:-build}
INSPECT=$BUILD/bin/wit-inspect
ADAPT=$BUILD/bin/wasi-adapt
. tests/e2e/lib/toolchain.sh

passed=0 failed=0 skipped=0
pass() { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; [ -n "${2:-}" ] && sed 's/^/     /' "$2" | head -n 20; }
skip() { skipped=$((skipped + 1)); echo "SKIP $1"; }
finish() {
    echo "$passed passed, $failed failed, $skipped skipped"
    [ "$failed" -eq 0 ]
    exit
}

if [ ! -x "$INSPECT" ] || [ ! -x "$ADAPT" ]; then
    fail "$INSPECT and $ADAPT are built (run make)"
    finish
fi
mkdir -p "$BUILD/e2e"
T=$(mktemp -d "$BUILD/e2e/wit-embed.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT INT TERM

cat >"$T/app.wit" <<'EOF'
package test:embed@0.1.0;

interface host {
  log: func(msg: string);
}

world app {
  import host;
  export add: func(a: u32, b: u32) -> u32;
}

world other {
  export add: func(a: u32, b: u32) -> u32;
}
EOF
sed '/^world other/,$d' "$T/app.wit" >"$T/one.wit"

cat >"$T/app.wat" <<'EOF'
(module
  (import "test:embed/host@0.1.0" "log" (func $log (param i32 i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "adding")
  (func (export "add") (param i32 i32) (result i32)
    (call $log (i32.const 16) (i32.const 6))
    (i32.add (local.get 0) (local.get 1))))
EOF

# component_targets WHAT COMPONENT: `wit-inspect --wit` prints the world.
component_targets() {
    if "$INSPECT" --wit "$2" >"$T/wit.out" 2>&1 &&
        grep -qF 'import test:embed/host@0.1.0;' "$T/wit.out" &&
        grep -qF 'export add: func(a: u32, b: u32) -> u32;' "$T/wit.out"; then
        pass "$1 targets the embedded world"
    else
        fail "$1 does not target the embedded world" "$T/wit.out"
    fi
}

# embed_and_check WHAT MODULE WIT [ARGS...]: embeds, then wasi-adapt new and
# jco new must accept the result.
embed_and_check() {
    _what=$1 _mod=$2 _wit=$3; shift 3
    _out=$T/$_what.embedded.wasm
    if ! "$INSPECT" --embed "$_wit" "$@" "$_mod" -o "$_out" 2>"$T/embed.err"; then
        fail "$_what: --embed failed" "$T/embed.err"
        return
    fi
    if "$INSPECT" --validate "$_out" >/dev/null 2>"$T/embed.err" &&
        "$INSPECT" "$_out" | grep -qF '"component-type:app"'; then
        pass "$_what: valid module with a component-type:app section"
    else
        fail "$_what: no valid module with a component-type:app section" "$T/embed.err"
    fi
    if "$ADAPT" new "$_out" -o "$T/$_what.ours.wasm" 2>"$T/adapt.err"; then
        pass "$_what: wasi-adapt new accepts it"
        component_targets "$_what: wasi-adapt new's component" "$T/$_what.ours.wasm"
    else
        fail "$_what: wasi-adapt new refuses it" "$T/adapt.err"
    fi
    if [ -z "$JCO" ]; then
        skip "$_what: jco new: $JCO_WHY"
    elif "$JCO" new "$_out" -o "$T/$_what.jco.wasm" >"$T/jco.err" 2>&1; then
        pass "$_what: jco new accepts it"
        component_targets "$_what: jco new's component" "$T/$_what.jco.wasm"
    else
        fail "$_what: jco new refuses it" "$T/jco.err"
    fi
}

JCO_WHY=
npm_tools_setup >"$T/npm.log" 2>&1 || { JCO=; JCO_WHY=$TOOLCHAIN_WHY; }

"$INSPECT" -o "$T/app.wasm" "$T/app.wat" 2>"$T/wat.err" || fail "app.wat assembles" "$T/wat.err"
embed_and_check wat "$T/app.wasm" "$T/app.wit" --world app
embed_and_check wat-text "$T/app.wat" "$T/one.wit"
embed_and_check wat-qualified "$T/app.wasm" "$T/app.wit" --world test:embed/app@0.1.0

if wasi_cc_check; then
    cat >"$T/app.c" <<'EOF'
__attribute__((import_module("test:embed/host@0.1.0"), import_name("log")))
extern void host_log(const char *msg, unsigned len);

__attribute__((export_name("add"))) unsigned add(unsigned a, unsigned b)
{
    host_log("adding", 6);
    return a + b;
}
EOF
    if wasi_cc "$T/app-c.wasm" "$T/app.c" -O2 -nostdlib -Wl,--no-entry 2>"$T/cc.err"; then
        embed_and_check clang "$T/app-c.wasm" "$T/app.wit" --world app
    else
        fail "clang builds app.c" "$T/cc.err"
    fi
else
    skip "clang-built module: $TOOLCHAIN_WHY"
fi

# ---- refusals: exit code, a message naming the file, no output ---------------
# refused WHAT CODE PATTERN ARGS...
refused() {
    _what=$1 _code=$2 _pattern=$3; shift 3
    rm -f "$T/bad.wasm"
    "$INSPECT" "$@" >"$T/bad.out" 2>"$T/bad.err"
    _rc=$?
    if [ "$_rc" -eq "$_code" ] && grep -qE -- "$_pattern" "$T/bad.err" && [ ! -e "$T/bad.wasm" ]; then
        pass "$_what refused (exit $_code): $(head -n 1 "$T/bad.err")"
    else
        fail "$_what: exit $_rc, expected $_code and /$_pattern/ with no output" "$T/bad.err"
    fi
}

refused "two worlds, no --world" 1 "app.wit: error: .*2 worlds.*--world" \
    --embed "$T/app.wit" "$T/app.wasm" -o "$T/bad.wasm"
refused "unknown world" 1 "app.wit: error: expected a world named 'nope'" \
    --embed "$T/app.wit" --world nope "$T/app.wasm" -o "$T/bad.wasm"
printf 'package a:b;\nworld w {\n  import x: func(;\n}\n' >"$T/broken.wit"
refused "malformed WIT" 1 "broken.wit:3:[0-9]+: error: " \
    --embed "$T/broken.wit" "$T/app.wasm" -o "$T/bad.wasm"
"$ADAPT" new "$T/wat.embedded.wasm" -o "$T/component.wasm" 2>/dev/null
refused "a component as the module" 1 "component.wasm:0: error: expected a core module, found a component" \
    --embed "$T/one.wit" "$T/component.wasm" -o "$T/bad.wasm"
printf '\0asm\1\0\0\0\1\7' >"$T/truncated.wasm"
refused "a truncated module" 1 "truncated.wasm:[0-9]+: error: " \
    --embed "$T/one.wit" "$T/truncated.wasm" -o "$T/bad.wasm"
refused "no output file" 2 "needs an output file" --embed "$T/one.wit" "$T/app.wasm"
refused "--world without --embed" 2 "--world needs --embed" --world app "$T/app.wasm"
refused "--embed with --wit" 2 "cannot be combined" --wit --embed "$T/one.wit" "$T/app.wasm"

finish
