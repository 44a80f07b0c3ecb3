;; Uses the world-level resource of root-resource.wit.
(module
  (import "$root" "[constructor]thing" (func $new (param i32) (result i32)))
  (import "$root" "[method]thing.size" (func $size (param i32) (result i32)))
  (import "$root" "[resource-drop]thing" (func $drop (param i32)))
  (func (export "run") (result i32)
    (local $h i32) (local $n i32)
    (local.set $h (call $new (i32.const 3)))
    (local.set $n (call $size (local.get $h)))
    (call $drop (local.get $h))
    (local.get $n)))
