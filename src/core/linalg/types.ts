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

/**
 * A ±1 matrix (rows×cols) stored by its minority entries: S = v(2B − 1) with B_rk = 1 exactly where S_rk = v.
 * CSR: the entries of row r are indices[offsets[r] .. offsets[r+1]) (column numbers, increasing).
 */
export interface SparseSigns {
  readonly rows: number;
  readonly cols: number;
  /** The value stored (+1 or −1): the rarer one. */
  readonly v: 1 | -1;
  readonly offsets: Int32Array;
  readonly indices: Int32Array;
}

/** Element-wise maps of the models: exp, tanh, and sign with ties to +1. */
export type ElementwiseMap = 'exp' | 'tanh' | 'sign';

export interface Backend {
  /** Short name: 'ts' for the reference, 'wasm' for WebAssembly SIMD. */
  readonly name: string;

  /** y ← A·x for A (m×n, row-major). Returns y. */
  gemv(m: number, n: number, a: Float64Array, x: Float64Array, y: Float64Array): Float64Array;

  /**
   * y ← A·x for a float32 matrix A (m×n, row-major) and f64 x, y: half the bytes of `gemv` for the memory-bound
   * product. Entries are widened exactly and summed in f64, so the result is the f64 product of the rounded
   * matrix (up to the order of additions): |y − A₆₄x|_i ≤ 2⁻²⁴ Σ_j |A_ij x_j| + the f64 summation error, and
   * exact for matrices of integers below 2²⁴ (N·J of Hebbian couplings) times integer vectors. Returns y.
   */
  gemvF32(m: number, n: number, a: Float32Array, x: Float64Array, y: Float64Array): Float64Array;

  /** Y ← A·X for A (m×n) and k vectors X (k×n, row-major, one vector per row): Y is k×m. Returns Y. */
  gemvBatch(m: number, n: number, k: number, a: Float64Array, x: Float64Array, y: Float64Array): Float64Array;

  /** C ← A·B for A (m×k) and B (k×n), all row-major; C is m×n. Returns C. */
  gemm(m: number, n: number, k: number, a: Float64Array, b: Float64Array, c: Float64Array): Float64Array;

  /**
   * Overlaps of a packed ±1 query with each packed ±1 row: out[μ] = Σ_i ξ_i^μ σ_i = n − 2·popcount(ξ^μ XOR σ).
   * Returns out (integers).
   */
  pmOverlaps(patterns: PackedSpins, query: Uint32Array, out: Int32Array): Int32Array;

  /**
   * out ← S·M for a ±1 matrix S (rows×K) given by its minority entries and M (K×n, row-major):
   * out_r = v·(2·Σ_{k: S_rk = v} M_k − Σ_k M_k). Additions only, nnz·n of them instead of rows·K·n multiply-adds
   * (worth it when the minority share is below about a third). Rows are summed in order, the same on every
   * backend. Returns out (rows×n).
   */
  pmSparseProduct(s: SparseSigns, n: number, m: Float64Array, out: Float64Array): Float64Array;

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

  /**
   * Local fields of a ±1 state: h_i = Σ_j J_ij σ_j for J (n×n, row-major) — paper 004 Eq. 2. σ must hold ±1
   * (the reference accepts any values; a fast backend may rely on |σ_j| = 1). Returns h.
   */
  localFields(n: number, j: Float64Array, sigma: Float64Array, h: Float64Array): Float64Array;

  /**
   * The fused epilogue of one pseudo-likelihood epoch over P×N arrays (paper 000 Eqs. 4, 7): with
   * Δ_μi = x_μi·f_μi − shift_i (shift omitted: 0), writes coef_μi = c·x_μi·(1 − tanh(λΔ_μi)) and returns
   * Σ_μi log(1 + e^{−2λΔ_μi}). x is ±1 data, f the local fields.
   */
  plCoefficients(
    p: number,
    n: number,
    x: Float64Array,
    fields: Float64Array,
    shift: Float64Array | null,
    lambda: number,
    c: number,
    coef: Float64Array,
  ): number;

  /**
   * The Gram form's epoch pass over P×N arrays, fused: coef_μj as plCoefficients computes it with shift d (not
   * stored), then cd_j += Σ_μ coef_μj·x_μj (rows in order; cd is added to, not written) and
   * a_μj ← shrink·a_μj − lr·coef_μj. Returns the loss sum of plCoefficients (summed in another order).
   */
  plGramStep(
    p: number,
    n: number,
    x: Float64Array,
    f: Float64Array,
    d: Float64Array,
    lambda: number,
    c: number,
    update: {
      readonly a: Float64Array;
      readonly shrink: number;
      readonly lr: number;
      readonly cd: Float64Array;
    },
  ): number;

