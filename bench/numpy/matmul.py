#!/usr/bin/python3
"""NumPy timings for MatMulBenchmarks: square float64 ``a @ b`` (n = 256, 512, 777, 1024) and float32.

Usage: /usr/bin/python3 bench/numpy/matmul.py [repeats]
Prints the BLAS NumPy is linked against, then best / median milliseconds and GFLOP/s (2 n^3 / best time).
Debian's python3-numpy links the reference BLAS (libblas3, netlib) unless an optimised one (OpenBLAS, BLIS) is
installed as the libblas.so.3 alternative: the line "libblas.so.3 ->" says which file is loaded.
"""
import os
import sys

import numpy as np
from timing import best_and_median

repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 5


def best(f):
    return best_and_median(f, repeats)


blas = "/usr/lib/x86_64-linux-gnu/libblas.so.3"
print(f"numpy {np.__version__}; libblas.so.3 -> {os.path.realpath(blas) if os.path.exists(blas) else 'absent'}")
print(f"best / median of {repeats}")
print(f"{'dtype':<9}{'n':>6}{'best ms':>11}{'median ms':>11}{'GFLOP/s':>9}")
for dtype in (np.float64, np.float32):
    for n in (256, 512, 777, 1024):
        rng = np.random.default_rng(1)
        a = rng.standard_normal((n, n)).astype(dtype)
        b = rng.standard_normal((n, n)).astype(dtype)
        t, med = best(lambda: a @ b)
        print(f"{np.dtype(dtype).name:<9}{n:>6}{t * 1e3:>11.2f}{med * 1e3:>11.2f}{2 * n**3 / t / 1e9:>9.2f}")
