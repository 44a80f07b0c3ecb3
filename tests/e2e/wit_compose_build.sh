#!/bin/sh
# End-to-end tests of `wit-compose build` on composition files: the worked
# example (examples/compose/), import by type, automatic wiring, and errors
# with file:line:col. Results must validate (wit-inspect --validate) and,
# with node, pass `jco wit`. Ends with "N passed, N failed, N skipped".
BUILD=${BUILD:-build}
W=$BUILD/bin/wit-compose
I=$BUILD/bin/wit-inspect
EX=$(pwd)/examples/compose
C=$(pwd)/tests/e2e/compose
T=$BUILD/e2e/compose-build
mkdir -p "$T"
passed=0 failed=0 skipped=0
ok() { passed=$((passed + 1)); echo "ok: $1"; }
bad() { failed=$((failed + 1)); echo "FAIL: $1"; }

. tests/e2e/lib/toolchain.sh
have_jco=0
if npm_tools_setup; then have_jco=1; else echo "SKIP jco checks: $TOOLCHAIN_WHY"; fi

check_valid() {
    if "$I" --validate "$2" >"$T/$1.validate.log" 2>&1; then ok "$1 validates"; else bad "$1 validates"; cat "$T/$1.validate.log"; fi
    if [ $have_jco = 1 ]; then
        if "$JCO" wit "$2" >"$T/$1.jco.log" 2>&1; then ok "$1 jco wit"; else bad "$1 jco wit"; cat "$T/$1.jco.log"; fi
    else
        skipped=$((skipped + 1))
    fi
}

# expect_fail NAME PATTERN YAML: exit status 1, a message matching PATTERN
# (grep -E), and no output file.
expect_fail() {
    rm -f "$T/fail.wasm"
    "$W" build "$3" -o "$T/fail.wasm" >"$T/$1.log" 2>&1
    rc=$?
    if [ $rc -eq 1 ] && grep -Eq -- "$2" "$T/$1.log" && [ ! -e "$T/fail.wasm" ]; then
        ok "$1"
    else
        bad "$1 (rc=$rc)"; cat "$T/$1.log"
    fi
}

# 1. The worked example: a chain with one component instantiated twice,
# explicit and automatic wiring, a provider choice, renamed exports.
if "$W" build "$EX/composition.yaml" -o "$T/example.wasm"; then
    ok "build example"
    check_valid example "$T/example.wasm"
    "$I" --wit "$T/example.wasm" >"$T/example.wit" 2>&1
    if grep -q 'import example:app/log@0.1.0;' "$T/example.wit" &&
       grep -q 'export example:app/run@0.1.0;' "$T/example.wit" &&
       grep -q 'export doubled-once: interface' "$T/example.wit" &&
       [ "$(grep -c import "$T/example.wit")" = 1 ]; then
        ok "example: imports and exports"
    else
        bad "example: imports and exports"; cat "$T/example.wit"
    fi
    # The composition runs once its last import is plugged: 21 doubled
    # twice is logged (the plug traps on any other number) and returned.
    if "$W" plug "$T/example.wasm" --plug "$C/app_log_plug.wat" -o "$T/example_run.wasm" &&
       out=$("$BUILD/bin/wasi-run" --invoke 'example:app/run@0.1.0#run()' "$T/example_run.wasm" 2>&1) &&
       [ "$out" = 84 ]; then
        ok "example runs: run() = 84"
    else
        bad "example runs: run() = 84 (got: $out)"
    fi
    # Without the doublers the plug sees 21 and traps: the check bites.
    if "$W" plug "$EX/app.wat" --plug "$EX/source.wat" --plug "$C/app_log_plug.wat" -o "$T/undoubled.wasm" &&
       ! "$BUILD/bin/wasi-run" --invoke 'example:app/run@0.1.0#run()' "$T/undoubled.wasm" >"$T/undoubled.log" 2>&1 &&
       grep -q unreachable "$T/undoubled.log"; then
        ok "a wrong number reaching the log plug traps"
    else
        bad "a wrong number reaching the log plug traps"; cat "$T/undoubled.log"
    fi
