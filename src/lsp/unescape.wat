;; The unescaping of a JSON string's text into UTF-8, for the language
;; server's reading of a large document as it arrives (transport.ts). The
;; escaped text is copied into memory; `unescape(i, n, j)` reads it from i
;; up to n and writes the bytes it stands for from j, in a place of their
;; own with 16 bytes to spare (plain bytes are read and written sixteen at
;; a time, a vector written whole where its first special byte is). It stops at
;; the closing quote, at the end, or at what it leaves to its caller, and
;; says which: `read` and `written` are where it stopped.
;;   0  all read
;;   1  the closing quote, at `read`
;;   2  an escape cut at the end (from `read` on): the rest comes later
;;   3  what JSON refuses, at `read`: a raw control character, a bad escape
;;   4  an escaped surrogate at `read` (its code unit in `unit`): a pair or a
;;      lone one, which the caller reads
(module
  (memory (export "memory") 1)
  (global $read (export "read") (mut i32) (i32.const 0))
  (global $written (export "written") (mut i32) (i32.const 0))
  (global $unit (export "unit") (mut i32) (i32.const 0))

  (func $stop (param $i i32) (param $j i32) (param $status i32) (result i32)
    (global.set $read (local.get $i))
    (global.set $written (local.get $j))
    (local.get $status))

  ;; The byte an escape of one character stands for (\" \\ \/ \b \f \n \r \t), or -1.
  (func $simple (param $e i32) (result i32)
    (if (i32.eq (local.get $e) (i32.const 110)) (then (return (i32.const 10))))
    (if (i32.eq (local.get $e) (i32.const 34)) (then (return (i32.const 34))))
    (if (i32.eq (local.get $e) (i32.const 92)) (then (return (i32.const 92))))
    (if (i32.eq (local.get $e) (i32.const 116)) (then (return (i32.const 9))))
    (if (i32.eq (local.get $e) (i32.const 114)) (then (return (i32.const 13))))
    (if (i32.eq (local.get $e) (i32.const 47)) (then (return (i32.const 47))))
    (if (i32.eq (local.get $e) (i32.const 98)) (then (return (i32.const 8))))
    (if (i32.eq (local.get $e) (i32.const 102)) (then (return (i32.const 12))))
    (i32.const -1))

  ;; The value of a hex digit, or -1.
  (func $hex (param $c i32) (result i32)
    (if (i32.le_u (i32.sub (local.get $c) (i32.const 48)) (i32.const 9))
      (then (return (i32.sub (local.get $c) (i32.const 48)))))
    (local.set $c (i32.or (local.get $c) (i32.const 32)))
    (if (i32.le_u (i32.sub (local.get $c) (i32.const 97)) (i32.const 5))
      (then (return (i32.sub (local.get $c) (i32.const 87)))))
    (i32.const -1))

  ;; The value of the four hex digits at `at`, or -1.
  (func $hex4 (param $at i32) (result i32)
    (local $a i32) (local $b i32) (local $c i32) (local $d i32)
    (local.set $a (call $hex (i32.load8_u (local.get $at))))
    (local.set $b (call $hex (i32.load8_u offset=1 (local.get $at))))
    (local.set $c (call $hex (i32.load8_u offset=2 (local.get $at))))
    (local.set $d (call $hex (i32.load8_u offset=3 (local.get $at))))
    (if (i32.lt_s (i32.or (i32.or (local.get $a) (local.get $b)) (i32.or (local.get $c) (local.get $d))) (i32.const 0))
      (then (return (i32.const -1))))
    (i32.or
      (i32.or (i32.shl (local.get $a) (i32.const 12)) (i32.shl (local.get $b) (i32.const 8)))
      (i32.or (i32.shl (local.get $c) (i32.const 4)) (local.get $d))))

  (func (export "unescape") (param $i i32) (param $n i32) (param $j i32) (result i32)
    (local $b i32) (local $u i32) (local $v v128) (local $mask i32)
    (block $end
      (loop $next
        (br_if $end (i32.ge_u (local.get $i) (local.get $n)))
        (block $special
          ;; Sixteen bytes at a time, written as they are up to the first quote, backslash or control character.
          (if (i32.le_u (i32.add (local.get $i) (i32.const 16)) (local.get $n))
            (then
              (local.set $v (v128.load (local.get $i)))
              (v128.store (local.get $j) (local.get $v))
              (local.set $mask (i8x16.bitmask (v128.or
                (v128.or
                  (i8x16.eq (local.get $v) (v128.const i8x16 34 34 34 34 34 34 34 34 34 34 34 34 34 34 34 34))
                  (i8x16.eq (local.get $v) (v128.const i8x16 92 92 92 92 92 92 92 92 92 92 92 92 92 92 92 92)))
                (i8x16.lt_u (local.get $v) (v128.const i8x16 32 32 32 32 32 32 32 32 32 32 32 32 32 32 32 32)))))
              (if (i32.eqz (local.get $mask))
                (then
                  (local.set $i (i32.add (local.get $i) (i32.const 16)))
                  (local.set $j (i32.add (local.get $j) (i32.const 16)))
                  (br $next)))
              (local.set $mask (i32.ctz (local.get $mask)))
              (local.set $i (i32.add (local.get $i) (local.get $mask)))
              (local.set $j (i32.add (local.get $j) (local.get $mask)))
              (br $special)))
          ;; The last bytes, one at a time.
          (local.set $b (i32.load8_u (local.get $i)))
          (br_if $special (i32.or (i32.lt_u (local.get $b) (i32.const 32)) (i32.or (i32.eq (local.get $b) (i32.const 34)) (i32.eq (local.get $b) (i32.const 92)))))
          (i32.store8 (local.get $j) (local.get $b))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br $next))
        ;; A quote, a control character or a backslash, at i.
        (local.set $b (i32.load8_u (local.get $i)))
        (if (i32.eq (local.get $b) (i32.const 34)) (then (return (call $stop (local.get $i) (local.get $j) (i32.const 1)))))
        (if (i32.lt_u (local.get $b) (i32.const 32)) (then (return (call $stop (local.get $i) (local.get $j) (i32.const 3)))))
        ;; An escape.
        (if (i32.ge_u (i32.add (local.get $i) (i32.const 1)) (local.get $n)) (then (return (call $stop (local.get $i) (local.get $j) (i32.const 2)))))
        (local.set $b (i32.load8_u offset=1 (local.get $i)))
        (local.set $u (call $simple (local.get $b)))
        (if (i32.ge_s (local.get $u) (i32.const 0))
          (then
            (i32.store8 (local.get $j) (local.get $u))
            (local.set $i (i32.add (local.get $i) (i32.const 2)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $next)))
        (if (i32.ne (local.get $b) (i32.const 117)) (then (return (call $stop (local.get $i) (local.get $j) (i32.const 3)))))
        (if (i32.gt_u (i32.add (local.get $i) (i32.const 6)) (local.get $n)) (then (return (call $stop (local.get $i) (local.get $j) (i32.const 2)))))
        (local.set $u (call $hex4 (i32.add (local.get $i) (i32.const 2))))
        (if (i32.lt_s (local.get $u) (i32.const 0)) (then (return (call $stop (local.get $i) (local.get $j) (i32.const 3)))))
        (if (i32.eq (i32.and (local.get $u) (i32.const 0xf800)) (i32.const 0xd800))
          (then
            (global.set $unit (local.get $u))
            (return (call $stop (local.get $i) (local.get $j) (i32.const 4)))))
        (local.set $i (i32.add (local.get $i) (i32.const 6)))
        (if (i32.lt_u (local.get $u) (i32.const 0x80))
          (then
            (i32.store8 (local.get $j) (local.get $u))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $next)))
        (if (i32.lt_u (local.get $u) (i32.const 0x800))
          (then
            (i32.store8 (local.get $j) (i32.or (i32.const 0xc0) (i32.shr_u (local.get $u) (i32.const 6))))
            (i32.store8 offset=1 (local.get $j) (i32.or (i32.const 0x80) (i32.and (local.get $u) (i32.const 0x3f))))
            (local.set $j (i32.add (local.get $j) (i32.const 2)))
            (br $next)))
        (i32.store8 (local.get $j) (i32.or (i32.const 0xe0) (i32.shr_u (local.get $u) (i32.const 12))))
        (i32.store8 offset=1 (local.get $j) (i32.or (i32.const 0x80) (i32.and (i32.shr_u (local.get $u) (i32.const 6)) (i32.const 0x3f))))
        (i32.store8 offset=2 (local.get $j) (i32.or (i32.const 0x80) (i32.and (local.get $u) (i32.const 0x3f))))
        (local.set $j (i32.add (local.get $j) (i32.const 3)))
        (br $next)))
    (call $stop (local.get $i) (local.get $j) (i32.const 0)))
)
