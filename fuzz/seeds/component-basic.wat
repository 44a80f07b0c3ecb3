(component $c
  (type $r (record (field "a" u32) (field "b" string)))
  (type $f (func (param "x" u32) (param "y" string) (result (list u8))))
  (import "host" (instance $h (export "log" (func (param "msg" string)))))
  (core module $M
    (memory (export "mem") 1)
    (func (export "realloc") (param i32 i32 i32 i32) (result i32) i32.const 0)
    (func (export "run") (param i32 i32 i32) (result i32) i32.const 8))
  (core instance $i (instantiate $M))
  (alias core export $i "mem" (core memory $mem))
  (func $run (type $f)
    (canon lift (core func $i "run") (memory $mem) (realloc (func $i "realloc")) string-encoding=utf8))
  (export "run" (func $run))
  (component $inner
    (import "x" (func (param "x" u32) (param "y" string) (result (list u8))))
    (export "y" (func 0)))
  (instance (instantiate $inner (with "x" (func $run)))))
