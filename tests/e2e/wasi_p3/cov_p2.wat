;; The WASI 0.2.12 functions that the preview1 adapter never calls, so that
;; no C program built for wasm32-wasip1 reaches them: a wasi:cli/run@0.2.12
;; command (sync lift) that calls wasi:cli/environment initial-cwd,
;; wasi:cli/terminal-stdin / -stdout / -stderr, wasi:random/random
;; get-random-u64, wasi:random/insecure and insecure-seed, and wasi:filesystem/types get-flags, is-same-object,
;; read-via-stream, write-via-stream, append-via-stream (their streams
;; read and written through wasi:io/streams) and filesystem-error-code,
;; success and error paths. Run with --dir EMPTY::/ . The first failed check
;; exits with its number (exit-with-code); success leaves s.txt =
;; "heLLo world" and returns ok, or, when a terminal was found, exits with
;; 200 + 1 (stdin) + 2 (stdout) + 4 (stderr).
(component
  (import "wasi:io/error@0.2.12" (instance $io-error
    (export "error" (type (sub resource)))))
  (alias export $io-error "error" (type $error))
  (import "wasi:io/streams@0.2.12" (instance $streams
    (alias outer 1 $error (type $e0))
    (export "error" (type $e (eq $e0)))
    (export "input-stream" (type $is (sub resource)))
    (export "output-stream" (type $os (sub resource)))
    (type $own-e (own $e))
    (type $se (variant (case "last-operation-failed" $own-e) (case "closed")))
    (export "stream-error" (type $se1 (eq $se)))
    (export "[method]output-stream.blocking-write-and-flush"
      (func (param "self" (borrow $os)) (param "contents" (list u8)) (result (result (error $se1)))))
    (export "[method]input-stream.blocking-read"
      (func (param "self" (borrow $is)) (param "len" u64) (result (result (list u8) (error $se1)))))))
  (alias export $streams "input-stream" (type $input-stream))
  (alias export $streams "output-stream" (type $output-stream))

  (type $ec (enum "access" "would-block" "already" "bad-descriptor" "busy" "deadlock" "quota"
    "exist" "file-too-large" "illegal-byte-sequence" "in-progress" "interrupted" "invalid" "io"
    "is-directory" "loop" "too-many-links" "message-size" "name-too-long" "no-device" "no-entry"
    "no-lock" "insufficient-memory" "insufficient-space" "not-directory" "not-empty"
    "not-recoverable" "unsupported" "no-tty" "no-such-device" "overflow" "not-permitted" "pipe"
    "read-only" "invalid-seek" "text-file-busy" "cross-device"))
  (type $df (flags "read" "write" "file-integrity-sync" "data-integrity-sync"
    "requested-write-sync" "mutate-directory"))
  (type $pf (flags "symlink-follow"))
  (type $of (flags "create" "directory" "exclusive" "truncate"))
  (import "wasi:filesystem/types@0.2.12" (instance $types
    (alias outer 1 $input-stream (type $is0)) (export "input-stream" (type $is (eq $is0)))
    (alias outer 1 $output-stream (type $os0)) (export "output-stream" (type $os (eq $os0)))
    (alias outer 1 $error (type $e0)) (export "error" (type $e (eq $e0)))
    (export "descriptor" (type $d (sub resource)))
    (alias outer 1 $ec (type $ec0)) (export "error-code" (type $ec1 (eq $ec0)))
    (alias outer 1 $df (type $df0)) (export "descriptor-flags" (type $df1 (eq $df0)))
    (alias outer 1 $pf (type $pf0)) (export "path-flags" (type $pf1 (eq $pf0)))
    (alias outer 1 $of (type $of0)) (export "open-flags" (type $of1 (eq $of0)))
    (type $b (borrow $d))
    (export "[method]descriptor.open-at" (func (param "self" $b) (param "path-flags" $pf1)
      (param "path" string) (param "open-flags" $of1) (param "flags" $df1)
      (result (result (own $d) (error $ec1)))))
    (export "[method]descriptor.get-flags" (func (param "self" $b)
      (result (result $df1 (error $ec1)))))
    (export "[method]descriptor.is-same-object" (func (param "self" $b) (param "other" $b)
      (result bool)))
    (export "[method]descriptor.read-via-stream" (func (param "self" $b) (param "offset" u64)
      (result (result (own $is) (error $ec1)))))
    (export "[method]descriptor.write-via-stream" (func (param "self" $b) (param "offset" u64)
      (result (result (own $os) (error $ec1)))))
    (export "[method]descriptor.append-via-stream" (func (param "self" $b)
      (result (result (own $os) (error $ec1)))))
    (export "filesystem-error-code" (func (param "err" (borrow $e)) (result (option $ec1))))))
  (alias export $types "descriptor" (type $descriptor))
  (import "wasi:filesystem/preopens@0.2.12" (instance $preopens
    (alias outer 1 $descriptor (type $d0))
    (export "descriptor" (type $d (eq $d0)))
    (export "get-directories" (func (result (list (tuple (own $d) string)))))))
  (import "wasi:cli/environment@0.2.12" (instance $env
    (export "initial-cwd" (func (result (option string))))))
  (import "wasi:cli/terminal-input@0.2.12" (instance $tin
    (export "terminal-input" (type (sub resource)))))
  (alias export $tin "terminal-input" (type $terminal-input))
  (import "wasi:cli/terminal-output@0.2.12" (instance $tout
    (export "terminal-output" (type (sub resource)))))
  (alias export $tout "terminal-output" (type $terminal-output))
  (import "wasi:cli/terminal-stdin@0.2.12" (instance $tstdin
    (alias outer 1 $terminal-input (type $t0))
    (export "terminal-input" (type $t (eq $t0)))
    (export "get-terminal-stdin" (func (result (option (own $t)))))))
  (import "wasi:cli/terminal-stdout@0.2.12" (instance $tstdout
    (alias outer 1 $terminal-output (type $t0))
    (export "terminal-output" (type $t (eq $t0)))
    (export "get-terminal-stdout" (func (result (option (own $t)))))))
  (import "wasi:cli/terminal-stderr@0.2.12" (instance $tstderr
    (alias outer 1 $terminal-output (type $t0))
    (export "terminal-output" (type $t (eq $t0)))
    (export "get-terminal-stderr" (func (result (option (own $t)))))))
  (import "wasi:random/random@0.2.12" (instance $random
    (export "get-random-u64" (func (result u64)))))
  (import "wasi:random/insecure@0.2.12" (instance $insecure
    (export "get-insecure-random-bytes" (func (param "len" u64) (result (list u8))))
    (export "get-insecure-random-u64" (func (result u64)))))
  (import "wasi:random/insecure-seed@0.2.12" (instance $seed
    (export "insecure-seed" (func (result (tuple u64 u64))))))
  (import "wasi:cli/exit@0.2.12" (instance $exit
    (export "exit-with-code" (func (param "status-code" u8)))))

  (core module $Mem
    (memory (export "mem") 1)
    (global $heap (mut i32) (i32.const 16384))
    ;; a bump allocator: the test allocates little and never frees
    (func (export "realloc") (param i32 i32 i32 i32) (result i32)
      (local $p i32)
      (local.set $p (i32.and (i32.add (global.get $heap) (i32.sub (local.get 2) (i32.const 1)))
                             (i32.sub (i32.const 0) (local.get 2))))
      (global.set $heap (i32.add (local.get $p) (local.get 3)))
      (if (i32.gt_u (global.get $heap) (i32.const 65536)) (then unreachable))
      (local.get $p)))
  (core instance $mem (instantiate $Mem))
  (alias core export $mem "mem" (core memory $memory))
  (alias core export $mem "realloc" (core func $realloc))

  (core func $get-dirs (canon lower (func $preopens "get-directories") (memory $memory) (realloc $realloc)))
  (core func $open-at (canon lower (func $types "[method]descriptor.open-at") (memory $memory) (realloc $realloc)))
  (core func $get-flags (canon lower (func $types "[method]descriptor.get-flags") (memory $memory)))
  (core func $same (canon lower (func $types "[method]descriptor.is-same-object")))
  (core func $read-via (canon lower (func $types "[method]descriptor.read-via-stream") (memory $memory)))
  (core func $write-via (canon lower (func $types "[method]descriptor.write-via-stream") (memory $memory)))
  (core func $append-via (canon lower (func $types "[method]descriptor.append-via-stream") (memory $memory)))
  (core func $fs-error (canon lower (func $types "filesystem-error-code") (memory $memory)))
  (core func $write (canon lower (func $streams "[method]output-stream.blocking-write-and-flush")
    (memory $memory) (realloc $realloc)))
  (core func $read (canon lower (func $streams "[method]input-stream.blocking-read")
    (memory $memory) (realloc $realloc)))
  (core func $cwd (canon lower (func $env "initial-cwd") (memory $memory) (realloc $realloc)))
  (core func $t-stdin (canon lower (func $tstdin "get-terminal-stdin") (memory $memory)))
  (core func $t-stdout (canon lower (func $tstdout "get-terminal-stdout") (memory $memory)))
  (core func $t-stderr (canon lower (func $tstderr "get-terminal-stderr") (memory $memory)))
  (core func $insecure (canon lower (func $insecure "get-insecure-random-bytes") (memory $memory) (realloc $realloc)))
  (core func $random-u64 (canon lower (func $random "get-random-u64")))
  (core func $insecure-u64 (canon lower (func $insecure "get-insecure-random-u64")))
  (core func $seed (canon lower (func $seed "insecure-seed") (memory $memory)))
  (core func $exit-code (canon lower (func $exit "exit-with-code")))
  (core func $drop-desc (canon resource.drop $descriptor))
  (core func $drop-in (canon resource.drop $input-stream))
  (core func $drop-out (canon resource.drop $output-stream))
  (core func $drop-error (canon resource.drop $error))
  (core func $drop-tin (canon resource.drop $terminal-input))
  (core func $drop-tout (canon resource.drop $terminal-output))

  (core module $M
    (import "h" "mem" (memory 1))
    (import "h" "get-dirs" (func $get-dirs (param i32)))
    (import "h" "open-at" (func $open-at (param i32 i32 i32 i32 i32 i32 i32)))
    (import "h" "get-flags" (func $get-flags (param i32 i32)))
    (import "h" "same" (func $same (param i32 i32) (result i32)))
    (import "h" "read-via" (func $read-via (param i32 i64 i32)))
    (import "h" "write-via" (func $write-via (param i32 i64 i32)))
    (import "h" "append-via" (func $append-via (param i32 i32)))
    (import "h" "fs-error" (func $fs-error (param i32 i32)))
    (import "h" "write" (func $write (param i32 i32 i32 i32)))
    (import "h" "read" (func $read (param i32 i64 i32)))
    (import "h" "cwd" (func $cwd (param i32)))
    (import "h" "t-stdin" (func $t-stdin (param i32)))
    (import "h" "t-stdout" (func $t-stdout (param i32)))
    (import "h" "t-stderr" (func $t-stderr (param i32)))
    (import "h" "insecure" (func $insecure (param i64 i32)))
    (import "h" "random-u64" (func $random-u64 (result i64)))
    (import "h" "insecure-u64" (func $insecure-u64 (result i64)))
    (import "h" "seed" (func $seed (param i32)))
    (import "h" "exit-code" (func $exit-code (param i32)))
    (import "h" "drop-desc" (func $drop-desc (param i32)))
    (import "h" "drop-in" (func $drop-in (param i32)))
    (import "h" "drop-out" (func $drop-out (param i32)))
    (import "h" "drop-error" (func $drop-error (param i32)))
    (import "h" "drop-tin" (func $drop-tin (param i32)))
    (import "h" "drop-tout" (func $drop-tout (param i32)))

    (data (i32.const 1024) "s.txt")     ;; 5
    (data (i32.const 1032) "hello")     ;; 5
    (data (i32.const 1040) " world")    ;; 6
    (data (i32.const 1048) "LL")        ;; 2
    (data (i32.const 1056) "heLLo world") ;; 11

    ;; results at $R
    (global $R i32 (i32.const 256))

    (func $check (param $ok i32) (param $code i32)
      (if (i32.eqz (local.get $ok)) (then
        (call $exit-code (local.get $code))
        unreachable)))

    (func $memeq (param $a i32) (param $b i32) (param $n i32) (result i32)
      (block $ne
        (loop $next
          (if (i32.eqz (local.get $n)) (then (return (i32.const 1))))
          (br_if $ne (i32.ne (i32.load8_u (local.get $a)) (i32.load8_u (local.get $b))))
          (local.set $a (i32.add (local.get $a) (i32.const 1)))
          (local.set $b (i32.add (local.get $b) (i32.const 1)))
          (local.set $n (i32.sub (local.get $n) (i32.const 1)))
          (br $next)))
      (i32.const 0))

    ;; a result<T, error-code> with a 4-byte T at $R: 0 ok, else 1 + the error-code
    (func $outcome (result i32)
      (if (result i32) (i32.load8_u (global.get $R))
        (then (i32.add (i32.const 1) (i32.load8_u offset=4 (global.get $R))))
        (else (i32.const 0))))

    ;; blocking-write-and-flush of $n bytes at $p to $os: 0 ok, 1 closed,
    ;; 2 last-operation-failed (its error handle at $R+8)
    (func $put (param $os i32) (param $p i32) (param $n i32) (result i32)
      (call $write (local.get $os) (local.get $p) (local.get $n) (global.get $R))
      (if (result i32) (i32.load8_u (global.get $R))
        (then (i32.sub (i32.const 2) (i32.load8_u offset=4 (global.get $R))))
        (else (i32.const 0))))

    (func (export "run") (result i32)
      (local $dir i32) (local $f i32) (local $g i32) (local $s i32) (local $tty i32) (local $err i32)

      ;; ---- wasi:cli ------------------------------------------------------------------
      ;; initial-cwd: none (wasi-run gives no working directory)
      (call $cwd (global.get $R))
      (call $check (i32.eqz (i32.load8_u (global.get $R))) (i32.const 1))
      ;; terminals: a handle only on a terminal; each found is dropped
      (call $t-stdin (global.get $R))
      (if (i32.load8_u (global.get $R)) (then
        (call $drop-tin (i32.load offset=4 (global.get $R)))
        (local.set $tty (i32.or (local.get $tty) (i32.const 1)))))
      (call $t-stdout (global.get $R))
      (if (i32.load8_u (global.get $R)) (then
        (call $drop-tout (i32.load offset=4 (global.get $R)))
        (local.set $tty (i32.or (local.get $tty) (i32.const 2)))))
      (call $t-stderr (global.get $R))
      (if (i32.load8_u (global.get $R)) (then
        (call $drop-tout (i32.load offset=4 (global.get $R)))
        (local.set $tty (i32.or (local.get $tty) (i32.const 4)))))

      ;; ---- wasi:random -----------------------------------------------------------------
      (call $insecure (i64.const 16) (global.get $R))
      (call $check (i32.eq (i32.load offset=4 (global.get $R)) (i32.const 16)) (i32.const 2))
      (local.set $s (i32.load (global.get $R)))
      (call $insecure (i64.const 16) (global.get $R))
      (call $check (i32.eq (i32.load offset=4 (global.get $R)) (i32.const 16)) (i32.const 3))
      (call $check (i32.eqz (call $memeq (local.get $s) (i32.load (global.get $R)) (i32.const 16))) (i32.const 4))
      (call $insecure (i64.const 0) (global.get $R))
      (call $check (i32.eqz (i32.load offset=4 (global.get $R))) (i32.const 5))
      ;; u64s: two calls differ (a 2^-64 chance of a false failure)
      (call $check (i64.ne (call $random-u64) (call $random-u64)) (i32.const 43))
      (call $check (i64.ne (call $insecure-u64) (call $insecure-u64)) (i32.const 44))
      (call $seed (global.get $R))
      (call $check (i64.ne (i64.or (i64.load (global.get $R)) (i64.load offset=8 (global.get $R)))
                           (i64.const 0)) (i32.const 6))

      ;; ---- wasi:filesystem ---------------------------------------------------------------
      (call $get-dirs (global.get $R))
      (call $check (i32.eq (i32.load offset=4 (global.get $R)) (i32.const 1)) (i32.const 7))
      (local.set $dir (i32.load (i32.load (global.get $R))))
      (call $open-at (local.get $dir) (i32.const 0) (i32.const 1024) (i32.const 5)
        (i32.const 1 (; create ;)) (i32.const 3 (; read|write ;)) (global.get $R))
      (call $check (i32.eqz (call $outcome)) (i32.const 8))
      (local.set $f (i32.load offset=4 (global.get $R)))
      (call $open-at (local.get $dir) (i32.const 0) (i32.const 1024) (i32.const 5)
        (i32.const 0) (i32.const 1 (; read ;)) (global.get $R))
      (call $check (i32.eqz (call $outcome)) (i32.const 9))
      (local.set $g (i32.load offset=4 (global.get $R)))

      ;; get-flags (a result of two bytes: the flags at offset 1)
      (call $get-flags (local.get $f) (global.get $R))
      (call $check (i32.eqz (i32.load8_u (global.get $R))) (i32.const 10))
      (call $check (i32.eq (i32.load8_u offset=1 (global.get $R)) (i32.const 3 (; read|write ;))) (i32.const 11))
      (call $get-flags (local.get $g) (global.get $R))
      (call $check (i32.eqz (i32.load8_u (global.get $R))) (i32.const 12))
      (call $check (i32.eq (i32.load8_u offset=1 (global.get $R)) (i32.const 1 (; read ;))) (i32.const 13))
      (call $get-flags (local.get $dir) (global.get $R))
      (call $check (i32.eqz (i32.load8_u (global.get $R))) (i32.const 14))
      (call $check (i32.eq (i32.load8_u offset=1 (global.get $R))
                           (i32.const 33 (; read|mutate-directory ;))) (i32.const 15))

      ;; is-same-object
      (call $check (i32.eq (call $same (local.get $f) (local.get $g)) (i32.const 1)) (i32.const 16))
      (call $check (i32.eqz (call $same (local.get $f) (local.get $dir))) (i32.const 17))

      ;; write-via-stream at 0: "hello"
      (call $write-via (local.get $f) (i64.const 0) (global.get $R))
      (call $check (i32.eqz (call $outcome)) (i32.const 18))
      (local.set $s (i32.load offset=4 (global.get $R)))
      (call $check (i32.eqz (call $put (local.get $s) (i32.const 1032) (i32.const 5))) (i32.const 19))
      (call $drop-out (local.get $s))
      ;; append-via-stream: " world"
      (call $append-via (local.get $f) (global.get $R))
      (call $check (i32.eqz (call $outcome)) (i32.const 20))
      (local.set $s (i32.load offset=4 (global.get $R)))
      (call $check (i32.eqz (call $put (local.get $s) (i32.const 1040) (i32.const 6))) (i32.const 21))
      (call $drop-out (local.get $s))
      ;; write-via-stream at 2: "LL"
      (call $write-via (local.get $f) (i64.const 2) (global.get $R))
      (call $check (i32.eqz (call $outcome)) (i32.const 22))
      (local.set $s (i32.load offset=4 (global.get $R)))
      (call $check (i32.eqz (call $put (local.get $s) (i32.const 1048) (i32.const 2))) (i32.const 23))
      (call $drop-out (local.get $s))

      ;; read-via-stream at 0 through the read-only descriptor: all 11 bytes, then closed
      (call $read-via (local.get $g) (i64.const 0) (global.get $R))
      (call $check (i32.eqz (call $outcome)) (i32.const 24))
      (local.set $s (i32.load offset=4 (global.get $R)))
      (call $read (local.get $s) (i64.const 64) (global.get $R))
      (call $check (i32.eqz (i32.load8_u (global.get $R))) (i32.const 25))
      (call $check (i32.eq (i32.load offset=8 (global.get $R)) (i32.const 11)) (i32.const 26))
      (call $check (call $memeq (i32.load offset=4 (global.get $R)) (i32.const 1056) (i32.const 11)) (i32.const 27))
      (call $read (local.get $s) (i64.const 64) (global.get $R))
      (call $check (i32.eq (i32.load8_u (global.get $R)) (i32.const 1)) (i32.const 28))
      (call $check (i32.eq (i32.load8_u offset=4 (global.get $R)) (i32.const 1 (; closed ;))) (i32.const 29))
      (call $drop-in (local.get $s))
      ;; read-via-stream at 6, 3 bytes: "wor"
      (call $read-via (local.get $f) (i64.const 6) (global.get $R))
      (call $check (i32.eqz (call $outcome)) (i32.const 30))
      (local.set $s (i32.load offset=4 (global.get $R)))
      (call $read (local.get $s) (i64.const 3) (global.get $R))
      (call $check (i32.eq (i32.load offset=8 (global.get $R)) (i32.const 3)) (i32.const 31))
      (call $check (call $memeq (i32.load offset=4 (global.get $R)) (i32.const 1062) (i32.const 3)) (i32.const 32))
      (call $drop-in (local.get $s))
      ;; past the end: closed at once
      (call $read-via (local.get $f) (i64.const 100) (global.get $R))
      (call $check (i32.eqz (call $outcome)) (i32.const 33))
      (local.set $s (i32.load offset=4 (global.get $R)))
      (call $read (local.get $s) (i64.const 8) (global.get $R))
      (call $check (i32.eq (i32.load8_u (global.get $R)) (i32.const 1)) (i32.const 34))
      (call $check (i32.eq (i32.load8_u offset=4 (global.get $R)) (i32.const 1 (; closed ;))) (i32.const 35))
      (call $drop-in (local.get $s))

      ;; errors: streams of a directory
      (call $read-via (local.get $dir) (i64.const 0) (global.get $R))
      (call $check (i32.eq (call $outcome) (i32.const 15 (; 1 + is-directory ;))) (i32.const 36))
      (call $write-via (local.get $dir) (i64.const 0) (global.get $R))
      (call $check (i32.eq (call $outcome) (i32.const 4 (; 1 + bad-descriptor ;))) (i32.const 37))
      (call $append-via (local.get $dir) (global.get $R))
      (call $check (i32.eq (call $outcome) (i32.const 4 (; 1 + bad-descriptor ;))) (i32.const 38))
      ;; a write through a descriptor opened for reading fails with an
      ;; error that filesystem-error-code reads as bad-descriptor
      (call $write-via (local.get $g) (i64.const 0) (global.get $R))
      (call $check (i32.eqz (call $outcome)) (i32.const 39))
      (local.set $s (i32.load offset=4 (global.get $R)))
      (call $check (i32.eq (call $put (local.get $s) (i32.const 1032) (i32.const 5)) (i32.const 2)) (i32.const 40))
      (local.set $err (i32.load offset=8 (global.get $R)))
      (call $fs-error (local.get $err) (global.get $R))
      (call $check (i32.eq (i32.load8_u (global.get $R)) (i32.const 1)) (i32.const 41))
      (call $check (i32.eq (i32.load8_u offset=1 (global.get $R)) (i32.const 3 (; bad-descriptor ;))) (i32.const 42))
      (call $drop-error (local.get $err))
      (call $drop-out (local.get $s))

      (call $drop-desc (local.get $g))
      (call $drop-desc (local.get $f))
      (if (local.get $tty) (then (call $exit-code (i32.add (i32.const 200) (local.get $tty))) unreachable))
      (i32.const 0))
  )
  (core instance $m (instantiate $M (with "h" (instance
    (export "mem" (memory $memory))
    (export "get-dirs" (func $get-dirs))
    (export "open-at" (func $open-at))
    (export "get-flags" (func $get-flags))
    (export "same" (func $same))
    (export "read-via" (func $read-via))
    (export "write-via" (func $write-via))
    (export "append-via" (func $append-via))
    (export "fs-error" (func $fs-error))
    (export "write" (func $write))
    (export "read" (func $read))
    (export "cwd" (func $cwd))
    (export "t-stdin" (func $t-stdin))
    (export "t-stdout" (func $t-stdout))
    (export "t-stderr" (func $t-stderr))
    (export "insecure" (func $insecure))
    (export "random-u64" (func $random-u64))
    (export "insecure-u64" (func $insecure-u64))
    (export "seed" (func $seed))
    (export "exit-code" (func $exit-code))
    (export "drop-desc" (func $drop-desc))
    (export "drop-in" (func $drop-in))
    (export "drop-out" (func $drop-out))
    (export "drop-error" (func $drop-error))
    (export "drop-tin" (func $drop-tin))
    (export "drop-tout" (func $drop-tout))))))
  (func $run (result (result)) (canon lift (core func $m "run")))
  (instance $r (export "run" (func $run)))
  (export "wasi:cli/run@0.2.12" (instance $r)))
