#!/bin/sh
# End-to-end tests of wit-inspect: runs build/bin/wit-inspect on real files
# (modules built with clang for wasm32-wasi, components made by jco, and
# small binaries written byte by byte) and checks exit codes, the
# FILE:OFFSET error format, JSON validity and the names in summaries.
# Ends with "N passed, N failed[, N skipped]".

BUILD=${BUILD:-build}
TOOL=$BUILD/bin/wit-inspect
. tests/e2e/lib/toolchain.sh

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

T=$(mktemp -d "${TMPDIR:-/tmp}/wit-inspect-e2e.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT INT TERM

if [ ! -x "$TOOL" ]; then
    fail "$TOOL is built (run make)"
    finish
fi

# run NAME ARGS...: runs the tool, keeping stdout, stderr and the exit code.
run() {
    _name=$1; shift
    "$TOOL" "$@" >"$T/$_name.out" 2>"$T/$_name.err"
    rc=$?
}

# expect_rc WHAT CODE NAME
expect_rc() {
    if [ "$rc" -eq "$2" ]; then pass "$1 (exit $2)"; else fail "$1: exit $rc, expected $2" "$T/$3.err"; fi
}

# contains WHAT FILE FIXED-STRING
contains() {
    if grep -qF -- "$3" "$2"; then pass "$1"; else fail "$1: no '$3' in output" "$2"; fi
}

# error_format WHAT NAME FILE: stderr is one "FILE:OFFSET: error: MESSAGE"
# line whose offset lies within the file.
error_format() {
    _line=$(head -n 1 "$T/$2.err")
    _size=$(wc -c <"$3" | tr -d ' ')
    _off=$(printf '%s\n' "$_line" | sed -nE "s|^$3:([0-9]+): error: .+|\1|p")
    if [ -n "$_off" ] && [ "$_off" -le "$_size" ] && [ "$(wc -l <"$T/$2.err")" -eq 1 ]; then
        pass "$1: error as FILE:OFFSET ($_line)"
    else
        fail "$1: expected '$3:OFFSET: error: ...' with OFFSET <= $_size" "$T/$2.err"
    fi
}

HAVE_PY=0
command -v python3 >/dev/null 2>&1 && HAVE_PY=1

# json_ok WHAT FILE [PYTHON-EXPRESSION over d]: well-formed JSON, and the
# expression (if any) is true.
json_ok() {
    if [ "$HAVE_PY" -ne 1 ]; then skip "$1: python3 not installed"; return; fi
    if ! python3 -m json.tool "$2" >/dev/null 2>"$T/json.err"; then
        fail "$1: not well-formed JSON" "$T/json.err"; return
    fi
    if [ -n "${3:-}" ] && ! python3 -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if ($3) else 1)" "$2" \
            2>"$T/json.err"; then
        fail "$1: JSON lacks: $3" "$T/json.err"; return
    fi
    pass "$1"
}

# ---- command line ------------------------------------------------------------

run help --help
expect_rc "--help" 0 help
contains "--help shows usage" "$T/help.out" "Usage: wit-inspect"
run version --version
contains "--version" "$T/version.out" "wit-inspect 0."
run bogus --no-such-option
expect_rc "unknown option" 2 bogus
contains "unknown option is named" "$T/bogus.err" "unknown option '--no-such-option'"
run noarg -o
expect_rc "-o without a file name" 2 noarg
run missing "$T/does-not-exist.wasm"
expect_rc "missing input" 2 missing
contains "missing input is named" "$T/missing.err" "wit-inspect: $T/does-not-exist.wasm: cannot open"
run dir "$T"
expect_rc "a directory as input" 2 dir
run two "$T/a.wasm" "$T/b.wasm"
expect_rc "two input files" 2 two

# ---- hand-made binaries ------------------------------------------------------

