/**
 * Limited-memory BFGS with the Moré–Thuente line search (J. J. Moré, D. J. Thuente, "Line search algorithms with
 * guaranteed sufficient decrease", ACM TOMS 20 (1994); the search plmc and L-BFGS-B use). Hand-written because it
 * runs inside the Potts site kernels on worker threads, where a general optimizer library would add a copy per call.
 *
 * Stopping rule (the one of SciPy's L-BFGS-B, so both sides of the benchmark stop alike): max_k |∇f_k| ≤ `gtol`, or
 * (f_old − f_new)/max(|f_old|, |f_new|, 1) ≤ `ftol`, or `maxIterations` iterations, or a failed line search.
 */

/** f and its gradient: writes ∇f(x) into `grad`, returns f(x). */
export type ObjectiveWithGradient = (x: Float64Array, grad: Float64Array) => number;

export interface LbfgsOptions {
  /** Iteration limit (default 500). */
  readonly maxIterations?: number;
  /** Stop when max |∇f| ≤ gtol (default 1e-5). */
  readonly gtol?: number;
  /** Stop when the relative decrease of f in one iteration is ≤ ftol (default 1e-9). */
  readonly ftol?: number;
  /** History length (default 10). */
  readonly memory?: number;
  /** Sufficient-decrease constant c₁ of the line search (default 1e-4). */
  readonly c1?: number;
  /** Curvature constant c₂ of the line search (default 0.9). */
  readonly c2?: number;
  /** Function evaluations allowed per line search (default 20). */
  readonly maxLineEvaluations?: number;
}

export interface LbfgsResult {
  /** f at the returned x. */
  readonly value: number;
  readonly iterations: number;
  /** Function-and-gradient evaluations in total. */
  readonly evaluations: number;
  /** Why it stopped. */
  readonly reason: 'gtol' | 'ftol' | 'maxIterations' | 'lineSearch';
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k] * b[k];
  return s;
}

function maxAbs(a: Float64Array): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) {
    const v = Math.abs(a[k]);
    if (v > s) s = v;
  }
  return s;
}

/** State of the interval of uncertainty of the Moré–Thuente search. */
interface Bracket {
  stx: number;
  fx: number;
  dx: number;
  sty: number;
  fy: number;
  dy: number;
  brackt: boolean;
}

/**
 * One safeguarded step of Moré–Thuente (their "dcstep"): updates the interval [stx, sty] with the trial point
 * (stp, fp, dp) and returns the next trial step (cubic or quadratic interpolation, safeguarded to [stpmin, stpmax]).
 */