else
    bad "build example"
fi
"$W" build "$EX/composition.yaml" --dry-run >"$T/graph.txt" 2>&1
if grep -q '^instance #2 twice-b: doubler$' "$T/graph.txt" &&
   grep -q 'import "example:math/num@0.1.0" <- instance #2 twice-b export "example:math/num@0.1.0"' "$T/graph.txt" &&
   grep -q 'import "example:app/log@0.1.0" <- import of the result' "$T/graph.txt" &&
   grep -q '^export "doubled-once" <- instance #1 twice-a export "example:math/num@0.1.0"' "$T/graph.txt"; then
    ok "dry run graph"
else
    bad "dry run graph"; cat "$T/graph.txt"
fi
if "$W" build "$EX/composition.yaml" --wat -o "$T/example.wat" && "$I" --validate "$T/example.wat" >/dev/null 2>&1; then
    ok "--wat output parses and validates"
else
    bad "--wat output parses and validates"
fi

# 2. Import by type: the result imports component "num-source" and
# instantiates it; no explicit instances (one per component).
cat >"$T/import.yaml" <<YAML
components:
  source: { path: $EX/source.wat, import: num-source }
  doubler: $EX/doubler.wat
exports:
  example:math/num@0.1.0: doubler
YAML
if "$W" build "$T/import.yaml" -o "$T/import.wasm"; then
    ok "build with import by type"
    check_valid import "$T/import.wasm"
    if "$I" "$T/import.wasm" | grep -q '^  "num-source" component {'; then
        ok "the component is imported, not embedded"
    else
        bad "the component is imported, not embedded"; "$I" "$T/import.wasm"
    fi
else
    bad "build with import by type"
fi

# 3. auto-wire: false leaves the doubler's import to the result.
cat >"$T/manual.yaml" <<YAML
auto-wire: false
components:
  source: $EX/source.wat
  doubler: $EX/doubler.wat
exports:
  example:math/num@0.1.0: doubler
YAML
if "$W" build "$T/manual.yaml" -o "$T/manual.wasm" &&
   "$I" "$T/manual.wasm" | sed -n '/^imports/,/^exports/p' | grep -q '"example:math/num@0.1.0"'; then
    ok "auto-wire false keeps the import"
    check_valid manual "$T/manual.wasm"
else
    bad "auto-wire false keeps the import"
fi

# 4. Errors.
printf 'components:\n  a: [unclosed\n' >"$T/syntax.yaml"
expect_fail yaml-syntax "syntax.yaml:[0-9]+:[0-9]+: error:" "$T/syntax.yaml"
printf 'components:\n  a: %s/source.wat\ninstnces:\n  b: a\n' "$EX" >"$T/typo.yaml"
expect_fail unknown-key "typo.yaml:3:1: error: unknown key .instnces." "$T/typo.yaml"
cat >"$T/noinst.yaml" <<YAML
components:
  doubler: $EX/doubler.wat
instances:
  d:
    component: doubler
    args:
      "example:math/num@0.1.0": nobody
YAML
expect_fail unknown-instance "noinst.yaml:7:33: error: no instance named .nobody." "$T/noinst.yaml"
cat >"$T/ambiguous.yaml" <<YAML
components:
  source: $EX/source.wat
  doubler: $EX/doubler.wat
  app: $EX/app.wat
instances:
  s: source
  d: doubler
  app: app
YAML
expect_fail ambiguous "ambiguous.yaml:8:8: error: import .example:math/num@0.1.0. of app is ambiguous: both s \(source\) and d \(doubler\) export it" "$T/ambiguous.yaml"
cat >"$T/cycle.yaml" <<YAML
components:
  doubler: $EX/doubler.wat
