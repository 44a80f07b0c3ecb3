#!/bin/sh
# End-to-end checks of the benchmark programs (bench/programs): each one
# builds for wasm32 without libc, decodes and validates with wit-inspect,
# imports nothing and exports run: [i32] -> [i32]; its native build gives a
# checksum at the small "test-size"; wabt's wasm-interp (when installed)
# and our wasi-run (once built) must give the same checksum from the .wasm.
# Ends with "N passed, N failed[, N skipped]".

BUILD=${BUILD:-build}
INSPECT=$BUILD/bin/wit-inspect
WASI_RUN=$BUILD/bin/wasi-run
. bench/programs/build.sh

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

T=$(mktemp -d "${TMPDIR:-/tmp}/bench-programs.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
trap 'exit 1' INT TERM

if [ ! -x "$INSPECT" ]; then
    fail "$INSPECT is built (run make)"
    finish
fi
if ! bench_wasm_check; then
    skip "bench programs: $BENCH_WHY"
    finish
fi

programs=$(bench_programs)
if [ "$(echo "$programs" | wc -w)" -ge 9 ]; then
    pass "bench/programs has $(echo "$programs" | wc -w | tr -d " ") programs"
else
    fail "bench/programs has 9 programs or more, found: $programs"
fi

have_wabt=0
command -v wasm-interp >/dev/null 2>&1 && have_wabt=1

for name in $programs; do
    n=$(bench_size "$name" test)
    if [ -z "$n" ] || [ -z "$(bench_size "$name" bench)" ]; then
        fail "$name: has bench-size and test-size lines"
        continue
    fi
    wasm=$T/$name.wasm
    if bench_build_wasm "$wasm" "$name" >"$T/$name.build" 2>&1; then
        pass "$name: builds for wasm32 with -nostdlib"
    else
        fail "$name: builds for wasm32" "$T/$name.build"
        continue
    fi
    if "$INSPECT" --validate "$wasm" >"$T/$name.validate" 2>&1; then
        pass "$name: wit-inspect --validate"
    else
        fail "$name: wit-inspect --validate" "$T/$name.validate"
    fi
    "$INSPECT" "$wasm" >"$T/$name.summary" 2>&1
    if grep -q '^imports' "$T/$name.summary"; then
        fail "$name: no imports" "$T/$name.summary"
    elif grep -qF '"run" (func (param i32) (result i32))' "$T/$name.summary"; then
        pass "$name: no imports, exports run: [i32] -> [i32]"
    else
        fail "$name: exports run: [i32] -> [i32]" "$T/$name.summary"
    fi

    if ! bench_build_native "$T/$name.native" "$name" >"$T/$name.nbuild" 2>&1; then
        fail "$name: builds natively with gcc -O2" "$T/$name.nbuild"
        continue
    fi
    native_sum=$("$T/$name.native" "$n" 2>/dev/null | bench_checksum)
    if [ -n "$native_sum" ]; then
        pass "$name: native run($n) = $native_sum"
    else
        fail "$name: native run($n) prints a checksum"
        continue
    fi

    # wabt's interpreter cannot pass arguments, so a second module wraps
    # the call in an export without parameters.
    if [ "$have_wabt" -eq 1 ]; then
        printf 'unsigned run(unsigned);\n__attribute__((visibility("default"))) unsigned check(void) { return run(%su); }\n' \
            "$n" >"$T/$name.check.c"
        if clang $BENCH_WASM_CFLAGS -c "$T/$name.check.c" -o "$T/$name.check.o" &&
            clang --target=wasm32 -nostdlib -Wl,--no-entry -Wl,--export=check \
                "$wasm.o" "$wasm.mem.o" "$T/$name.check.o" -o "$T/$name.check.wasm" &&
            wasm-interp "$T/$name.check.wasm" --run-all-exports >"$T/$name.wabt" 2>&1; then
            wabt_sum=$(sed -n 's/^check() => i32:\([0-9]*\)$/\1/p' "$T/$name.wabt")
            if [ "$wabt_sum" = "$native_sum" ]; then
                pass "$name: wasm-interp (wabt) gives the native checksum"
            else
                fail "$name: wasm-interp (wabt) gives $wabt_sum, native $native_sum" "$T/$name.wabt"
            fi
        else
            fail "$name: wasm-interp (wabt) runs the program" "$T/$name.wabt"
        fi
    else
        skip "$name: wasm-interp (wabt) reference run: wasm-interp not installed"
    fi

    if [ -x "$WASI_RUN" ]; then
        if "$WASI_RUN" --invoke run "$n" "$wasm" >"$T/$name.run" 2>&1; then
            wasm_sum=$(bench_checksum <"$T/$name.run")
            if [ "$wasm_sum" = "$native_sum" ]; then
                pass "$name: wasi-run --invoke run $n gives the native checksum"
            else
                fail "$name: wasi-run --invoke run $n gives $wasm_sum, native $native_sum" "$T/$name.run"
            fi
        else
            fail "$name: wasi-run --invoke run $n" "$T/$name.run"
        fi
    else
        skip "$name: wasi-run --invoke run $n: $WASI_RUN not built yet"
    fi
done
finish
