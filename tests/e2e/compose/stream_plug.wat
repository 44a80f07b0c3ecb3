;; Defines the resource output-stream and exports a:b/streams@0.1.3 through
;; an inner component, so the exported function names the exported resource.
(component
  (type $os (resource (rep i32)))
  (core module $m (func (export "write") (param i32 i32)))
  (core instance $i (instantiate $m))
  (func $write (param "self" (borrow $os)) (param "v" u32) (canon lift (core func $i "write")))
  (component $shape
    (import "os" (type $os (sub resource)))
    (import "write" (func $w (param "self" (borrow $os)) (param "v" u32)))
    (export $ose "output-stream" (type $os))
    (export "[method]output-stream.write" (func $w) (func (param "self" (borrow $ose)) (param "v" u32))))
  (instance $streams (instantiate $shape (with "os" (type $os)) (with "write" (func $write))))
  (export "a:b/streams@0.1.3" (instance $streams)))
