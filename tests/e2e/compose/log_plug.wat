;; Exports a:b/log whose `log` accepts only 1 (the value math_socket.wat
;; logs) and traps otherwise, so running a composition shows the call
;; arrived with the right argument.
(component
  (core module $m
    (func (export "log") (param i32)
      (if (i32.ne (local.get 0) (i32.const 1)) (then unreachable))))
  (core instance $i (instantiate $m))
  (type $log-ty (func (param "n" u32)))
  (alias core export $i "log" (core func $log-core))
  (func $log (type $log-ty) (canon lift (core func $log-core)))
  (instance $inst (export "log" (func $log)))
  (export "a:b/log" (instance $inst)))
