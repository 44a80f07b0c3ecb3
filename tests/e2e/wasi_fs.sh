#!/bin/sh
# wasi:filesystem under wasi-run: C programs (tests/e2e/wasi/fs_*.c) built
# with clang + wasi-libc and wrapped by `jco new --wasi-command` (jco's
# preview1 adapter) run against temporary directories given with --dir /
# --dir-ro. fs_files exercises files and directories, success and error
# paths; fs_escape tries "..", absolute paths and symlinks out of a preopen,
# and changes through a read-only one, and the host tree is checked
# afterwards: nothing outside changed. Outputs are compared with the
# expected text below (jco run grants the guest the whole host filesystem,
# so it cannot serve as a sandboxed oracle). Ends with "N passed, N failed".

BUILD=${BUILD:-build}
TOOL=$BUILD/bin/wasi-run
. tests/e2e/lib/toolchain.sh

passed=0 failed=0 skipped=0
pass() { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; [ -n "${2:-}" ] && sed 's/^/     /' "$2" | head -n 30; }
skip() { skipped=$((skipped + 1)); echo "SKIP $1"; }
finish() {
    echo "$passed passed, $failed failed, $skipped skipped"
    [ "$failed" -eq 0 ]
    exit
}

T=$(mktemp -d "${TMPDIR:-/tmp}/wasi-fs-e2e.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT INT TERM

if [ ! -x "$TOOL" ]; then
    fail "$TOOL is built (run make)"
    finish
fi
if ! wasi_cc_check; then
    skip "wasi:filesystem programs: $TOOLCHAIN_WHY"
    finish
fi
if ! npm_tools_setup; then
    skip "wasi:filesystem programs: $TOOLCHAIN_WHY"
    finish
fi

# build NAME: tests/e2e/wasi/NAME.c -> $T/NAME.component.wasm
build() {
    if ! wasi_cc "$T/$1.wasm" "tests/e2e/wasi/$1.c" -O2 >"$T/$1.cc.log" 2>&1; then
        fail "$1.c builds with clang" "$T/$1.cc.log"; return 1
    fi
    if ! jco_command "$T/$1.component.wasm" "$T/$1.wasm" >"$T/$1.jco.log" 2>&1; then
        fail "$1 wraps with jco new --wasi-command" "$T/$1.jco.log"; return 1
    fi
}

# run NAME ARGS...: wasi-run ARGS... NAME.component.wasm; rc, .out, .err
run() {
    _n=$1; shift
    "$TOOL" "$@" "$T/$_n.component.wasm" >"$T/$_n.out" 2>"$T/$_n.err"
    rc=$?
}

# needs_fs NAME: false (with a SKIP) while wasi-run does not serve
# wasi:filesystem at all, which is another part of the host.
needs_fs() {
    if [ "$rc" -ne 0 ] && grep -qE "(unknown|missing) import.*wasi:filesystem" "$T/$1.err"; then
        skip "$1: wasi-run does not define wasi:filesystem yet ($(head -n 1 "$T/$1.err"))"
        return 1
    fi
}

# same WHAT NAME EXPECTED-FILE
same() {
    if [ "$rc" -ne 0 ]; then
        fail "$1: exit $rc" "$T/$2.err"
    elif diff -u "$3" "$T/$2.out" >"$T/$2.diff"; then
        pass "$1"
    else
        fail "$1: output differs from the expected" "$T/$2.diff"
    fi
}

# A command without filesystem use must run first: otherwise the run mode
# itself (another part of wasi-run) is not there yet.
printf '#include <stdio.h>\nint main(void) { puts("probe"); return 0; }\n' >"$T/probe.c"
if wasi_cc "$T/probe.wasm" "$T/probe.c" -O2 >"$T/probe.log" 2>&1 &&
        jco_command "$T/probe.component.wasm" "$T/probe.wasm" >>"$T/probe.log" 2>&1; then
    run probe
    if [ "$rc" -ne 0 ] || [ "$(cat "$T/probe.out")" != probe ]; then
        skip "wasi-run cannot run a WASI 0.2 command yet: $(head -n 1 "$T/probe.err")"
        finish
    fi
fi

# ---- files and directories ----------------------------------------------------

cat >"$T/fs_files.expected" <<'OUT'
read back: hello world
open rw: ok
lseek set: 6
write: 5
lseek end: 12
pread: 11 'hello WASI!'
pwrite: 1
fstat: ok
size 12 regular 1 links 1
ftruncate 5: ok
size after truncate: 5
append write: 2
content: Hello++
utimensat: ok
atime 1000000000 mtime 1234567890
mkdir d: ok
mkdir d again: EEXIST
create d/x: ok
create d/y: ok
readdir d: x y
rename d/x d/z: ok
access d/x: ENOENT
readdir d: y z
unlink d/z: ok
rmdir d (not empty): ENOTEMPTY
unlink d: EISDIR
unlink d/y: ok
rmdir d: ok
stat d: ENOENT
symlink ln -> a.txt: ok
readlink ln: 5 a.txt
lstat ln: ok
ln is link 1
stat through ln: size 7
readlink a.txt: EINVAL
symlink ln again: EEXIST
unlink ln: ok
symlink dangling: ok
open dangling: ENOENT
unlink dang: ok
link hard -> a.txt: ok
links 2
unlink hard: ok
open missing: ENOENT
open a.txt/x: ENOTDIR
open excl a.txt: EEXIST
open dir for write: EISDIR
rmdir a.txt: ENOTDIR
unlink missing: ENOENT
mkdir sub: ok
unlink sub: EISDIR
rename a.txt sub/b.txt: ok
size sub/b.txt: 7
readdir .: sub
OUT

if build fs_files; then
    mkdir -p "$T/files"
    run fs_files --dir "$T/files::/"
    if needs_fs fs_files; then
        same "fs_files: files and directories, success and error paths" fs_files "$T/fs_files.expected"
        if [ "$(cat "$T/files/sub/b.txt" 2>/dev/null)" = "Hello++" ] && [ "$(ls "$T/files")" = sub ]; then
            pass "fs_files: the host directory holds what the guest left"
        else
            fail "fs_files: host directory after the run: $(ls -R "$T/files" | tr '\n' ' ')"
        fi
    fi
fi

# ---- no escape -----------------------------------------------------------------

cat >"$T/fs_escape.expected" <<'OUT'
open inside.txt: ok
open dir/../inside.txt: ok
open ..: EPERM
open ../outside/secret: EPERM
open dir/../../outside/secret: EPERM
open /etc/passwd: EPERM
open abs/passwd (follow): EPERM
open abs (follow): EPERM
open out/secret (follow): EPERM
open out (follow): EPERM
open dir/upup/outside/secret (follow): EPERM
open out/new (follow): EPERM
stat ../outside: EPERM
stat abs/passwd: EPERM
mkdir ../escaped: EPERM
mkdir out/escaped: EPERM
unlink ../outside/secret: EPERM
unlink out/secret: EPERM
rename inside.txt -> ../moved: EPERM
symlink /etc -> mine: EPERM
readlink abs: EPERM
open file.txt: ok
open file.txt: EPERM
open new.txt: EPERM
open file.txt: EPERM
ro mkdir: EPERM
ro unlink: EPERM
ro symlink: EPERM
ro rename: EPERM
OUT

if build fs_escape; then
    E=$T/escape
    mkdir -p "$E/root/dir" "$E/outside" "$E/ro"
    echo secret >"$E/outside/secret"
    echo inside >"$E/root/inside.txt"
    echo file >"$E/ro/file.txt"
    ln -s /etc "$E/root/abs"
    ln -s ../outside "$E/root/out"
    ln -s ../.. "$E/root/dir/upup"
    before=$(cd "$E" && find . | sort | tr '\n' ' ')
    run fs_escape --dir "$E/root::/" --dir-ro "$E/ro::/ro"
    if needs_fs fs_escape; then
        same "fs_escape: .., absolute paths and symlinks out of a preopen are refused; a read-only preopen refuses changes" \
            fs_escape "$T/fs_escape.expected"
        after=$(cd "$E" && find . | sort | tr '\n' ' ')
        if [ "$before" = "$after" ] && [ "$(cat "$E/outside/secret")" = secret ] && [ "$(cat "$E/ro/file.txt")" = file ]; then
            pass "fs_escape: nothing inside or outside the preopens changed"
        else
            fail "fs_escape: host tree changed: before '$before' after '$after'"
        fi
    fi
fi

finish
