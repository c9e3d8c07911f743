"""NumPy side of the elementwise benchmarks (bench/ChunkCompute.Bench/Kernels/Elementwise/ElementwiseBenchmarks.cs).

Same workloads, sizes and value ranges; output allocated by the call; median of several runs after one warm-up.
Run: /usr/bin/python3 bench/numpy/elementwise.py [repeats]
GB/s counts the bytes each workload must move at least (inputs read + output written, 8 bytes per element).
"""
import sys
import time

import numpy as np

REPEATS = int(sys.argv[1]) if len(sys.argv) > 1 else 7


def bench(fn):
    fn()  # warm-up: also faults in the allocator's pages
    times = []
    for _ in range(REPEATS):
        t = time.perf_counter()
        r = fn()
        times.append(time.perf_counter() - t)
        del r
    return float(np.median(times))


print(f"numpy {np.__version__}, median of {REPEATS} runs")
print(f"{'workload':<22}{'n':>12}{'ms':>10}{'GB/s':>8}")
for n in (1_000_000, 50_000_000):
    rng = np.random.default_rng(42)
    a = rng.uniform(-5, 5, n)
    b = rng.uniform(-5, 5, n)
    c = rng.uniform(-5, 5, n)
    s = rng.uniform(-100, 100, n)
    a32 = a.astype(np.float32)
    i32 = (a * 1e6).astype(np.int32)
    pos = np.abs(a) + 1e-3
    pos32 = pos.astype(np.float32)
    dst = np.empty(n)
    acc = np.zeros(n)
    work = [
        ("acc += b", lambda: np.add(acc, b, out=acc), 3),  # what `acc += b` runs
        ("a*b+c", lambda: a * b + c, 4),
        ("exp(a)", lambda: np.exp(a), 2),
        ("tanh(a)", lambda: np.tanh(a), 2),
        ("tanh(a) float32", lambda: np.tanh(a32), 1),
        ("tan(a)", lambda: np.tan(a), 2),
        ("tan(a) float32", lambda: np.tan(a32), 1),
        ("log(|a|+1e-3)", lambda: np.log(pos), 2),
        ("log2(|a|+1e-3)", lambda: np.log2(pos), 2),
        ("log10(|a|+1e-3)", lambda: np.log10(pos), 2),
        ("log2(pos32) float32", lambda: np.log2(pos32), 1),
        ("log10(pos32) float32", lambda: np.log10(pos32), 1),
        ("i32 // 7", lambda: i32 // 7, 1),
        ("i32 % 7", lambda: i32 % 7, 1),
        ("a ** 2", lambda: a ** 2, 2),
        ("np.power(a, 2.0)", lambda: np.power(a, 2.0), 2),
        ("pos ** 1.5", lambda: pos ** 1.5, 2),
        ("pos32 ** 1.5 float32", lambda: pos32 ** np.float32(1.5), 1),
        ("sqrt(a*a+b*b)", lambda: np.sqrt(a * a + b * b), 3),
        ("hypot(a,b)", lambda: np.hypot(a, b), 3),
        ("sin(s)", lambda: np.sin(s), 2),
        ("copy (np.copyto)", lambda: np.copyto(dst, a), 2),
    ]
    for name, fn, arrays in work:
        t = bench(fn)
        print(f"{name:<22}{n:>12}{t * 1e3:>10.2f}{arrays * 8 * n / t / 1e9:>8.1f}")
    del a, b, c, s, dst, acc, a32, i32, pos, pos32

# sin/tan beyond the vector reductions (LargeArgumentTrigBenchmarks): 1M values uniform in [1e6, 1e9].
big = np.random.default_rng(42).uniform(1e6, 1e9, 1_000_000)
for name, fn in (("sin(large)", lambda: np.sin(big)), ("tan(large)", lambda: np.tan(big))):
    t = bench(fn)
    print(f"{name:<22}{big.size:>12}{t * 1e3:>10.2f}{2 * 8 * big.size / t / 1e9:>8.1f}")
