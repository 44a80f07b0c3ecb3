#!/bin/sh
# End-to-end tests of `wit-compose plug` on components written in WAT
# (tests/e2e/compose/) and on jco-built components (build/e2e/).
# Results must validate (wit-inspect --validate) and, with node, pass
# `jco wit`. Ends with "N passed, N failed, N skipped".
BUILD=${BUILD:-build}
W=$BUILD/bin/wit-compose
I=$BUILD/bin/wit-inspect
D=tests/e2e/compose
T=$BUILD/e2e/compose
mkdir -p "$T"
passed=0 failed=0 skipped=0
ok() { passed=$((passed + 1)); echo "ok: $1"; }
bad() { failed=$((failed + 1)); echo "FAIL: $1"; }

. tests/e2e/lib/toolchain.sh
have_jco=0
if npm_tools_setup; then have_jco=1; else echo "SKIP jco checks: $TOOLCHAIN_WHY"; fi

# check_valid NAME FILE: our validator, then jco.
check_valid() {
    if "$I" --validate "$2" >"$T/$1.validate.log" 2>&1; then ok "$1 validates"; else bad "$1 validates"; cat "$T/$1.validate.log"; fi
    if [ $have_jco = 1 ]; then
        if "$JCO" wit "$2" >"$T/$1.jco.log" 2>&1; then ok "$1 jco wit"; else bad "$1 jco wit"; cat "$T/$1.jco.log"; fi
    else
        skipped=$((skipped + 1))
    fi
}

# expect_fail NAME PATTERN ARGS...: exit status 1, message matching PATTERN,
# and no output file left behind.
expect_fail() {
    name=$1 pattern=$2; shift 2
    rm -f "$T/fail.wasm"
    "$W" plug "$@" -o "$T/fail.wasm" >"$T/$name.log" 2>&1
    rc=$?
    if [ $rc -eq 1 ] && grep -q -- "$pattern" "$T/$name.log" && [ ! -e "$T/fail.wasm" ]; then
        ok "$name"
    else
        bad "$name (rc=$rc)"; cat "$T/$name.log"
    fi
}

# 1. A WAT socket and plug, semver-compatible (import 0.2.1, export 0.2.3).
if "$W" plug $D/math_socket.wat --plug $D/math_plug.wat -o "$T/math.wasm"; then
    ok "plug math"
    check_valid math "$T/math.wasm"
    imports=$("$I" "$T/math.wasm" | sed -n '/^imports/,/^exports/p' | grep -c '^  "')
    if [ "$imports" = 1 ] && "$I" "$T/math.wasm" | grep -q '^  "a:b/log"'; then
        ok "math: only the unplugged import remains"
    else
        bad "math: only the unplugged import remains"
    fi
else
    bad "plug math"
fi

# 2. --dry-run prints the graph; --wat prints text that parses back.
if "$W" plug $D/math_socket.wat --plug $D/math_plug.wat --dry-run >"$T/graph.txt" &&
   grep -q 'import "a:b/math@0.2.1" <- instance #0 export "a:b/math@0.2.3"' "$T/graph.txt" &&
   grep -q 'import "a:b/log" <- import of the result' "$T/graph.txt"; then
    ok "dry run graph"
else
    bad "dry run graph"; cat "$T/graph.txt"
fi
if "$W" plug $D/math_socket.wat --plug $D/math_plug.wat --wat -o "$T/math.wat" &&
   "$I" --validate "$T/math.wat" >/dev/null 2>&1; then
    ok "--wat output parses and validates"
else
    bad "--wat output parses and validates"
fi

# 3. A plug's own import is shared with the socket's import of that name.
if "$W" plug $D/add_socket.wat --plug $D/math_plug_logging.wat -o "$T/log.wasm"; then
    ok "plug with imports"
    check_valid log "$T/log.wasm"
    n=$("$I" "$T/log.wasm" | sed -n '/^imports/,/^exports/p' | grep -c '^  "a:b/log"')
    if [ "$n" = 1 ]; then ok "shared import deduplicated"; else bad "shared import deduplicated ($n)"; fi
else
    bad "plug with imports"
fi

# 4. Errors: the type difference, no match, ambiguity, and an old output
# file stays as it was.
expect_fail type-mismatch "record field 'x': expected u32, found u64" \
    $D/math_socket.wat --plug $D/math_plug_u64.wat