# The smallest module: magic and version.
printf '\000asm\001\000\000\000' >"$T/empty.wasm"
run empty "$T/empty.wasm"
expect_rc "empty module summary" 0 empty
contains "empty module is a core module of 8 bytes" "$T/empty.out" "$T/empty.wasm: core module, 8 bytes"
run empty_v --validate "$T/empty.wasm"
expect_rc "empty module validates" 0 empty_v
if [ -s "$T/empty_v.out" ]; then fail "--validate prints nothing without -v" "$T/empty_v.out"; else pass "--validate prints nothing without -v"; fi
run empty_vv --validate -v "$T/empty.wasm"
contains "--validate -v says valid" "$T/empty_vv.out" "$T/empty.wasm: valid"

# Standard input, with "-" and with no file at all.
"$TOOL" - <"$T/empty.wasm" >"$T/stdin1.out" 2>&1
contains "'-' reads standard input" "$T/stdin1.out" "<stdin>: core module, 8 bytes"
"$TOOL" <"$T/empty.wasm" >"$T/stdin2.out" 2>&1
contains "no file reads standard input" "$T/stdin2.out" "<stdin>: core module, 8 bytes"

# Not WebAssembly at all, and an empty file.
echo "hello, world" >"$T/text.wasm"
run text "$T/text.wasm"
expect_rc "text file" 1 text
error_format "text file" text "$T/text.wasm"
: >"$T/zero.wasm"
run zero --validate "$T/zero.wasm"
expect_rc "empty file" 1 zero
error_format "empty file" zero "$T/zero.wasm"

# A memory exported under a name with a quote, a backslash, a control
# character and a non-ASCII letter: the summary escapes it, the JSON too.
printf '\000asm\001\000\000\000\005\003\001\000\001\007\014\001\010a"b\\c\001\303\251\002\000' >"$T/names.wasm"
run names "$T/names.wasm"
expect_rc "odd export name" 0 names
contains "odd export name escaped in the summary" "$T/names.out" '"a\"b\\c\u{01}é" (memory 1)'
run names_json --json "$T/names.wasm"
json_ok "odd export name in JSON" "$T/names_json.out" \
    "d['exports'][0]['name'] == 'a\"b\\\\c\\x01\\u00e9' and d['exports'][0]['type'] == '(memory 1)'"

# Decodes, but function 0 has type 5 of none: invalid.
printf '\000asm\001\000\000\000\003\002\001\005\012\004\001\002\000\013' >"$T/badtype.wasm"
run badtype "$T/badtype.wasm"
expect_rc "summary of a decodable invalid module" 0 badtype
run badtype_v --validate "$T/badtype.wasm"
expect_rc "invalid module" 1 badtype_v
error_format "invalid module" badtype_v "$T/badtype.wasm"

# The smallest component, and one with a bad layer.
printf '\000asm\015\000\001\000' >"$T/empty-component.wasm"
run ecomp "$T/empty-component.wasm"
expect_rc "empty component" 0 ecomp
contains "empty component is a component" "$T/ecomp.out" "$T/empty-component.wasm: component, 8 bytes"
run ecomp_json --json "$T/empty-component.wasm"
json_ok "empty component JSON" "$T/ecomp_json.out" "d['kind'] == 'component' and d['imports'] == []"
printf '\000asm\015\000\007\000' >"$T/layer.wasm"
run layer "$T/layer.wasm"
expect_rc "unknown layer" 1 layer
error_format "unknown layer" layer "$T/layer.wasm"

# ---- -o: written via a temporary file ----------------------------------------

