#!/usr/bin/python3
"""Python side of the ParallelMap seed benchmark (issue 4, bench/figures/parallel-map.md).

Times, over 50,000,000 float64 (400 MB) split with np.array_split(a, k) for k = 2, 8, 64:
  * multiprocessing.Pool(2).map(f, chunks)          -- pickles every chunk to the workers
  * concurrent.futures.ThreadPoolExecutor(2).map(f, chunks)
  * a sequential [f(c) for c in chunks] for reference
with f(c) = np.sin(c).sum(). Pools are created once, outside the timed region (warm pools, as the C# executors).
Reports the median (and min/max) of --repeats runs after one warm-up run, as a markdown table.

Usage: /usr/bin/python3 bench/numpy/parallel_map.py [--n 50000000] [--repeats 5] [--ks 2,8,64] [--json out.json]
"""
import argparse
import json
import multiprocessing
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np


def f(c):
    """The seed's per-chunk function (module level so Pool can pickle it by reference)."""
    return np.sin(c).sum()


def timed(fn, repeats):
    fn()  # warm-up
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), min(times), max(times)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--n", type=int, default=50_000_000)
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--ks", default="2,8,64")
    p.add_argument("--json", default=None)
    args = p.parse_args()

    a = np.random.default_rng(1).uniform(-10, 10, args.n)
    ks = [int(k) for k in args.ks.split(",")]
    rows = []
    with multiprocessing.Pool(2) as pool, ThreadPoolExecutor(2) as tpe:
        for k in ks:
            chunks = np.array_split(a, k)
            expected = sum(f(c) for c in chunks)
            got = sum(pool.map(f, chunks))
            assert abs(got - expected) <= 1e-6 * max(1.0, abs(expected)), (got, expected)
            for name, fn in (
                ("Pool(2).map", lambda: pool.map(f, chunks)),
                ("ThreadPoolExecutor(2).map", lambda: list(tpe.map(f, chunks))),
                ("sequential list comprehension", lambda: [f(c) for c in chunks]),
            ):
                med, lo, hi = timed(fn, args.repeats)
                rows.append({"k": k, "method": name, "median_ms": med * 1e3, "min_ms": lo * 1e3, "max_ms": hi * 1e3})
                print(f"k={k:3d} {name:32s} median {med*1e3:9.1f} ms  (min {lo*1e3:.1f}, max {hi*1e3:.1f}, {args.repeats} runs)",
                      flush=True)

    print()
    print(f"numpy {np.__version__}, python {sys.version.split()[0]}, n = {args.n:,}")
    print("| k | method | median ms | min ms | max ms |")
    print("|---:|---|---:|---:|---:|")
    for r in rows:
        print(f"| {r['k']} | {r['method']} | {r['median_ms']:.1f} | {r['min_ms']:.1f} | {r['max_ms']:.1f} |")
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(rows, fh, indent=1)


if __name__ == "__main__":
    main()
