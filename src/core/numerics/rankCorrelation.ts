/**
 * Correlations: Pearson's r (with the least-squares slope), and Spearman's ρ, Pearson's r of the ranks, tied values
 * sharing the mean of their ranks (as scipy.stats.spearmanr).
 */

/** Ranks 1..n of `v`, ties given the mean of the ranks they span. */
export function averageRanks(v: ArrayLike<number>): Float64Array {
  const n = v.length;
  const order = Array.from({ length: n }, (_, k) => k).sort((a, b) => v[a] - v[b]);
  const r = new Float64Array(n);
  for (let s = 0; s < n; ) {
    let e = s + 1;
    while (e < n && v[order[e]] === v[order[s]]) e++;
    const mean = (s + e + 1) / 2;
    for (let k = s; k < e; k++) r[order[k]] = mean;
    s = e;
  }
  return r;
}

/** Pearson's r = cov(x, y)/(σ_x σ_y); NaN when either is constant or n < 2. */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let k = 0; k < n; k++) {
    mx += x[k] / n;
    my += y[k] / n;
  }
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let k = 0; k < n; k++) {
    sxy += (x[k] - mx) * (y[k] - my);
    sxx += (x[k] - mx) ** 2;
    syy += (y[k] - my) ** 2;
  }
  return n < 2 || sxx === 0 || syy === 0 ? Number.NaN : sxy / Math.sqrt(sxx * syy);
}

/** Spearman's ρ of paired values (finite values only; the caller drops missing pairs). */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number {
  return pearson(averageRanks(x), averageRanks(y));
}

/** Pearson r and least-squares slope of y against x. */
export function pearsonSlope(x: ArrayLike<number>, y: ArrayLike<number>): { r: number; slope: number } {
  const k = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < k; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= k;
  my /= k;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < k; i++) {
    const dx = x[i] - mx;
    const dy = y[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return { r: sxy / Math.sqrt(sxx * syy), slope: sxy / sxx };
}
