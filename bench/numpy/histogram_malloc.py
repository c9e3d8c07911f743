#!/usr/bin/python3
"""np.histogram(a, 100) in the two states of glibc's allocator a NumPy process can be in.

Usage: /usr/bin/python3 bench/numpy/histogram_malloc.py [repeats]

np.histogram with equal bins works through the data in blocks of 65,536 values and allocates a few 512 KiB
temporaries per block. glibc serves requests above its mmap threshold (128 KiB at start) with fresh mmap'd pages
and returns them on free, so each block's temporaries are page-faulted in anew. glibc raises the threshold
(up to 32 MiB) the first time the process frees an mmap'd block larger than the threshold: after that the
temporaries come from the heap and fault nothing. Which state a user's script is in depends on what it did
before (freeing any 128 KiB..32 MiB array is enough; 400 MB arrays are above the cap and do not count).

Each state runs in its own interpreter: "fresh" generates the data and calls np.histogram; "warm" first frees
one 8 MB array. Prints best / median of `repeats` calls after one warm-up call, and the minor page faults per call.
reductions.py measures the warm state (its 1M round frees 8 MB temporaries before the 50M round).
"""
import subprocess
import sys

repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 5

CHILD = """
import resource, time, numpy as np
a = np.random.default_rng(42).standard_normal({n})
if {warm}:
    t = np.ones(1_000_000)  # 8 MB: mmap'd, and freeing it raises glibc's mmap threshold to 8 MB
    del t
np.histogram(a, 100)
ts, faults = [], []
for _ in range({repeats}):
    f0 = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    s = time.perf_counter(); np.histogram(a, 100); e = time.perf_counter()
    faults.append(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - f0)
    ts.append(e - s)
ts.sort()
print(ts[0] * 1e3, ts[len(ts) // 2] * 1e3, sorted(faults)[len(faults) // 2])
"""

print(f"numpy np.histogram(a, 100), standard normal float64, best / median of {repeats}, one interpreter per row")
print(f"{'state':<8}{'N':>12}{'best ms':>10}{'median ms':>11}{'faults/call':>13}")
for n in (1_000_000, 50_000_000):
    for state in ("fresh", "warm"):
        code = CHILD.format(n=n, warm=state == "warm", repeats=repeats)
        best, median, faults = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                              check=True).stdout.split()
        print(f"{state:<8}{n:>12}{float(best):>10.2f}{float(median):>11.2f}{int(float(faults)):>13}")
