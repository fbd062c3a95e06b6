"""NumPy timings for the kernel benchmarks (bench/run.ts runs this in the same session).

Reads a JSON list of cases on stdin: {"id", "kernel", "dims", "reps"}; prints a JSON object
{"numpy": version, "blas": info, "ms": {id: median milliseconds}} on stdout. Kernels mirror the TypeScript
ones: float64 products (gemm, gemv, gemvBatch = V @ A.T), the three-pass float32 softmax-attention step,
the float32 product of ±1 patterns with a ±1 query (no bit packing in NumPy), log-sum-exp, tanh and exp; gemvF32 is NumPy's float32 product (sgemv).
"""
import json
import sys
import time

try:
    import numpy as np
except Exception as e:  # noqa: BLE001
    print(json.dumps({"error": f"numpy unavailable: {e}"}))
    sys.exit(0)


def median_ms(fn, reps):
    fn()
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    times.sort()
    return times[len(times) // 2] * 1e3


def case_fn(kernel, d, rng):
    if kernel == "gemm":
        m, k, n = d
        a = rng.standard_normal((m, k))
        b = rng.standard_normal((k, n))
        return lambda: a @ b
    if kernel == "gemv":
        m, n = d
        a = rng.standard_normal((m, n))
        x = rng.standard_normal(n)
        return lambda: a @ x
    if kernel == "gemvF32":
        m, n = d
        a = rng.standard_normal((m, n)).astype(np.float32)
        x = rng.standard_normal(n).astype(np.float32)
        return lambda: a @ x
    if kernel == "gemvBatch":
        m, n, k = d
        a = rng.standard_normal((m, n))
        v = rng.standard_normal((k, n))
        return lambda: v @ a.T
    if kernel == "attention":
        p, n = d
        xi = np.sign(rng.standard_normal((p, n))).astype(np.float32)
        x = rng.standard_normal(n).astype(np.float32)

        def att():
            s = 0.1 * (xi @ x)
            e = np.exp(s - s.max())
            return xi.T @ (e / e.sum())

        return att
    if kernel == "pmOverlaps":
        p, n = d
        xs = np.sign(rng.standard_normal((p, n))).astype(np.float32)
        q = xs[0].copy()
        return lambda: xs @ q
    if kernel == "logSumExp":
        (n,) = d
        x = rng.standard_normal(n) * 10

        def lse():
            m = x.max()
            return m + np.log(np.exp(x - m).sum())

        return lse
    if kernel == "tanh":
        (n,) = d
        x = rng.standard_normal(n)
        out = np.empty_like(x)
        return lambda: np.tanh(x, out=out)
    if kernel == "exp":
        (n,) = d
        x = rng.standard_normal(n)
        out = np.empty_like(x)
        return lambda: np.exp(x, out=out)
    raise ValueError(kernel)


def main():
    cases = json.load(sys.stdin)
    rng = np.random.default_rng(1)
    ms = {}
    for c in cases:
        fn = case_fn(c["kernel"], c["dims"], rng)
        ms[c["id"]] = median_ms(fn, c["reps"])
    try:
        cfg = np.show_config(mode="dicts")
        blas = cfg["Build Dependencies"]["blas"]
        blas_info = f'{blas.get("name")} {blas.get("version")}'
    except Exception:  # noqa: BLE001
        blas_info = "unknown"
    print(json.dumps({"numpy": np.__version__, "blas": blas_info, "ms": ms}))


main()
