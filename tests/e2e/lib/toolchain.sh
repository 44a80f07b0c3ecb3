# Real toolchains for the end-to-end scripts, bench/run.sh and `make example`.
# Source it (POSIX sh) from the repository root:
#
#   . tests/e2e/lib/toolchain.sh
#   wasi_cc_check || echo "SKIP clang: $TOOLCHAIN_WHY"
#   wasi_cc out.wasm prog.c -O2          clang --target=wasm32-wasi
#   npm_tools_setup || echo "SKIP node: $TOOLCHAIN_WHY"
#   jco_command out.component.wasm in.wasm   jco new --wasi-command, cached
#   componentize_js out.wasm app.js witdir   componentize-js, cached
#   componentize_js out.wasm app.js witdir world http   ... without http
#   "$JCO" wit file.wasm
#
# The npm packages are pinned by tests/e2e/package.json and package-lock.json
# and installed with `npm ci` into $BUILD/npm, never into the source tree.
# Slow outputs (componentize-js takes ~10 s) are cached in $BUILD/e2e/cache
# under the hash of everything that goes into them.

BUILD=${BUILD:-build}
TOOLCHAIN_SRC=tests/e2e
NPM_DIR=$BUILD/npm
TOOLCHAIN_CACHE=$BUILD/e2e/cache
TOOLCHAIN_WHY=
JCO=
COMPONENTIZE_JS=

# clang with the wasm32 target, wasi-libc and the wasm32 builtins.
wasi_cc_check() {
    if ! command -v clang >/dev/null 2>&1; then
        TOOLCHAIN_WHY="clang not installed"; return 1
    fi
    _tc_probe_dir=$BUILD/e2e/probe
    mkdir -p "$_tc_probe_dir"
    printf 'int main(void) { return 0; }\n' >"$_tc_probe_dir/probe.c"
    if ! clang --target=wasm32-wasi -O2 "$_tc_probe_dir/probe.c" -o "$_tc_probe_dir/probe.wasm" \
            >"$_tc_probe_dir/probe.log" 2>&1; then
        TOOLCHAIN_WHY="clang cannot build wasm32-wasi programs (need wasi-libc and libclang-rt-14-dev-wasm32: make deps); see $_tc_probe_dir/probe.log"
        return 1
    fi
    return 0
}

# wasi_cc OUT SRC [CFLAGS...]
wasi_cc() {
    _tc_out=$1; _tc_src=$2; shift 2
    mkdir -p "$(dirname "$_tc_out")"
    clang --target=wasm32-wasi "$@" "$_tc_src" -o "$_tc_out"
}

# Content hash of files and strings (the cache key).
toolchain_hash() {
    for _tc_item in "$@"; do
        if [ -f "$_tc_item" ]; then cat "$_tc_item"; else printf '%s' "$_tc_item"; fi
        printf '\0'
    done | sha256sum | cut -c1-32
}

# Installs the pinned jco and componentize-js into $BUILD/npm (once per
# package-lock.json) and sets $JCO and $COMPONENTIZE_JS.
npm_tools_setup() {
    if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
        TOOLCHAIN_WHY="node/npm not installed"; return 1
    fi
    _tc_bin=$NPM_DIR/node_modules/.bin
    if ! cmp -s "$TOOLCHAIN_SRC/package-lock.json" "$NPM_DIR/package-lock.json" \
            || [ ! -x "$_tc_bin/jco" ] || [ ! -x "$_tc_bin/componentize-js" ]; then
        # Install beside the old copy and swap, so a failed install leaves
        # nothing half-made at $NPM_DIR.
        _tc_tmp=$NPM_DIR.tmp.$$
        rm -rf "$_tc_tmp"
        mkdir -p "$_tc_tmp"
        cp "$TOOLCHAIN_SRC/package.json" "$TOOLCHAIN_SRC/package-lock.json" "$_tc_tmp/"
        if ! (cd "$_tc_tmp" && npm ci --no-audit --no-fund --loglevel=error) >"$BUILD/npm-ci.log" 2>&1; then
            rm -rf "$_tc_tmp"
            TOOLCHAIN_WHY="npm ci failed (see $BUILD/npm-ci.log)"; return 1
        fi
        rm -rf "$NPM_DIR"
        mv "$_tc_tmp" "$NPM_DIR"
    fi
    JCO=$_tc_bin/jco
    COMPONENTIZE_JS=$_tc_bin/componentize-js
    return 0
}

# cache_lookup KEY OUT: copies a cached output to OUT; fails on a miss.
cache_lookup() {
    [ -f "$TOOLCHAIN_CACHE/$1.wasm" ] || return 1
    mkdir -p "$(dirname "$2")"
    cp "$TOOLCHAIN_CACHE/$1.wasm" "$2"
}

# cache_store KEY FILE
cache_store() {
    mkdir -p "$TOOLCHAIN_CACHE"
    cp "$2" "$TOOLCHAIN_CACHE/$1.wasm.tmp.$$" && mv "$TOOLCHAIN_CACHE/$1.wasm.tmp.$$" "$TOOLCHAIN_CACHE/$1.wasm"
}

# jco_command OUT MODULE: wraps a wasm32-wasip1 command module into a
# WASI 0.2 component (jco's bundled preview1 adapter). Needs npm_tools_setup.
jco_command() {
    _tc_key=jco-$(toolchain_hash "$2" "$TOOLCHAIN_SRC/package-lock.json")
    cache_lookup "$_tc_key" "$1" && return 0
    mkdir -p "$(dirname "$1")"
    "$JCO" new "$2" --wasi-command -o "$1" || return 1
    cache_store "$_tc_key" "$1"
}

# componentize_js OUT JS WITDIR [WORLD [FEATURE...]]: a component from
# JavaScript; each FEATURE (stdio, random, clocks, http, fetch-event) is
# left out with componentize-js --disable.
componentize_js() {
    _tc_out=$1; _tc_js=$2; _tc_wit=$3; _tc_world=${4:-}
    [ $# -gt 4 ] && shift 4 || shift $#
    _tc_key=cjs-$(toolchain_hash "$_tc_js" $(find "$_tc_wit" -type f -name '*.wit' | sort) "$_tc_world" \
        "$TOOLCHAIN_SRC/package-lock.json" ${1:+"disable:$*"})
    cache_lookup "$_tc_key" "$_tc_out" && return 0
    mkdir -p "$(dirname "$_tc_out")"
    if [ -n "$_tc_world" ]; then
        "$COMPONENTIZE_JS" --wit "$_tc_wit" --world-name "$_tc_world" ${1:+--disable} "$@" \
            -o "$_tc_out" "$_tc_js" || return 1
    else
        "$COMPONENTIZE_JS" --wit "$_tc_wit" -o "$_tc_out" "$_tc_js" || return 1
    fi
    cache_store "$_tc_key" "$_tc_out"
}
