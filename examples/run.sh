#!/bin/sh
# `make example`: builds examples/hello.c into a core module and a component
# and inspects them. Run from the repository root with BUILD set.
. tests/e2e/lib/toolchain.sh
OUT=$BUILD/examples

if ! wasi_cc_check; then
    echo "example: cannot build: $TOOLCHAIN_WHY" >&2
    exit 1
fi
mkdir -p "$OUT"
wasi_cc "$OUT/hello.wasm" examples/hello.c -O2 -Wall -Wextra || exit 1
echo "example: built $OUT/hello.wasm ($(wc -c <"$OUT/hello.wasm") bytes, a wasm32-wasip1 core module)"
files=$OUT/hello.wasm

if npm_tools_setup; then
    jco_command "$OUT/hello.component.wasm" "$OUT/hello.wasm" || exit 1
    echo "example: wrapped it with jco into $OUT/hello.component.wasm ($(wc -c <"$OUT/hello.component.wasm") bytes, a WASI 0.2 component)"
    files="$files $OUT/hello.component.wasm"
else
    echo "example: NOT building the component: $TOOLCHAIN_WHY; only the core module is inspected"
fi

# wit-inspect is the tool for this; until it is built, the round-trip
# checker shows that libcomp reads, validates and re-writes the files.
if [ -x "$BUILD/bin/wit-inspect" ]; then
    for f in $files; do
        echo
        echo "\$ wit-inspect $f"
        "$BUILD/bin/wit-inspect" "$f" || exit 1
    done
else
    echo
    echo "example: $BUILD/bin/wit-inspect is not built yet; checking the files with the round-trip tool instead"
    echo "\$ roundtrip $files"
    # shellcheck disable=SC2086
    "$BUILD/tests/tools/roundtrip" $files || exit 1
fi
