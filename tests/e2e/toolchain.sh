#!/bin/sh
# End-to-end: what real toolchains emit, through libcomp.
#
# Builds C programs with clang --target=wasm32-wasi (wasi-libc), wraps them
# into WASI 0.2 components with `jco new --wasi-command`, builds a component
# from JavaScript with componentize-js, then for every file checks with
# build/tests/tools/roundtrip that it decodes, validates and re-encodes to
# the same bytes, and that truncated copies are rejected with
# FILE:OFFSET: error: MESSAGE. Outputs go to $BUILD/e2e. Without clang's
# wasm32 target, or without node/npm, the affected cases are SKIPped.
cd "$(dirname "$0")/../.." || exit 2
. tests/e2e/lib/toolchain.sh

OUT=$BUILD/e2e
ROUNDTRIP=$BUILD/tests/tools/roundtrip
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

if [ ! -x "$ROUNDTRIP" ]; then
    fail "$ROUNDTRIP is not built (make test builds it from tests/tools/roundtrip.c)"
    finish
fi
mkdir -p "$OUT"

# name, source, flags: the core modules to build.
FEATURES="-msimd128 -mbulk-memory -msign-ext -mnontrapping-fptoint"
PROGRAMS="hello:hello.c:-O2
hello-oz:hello.c:-Oz -Wl,--strip-all
files:files.c:-O2
sysinfo:sysinfo.c:-O2
big:big.c:-O2 $FEATURES
big-debug:big.c:-O0 -g $FEATURES"

modules=""
if wasi_cc_check; then
    # Word splitting of $flags is intended.
    while IFS=: read -r name src flags; do
        # shellcheck disable=SC2086
        if wasi_cc "$OUT/$name.wasm" "tests/e2e/c/$src" -Wall -Wextra -Werror $flags \
                >"$OUT/$name.cc.log" 2>&1; then
            pass "clang $name.wasm ($src $flags)"
            modules="$modules $OUT/$name.wasm"
        else
            fail "clang $name.wasm ($src $flags): $(head -n 5 "$OUT/$name.cc.log")"
        fi
    done <<EOF_PROGRAMS
$PROGRAMS
EOF_PROGRAMS
else
    skip "clang wasm32-wasi programs: $TOOLCHAIN_WHY"
fi

components=""
if npm_tools_setup; then
    for m in $modules; do
        c=${m%.wasm}.component.wasm
        if jco_command "$c" "$m" >"$c.log" 2>&1; then
            pass "jco new --wasi-command $(basename "$m")"
            components="$components $c"
        else
            fail "jco new --wasi-command $(basename "$m"): $(tail -n 5 "$c.log")"
        fi
    done
    app=$OUT/app.component.wasm
    if componentize_js "$app" tests/e2e/js/app.js tests/e2e/js/wit >"$app.log" 2>&1; then
        pass "componentize-js app.js ($(wc -c <"$app") bytes)"
        components="$components $app"
    else
        fail "componentize-js app.js: $(tail -n 5 "$app.log")"
    fi
else
    skip "jco and componentize-js components: $TOOLCHAIN_WHY"
fi

# Every file decodes, validates and re-encodes to the same bytes.
for f in $modules $components; do
    if "$ROUNDTRIP" "$f" >"$f.roundtrip.log" 2>&1; then
        pass "roundtrip $f"
    else
        fail "roundtrip $(cat "$f.roundtrip.log")"
    fi
done

# Truncated copies are rejected with FILE:OFFSET: error: MESSAGE, the offset
# inside the truncated file. Cut in the middle, and by the last byte only.
mkdir -p "$OUT/malformed"
for f in $modules $components; do
    size=$(wc -c <"$f")
    for cut in half last; do
        if [ "$cut" = half ]; then keep=$((size / 2)); else keep=$((size - 1)); fi
        bad=$OUT/malformed/$(basename "$f" .wasm).$cut.wasm
        head -c "$keep" "$f" >"$bad"
        "$ROUNDTRIP" "$bad" >"$bad.log" 2>&1
        rc=$?
        offset=$(sed -n "s|^$bad:\([0-9][0-9]*\): error: ..*|\1|p" "$bad.log" | head -n 1)
        if [ "$rc" -eq 1 ] && [ -n "$offset" ] && [ "$offset" -le "$keep" ]; then
            pass "rejects $bad: $(head -n 1 "$bad.log" | cut -c1-160)"
        else
            fail "truncated $bad (exit $rc, wanted 1 and $bad:OFFSET: error: ...): $(head -n 3 "$bad.log")"
        fi
    done
done

finish