run out1 -o "$T/summary.txt" "$T/empty.wasm"
expect_rc "-o writes a file" 0 out1
if [ -s "$T/out1.out" ]; then fail "-o leaves standard output empty" "$T/out1.out"; else pass "-o leaves standard output empty"; fi
"$TOOL" "$T/empty.wasm" >"$T/direct.txt"
if cmp -s "$T/summary.txt" "$T/direct.txt"; then pass "-o writes what standard output would show"; else fail "-o output differs"; fi
echo "keep me" >"$T/keep.txt"
run out2 -o "$T/keep.txt" "$T/text.wasm"
expect_rc "-o with bad input" 1 out2
if [ "$(cat "$T/keep.txt")" = "keep me" ]; then pass "-o leaves the old file on error"; else fail "-o replaced the file on error"; fi
if ls "$T" | grep -q '\.tmp\.'; then fail "-o left a temporary file behind"; else pass "-o leaves no temporary file"; fi
run out3 -o "$T/no/such/dir/out.txt" "$T/empty.wasm"
expect_rc "-o into a missing directory" 2 out3
contains "-o error names the file" "$T/out3.err" "wit-inspect: $T/no/such/dir/out.txt:"

# ---- modules built with clang ------------------------------------------------

if wasi_cc_check; then
    cat >"$T/add.c" <<'EOF'
__attribute__((export_name("add"))) int add(int a, int b) { return a + b; }
__attribute__((import_module("env"), import_name("twice"))) long long twice(long long);
__attribute__((export_name("call_twice"))) long long call_twice(long long x) { return twice(x); }
EOF
    if wasi_cc "$T/add.wasm" "$T/add.c" -O2 -nostartfiles -Wl,--no-entry -Wl,--allow-undefined \
            2>"$T/cc.err"; then
        run add "$T/add.wasm"
        expect_rc "clang module summary" 0 add
        contains "summary shows an export with its type" "$T/add.out" '"add" (func (param i32 i32) (result i32))'
        contains "summary shows an import with its type" "$T/add.out" '"env" "twice" (func (param i64) (result i64))'
        contains "summary shows the memory" "$T/add.out" '"memory" (memory '
        contains "summary lists the code section" "$T/add.out" "code"
        run add_json --json "$T/add.wasm"
        json_ok "clang module JSON" "$T/add_json.out" \
            "{e['name'] for e in d['exports']} >= {'add', 'call_twice', 'memory'} and d['imports'][0]['module'] == 'env' and sum(s['size'] for s in d['sections']) == d['size'] - 8"
        run add_v --validate "$T/add.wasm"
        expect_rc "clang module validates" 0 add_v
        # Cut inside the code section: malformed.
        head -c $(($(wc -c <"$T/add.wasm") / 2)) "$T/add.wasm" >"$T/cut.wasm"
        run cut --validate "$T/cut.wasm"
        expect_rc "truncated module" 1 cut
        error_format "truncated module" cut "$T/cut.wasm"
    else
        fail "clang builds add.c" "$T/cc.err"
    fi
    if wasi_cc "$T/hello.wasm" tests/e2e/c/hello.c -O2 2>"$T/cc.err"; then
        run hello "$T/hello.wasm"
        contains "WASI command imports fd_write" "$T/hello.out" '"wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32))'
        contains "WASI command exports _start" "$T/hello.out" '"_start" (func)'
        run hello_v --validate "$T/hello.wasm"
        expect_rc "WASI command validates" 0 hello_v
    else
        fail "clang builds hello.c" "$T/cc.err"
    fi
else
    skip "modules from clang: $TOOLCHAIN_WHY"
fi

# ---- components from jco -----------------------------------------------------

if [ ! -f "$T/hello.wasm" ]; then
    skip "components from jco: no module from clang to wrap"
elif ! npm_tools_setup; then
    skip "components from jco: $TOOLCHAIN_WHY"
elif ! jco_command "$T/hello.component.wasm" "$T/hello.wasm" >"$T/jco.log" 2>&1; then
    fail "jco wraps the WASI command" "$T/jco.log"
