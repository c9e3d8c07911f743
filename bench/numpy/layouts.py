#!/usr/bin/python3
"""NumPy timings for LayoutBenchmarks (axis reductions, broadcasting, transposed and strided operands, cumsum).

Usage: /usr/bin/python3 bench/numpy/layouts.py [repeats]
Prints best-of-N and median milliseconds per workload, on a 5,000 x 10,000 float64 matrix (400 MB).
"""
import sys

import numpy as np
from timing import best_and_median

repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 5
rows, cols = 5_000, 10_000
m = np.random.default_rng(42).standard_normal((rows, cols))
s = np.random.default_rng(7).standard_normal((cols, rows))
row = np.random.default_rng(8).standard_normal(cols)
flat = m.reshape(-1)
m32 = m.astype(np.float32)
i32 = (m * 1000.0).astype(np.int32)
u8 = np.random.default_rng(9).integers(0, 256, (rows, cols), dtype=np.uint8)
mask = m > 0.0
# Warm the allocator as the benchmarks do (a first call in a fresh process pays page faults for its output).
_ = m - row
del _

work = {
    "sum(axis=0)": lambda: m.sum(axis=0),
    "sum(axis=0) float32": lambda: m32.sum(axis=0),
    "sum(axis=0) int32": lambda: i32.sum(axis=0),
    "sum(axis=0) uint8": lambda: u8.sum(axis=0),
    "sum(axis=0) bool": lambda: mask.sum(axis=0),
    "sum(axis=1)": lambda: m.sum(axis=1),
    "mean(axis=0)+std(axis=0)": lambda: (m.mean(axis=0), m.std(axis=0)),
    "max(axis=0)": lambda: m.max(axis=0),
    "m - row": lambda: m - row,
    "m + s.T": lambda: m + s.T,
    "flat[::2] * 2.0": lambda: flat[::2] * 2.0,
    "cumsum(axis=0)": lambda: np.cumsum(m, axis=0),
    "cumsum(flat)": lambda: np.cumsum(flat),
}
print(f"numpy {np.__version__}, {rows} x {cols} float64, best / median of {repeats}")
print(f"{'workload':<28}{'best ms':>10}{'median ms':>11}")
for name, f in work.items():
    t, med = best_and_median(f, repeats)
    print(f"{name:<28}{t * 1e3:>10.2f}{med * 1e3:>11.2f}")
