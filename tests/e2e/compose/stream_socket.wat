;; Imports a:b/streams@0.1.0 (resource output-stream) and a:b/stdout@0.1.0,
;; whose get-stdout returns an output-stream of streams: plugging only
;; streams leaves stdout an import whose type names the plug's resource.
(component
  (import "a:b/streams@0.1.0" (instance $s
    (export "output-stream" (type (sub resource)))
    (export "[method]output-stream.write" (func (param "self" (borrow 0)) (param "v" u32)))))
  (alias export $s "output-stream" (type $os))
  (import "a:b/stdout@0.1.0" (instance $o
    (alias outer 1 $os (type $os-outer))
    (export "output-stream" (type (eq $os-outer)))
    (export "get-stdout" (func (result (own 1))))))
  (core func $get (canon lower (func $o "get-stdout")))
  (core func $write (canon lower (func $s "[method]output-stream.write")))
  (core module $cm
    (import "m" "get" (func $get (result i32)))
    (import "m" "write" (func $write (param i32 i32)))
    (func (export "run") (call $write (call $get) (i32.const 42))))
  (core instance $imports (export "get" (func $get)) (export "write" (func $write)))
  (core instance $ci (instantiate $cm (with "m" (instance $imports))))
  (func $run (canon lift (core func $ci "run")))
  (instance $runner (export "run" (func $run)))
  (export "a:b/run@0.1.0" (instance $runner)))
