"""NumPy implementations of the end-to-end benchmark rows (bench/e2e.ts runs this in the same session).

Reads one JSON case on stdin: {"name", "algo", "params", "reps"}; prints {"ms": median milliseconds,
"check": a number from the result, for a sanity comparison} on stdout. With "serve": true in the case (one JSON
line), it prints {"ready": true} once the data are made, then times one repetition for each line "run" it reads
and prints {"ms", "check"} for it, so that the caller can alternate NumPy's repetitions with its own. Each algorithm is the direct NumPy
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
- phase-diagram: per load and trial, Hebbian couplings of round(alpha N) random patterns, one pattern with
  round(flip N) spins flipped as the start, then Metropolis (N random-site proposals per sweep, flip when
  dE <= 0 or u < exp(-beta dE), fields updated by a coupling column) at every temperature; the chains of the
  ten temperatures advance together (one vectorized proposal per chain per step), the final |m| averaged.
- spin-glass-pt: 2D Edwards-Anderson, L x L open lattice, Gaussian bonds, replicas on the geometric ladder;
  Metropolis sweeps in checkerboard order (the two sublattices are independent, so each half-sweep is one
  vectorized update of every replica), then exchanges of neighbouring temperatures on alternating pairs; the
  mean energy per spin of the kept samples at the lowest temperature.
- synaptic: N_h orthogonal memories of squared norm N_v (QR of a Gaussian matrix), noisy targets, then per step
  a uniformly drawn target clamped, softmax weights w = softmax(beta Xi v), Xi += (w / tau) (v - Xi), and the
  cosine similarity of every row to its target with the theory of Eq. 40 (the maximal deviation tracked), rows
  kept every `every` steps; the mean final similarity.
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


def phase_diagram(rng, prm):
    n = prm["n"]
    alphas = np.round(np.arange(1, 11) * 0.02, 10)
    temps = np.round(np.arange(1, 11) * 0.15, 10)
    betas = 1.0 / temps
    nt = len(temps)
    chains = np.arange(nt)
    means = []
    for a in alphas:
        p = max(1, int(round(a * n)))
        acc = np.zeros(nt)
        for _ in range(prm["trials"]):
            x = rng.choice([-1.0, 1.0], size=(p, n))
            j = (x.T @ x) / n
            np.fill_diagonal(j, 0.0)
            target = x[rng.integers(p)]
            s0 = target.copy()
            s0[rng.choice(n, int(round(prm["flip"] * n)), replace=False)] *= -1.0
            s = np.tile(s0, (nt, 1))
            h = s @ j
            steps = prm["sweeps"] * n
            ks = rng.integers(n, size=(steps, nt))
            us = rng.random((steps, nt))
            for t in range(steps):
                k = ks[t]
                sk = s[chains, k]
                de = 2.0 * sk * h[chains, k]
                with np.errstate(over="ignore"):
                    flip = (de <= 0) | (us[t] < np.exp(-betas * de))
                if flip.any():
                    c = chains[flip]
                    kk = k[flip]
                    s[c, kk] = -sk[flip]
                    h[c] -= (2.0 * sk[flip])[:, None] * j[kk]
            acc += np.abs(s @ target) / n
        means.append(acc / prm["trials"])
    return float(np.mean(means))


def spin_glass_pt(rng, prm):
    l, r = prm["l"], prm["replicas"]
    temps = prm["tMin"] * (prm["tMax"] / prm["tMin"]) ** (np.arange(r) / (r - 1))
    betas = 1.0 / temps
    jr = rng.standard_normal((l, l - 1))
    jd = rng.standard_normal((l - 1, l))
    s = rng.choice([-1.0, 1.0], size=(r, l, l))
    even = (np.add.outer(np.arange(l), np.arange(l)) % 2) == 0
    b = betas[:, None, None]

    def field(s):
        h = np.zeros_like(s)
        h[:, :, :-1] += jr * s[:, :, 1:]
        h[:, :, 1:] += jr * s[:, :, :-1]
        h[:, :-1, :] += jd * s[:, 1:, :]
        h[:, 1:, :] += jd * s[:, :-1, :]
        return h

    def energy(s):
        return -((jr * s[:, :, :-1] * s[:, :, 1:]).sum(axis=(1, 2)) + (jd * s[:, :-1, :] * s[:, 1:, :]).sum(axis=(1, 2)))

    parity = 0
    kept = []
    total = prm["burnIn"] + prm["samples"] * prm["thin"]
    for t in range(total):
        for color in (even, ~even):
            de = 2.0 * s * field(s)
            with np.errstate(over="ignore"):
                flip = ((de <= 0) | (rng.random(s.shape) < np.exp(-b * de))) & color
            s = np.where(flip, -s, s)
        e = energy(s)
        for k in range(parity, r - 1, 2):
            x = (betas[k] - betas[k + 1]) * (e[k] - e[k + 1])
            if x >= 0 or rng.random() < np.exp(x):
                s[[k, k + 1]] = s[[k + 1, k]]
                e[[k, k + 1]] = e[[k + 1, k]]
        parity ^= 1
        if t >= prm["burnIn"] and (t - prm["burnIn"] + 1) % prm["thin"] == 0:
            kept.append(e[0])
    return float(np.mean(kept)) / (l * l)


def synaptic(rng, prm):
    nv, nh, steps, tau, beta = prm["nv"], prm["nh"], prm["steps"], prm["tau"], prm["beta"]
    q, _ = np.linalg.qr(rng.standard_normal((nv, nh)))
    xi0 = q.T * np.sqrt(nv)
    obs = xi0 + prm["noise"] * rng.standard_normal((nh, nv))
    obs_norm = np.linalg.norm(obs, axis=1)
    alpha0 = (xi0 * obs).sum(axis=1) / (np.linalg.norm(xi0, axis=1) * obs_norm)
    tau_mu = tau * nh  # uniform clamping probabilities 1/N_h
    xi = xi0.copy()
    clamp = rng.integers(nh, size=steps)
    rows = []
    max_dev = 0.0
    sim = alpha0
    for t in range(1, steps + 1):
        v = obs[clamp[t - 1]]
        a = beta * (xi @ v)
        w = np.exp(a - a.max())
        w /= w.sum()
        xi += (w / tau)[:, None] * (v - xi)
        sim = (xi * obs).sum(axis=1) / (np.linalg.norm(xi, axis=1) * obs_norm)
        e = np.exp(-t / tau_mu)
        theory = (e * alpha0 + 1 - e) / np.sqrt(e * e + (1 - e) ** 2 + 2 * e * (1 - e) * alpha0)
        max_dev = max(max_dev, float(np.abs(sim - theory).max()))
        if t % prm["every"] == 0 or t == steps:
            rows.append(sim.copy())
    return float(np.mean(sim)) + 0 * max_dev


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
    if algo == "phase-diagram":
        return lambda: phase_diagram(rng, prm)
    if algo == "spin-glass-pt":
        return lambda: spin_glass_pt(rng, prm)
    if algo == "synaptic":
        return lambda: synaptic(rng, prm)
    raise ValueError(f"unknown algorithm {algo}")


def timed(fn):
    t0 = time.perf_counter()
    check = fn()
    return (time.perf_counter() - t0) * 1e3, check


def serve(fn):
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        if line.strip() != "run":
            break
        ms, check = timed(fn)
        print(json.dumps({"ms": ms, "check": check}), flush=True)


def main():
    case = json.loads(sys.stdin.readline())  # one line: JSON.stringify writes no newline
    fn = run(case)
    if case.get("serve"):
        serve(fn)
        return
    times = []
    check = None
    for _ in range(case["reps"]):
        ms, check = timed(fn)
        times.append(ms)
    times.sort()
    print(json.dumps({"ms": times[len(times) // 2], "check": check}))


if __name__ == "__main__":
    main()
