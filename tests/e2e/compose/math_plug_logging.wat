;; Exports a:b/math@0.2.3 (add only) and imports a:b/log itself, which the
;; result shares with the socket's import of the same name.
(component
  (import "a:b/log" (instance $log (export "log" (func (param "n" u32)))))
  (alias export $log "log" (func $logf))
  (core func $log-lowered (canon lower (func $logf)))
  (core module $m
    (import "m" "log" (func $log (param i32)))
    (func (export "add") (param i32 i32) (result i32)
      (call $log (local.get 0))
      (i32.add (local.get 0) (local.get 1))))
  (core instance $imports (export "log" (func $log-lowered)))
  (core instance $i (instantiate $m (with "m" (instance $imports))))
  (type $add-ty (func (param "x" u32) (param "y" u32) (result u32)))
  (alias core export $i "add" (core func $add-core))
  (func $add (type $add-ty) (canon lift (core func $add-core)))
  (instance $math (export "add" (func $add)))
  (export "a:b/math@0.2.3" (instance $math)))
