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
cd "$(dirname "$0")/../.." || exit 2
. tests/e2e/lib/toolchain.sh

OUT=$BUILD/e2e/wasi-adapt
ADAPT=$BUILD/bin/wasi-adapt
INSPECT=$BUILD/bin/wit-inspect
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

if [ ! -x "$ADAPT" ] || [ ! -x "$INSPECT" ]; then
    fail "$ADAPT or $INSPECT is not built"
    finish
fi
rm -rf "$OUT"
mkdir -p "$OUT/ours" "$OUT/jco" "$OUT/bad"

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

# ---- real programs against jco ----------------------------------------------
if ! wasi_cc_check; then
    skip "clang wasm32-wasi programs: $TOOLCHAIN_WHY"
    finish
fi
if ! npm_tools_setup; then
    skip "jco comparisons: $TOOLCHAIN_WHY"
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
done
finish