else
    C=$T/hello.component.wasm
    run comp "$C"
    expect_rc "component summary" 0 comp
    contains "component kind" "$T/comp.out" "$C: component, "
    contains "component imports wasi:cli/stdout" "$T/comp.out" '"wasi:cli/stdout@0.2'
    contains "imported instance types are resolved" "$T/comp.out" 'export "get-stdout" (func (result (own output-stream)))'
    contains "component exports wasi:cli/run" "$T/comp.out" '"wasi:cli/run@0.2'
    contains "exported instance type is derived" "$T/comp.out" 'instance { export "run" (func (result (result))) }'
    contains "tree shows the nested core modules" "$T/comp.out" "core module 0: defined, "
    contains "tree shows core instantiation arguments" "$T/comp.out" 'with "wasi_snapshot_preview1" = core instance'
    contains "tree shows component instantiation" "$T/comp.out" "instantiate component 0 with"
    run comp_json --json "$C"
    json_ok "component JSON" "$T/comp_json.out" \
        "any(i['name'].startswith('wasi:cli/stdout@0.2') and i['kind'] == 'instance' for i in d['imports']) and d['exports'][0]['name'].startswith('wasi:cli/run@0.2') and len(d['core_modules']) >= 1 and any('instantiate_module' in i for i in d['core_instances'])"
    run comp_v --validate -v "$C"
    expect_rc "component validates" 0 comp_v
    contains "component is valid" "$T/comp_v.out" "$C: valid"
    # A component cut in its middle (inside a nested core module).
    head -c $(($(wc -c <"$C") / 2)) "$C" >"$T/cutc.wasm"
    run cutc --validate "$T/cutc.wasm"
    expect_rc "truncated component" 1 cutc
    error_format "truncated component" cutc "$T/cutc.wasm"
    run cutc_s "$T/cutc.wasm"
    expect_rc "summary of a truncated component" 1 cutc_s
fi


# ---- --wat and .wat input -------------------------------------------------------

# A small module written as text: -o writes its binary, --wat prints it back.
cat >"$T/small.wat" <<'EOF_WAT'
;; a comment first: still text
(module
  (func $add (export "add") (param $a i32) (param $b i32) (result i32)
    local.get $a
    local.get $b
    i32.add)
  (memory 1)
  (data (i32.const 8) "hi\00"))
EOF_WAT
run wat_o -o "$T/small.wasm" "$T/small.wat"
expect_rc "-o OUT.wasm IN.wat" 0 wat_o
run wat_sum "$T/small.wat"
expect_rc "summary of a .wat file" 0 wat_sum
run wat_print --wat "$T/small.wasm"
expect_rc "--wat of a module" 0 wat_print
contains "--wat names the function" "$T/wat_print.out" '(func $add (;0;) (type 0) (param $a i32) (param $b i32) (result i32)'
contains "--wat prints the data string" "$T/wat_print.out" '(data (;0;) (i32.const 8) "hi\00")'
printf '(module (func (result i32) i32.const))\n' >"$T/bad.wat"
run wat_bad "$T/bad.wat"
expect_rc "malformed .wat" 1 wat_bad
if grep -qE "^$T/bad.wat:[0-9]+:[0-9]+: error: " "$T/wat_bad.err"; then
    pass "malformed .wat: error as FILE:LINE:COL"
else
    fail "malformed .wat: error as FILE:LINE:COL" "$T/wat_bad.err"
fi
# The source line and a caret under the column follow the position.
printf '(module\n\t(func (result i32) (i32.konst 1)))\n' >"$T/badop.wat"
run wat_badop "$T/badop.wat"
printf '%s\n' "$T/badop.wat:2:22: error: unknown operator \`i32.konst\`" \
    ' 2 | 	(func (result i32) (i32.konst 1)))' '   | 	                    ^' >"$T/badop.want"
if cmp -s "$T/badop.want" "$T/wat_badop.err"; then
    pass "malformed .wat: source line and caret"
else
    fail "malformed .wat: source line and caret" "$T/wat_badop.err"
fi

# Validation errors of text input name the instruction or definition in
# the text (not an offset in the binary made of it).
cat >"$T/invalid.wat" <<'EOF_WAT'
(module
  (func $ok (result i32) i32.const 1)
  (func $bad (param i32) (result i32)
    local.get 0
    i64.const 1
    i32.add))
