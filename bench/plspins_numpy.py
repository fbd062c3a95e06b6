"""NumPy implementations of the vector-spin and classifier rows of bench/plspins.ts (same objectives, same data,
same epochs; the bench alternates their repetitions with ours).

- vector: full-batch gradient descent on the mean negative log-pseudo-likelihood of unit vectors in R^3 with the
  von Mises-Fisher conditional and d x d block couplings J_ij (the library PL/model/model.py: J of shape
  [N, N, d, d], zero diagonal blocks), written as one (N d) x (N d) matrix so that both products are single BLAS
  matrix products: loss_i = -lam xi_i.u_i + log K_3(lam |u_i|), K_3(x) = 4 pi sinh(x)/x, gradient w.r.t. u:
  -lam xi + lam^2 (A_3(x)/x) u with A_3(x) = coth x - 1/x.
- classifier: L label neurons, loss (1/(L P)) sum log(1 + exp(-2 lam y h)), h = x W^T, gradient C^T x.

Protocol: reads one JSON line {"algo", "files": {name: path.npy}, "epochs", "lr", "decay"}, then answers each "run" line
with {"ms", "check"} (time of the training loop only; check = final loss).
"""
import json
import sys
import time

import numpy as np


def log_k3_ratio(x):
    """log K_3(x) and A_3(x)/x, stable for small x (series) and large x."""
    small = x < 1e-3
    xs = np.where(small, 1.0, x)
    e = np.exp(-2.0 * xs)
    logk = np.log(4.0 * np.pi) + xs + np.log1p(-e) - np.log(2.0 * xs)
    ratio = ((1.0 + e) / (1.0 - e) - 1.0 / xs) / xs
    x2 = x * x
    logk = np.where(small, np.log(4.0 * np.pi) + x2 / 6.0, logk)
    ratio = np.where(small, 1.0 / 3.0 - x2 / 45.0, ratio)
    return logk, ratio


def vector_train(xi, epochs, lr0, decay, lam=1.0):
    p, n, d = xi.shape
    m = n * d
    x = np.ascontiguousarray(xi.reshape(p, m))  # site-major rows: entry i*d + a
    xt = np.ascontiguousarray(x.T)
    t = np.zeros((m, m))  # J transposed: t[j*d + b, i*d + a] = J_ij^{ab}
    scale = 1.0 / (n * p)
    loss = 0.0
    for e in range(epochs):
        lr = lr0 * decay**e
        u = x @ t  # fields, u[mu, i*d + a]
        u3 = u.reshape(p, n, d)
        norm = np.sqrt((u3 * u3).sum(2))  # [P, N]
        logk, ratio = log_k3_ratio(lam * norm)
        loss = (-lam * (x * u).sum() + logk.sum()) * scale
        c = scale * (lam * lam * (ratio[:, :, None] * u3).reshape(p, m) - lam * x)
        g = xt @ c
        for i in range(0, m, d):
            g[i : i + d, i : i + d] = 0.0
        t -= lr * g
    return float(loss)


def classifier_train(x, y, epochs, lr0, decay, lam=1.0):
    p, n = x.shape
    l = y.shape[1]
    w = np.zeros((l, n))
    scale = 1.0 / (l * p)
    loss = 0.0
    for t in range(epochs):
        lr = lr0 * decay**t
        delta = lam * y * (x @ w.T)
        loss = np.logaddexp(0.0, -2.0 * delta).sum() * scale
        c = (-lam * scale) * y * (1.0 - np.tanh(delta))
        w -= lr * (c.T @ x)
    return float(loss)


def serve(fn):
    """Answer {"ready": true}, then each "run" line with {"ms", "cpuMs", "check"} of one call of fn: wall time,
    CPU time of the process (all its threads) and the final loss (also used by bench/pl_library.py)."""
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        if line.strip() != "run":
            break
        t0 = time.perf_counter()
        c0 = time.process_time()
        check = fn()
        cpu = (time.process_time() - c0) * 1e3
        print(json.dumps({"ms": (time.perf_counter() - t0) * 1e3, "cpuMs": cpu, "check": check}), flush=True)


def main():
    case = json.loads(sys.stdin.readline())
    data = {k: np.load(v) for k, v in case["files"].items()}
    if case["algo"] == "vector":
        xi = data["xi"]
        fn = lambda: vector_train(xi, case["epochs"], case["lr"], case["decay"])
    else:
        x, y = data["x"], data["y"]
        fn = lambda: classifier_train(x, y, case["epochs"], case["lr"], case["decay"])
    serve(fn)


if __name__ == "__main__":
    main()
