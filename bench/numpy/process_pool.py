#!/usr/bin/python3
"""Python baseline for bench/ChunkCompute.Bench/Processes/ProcessPoolBenchmarks.cs.

Times multiprocessing.Pool(2).map(f, np.array_split(a, 64)) with f = sum(sin(chunk)) on 50,000,000 float64
(400 MB), the pool already started, best and median of N runs. Also times the same pattern with the array
np.load(mmap_mode="r")-ed (the chunks are still pickled). Usage: /usr/bin/python3 bench/numpy/process_pool.py [runs]
"""
import os
import statistics
import sys
import tempfile
import time
from multiprocessing import Pool

import numpy as np


def f(chunk):
    return np.sin(chunk).sum()


def bench(pool, a, k, runs):
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        total = sum(pool.map(f, np.array_split(a, k)))
        times.append(time.perf_counter() - t0)
    return min(times), statistics.median(times), total


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    n = 50_000_000
    a = np.random.default_rng(20241125).uniform(-10, 10, n)
    path = os.path.join(tempfile.gettempdir(), f"cc-bench-py-{os.getpid()}.npy")
    np.save(path, a)
    try:
        mapped = np.load(path, mmap_mode="r")
        t0 = time.perf_counter()
        pool = Pool(2)
        pool.map(abs, [1, 2])
        start = time.perf_counter() - t0
        with pool:
            for name, arr in (("in-memory", a), ("mmap_mode=r", mapped)):
                best, median, total = bench(pool, arr, 64, runs)
                print(f"Pool(2).map(sum(sin), array_split(a, 64)) {name}: best {best * 1e3:.0f} ms, median {median * 1e3:.0f} ms (n={runs}, sum={total:.6f})")
        print(f"Pool(2) start (first map of 2 tiny items): {start * 1e3:.0f} ms")
        t0 = time.perf_counter()
        ref = f(a)
        print(f"single-process np.sin(a).sum(): {(time.perf_counter() - t0) * 1e3:.0f} ms (sum={ref:.6f})")
    finally:
        os.remove(path)


if __name__ == "__main__":
    main()