export function moreThuenteStep(
  b: Bracket,
  stp: number,
  fp: number,
  dp: number,
  stpmin: number,
  stpmax: number,
): number {
  const { stx, fx, dx, sty, fy, dy } = b;
  const sgnd = dp * Math.sign(dx);
  let stpf: number;
  if (fp > fx) {
    // Case 1: higher value; the minimum is bracketed.
    const theta = (3 * (fx - fp)) / (stp - stx) + dx + dp;
    const s = Math.max(Math.abs(theta), Math.abs(dx), Math.abs(dp));
    let gamma = s * Math.sqrt(Math.max(0, (theta / s) ** 2 - (dx / s) * (dp / s)));
    if (stp < stx) gamma = -gamma;
    const p = gamma - dx + theta;
    const q = gamma - dx + gamma + dp;
    const stpc = stx + (p / q) * (stp - stx);
    const stpq = stx + (dx / ((fx - fp) / (stp - stx) + dx) / 2) * (stp - stx);
    stpf = Math.abs(stpc - stx) < Math.abs(stpq - stx) ? stpc : stpc + (stpq - stpc) / 2;
    b.brackt = true;
  } else if (sgnd < 0) {
    // Case 2: lower value, derivatives of opposite sign; bracketed.
    const theta = (3 * (fx - fp)) / (stp - stx) + dx + dp;
    const s = Math.max(Math.abs(theta), Math.abs(dx), Math.abs(dp));
    let gamma = s * Math.sqrt(Math.max(0, (theta / s) ** 2 - (dx / s) * (dp / s)));
    if (stp > stx) gamma = -gamma;
    const p = gamma - dp + theta;
    const q = gamma - dp + gamma + dx;
    const stpc = stp + (p / q) * (stx - stp);
    const stpq = stp + (dp / (dp - dx)) * (stx - stp);
    stpf = Math.abs(stpc - stp) > Math.abs(stpq - stp) ? stpc : stpq;
    b.brackt = true;
  } else if (Math.abs(dp) < Math.abs(dx)) {
    // Case 3: lower value, same sign, derivative decreases in magnitude.
    const theta = (3 * (fx - fp)) / (stp - stx) + dx + dp;
    const s = Math.max(Math.abs(theta), Math.abs(dx), Math.abs(dp));
    let gamma = s * Math.sqrt(Math.max(0, (theta / s) ** 2 - (dx / s) * (dp / s)));
    if (stp > stx) gamma = -gamma;
    const p = gamma - dp + theta;
    const q = gamma + (dx - dp) + gamma;
    const r = p / q;
    let stpc: number;
    if (r < 0 && gamma !== 0) stpc = stp + r * (stx - stp);
    else stpc = stp > stx ? stpmax : stpmin;
    const stpq = stp + (dp / (dp - dx)) * (stx - stp);
    if (b.brackt) {
      stpf = Math.abs(stpc - stp) < Math.abs(stpq - stp) ? stpc : stpq;
      stpf = stp > stx ? Math.min(stp + 0.66 * (sty - stp), stpf) : Math.max(stp + 0.66 * (sty - stp), stpf);
    } else {
      stpf = Math.abs(stpc - stp) > Math.abs(stpq - stp) ? stpc : stpq;
      stpf = Math.max(stpmin, Math.min(stpmax, stpf));
    }
  } else if (b.brackt) {
    // Case 4: lower value, same sign, derivative does not decrease; cubic step towards sty.
    const theta = (3 * (fp - fy)) / (sty - stp) + dy + dp;
    const s = Math.max(Math.abs(theta), Math.abs(dy), Math.abs(dp));
    let gamma = s * Math.sqrt(Math.max(0, (theta / s) ** 2 - (dy / s) * (dp / s)));
    if (stp > sty) gamma = -gamma;
    const p = gamma - dp + theta;
    const q = gamma - dp + gamma + dy;
    stpf = stp + (p / q) * (sty - stp);
  } else stpf = stp > stx ? stpmax : stpmin;
  updateInterval(b, stp, fp, dp, sgnd);
  return stpf;
}

/** Moves one end of the interval [stx, sty] to the trial point (stp, fp, dp), as in the last part of "dcstep". */
function updateInterval(b: Bracket, stp: number, fp: number, dp: number, sgnd: number): void {
  if (fp > b.fx) {
    b.sty = stp;
    b.fy = fp;
    b.dy = dp;
    return;
  }
  if (sgnd < 0) {
    b.sty = b.stx;
    b.fy = b.fx;
    b.dy = b.dx;
  }
  b.stx = stp;
  b.fx = fp;
  b.dx = dp;
}

/**
 * Step on the modified function ψ(t) = f(t) − f0 − c₁ t g0 (used while no point of sufficient decrease is known):
 * shifts the bracket into ψ, takes one safeguarded step and shifts it back.
 */
function modifiedStep(
  b: Bracket,
  stp: number,
  f: number,
  g: number,
  gtest: number,
  stmin: number,
  stmax: number,
): number {
  const m: Bracket = {
    stx: b.stx,
    fx: b.fx - b.stx * gtest,
    dx: b.dx - gtest,
    sty: b.sty,
    fy: b.fy - b.sty * gtest,
    dy: b.dy - gtest,
    brackt: b.brackt,
  };
  const next = moreThuenteStep(m, stp, f - stp * gtest, g - gtest, stmin, stmax);
  b.stx = m.stx;
  b.sty = m.sty;
  b.brackt = m.brackt;
  b.fx = m.fx + m.stx * gtest;
  b.fy = m.fy + m.sty * gtest;
  b.dx = m.dx + gtest;
  b.dy = m.dy + gtest;
  return next;
}

