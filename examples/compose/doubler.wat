;; Imports example:math/num@0.1.0 and exports it again with `value`
;; doubled: instantiated twice, it quadruples.
(component
  (import "example:math/num@0.1.0" (instance $in (export "value" (func (result u32)))))
  (alias export $in "value" (func $inner))
  (core func $inner-lowered (canon lower (func $inner)))
  (core module $m
    (import "in" "value" (func $inner (result i32)))
    (func (export "value") (result i32)
      (i32.mul (call $inner) (i32.const 2))))
  (core instance $imports (export "value" (func $inner-lowered)))
  (core instance $i (instantiate $m (with "in" (instance $imports))))
  (alias core export $i "value" (core func $value-core))
  (type $value-ty (func (result u32)))
  (func $value (type $value-ty) (canon lift (core func $value-core)))
  (instance $num (export "value" (func $value)))
  (export "example:math/num@0.1.0" (instance $num)))
