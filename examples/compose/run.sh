#!/bin/sh
# `make example-compose`: composes the components of examples/compose/ as
# composition.yaml says, prints the instantiation graph, and inspects the
# result. Run from the repository root with BUILD set.
BUILD=${BUILD:-build}
OUT=$BUILD/examples/compose
mkdir -p "$OUT"
echo "\$ wit-compose build examples/compose/composition.yaml --dry-run"
"$BUILD/bin/wit-compose" build examples/compose/composition.yaml --dry-run || exit 1
echo
echo "\$ wit-compose build examples/compose/composition.yaml -o $OUT/composed.wasm"
"$BUILD/bin/wit-compose" build examples/compose/composition.yaml -o "$OUT/composed.wasm" || exit 1
echo
echo "\$ wit-inspect --validate $OUT/composed.wasm"
"$BUILD/bin/wit-inspect" --validate "$OUT/composed.wasm" || exit 1
echo
echo "\$ wit-inspect --wit $OUT/composed.wasm"
"$BUILD/bin/wit-inspect" --wit "$OUT/composed.wasm" || exit 1
