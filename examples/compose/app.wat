;; Imports example:math/num@0.1.0 (a number) and example:app/log@0.1.0
;; (left to the host); exports example:app/run@0.1.0 whose `run` logs the
;; number and returns it.
(component
  (import "example:math/num@0.1.0" (instance $num (export "value" (func (result u32)))))
  (import "example:app/log@0.1.0" (instance $log (export "log" (func (param "n" u32)))))
  (alias export $num "value" (func $value))
  (alias export $log "log" (func $logf))
  (core func $value-lowered (canon lower (func $value)))
  (core func $log-lowered (canon lower (func $logf)))
  (core module $m
    (import "host" "value" (func $value (result i32)))
    (import "host" "log" (func $log (param i32)))
    (func (export "run") (result i32)
      (local $n i32)
      (local.set $n (call $value))
      (call $log (local.get $n))
      (local.get $n)))
  (core instance $imports (export "value" (func $value-lowered)) (export "log" (func $log-lowered)))
  (core instance $i (instantiate $m (with "host" (instance $imports))))
  (alias core export $i "run" (core func $run-core))
  (type $run-ty (func (result u32)))
  (func $run (type $run-ty) (canon lift (core func $run-core)))
  (instance $runner (export "run" (func $run)))
  (export "example:app/run@0.1.0" (instance $runner)))
