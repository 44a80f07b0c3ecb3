#!/bin/sh
# Coverage of the functions of wasi:cli, wasi:clocks, wasi:random and
# wasi:filesystem at 0.2.12 and 0.3.0, success and error paths, that the
# other scripts leave out or reach only through node or the wasi-testsuite.
# Needs nothing but our tools (and clang with wasi-libc for the C part,
# which prints SKIP without it). A WAT component exits with the number of
# its first failed check; a C program prints one line per check, compared
# with the exact expected text.
#
#   wasi_p3/fs_more.wat (0.3; --dir ROOT::/ --dir-ro RO::/ro):
#     descriptor get-type, get-flags, advise, sync, sync-data, set-times
#     (no-change, now, timestamp, nanosecond carry, overflow), stat,
#     stat-at (sync and async lower, following links or not),
#     set-times-at, symlink-at, readlink-at, link-at, is-same-object,
#     metadata-hash, metadata-hash-at, rename-at (also across directory
#     descriptors), create-directory-at, unlink-file-at and
#     remove-directory-at, with their errors (no-entry, not-directory,
#     is-directory, not-empty, exist, invalid, bad-descriptor, overflow);
#     a read-only preopen reads, but refuses set-times(-at), symlink-at,
#     unlink-file-at, link-at, rename-at and set-size (not-permitted).
#   wasi_p3/cov_p2.wat (0.2; the functions the preview1 adapter never
#     calls, so no wasm32-wasip1 program reaches them): cli/environment
#     initial-cwd; cli/terminal-stdin, -stdout, -stderr (none when
#     redirected, handles under script(1)); random get-random-u64;
#     insecure get-insecure-random-bytes, get-insecure-random-u64;
#     insecure-seed; filesystem descriptor get-flags, is-same-object,
#     read-via-stream, write-via-stream, append-via-stream (through io
#     streams blocking-read / blocking-write-and-flush, to the closed end)
#     and their errors on a directory; filesystem-error-code of a failed
#     stream write.
#   wasi/cov_fs.c (0.2 through `wasi-adapt p1-to-p2`, and the same core
#     module adapted on the fly by wasi-run): get-directories, open-at,
#     read, write, advise, sync, sync-data, stat, get-type, set-times,
#     set-times-at, stat-at, symlink-at, readlink-at, link-at,
#     metadata-hash, metadata-hash-at, read-directory,
#     read-directory-entry, rename-at, create-directory-at,
#     unlink-file-at, remove-directory-at, set-size, with their errors.
#   wasi/cov_cli.c (0.2 through `wasi-adapt p1-to-p2`): get-arguments,
#     get-environment, get-stdin / get-stdout / get-stderr, exit (ok and
#     err), exit-with-code, monotonic-clock now / resolution /
#     subscribe-duration / subscribe-instant, wall-clock now / resolution,
#     random get-random-bytes, io poll; the errors of unknown clocks,
#     empty polls and reading stdout.
# With wasi_run_p3.sh (0.3 cli, clocks, random) and wasi_fs_p3.sh (0.3
# streams, directories, sandbox) every function is called. Not served,
# so not covered: wasi:clocks/timezone@0.2.12 (@unstable).
# Ends with "N passed, N failed, N skipped".

BUILD=${BUILD:-build}
RUN=$BUILD/bin/wasi-run
INSPECT=$BUILD/bin/wit-inspect
ADAPT=$BUILD/bin/wasi-adapt
W=tests/e2e/wasi_p3
C=tests/e2e/wasi
. tests/e2e/lib/toolchain.sh

passed=0 failed=0 skipped=0
pass() { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; [ -n "${2:-}" ] && [ -f "$2" ] && sed 's/^/     /' "$2" | head -n 30; }
skip() { skipped=$((skipped + 1)); echo "SKIP $1"; }
finish() {
    echo "$passed passed, $failed failed, $skipped skipped"
    [ "$failed" -eq 0 ]
    exit
}

