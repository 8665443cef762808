;; The reader of a stored list (see encodeList in grams.ts), in WebAssembly:
;; a cold `daybook search` process runs JavaScript in V8's interpreter, at
;; about 200 ns an id (20 ms for the 100,000 ids of a word's trigrams), where
;; WebAssembly is compiled before its first call (1 ms for the same ids).
;;
;; A list: a varint of how many ids (n), a varint of the base, a byte k (0x40
;; set when each id has a count), then for each id its gap less one from the
;; one before (the first from the base) in Rice code, the quotient in unary
;; (1 bits ended by a 0) and the k low bits, and then, with counts, the count
;; less one in unary. Bits are taken least significant first.
;;
;; decode(list, length, out, mode, words) returns n, or -1 for a list that
;; cannot be read as written (cut short, more ids than bits, k over 30, an id
;; over 2^31 - 1). Mode 0 sets bit `id` of the bitmap at `out` (`words` 32-bit
;; words; ids beyond it are left out); mode 1 writes the ids at `out` (32 bits
;; each); mode 2 writes the ids and then, at out + 4n, their counts (1 each
;; for a list without counts). The caller grows the memory for what it reads
;; and writes; an access beyond it traps.
;;
;; Bitmaps (bit `id` of an array of 32-bit words) are kept in the same
;; memory while a query's lists are read: and(a, b, words) leaves in a the
;; bits also in b and returns how many are left; count(a, words) how many are
;; set; ids(a, words, out) writes the ids set at `out`, ascending, and returns
;; how many. (In JavaScript these loops ran in the interpreter of a cold
;; process, and their optimized compiles were waited for at its exit.)
;;
;; Writing a list: plan(ids, n, base, counts, counted) chooses k for n ids
;; (32 bits each at `ids`, ascending, above `base`; with `counted`, their
;; counts at `counts`) and returns the list's size in bytes; write(ids, n,
;; base, counts, counted, out) then writes it at `out` with that k and
;; returns its size. k is the one of the three around log2 of the mean gap
;; that takes the fewest bits (the JavaScript encoder's choice before it).
;;
;; src/indexing/rice-wasm.ts holds this file compiled (scripts/wasm.mjs makes
;; it; a test checks that it is this file's code).
(module
  (memory (export "memory") 1)
  ;; The next byte to read, and the end of the list.
  (global $p (mut i32) (i32.const 0))
  (global $end (mut i32) (i32.const 0))
  ;; $avail unread bits, the next one lowest; the bits above them are 0.
  (global $buf (mut i64) (i64.const 0))
  (global $avail (mut i64) (i64.const 0))

  ;; A varint of at most six bytes, or -1.
  (func $varint (result i64)
    (local $v i64) (local $shift i64) (local $byte i64)
    (loop $more
      (if (i32.ge_u (global.get $p) (global.get $end)) (then (return (i64.const -1))))
      (if (i64.gt_u (local.get $shift) (i64.const 35)) (then (return (i64.const -1))))
      (local.set $byte (i64.load8_u (global.get $p)))
      (global.set $p (i32.add (global.get $p) (i32.const 1)))
      (local.set $v (i64.or (local.get $v) (i64.shl (i64.and (local.get $byte) (i64.const 0x7f)) (local.get $shift))))
      (local.set $shift (i64.add (local.get $shift) (i64.const 7)))
      (br_if $more (i64.ne (i64.and (local.get $byte) (i64.const 0x80)) (i64.const 0))))
    (local.get $v))

  ;; Takes bytes into the buffer while a whole one fits.
  (func $refill
    (block $done
      (loop $more
        (br_if $done (i64.gt_u (global.get $avail) (i64.const 56)))
        (br_if $done (i32.ge_u (global.get $p) (global.get $end)))
        (global.set $buf (i64.or (global.get $buf) (i64.shl (i64.load8_u (global.get $p)) (global.get $avail))))
        (global.set $p (i32.add (global.get $p) (i32.const 1)))
        (global.set $avail (i64.add (global.get $avail) (i64.const 8)))
        (br $more))))

  ;; How many 1 bits come before the next 0 (which is read too), or -1 when the list ends first.
  (func $unary (result i64)
    (local $q i64) (local $run i64)
    (loop $more
      (call $refill)
      (if (i64.eqz (global.get $avail)) (then (return (i64.const -1))))
      ;; The trailing 1 bits of the buffer; as many as it holds when they are all 1.
      (local.set $run (i64.ctz (i64.xor (global.get $buf) (i64.const -1))))
      (if (i64.ge_u (local.get $run) (global.get $avail))
        (then
          (local.set $q (i64.add (local.get $q) (global.get $avail)))
          (global.set $buf (i64.const 0))
          (global.set $avail (i64.const 0))
          (br $more))))
    (local.set $q (i64.add (local.get $q) (local.get $run)))
    (local.set $run (i64.add (local.get $run) (i64.const 1)))
    ;; (A shift by 64 would be one by 0.)
    (global.set $buf (select (i64.const 0) (i64.shr_u (global.get $buf) (local.get $run)) (i64.eq (local.get $run) (i64.const 64))))
    (global.set $avail (i64.sub (global.get $avail) (local.get $run)))
    (local.get $q))

  ;; The next $k bits ($k from 1 to 30), or -1 when the list ends first.
  (func $low (param $k i64) (result i64)
    (local $r i64)
    (if (i64.lt_u (global.get $avail) (local.get $k)) (then (call $refill)))
    (if (i64.lt_u (global.get $avail) (local.get $k)) (then (return (i64.const -1))))
    (local.set $r (i64.and (global.get $buf) (i64.sub (i64.shl (i64.const 1) (local.get $k)) (i64.const 1))))
    (global.set $buf (i64.shr_u (global.get $buf) (local.get $k)))
    (global.set $avail (i64.sub (global.get $avail) (local.get $k)))
    (local.get $r))

  (func (export "decode") (param $list i32) (param $length i32) (param $out i32) (param $mode i32) (param $words i32) (result i32)
    (local $n i64) (local $id i64) (local $k i64) (local $counted i32) (local $i i64)
    (local $q i64) (local $r i64) (local $c i64) (local $at i32) (local $counts i32)
    (global.set $p (local.get $list))
    (global.set $end (i32.add (local.get $list) (local.get $length)))
    (global.set $buf (i64.const 0))
    (global.set $avail (i64.const 0))
    (local.set $n (call $varint))
    (if (i64.lt_s (local.get $n) (i64.const 0)) (then (return (i32.const -1))))
    (local.set $id (call $varint))
    (if (i64.lt_s (local.get $id) (i64.const 0)) (then (return (i32.const -1))))
    ;; Every id takes a bit at least: a count beyond the bits there are is damage (and no loop may run on it).
    (if (i64.gt_u (local.get $n) (i64.mul (i64.extend_i32_u (i32.sub (global.get $end) (global.get $p))) (i64.const 8)))
      (then (return (i32.const -1))))
    (if (i64.eqz (local.get $n)) (then (return (i32.const 0))))
    (local.set $counted (i32.and (i32.load8_u (global.get $p)) (i32.const 0x40)))
    (local.set $k (i64.extend_i32_u (i32.and (i32.load8_u (global.get $p)) (i32.const 0xbf))))
    (global.set $p (i32.add (global.get $p) (i32.const 1)))
    (if (i64.gt_u (local.get $k) (i64.const 30)) (then (return (i32.const -1))))
    (local.set $counts (i32.add (local.get $out) (i32.wrap_i64 (i64.mul (local.get $n) (i64.const 4)))))
    (local.set $c (i64.const 1))
    (loop $next
      (local.set $q (call $unary))
      ;; (An id is at most 2^31 - 1, and so is its gap: a larger quotient is damage, before a shift could overflow.)
      (if (i64.gt_u (local.get $q) (i64.const 0x7fffffff)) (then (return (i32.const -1))))
      (local.set $r (i64.const 0))
      (if (i64.ne (local.get $k) (i64.const 0))
        (then
          (local.set $r (call $low (local.get $k)))
          (if (i64.lt_s (local.get $r) (i64.const 0)) (then (return (i32.const -1))))))
      (local.set $id (i64.add (local.get $id) (i64.add (i64.add (i64.shl (local.get $q) (local.get $k)) (local.get $r)) (i64.const 1))))
      (if (i64.gt_u (local.get $id) (i64.const 0x7fffffff)) (then (return (i32.const -1))))
      (if (local.get $counted)
        (then
          (local.set $c (call $unary))
          (if (i64.lt_s (local.get $c) (i64.const 0)) (then (return (i32.const -1))))
          (local.set $c (i64.add (local.get $c) (i64.const 1)))))
      (if (i32.eqz (local.get $mode))
        (then
          (if (i64.lt_u (i64.shr_u (local.get $id) (i64.const 5)) (i64.extend_i32_u (local.get $words)))
            (then
              (local.set $at (i32.add (local.get $out) (i32.shl (i32.wrap_i64 (i64.shr_u (local.get $id) (i64.const 5))) (i32.const 2))))
              (i32.store (local.get $at) (i32.or (i32.load (local.get $at)) (i32.shl (i32.const 1) (i32.wrap_i64 (local.get $id))))))))
        (else
          (i32.store (i32.add (local.get $out) (i32.shl (i32.wrap_i64 (local.get $i)) (i32.const 2))) (i32.wrap_i64 (local.get $id)))
          (if (i32.eq (local.get $mode) (i32.const 2))
            (then (i32.store (i32.add (local.get $counts) (i32.shl (i32.wrap_i64 (local.get $i)) (i32.const 2))) (i32.wrap_i64 (local.get $c)))))))
      (local.set $i (i64.add (local.get $i) (i64.const 1)))
      (br_if $next (i64.lt_u (local.get $i) (local.get $n))))
    (i32.wrap_i64 (local.get $n)))
;; a &= b, word by word; the bits left set in a.
  (func (export "and") (param $a i32) (param $b i32) (param $words i32) (result i32)
    (local $end i32) (local $v i32) (local $n i32)
    (local.set $end (i32.add (local.get $a) (i32.shl (local.get $words) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $a) (local.get $end)))
        (local.set $v (i32.and (i32.load (local.get $a)) (i32.load (local.get $b))))
        (i32.store (local.get $a) (local.get $v))
        (local.set $n (i32.add (local.get $n) (i32.popcnt (local.get $v))))
        (local.set $a (i32.add (local.get $a) (i32.const 4)))
        (local.set $b (i32.add (local.get $b) (i32.const 4)))
        (br $next)))
    (local.get $n))

  ;; The bits set in a.
  (func (export "count") (param $a i32) (param $words i32) (result i32)
    (local $end i32) (local $n i32)
    (local.set $end (i32.add (local.get $a) (i32.shl (local.get $words) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $a) (local.get $end)))
        (local.set $n (i32.add (local.get $n) (i32.popcnt (i32.load (local.get $a)))))
        (local.set $a (i32.add (local.get $a) (i32.const 4)))
        (br $next)))
    (local.get $n))

  ;; The ids of the bits set in a, ascending, at out; how many.
  (func (export "ids") (param $a i32) (param $words i32) (param $out i32) (result i32)
    (local $w i32) (local $v i32) (local $n i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $w) (local.get $words)))
        (local.set $v (i32.load (i32.add (local.get $a) (i32.shl (local.get $w) (i32.const 2)))))
        (block $empty
          (loop $bit
            (br_if $empty (i32.eqz (local.get $v)))
            (i32.store (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 2))) (i32.add (i32.shl (local.get $w) (i32.const 5)) (i32.ctz (local.get $v))))
            (local.set $n (i32.add (local.get $n) (i32.const 1)))
            (local.set $v (i32.and (local.get $v) (i32.sub (local.get $v) (i32.const 1))))
            (br $bit)))
        (local.set $w (i32.add (local.get $w) (i32.const 1)))
        (br $next)))
    (local.get $n))
