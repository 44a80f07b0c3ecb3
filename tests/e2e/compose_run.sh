#!/bin/sh
# End-to-end: compositions of real toolchain output run under wasi-run.
#
# A JavaScript component (componentize-js, without the http features)
# exports local:compose/greet@0.1.0 (compose_run/wit); a C command
# (compose_run/app: clang + wasi-libc, canonical-ABI glue written by hand)
# imports it. The command becomes a component twice: with its world embedded
# from `wit-inspect --wit --wasm` and `wasi-adapt new --wasi command`, and
# with the embed form of tests/tools/embed_world and `jco new
# --wasi-command`. Each is plugged with the JS component by `wit-compose
# plug`, and once through `wit-compose build` YAML; every result must
# validate (wit-inspect --validate, `jco wit`), run under `wasi-run` with
# the exact output, and print the same under `jco run`. Last, a chain of
# three: the command, a JS greeter that imports local:compose/style, and a
# C reactor (compose_run/style, export glue by hand) that exports it.
#
# First, without any toolchain: `wasi-run --invoke` gives a component's
# functions the WASI 0.2 hosts with --env and --dir, ends with the guest's
# wasi:cli/exit status, and names a non-WASI import nobody provides.
#
# Without clang or node the affected cases are SKIPped, visibly.
cd "$(dirname "$0")/../.." || exit 2
. tests/e2e/lib/toolchain.sh

SRC=tests/e2e/compose_run
RUN=$BUILD/bin/wasi-run
INSPECT=$BUILD/bin/wit-inspect
COMPOSE=$BUILD/bin/wit-compose
ADAPT=$BUILD/bin/wasi-adapt
EMBED=$BUILD/tests/tools/embed_world
# A scratch directory of its own: concurrent runs must not share files.
mkdir -p "$BUILD/e2e"
T=$(mktemp -d "$BUILD/e2e/compose-run.XXXXXX") || exit 2
T=$(cd "$T" && pwd)
trap 'rm -rf "$T"' EXIT INT TERM
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

for tool in "$RUN" "$INSPECT" "$COMPOSE" "$ADAPT"; do
    [ -x "$tool" ] || { fail "$tool is not built"; finish; }
done

# expect NAME WANT COMMAND...: the command succeeds and prints exactly WANT
# on stdout (stderr kept apart, shown on failure).
expect() {
    _name=$1 _want=$2; shift 2
    _got=$("$@" 2>"$T/stderr")
    _rc=$?
    if [ $_rc -eq 0 ] && [ "$_got" = "$_want" ]; then
        pass "$_name"
    else
        fail "$_name: exit $_rc, wanted [$_want], got [$_got] $(head -c 600 "$T/stderr")"
    fi
}

# ---- --invoke with the WASI hosts (no toolchain) ------------------------
W=$SRC/invoke_wasi.wat
expect "--invoke: the program name is the file's base name" '"invoke_wasi.wat"' "$RUN" --invoke 'arg0()' "$W"
expect "--invoke: no environment unless granted" 0 "$RUN" --invoke env-count "$W"
expect "--invoke: --env reaches the guest" '"B=two"' \
    "$RUN" --env A=1 --env B=two --invoke 'env-entry(1)' "$W"
expect "--invoke: --dir reaches the guest" '1
"/sandbox"' sh -c "'$RUN' --dir '$T::/sandbox' --invoke 'dir-count()' '$W' &&
                   '$RUN' --dir '$T::/sandbox' --invoke 'dir-name(0)' '$W'"
"$RUN" --invoke 'quit(true)' "$W" >"$T/quit.out" 2>&1
rc=$?
if [ $rc -eq 0 ] && [ ! -s "$T/quit.out" ]; then pass "--invoke: exit(ok) ends with 0"
else fail "--invoke: exit(ok): exit $rc, $(cat "$T/quit.out")"; fi
"$RUN" --invoke 'quit(false)' "$W" >"$T/quit.out" 2>&1
rc=$?
if [ $rc -eq 1 ] && [ ! -s "$T/quit.out" ]; then pass "--invoke: exit(err) ends with 1, no trap reported"
else fail "--invoke: exit(err): exit $rc, $(cat "$T/quit.out")"; fi
cat >"$T/needs.wat" <<'EOF'
(component
  (import "local:compose/missing@0.1.0" (instance $i (export "f" (func (result u32)))))
  (core func $f (canon lower (func $i "f")))
  (core module $M (import "" "f" (func (result i32))) (func (export "g") (result i32) i32.const 1))
  (core instance $m (instantiate $M (with "" (instance (export "f" (func $f))))))
  (func (export "g") (result u32) (canon lift (core func $m "g"))))
