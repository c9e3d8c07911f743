#!/usr/bin/python3
"""NumPy timings for the sort benchmarks (same data and sizes as SortBenchmarks).

Usage: /usr/bin/python3 bench/numpy/sorting.py [repeats]
Prints best-of-N and median-of-N milliseconds per workload and size (np.sort and np.argsort: quicksort, one thread).
"""
import sys

import numpy as np
from timing import best_and_median

repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 5

print(f"numpy {np.__version__}, best / median of {repeats}")
print(f"{'workload':<28}{'N':>12}{'best ms':>10}{'median ms':>11}")
for n in (1_000_000, 10_000_000):
    a = np.random.default_rng(42).standard_normal(n)
    i4 = (a * 1000.0).astype(np.int32)
    work = {
        "sort": lambda: np.sort(a),
        "argsort": lambda: np.argsort(a),
        "argsort(kind=stable)": lambda: np.argsort(a, kind="stable"),
        "sort(i4)": lambda: np.sort(i4),
    }
    for name, f in work.items():
        t, med = best_and_median(f, repeats)
        print(f"{name:<28}{n:>12}{t * 1e3:>10.2f}{med * 1e3:>11.2f}")
