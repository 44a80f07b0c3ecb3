#!/bin/sh
# wasi:filesystem@0.3.0 under wasi-run: hand-written WAT command components
# (tests/e2e/wasi_p3/fs_*.wat: stackful async lift of wasi:cli/run@0.3.0,
# sync and async lowers, stream/future/waitable-set built-ins) run against
# temporary directories. A component exits with the number of its first
# failed check (0 when all pass); the host tree is checked afterwards.
#   fs_files: streams (read/write/append-via-stream, read-directory), stat,
#     set-size, and error paths through results and futures.
#   fs_escape: "..", absolute paths and symlinks out of a preopen, and
#     changes through a read-only preopen, each refused; nothing outside
#     changes.
# Ends with "N passed, N failed".

BUILD=${BUILD:-build}
TOOL=$BUILD/bin/wasi-run
INSPECT=$BUILD/bin/wit-inspect
SRC=tests/e2e/wasi_p3

passed=0 failed=0
pass() { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; [ -n "${2:-}" ] && sed 's/^/     /' "$2" | head -n 20; }
finish() {
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit
}

for t in "$TOOL" "$INSPECT"; do
    if [ ! -x "$t" ]; then
        fail "$t is built (run make)"
        finish
    fi
done

T=$(mktemp -d "${TMPDIR:-/tmp}/wasi-fs-p3.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT INT TERM

# run NAME WASI-RUN-OPTIONS...: assembles NAME.wat, runs it; sets rc
run() {
    _n=$1; shift
    rc=99
    if ! "$INSPECT" -o "$T/$_n.wasm" "$SRC/$_n.wat" >"$T/$_n.err" 2>&1; then
        fail "$_n.wat assembles" "$T/$_n.err"
        return 1
    fi
    "$TOOL" "$@" "$T/$_n.wasm" >"$T/$_n.out" 2>"$T/$_n.err"
    rc=$?
}

# fs_files in an empty preopen
mkdir -p "$T/files"
if run fs_files --dir "$T/files::/"; then
    if [ "$rc" -eq 0 ]; then
        pass "fs_files: streams, directories, metadata, error paths"
    else
        fail "fs_files: exit $rc (the number of the failed check)" "$T/fs_files.err"
    fi
    if [ "$(cat "$T/files/sub/f.txt" 2>/dev/null)" = "hello" ] &&
       [ "$(ls "$T/files")" = "sub" ] && [ "$(ls "$T/files/sub")" = "f.txt" ]; then
        pass "fs_files: the host directory holds sub/f.txt = hello"
    else
        ls -lR "$T/files" >"$T/files.ls" 2>&1
        fail "fs_files: the host directory holds sub/f.txt = hello" "$T/files.ls"
    fi
fi

# fs_escape: ROOT and a read-only RO, with files next to and inside them
mkdir -p "$T/esc/root" "$T/esc/ro"
echo secret >"$T/esc/outside.txt"
echo kept >"$T/esc/ro/f.txt"
(cd "$T/esc" && ls -lR) >"$T/esc.before"
if run fs_escape --dir "$T/esc/root::/" --dir-ro "$T/esc/ro::/ro"; then
    if [ "$rc" -eq 0 ]; then
        pass "fs_escape: .., absolute paths and symlinks out, and read-only changes, refused"
    else
        fail "fs_escape: exit $rc (the number of the failed check)" "$T/fs_escape.err"
    fi
    if [ "$(readlink "$T/esc/root/up")" = ".." ] && [ "$(cat "$T/esc/outside.txt")" = secret ] &&
       [ "$(cat "$T/esc/ro/f.txt")" = kept ] && [ "$(ls "$T/esc/root")" = up ] &&
       [ "$(ls "$T/esc/ro")" = f.txt ] && [ "$(ls "$T/esc")" = "outside.txt
ro
root" ]; then
        pass "fs_escape: nothing outside the preopen or inside the read-only one changed"
    else
        (cd "$T/esc" && ls -lR) >"$T/esc.after"
        diff "$T/esc.before" "$T/esc.after" >"$T/esc.diff"
        fail "fs_escape: nothing outside the preopen or inside the read-only one changed" "$T/esc.diff"
    fi
fi

finish
