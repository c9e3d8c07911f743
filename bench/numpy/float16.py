"""NumPy side of the float16 benchmarks (bench/ChunkCompute.Bench/Kernels/Elementwise/Float16Benchmarks.cs).

Same workloads, sizes and value ranges; output allocated by the call; median of several runs after one warm-up.
Run: /usr/bin/python3 bench/numpy/float16.py [repeats]
GB/s counts the bytes each workload must move at least (inputs read + output written, 2 bytes per element).
"""
import sys

import numpy as np

from timing import best_and_median

REPEATS = int(sys.argv[1]) if len(sys.argv) > 1 else 7


def bench(fn):
    return best_and_median(fn, REPEATS)[1]  # the median, after one warm-up call


print(f"numpy {np.__version__}, median of {REPEATS} runs")
print(f"{'workload':<22}{'n':>12}{'ms':>10}{'GB/s':>8}")
for n in (1_000_000, 50_000_000):
    rng = np.random.default_rng(42)
    a = rng.uniform(-5, 5, n).astype(np.float16)
    b = rng.uniform(-5, 5, n).astype(np.float16)
    s = rng.uniform(-100, 100, n).astype(np.float16)
    pos = (np.abs(a.astype(np.float64)) + 1e-3).astype(np.float16)
    e = np.float16(1.5)
    a32 = a.astype(np.float32)
    work = [
        ("exp(a)", lambda: np.exp(a), 2),
        ("log(pos)", lambda: np.log(pos), 2),
        ("log2(pos)", lambda: np.log2(pos), 2),
        ("sin(s)", lambda: np.sin(s), 2),
        ("tanh(a)", lambda: np.tanh(a), 2),
        ("sqrt(pos)", lambda: np.sqrt(pos), 2),
        ("abs(a)", lambda: np.abs(a), 2),
        ("negative(a)", lambda: np.negative(a), 2),
        ("sign(a)", lambda: np.sign(a), 2),
        ("a.astype(float32)", lambda: a.astype(np.float32), 3),
        ("a32.astype(float16)", lambda: a32.astype(np.float16), 3),
        ("a + b", lambda: a + b, 3),
        ("a * b", lambda: a * b, 3),
        ("a / b", lambda: a / b, 3),
        ("pos ** 1.5", lambda: pos ** e, 2),
    ]
    with np.errstate(all="ignore"):
        for name, fn, arrays in work:
            sec = bench(fn)
            print(f"{name:<22}{n:>12,}{sec * 1e3:>10.3f}{arrays * 2 * n / sec / 1e9:>8.2f}")
