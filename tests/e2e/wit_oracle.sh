#!/bin/sh
# The oracle for `wit-inspect --wit COMPONENT.wasm`: for every component that
# `make test` built with jco and componentize-js ($BUILD/e2e/*.component.wasm)
# and for components made here from the worlds in tests/e2e/wit/oracle
# (`jco embed --dummy`, then `jco new`: resources, records, variants, enums,
# flags, inline interfaces, async functions, streams and futures, type
# aliases and `use` across interfaces),
# wit-inspect must print exactly what `jco wit` prints (jco's console.log
# adds one newline at the end). WIT packages encoded as components
# (`wit-inspect --wit --wasm`) are offered to jco too: jco's `wit` command
# only handles components and stops with "Unexpected wit package" on them,
# which is reported as a SKIP with that reason (their text is checked
# against the source instead, in wit_print.sh). Without node/npm everything
# is SKIPped. Ends with "N passed, N failed, N skipped".
cd "$(dirname "$0")/../.." || exit 2
. tests/e2e/lib/toolchain.sh

TOOL=$BUILD/bin/wit-inspect
WIT_DIR=${WIT_DIR:-../shared/wit}
OUT=$BUILD/e2e/wit-oracle
passed=0 failed=0 skipped=0
pass() { passed=$((passed + 1)); echo "PASS $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; [ -n "${2:-}" ] && sed 's/^/     /' "$2" | head -n 30; }
skip() { skipped=$((skipped + 1)); echo "SKIP $1"; }

finish() {
    echo
    echo "$passed passed, $failed failed, $skipped skipped"
    [ "$failed" -eq 0 ]
    exit
}

if [ ! -x "$TOOL" ]; then
    fail "$TOOL is built (run make)"
    finish
fi
if ! npm_tools_setup; then
    skip "jco wit oracle: $TOOLCHAIN_WHY"
    finish
fi
rm -rf "$OUT"
mkdir -p "$OUT"

# compare NAME FILE.wasm: jco's text against ours.
compare() {
    base=$OUT/$1
    if ! "$JCO" wit "$2" >"$base.jco.wit" 2>"$base.jco.err"; then
        if grep -q "Unexpected wit package" "$base.jco.err"; then
            skip "$1: jco wit cannot print WIT packages encoded as components (\"Unexpected wit package\")"
        else
            fail "$1: jco wit runs" "$base.jco.err"
        fi
        return
    fi
    if ! "$TOOL" --wit "$2" >"$base.ours.wit" 2>"$base.ours.err"; then
        fail "$1: wit-inspect --wit runs" "$base.ours.err"
        return
    fi
    echo >>"$base.ours.wit"
    if cmp -s "$base.jco.wit" "$base.ours.wit"; then
        pass "$1: wit-inspect --wit prints what jco wit prints"
    else
        diff "$base.jco.wit" "$base.ours.wit" >"$base.diff"
        fail "$1: wit-inspect --wit prints what jco wit prints (< jco, > ours)" "$base.diff"
    fi
}

found=0
for c in "$BUILD"/e2e/*.component.wasm; do
    [ -f "$c" ] || continue
    found=1
    compare "$(basename "$c" .wasm)" "$c"
done
[ "$found" -eq 1 ] || skip "no toolchain components in $BUILD/e2e (tests/e2e/toolchain.sh builds them)"

for w in tests/e2e/wit/oracle/*.wit; do
    name=$(basename "$w" .wit)
    if "$JCO" embed --dummy --wit "$w" -o "$OUT/$name.core.wasm" >"$OUT/$name.embed.log" 2>&1 &&
            "$JCO" new "$OUT/$name.core.wasm" -o "$OUT/$name.component.wasm" >>"$OUT/$name.embed.log" 2>&1; then
        compare "$name.component" "$OUT/$name.component.wasm"
    else
        fail "$name: jco embed --dummy + jco new" "$OUT/$name.embed.log"
    fi
done

# WIT packages in the --wasm form: one per WASI set is enough to show
# whether this jco can read them.
for set in wasi-0.2.12 wasi-0.3.0; do
    pkg=$WIT_DIR/$set/cli
    [ -d "$pkg" ] || { skip "$set: $WIT_DIR/$set not found"; continue; }
    dir=$OUT/$set-cli
    mkdir -p "$dir/deps"
    cp "$pkg"/*.wit "$dir/"
    for sib in "$WIT_DIR/$set"/*/; do
        sib=${sib%/}
        [ "$sib" = "$pkg" ] || cp -r "$sib" "$dir/deps/"
    done
    if "$TOOL" --wit --wasm -o "$OUT/$set-cli.wasm" "$dir" 2>"$OUT/$set-cli.err"; then
        compare "$set-cli.wasm" "$OUT/$set-cli.wasm"
    else
        fail "$set/cli: wit-inspect --wit --wasm" "$OUT/$set-cli.err"
    fi
done

finish
