;; Implements the world of exports.wit: an exported interface with types of
;; its own (record, enum, flags, variant, an alias, one unused) and a world
;; function using a world-level record (tests/e2e/wasi_adapt.sh).
(module
  (memory (export "memory") 1)
  (global $heap (mut i32) (i32.const 1024))
  (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32)
    (local $r i32) (local.set $r (global.get $heap))
    (global.set $heap (i32.add (global.get $heap) (local.get 3))) (local.get $r))
  (func (export "test:ex/api#sum") (param i32 i32 i32) (result i32)
    (i32.add (i32.add (local.get 0) (local.get 1)) (local.get 2)))
  (func (export "test:ex/api#area") (param i32 i32 i32) (result i32)
    (i32.add (i32.mul (local.get 0) (i32.const 100)) (i32.add (local.get 1) (i32.mul (local.get 2) (i32.const 10)))))
  (func (export "test:ex/api#mk") (param i32 i32) (result i32)
    ;; list of two points at 64: (x,y) and (y,x); the list (ptr,len) at 32
    (i32.store (i32.const 64) (local.get 0)) (i32.store (i32.const 68) (local.get 1))
    (i32.store (i32.const 72) (local.get 1)) (i32.store (i32.const 76) (local.get 0))
    (i32.store (i32.const 32) (i32.const 64)) (i32.store (i32.const 36) (i32.const 2))
    (i32.const 32))
  (func (export "swap") (param i32 i32) (result i32)
    (i32.store8 (i32.const 16) (local.get 1)) (i32.store8 (i32.const 17) (local.get 0)) (i32.const 16)))
