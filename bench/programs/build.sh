# Builds the benchmark programs in bench/programs (POSIX sh; source it from
# the repository root). Used by bench/interp.sh and
# tests/e2e/bench_programs.sh.
#
#   bench_programs                 names of the programs (files with a
#                                  "bench-size:" line; mem.c and
#                                  native_main.c are support files)
#   bench_size NAME bench|test     the problem size from that line
#   bench_wasm_check               clang can target wasm32 (sets BENCH_WHY)
#   bench_build_wasm OUT NAME      clang --target=wasm32 -nostdlib -O2
#   bench_build_native OUT NAME    gcc -O2 with native_main.c
#   bench_checksum < OUTPUT        the first integer of the first line
#                                  (type tags like "i32:" ignored), as an
#                                  unsigned 32-bit number

BENCH_SRC=bench/programs
BENCH_WHY=

bench_programs() {
    grep -l '^ \* bench-size: [0-9][0-9]*$' "$BENCH_SRC"/*.c | sed 's|.*/||; s|\.c$||'
}

bench_size() {
    sed -n "s/^ \\* $2-size: \\([0-9][0-9]*\\)\$/\\1/p" "$BENCH_SRC/$1.c" | head -n 1
}

bench_wasm_check() {
    if ! command -v clang >/dev/null 2>&1; then
        BENCH_WHY="clang not installed"; return 1
    fi
    if ! command -v wasm-ld >/dev/null 2>&1; then
        BENCH_WHY="wasm-ld not installed (package lld)"; return 1
    fi
    return 0
}

# No libc: mem.c gives clang's implicit memcpy/memset calls a definition,
# built apart with -fno-builtin so its loops do not become calls to itself.
# No entry point; `run` is the only function export (wasm-ld also exports
# the memory). 1 MiB of shadow stack is far more than the programs use.
BENCH_WASM_CFLAGS="--target=wasm32 -std=c11 -O2 -ffreestanding -Wall -Wextra -Werror"
bench_build_wasm() {
    _bo=$1; _bn=$2
    mkdir -p "$(dirname "$_bo")"
    clang $BENCH_WASM_CFLAGS -fno-builtin -c "$BENCH_SRC/mem.c" -o "$_bo.mem.o" &&
    clang $BENCH_WASM_CFLAGS -c "$BENCH_SRC/$_bn.c" -o "$_bo.o" &&
    clang --target=wasm32 -nostdlib -Wl,--no-entry -Wl,--export=run \
        -Wl,-z,stack-size=1048576 "$_bo.o" "$_bo.mem.o" -o "$_bo"
}

bench_build_native() {
    _bo=$1; _bn=$2
    mkdir -p "$(dirname "$_bo")"
    gcc -std=c11 -O2 -Wall -Wextra -Werror -c "$BENCH_SRC/$_bn.c" -o "$_bo.o" &&
    gcc -std=c11 -O2 -Wall -Wextra -Werror "$BENCH_SRC/native_main.c" "$_bo.o" -o "$_bo" -lm
}

bench_checksum() {
    head -n 1 | awk '{
        gsub(/[if](32|64)/, " ")   # a type tag such as "i32:" is not the value
        for (i = 1; i <= NF; i++) {
            if (match($i, /-?[0-9]+/)) {
                v = substr($i, RSTART, RLENGTH) + 0
                if (v < 0) v += 4294967296
                printf "%.0f\n", v
                exit
            }
        }
    }'
}
