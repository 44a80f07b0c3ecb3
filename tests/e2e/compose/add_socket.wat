;; Imports a:b/math@0.2.0 (add only) and a:b/log; exports a:b/run@0.1.0.
(component
  (import "a:b/math@0.2.0" (instance $m (export "add" (func (param "x" u32) (param "y" u32) (result u32)))))
  (import "a:b/log" (instance $log (export "log" (func (param "n" u32)))))
  (alias export $m "add" (func $add))
  (core func $add-lowered (canon lower (func $add)))
  (core module $cm
    (import "m" "add" (func $add (param i32 i32) (result i32)))
    (func (export "run") (result i32) (call $add (i32.const 2) (i32.const 3))))
  (core instance $imports (export "add" (func $add-lowered)))
  (core instance $ci (instantiate $cm (with "m" (instance $imports))))
  (alias core export $ci "run" (core func $run-core))
  (type $run-ty (func (result u32)))
  (func $run (type $run-ty) (canon lift (core func $run-core)))
  (instance $runner (export "run" (func $run)))
  (export "a:b/run@0.1.0" (instance $runner)))