for t in "$RUN" "$INSPECT" "$ADAPT"; do
    if [ ! -x "$t" ]; then
        fail "$t is built (run make)"
        finish
    fi
done

T=$(mktemp -d "${TMPDIR:-/tmp}/wasi-coverage.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT INT TERM

# wat NAME: assembles $W/NAME.wat into $T/NAME.wasm
wat() {
    "$INSPECT" -o "$T/$1.wasm" "$W/$1.wat" >"$T/$1.asm.err" 2>&1 && return 0
    fail "$1.wat assembles" "$T/$1.asm.err"
    return 1
}

# exits WHAT GOT WANT ERRFILE
exits() {
    if [ "$2" -eq "$3" ]; then
        pass "$1"
    else
        fail "$1: exit $2, expected $3 (WAT: the number of the failed check; C: the failure count)" "$4"
    fi
}

# same WHAT FILE EXPECTED-TEXT
same() {
    printf '%s\n' "$3" >"$2.want"
    if [ "$(cat "$2" 2>/dev/null)" = "$3" ]; then
        pass "$1"
    else
        diff "$2.want" "$2" >"$2.diff" 2>&1
        fail "$1" "$2.diff"
    fi
}

# tree DIR: "TYPE SIZE MTIME NAME[ -> TARGET]" for each entry of DIR
tree() {
    for _e in "$1"/*; do
        [ -e "$_e" ] || [ -L "$_e" ] || continue
        if [ -L "$_e" ]; then
            echo "link $(basename "$_e") -> $(readlink "$_e")"
        else
            echo "$(stat -c '%F %s %Y' "$_e") $(basename "$_e")"
        fi
    done
}

# ---- 0.3 filesystem: fs_more.wat ------------------------------------------------------

mkdir -p "$T/more/root" "$T/more/ro"
echo kept >"$T/more/ro/f.txt"
touch -d @1234567890 "$T/more/ro/f.txt"
if wat fs_more; then
    timeout 60 "$RUN" --dir "$T/more/root::/" --dir-ro "$T/more/ro::/ro" "$T/fs_more.wasm" \
        </dev/null >"$T/more.out" 2>"$T/more.err"
    exits "fs_more (0.3): get-type, get-flags, advise, sync(-data), set-times(-at), stat-at,
     symlinks, links, hashes, rename-at, removals, open-at errors, read-only refusals" $? 0 "$T/more.err"
    tree "$T/more/root" >"$T/more.tree"
    same "fs_more: the host holds a.txt (5 bytes, modified at 1000000000) and l -> a.txt" "$T/more.tree" \
"regular file 5 1000000000 a.txt
link l -> a.txt"
    tree "$T/more/ro" >"$T/more_ro.tree"
    same "fs_more: the read-only preopen is unchanged" "$T/more_ro.tree" "regular file 5 1234567890 f.txt"
fi

# ---- 0.2 functions the adapter never calls: cov_p2.wat -------------------------------

if wat cov_p2; then
    mkdir -p "$T/p2"
    timeout 60 "$RUN" --dir "$T/p2::/" "$T/cov_p2.wasm" </dev/null >"$T/p2.out" 2>"$T/p2.err"
    exits "cov_p2 (0.2): initial-cwd, terminals (none), random u64s, insecure, insecure-seed,
     get-flags, is-same-object, *-via-stream, filesystem-error-code" $? 0 "$T/p2.err"
    same "cov_p2: the host file holds what the streams wrote" "$T/p2/s.txt" "heLLo world"
    if command -v script >/dev/null 2>&1; then
        mkdir -p "$T/p2tty"
        timeout 60 script -qec "$RUN --dir $T/p2tty::/ $T/cov_p2.wasm" /dev/null </dev/null >"$T/p2tty.out" 2>&1
        rc=$?
        if grep -q '^script:' "$T/p2tty.out"; then
            skip "script(1) cannot make a terminal here: $(head -n 1 "$T/p2tty.out")"
        else
            exits "cov_p2 under script(1): terminal-stdin, -stdout and -stderr give handles (status 207)" $rc 207 "$T/p2tty.out"
        fi
    else
        skip "script(1) not installed: 0.2 terminal handles on a terminal untested"
    fi
fi

# ---- 0.2 through the preview1 adapter: cov_fs.c, cov_cli.c -------------------------------

if ! wasi_cc_check; then
    skip "cov_fs.c, cov_cli.c: $TOOLCHAIN_WHY"
    finish
fi

# build NAME: $C/NAME.c -> $T/NAME.wasm (core) and $T/NAME.c.wasm (adapted by wasi-adapt)
build() {
    if ! wasi_cc "$T/$1.wasm" "$C/$1.c" -O2 -Wall -Wextra -Werror >"$T/$1.cc.log" 2>&1; then
        fail "$1.c builds with clang" "$T/$1.cc.log"
        return 1
    fi
    if ! "$ADAPT" p1-to-p2 "$T/$1.wasm" -o "$T/$1.c.wasm" >"$T/$1.adapt.log" 2>&1; then
        fail "$1: wasi-adapt p1-to-p2" "$T/$1.adapt.log"
        return 1
    fi
}

FS_EXPECTED="open a.txt (open-at): ok
write hello (write): ok
posix_fadvise sequential (advise): ok
posix_fadvise dontneed (advise): ok
fsync (sync): ok
fdatasync (sync-data): ok
open the preopen as a directory: ok
fsync of a directory (sync): ok
fstat (stat): ok
fstat of a directory (stat): ok
fcntl F_GETFL read|write (kept by open-at, which asks get-type): ok
futimens (set-times): ok
fstat sees the times: ok
futimens omit/set (set-times no-change): ok
fstat: access kept, modification set: ok
fd_filestat_set_times mtim-now (set-times now): ok
fstat: access kept, modification now: ok
path_filestat_set_times atim-now (set-times-at now): ok
fstat: access now: ok
fd_filestat_set_times atim and atim-now is invalid: ok
utimensat (set-times-at): ok
stat sees the times (stat-at): ok
utimensat of a missing file (set-times-at: no-entry): ok
stat of a missing file (stat-at: no-entry): ok
stat through a file (stat-at: not-directory): ok
symlink l -> a.txt (symlink-at): ok
symlink onto an existing name (symlink-at: exist): ok
readlink l (readlink-at): ok
readlink of a file (readlink-at: invalid): ok
readlink of a missing name (readlink-at: no-entry): ok
lstat l is a link (stat-at): ok
stat l follows it (stat-at): ok
utimensat through the link (set-times-at follow): ok
the target changed: ok
utimensat of the link itself (set-times-at nofollow): ok
the target kept its time: ok
link a.txt b.txt (link-at): ok
two links (stat-at): ok
link onto an existing name (link-at: exist): ok
link of a missing name (link-at: no-entry): ok
same inode through both names (metadata-hash-at): ok
same inode from the descriptor (metadata-hash): ok
another inode for the link (metadata-hash-at): ok
readdir lists a.txt, b.txt, l with their types (read-directory): ok
opendir of a file (open-at directory: not-directory): ok
rename b.txt c.txt (rename-at): ok
b.txt is gone: ok
mkdir d (create-directory-at): ok
rename c.txt d/c.txt (rename-at): ok
d/c.txt is a.txt: ok
rename of a missing name (rename-at: no-entry): ok
rename a file onto a directory (rename-at: is-directory): ok
mkdir e (create-directory-at): ok
rename a directory onto a non-empty one (rename-at: not-empty): ok
mkdir of an existing name (create-directory-at: exist): ok
unlink of a missing name (unlink-file-at: no-entry): ok
unlink through a file (unlink-file-at: not-directory): ok
unlink of a directory (unlink-file-at: is-directory): ok
rmdir of a missing name (remove-directory-at: no-entry): ok
rmdir of a file (remove-directory-at: not-directory): ok
rmdir of a non-empty directory (remove-directory-at: not-empty): ok
rmdir e (remove-directory-at): ok
unlink d/c.txt (unlink-file-at): ok
rmdir d (remove-directory-at): ok
unlink l (unlink-file-at of a link): ok
a.txt has one link again: ok
ftruncate 3 (set-size): ok
ftruncate of a directory (set-size: bad-descriptor): ok
read of a directory (read: is-directory): ok
write to a directory fails (write): ok
open a.txt for reading (open-at): ok
write to it (write: bad-descriptor): ok
pread (read at an offset): ok
open of a missing name (open-at: no-entry): ok
exclusive create of an existing name (open-at: exist): ok
O_DIRECTORY of a file (open-at: not-directory): ok
0 failures"

if build cov_fs; then
    # the component from wasi-adapt, then the core module adapted by wasi-run
    for form in c.wasm wasm; do
        rm -rf "$T/fs"; mkdir -p "$T/fs"
        timeout 60 "$RUN" --dir "$T/fs::/sandbox" "$T/cov_fs.$form" </dev/null >"$T/fs.$form.out" 2>"$T/fs.$form.err"
        rc=$?
        [ "$form" = wasm ] && how="the core module adapted on the fly" || how="wasi-adapt p1-to-p2"
        same "cov_fs (0.2, $how): every step as expected" "$T/fs.$form.out" "$FS_EXPECTED"
        exits "cov_fs ($how): exit 0" $rc 0 "$T/fs.$form.err"
        { ls -A "$T/fs"; cat "$T/fs/a.txt"; echo; } >"$T/fs.$form.tree" 2>&1
        same "cov_fs ($how): the host directory holds only a.txt = hel" "$T/fs.$form.tree" "a.txt
hel"
    done
fi

CLI_CHECKS="stdin read to its end: ok
read from stdout is refused: ok
monotonic resolution: ok
relative sleep (subscribe-duration): ok
monotonic advanced 30 ms: ok
absolute sleep (subscribe-instant): ok
monotonic passed the instant: ok
an instant in the past does not wait: ok
wall-clock resolution: ok
wall-clock after 2020: ok
clock_time_get of clock 99 is invalid: ok
clock_res_get of clock 99 is invalid: ok
poll_oneoff of nothing is invalid: ok
random bytes: ok
random_get of 70000 bytes: ok"

if build cov_cli; then
    printf 'hello\nworld\n' >"$T/cli.in"
    timeout 60 "$RUN" --env A=1 --env "B=x y" "$T/cov_cli.c.wasm" one "two words" - \
        <"$T/cli.in" >"$T/cli.out" 2>"$T/cli.err"
    exits "cov_cli (0.2): returns 0 from main" $? 0 "$T/cli.err"
    same "cov_cli: arguments, environment, stdin upper-cased to stdout, clocks, random, errors" "$T/cli.out" \
"arg 1: one
arg 2: two words
arg 3: -
env A=1
env B=x y
HELLO
WORLD
$CLI_CHECKS"
    same "cov_cli: stderr" "$T/cli.err" "to stderr"
    timeout 60 "$RUN" "$T/cov_cli.c.wasm" - <&- >"$T/cli_closed.out" 2>"$T/cli_closed.err"
    exits "cov_cli: a closed stdin reads as empty" $? 0 "$T/cli_closed.err"
    same "cov_cli: no environment without --env" "$T/cli_closed.out" "arg 1: -
$CLI_CHECKS"
    for code in 0 1 7 255; do
        timeout 60 "$RUN" "$T/cov_cli.c.wasm" "$code" </dev/null >"$T/cli_$code.out" 2>"$T/cli_$code.err"
        exits "cov_cli: exit($code) is status $code" $? "$code" "$T/cli_$code.err"
    done
fi

finish
