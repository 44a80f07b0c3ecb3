;; wasi:cli stdin / stdout / stderr at 0.3.0: copies stdin to stdout through
;; read-via-stream and write-via-stream (4 KiB reads, writes repeated until
;; the host took every byte), then writes "done" to stderr. Each transfer's
;; future is read: ok goes on; err(code) exits with 3 + the error-code
;; (io 3, illegal-byte-sequence 4, pipe 5). `run` is an async function
;; lifted with the sync ABI, so its sync stream and future calls may block.
(component
  (type $ec (enum "io" "illegal-byte-sequence" "pipe"))
  (type $res (result (error $ec)))
  (type $F (future $res))
  (type $S (stream u8))
  (import "wasi:cli/stdin@0.3.0" (instance $stdin
    (type $ec0 (enum "io" "illegal-byte-sequence" "pipe"))
    (export "error-code" (type $ec (eq $ec0)))
    (type $r (result (error $ec)))
    (type $f (future $r))
    (export "read-via-stream" (func (result (tuple (stream u8) $f))))))
  (import "wasi:cli/stdout@0.3.0" (instance $stdout
    (type $ec0 (enum "io" "illegal-byte-sequence" "pipe"))
    (export "error-code" (type $ec (eq $ec0)))
    (type $r (result (error $ec)))
    (type $f (future $r))
    (export "write-via-stream" (func (param "data" (stream u8)) (result $f)))))
  (import "wasi:cli/stderr@0.3.0" (instance $stderr
    (type $ec0 (enum "io" "illegal-byte-sequence" "pipe"))
    (export "error-code" (type $ec (eq $ec0)))
    (type $r (result (error $ec)))
    (type $f (future $r))
    (export "write-via-stream" (func (param "data" (stream u8)) (result $f)))))
  (import "wasi:cli/exit@0.3.0" (instance $exit
    (export "exit-with-code" (func (param "status-code" u8)))))

  (core module $Mem (memory (export "mem") 1))
  (core instance $mem (instantiate $Mem))
  (core func $read-via-stream (canon lower (func $stdin "read-via-stream") (memory $mem "mem")))
  (core func $write-stdout (canon lower (func $stdout "write-via-stream")))
  (core func $write-stderr (canon lower (func $stderr "write-via-stream")))
  (core func $exit-with-code (canon lower (func $exit "exit-with-code")))
  (core func $stream.new (canon stream.new $S))
  (core func $stream.read (canon stream.read $S (memory $mem "mem")))
  (core func $stream.write (canon stream.write $S (memory $mem "mem")))
  (core func $stream.drop-readable (canon stream.drop-readable $S))
  (core func $stream.drop-writable (canon stream.drop-writable $S))
  (core func $future.read (canon future.read $F (memory $mem "mem")))
  (core func $future.drop-readable (canon future.drop-readable $F))

  (core module $M
    (import "" "mem" (memory 1))
    (import "" "read-via-stream" (func $read-via-stream (param i32)))
    (import "" "write-stdout" (func $write-stdout (param i32) (result i32)))
    (import "" "write-stderr" (func $write-stderr (param i32) (result i32)))
    (import "" "exit-with-code" (func $exit-with-code (param i32)))
    (import "" "stream.new" (func $stream.new (result i64)))
    (import "" "stream.read" (func $stream.read (param i32 i32 i32) (result i32)))
    (import "" "stream.write" (func $stream.write (param i32 i32 i32) (result i32)))
    (import "" "stream.drop-readable" (func $stream.drop-readable (param i32)))
    (import "" "stream.drop-writable" (func $stream.drop-writable (param i32)))
    (import "" "future.read" (func $future.read (param i32 i32) (result i32)))
    (import "" "future.drop-readable" (func $future.drop-readable (param i32)))
    (data (i32.const 32) "done\0a")

    ;; Writes [ptr, ptr+len) to the writable end `tx`, as often as it takes.
    ;; Returns 1 when the host dropped its end (a failed transfer, which the
    ;; future reports), else 0.
    (func $write-all (param $tx i32) (param $ptr i32) (param $len i32) (result i32)
      (local $ret i32) (local $n i32)
      (block $done (loop $more
        (br_if $done (i32.eqz (local.get $len)))
        (local.set $ret (call $stream.write (local.get $tx) (local.get $ptr) (local.get $len)))
        (if (i32.eq (i32.and (local.get $ret) (i32.const 0xf)) (i32.const 1 (; DROPPED ;)))
          (then (return (i32.const 1))))
        (local.set $n (i32.shr_u (local.get $ret) (i32.const 4)))
        (local.set $ptr (i32.add (local.get $ptr) (local.get $n)))
        (local.set $len (i32.sub (local.get $len) (local.get $n)))
        (br $more)))
      (i32.const 0))

    ;; Reads the future `f`: ok returns, err(code) exits with 3 + code.
    (func $check (param $f i32)
      (if (i32.ne (call $future.read (local.get $f) (i32.const 64)) (i32.const 0 (; COMPLETED ;)))
        (then unreachable))
      (call $future.drop-readable (local.get $f))
      (if (i32.load8_u (i32.const 64))
        (then (call $exit-with-code (i32.add (i32.const 3) (i32.load8_u (i32.const 65)))))))

    ;; A new stream handed to `write` (stdout or stderr): returns the
    ;; writable end; the future goes to 8.
    (func $open-stdout (result i32)
      (local $p i64)
      (local.set $p (call $stream.new))
      (i32.store (i32.const 8) (call $write-stdout (i32.wrap_i64 (local.get $p))))
      (i32.wrap_i64 (i64.shr_u (local.get $p) (i64.const 32))))
    (func $open-stderr (result i32)
      (local $p i64)
      (local.set $p (call $stream.new))
      (i32.store (i32.const 8) (call $write-stderr (i32.wrap_i64 (local.get $p))))
      (i32.wrap_i64 (i64.shr_u (local.get $p) (i64.const 32))))

    (func (export "run") (result i32)
      (local $in i32) (local $in-f i32) (local $out i32) (local $out-f i32)
      (local $ret i32) (local $n i32)
      (call $read-via-stream (i32.const 0))
      (local.set $in (i32.load (i32.const 0)))
      (local.set $in-f (i32.load (i32.const 4)))
      (local.set $out (call $open-stdout))
      (local.set $out-f (i32.load (i32.const 8)))
      (block $eof (loop $more
        (local.set $ret (call $stream.read (local.get $in) (i32.const 1024) (i32.const 4096)))
        (local.set $n (i32.shr_u (local.get $ret) (i32.const 4)))
        (br_if $eof (call $write-all (local.get $out) (i32.const 1024) (local.get $n)))
        (br_if $eof (i32.eq (i32.and (local.get $ret) (i32.const 0xf)) (i32.const 1 (; DROPPED ;))))
        (br $more)))
      (call $stream.drop-readable (local.get $in))
      (call $check (local.get $in-f))
      (call $stream.drop-writable (local.get $out))
      (call $check (local.get $out-f))
      (local.set $out (call $open-stderr))
      (local.set $out-f (i32.load (i32.const 8)))
      (drop (call $write-all (local.get $out) (i32.const 32) (i32.const 5)))
      (call $stream.drop-writable (local.get $out))
      (call $check (local.get $out-f))
      (i32.const 0)))
  (core instance $m (instantiate $M (with "" (instance
    (export "mem" (memory $mem "mem"))
    (export "read-via-stream" (func $read-via-stream))
    (export "write-stdout" (func $write-stdout))
    (export "write-stderr" (func $write-stderr))
    (export "exit-with-code" (func $exit-with-code))
    (export "stream.new" (func $stream.new))
    (export "stream.read" (func $stream.read))
    (export "stream.write" (func $stream.write))
    (export "stream.drop-readable" (func $stream.drop-readable))
    (export "stream.drop-writable" (func $stream.drop-writable))
    (export "future.read" (func $future.read))
    (export "future.drop-readable" (func $future.drop-readable))))))
  (func $run async (result (result)) (canon lift (core func $m "run")))
  (instance $r (export "run" (func $run)))
  (export "wasi:cli/run@0.3.0" (instance $r)))
