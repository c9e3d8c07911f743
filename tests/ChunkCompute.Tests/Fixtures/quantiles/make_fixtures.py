#!/usr/bin/python3
"""Writes quantiles.json: NumPy 1.24 quantiles/percentiles with several q at once, for QuantileNumPyTests.

Covers the five methods on float64, float32, float16, int64, int32, int8, uint8 and bool inputs (whole array and
along an axis, with and without keepdims), q given as a list (result shape (len(q),) + reduced shape), ties, NaN
and +-inf. Floats are stored as float64 bit patterns (signed 64-bit integers) so NaN, +-inf and -0.0 round-trip;
integers as decimal strings.
Usage: /usr/bin/python3 make_fixtures.py   (writes quantiles.json next to this script)
"""
import json
import os
import sys
import warnings

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from fixture_json import bits, enc  # noqa: E402  (shared with the other generators)

warnings.simplefilter("ignore")


rng = np.random.default_rng(2024)
METHODS = ["linear", "lower", "higher", "nearest", "midpoint"]
QS = [0.0, 0.05, 0.1, 0.25, 1 / 3, 0.5, 0.5, 0.7, 0.9, 0.999, 1.0]  # unsorted duplicates too: see below
QS_UNSORTED = [0.9, 0.1, 0.5, 0.1, 1.0, 0.0, 0.37]

data = {
    "f8_random": rng.standard_normal(101),
    "f8_ties": rng.integers(0, 5, 40).astype(np.float64),
    "f8_inf": np.array([1.0, np.inf, -np.inf, 2.0, 3.0, np.inf]),
    "f8_nan": np.array([1.0, 2.0, np.nan, 4.0]),
    "f8_single": np.array([2.5]),
    "f4_random": rng.standard_normal(77).astype(np.float32),
    "f2_random": rng.standard_normal(33).astype(np.float16),
    "i8_big": np.array([2**62, -(2**61), 2**53 + 1, 7, -3, 2**60 + 12345], dtype=np.int64),
    "i4": rng.integers(-1000, 1000, 50).astype(np.int32),
    "i8_small": rng.integers(-50, 50, 21).astype(np.int8),
    "u1": rng.integers(0, 256, 30).astype(np.uint8),
    "bool": rng.integers(0, 2, 9).astype(np.bool_),
}

cases = []


def add(name, fn, a, q, **kw):
    try:
        r = fn(a, q, **kw)
    except (TypeError, ValueError, IndexError) as ex:
        cases.append({"name": name, "fn": fn.__name__, "input": enc(a), "q": [bits(v) for v in np.atleast_1d(q)],
                      "scalar": np.ndim(q) == 0, "args": kw, "error": type(ex).__name__})
        return
    cases.append({"name": name, "fn": fn.__name__, "input": enc(a), "q": [bits(v) for v in np.atleast_1d(q)],
                  "scalar": np.ndim(q) == 0, "args": kw, "expected": enc(r)})


for label, a in data.items():
    for m in METHODS:
        add(f"quantile.{label}.{m}.list", np.quantile, a, QS, method=m)
        add(f"quantile.{label}.{m}.unsorted", np.quantile, a, QS_UNSORTED, method=m)
        add(f"quantile.{label}.{m}.scalar", np.quantile, a, 0.37, method=m)
        add(f"percentile.{label}.{m}.list", np.percentile, a, [0, 12.5, 50, 87.5, 100], method=m)
    add(f"quantile.{label}.empty_q", np.quantile, a, [], method="linear")

m2 = rng.standard_normal((4, 7))
m2[2, 3] = np.nan
m3 = rng.integers(-9, 9, (3, 5, 4)).astype(np.int64)
m4 = rng.standard_normal((3, 6)).astype(np.float32)
for m in METHODS:
    for axis in [0, 1, -1]:
        add(f"quantile.axis{axis}.{m}", np.quantile, m2, [0.2, 0.5, 0.95], axis=axis, method=m)
        add(f"quantile.axis{axis}.{m}.keepdims", np.quantile, m2, [0.2, 0.5, 0.95], axis=axis, method=m, keepdims=True)
        add(f"quantile.f4.axis{axis}.{m}", np.quantile, m4, [0.25, 0.75], axis=axis, method=m)
    add(f"quantile.i8.axis1.{m}", np.quantile, m3, [0.0, 0.3, 0.6, 1.0], axis=1, method=m)
    add(f"percentile.i8.axis2.{m}.keepdims", np.percentile, m3, [10, 90], axis=2, method=m, keepdims=True)
    add(f"quantile.i8.axis0.{m}.scalar", np.quantile, m3, 0.4, axis=0, method=m)
    add(f"quantile.keepdims_all.{m}", np.quantile, m2, [0.5, 0.6], method=m, keepdims=True)

# Empty reductions: NumPy raises whenever the reduced length is 0.
add("quantile.empty", np.quantile, np.array([]), [0.5])
add("quantile.empty_0x0_axis0", np.quantile, np.zeros((0, 0)), 0.5, axis=0)
add("quantile.empty_3x0_axis1", np.quantile, np.zeros((3, 0)), 0.5, axis=1)
add("quantile.empty_out_0x3_axis1", np.quantile, np.zeros((0, 3)), [0.5, 0.7], axis=1)

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "quantiles.json")
with open(out, "w") as fh:
    json.dump({"numpy": np.__version__, "cases": cases}, fh, separators=(",", ":"))
print(f"wrote {len(cases)} cases to {out}")