  /**
   * out_r = x_r·(radius/‖x_r‖) in float32 for the rows of a rows×n array x (the spherical ensemble's scaling):
   * ‖x_r‖² summed in row order in float64, the factor radius/√(‖x_r‖²) in float64, each product rounded to the
   * nearest float32 — the same numbers as the plain loop.
   */
  scaleRowsF32(rows: number, n: number, x: Float64Array, radius: number, out: Float32Array): void;

  /**
   * Label-neuron training epochs (core/models/pseudolikelihoodClassifier.ts) on ±1 inputs S (P×N) given by their
   * minority entries, with ±1 labels y (P×L) and the transposed couplings Wᵀ (wt, N×L, updated in place). Epoch
   * e: fields H = S·W (pmSparseProduct), coefficients C and loss sum of plCoefficients(P, L, y, H, null, λ,
   * −λ·scale), Gᵀ = Sᵀ·C (the rows of Sᵀ in increasing μ), g = Gᵀ (+ l2·Wᵀ when l2 > 0), Wᵀ ← Wᵀ − rates[e]·g;
   * losses[e] = scale·(loss sum) (+ l2/2·‖W‖², the squares summed in the order of W, L×N). The same numbers as
   * those methods of the same backend called one after another; `onEpoch(e + 1)` after each epoch.
   */
  labelTrainSparse(
    s: SparseSigns,
    l: number,
    y: Float64Array,
    wt: Float64Array,
    cfg: {
      readonly lambda: number;
      readonly scale: number;
      readonly l2: number;
      readonly rates: Float64Array;
    },
    losses: Float64Array,
    onEpoch?: (epoch: number) => void,
  ): void;

  /** Column dots of P×N arrays: q_j += Σ_μ a_μj·f_μj (q is added to), rows summed in order. */
  columnDots(p: number, n: number, a: Float64Array, f: Float64Array, q: Float64Array): void;

  /** out_i ← f(β·x_i) for f ∈ {exp, tanh, sign (sign 0 = +1)} over the first x.length entries. Returns out. */
  map(f: ElementwiseMap, x: Float64Array, out: Float64Array, beta?: number): Float64Array;

  /**
   * The ziggurat normal sampler's inner loop (core/rng `fillNormal`; tables x and f = e^{−x²/2}, 257 entries):
   * for k = from, from+1, … two xoroshiro128+ steps on `state` (words 0–3 in pure-rand's order) give a = first
   * output, b = second, layer i = a & 255 and z = ((a >>> 9)·2³² + b)·2⁻⁵⁵·x[i]; out[k] = ±z (minus when
   * a & 256) if z < x[i + 1]. A draw outside the rectangle is either finished here exactly as the caller would
   * (wedge test, fresh draws on rejection) or handed back: the function returns that k with z in out[k], a in
   * state[4] and the state as right after b. Returns `to` when out[from:to] is filled. Bit for bit the same
   * deviates and stream on every backend.
   */
  zigguratFast(
    state: Int32Array,
    x: Float64Array,
    f: Float64Array,
    out: Float64Array,
    from: number,
    to: number,
  ): number;

  /**
   * The Metropolis sweep of one Edwards–Anderson replica (data/spinGlass `metropolisSweepEA`) from site `from`:
   * for each site i in order, h = Σ_k w[i·dm + k]·σ[nb[i·dm + k]] (k in order; dm = 4 as (w0σ0 + w1σ1) + w2σ2 +
   * w3σ3), d = 2σ_i·h; d ≤ 0 flips σ_i, else u = the next uniform of `state` (two xoroshiro128+ steps, as
   * Rng.uniform) decides with numerics/metropolis `metropolisFast(u, −βd)`. Flipped d's
   * add to acc[0] in site order. A site that test leaves undecided is handed back: the function returns its index
   * with u in acc[1] and d in acc[2] (the caller decides with Math.exp and continues from the next site);
   * returns n when the sweep is done. Bit for bit the same flips, sums and stream on every backend.
   */
  eaSweep(
    nb: Int32Array,
    w: Float64Array,
    dm: number,
    sigma: Float64Array,
    beta: number,
    state: Int32Array,
    from: number,
    acc: Float64Array,
  ): number;

  /**
   * A zeroed Float64Array of `length` that the backend can use without copying (for the wasm backend with shared
   * memory: a view into WebAssembly memory; plain arrays otherwise). Use it for large operands used many times
   * (couplings J, patterns Ξ). The block is reclaimed when the array is garbage collected or passed to `release`;
   * keep the array itself alive while subarrays of it are in use.
   */
  allocFloat64(length: number): Float64Array;

  /** As allocFloat64, for Float32 data (e.g. a dense memory's Ξ with P up to 10⁷ × N = 32). */
  allocFloat32(length: number): Float32Array;

  /** As allocFloat64, for 32-bit words (bit-packed ±1 patterns: `packSpins(rows, n, x, backend())`). */
  allocUint32(length: number): Uint32Array;

  /** Give back an array from allocFloat64/allocFloat32/allocUint32 (a no-op for plain arrays). */
  release(array: Float64Array | Float32Array | Uint32Array): void;
}
