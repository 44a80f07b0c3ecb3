;; Writes 131072 bytes ("x": two of the host's 64 KiB pieces) to stdout
;; through write-via-stream and returns from run without dropping the
;; stream or reading its future. What the host took from the stream (the
;; guest's writes completed) must still reach stdout when the run ends,
;; also when stdout is a pipe nobody reads yet: the second piece waits for
;; room in the pipe when run returns.
(component
  (import "wasi:cli/stdout@0.3.0" (instance $stdout
    (type $ec0 (enum "io" "illegal-byte-sequence" "pipe"))
    (export "error-code" (type $ec (eq $ec0)))
    (type $r (result (error $ec)))
    (export "write-via-stream" (func (param "data" (stream u8)) (result (future $r))))))
  (type $S (stream u8))
  (core module $Mem (memory (export "mem") 4))
  (core instance $mem (instantiate $Mem))
  (core func $write-stdout (canon lower (func $stdout "write-via-stream")))
  (core func $stream.new (canon stream.new $S))
  (core func $stream.write (canon stream.write $S (memory $mem "mem")))
  (core module $M
    (import "" "mem" (memory 4))
    (import "" "write-stdout" (func $write-stdout (param i32) (result i32)))
    (import "" "stream.new" (func $stream.new (result i64)))
    (import "" "stream.write" (func $stream.write (param i32 i32 i32) (result i32)))
    (func (export "run") (result i32)
      (local $p i64) (local $tx i32) (local $ptr i32) (local $left i32) (local $ret i32)
      (memory.fill (i32.const 0) (i32.const 120 (; x ;)) (i32.const 131072))
      (local.set $p (call $stream.new))
      (drop (call $write-stdout (i32.wrap_i64 (local.get $p))))
      (local.set $tx (i32.wrap_i64 (i64.shr_u (local.get $p) (i64.const 32))))
      (local.set $left (i32.const 131072))
      (block $done (loop $more
        (br_if $done (i32.eqz (local.get $left)))
        (local.set $ret (call $stream.write (local.get $tx) (local.get $ptr) (local.get $left)))
        (if (i32.and (local.get $ret) (i32.const 0xf)) (then unreachable))
        (local.set $ptr (i32.add (local.get $ptr) (i32.shr_u (local.get $ret) (i32.const 4))))
        (local.set $left (i32.sub (local.get $left) (i32.shr_u (local.get $ret) (i32.const 4))))
        (br $more)))
      (i32.const 0)))
  (core instance $m (instantiate $M (with "" (instance
    (export "mem" (memory $mem "mem"))
    (export "write-stdout" (func $write-stdout))
    (export "stream.new" (func $stream.new))
    (export "stream.write" (func $stream.write))))))
  (func $run async (result (result)) (canon lift (core func $m "run")))
  (instance $r (export "run" (func $run)))
  (export "wasi:cli/run@0.3.0" (instance $r)))