EOF
"$RUN" --invoke 'g()' "$T/needs.wat" >"$T/needs.out" 2>&1
rc=$?
if [ $rc -eq 1 ] && grep -q 'needs.wat: error: .*local:compose/missing@0.1.0' "$T/needs.out"; then
    pass "--invoke: a missing non-WASI import is named: $(cat "$T/needs.out")"
else
    fail "--invoke: missing import: exit $rc, $(cat "$T/needs.out")"
fi

# ---- the C command ------------------------------------------------------
have_cc=0 have_node=0
if wasi_cc_check; then have_cc=1; else skip "C command (clang): $TOOLCHAIN_WHY"; fi
if npm_tools_setup; then have_node=1; else skip "JS component, jco (node): $TOOLCHAIN_WHY"; fi

app_ours= app_jco=
if [ $have_cc = 1 ]; then
    # The world as `wit-inspect --wit --wasm` encodes it, linked in as a
    # custom section (C cannot make one; the assembler can).
    if "$INSPECT" --wit "$SRC/app" --wasm -o "$T/app-world.wasm" &&
       printf '\t.section ".custom_section.component-type:local:compose:app","",@\n\t.incbin "%s"\n' \
           "$T/app-world.wasm" >"$T/app_world.s" &&
       clang --target=wasm32-wasi -c "$T/app_world.s" -o "$T/app_world.o" &&
       wasi_cc "$T/app.core.wasm" "$SRC/app/app.c" -O2 -Wall -Wextra -Werror "$T/app_world.o" \
           >"$T/cc.log" 2>&1 &&
       "$ADAPT" new "$T/app.core.wasm" --wasi command -o "$T/app.wasm" >"$T/adapt.log" 2>&1; then
        pass "C command: clang, world from wit-inspect --wasm, wasi-adapt new --wasi command"
        app_ours=$T/app.wasm
    else
        fail "C command with wasi-adapt: $(cat "$T/cc.log" "$T/adapt.log" 2>/dev/null | head -n 5)"
    fi
    if [ $have_node = 0 ]; then
        skip "C command through jco new: $TOOLCHAIN_WHY"
    elif [ ! -x "$EMBED" ]; then
        skip "C command through jco new: $EMBED is not built (make test builds it)"
    # jco (wasm-tools) reads only the embed form of a world, one exported
    # type: the package form of wit-inspect --wasm is refused there.
    elif wasi_cc "$T/app.plain.wasm" "$SRC/app/app.c" -O2 -Wall -Wextra -Werror >"$T/cc2.log" 2>&1 &&
         "$EMBED" "$SRC/app" app app "$T/app.plain.wasm" -o "$T/app.embed.wasm" >>"$T/cc2.log" 2>&1 &&
         jco_command "$T/app.jco.wasm" "$T/app.embed.wasm" >>"$T/cc2.log" 2>&1; then
        pass "C command: clang, embed_world, jco new --wasi-command"
        app_jco=$T/app.jco.wasm
    else
        fail "C command with jco new: $(head -n 5 "$T/cc2.log")"
    fi
fi

# ---- the JS component ----------------------------------------------------
greeter=
if [ $have_node = 1 ]; then
    if componentize_js "$T/greeter.wasm" "$SRC/greeter.js" "$SRC/wit" greeter http fetch-event \
            >"$T/cjs.log" 2>&1; then
        greeter=$T/greeter.wasm
        "$INSPECT" --wit "$greeter" >"$T/greeter.wit" 2>&1
        if grep -q 'export local:compose/greet@0.1.0;' "$T/greeter.wit" &&
           ! grep -q 'wasi:http' "$T/greeter.wit"; then
            pass "componentize-js greeter: exports greet, no wasi:http (--disable http fetch-event)"
        else
            fail "componentize-js greeter world: $(cat "$T/greeter.wit")"
        fi
        # Called directly: the JS engine's own WASI imports come from the host.
        expect "the JS component runs under wasi-run --invoke" '"Hello, Grüße 🌍! (7 characters)"' \
            "$RUN" --invoke 'local:compose/greet@0.1.0#greet("Grüße 🌍")' "$greeter"
    else
        fail "componentize-js greeter: $(tail -n 5 "$T/cjs.log")"
    fi
