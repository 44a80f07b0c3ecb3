#!/bin/sh
# The wasi-testsuite wasm32-wasip1 programs under wasi-run with jco's
# bundled preview1 adapter instead of ours (see wasi_testsuite.sh).
cd "$(dirname "$0")/../.." || exit 2
WASI_ADAPT=0 exec sh tests/e2e/wasi_testsuite.sh
