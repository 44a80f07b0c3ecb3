#!/bin/sh
# Part of `make bench`: `wit-compose build` on generated chains of N small
# WAT components (N = 25, 50, 100, 200). Component 0 exports
# bench:chain/n0@0.1.0; component i imports n(i-1) and exports n(i); the
# composition file only lists them, so every wire is found by automatic
# wiring. Prints the best wall time of RUNS runs per N and the time per
# component, which stays flat when composition grows linearly.
BUILD=${BUILD:-build}
RUNS=${RUNS:-5}
W=$BUILD/bin/wit-compose
DIR=$BUILD/bench/compose
[ -x "$W" ] || { echo "bench: $W is not built" >&2; exit 1; }
mkdir -p "$DIR"

# gen N: writes $DIR/N/c*.wat and $DIR/N/composition.yaml.
gen() {
    d=$DIR/$1
    rm -rf "$d" && mkdir -p "$d"
    printf 'components:\n' >"$d/composition.yaml"
    i=0
    while [ "$i" -lt "$1" ]; do
        if [ "$i" = 0 ]; then
            cat >"$d/c0.wat" <<'WAT'
(component
  (core module $m (func (export "value") (result i32) i32.const 1))
  (core instance $i (instantiate $m))
  (alias core export $i "value" (core func $v))
  (func $value (result u32) (canon lift (core func $v)))
  (instance $num (export "value" (func $value)))
  (export "bench:chain/n0@0.1.0" (instance $num)))
WAT
        else
            cat >"$d/c$i.wat" <<WAT
(component
  (import "bench:chain/n$((i - 1))@0.1.0" (instance \$in (export "value" (func (result u32)))))
  (alias export \$in "value" (func \$inner))
  (core func \$inner-lowered (canon lower (func \$inner)))
  (core module \$m
    (import "in" "value" (func \$inner (result i32)))
    (func (export "value") (result i32) (i32.add (call \$inner) (i32.const $i))))
  (core instance \$imports (export "value" (func \$inner-lowered)))
  (core instance \$i (instantiate \$m (with "in" (instance \$imports))))
  (alias core export \$i "value" (core func \$v))
  (func \$value (result u32) (canon lift (core func \$v)))
  (instance \$num (export "value" (func \$value)))
  (export "bench:chain/n$i@0.1.0" (instance \$num)))
WAT
        fi
        printf '  c%s: c%s.wat\n' "$i" "$i" >>"$d/composition.yaml"
        i=$((i + 1))
    done
    printf 'exports:\n  bench:chain/n%s@0.1.0: c%s\n' "$(($1 - 1))" "$(($1 - 1))" >>"$d/composition.yaml"
}

now() { date +%s.%N; }

echo "wit-compose build, a chain of N generated WAT components (best of $RUNS runs):"
printf '%6s %12s %16s %12s\n' N "time (ms)" "per component (us)" "output (B)"
for n in ${SIZES:-25 50 100 200}; do
    gen "$n"
    best=
    r=0
    while [ "$r" -lt "$RUNS" ]; do
        t0=$(now)
        "$W" build "$DIR/$n/composition.yaml" -o "$DIR/$n/out.wasm" || { echo "bench: compose $n failed" >&2; exit 1; }
        t1=$(now)
        t=$(echo "$t1 $t0" | awk '{ printf "%.6f", $1 - $2 }')
        best=$(echo "$best $t" | awk '{ b = $NF; for (i = 1; i < NF; i++) if ($i < b) b = $i; print b }')
        r=$((r + 1))
    done
    size=$(wc -c <"$DIR/$n/out.wasm")
    echo "$n $best $size" | awk '{ printf "%6d %12.2f %16.1f %12d\n", $1, $2 * 1000, $2 * 1e6 / $1, $3 }'
done