expect_fail no-match "plug math_plug_v1.wat satisfies no import of the socket" \
    $D/math_socket.wat --plug $D/math_plug_v1.wat
expect_fail ambiguous "is ambiguous: math_plug.wat exports .a:b/math@0.2.3. and math_plug_u64.wat" \
    $D/math_socket.wat --plug $D/math_plug.wat --plug $D/math_plug_u64.wat
printf 'old' >"$T/keep.wasm"
"$W" plug $D/math_socket.wat --plug $D/math_plug_u64.wat -o "$T/keep.wasm" 2>/dev/null
if [ "$(cat "$T/keep.wasm")" = old ]; then ok "failed run keeps the old output"; else bad "failed run keeps the old output"; fi
"$W" plug $D/math_socket.wat -o "$T/x.wasm" 2>/dev/null
if [ $? -eq 2 ]; then ok "usage error exits 2"; else bad "usage error exits 2"; fi

# 5. A jco command component (imports wasi:cli/environment@0.2.3) plugged
# with a WAT component exporting wasi:cli/environment@0.2.5.
if [ -f "$BUILD/e2e/files.component.wasm" ]; then
    if "$W" plug "$BUILD/e2e/files.component.wasm" --plug $D/env_plug.wat -o "$T/files.wasm"; then
        ok "plug jco command"
        check_valid files "$T/files.wasm"
        if "$I" "$T/files.wasm" | sed -n '/^imports/,/^exports/p' | grep -q 'wasi:cli/environment'; then
            bad "environment import is plugged"
        else
            ok "environment import is plugged"
        fi
        # It runs under wasi-run: the plug's arguments (["plugged"]) replace
        # the host's, so the program ignores "host-dir" and uses "scratch".
        rm -rf "$T/run" && mkdir -p "$T/run"
        if "$BUILD/bin/wasi-run" --dir "$T/run::/" "$T/files.wasm" host-dir >"$T/files.out" 2>&1 &&
           grep -q '^scratch/c.txt has 11 bytes$' "$T/files.out" &&
           grep -q '^2 entries$' "$T/files.out" && [ ! -e "$T/run/scratch" ]; then
            ok "plugged command runs with the plug's arguments"
        else
            bad "plugged command runs with the plug's arguments"; cat "$T/files.out"
        fi
    else
        bad "plug jco command"
    fi
else
    echo "SKIP jco command: $BUILD/e2e/files.component.wasm not built (make test builds it)"
    skipped=$((skipped + 1))
fi

# 6. An unplugged import (stdout) whose type uses a resource of a plugged
# one (streams): the result imports stdout typed with the plug's resource.
# The forwarding plug's resource comes from an import (WIT can describe the
# result: jco wit); the defining plug's is its own (only our validator, as
# WIT has no name for a resource defined inside the composition).
if "$W" plug $D/stream_socket.wat --plug $D/stream_forward_plug.wat -o "$T/stream.wasm"; then
    ok "plug streams, stdout left open"
    check_valid stream "$T/stream.wasm"
    imports=$("$I" "$T/stream.wasm" | sed -n '/^imports/,/^exports/p')
    if echo "$imports" | grep -q '^  "a:b/stdout@0.1.0"' &&
       ! echo "$imports" | grep -q '^  "a:b/streams'; then
        ok "stdout stays an import, streams does not"
    else
        bad "stdout stays an import, streams does not"
    fi
else
    bad "plug streams, stdout left open"
fi
if "$W" plug $D/stream_socket.wat --plug $D/stream_plug.wat -o "$T/stream2.wasm" &&
   "$I" --validate "$T/stream2.wasm" >"$T/stream2.log" 2>&1; then
    ok "stdout typed with a resource the plug defines"
else
    bad "stdout typed with a resource the plug defines"; cat "$T/stream2.log"
fi

# 7. Composed results run: plugging the log import as well leaves no
# imports; run() calls log(1) (the plug traps on anything else) and
# returns add(2, 3).
if "$W" plug "$T/math.wasm" --plug $D/log_plug.wat -o "$T/math_run.wasm" &&
   out=$("$BUILD/bin/wasi-run" --invoke 'a:b/run@0.1.0#run()' "$T/math_run.wasm" 2>&1) &&
   [ "$out" = 5 ]; then
    ok "composed math runs: run() = 5"
else
    bad "composed math runs: run() = 5 (got: $out)"
fi

echo "$passed passed, $failed failed, $skipped skipped"
[ $failed -eq 0 ]
