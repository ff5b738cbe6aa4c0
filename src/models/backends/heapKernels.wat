;; SIMD kernels that work directly on the tfjs wasm backend's heap (its memory is imported), for
;; the training steps where tfjs's own kernels spend most of their time outside arithmetic.
;; Pointers are byte offsets of float32 arrays in that memory; counts are elements.
;; Built into heapKernelsBinary.ts by scripts/buildHeapKernels.ts (wabt's wat2wasm); JavaScript
;; callers and their contracts: heapKernels.ts.
(module
  (import "env" "memory" (memory 0))

  ;; One Adam step over n parameters, the float32 operations of tfjs's AdamOptimizer in its order:
  ;;   m ← m·β₁ + g·(1−β₁);  v ← v·β₂ + g²·(1−β₂);  out ← ((m / (1−β₁ᵗ)) / (√(v / (1−β₂ᵗ)) + ε))·(−lr) + w
  ;; m and v are updated in place; out receives the new weights (it may not overlap w, m or v).
  (func (export "adam")
    (param $g i32) (param $m i32) (param $v i32) (param $w i32) (param $out i32) (param $n i32)
    (param $beta1 f32) (param $beta2 f32) (param $share1 f32) (param $share2 f32)
    (param $oneMinusAccBeta1 f32) (param $oneMinusAccBeta2 f32) (param $epsilon f32) (param $negativeRate f32)
    (local $i i32) (local $end i32) (local $vectorEnd i32)
    (local $b1 v128) (local $b2 v128) (local $s1 v128) (local $s2 v128)
    (local $c1 v128) (local $c2 v128) (local $e v128) (local $r v128)
    (local $gv v128) (local $first v128) (local $second v128)
    (local $gs f32) (local $fs f32) (local $ss f32)
    (local.set $b1 (f32x4.splat (local.get $beta1)))
    (local.set $b2 (f32x4.splat (local.get $beta2)))
    (local.set $s1 (f32x4.splat (local.get $share1)))
    (local.set $s2 (f32x4.splat (local.get $share2)))
    (local.set $c1 (f32x4.splat (local.get $oneMinusAccBeta1)))
    (local.set $c2 (f32x4.splat (local.get $oneMinusAccBeta2)))
    (local.set $e (f32x4.splat (local.get $epsilon)))
    (local.set $r (f32x4.splat (local.get $negativeRate)))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (local.set $vectorEnd (i32.and (local.get $end) (i32.const -16)))
    (block $vectorsDone (loop $vectors
      (br_if $vectorsDone (i32.ge_u (local.get $i) (local.get $vectorEnd)))
      (local.set $gv (v128.load (i32.add (local.get $g) (local.get $i))))
      (local.set $first (f32x4.add
        (f32x4.mul (v128.load (i32.add (local.get $m) (local.get $i))) (local.get $b1))
        (f32x4.mul (local.get $gv) (local.get $s1))))
      (local.set $second (f32x4.add
        (f32x4.mul (v128.load (i32.add (local.get $v) (local.get $i))) (local.get $b2))
        (f32x4.mul (f32x4.mul (local.get $gv) (local.get $gv)) (local.get $s2))))
      (v128.store (i32.add (local.get $m) (local.get $i)) (local.get $first))
      (v128.store (i32.add (local.get $v) (local.get $i)) (local.get $second))
      (v128.store (i32.add (local.get $out) (local.get $i))
        (f32x4.add
          (f32x4.mul
            (f32x4.div
              (f32x4.div (local.get $first) (local.get $c1))
              (f32x4.add (f32x4.sqrt (f32x4.div (local.get $second) (local.get $c2))) (local.get $e)))
            (local.get $r))
          (v128.load (i32.add (local.get $w) (local.get $i)))))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $vectors)))
    (block $done (loop $scalars
      (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
      (local.set $gs (f32.load (i32.add (local.get $g) (local.get $i))))
      (local.set $fs (f32.add
        (f32.mul (f32.load (i32.add (local.get $m) (local.get $i))) (local.get $beta1))
        (f32.mul (local.get $gs) (local.get $share1))))
      (local.set $ss (f32.add
        (f32.mul (f32.load (i32.add (local.get $v) (local.get $i))) (local.get $beta2))
        (f32.mul (f32.mul (local.get $gs) (local.get $gs)) (local.get $share2))))
      (f32.store (i32.add (local.get $m) (local.get $i)) (local.get $fs))
      (f32.store (i32.add (local.get $v) (local.get $i)) (local.get $ss))
      (f32.store (i32.add (local.get $out) (local.get $i))
        (f32.add
          (f32.mul
            (f32.div
              (f32.div (local.get $fs) (local.get $oneMinusAccBeta1))
              (f32.add (f32.sqrt (f32.div (local.get $ss) (local.get $oneMinusAccBeta2))) (local.get $epsilon)))
            (local.get $negativeRate))
          (f32.load (i32.add (local.get $w) (local.get $i)))))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $scalars))))

  ;; Byte address of element [n, row, col, channel] of an NHWC float32 array at `base`.
  (func $pixel (param $base i32) (param $n i32) (param $rows i32) (param $row i32) (param $cols i32) (param $col i32)
    (param $channels i32) (param $channel i32) (result i32)
    (i32.add (local.get $base) (i32.shl
      (i32.add
        (i32.mul
          (i32.add (i32.mul (i32.add (i32.mul (local.get $n) (local.get $rows)) (local.get $row)) (local.get $cols)) (local.get $col))
          (local.get $channels))
        (local.get $channel))
      (i32.const 2))))

  ;; One tap (kh, kw) of a 2-D convolution's filter gradient, added into dW, with the input x laid
  ;; out channel-major as xT[ci, n, h, w] (so consecutive output columns read consecutive floats) and
  ;; dy as NHWC [batch, outHeight, outWidth, outChannels]:
  ;;   dW[tapRow + ci, co] += Σ_{n ∈ [n0, n1), oh ∈ [ohMin, ohMax), ow ∈ [owMin, owMax)}
  ;;                            xT[ci, n, oh·sh + rowShift, ow·sw + colShift] · dy[n, oh, ow, co]
  ;; for every ci < inChannels and co < outChannels; outChannels must be a multiple of 4. The caller
  ;; picks the output rows and columns whose input lies inside the image (rowShift = kh·dh − top,
  ;; colShift = kw·dw − left), so padding costs nothing. Output channels go 16 at a time (four
  ;; 4-lane accumulators in registers), then 4 at a time.
  (func (export "convFilterGradientTap")
    (param $xT i32) (param $dy i32) (param $dw i32) (param $batch i32)
    (param $n0 i32) (param $n1 i32) (param $inHeight i32) (param $inWidth i32) (param $inChannels i32)
    (param $outHeight i32) (param $outWidth i32) (param $outChannels i32)
    (param $strideHeight i32) (param $strideWidth i32) (param $rowShift i32) (param $colShift i32)
    (param $ohMin i32) (param $ohMax i32) (param $owMin i32) (param $owMax i32) (param $tapRow i32)
    (local $ci i32) (local $co i32) (local $n i32) (local $oh i32)
    (local $xp i32) (local $dp i32) (local $dpEnd i32) (local $accp i32)
    (local $xStep i32) (local $dyStep i32) (local $width i32)
    (local $xs v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    ;; Moving one output column on: xT by sw floats, dy by one pixel (bytes).
    (local.set $xStep (i32.shl (local.get $strideWidth) (i32.const 2)))
    (local.set $dyStep (i32.shl (local.get $outChannels) (i32.const 2)))
    (local.set $width (i32.sub (local.get $owMax) (local.get $owMin)))
    (if (i32.le_s (local.get $width) (i32.const 0)) (then (return)))
    (if (i32.le_s (local.get $ohMax) (local.get $ohMin)) (then (return)))
    (local.set $ci (i32.const 0))
    (block $channelsDone (loop $channels
      (br_if $channelsDone (i32.ge_u (local.get $ci) (local.get $inChannels)))
      (local.set $co (i32.const 0))
      ;; Blocks of 16 output channels.
      (block $wideDone (loop $wide
        (br_if $wideDone (i32.gt_u (i32.add (local.get $co) (i32.const 16)) (local.get $outChannels)))
        (local.set $accp (i32.add (local.get $dw)
          (i32.shl (i32.add (i32.mul (i32.add (local.get $tapRow) (local.get $ci)) (local.get $outChannels)) (local.get $co)) (i32.const 2))))
        (local.set $a0 (v128.load offset=0 (local.get $accp)))
        (local.set $a1 (v128.load offset=16 (local.get $accp)))
        (local.set $a2 (v128.load offset=32 (local.get $accp)))
        (local.set $a3 (v128.load offset=48 (local.get $accp)))
        (local.set $n (local.get $n0))
        (block $imagesDone (loop $images
          (br_if $imagesDone (i32.ge_u (local.get $n) (local.get $n1)))
          (local.set $oh (local.get $ohMin))
          (block $rowsDone (loop $rows
            (br_if $rowsDone (i32.ge_s (local.get $oh) (local.get $ohMax)))
            ;; xT[ci, n, oh·sh + rowShift, owMin·sw + colShift] and dy[n, oh, owMin, co]
            (local.set $xp (call $pixel (local.get $xT) (i32.add (i32.mul (local.get $ci) (local.get $batch)) (local.get $n)) (local.get $inHeight)
              (i32.add (i32.mul (local.get $oh) (local.get $strideHeight)) (local.get $rowShift)) (local.get $inWidth)
              (i32.add (i32.mul (local.get $owMin) (local.get $strideWidth)) (local.get $colShift)) (i32.const 1) (i32.const 0)))
            (local.set $dp (call $pixel (local.get $dy) (local.get $n) (local.get $outHeight) (local.get $oh) (local.get $outWidth)
              (local.get $owMin) (local.get $outChannels) (local.get $co)))
            (local.set $dpEnd (i32.add (local.get $dp) (i32.mul (local.get $width) (local.get $dyStep))))
            (loop $columns
              (local.set $xs (v128.load32_splat (local.get $xp)))
              (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $xs) (v128.load offset=0 (local.get $dp)))))
              (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $xs) (v128.load offset=16 (local.get $dp)))))
              (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $xs) (v128.load offset=32 (local.get $dp)))))
              (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (local.get $xs) (v128.load offset=48 (local.get $dp)))))
              (local.set $xp (i32.add (local.get $xp) (local.get $xStep)))
              (local.set $dp (i32.add (local.get $dp) (local.get $dyStep)))
              (br_if $columns (i32.lt_u (local.get $dp) (local.get $dpEnd))))
            (local.set $oh (i32.add (local.get $oh) (i32.const 1)))
            (br $rows)))
          (local.set $n (i32.add (local.get $n) (i32.const 1)))
          (br $images)))
        (v128.store offset=0 (local.get $accp) (local.get $a0))
        (v128.store offset=16 (local.get $accp) (local.get $a1))
        (v128.store offset=32 (local.get $accp) (local.get $a2))
        (v128.store offset=48 (local.get $accp) (local.get $a3))
        (local.set $co (i32.add (local.get $co) (i32.const 16)))
        (br $wide)))
      ;; The remaining output channels, 4 at a time.
      (block $narrowDone (loop $narrow
        (br_if $narrowDone (i32.gt_u (i32.add (local.get $co) (i32.const 4)) (local.get $outChannels)))
        (local.set $accp (i32.add (local.get $dw)
          (i32.shl (i32.add (i32.mul (i32.add (local.get $tapRow) (local.get $ci)) (local.get $outChannels)) (local.get $co)) (i32.const 2))))
        (local.set $a0 (v128.load (local.get $accp)))
        (local.set $n (local.get $n0))
        (block $imagesDone4 (loop $images4
          (br_if $imagesDone4 (i32.ge_u (local.get $n) (local.get $n1)))
          (local.set $oh (local.get $ohMin))
          (block $rowsDone4 (loop $rows4
            (br_if $rowsDone4 (i32.ge_s (local.get $oh) (local.get $ohMax)))
            (local.set $xp (call $pixel (local.get $xT) (i32.add (i32.mul (local.get $ci) (local.get $batch)) (local.get $n)) (local.get $inHeight)
              (i32.add (i32.mul (local.get $oh) (local.get $strideHeight)) (local.get $rowShift)) (local.get $inWidth)
              (i32.add (i32.mul (local.get $owMin) (local.get $strideWidth)) (local.get $colShift)) (i32.const 1) (i32.const 0)))
            (local.set $dp (call $pixel (local.get $dy) (local.get $n) (local.get $outHeight) (local.get $oh) (local.get $outWidth)
              (local.get $owMin) (local.get $outChannels) (local.get $co)))
            (local.set $dpEnd (i32.add (local.get $dp) (i32.mul (local.get $width) (local.get $dyStep))))
            (loop $columns4
              (local.set $a0 (f32x4.add (local.get $a0)
                (f32x4.mul (v128.load32_splat (local.get $xp)) (v128.load (local.get $dp)))))
              (local.set $xp (i32.add (local.get $xp) (local.get $xStep)))
              (local.set $dp (i32.add (local.get $dp) (local.get $dyStep)))
              (br_if $columns4 (i32.lt_u (local.get $dp) (local.get $dpEnd))))
            (local.set $oh (i32.add (local.get $oh) (i32.const 1)))
            (br $rows4)))
          (local.set $n (i32.add (local.get $n) (i32.const 1)))
          (br $images4)))
        (v128.store (local.get $accp) (local.get $a0))
        (local.set $co (i32.add (local.get $co) (i32.const 4)))
        (br $narrow)))
      (local.set $ci (i32.add (local.get $ci) (i32.const 1)))
      (br $channels))))

  ;; convFilterGradientTap for an even number of input channels and output channels a multiple of
  ;; 16, two input channels at a time: every dy vector loaded serves both (eight accumulators), so a
  ;; step does 32 multiply-adds with 6 loads instead of 10, and dy is streamed half as often.
  (func (export "convFilterGradientTapPairs")
    (param $xT i32) (param $dy i32) (param $dw i32) (param $batch i32)
    (param $n0 i32) (param $n1 i32) (param $inHeight i32) (param $inWidth i32) (param $inChannels i32)
    (param $outHeight i32) (param $outWidth i32) (param $outChannels i32)
    (param $strideHeight i32) (param $strideWidth i32) (param $rowShift i32) (param $colShift i32)
    (param $ohMin i32) (param $ohMax i32) (param $owMin i32) (param $owMax i32) (param $tapRow i32)
    (local $ci i32) (local $co i32) (local $n i32) (local $oh i32)
    (local $xp i32) (local $plane i32) (local $dp i32) (local $dpEnd i32) (local $accp i32) (local $rowBytes i32)
    (local $xStep i32) (local $dyStep i32) (local $width i32)
    (local $xs v128) (local $xt v128) (local $d v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $b0 v128) (local $b1 v128) (local $b2 v128) (local $b3 v128)
    (local.set $xStep (i32.shl (local.get $strideWidth) (i32.const 2)))
    (local.set $dyStep (i32.shl (local.get $outChannels) (i32.const 2)))
    ;; From channel ci's plane of xT to channel ci + 1's, and from one row of dW to the next (bytes).
    (local.set $plane (i32.shl (i32.mul (i32.mul (local.get $batch) (local.get $inHeight)) (local.get $inWidth)) (i32.const 2)))
    (local.set $rowBytes (local.get $dyStep))
    (local.set $width (i32.sub (local.get $owMax) (local.get $owMin)))
    (if (i32.le_s (local.get $width) (i32.const 0)) (then (return)))
    (if (i32.le_s (local.get $ohMax) (local.get $ohMin)) (then (return)))
    (local.set $ci (i32.const 0))
    (block $channelsDone (loop $channels
      (br_if $channelsDone (i32.ge_u (local.get $ci) (local.get $inChannels)))
      (local.set $co (i32.const 0))
      (block $wideDone (loop $wide
        (br_if $wideDone (i32.ge_u (local.get $co) (local.get $outChannels)))
        (local.set $accp (i32.add (local.get $dw)
          (i32.shl (i32.add (i32.mul (i32.add (local.get $tapRow) (local.get $ci)) (local.get $outChannels)) (local.get $co)) (i32.const 2))))
        (local.set $a0 (v128.load offset=0 (local.get $accp)))
        (local.set $a1 (v128.load offset=16 (local.get $accp)))
        (local.set $a2 (v128.load offset=32 (local.get $accp)))
        (local.set $a3 (v128.load offset=48 (local.get $accp)))
        (local.set $b0 (v128.load offset=0 (i32.add (local.get $accp) (local.get $rowBytes))))
        (local.set $b1 (v128.load offset=16 (i32.add (local.get $accp) (local.get $rowBytes))))
        (local.set $b2 (v128.load offset=32 (i32.add (local.get $accp) (local.get $rowBytes))))
        (local.set $b3 (v128.load offset=48 (i32.add (local.get $accp) (local.get $rowBytes))))
        (local.set $n (local.get $n0))
        (block $imagesDone (loop $images
          (br_if $imagesDone (i32.ge_u (local.get $n) (local.get $n1)))
          (local.set $oh (local.get $ohMin))
          (block $rowsDone (loop $rows
            (br_if $rowsDone (i32.ge_s (local.get $oh) (local.get $ohMax)))
            (local.set $xp (call $pixel (local.get $xT) (i32.add (i32.mul (local.get $ci) (local.get $batch)) (local.get $n)) (local.get $inHeight)
              (i32.add (i32.mul (local.get $oh) (local.get $strideHeight)) (local.get $rowShift)) (local.get $inWidth)
              (i32.add (i32.mul (local.get $owMin) (local.get $strideWidth)) (local.get $colShift)) (i32.const 1) (i32.const 0)))
            (local.set $dp (call $pixel (local.get $dy) (local.get $n) (local.get $outHeight) (local.get $oh) (local.get $outWidth)
              (local.get $owMin) (local.get $outChannels) (local.get $co)))
            (local.set $dpEnd (i32.add (local.get $dp) (i32.mul (local.get $width) (local.get $dyStep))))
            (loop $columns
              (local.set $xs (v128.load32_splat (local.get $xp)))
              (local.set $xt (v128.load32_splat (i32.add (local.get $xp) (local.get $plane))))
              (local.set $d (v128.load offset=0 (local.get $dp)))
              (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $xs) (local.get $d))))
              (local.set $b0 (f32x4.add (local.get $b0) (f32x4.mul (local.get $xt) (local.get $d))))
              (local.set $d (v128.load offset=16 (local.get $dp)))
              (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $xs) (local.get $d))))
              (local.set $b1 (f32x4.add (local.get $b1) (f32x4.mul (local.get $xt) (local.get $d))))
              (local.set $d (v128.load offset=32 (local.get $dp)))
              (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $xs) (local.get $d))))
              (local.set $b2 (f32x4.add (local.get $b2) (f32x4.mul (local.get $xt) (local.get $d))))
              (local.set $d (v128.load offset=48 (local.get $dp)))
              (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (local.get $xs) (local.get $d))))
              (local.set $b3 (f32x4.add (local.get $b3) (f32x4.mul (local.get $xt) (local.get $d))))
              (local.set $xp (i32.add (local.get $xp) (local.get $xStep)))
              (local.set $dp (i32.add (local.get $dp) (local.get $dyStep)))
              (br_if $columns (i32.lt_u (local.get $dp) (local.get $dpEnd))))
            (local.set $oh (i32.add (local.get $oh) (i32.const 1)))
            (br $rows)))
          (local.set $n (i32.add (local.get $n) (i32.const 1)))
          (br $images)))
        (v128.store offset=0 (local.get $accp) (local.get $a0))
        (v128.store offset=16 (local.get $accp) (local.get $a1))
        (v128.store offset=32 (local.get $accp) (local.get $a2))
        (v128.store offset=48 (local.get $accp) (local.get $a3))
        (v128.store offset=0 (i32.add (local.get $accp) (local.get $rowBytes)) (local.get $b0))
        (v128.store offset=16 (i32.add (local.get $accp) (local.get $rowBytes)) (local.get $b1))
        (v128.store offset=32 (i32.add (local.get $accp) (local.get $rowBytes)) (local.get $b2))
        (v128.store offset=48 (i32.add (local.get $accp) (local.get $rowBytes)) (local.get $b3))
        (local.set $co (i32.add (local.get $co) (i32.const 16)))
        (br $wide)))
      (local.set $ci (i32.add (local.get $ci) (i32.const 2)))
      (br $channels))))

  ;; Transposes the rows × cols float32 matrix at src into dst (cols × rows); they may not overlap.
  ;; 4 × 4 blocks through registers (four loads, eight shuffles, four stores), the edges one by one.
  (func (export "transpose") (param $src i32) (param $dst i32) (param $rows i32) (param $cols i32)
    (local $r i32) (local $c i32) (local $rows4 i32) (local $cols4 i32) (local $srcRow i32) (local $dstRow i32)
    (local $p i32) (local $q i32) (local $r0 v128) (local $r1 v128) (local $r2 v128) (local $r3 v128)
    (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (local.set $rows4 (i32.and (local.get $rows) (i32.const -4)))
    (local.set $cols4 (i32.and (local.get $cols) (i32.const -4)))
    (local.set $srcRow (i32.shl (local.get $cols) (i32.const 2)))
    (local.set $dstRow (i32.shl (local.get $rows) (i32.const 2)))
    (local.set $r (i32.const 0))
    (block $blockRowsDone (loop $blockRows
      (br_if $blockRowsDone (i32.ge_u (local.get $r) (local.get $rows4)))
      (local.set $c (i32.const 0))
      (block $blockColsDone (loop $blockCols
        (br_if $blockColsDone (i32.ge_u (local.get $c) (local.get $cols4)))
        (local.set $p (i32.add (local.get $src) (i32.shl (i32.add (i32.mul (local.get $r) (local.get $cols)) (local.get $c)) (i32.const 2))))
        (local.set $r0 (v128.load (local.get $p)))
        (local.set $r1 (v128.load (i32.add (local.get $p) (local.get $srcRow))))
        (local.set $r2 (v128.load (i32.add (local.get $p) (i32.shl (local.get $srcRow) (i32.const 1)))))
        (local.set $r3 (v128.load (i32.add (local.get $p) (i32.mul (local.get $srcRow) (i32.const 3)))))
        ;; (a0 b0 a1 b1), (a2 b2 a3 b3), (c0 d0 c1 d1), (c2 d2 c3 d3)
        (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $r0) (local.get $r1)))
        (local.set $t1 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $r0) (local.get $r1)))
        (local.set $t2 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $r2) (local.get $r3)))
        (local.set $t3 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $r2) (local.get $r3)))
        (local.set $q (i32.add (local.get $dst) (i32.shl (i32.add (i32.mul (local.get $c) (local.get $rows)) (local.get $r)) (i32.const 2))))
        (v128.store (local.get $q)
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t2)))
        (v128.store (i32.add (local.get $q) (local.get $dstRow))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t2)))
        (v128.store (i32.add (local.get $q) (i32.shl (local.get $dstRow) (i32.const 1)))
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t1) (local.get $t3)))
        (v128.store (i32.add (local.get $q) (i32.mul (local.get $dstRow) (i32.const 3)))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t1) (local.get $t3)))
        (local.set $c (i32.add (local.get $c) (i32.const 4)))
        (br $blockCols)))
      (local.set $r (i32.add (local.get $r) (i32.const 4)))
      (br $blockRows)))
    ;; Edges: columns from cols4 in the block rows, every column in the last rows % 4 rows.
    (local.set $r (i32.const 0))
    (block $edgeRowsDone (loop $edgeRows
      (br_if $edgeRowsDone (i32.ge_u (local.get $r) (local.get $rows)))
      (local.set $c (select (local.get $cols4) (i32.const 0) (i32.lt_u (local.get $r) (local.get $rows4))))
      (block $edgeColsDone (loop $edgeCols
        (br_if $edgeColsDone (i32.ge_u (local.get $c) (local.get $cols)))
        (f32.store
          (i32.add (local.get $dst) (i32.shl (i32.add (i32.mul (local.get $c) (local.get $rows)) (local.get $r)) (i32.const 2)))
          (f32.load (i32.add (local.get $src) (i32.shl (i32.add (i32.mul (local.get $r) (local.get $cols)) (local.get $c)) (i32.const 2)))))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $edgeCols)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $edgeRows))))

  ;; Gradient of a 2 × 2 max pooling with stride 2 and no padding (NHWC, channels a multiple of 4):
  ;; each dy goes to the first maximum of its window in row-major order (strict > from −∞, so ties
  ;; go to the first and a window of NaN or −∞ passes nothing), as 0 + dy. dx must be zero on entry
  ;; (rows or columns outside every window stay zero).
  (func (export "maxPoolGrad2x2")
    (param $x i32) (param $dy i32) (param $dx i32) (param $batch i32) (param $inHeight i32) (param $inWidth i32)
    (param $channels i32) (param $outHeight i32) (param $outWidth i32)
    (local $n i32) (local $oh i32) (local $ow i32) (local $c i32) (local $base i32) (local $dp i32)
    (local $pixel i32) (local $row i32) (local $channelBytes i32)
    (local $x0 v128) (local $x1 v128) (local $x2 v128) (local $x3 v128) (local $g v128) (local $m v128)
    (local $k0 v128) (local $k1 v128) (local $k2 v128) (local $k3 v128) (local $zero v128)
    (local.set $channelBytes (i32.shl (local.get $channels) (i32.const 2)))
    (local.set $pixel (local.get $channelBytes))
    (local.set $row (i32.mul (local.get $inWidth) (local.get $channelBytes)))
    (local.set $dp (local.get $dy))
    (local.set $zero (f32x4.splat (f32.const 0)))
    (local.set $n (i32.const 0))
    (block $imagesDone (loop $images
      (br_if $imagesDone (i32.ge_u (local.get $n) (local.get $batch)))
      (local.set $oh (i32.const 0))
      (block $rowsDone (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $oh) (local.get $outHeight)))
        (local.set $ow (i32.const 0))
        (block $columnsDone (loop $columns
          (br_if $columnsDone (i32.ge_u (local.get $ow) (local.get $outWidth)))
          ;; byte offset of x[n, 2·oh, 2·ow, 0]
          (local.set $base (call $pixel (i32.const 0) (local.get $n) (local.get $inHeight) (i32.shl (local.get $oh) (i32.const 1))
            (local.get $inWidth) (i32.shl (local.get $ow) (i32.const 1)) (local.get $channels) (i32.const 0)))
          (local.set $c (i32.const 0))
          (block $channelsDone (loop $channelLoop
            (br_if $channelsDone (i32.ge_u (local.get $c) (local.get $channelBytes)))
            (local.set $x0 (v128.load (i32.add (local.get $x) (local.get $base))))
            (local.set $x1 (v128.load (i32.add (i32.add (local.get $x) (local.get $base)) (local.get $pixel))))
            (local.set $x2 (v128.load (i32.add (i32.add (local.get $x) (local.get $base)) (local.get $row))))
            (local.set $x3 (v128.load (i32.add (i32.add (i32.add (local.get $x) (local.get $base)) (local.get $row)) (local.get $pixel))))
            (local.set $g (v128.load (local.get $dp)))
            ;; k_j: x_j beats the running maximum; the winner is the last j with k_j.
            (local.set $k0 (f32x4.gt (local.get $x0) (f32x4.splat (f32.const -inf))))
            (local.set $m (v128.bitselect (local.get $x0) (f32x4.splat (f32.const -inf)) (local.get $k0)))
            (local.set $k1 (f32x4.gt (local.get $x1) (local.get $m)))
            (local.set $m (v128.bitselect (local.get $x1) (local.get $m) (local.get $k1)))
            (local.set $k2 (f32x4.gt (local.get $x2) (local.get $m)))
            (local.set $m (v128.bitselect (local.get $x2) (local.get $m) (local.get $k2)))
            (local.set $k3 (f32x4.gt (local.get $x3) (local.get $m)))
            (v128.store (i32.add (i32.add (i32.add (local.get $dx) (local.get $base)) (local.get $row)) (local.get $pixel))
              (f32x4.add (v128.and (local.get $g) (local.get $k3)) (local.get $zero)))
            (v128.store (i32.add (i32.add (local.get $dx) (local.get $base)) (local.get $row))
              (f32x4.add (v128.and (local.get $g) (v128.andnot (local.get $k2) (local.get $k3))) (local.get $zero)))
            (local.set $k3 (v128.or (local.get $k2) (local.get $k3)))
            (v128.store (i32.add (i32.add (local.get $dx) (local.get $base)) (local.get $pixel))
              (f32x4.add (v128.and (local.get $g) (v128.andnot (local.get $k1) (local.get $k3))) (local.get $zero)))
            (local.set $k3 (v128.or (local.get $k1) (local.get $k3)))
            (v128.store (i32.add (local.get $dx) (local.get $base))
              (f32x4.add (v128.and (local.get $g) (v128.andnot (local.get $k0) (local.get $k3))) (local.get $zero)))
            (local.set $base (i32.add (local.get $base) (i32.const 16)))
            (local.set $dp (i32.add (local.get $dp) (i32.const 16)))
            (local.set $c (i32.add (local.get $c) (i32.const 16)))
            (br $channelLoop)))
          (local.set $ow (i32.add (local.get $ow) (i32.const 1)))
          (br $columns)))
        (local.set $oh (i32.add (local.get $oh) (i32.const 1)))
        (br $rows)))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br $images))))
)
