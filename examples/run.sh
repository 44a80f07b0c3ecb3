#!/bin/sh
# `make example`: the toolkit's main job on the bundled example. Builds
# examples/hello.c into a wasm32-wasip1 core module, adapts it into a WASI
# 0.2 component with the bundled preview1 adapter, inspects the component,
# and runs it (and the core module, adapted on the fly) under wasi-run.
# Run from the repository root with BUILD set.
. tests/e2e/lib/toolchain.sh
OUT=$BUILD/examples

if ! wasi_cc_check; then
    echo "example: cannot build: $TOOLCHAIN_WHY" >&2
    exit 1
fi
mkdir -p "$OUT"
step() { echo; echo "\$ $*"; "$@" || exit 1; }

wasi_cc "$OUT/hello.wasm" examples/hello.c -O2 -Wall -Wextra || exit 1
echo "example: built $OUT/hello.wasm ($(wc -c <"$OUT/hello.wasm") bytes, a wasm32-wasip1 core module)"

step "$BUILD/bin/wasi-adapt" p1-to-p2 "$OUT/hello.wasm" -o "$OUT/hello.component.wasm"
step "$BUILD/bin/wit-inspect" --validate "$OUT/hello.component.wasm"
step "$BUILD/bin/wit-inspect" --wit "$OUT/hello.component.wasm"
step "$BUILD/bin/wasi-run" "$OUT/hello.component.wasm" component
step "$BUILD/bin/wasi-run" "$OUT/hello.wasm" "core module"
