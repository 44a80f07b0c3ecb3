#!/bin/sh
# End-to-end tests of `wit-inspect --wit` on WIT sources: every WASI 0.2.12
# and 0.3.0 package (laid out with its siblings under deps/, as wasm-tools
# expects) prints, and the printed text (one file with the dependencies as
# nested packages) prints back to itself; the --wasm form of the package
# prints as the source does; --json is valid JSON; -o writes
# the file; errors name FILE:LINE:COL with the source line and a caret.
# Ends with "N passed, N failed[, N skipped]".

BUILD=${BUILD:-build}
TOOL=$BUILD/bin/wit-inspect
WIT_DIR=${WIT_DIR:-../shared/wit}

passed=0 failed=0 skipped=0
pass() { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; [ -n "${2:-}" ] && sed 's/^/     /' "$2" | head -n 20; }
skip() { skipped=$((skipped + 1)); echo "SKIP $1"; }

finish() {
    if [ "$skipped" -ne 0 ]; then
        echo "$passed passed, $failed failed, $skipped skipped"
    else
        echo "$passed passed, $failed failed"
    fi
    [ "$failed" -eq 0 ]
    exit
}

T=$(mktemp -d "${TMPDIR:-/tmp}/wit-print-e2e.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT INT TERM

if [ ! -x "$TOOL" ]; then
    fail "$TOOL is built (run make)"
    finish
fi

have_python=false
command -v python3 >/dev/null 2>&1 && have_python=true

# WASI packages: print, reprint the printed file, compare; JSON validity.
for set in wasi-0.2.12 wasi-0.3.0; do
    [ -d "$WIT_DIR/$set" ] || { skip "$set: $WIT_DIR/$set not found"; continue; }
    for pkg in "$WIT_DIR/$set"/*/; do
        pkg=${pkg%/}
        name=$set/$(basename "$pkg")
        dir=$T/$set/$(basename "$pkg")
        mkdir -p "$dir/deps"
        cp "$pkg"/*.wit "$dir/"
        for sib in "$WIT_DIR/$set"/*/; do
            sib=${sib%/}
            [ "$sib" = "$pkg" ] || cp -r "$sib" "$dir/deps/"
        done
        out=$T/$set-$(basename "$pkg")
        if ! "$TOOL" --wit "$dir" >"$out.wit" 2>"$out.err"; then
            fail "$name prints" "$out.err"
            continue
        fi
        pass "$name prints"
        if ! "$TOOL" --wit "$out.wit" >"$out.again.wit" 2>"$out.err"; then
            fail "$name: the printed text resolves" "$out.err"
        elif cmp -s "$out.wit" "$out.again.wit"; then
            pass "$name: printing the printed text gives the same text"
        else
            diff "$out.wit" "$out.again.wit" >"$out.diff"
            fail "$name: printing the printed text gives the same text" "$out.diff"
        fi
        # The binary form keeps docs and gates (package-docs section): the
        # main package prints the same from the binary as from the source.
        awk '/^package /{n++} n<2' "$out.wit" >"$out.main.wit"
        if ! "$TOOL" --wit --wasm -o "$out.wasm" "$dir" 2>"$out.err"; then
            fail "$name --wasm encodes" "$out.err"
        elif ! "$TOOL" --wit "$out.wasm" >"$out.decoded.wit" 2>"$out.err"; then
            fail "$name: the --wasm form decodes" "$out.err"
        elif cmp -s "$out.main.wit" "$out.decoded.wit"; then
            pass "$name: --wit of the --wasm form prints the source's text"
        else
            diff "$out.main.wit" "$out.decoded.wit" >"$out.diff"
            fail "$name: --wit of the --wasm form prints the source's text" "$out.diff"
        fi
        if ! $have_python; then
            skip "$name --json: python3 not installed"
        elif "$TOOL" --wit --json "$dir" >"$out.json" 2>"$out.err" &&
                python3 -m json.tool "$out.json" >/dev/null 2>"$out.err"; then
            pass "$name --json is valid JSON"
        else
            fail "$name --json is valid JSON" "$out.err"
        fi
    done
done

# A single file with a nested dependency package, printed exactly.
cat >"$T/one.wit" <<'WIT'
package my:app@1.0.0;

/// Uses a type.
interface api {
  use other:dep/types@0.1.0.{t};
  get: func() -> t;
}

world app {
  export api;
}

package other:dep@0.1.0 {
  interface types {
    type t = u32;
  }
}
WIT
cat >"$T/one.want" <<'WIT'
package my:app@1.0.0;

/// Uses a type.
interface api {
  use other:dep/types@0.1.0.{t};

  get: func() -> t;
}

world app {
  import other:dep/types@0.1.0;

  export api;
}
package other:dep@0.1.0 {
  interface types {
    type t = u32;
  }
}
WIT
if "$TOOL" --wit "$T/one.wit" >"$T/one.out" 2>"$T/one.err" && cmp -s "$T/one.out" "$T/one.want"; then
    pass "single file with a nested package prints as wasm-tools does"
else
    diff "$T/one.want" "$T/one.out" >"$T/one.diff" 2>&1
    cat "$T/one.err" >>"$T/one.diff"
    fail "single file with a nested package prints as wasm-tools does" "$T/one.diff"
fi

# -o writes the file.
if "$TOOL" --wit -o "$T/written.wit" "$T/one.wit" 2>"$T/o.err" && cmp -s "$T/written.wit" "$T/one.want"; then
    pass "-o writes the printed WIT"
else
    fail "-o writes the printed WIT" "$T/o.err"
fi

# Errors: exit 1, FILE:LINE:COL: error: ..., the line and a caret.
printf 'package a:b;\ninterface i {\n  f: func() -> nope;\n}\n' >"$T/bad.wit"
"$TOOL" --wit "$T/bad.wit" >"$T/bad.out" 2>"$T/bad.err"
rc=$?
if [ "$rc" -eq 1 ] && grep -q "^$T/bad.wit:3:[0-9]*: error: " "$T/bad.err" &&
        grep -q 'f: func() -> nope;' "$T/bad.err" && grep -q '\^' "$T/bad.err" && [ ! -s "$T/bad.out" ]; then
    pass "an unknown type is reported with its line, column and a caret (exit 1)"
else
    echo "exit code $rc" >>"$T/bad.err"
    fail "an unknown type is reported with its line, column and a caret (exit 1)" "$T/bad.err"
fi
printf 'package a:b;\ninterface i {\n' >"$T/trunc.wit"
"$TOOL" --wit "$T/trunc.wit" >/dev/null 2>"$T/trunc.err"
rc=$?
if [ "$rc" -eq 1 ] && grep -q "^$T/trunc.wit:[0-9]*:[0-9]*: error: " "$T/trunc.err"; then
    pass "a truncated file is a syntax error (exit 1)"
else
    fail "a truncated file is a syntax error (exit 1)" "$T/trunc.err"
fi
mkdir -p "$T/empty"
"$TOOL" --wit "$T/empty" >/dev/null 2>"$T/empty.err"
rc=$?
if [ "$rc" -eq 1 ] && [ -s "$T/empty.err" ]; then
    pass "a directory without WIT files is an error (exit 1)"
else
    echo "exit code $rc" >>"$T/empty.err"
    fail "a directory without WIT files is an error (exit 1)" "$T/empty.err"
fi

finish
