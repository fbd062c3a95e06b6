"""NumPy implementations of the end-to-end benchmark rows (bench/e2e.ts runs this in the same session).

Reads one JSON case on stdin: {"name", "algo", "params", "reps"}; prints {"ms": median milliseconds,
"check": a number from the result, for a sanity comparison} on stdout. Each algorithm is the direct NumPy
form of what the library computes, with the same sizes and the same number of steps:

- pl-train: full-batch gradient descent on the normalized negative log-pseudo-likelihood (paper 000 Eq. 4),
  fields H = X J^T, loss and coefficients, gradient G = C^T X, zero diagonal, J -= lr_t G, with the loss and
  the mean row norm recorded every epoch (as the library's history does).
- capacity: Hebbian couplings J = X^T X / N (zero diagonal), the local fields of every pattern by one product,
  then from each pattern the parallel dynamics s <- sgn(J s) (sgn 0 keeps the spin) until a fixed point or a
  2-cycle (at most max_sweeps steps), and the final Mattis overlap.
- dense-end-distance: per trial P spherical patterns (float32 storage, as the library's), then for each lambda
  gradient descent with eta = 0.5 on the log-sum-exp energy from xi^1 until the step is below 1e-7 sqrt(N) (at
  most 1000 iterations), and the end distance. NumPy's fastest form of the step: float32 products over the
  patterns (sgemv; the library accumulates in float64), the softmax in float64.
"""
import json
import sys
import time

try:
    import numpy as np
except Exception as e:  # noqa: BLE001
    print(json.dumps({"error": f"numpy unavailable: {e}"}))
    sys.exit(0)


def pl_train(x, epochs, lr0, decay, lam=1.0):
    p, n = x.shape
    j = np.zeros((n, n))
    scale = 1.0 / (n * p)
    loss = 0.0
    row_norm = 0.0
    for t in range(epochs):
        lr = lr0 * decay**t
        d = x * (x @ j.T)
        loss = np.logaddexp(0.0, -2.0 * lam * d).sum() * scale
        c = (-lam * scale) * x * (1.0 - np.tanh(lam * d))
        g = c.T @ x
        np.fill_diagonal(g, 0.0)
        j -= lr * g
        row_norm = np.sqrt((j * j).sum(axis=1)).mean()
    return loss + 0 * row_norm


def capacity(x, max_sweeps):
    p, n = x.shape
    j = (x.T @ x) / n
    np.fill_diagonal(j, 0.0)
    fields = x @ j  # J symmetric: row mu is J xi^mu
    overlaps = []
    fixed = 0
    for mu in range(p):
        s = x[mu].copy()
        if np.all(s * fields[mu] > 0):
            fixed += 1
        prev = s.copy()
        for step in range(max_sweeps):
            h = j @ s
            nxt = np.where(h > 0, 1.0, np.where(h < 0, -1.0, s))
            if np.array_equal(nxt, s):
                break
            if step >= 1 and np.array_equal(nxt, prev):
                nxt = s
                break
            prev, s = s, nxt
        overlaps.append(float(x[mu] @ s) / n)
    return float(np.mean(overlaps))


def dense_end_distance(rng, n, p, lambdas, trials, max_it=1000, tol=1e-7, eta=0.5):
    out = []
    for _ in range(trials):
        x_all = rng.standard_normal((p, n), dtype=np.float32)
        x_all *= (np.sqrt(n) / np.linalg.norm(x_all, axis=1)).astype(np.float32)[:, None]
        x0 = x_all[0].astype(np.float64)
        for lam in lambdas:
            x = x0.copy()
            for _it in range(max_it):
                s = lam * (x_all @ x.astype(np.float32)).astype(np.float64)
                a = np.exp(s - s.max())
                a /= a.sum()
                y = (a.astype(np.float32) @ x_all).astype(np.float64)
                nx = (1 - eta) * x + eta * y
                step2 = float(((nx - x) ** 2).sum())
                x = nx
                if step2 < tol * tol * n:
                    break
            out.append(float(((x - x0) ** 2).sum()) / n)
    return float(np.mean(out))


def run(case):
    prm = case["params"]
    rng = np.random.default_rng(1)
    algo = case["algo"]
    if algo == "pl-train":
        if prm.get("data"):
            raw = np.fromfile(prm["data"], dtype=np.int8).astype(np.float64)
            x = raw.reshape(prm["p"], prm["n"])
        else:
            x = rng.choice([-1.0, 1.0], size=(prm["p"], prm["n"]))
        return lambda: pl_train(x, prm["epochs"], prm["lr"], prm["decay"])
    if algo == "capacity":

        def go():
            x = rng.choice([-1.0, 1.0], size=(prm["p"], prm["n"]))
            return capacity(x, prm["maxSweeps"])

        return go
    if algo == "dense-end-distance":
        lambdas = [float(v) for v in str(prm["lambdas"]).split(",")]
        return lambda: dense_end_distance(rng, prm["n"], prm["p"], lambdas, prm["trials"])
    raise ValueError(f"unknown algorithm {algo}")


def main():
    case = json.loads(sys.stdin.read())
    fn = run(case)
    times = []
    check = None
    for _ in range(case["reps"]):
        t0 = time.perf_counter()
        check = fn()
        times.append(time.perf_counter() - t0)
    times.sort()
    print(json.dumps({"ms": times[len(times) // 2] * 1e3, "check": check}))


if __name__ == "__main__":
    main()
