;; Exports a:b/math@1.0.0: not semver-compatible with an import of 0.2.1.
(component
  (core module $m
    (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))
  (core instance $i (instantiate $m))
  (type $add-ty (func (param "x" u32) (param "y" u32) (result u32)))
  (alias core export $i "add" (core func $add-core))
  (func $add (type $add-ty) (canon lift (core func $add-core)))
  (instance $math (export "add" (func $add)))
  (export "a:b/math@1.0.0" (instance $math)))
