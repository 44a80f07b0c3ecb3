;; Exports example:app/log@0.1.0 for the worked example
;; (examples/compose/): `log` accepts only 84, the number the chain
;; source -> twice-a -> twice-b computes, and traps otherwise.
(component
  (core module $m
    (func (export "log") (param i32)
      (if (i32.ne (local.get 0) (i32.const 84)) (then unreachable))))
  (core instance $i (instantiate $m))
  (type $log-ty (func (param "n" u32)))
  (alias core export $i "log" (core func $log-core))
  (func $log (type $log-ty) (canon lift (core func $log-core)))
  (instance $inst (export "log" (func $log)))
  (export "example:app/log@0.1.0" (instance $inst)))
