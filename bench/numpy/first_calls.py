#!/usr/bin/python3
"""NumPy side of FirstCallBenchmarks: the first 12 calls of one operation in a fresh interpreter, 3 launches.

Usage: /usr/bin/python3 bench/numpy/first_calls.py
Prints, per workload, the mean and median of the 36 calls (ms), as BenchmarkDotNet's cold-start job reports them.
Same data as the C# class: 1,000,000 float32 in [-2, 2] (log: their absolute values), float64, int32, 10M uint8,
a 1000 x 1000 float64 matrix.
"""
import statistics
import subprocess
import sys

WORK = {
    "SinFloat32": "np.sin(f)",
    "SinFloat64": "np.sin(d)",
    "LogFloat32": "np.log(pos)",
    "TanFloat32": "np.tan(f)",
    "AddExpressionFloat32": "f + g",
    "AddNamedFloat32": "np.add(f, g)",
    "GreaterFloat32": "f > g",
    "IsNaNFloat32": "np.isnan(f)",
    "FloorDivideInt32": "i // 7",
    "MaxUInt8": "u8.max()",
    "SumAxis0": "m.sum(axis=0)",
}

CHILD = """
import time, numpy as np
rng = np.random.default_rng(42)
f = rng.uniform(-2, 2, 1_000_000).astype(np.float32)
g = rng.uniform(-2, 2, 1_000_000).astype(np.float32)
pos = np.abs(f)
d = rng.uniform(-2, 2, 1_000_000)
i = rng.integers(-2**31, 2**31 - 1, 1_000_000, dtype=np.int32)
u8 = rng.integers(0, 256, 10_000_000, dtype=np.uint8)
m = rng.standard_normal((1000, 1000))
for _ in range(12):
    s = time.perf_counter(); r = {expr}; e = time.perf_counter()
    print((e - s) * 1e3)
"""

print(f"{'workload':<24}{'mean ms':>10}{'median ms':>11}")
for name, expr in WORK.items():
    times = []
    for _ in range(3):
        out = subprocess.run([sys.executable, "-c", CHILD.format(expr=expr)], capture_output=True, text=True, check=True).stdout
        times += [float(x) for x in out.split()]
    print(f"{name:<24}{statistics.mean(times):>10.3f}{statistics.median(times):>11.3f}")
