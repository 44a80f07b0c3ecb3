;; Exports example:math/num@0.1.0 whose `value` is 21.
(component
  (core module $m
    (func (export "value") (result i32) i32.const 21))
  (core instance $i (instantiate $m))
  (alias core export $i "value" (core func $value-core))
  (type $value-ty (func (result u32)))
  (func $value (type $value-ty) (canon lift (core func $value-core)))
  (instance $num (export "value" (func $value)))
  (export "example:math/num@0.1.0" (instance $num)))