/**
 * Moré–Thuente line search along `dir` from x (value f0, directional derivative g0 < 0): finds a step satisfying the
 * strong Wolfe conditions f(x + t d) ≤ f0 + c₁ t g0 and |∇f·d| ≤ c₂ |g0|. On return xNew, gNew hold the accepted
 * point (or the best point found when the search could not satisfy both conditions).
 */
export function moreThuenteSearch(
  fg: ObjectiveWithGradient,
  x: Float64Array,
  f0: number,
  g0: number,
  dir: Float64Array,
  step: number,
  xNew: Float64Array,
  gNew: Float64Array,
  c1 = 1e-4,
  c2 = 0.9,
  maxEvaluations = 20,
): { step: number; value: number; evaluations: number; ok: boolean } {
  const d = x.length;
  const xtol = 1e-12;
  const stpmin = 0;
  const stpmax = 1e20;
  const gtest = c1 * g0;
  const b: Bracket = { stx: 0, fx: f0, dx: g0, sty: 0, fy: f0, dy: g0, brackt: false };
  let stage = 1;
  let width = stpmax - stpmin;
  let width1 = 2 * width;
  let stmin = 0;
  let stmax = step + 4 * step;
  let stp = step;
  let bestStep = 0;
  let bestF = f0;
  for (let ev = 1; ev <= maxEvaluations; ev++) {
    for (let k = 0; k < d; k++) xNew[k] = x[k] + stp * dir[k];
    const f = fg(xNew, gNew);
    const g = dot(gNew, dir);
    const ftest = f0 + stp * gtest;
    if (f < bestF) {
      bestF = f;
      bestStep = stp;
    }
    if (stage === 1 && f <= ftest && g >= 0) stage = 2;
    if (f <= ftest && Math.abs(g) <= c2 * -g0) return { step: stp, value: f, evaluations: ev, ok: true };
    if (b.brackt && (stp <= stmin || stp >= stmax || stmax - stmin <= xtol * stmax)) break;
    if (ev === maxEvaluations) break;
    if (stage === 1 && f <= b.fx && f > ftest) stp = modifiedStep(b, stp, f, g, gtest, stmin, stmax);
    else stp = moreThuenteStep(b, stp, f, g, stmin, stmax);
    if (b.brackt) {
      if (Math.abs(b.sty - b.stx) >= 0.66 * width1) stp = b.stx + 0.5 * (b.sty - b.stx);
      width1 = width;
      width = Math.abs(b.sty - b.stx);
      stmin = Math.min(b.stx, b.sty);
      stmax = Math.max(b.stx, b.sty);
    } else {
      stmin = stp + 1.1 * (stp - b.stx);
      stmax = stp + 4 * (stp - b.stx);
    }
    stp = Math.max(stpmin, Math.min(stpmax, stp));
    if (b.brackt && (stp <= stmin || stp >= stmax || stmax - stmin <= xtol * stmax)) stp = b.stx;
  }
  // No point satisfies both conditions: return the lowest one if it decreased f at all.
  if (bestStep > 0) {
    for (let k = 0; k < d; k++) xNew[k] = x[k] + bestStep * dir[k];
    const f = fg(xNew, gNew);
    return { step: bestStep, value: f, evaluations: maxEvaluations + 1, ok: true };
  }
  return { step: 0, value: f0, evaluations: maxEvaluations, ok: false };
}

/**
 * Minimize a smooth function by L-BFGS (two-loop recursion with history `memory`, initial Hessian scaling
 * γ = sᵀy/yᵀy) and the Moré–Thuente line search; `x` is updated in place. See the module comment for the stopping
 * rule.
 */