instances:
  a:
    component: doubler
    args: { "example:math/num@0.1.0": b }
  b:
    component: doubler
    args: { "example:math/num@0.1.0": a }
YAML
expect_fail cycle "cycle.yaml: error: instances feed each other in a cycle: (a|b) \(doubler\)" "$T/cycle.yaml"
cat >"$T/mismatch.yaml" <<YAML
components:
  socket: $C/math_socket.wat
  plug: $C/math_plug_u64.wat
YAML
expect_fail type-mismatch "import .a:b/math@0.2.1. of socket cannot take export .a:b/math@0.2.3. of plug: .*record field .x." "$T/mismatch.yaml"
cat >"$T/twice.yaml" <<YAML
components:
  source: $EX/source.wat
instances:
  s: source
  s: source
YAML
expect_fail duplicate-instance "twice.yaml:5:6: error: instance .s. is defined twice" "$T/twice.yaml"
cat >"$T/badexport.yaml" <<YAML
components:
  source: $EX/source.wat
exports:
  out: source.nope
YAML
expect_fail bad-export "badexport.yaml:4:8: error: source has no export named .nope." "$T/badexport.yaml"
printf 'old' >"$T/keep.wasm"
"$W" build "$T/mismatch.yaml" -o "$T/keep.wasm" 2>/dev/null
if [ "$(cat "$T/keep.wasm")" = old ]; then ok "failed run keeps the old output"; else bad "failed run keeps the old output"; fi
"$W" build 2>/dev/null
if [ $? -eq 2 ]; then ok "usage error exits 2"; else bad "usage error exits 2"; fi
"$W" build "$T/does-not-exist.yaml" -o "$T/x.wasm" 2>/dev/null
if [ $? -eq 2 ]; then ok "missing file exits 2"; else bad "missing file exits 2"; fi

# Shared imports across semver-compatible versions: a jco component
# importing wasi:*@0.2.10 beside C components importing wasi:*@0.2.3 share
# one import per interface at 0.2.10, whose instance type is the union
# (filesystem/types gains directory-entry-stream, which only 0.2.3 users
# import here).
B=$(pwd)/$BUILD/e2e
if [ -f "$B/app.component.wasm" ] && [ -f "$B/hello.component.wasm" ] && [ -f "$B/sysinfo.component.wasm" ]; then
    cat >"$T/semver.yaml" <<EOF
components:
  app: $B/app.component.wasm
  hello: $B/hello.component.wasm
  sysinfo: $B/sysinfo.component.wasm
instances:
  app: app
  hello: hello
  sysinfo: sysinfo
exports:
  version: app.version
  run-hello: hello.wasi:cli/run@0.2.3
  run-sysinfo: sysinfo.wasi:cli/run@0.2.3
EOF
    if "$W" build "$T/semver.yaml" -o "$T/semver.wasm" >"$T/semver.log" 2>&1; then
        ok "semver-compatible imports shared"
        check_valid semver "$T/semver.wasm"
        imports=$("$I" "$T/semver.wasm" | sed -n '/^imports/,/^exports/p')
        if echo "$imports" | grep -q '^  "wasi:io/streams@0.2.10"' &&
           ! echo "$imports" | grep -q '^  "wasi:io/streams@0.2.3"' &&
           echo "$imports" | grep '^  "wasi:filesystem/types@0.2.10"' | grep -q '"directory-entry-stream"'; then
            ok "one import per interface, at the highest version, with the union of exports"
        else
            bad "one import per interface, at the highest version, with the union of exports"
            echo "$imports" | cut -c1-120
        fi
    else
        bad "semver-compatible imports shared"; cat "$T/semver.log"
    fi
else
    echo "SKIP semver sharing: jco/C components in $B not built (make test builds them)"
    skipped=$((skipped + 3))
fi

echo "$passed passed, $failed failed, $skipped skipped"
[ $failed -eq 0 ]
