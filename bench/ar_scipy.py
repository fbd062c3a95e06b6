"""SciPy reference of the autoregressive (arDCA) benchmark (bench/autoregressive.ts runs it in the same session).

The same objective as src/core/models/pottsAutoregressive.ts: sites in the entropic order (increasing weighted
entropy, ties by column), and for the k-th site of the order
  f_k = -sum_s w_s log P(a_k^s | a_<k^s) + lambda_h |h_k|^2 + lambda_J |J_k|^2,   w normalized to sum 1,
fitted from zero by scipy.optimize.minimize(method='L-BFGS-B') with gtol, ftol, maxiter as given; the sequences cut
to their first k + 1 columns (in the order) are merged when identical (weights summed), the local fields are a
sparse one-hot product X @ W. The first site has fields only. Then `samples` exact ancestral samples, vectorized
over the samples. The alignment reader and the weights are those of bench/potts_scipy.py.

Usage: python3 bench/ar_scipy.py '{"msa", "theta", "lambdaH", "lambdaJ", "gtol", "ftol", "maxIterations",
"columns", "rows", "samples"}'  -> one JSON object with the timings (ms) and the result summary.
"""
import json
import sys
import time

import numpy as np
import scipy
import scipy.optimize
import scipy.sparse

from potts_scipy import Q, read_alignment, weights


def entropic_order(seqs, w):
    n = seqs.shape[1]
    f = np.zeros((n, Q))
    for i in range(n):
        f[i] = np.bincount(seqs[:, i], weights=w, minlength=Q) / w.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        s = -np.where(f > 0, f * np.log(f), 0).sum(axis=1)
    return np.lexsort((np.arange(n), s))


def fit_site(cut, w, lh, lj, gtol, ftol, maxiter):
    uniq, inv = np.unique(cut, axis=0, return_inverse=True)
    wu = np.bincount(inv.ravel(), weights=w)
    mu, k1 = uniq.shape
    k = k1 - 1
    y = uniq[:, k]
    onehot = np.zeros((mu, Q))
    onehot[np.arange(mu), y] = 1.0
    d = k * Q
    if k > 0:
        cols = (np.arange(k)[None, :] * Q + uniq[:, :k]).ravel()
        x = scipy.sparse.csr_matrix((np.ones(mu * k), (np.repeat(np.arange(mu), k), cols)), shape=(mu, d))

    def fg(p):
        h = p[:Q]
        e = (x @ p[Q:].reshape(d, Q) + h) if k > 0 else np.tile(h, (mu, 1))
        e = e - e.max(axis=1, keepdims=True)
        pe = np.exp(e)
        z = pe.sum(axis=1, keepdims=True)
        logp = e - np.log(z)
        f = -(wu * logp[np.arange(mu), y]).sum() + lh * (h @ h) + lj * (p[Q:] @ p[Q:])
        c = (pe / z - onehot) * wu[:, None]
        g = np.empty_like(p)
        g[:Q] = c.sum(axis=0) + 2 * lh * h
        if k > 0:
            g[Q:] = (x.T @ c).ravel() + 2 * lj * p[Q:]
        return f, g

    r = scipy.optimize.minimize(
        fg, np.zeros(Q + d * Q), jac=True, method="L-BFGS-B",
        options={"maxiter": maxiter, "gtol": gtol, "ftol": ftol, "maxcor": 10},
    )
    return r.x[:Q], r.x[Q:].reshape(d, Q), float(r.fun), int(r.nit)


def sample(h, js, count, rng):
    n = len(h)
    out = np.zeros((count, n), dtype=np.int64)
    for k in range(n):
        e = np.tile(h[k], (count, 1))
        for j in range(k):
            e += js[k][j * Q + out[:, j]]
        e -= e.max(axis=1, keepdims=True)
        p = np.exp(e)
        p /= p.sum(axis=1, keepdims=True)
        u = rng.random((count, 1))
        out[:, k] = np.minimum((p.cumsum(axis=1) < u).sum(axis=1), Q - 1)
    return out


def main():
    cfg = json.loads(sys.argv[1])
    seqs = read_alignment(cfg["msa"]).astype(np.int64)
    seqs = seqs[: cfg.get("rows") or len(seqs), : cfg.get("columns") or seqs.shape[1]]
    out = {"numpy": np.__version__, "scipy": scipy.__version__, "m": int(seqs.shape[0]), "n": int(seqs.shape[1])}
    t0 = time.perf_counter()
    w = weights(seqs, cfg.get("theta", 0.8))
    w = w / w.sum()
    order = entropic_order(seqs, w)
    perm = seqs[:, order]
    hs, js, losses, iters = [], [], [], []
    for k in range(perm.shape[1]):
        h, jm, f, it = fit_site(perm[:, : k + 1], w, cfg["lambdaH"], cfg["lambdaJ"], cfg["gtol"], cfg["ftol"], cfg["maxIterations"])
        hs.append(h)
        js.append(jm)
        losses.append(f)
        iters.append(it)
    out["trainMs"] = (time.perf_counter() - t0) * 1e3
    out["loss"] = float(np.sum(losses))
    out["iterations"] = float(np.mean(iters))
    t0 = time.perf_counter()
    s = sample(hs, js, cfg.get("samples", 10000), np.random.default_rng(1))
    out["sampleMs"] = (time.perf_counter() - t0) * 1e3
    out["sampled"] = int(s.shape[0])
    print(json.dumps(out))


if __name__ == "__main__":
    main()
