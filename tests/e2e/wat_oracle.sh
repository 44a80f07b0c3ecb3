#!/bin/sh
# The text parser against an oracle: for every well-formed text module and
# component in the conformance suites (everything but assert_malformed,
# files in nyi.txt skipped), the bytes we write must equal what `jco parse`
# (wasm-tools' parser) writes for the same text.
#
# build/tests/conformance --extract writes the cases as plain WAT with our
# bytes beside them; tests/e2e/wat_oracle.mjs parses them all with jco in
# one node process. A difference is a failure unless its case is listed in
# tests/e2e/wat_oracle_known.txt ("dir/file.wast:LINE reason"); a listed
# case that now matches, or a listed case that no longer exists, is a
# failure too, so the list only shrinks.
# Ends with "N passed, N failed[, N skipped]".

BUILD=${BUILD:-build}
SUITES=${CONFORMANCE_DIR:-../shared/conformance}
KNOWN=tests/e2e/wat_oracle_known.txt
RUNNER=${CONFORMANCE_RUNNER:-$BUILD/tests/conformance}
. tests/e2e/lib/toolchain.sh

finish() {
    echo "$1 passed, $2 failed${3:+, $3 skipped}"
    [ "$2" -eq 0 ]
    exit
}

if [ ! -x "$RUNNER" ]; then
    echo "FAIL $RUNNER is built (run make)"
    finish 0 1
fi
if ! npm_tools_setup; then
    echo "SKIP wat_oracle: $TOOLCHAIN_WHY"
    finish 0 0 1
fi

OUT=$BUILD/e2e/wat_oracle
rm -rf "$OUT"
mkdir -p "$OUT/cases"
if ! "$RUNNER" --extract "$OUT/cases" "$SUITES" >"$OUT/extract.log" 2>&1; then
    echo "FAIL extracting the text cases:"
    tail -n 5 "$OUT/extract.log" | sed 's/^/     /'
    finish 0 1
fi
tail -n 1 "$OUT/extract.log"
if ! node tests/e2e/wat_oracle.mjs "$NPM_DIR/node_modules/@bytecodealliance/jco" "$OUT/cases" \
        >"$OUT/results.txt" 2>"$OUT/node.log"; then
    echo "FAIL node tests/e2e/wat_oracle.mjs:"
    tail -n 5 "$OUT/node.log" | sed 's/^/     /'
    finish 0 1
fi

# Judge every result against the known list; then report stale entries.
touch "$OUT/known.txt"
[ -f "$KNOWN" ] && grep -v '^[[:space:]]*\(#\|$\)' "$KNOWN" >"$OUT/known.txt"
awk -v cases="$OUT/cases" -v known_file="$OUT/known.txt" -v verbose="${VERBOSE:-}" '
    BEGIN {
        while ((getline line < known_file) > 0) {
            split(line, f, /[ \t]+/)
            reason = line; sub(/^[^ \t]+[ \t]*/, "", reason)
            known[f[1]] = reason
        }
    }
    {
        status = $1; key = $2; sub(/:$/, "", key)
        detail = $0; sub(/^[^ ]+ [^ ]+ ?/, "", detail)
        if (key in known) {
            seen[key] = 1
            if (status == "same") {
                failed++
                printf "FAIL %s: listed in tests/e2e/wat_oracle_known.txt (%s) but equal to jco now: delete the line\n", key, known[key]
            } else {
                nknown++
                if (verbose) printf "known %s: %s\n", key, detail
            }
        } else if (status == "same") {
            passed++
        } else {
            failed++
            printf "FAIL %s: %s %s (the WAT and our bytes are in %s)\n", key,
                   status == "differ" ? "bytes differ from jco parse:" : "jco parse rejects it:", detail, cases
        }
    }
    END {
        for (k in known) if (!(k in seen)) {
            failed++
            printf "FAIL tests/e2e/wat_oracle_known.txt: entry %s matches no extracted case: delete it\n", k
        }
        printf "same as jco: %d, known differences: %d\n", passed, nknown
        printf "%d passed, %d failed\n", passed, failed
        exit failed != 0
    }
'  "$OUT/results.txt"
