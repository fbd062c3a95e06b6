/**
 * Least-squares polynomial fitting for small systems (finite-size extrapolations in 1/N, log–log slopes).
 * Hand-written: the normal equations of degree ≤ 3 are a few lines and need no linear-algebra dependency.
 */

/**
 * Weighted least-squares polynomial y ≈ Σ_k c_k u^k of degree `degree` (weights w, default 1), by the normal
 * equations and Gaussian elimination with partial pivoting; returns c_0..c_degree. Meant for tiny systems
 * (degree ≤ 3, a handful of points): the normal equations square the condition number.
 */
export function polyFit(
  u: readonly number[],
  y: readonly number[],
  degree: number,
  w?: readonly number[],
): number[] {
  if (!Number.isInteger(degree) || degree < 0)
    throw new RangeError(`degree must be an integer ≥ 0 (got ${degree})`);
  if (u.length !== y.length || (w && w.length !== u.length))
    throw new RangeError(
      `u, y (and w) must have the same length (got ${u.length}, ${y.length}${w ? `, ${w.length}` : ''})`,
    );
  const m = degree + 1;
  const a = Array.from({ length: m }, () => new Array<number>(m + 1).fill(0));
  for (let i = 0; i < u.length; i++) {
    const wi = w ? w[i] : 1;
    for (let r = 0; r < m; r++) {
      for (let c = 0; c < m; c++) a[r][c] += wi * u[i] ** (r + c);
      a[r][m] += wi * y[i] * u[i] ** r;
    }
  }
  for (let col = 0; col < m; col++) {
    let piv = col;
    for (let r = col + 1; r < m; r++) if (Math.abs(a[r][col]) > Math.abs(a[piv][col])) piv = r;
    [a[col], a[piv]] = [a[piv], a[col]];
    for (let r = 0; r < m; r++) {
      if (r === col) continue;
      const f = a[r][col] / a[col][col];
      for (let c = col; c <= m; c++) a[r][c] -= f * a[col][c];
    }
  }
  return a.map((row, r) => row[m] / row[r]);
}