export function lbfgsMinimize(
  fg: ObjectiveWithGradient,
  x: Float64Array,
  opts: LbfgsOptions = {},
): LbfgsResult {
  const maxIterations = opts.maxIterations ?? 500;
  const gtol = opts.gtol ?? 1e-5;
  const ftol = opts.ftol ?? 1e-9;
  const memory = opts.memory ?? 10;
  const d = x.length;
  const g = new Float64Array(d);
  const gNew = new Float64Array(d);
  const xNew = new Float64Array(d);
  const dir = new Float64Array(d);
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  const alpha = new Float64Array(memory);
  let f = fg(x, g);
  let evaluations = 1;
  let it = 0;
  let reason: LbfgsResult['reason'] = 'maxIterations';
  if (maxAbs(g) <= gtol) return { value: f, iterations: 0, evaluations, reason: 'gtol' };
  while (it < maxIterations) {
    twoLoopDirection(g, S, Y, rho, alpha, dir);
    let slope = dot(g, dir);
    if (!(slope < 0)) {
      S.length = 0;
      Y.length = 0;
      rho.length = 0;
      for (let k = 0; k < d; k++) dir[k] = -g[k];
      slope = dot(g, dir);
    }
    const step0 = S.length === 0 ? Math.min(1, 1 / Math.sqrt(-slope)) : 1;
    const ls = moreThuenteSearch(
      fg,
      x,
      f,
      slope,
      dir,
      step0,
      xNew,
      gNew,
      opts.c1,
      opts.c2,
      opts.maxLineEvaluations,
    );
    evaluations += ls.evaluations;
    if (!ls.ok) {
      reason = 'lineSearch';
      break;
    }
    it++;
    pushCurvaturePair(S, Y, rho, memory, x, xNew, g, gNew);
    x.set(xNew);
    g.set(gNew);
    const fOld = f;
    f = ls.value;
    if (maxAbs(g) <= gtol) {
      reason = 'gtol';
      break;
    }
    if ((fOld - f) / Math.max(Math.abs(fOld), Math.abs(f), 1) <= ftol) {
      reason = 'ftol';
      break;
    }
  }
  return { value: f, iterations: it, evaluations, reason };
}

/** L-BFGS two-loop recursion: dir = −H g with H built from the pairs (S, Y), ρ = 1/sᵀy and scaling γ = sᵀy/yᵀy. */
function twoLoopDirection(
  g: Float64Array,
  S: Float64Array[],
  Y: Float64Array[],
  rho: number[],
  alpha: Float64Array,
  dir: Float64Array,
): void {
  const d = g.length;
  for (let k = 0; k < d; k++) dir[k] = -g[k];
  for (let h = S.length - 1; h >= 0; h--) {
    const a = rho[h] * dot(S[h], dir);
    alpha[h] = a;
    const y = Y[h];
    for (let k = 0; k < d; k++) dir[k] -= a * y[k];
  }
  if (S.length > 0) {
    const last = S.length - 1;
    const gamma = dot(S[last], Y[last]) / dot(Y[last], Y[last]);
    for (let k = 0; k < d; k++) dir[k] *= gamma;
  }
  for (let h = 0; h < S.length; h++) {
    const c = alpha[h] - rho[h] * dot(Y[h], dir);
    const s = S[h];
    for (let k = 0; k < d; k++) dir[k] += c * s[k];
  }
}

/**
 * Records the pair s = xNew − x, y = gNew − g in the history (dropping the oldest when `memory` are kept); the
 * pair is skipped when its curvature sᵀy is not safely positive.
 */
function pushCurvaturePair(
  S: Float64Array[],
  Y: Float64Array[],
  rho: number[],
  memory: number,
  x: Float64Array,
  xNew: Float64Array,
  g: Float64Array,
  gNew: Float64Array,
): void {
  const d = x.length;
  const s = S.length === memory ? (S.shift() as Float64Array) : new Float64Array(d);
  const y = Y.length === memory ? (Y.shift() as Float64Array) : new Float64Array(d);
  if (rho.length === memory) rho.shift();
  for (let k = 0; k < d; k++) {
    s[k] = xNew[k] - x[k];
    y[k] = gNew[k] - g[k];
  }
  const sy = dot(s, y);
  if (sy > 1e-16 * dot(y, y)) {
    S.push(s);
    Y.push(y);
    rho.push(1 / sy);
  }
}
