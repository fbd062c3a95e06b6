"""SciPy reference of the Potts pseudo-likelihood benchmark (bench/potts.ts runs it in the same session).

The same objective as src/core/models/potts.ts, site by site:
  f_i = -sum_s w_s log p(a_i^s | a_-i^s) + lambda_h |h_i|^2 + lambda_J |J_i|^2,  w normalized to sum 1,
with identical sequences merged (weights summed), fields and couplings from zero, minimized by
scipy.optimize.minimize(method='L-BFGS-B') with gtol (max |grad|), ftol (relative decrease) and maxiter as given.
The local fields are a sparse one-hot product X @ W (X: distinct sequences x (N*q), N ones per row, CSR), the
gradient X^T @ C. Sequence weights: w_s = 1/n_s, n_s = #{t : identity(s, t) >= theta}, computed on distinct rows in
blocks of 512 rows with broadcasting.

Usage: python3 bench/potts_scipy.py '{"msa": PATH, "task": "train"|"weights", "lambdaH", "lambdaJ", "gtol", "ftol",
"maxIterations", "theta"}'  -> prints one JSON object with the timings (ms) and the result summary.
"""
import gzip
import json
import sys
import time

import numpy as np
import scipy
import scipy.optimize
import scipy.sparse

AA = "ACDEFGHIKLMNPQRSTVWY"
GAP = 20
Q = 21


def read_alignment(path):
    raw = open(path, "rb").read()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    text = raw.decode("utf-8-sig")
    code = {c: GAP for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}
    code.update({c: k for k, c in enumerate(AA)})
    code["-"] = GAP
    rows, cur = [], None
    for line in text.splitlines():
        if line.startswith(">"):
            cur = []
            rows.append(cur)
            continue
        for ch in line.strip():
            if ch == "." or ch.islower():
                continue
            cur.append(code[ch])
    return np.array(rows, dtype=np.int8)


def weights(seqs, theta):
    uniq, inv, mult = np.unique(seqs, axis=0, return_inverse=True, return_counts=True)
    n = seqs.shape[1]
    max_mis = int(np.floor((1 - theta) * n + 1e-9))
    counts = np.zeros(len(uniq))
    for lo in range(0, len(uniq), 512):
        blk = uniq[lo : lo + 512]
        mis = (blk[:, None, :] != uniq[None, :, :]).sum(axis=2)
        counts[lo : lo + 512] = ((mis <= max_mis) * mult[None, :]).sum(axis=1)
    w = 1.0 / counts[inv.ravel()]
    return w


def train(seqs, w, lh, lj, gtol, ftol, maxiter):
    m, n = seqs.shape
    w = w / w.sum()
    uniq, inv = np.unique(seqs, axis=0, return_inverse=True)
    wu = np.bincount(inv.ravel(), weights=w)
    mu = len(uniq)
    cols = (np.arange(n)[None, :] * Q + uniq).ravel()
    rows = np.repeat(np.arange(mu), n)
    x1h = scipy.sparse.csr_matrix((np.ones(mu * n), (rows, cols)), shape=(mu, n * Q))
    losses, iters = [], []
    for i in range(n):
        keep = np.ones(n * Q, dtype=bool)
        keep[i * Q : (i + 1) * Q] = False
        xi = x1h[:, keep]
        yi = uniq[:, i]
        onehot = np.zeros((mu, Q))
        onehot[np.arange(mu), yi] = 1.0
        d = (n - 1) * Q

        def fg(p):
            h = p[:Q]
            jm = p[Q:].reshape(d, Q)
            e = xi @ jm + h
            e -= e.max(axis=1, keepdims=True)
            pe = np.exp(e)
            z = pe.sum(axis=1, keepdims=True)
            logp = e - np.log(z)
            f = -(wu * logp[np.arange(mu), yi]).sum() + lh * (h @ h) + lj * (p[Q:] @ p[Q:])
            c = (pe / z - onehot) * wu[:, None]
            g = np.empty_like(p)
            g[:Q] = c.sum(axis=0) + 2 * lh * h
            g[Q:] = (xi.T @ c).ravel() + 2 * lj * p[Q:]
            return f, g

        r = scipy.optimize.minimize(
            fg, np.zeros(Q + d * Q), jac=True, method="L-BFGS-B",
            options={"maxiter": maxiter, "gtol": gtol, "ftol": ftol, "maxcor": 10},
        )
        losses.append(float(r.fun))
        iters.append(int(r.nit))
    return losses, iters


def main():
    cfg = json.loads(sys.argv[1])
    seqs = read_alignment(cfg["msa"])
    out = {"numpy": np.__version__, "scipy": scipy.__version__, "m": int(seqs.shape[0]), "n": int(seqs.shape[1])}
    t0 = time.perf_counter()
    w = weights(seqs, cfg.get("theta", 0.8))
    out["weightsMs"] = (time.perf_counter() - t0) * 1e3
    out["mEff"] = float(w.sum())
    if cfg.get("task", "train") == "train":
        t0 = time.perf_counter()
        losses, iters = train(
            seqs, w, cfg["lambdaH"], cfg["lambdaJ"], cfg["gtol"], cfg["ftol"], cfg["maxIterations"]
        )
        out["trainMs"] = (time.perf_counter() - t0) * 1e3
        out["loss"] = float(np.sum(losses))
        out["iterations"] = float(np.mean(iters))
    print(json.dumps(out))


if __name__ == "__main__":
    main()