fi

# check_valid NAME FILE: our validator, then jco's.
check_valid() {
    if "$INSPECT" --validate "$2" >"$T/$1.validate.log" 2>&1; then pass "$1 validates"
    else fail "$1 validates: $(head -n 3 "$T/$1.validate.log")"; fi
    if "$JCO" wit "$2" >"$T/$1.jco.wit" 2>&1; then pass "$1 passes jco wit"
    else fail "$1 jco wit: $(head -n 5 "$T/$1.jco.wit")"; fi
    "$INSPECT" --wit "$2" >"$T/$1.wit" 2>&1
    if grep -q '^  export wasi:cli/run@0\.2\.' "$T/$1.wit" && ! grep -q 'import local:compose' "$T/$1.wit"; then
        pass "$1: no local:compose import left, wasi:cli/run exported"
    else
        fail "$1 world: $(cat "$T/$1.wit")"
    fi
}

# What the C command prints with greeter.js, without arguments and with
# the arguments of check_runs.
WANT_NONE='Hello, world! (5 characters)'
WANT_ARGS='Hello, Ada! (3 characters)
Hello, Grüße 🌍! (7 characters)
Hello, nobody!'

# check_runs NAME FILE [WANT_NONE WANT_ARGS]
check_runs() {
    expect "$1 runs: no arguments" "${3:-$WANT_NONE}" "$RUN" "$2"
    expect "$1 runs: arguments, UTF-8, empty" "${4:-$WANT_ARGS}" "$RUN" "$2" Ada 'Grüße 🌍' ''
}

if [ -z "$greeter" ] || [ -z "$app_ours$app_jco" ]; then
    skip "compositions: need both the C command (clang) and the JS component (node)"
    finish
fi

# Unplugged, the command cannot run: the message names the import.
if [ -n "$app_ours" ]; then
    "$RUN" "$app_ours" >"$T/unplugged.out" 2>&1
    rc=$?
    if [ $rc -ne 0 ] && grep -q 'local:compose/greet@0.1.0' "$T/unplugged.out"; then
        pass "unplugged command refused: $(head -n 1 "$T/unplugged.out")"
    else
        fail "unplugged command: exit $rc, $(cat "$T/unplugged.out")"
    fi
fi

# ---- wit-compose plug ----------------------------------------------------
for app in $app_ours $app_jco; do
    name=plug-$(basename "$app" .wasm)
    if "$COMPOSE" plug "$app" --plug "$greeter" -o "$T/$name.wasm" >"$T/$name.log" 2>&1; then
        pass "$name: wit-compose plug"
        check_valid "$name" "$T/$name.wasm"
        check_runs "$name" "$T/$name.wasm"
    else
        fail "$name: wit-compose plug: $(head -n 5 "$T/$name.log")"
    fi
done

# ---- wit-compose build ---------------------------------------------------
# One greeter instance feeds the command; the result exports the command's
# run and, renamed, the greeter's interface.
app=${app_ours:-$app_jco}
run_name=$("$INSPECT" --wit "$app" | sed -n 's/^  export \(wasi:cli\/run@[0-9.]*\);$/\1/p')
cat >"$T/composition.yaml" <<EOF
components:
  greeter: greeter.wasm
  app: $(basename "$app")
instances:
  greeter: greeter
  app:
    component: app
    args:
      "local:compose/greet@0.1.0": greeter
exports:
  $run_name: app
  greeting: greeter.local:compose/greet@0.1.0
EOF
if "$COMPOSE" build "$T/composition.yaml" -o "$T/built.wasm" >"$T/build.log" 2>&1; then
    pass "wit-compose build composition.yaml"
    check_valid built "$T/built.wasm"
    check_runs built "$T/built.wasm"
    expect "built: the renamed export is invoked" '"Hello, yaml! (4 characters)"' \
        "$RUN" --invoke 'greeting#greet("yaml")' "$T/built.wasm"
    expect "built: run invoked as a function" "Hello, world! (5 characters)
