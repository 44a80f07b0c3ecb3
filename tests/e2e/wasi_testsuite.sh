#!/bin/sh
# The official wasi-testsuite wasm32-wasip1 programs (read from
# /work/wasi-testsuite, or $WASI_TESTSUITE; never copied into this tree)
# under wasi-run: each core module becomes a component through a preview1
# adapter, runs with its .json's args, env and root directory (a fresh
# copy, as the tests change it, given as --dir COPY::/), and must exit with
# the .json's exit_code (default 0) and print its stdout (when given).
#
# Two modes: by default our own `wasi-adapt p1-to-p2` with the bundled
# preview1 adapter (adapters/preview1); WASI_ADAPT=0 uses jco's bundled
# adapter (`jco new --wasi-command`) instead (wasi_testsuite_jco.sh). Tests
# named in the mode's known-failure list (tests/e2e/wasi_testsuite_known.txt,
# or wasi_testsuite_known_jco.txt) are expected to fail, each with a
# reason; one that passes fails the run until it is removed from the list.
# Ends with "N passed, N failed, N skipped".

BUILD=${BUILD:-build}
TOOL=$BUILD/bin/wasi-run
ADAPT=$BUILD/bin/wasi-adapt
SUITE=${WASI_TESTSUITE:-/work/wasi-testsuite}
WASI_ADAPT=${WASI_ADAPT:-1}
if [ "$WASI_ADAPT" = 1 ]; then
    KNOWN=tests/e2e/wasi_testsuite_known.txt
else
    KNOWN=tests/e2e/wasi_testsuite_known_jco.txt
fi
. tests/e2e/lib/toolchain.sh

passed=0 failed=0 skipped=0
pass() { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; [ -n "${2:-}" ] && sed 's/^/     /' "$2" | head -n 15; }
skip() { skipped=$((skipped + 1)); echo "SKIP $1"; }
finish() {
    echo "$passed passed, $failed failed, $skipped skipped"
    [ "$failed" -eq 0 ]
    exit
}

T=$(mktemp -d "${TMPDIR:-/tmp}/wasi-testsuite.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT INT TERM

if [ ! -d "$SUITE/tests" ]; then
    skip "wasi-testsuite: $SUITE not present"
    finish
fi
if [ ! -x "$TOOL" ]; then
    fail "$TOOL is built (run make)"
    finish
fi
# node reads the .json files; jco is the other mode's adapter
if ! npm_tools_setup; then
    skip "wasi-testsuite: $TOOLCHAIN_WHY"
    finish
fi
if [ "$WASI_ADAPT" = 1 ] && [ ! -x "$ADAPT" ]; then
    fail "$ADAPT is built (run make)"
    finish
fi

# adapt MODULE OUT
adapt() {
    if [ "$WASI_ADAPT" = 1 ]; then
        "$ADAPT" p1-to-p2 "$1" -o "$2"
    else
        jco_command "$2" "$1"
    fi
}

# The run mode must work at all (another part of wasi-run) before the suite
# says anything about this host.
probe=$SUITE/tests/assemblyscript/testsuite/wasm32-wasip1/proc_exit-success.wasm
if [ -f "$probe" ] && adapt "$probe" "$T/probe.component.wasm" >"$T/probe.log" 2>&1; then
    "$TOOL" "$T/probe.component.wasm" >"$T/probe.out" 2>"$T/probe.err"
    if [ $? -ne 0 ]; then
        skip "wasi-testsuite: wasi-run cannot run a WASI 0.2 command yet: $(head -n 1 "$T/probe.err")"
        finish
    fi
fi

# config JSON: one line per item for the shell (KEY<TAB>VALUE), with
# backslashes and newlines in values escaped as \\ and \n (unescaped by
# printf %b below).
config() {
    node -e '
const fs = require("fs");
const c = fs.existsSync(process.argv[1]) ? JSON.parse(fs.readFileSync(process.argv[1], "utf8")) : {};
const out = [];
const esc = (s) => String(s).replace(/\\/g, "\\\\").replace(/\n/g, "\\n");
for (const a of c.args || []) out.push("arg\t" + esc(a));
for (const [k, v] of Object.entries(c.env || {})) out.push("env\t" + esc(k + "=" + v));
if (c.root) out.push("root\t" + c.root);
out.push("exit\t" + (c.exit_code === undefined ? 0 : c.exit_code));
if (c.stdout !== undefined) fs.writeFileSync(process.argv[2], c.stdout);
process.stdout.write(out.join("\n") + "\n");
' "$1" "$2"
}

known_reason() {
    [ -f "$KNOWN" ] && awk -v n="$1" '$1 == n { $1 = ""; sub(/^ +/, ""); print; exit }' "$KNOWN"
}

for wasm in "$SUITE"/tests/*/testsuite/wasm32-wasip1/*.wasm; do
    [ -f "$wasm" ] || continue
    lang=$(basename "$(dirname "$(dirname "$(dirname "$wasm")")")")
    name=$lang/$(basename "$wasm" .wasm)
    dir=$(dirname "$wasm")
    json=${wasm%.wasm}.json
    w=$T/run
    rm -rf "$w"
    mkdir -p "$w"
    if ! adapt "$wasm" "$w/test.component.wasm" >"$w/adapt.log" 2>&1; then
        fail "$name: adapting the module" "$w/adapt.log"
        continue
    fi
    if ! config "$json" "$w/stdout.expected" >"$w/config" 2>"$w/config.err"; then
        fail "$name: reading $json" "$w/config.err"
        continue
    fi
    set --
    root=$(awk -F '\t' '$1 == "root" { print $2 }' "$w/config")
    if [ -n "$root" ]; then
        cp -R "$dir/$root" "$w/root"
        set -- "$@" --dir "$w/root::/"
    fi
    while IFS="$(printf '\t')" read -r key value; do
        [ "$key" = env ] && set -- "$@" --env "$(printf '%b' "$value")"
    done <"$w/config"
    set -- "$@" "$w/test.component.wasm"
    while IFS="$(printf '\t')" read -r key value; do
        [ "$key" = arg ] && set -- "$@" "$(printf '%b' "$value")"
    done <"$w/config"
    want=$(awk -F '\t' '$1 == "exit" { print $2 }' "$w/config")
    timeout 60 "$TOOL" "$@" >"$w/out" 2>"$w/err" </dev/null
    rc=$?
    ok=1
    why=
    if [ "$rc" -ne "$want" ]; then
        ok=0 why="exit $rc, expected $want"
    elif [ -f "$w/stdout.expected" ] && ! cmp -s "$w/stdout.expected" "$w/out"; then
        ok=0 why="stdout '$(head -c 80 "$w/out")', expected '$(head -c 80 "$w/stdout.expected")'"
    fi
    reason=$(known_reason "$name")
    if [ -n "$reason" ]; then
        if [ "$ok" -eq 1 ]; then
            fail "$name passes now: remove it from $KNOWN"
        else
            skip "$name (known: $reason)"
        fi
    elif [ "$ok" -eq 1 ]; then
        pass "$name"
    else
        fail "$name: $why" "$w/err"
    fi
done

finish