;; The k that `plan` chose, for `write`.
  (global $k (mut i32) (i32.const 0))
  ;; Where `write` puts the next byte, and the bits not yet written ($used of them, lowest first).
  (global $q (mut i32) (i32.const 0))
  (global $acc (mut i64) (i64.const 0))
  (global $used (mut i64) (i64.const 0))

  (func $varintLength (param $v i32) (result i32)
    (local $n i32)
    (local.set $n (i32.const 1))
    (block $done
      (loop $more
        (br_if $done (i32.lt_u (local.get $v) (i32.const 0x80)))
        (local.set $v (i32.shr_u (local.get $v) (i32.const 7)))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (br $more)))
    (local.get $n))

  (func (export "plan") (param $ids i32) (param $n i32) (param $base i32) (param $counts i32) (param $counted i32) (result i32)
    (local $span i32) (local $mean i32) (local $k0 i32) (local $i i32) (local $prev i32) (local $gap i32)
    (local $h0 i64) (local $h1 i64) (local $h2 i64) (local $c0 i64) (local $c1 i64) (local $c2 i64) (local $bits i64)
    (if (i32.gt_s (local.get $n) (i32.const 0))
      (then (local.set $span (i32.sub (i32.load (i32.add (local.get $ids) (i32.shl (i32.sub (local.get $n) (i32.const 1)) (i32.const 2)))) (local.get $base)))))
    ;; k0 = max(0, floor(log2(max(1, span / max(1, n)))) - 1)
    (local.set $mean (i32.div_u (local.get $span) (select (local.get $n) (i32.const 1) (i32.gt_s (local.get $n) (i32.const 0)))))
    (if (i32.eqz (local.get $mean)) (then (local.set $mean (i32.const 1))))
    (local.set $k0 (i32.sub (i32.sub (i32.const 31) (i32.clz (local.get $mean))) (i32.const 1)))
    (if (i32.lt_s (local.get $k0) (i32.const 0)) (then (local.set $k0 (i32.const 0))))
    (local.set $prev (local.get $base))
    (block $done
      (loop $next
        (br_if $done (i32.ge_s (local.get $i) (local.get $n)))
        (local.set $gap (i32.sub (i32.sub (i32.load (i32.add (local.get $ids) (i32.shl (local.get $i) (i32.const 2)))) (local.get $prev)) (i32.const 1)))
        (local.set $prev (i32.load (i32.add (local.get $ids) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $h0 (i64.add (local.get $h0) (i64.extend_i32_u (i32.shr_u (local.get $gap) (local.get $k0)))))
        (local.set $h1 (i64.add (local.get $h1) (i64.extend_i32_u (i32.shr_u (local.get $gap) (i32.add (local.get $k0) (i32.const 1))))))
        (local.set $h2 (i64.add (local.get $h2) (i64.extend_i32_u (i32.shr_u (local.get $gap) (i32.add (local.get $k0) (i32.const 2))))))
        (if (local.get $counted)
          (then (local.set $bits (i64.add (local.get $bits) (i64.extend_i32_u (i32.load (i32.add (local.get $counts) (i32.shl (local.get $i) (i32.const 2)))))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.set $c0 (i64.add (local.get $h0) (i64.mul (i64.extend_i32_u (local.get $n)) (i64.extend_i32_u (i32.add (local.get $k0) (i32.const 1))))))
    (local.set $c1 (i64.add (local.get $h1) (i64.mul (i64.extend_i32_u (local.get $n)) (i64.extend_i32_u (i32.add (local.get $k0) (i32.const 2))))))
    (local.set $c2 (i64.add (local.get $h2) (i64.mul (i64.extend_i32_u (local.get $n)) (i64.extend_i32_u (i32.add (local.get $k0) (i32.const 3))))))
    (if (i32.and (i64.le_u (local.get $c0) (local.get $c1)) (i64.le_u (local.get $c0) (local.get $c2)))
      (then
        (global.set $k (local.get $k0))
        (local.set $bits (i64.add (local.get $bits) (local.get $c0))))
      (else
        (if (i64.le_u (local.get $c1) (local.get $c2))
          (then
            (global.set $k (i32.add (local.get $k0) (i32.const 1)))
            (local.set $bits (i64.add (local.get $bits) (local.get $c1))))
          (else
            (global.set $k (i32.add (local.get $k0) (i32.const 2)))
            (local.set $bits (i64.add (local.get $bits) (local.get $c2)))))))
    (i32.add
      (i32.add (call $varintLength (local.get $n)) (call $varintLength (local.get $base)))
      (i32.add (i32.const 1) (i32.wrap_i64 (i64.shr_u (i64.add (local.get $bits) (i64.const 7)) (i64.const 3))))))

  (func $putVarint (param $v i32)
    (block $done
      (loop $more
        (br_if $done (i32.lt_u (local.get $v) (i32.const 0x80)))
        (i32.store8 (global.get $q) (i32.or (i32.and (local.get $v) (i32.const 0x7f)) (i32.const 0x80)))
        (global.set $q (i32.add (global.get $q) (i32.const 1)))
        (local.set $v (i32.shr_u (local.get $v) (i32.const 7)))
        (br $more)))
    (i32.store8 (global.get $q) (local.get $v))
    (global.set $q (i32.add (global.get $q) (i32.const 1))))

  ;; The low $count bits of $value (at most 32), after the bits not yet written.
  (func $put (param $value i64) (param $count i64)
    (global.set $acc (i64.or (global.get $acc) (i64.shl (local.get $value) (global.get $used))))
    (global.set $used (i64.add (global.get $used) (local.get $count)))
    (block $done
      (loop $more
        (br_if $done (i64.lt_u (global.get $used) (i64.const 8)))
        (i32.store8 (global.get $q) (i32.wrap_i64 (global.get $acc)))
        (global.set $q (i32.add (global.get $q) (i32.const 1)))
        (global.set $acc (i64.shr_u (global.get $acc) (i64.const 8)))
        (global.set $used (i64.sub (global.get $used) (i64.const 8)))
        (br $more))))

  ;; $ones 1 bits, then a 0.
  (func $putUnary (param $ones i32)
    (local $take i32)
    (block $done
      (loop $more
        (br_if $done (i32.eqz (local.get $ones)))
        (local.set $take (select (i32.const 32) (local.get $ones) (i32.gt_u (local.get $ones) (i32.const 32))))
        (call $put (i64.shr_u (i64.const -1) (i64.extend_i32_u (i32.sub (i32.const 64) (local.get $take)))) (i64.extend_i32_u (local.get $take)))
        (local.set $ones (i32.sub (local.get $ones) (local.get $take)))
        (br $more)))
    (call $put (i64.const 0) (i64.const 1)))

  (func (export "write") (param $ids i32) (param $n i32) (param $base i32) (param $counts i32) (param $counted i32) (param $out i32) (result i32)
    (local $i i32) (local $prev i32) (local $id i32) (local $gap i32) (local $k i32)
    (local.set $k (global.get $k))
    (global.set $q (local.get $out))
    (global.set $acc (i64.const 0))
    (global.set $used (i64.const 0))
    (call $putVarint (local.get $n))
    (call $putVarint (local.get $base))
    (i32.store8 (global.get $q) (i32.or (local.get $k) (select (i32.const 0x40) (i32.const 0) (local.get $counted))))
    (global.set $q (i32.add (global.get $q) (i32.const 1)))
    (local.set $prev (local.get $base))
    (block $done
      (loop $next
        (br_if $done (i32.ge_s (local.get $i) (local.get $n)))
        (local.set $id (i32.load (i32.add (local.get $ids) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $gap (i32.sub (i32.sub (local.get $id) (local.get $prev)) (i32.const 1)))
        (local.set $prev (local.get $id))
        (call $putUnary (i32.shr_u (local.get $gap) (local.get $k)))
        (if (local.get $k)
          (then (call $put (i64.extend_i32_u (i32.and (local.get $gap) (i32.sub (i32.shl (i32.const 1) (local.get $k)) (i32.const 1)))) (i64.extend_i32_u (local.get $k)))))
        (if (local.get $counted)
          (then (call $putUnary (i32.sub (i32.load (i32.add (local.get $counts) (i32.shl (local.get $i) (i32.const 2)))) (i32.const 1)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (if (i64.ne (global.get $used) (i64.const 0))
      (then
        (i32.store8 (global.get $q) (i32.wrap_i64 (global.get $acc)))
        (global.set $q (i32.add (global.get $q) (i32.const 1)))))
    (i32.sub (global.get $q) (local.get $out)))
)
