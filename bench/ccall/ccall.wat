;; bench/ccall: the components tests/tools/bench_ccall.c times.
;;
;; $Callee exports `f: func(s: string) -> r` where r is
;; record { a: u32, b: u64, c: string }: a = the string's length, b = its
;; first 8 bytes read as a little-endian u64, c = the string itself (so a
;; string crosses in both directions). Its realloc is a bump allocator that
;; post-return resets. `nop: func()` is the empty call, for scale.
;;
;; $Caller imports `f` and `nop` and exports `run(n)` / `run-nop(n)`, which
;; call them n times in a core loop with a 100-byte string from a data
;; segment, summing a + b + len(c) (or counting calls) so the host can check
;; every call really happened.
;;
;; The outer component wires one $Caller to $Callee (component to
;; component) and a second $Caller to the host functions `host-f` and
;; `host-nop` it imports (guest to host); it exports $Callee's `f` and
;; `nop` for the host to call (host to guest).
(component
  (type $r (record (field "a" u32) (field "b" u64) (field "c" string)))
  (import "r" (type $r-i (eq $r)))
  (import "host-f" (func $host-f (param "s" string) (result $r-i)))
  (import "host-nop" (func $host-nop))

  (component $Callee
    (core module $M
      (memory (export "mem") 1)
      (global $heap (mut i32) (i32.const 1024))
      ;; Bump allocator: the canonical ABI only asks for fresh blocks here
      ;; (orig_ptr 0); post-f gives everything back after each call.
      (func (export "realloc") (param $old i32) (param $old_size i32)
                               (param $align i32) (param $size i32) (result i32)
        (local $p i32)
        (if (local.get $old) (then unreachable))
        (local.set $p (i32.and
          (i32.add (global.get $heap) (i32.sub (local.get $align) (i32.const 1)))
          (i32.sub (i32.const 0) (local.get $align))))
        (global.set $heap (i32.add (local.get $p) (local.get $size)))
        (if (i32.gt_u (global.get $heap) (i32.const 65536)) (then unreachable))
        (local.get $p))
      ;; The record goes at 256: a u32 @0, b u64 @8, c ptr @16, c len @20.
      (func (export "f") (param $s i32) (param $len i32) (result i32)
        (i32.store (i32.const 256) (local.get $len))
        (i64.store offset=8 (i32.const 256) (i64.load (local.get $s)))
        (i32.store offset=16 (i32.const 256) (local.get $s))
        (i32.store offset=20 (i32.const 256) (local.get $len))
        (i32.const 256))
      (func (export "post-f") (param i32)
        (global.set $heap (i32.const 1024)))
      (func (export "nop")))
    (core instance $m (instantiate $M))
    (type $r (record (field "a" u32) (field "b" u64) (field "c" string)))
    (export $r-e "r" (type $r))
    (func (export "f") (param "s" string) (result $r-e)
      (canon lift (core func $m "f") (memory (core memory $m "mem"))
        (realloc (core func $m "realloc")) (post-return (core func $m "post-f"))))
    (func (export "nop") (canon lift (core func $m "nop"))))

  (component $Caller
    (type $r (record (field "a" u32) (field "b" u64) (field "c" string)))
    (import "r" (type $r-i (eq $r)))
    (import "f" (func $f (param "s" string) (result $r-i)))
    (import "nop" (func $nop))
    (core module $Mem
      (memory (export "mem") 1)
      (global $heap (mut i32) (i32.const 1024))
      (func (export "realloc") (param $old i32) (param $old_size i32)
                               (param $align i32) (param $size i32) (result i32)
        (local $p i32)
        (if (local.get $old) (then unreachable))
        (local.set $p (i32.and
          (i32.add (global.get $heap) (i32.sub (local.get $align) (i32.const 1)))
          (i32.sub (i32.const 0) (local.get $align))))
        (global.set $heap (i32.add (local.get $p) (local.get $size)))
        (if (i32.gt_u (global.get $heap) (i32.const 65536)) (then unreachable))
        (local.get $p))
      (func (export "reset") (global.set $heap (i32.const 1024))))
    (core instance $mem (instantiate $Mem))
    (alias core export $mem "mem" (core memory $m))
    (core func $f-lowered (canon lower (func $f) (memory $m)
      (realloc (core func $mem "realloc"))))
    (core func $nop-lowered (canon lower (func $nop)))
    (core module $M
      (import "" "mem" (memory 1))
      (import "" "reset" (func $reset))
      (import "" "f" (func $f (param i32 i32 i32)))
      (import "" "nop" (func $nop))
      ;; The 100-byte argument, at 0.
      (data (i32.const 0) "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
      (data (i32.const 62) " the quick brown fox jumps over a dog.")
      ;; n calls of f; the record comes back at 512; returns the sum of
      ;; a + b + len(c) over every call.
      (func (export "run") (param $n i32) (result i64)
        (local $sum i64)
        (block $done (loop $again
          (br_if $done (i32.eqz (local.get $n)))
          (call $reset)
          (call $f (i32.const 0) (i32.const 100) (i32.const 512))
          (local.set $sum (i64.add (local.get $sum) (i64.add
            (i64.add (i64.extend_i32_u (i32.load (i32.const 512)))
                     (i64.load offset=8 (i32.const 512)))
            (i64.extend_i32_u (i32.load offset=20 (i32.const 512))))))
          (local.set $n (i32.sub (local.get $n) (i32.const 1)))
          (br $again)))
        (local.get $sum))
      (func (export "run-nop") (param $n i32) (result i64)
        (local $count i64)
        (block $done (loop $again
          (br_if $done (i32.eqz (local.get $n)))
          (call $nop)
          (local.set $count (i64.add (local.get $count) (i64.const 1)))
          (local.set $n (i32.sub (local.get $n) (i32.const 1)))
          (br $again)))
        (local.get $count)))
    (core instance $i (instantiate $M (with "" (instance
      (export "mem" (memory $m)) (export "reset" (func $mem "reset"))
      (export "f" (func $f-lowered)) (export "nop" (func $nop-lowered))))))
    (func (export "run") (param "n" u32) (result u64) (canon lift (core func $i "run")))
    (func (export "run-nop") (param "n" u32) (result u64) (canon lift (core func $i "run-nop"))))

  (instance $callee (instantiate $Callee))
  (instance $caller (instantiate $Caller
    (with "r" (type $callee "r")) (with "f" (func $callee "f")) (with "nop" (func $callee "nop"))))
  (instance $host-caller (instantiate $Caller
    (with "r" (type $r-i)) (with "f" (func $host-f)) (with "nop" (func $host-nop))))
  (export "run" (func $caller "run"))
  (export "run-nop" (func $caller "run-nop"))
  (export "run-host" (func $host-caller "run"))
  (export "run-host-nop" (func $host-caller "run-nop"))
  (export $r-out "r" (type $callee "r"))
  (export "f" (func $callee "f") (func (param "s" string) (result $r-out)))
  (export "nop" (func $callee "nop")))
