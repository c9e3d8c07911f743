"""Writes ufuncs.json: NumPy 1.24 results of elementwise ops on edge-case inputs, for ElementwiseNumPyFixtureTests.

Run with Debian's python3-numpy:  /usr/bin/python3 make_fixtures.py
Values are stored as raw bit patterns (unsigned integers) so that -0.0, NaN and subnormals survive exactly.
"""
import json
import numpy as np

np.seterr(all="ignore")
UINT = {1: np.uint8, 2: np.uint16, 4: np.uint32, 8: np.uint64}


def bits(a):
    a = np.ascontiguousarray(a)
    if a.dtype == np.bool_:
        return [int(v) for v in a.astype(np.uint8)]
    return [int(v) for v in a.view(UINT[a.dtype.itemsize]).ravel()]


FLOAT_EDGES = [0.0, -0.0, 1.0, -1.0, 2.5, -2.5, 0.5, 3.0, -7.0, 1e300, -1e-300, 5e-324, np.inf, -np.inf, np.nan, 100.25]
INT_EDGES = {
    "int64": [0, 1, -1, 7, -7, 3, -3, 2, np.iinfo(np.int64).min, np.iinfo(np.int64).max],
    "int32": [0, 1, -1, 7, -7, 3, -3, 2, np.iinfo(np.int32).min, np.iinfo(np.int32).max],
    "int8": [0, 1, -1, 7, -7, 3, -3, 2, -128, 127],
    "uint8": [0, 1, 7, 3, 2, 255, 254, 128],
    "uint64": [0, 1, 7, 3, 2, 2**64 - 1, 2**63],
    "int16": [0, 1, -1, 7, -7, 3, -3, 2, -32768, 32767],
    "uint32": [0, 1, 7, 3, 2, 2**32 - 1, 2**31],
    "uint16": [0, 1, 7, 3, 2, 65535, 32768],
    "bool": [False, True],
}


def edges(dt):
    if dt in ("float64", "float32", "float16"):
        return np.array(FLOAT_EDGES, dtype=dt)
    return np.array(INT_EDGES[dt], dtype=dt)


cases = []
BINARY = ["add", "subtract", "multiply", "divide", "floor_divide", "remainder", "power", "maximum", "minimum",
          "equal", "not_equal", "less", "less_equal", "greater", "greater_equal", "logical_and", "logical_or",
          "logical_xor", "bitwise_and", "bitwise_or", "bitwise_xor", "hypot"]
UNARY = ["negative", "absolute", "sign", "sqrt", "exp", "log", "log2", "log10", "sin", "cos", "tan", "tanh", "floor",
         "ceil", "round", "isnan", "isfinite", "invert", "logical_not"]
DTYPES = ["float64", "float32", "float16", "int64", "int32", "int16", "int8", "uint64", "uint32", "uint16", "uint8", "bool"]
for name in BINARY:
    for dt in DTYPES:
        e = edges(dt)
        x, y = np.meshgrid(e, e, indexing="ij")
        x, y = x.ravel(), y.ravel()
        if name == "power" and dt.startswith("int"):
            y = np.abs(y) % 5  # negative integer powers raise
        try:
            r = getattr(np, name)(x, y)
        except TypeError:
            cases.append({"op": name, "dtype": dt, "error": True})
            continue
        cases.append({"op": name, "dtype": dt, "x": bits(x), "y": bits(y), "out": r.dtype.name, "expected": bits(r)})
for name in UNARY:
    for dt in DTYPES:
        x = edges(dt)
        fn = np.round if name == "round" else getattr(np, name)
        try:
            r = fn(x)
        except TypeError:
            cases.append({"op": name, "dtype": dt, "error": True})
            continue
        cases.append({"op": name, "dtype": dt, "x": bits(x), "out": r.dtype.name, "expected": bits(r)})

names = ["float64", "float32", "float16", "int64", "int32", "int16", "int8", "uint64", "uint32", "uint16", "uint8", "bool"]
promote = [[np.promote_types(a, b).name for b in names] for a in names]
weak = []
for dt in names:
    for v in [1, -1, 1000, -1000, 70000, 2**40, 2**63, 9250000000000000000, 1.5, 1e10, 1e300, -3.0, 64999.5, 65000.5, -65000.5, 3.39e38, 3.4e38]:
        weak.append({"dtype": dt, "value": v, "pyfloat": isinstance(v, float), "out": (np.ones(2, dt) + v).dtype.name})
# floor_divide, remainder and power with a Python scalar (NumPy 1.24 resolves these by loop search): result dtype
# for array-op-scalar and scalar-op-array, where both succeed.
weak_ops = []
with np.errstate(all="ignore"):
    for op in ["floor_divide", "remainder", "power"]:
        for dt in names:
            for v in [1, -1, 2, 100, 300, -300, 1000, 70000, 2**31, 2**40, 2**63, 1.5, -2.5, 1e10]:
                try:
                    left = getattr(np, op)(np.ones(2, dt), v).dtype.name
                    right = getattr(np, op)(v, np.ones(2, dt)).dtype.name
                except (TypeError, ValueError):
                    continue
                weak_ops.append({"op": op, "dtype": dt, "value": v, "pyfloat": isinstance(v, float), "left": left, "right": right})
same_kind = [[bool(np.can_cast(a, b, "same_kind")) for b in names] for a in names]
# np.result_type of three arrays (sequence promotion, not a left fold), for every triple.
hypot_types = [[np.hypot(np.ones(1, a), np.ones(1, b)).dtype.name for b in names] for a in names]
promote3 = [[[np.result_type(np.empty(1, a), np.empty(1, b), np.empty(1, c)).name for c in names] for b in names] for a in names]
json.dump({"numpy": np.__version__, "cases": cases, "promote": {"names": names, "table": promote}, "weak": weak,
           "same_kind": {"names": names, "table": same_kind}, "promote3": promote3, "hypot_types": hypot_types, "weak_ops": weak_ops},
          open("ufuncs.json", "w"), separators=(",", ":"))
print(len(cases), "cases")
