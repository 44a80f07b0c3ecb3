;; Implements semver.wit and calls preview1: prints its argument count
;; twice, once from wasi:cli/environment@0.2.3, once from args_sizes_get.
(module
  (import "wasi:cli/environment@0.2.3" "get-arguments" (func $ga (param i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $asg (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $w (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 4)
  (global $heap (mut i32) (i32.const 1024))
  (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32)
    (local $r i32) (local.set $r (global.get $heap))
    (global.set $heap (i32.add (global.get $heap) (local.get 3))) (local.get $r))
  (data (i32.const 100) "0 args\n")
  (func (export "_start")
    ;; count via the 0.2.3 import: list<string> at 16 (ptr, len)
    (call $ga (i32.const 16))
    (i32.store8 (i32.const 100) (i32.add (i32.const 48) (i32.load (i32.const 20))))
    (i32.store (i32.const 0) (i32.const 100))
    (i32.store (i32.const 4) (i32.const 7))
    (drop (call $w (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
    ;; and through preview1
    (drop (call $asg (i32.const 32) (i32.const 36)))
    (i32.store8 (i32.const 100) (i32.add (i32.const 48) (i32.load (i32.const 32))))
    (drop (call $w (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))
