#!/usr/bin/python3
"""Expected `chunkcompute stats` values for the bundled datasets, computed independently by NumPy.

Run from the repository root:  /usr/bin/python3 tests/ChunkCompute.Cli.Tests/Fixtures/make_expected.py
Writes tests/ChunkCompute.Cli.Tests/Fixtures/expected_stats.json. NaN-aware (nansum, nanmean, nanstd with ddof=0,
nanmin, nanmax, nanpercentile with the default linear method), histogram of the non-NaN values with 20 bins over
(nanmin, nanmax) as np.histogram computes it; for the 2-D matrix also the statistics along axis 0 (per column).
"""
import glob
import json
import os

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
LEVELS = [1, 25, 50, 75, 99]
BINS = 20


def stats(a):
    a = np.asarray(a, dtype=np.float64).ravel()
    finite = a[~np.isnan(a)]
    lo, hi = float(np.nanmin(a)), float(np.nanmax(a))
    counts, edges = np.histogram(finite, bins=BINS, range=(lo, hi))
    return {
        "count": int(a.size),
        "nan_count": int(np.isnan(a).sum()),
        "sum": float(np.nansum(a)),
        "mean": float(np.nanmean(a)),
        "std": float(np.nanstd(a)),
        "min": lo,
        "max": hi,
        "percentiles": {str(q): float(v) for q, v in zip(LEVELS, np.nanpercentile(a, LEVELS))},
        "histogram_edges": [float(e) for e in edges],
        "histogram_counts": [int(c) for c in counts],
    }


out = {"numpy_version": np.__version__, "bins": BINS, "files": {}}
for path in sorted(glob.glob(os.path.join(ROOT, "data", "*.npy"))):
    a = np.load(path)
    entry = {"dtype": str(a.dtype), "shape": list(a.shape), "stats": stats(a)}
    if a.ndim == 2:
        entry["axis0"] = [stats(a[:, j]) for j in range(a.shape[1])]
        entry["axis1_first"] = stats(a[0, :])
    out["files"][os.path.basename(path)] = entry

target = os.path.join(os.path.dirname(os.path.abspath(__file__)), "expected_stats.json")
with open(target, "w") as f:
    json.dump(out, f, indent=1, sort_keys=True)
    f.write("\n")
print(f"wrote {target} for {len(out['files'])} files")
