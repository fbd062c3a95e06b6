/**
 * The kernel interface: every heavy operation of the library goes through one of these methods, so a faster
 * backend (WebAssembly SIMD) can replace the reference TypeScript loops without touching the models.
 *
 * Conventions: matrices are dense row-major; `out`/`y`/`c` buffers are written (never read unless stated);
 * kernels do not validate their arguments — callers at the public edge do.
 */

/** ±1 vectors packed as bits (bit = 1 for +1, 0 for −1), `words` 32-bit words per row, zero padding bits. */
export interface PackedSpins {
  /** Number of rows (patterns). */
  readonly rows: number;
  /** Length of each ±1 vector. */
  readonly n: number;
  /** 32-bit words per row: ceil(n / 32), rounded up to an even count so rows align to 64 bits. */
  readonly words: number;
  readonly data: Uint32Array;
}

export interface Backend {
  /** Short name: 'ts' for the reference, 'wasm' for WebAssembly SIMD. */
  readonly name: string;

  /** y ← A·x for A (m×n, row-major). Returns y. */
  gemv(m: number, n: number, a: Float64Array, x: Float64Array, y: Float64Array): Float64Array;

  /** Y ← A·X for A (m×n) and k vectors X (k×n, row-major, one vector per row): Y is k×m. Returns Y. */
  gemvBatch(m: number, n: number, k: number, a: Float64Array, x: Float64Array, y: Float64Array): Float64Array;

  /** C ← A·B for A (m×k) and B (k×n), all row-major; C is m×n. Returns C. */
  gemm(m: number, n: number, k: number, a: Float64Array, b: Float64Array, c: Float64Array): Float64Array;

  /**
   * Overlaps of a packed ±1 query with each packed ±1 row: out[μ] = Σ_i ξ_i^μ σ_i = n − 2·popcount(ξ^μ XOR σ).
   * Returns out (integers).
   */
  pmOverlaps(patterns: PackedSpins, query: Uint32Array, out: Int32Array): Int32Array;

  /** log Σ_i exp(β·x_i), evaluated stably (max subtracted). */
  logSumExp(x: Float64Array, beta: number): number;

  /**
   * One dense-memory attention step (paper 001 Eq. 2): s = λ Ξ x, a = softmax(s), y = Ξᵀ a, for P patterns of
   * dimension N stored row-major in `xi` (Float32 to halve the memory of large P). Writes y (length N) and
   * returns log Σ_μ exp(s_μ) (so the energy −(1/λ)·lse + ½‖x‖² comes for free). If `scores` is given
   * (length P) it receives the softmax weights a_μ.
   */
  attentionStep(
    p: number,
    n: number,
    xi: Float32Array,
    x: Float64Array,
    lambda: number,
    y: Float64Array,
    scores?: Float64Array,
  ): number;
}
