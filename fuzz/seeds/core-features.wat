(module $m
  (type $t (func (param i32 i32) (result i32)))
  (import "env" "f" (func $imp (type $t)))
  (import "env" "mem" (memory 1 2))
  (table $tab 2 funcref)
  (global $g (mut i64) (i64.const -1))
  (func $add (export "add") (type $t) (local $x f32) (local f64)
    (block $b (result i32)
      (loop $l
        (br_if $b (i32.const 7) (i32.eqz (local.get 0)))
        (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
        (br $l))
      (unreachable))
    drop
    (if (result i32) (local.get 1)
      (then (call $imp (local.get 0) (local.get 1)))
      (else (i32.load offset=4 align=2 (i32.const 0))))
    drop
    f32.const nan:0x200000
    local.set $x
    (select (local.get 0) (local.get 1) (i32.const 1)))
  (func (param v128) (result v128)
    (i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 (local.get 0) (v128.const f32x4 1.5 -0x1p-3 inf -nan))
    (i32x4.extract_lane 3) drop (local.get 0))
  (elem (table $tab) (offset (i32.const 0)) func $add)
  (elem declare funcref (ref.func $add))
  (data (i32.const 16) "hello\00\ff")
  (data $passive "x")
  (func $init)
  (start $init))
