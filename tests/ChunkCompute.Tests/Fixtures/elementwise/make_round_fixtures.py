"""Writes round.json: NumPy 1.24 results of np.round(x, decimals) for RoundDecimalsTests.

Run with Debian's python3-numpy:  /usr/bin/python3 make_round_fixtures.py
Values are stored as raw bit patterns (unsigned integers) so that -0.0, NaN and subnormals survive exactly.
"""
import json
import warnings

import numpy as np

warnings.simplefilter("ignore")
np.seterr(all="ignore")
UINT = {1: np.uint8, 2: np.uint16, 4: np.uint32, 8: np.uint64}


def bits(a):
    a = np.ascontiguousarray(a)
    return [int(v) for v in a.view(UINT[a.dtype.itemsize]).ravel()]


FLOATS = [0.0, -0.0, 0.5, 1.5, 2.5, -2.5, 2.675, 0.125, 1.25, -1.35, 0.285, 1.005, 1234.5, 1250.0, 1350.0, -1450.0,
          123456.789, 5e-324, 1e-300, 1e300, -7.77777, 65504.0, np.inf, -np.inf, np.nan]
INTS = {
    "int64": [0, 5, -5, 15, 25, -25, 1234, -1250, 1350, 2**62 + 12345, -(2**62), 2**63 - 1],
    "int32": [0, 5, -5, 15, 25, -25, 1234, -1250, 1350, 2**31 - 1, -(2**31)],
    "int8": [0, 5, -5, 15, 25, -25, 125, -125, 127, -128],
    "uint8": [0, 5, 15, 25, 125, 250, 255],
}
DECIMALS = [-3, -2, -1, 1, 2, 3, 5, 10]

cases = []
for dt in ["float64", "float32", "float16"]:
    x = np.array(FLOATS, dtype=dt)
    for d in DECIMALS:
        r = np.round(x, d)
        cases.append({"dtype": dt, "decimals": d, "x": bits(x), "out": r.dtype.name, "expected": bits(r)})
for dt, vals in INTS.items():
    x = np.array(vals, dtype=dt)
    for d in DECIMALS:
        r = np.round(x, d)
        cases.append({"dtype": dt, "decimals": d, "x": bits(x), "out": r.dtype.name, "expected": bits(r)})
json.dump({"numpy": np.__version__, "cases": cases}, open("round.json", "w"), separators=(",", ":"))
print(len(cases), "cases")
