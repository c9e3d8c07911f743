#!/usr/bin/python3
"""NumPy timings for the quantile benchmarks (same data sizes as QuantileBenchmarks).

Usage: /usr/bin/python3 bench/numpy/quantiles.py [repeats]
Prints best-of-N and median-of-N milliseconds and GB/s (input bytes / time) per workload and size.
np.median and np.percentile copy the input and partition the copy (introselect), single-threaded.
"""
import sys

import numpy as np
from timing import best_and_median

repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 7
LEVELS = [1, 25, 50, 75, 99]


def best(f):
    return best_and_median(f, repeats)


print(f"numpy {np.__version__}, best / median of {repeats}")
print(f"{'workload':<30}{'N':>12}{'best ms':>10}{'median ms':>11}{'GB/s':>8}")
for n in (1_000_000, 50_000_000):
    a = np.random.default_rng(42).standard_normal(n)
    b = np.empty_like(a)
    work = {
        "median": lambda: np.median(a),
        "percentile(a,[1,25,50,75,99])": lambda: np.percentile(a, LEVELS),
        "copyto (baseline)": lambda: np.copyto(b, a),
    }
    for name, f in work.items():
        t, med = best(f)
        print(f"{name:<30}{n:>12}{t * 1e3:>10.2f}{med * 1e3:>11.2f}{a.nbytes / t / 1e9:>8.1f}")
