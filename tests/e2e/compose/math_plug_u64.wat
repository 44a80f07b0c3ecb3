;; Like math_plug.wat, but point's field x is a u64: not a subtype.
(component
  (core module $m
    (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
    (func (export "norm") (param i64 i32) (result i32) (local.get 1)))
  (core instance $i (instantiate $m))
  (type $point (record (field "x" u64) (field "y" u32)))
  (export $p "point" (type $point))
  (type $add-ty (func (param "x" u32) (param "y" u32) (result u32)))
  (type $norm-ty (func (param "p" $p) (result u32)))
  (alias core export $i "add" (core func $add-core))
  (alias core export $i "norm" (core func $norm-core))
  (func $add (type $add-ty) (canon lift (core func $add-core)))
  (func $norm (type $norm-ty) (canon lift (core func $norm-core)))
  (instance $math (export "point" (type $p)) (export "add" (func $add)) (export "norm" (func $norm)))
  (export "a:b/math@0.2.3" (instance $math)))
