"""Shared timing helper of the NumPy comparison scripts (imported from the script's own directory)."""
import time


def best_and_median(f, repeats):
    """Runs f once to warm up, then `repeats` times; returns (best, median) wall-clock seconds."""
    f()
    ts = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        f()
        ts.append(time.perf_counter() - t0)
    return min(ts), sorted(ts)[len(ts) // 2]
