#!/usr/bin/python3
"""NumPy timings for the reduction benchmarks (same data sizes as ReductionBenchmarks).

Usage: /usr/bin/python3 bench/numpy/reductions.py [repeats]
Prints best-of-N milliseconds and GB/s (input bytes / time) per workload and size.
"""
import sys

import numpy as np
from timing import best_and_median

repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 7


def best(f):
    return best_and_median(f, repeats)


print(f"numpy {np.__version__}, best / median of {repeats}")
print(f"{'workload':<24}{'N':>12}{'best ms':>10}{'median ms':>11}{'GB/s':>8}")
for n in (1_000_000, 50_000_000):
    a = np.random.default_rng(42).standard_normal(n)
    b = np.empty_like(a)
    lo, hi = a.min(), a.max()
    f4 = a.astype(np.float32)
    i4 = (a * 1000.0).astype(np.int32)
    mask, none = a > 1.0, a > 100.0
    work = {
        "sum": lambda: a.sum(),
        "mean+std": lambda: (a.mean(), a.std()),
        "max": lambda: a.max(),
        "nanmax": lambda: np.nanmax(a),
        "max(i4)": lambda: i4.max(),
        "argmax": lambda: a.argmax(),
        "argmax(i4)": lambda: i4.argmax(),
        "count_nonzero(mask)": lambda: np.count_nonzero(mask),
        "any(none)": lambda: none.any(),
        "histogram(a,100)": lambda: np.histogram(a, 100),
        "histogram(a,100,range)": lambda: np.histogram(a, 100, range=(lo, hi)),
        "histogram(f4,100)": lambda: np.histogram(f4, 100),
        "copyto (baseline)": lambda: np.copyto(b, a),
    }
    for name, f in work.items():
        t, med = best(f)
        nbytes = f4.nbytes if "f4" in name else i4.nbytes if "i4" in name else mask.nbytes if "mask" in name or "none" in name else a.nbytes
        print(f"{name:<24}{n:>12}{t * 1e3:>10.2f}{med * 1e3:>11.2f}{nbytes / t / 1e9:>8.1f}")
