;; Imports a:b/math@0.2.1 (add) and a:b/log (an import no plug provides),
;; exports a:b/run@0.1.0 whose run calls add.
(component
  (type $math (instance
    (type $point (record (field "x" u32) (field "y" u32)))
    (export "point" (type $p (eq $point)))
    (export "add" (func (param "x" u32) (param "y" u32) (result u32)))
    (export "norm" (func (param "p" $p) (result u32)))))
  (import "a:b/math@0.2.1" (instance $m (type $math)))
  (import "a:b/log" (instance $log (export "log" (func (param "n" u32)))))
  (alias export $m "add" (func $add))
  (core func $add-lowered (canon lower (func $add)))
  (alias export $log "log" (func $logf))
  (core func $log-lowered (canon lower (func $logf)))
  (core module $cm
    (import "m" "add" (func $add (param i32 i32) (result i32)))
    (import "m" "log" (func $log (param i32)))
    (func (export "run") (result i32)
      (call $log (i32.const 1))
      (call $add (i32.const 2) (i32.const 3))))
  (core instance $imports (export "add" (func $add-lowered)) (export "log" (func $log-lowered)))
  (core instance $ci (instantiate $cm (with "m" (instance $imports))))
  (alias core export $ci "run" (core func $run-core))
  (type $run-ty (func (result u32)))
  (func $run (type $run-ty) (canon lift (core func $run-core)))
  (instance $runner (export "run" (func $run)))
  (export "a:b/run@0.1.0" (instance $runner)))