ok" "$RUN" --invoke "$run_name#run()" "$T/built.wasm"
else
    fail "wit-compose build: $(head -n 5 "$T/build.log")"
fi

# ---- jco run: the same composed file, the same output ---------------------
f=$T/plug-$(basename "$app" .wasm).wasm
if [ -f "$f" ]; then
    expect "jco run of $(basename "$f") prints what wasi-run prints" "$WANT_ARGS" \
        "$JCO" run "$f" Ada 'Grüße 🌍' ''
fi

# ---- a chain: C command <- JS greeter <- C reactor --------------------------
# styled_greeter.js imports local:compose/style, which style/style.c (a
# reactor: hand-written export glue, cabi_post_ freeing the result)
# exports. Plugs fill only the socket's imports, so `plug` takes two steps;
# `build` wires the three automatically.
WANT_STYLED_NONE='Hello, *WORLD*!'
WANT_STYLED_ARGS='Hello, *ADA*!
Hello, *GRüßE 🌍*!
Hello, **!'
if [ ! -x "$EMBED" ]; then
    skip "chain: $EMBED is not built (make test builds it)"
    finish
fi
if wasi_cc "$T/style.plain.wasm" "$SRC/style/style.c" -mexec-model=reactor -O2 -Wall -Wextra -Werror \
        >"$T/style.log" 2>&1 &&
   "$EMBED" "$SRC/wit" style-provider style "$T/style.plain.wasm" -o "$T/style.embed.wasm" >>"$T/style.log" 2>&1 &&
   "$ADAPT" new "$T/style.embed.wasm" -o "$T/style.wasm" >>"$T/style.log" 2>&1; then
    pass "C reactor: clang -mexec-model=reactor, embed_world, wasi-adapt new"
    expect "the C reactor runs under wasi-run --invoke" '"*GRüßE ADA*"' \
        "$RUN" --invoke 'local:compose/style@0.1.0#decorate("Grüße ada")' "$T/style.wasm"
else
    fail "C reactor: $(head -n 5 "$T/style.log")"
    finish
fi
if componentize_js "$T/styled.wasm" "$SRC/styled_greeter.js" "$SRC/wit" styled-greeter http fetch-event \
        >"$T/cjs2.log" 2>&1; then
    pass "componentize-js styled greeter (imports style, exports greet)"
else
    fail "componentize-js styled greeter: $(tail -n 5 "$T/cjs2.log")"
    finish
fi
if "$COMPOSE" plug "$T/styled.wasm" --plug "$T/style.wasm" -o "$T/styled-plugged.wasm" >"$T/chain.log" 2>&1 &&
   "$COMPOSE" plug "$app" --plug "$T/styled-plugged.wasm" -o "$T/chain-plug.wasm" >>"$T/chain.log" 2>&1; then
    pass "chain: wit-compose plug, twice"
    check_valid chain-plug "$T/chain-plug.wasm"
    check_runs chain-plug "$T/chain-plug.wasm" "$WANT_STYLED_NONE" "$WANT_STYLED_ARGS"
else
    fail "chain: wit-compose plug: $(head -n 5 "$T/chain.log")"
fi
cat >"$T/chain.yaml" <<EOF
components:
  app: $(basename "$app")
  greeter: styled.wasm
  style: style.wasm
exports:
  $run_name: app
EOF
if "$COMPOSE" build "$T/chain.yaml" -o "$T/chain-built.wasm" >"$T/chain-build.log" 2>&1; then
    pass "chain: wit-compose build, wired automatically"
    check_valid chain-built "$T/chain-built.wasm"
    check_runs chain-built "$T/chain-built.wasm" "$WANT_STYLED_NONE" "$WANT_STYLED_ARGS"
    expect "jco run of chain-built.wasm prints what wasi-run prints" "$WANT_STYLED_ARGS" \
        "$JCO" run "$T/chain-built.wasm" Ada 'Grüße 🌍' ''
else
    fail "chain: wit-compose build: $(head -n 5 "$T/chain-build.log")"
fi

finish
