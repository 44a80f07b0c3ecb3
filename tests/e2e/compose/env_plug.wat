;; Exports wasi:cli/environment@0.2.5 with get-arguments returning ["plugged"].
(component
  (core module $m
    (memory (export "mem") 1)
    (data (i32.const 16) "plugged")
    (data (i32.const 32) "\10\00\00\00\07\00\00\00")
    (data (i32.const 48) "\20\00\00\00\01\00\00\00")
    (func (export "get-arguments") (result i32) i32.const 48))
  (core instance $i (instantiate $m))
  (alias core export $i "mem" (core memory $mem))
  (alias core export $i "get-arguments" (core func $ga))
  (type $args (func (result (list string))))
  (func $get-arguments (type $args) (canon lift (core func $ga) (memory $mem)))
  (instance $env (export "get-arguments" (func $get-arguments)))
  (export "wasi:cli/environment@0.2.5" (instance $env)))