EOF_WAT
run wat_invalid --validate "$T/invalid.wat"
expect_rc "invalid .wat" 1 wat_invalid
contains "invalid .wat: error at the instruction's line and column" "$T/wat_invalid.err" \
    "$T/invalid.wat:6:5: error: type mismatch"
contains "invalid .wat: the instruction's line" "$T/wat_invalid.err" " 6 |     i32.add))"
cat >"$T/invalid_fold.wat" <<'EOF_WAT'
(module
  (func (result i32)
    (i32.add (i32.const 1) (f32.const 2))))
EOF_WAT
run wat_invalid_fold --validate "$T/invalid_fold.wat"
contains "invalid folded .wat: error at the folded instruction" "$T/wat_invalid_fold.err" \
    "$T/invalid_fold.wat:3:6: error: type mismatch"
cat >"$T/invalid_comp.wat" <<'EOF_WAT'
(component
  (import "x" (func $x))
  (export "y" (func 7)))
EOF_WAT
run wat_invalid_comp --validate "$T/invalid_comp.wat"
expect_rc "invalid component .wat" 1 wat_invalid_comp
contains "invalid component .wat: error at the export" "$T/wat_invalid_comp.err" \
    "$T/invalid_comp.wat:3:3: error: unknown func 7"
cat >"$T/invalid_nested.wat" <<'EOF_WAT'
(component
  (core module $m
    (global i32 (i32.const 0))
    (func (export "f") (result i32) (global.get 0) (i64.const 0) drop drop)))
EOF_WAT
run wat_invalid_nested --validate "$T/invalid_nested.wat"
contains "invalid nested module .wat: error at the instruction" "$T/wat_invalid_nested.err" \
    "$T/invalid_nested.wat:4:"

# Every module and component made above prints like the reference printer
# (wasm-tools print via jco), apart from the producers section, which we
# print as a plain (@custom ...), and parses back to a fixed point.
if [ -z "$JCO" ] && ! npm_tools_setup; then
    skip "--wat compared with jco print: $TOOLCHAIN_WHY"
else
    for f in "$T/small.wasm" "$T/names.wasm" "$T/hello.wasm" "$T/hello.component.wasm"; do
        [ -f "$f" ] || continue
        b=$(basename "$f" .wasm)
        "$TOOL" --wat "$f" >"$T/$b.mine.wat" 2>"$T/$b.mine.err" || { fail "--wat $b" "$T/$b.mine.err"; continue; }
        "$JCO" print "$f" >"$T/$b.ref.wat" 2>"$T/$b.ref.err" || { skip "jco print $b"; continue; }
        # Drop the reference's @producers blocks and our producers @custom lines.
        awk '/^ *\(@producers/{skip=1} skip&&/^ *\)$/{skip=0; next} !skip' "$T/$b.ref.wat" | sed '/^$/d' >"$T/$b.ref2.wat"
        grep -v '(@custom "producers"' "$T/$b.mine.wat" >"$T/$b.mine2.wat"
        if cmp -s "$T/$b.ref2.wat" "$T/$b.mine2.wat"; then
            pass "--wat $b matches jco print"
        else
            diff "$T/$b.ref2.wat" "$T/$b.mine2.wat" | cut -c1-200 >"$T/$b.diff"
            fail "--wat $b differs from jco print" "$T/$b.diff"
        fi
        # Text fixed point: print(parse(print(x))) == print(x).
        if "$TOOL" -o "$T/$b.rt.wasm" "$T/$b.mine.wat" 2>"$T/$b.rt.err" &&
            "$TOOL" --wat "$T/$b.rt.wasm" >"$T/$b.rt.wat" 2>>"$T/$b.rt.err" &&
            cmp -s "$T/$b.mine.wat" "$T/$b.rt.wat"; then
            pass "--wat $b parses back to the same text"
        else
            diff "$T/$b.mine.wat" "$T/$b.rt.wat" 2>&1 | cut -c1-200 >>"$T/$b.rt.err"
            fail "--wat $b does not parse back to the same text" "$T/$b.rt.err"
        fi
    done
fi

finish
