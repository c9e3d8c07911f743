#!/usr/bin/python3
"""Writes NumPy-produced expected values for the reduction tests (run with /usr/bin/python3, numpy 1.24).

Every float is stored as its IEEE-754 float64 bit pattern (a signed 64-bit integer) so NaN, +-inf and -0.0
round-trip exactly; integers are stored as decimal strings (uint64 does not fit a JSON double).
Usage: /usr/bin/python3 make_fixtures.py   (writes reductions.json next to this script)
"""
import json
import os
import sys
import warnings

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from fixture_json import bits, enc  # noqa: E402  (shared with the other generators)

warnings.simplefilter("ignore")


cases = []


def case(name, op, data, result, **kw):
    cases.append({"name": name, "op": op, "input": enc(data), "args": kw, "expected": enc(result)})


def err(name, op, data, **kw):
    cases.append({"name": name, "op": op, "input": enc(data), "args": kw, "expected": None})


nan, inf = np.nan, np.inf
rng = np.random.default_rng(12345)

# ---- whole-array reductions with special values
specials = {
    "plain": np.array([1.5, -2.25, 3.0, 4.75, -0.5]),
    "nan": np.array([1.0, nan, 3.0, -2.0]),
    "nan_first": np.array([nan, 5.0, nan, -1.0]),
    "inf": np.array([1.0, inf, 3.0]),
    "inf_minus_inf": np.array([inf, -inf, 1.0]),
    "neg_zero": np.array([-0.0, -0.0]),
    "all_nan": np.array([nan, nan]),
    "single": np.array([7.25]),
    "ties": np.array([3.0, 1.0, 3.0, 1.0]),
}
for label, a in specials.items():
    for op in ["sum", "prod", "mean", "var", "std", "min", "max", "argmin", "argmax",
               "nansum", "nanmean", "nanvar", "nanstd", "nanmin", "nanmax", "any", "all", "count_nonzero"]:
        f = getattr(np, op)
        case(f"{op}.{label}", op, a, f(a))

empty = np.array([], dtype=np.float64)
for op in ["sum", "prod", "mean", "var", "nansum", "any", "all", "count_nonzero"]:
    case(f"{op}.empty", op, empty, getattr(np, op)(empty))
for op in ["min", "max", "argmin", "argmax"]:
    err(f"{op}.empty", op, empty)

# empty along an axis
e2 = np.zeros((0, 3))
case("sum.empty_axis0", "sum", e2, np.sum(e2, axis=0), axis=0)
case("mean.empty_axis0", "mean", e2, np.mean(e2, axis=0), axis=0)
case("sum.empty_axis1", "sum", e2, np.sum(e2, axis=1), axis=1)

# ---- integer semantics: 64-bit accumulation and wrap-around
i32 = np.array([2**31 - 1, 1, 2**31 - 1], dtype=np.int32)
case("sum.int32_widen", "sum", i32, np.sum(i32))
i64 = np.array([2**63 - 1, 1, 5], dtype=np.int64)
case("sum.int64_wrap", "sum", i64, np.sum(i64))
u8 = np.array([250, 10, 255], dtype=np.uint8)
case("sum.uint8_to_uint64", "sum", u8, np.sum(u8))
u64 = np.array([2**64 - 1, 2], dtype=np.uint64)
case("sum.uint64_wrap", "sum", u64, np.sum(u64))
p64 = np.array([2**40, 2**30, 3], dtype=np.int64)
case("prod.int64_wrap", "prod", p64, np.prod(p64))
b = np.array([True, False, True, True])
case("sum.bool", "sum", b, np.sum(b))
case("mean.int32", "mean", i32, np.mean(i32))
case("var.int32", "var", i32, np.var(i32))
case("cumsum.int32_widen", "cumsum", i32, np.cumsum(i32))
f32 = rng.standard_normal(37).astype(np.float32)
case("cumsum.float32", "cumsum", f32, np.cumsum(f32))
case("cumprod.float64", "cumprod", np.array([1.5, -2.0, 0.5, 3.0]), np.cumprod(np.array([1.5, -2.0, 0.5, 3.0])))
m = rng.standard_normal((3, 4, 5))
case("cumsum.axis1", "cumsum", m, np.cumsum(m, axis=1), axis=1)
case("cumsum.axis0", "cumsum", m, np.cumsum(m, axis=0), axis=0)

# ---- axis + keepdims, ddof
case("var.ddof1_axis0", "var", m, np.var(m, axis=0, ddof=1), axis=0, ddof=1)
case("std.ddof2_axis2_keep", "std", m, np.std(m, axis=2, ddof=2, keepdims=True), axis=2, ddof=2, keepdims=True)
case("var.ddof_too_big", "var", np.array([1.0, 2.0]), np.var(np.array([1.0, 2.0]), ddof=3), ddof=3)
case("argmax.axis1", "argmax", m, np.argmax(m, axis=1), axis=1)
mn = m.copy()
mn[1, 2, 3] = nan
mn[0, 0, :] = nan
case("nanmean.axis2", "nanmean", mn, np.nanmean(mn, axis=2), axis=2)
case("nanvar.axis2", "nanvar", mn, np.nanvar(mn, axis=2), axis=2)
case("nanmax.axis2", "nanmax", mn, np.nanmax(mn, axis=2), axis=2)
case("max.axis2_nan", "max", mn, np.max(mn, axis=2), axis=2)
case("argmin.axis2_nan", "argmin", mn, np.argmin(mn, axis=2), axis=2)

# ---- histograms (tricky edges)
hist_data = {
    "tenths": np.arange(0, 101) / 10.0,          # many values exactly on linspace edges
    "ints": np.array([0, 1, 1, 2, 3, 5, 8, 13, 21, 34], dtype=np.int64),
    "equal": np.array([2.5, 2.5, 2.5]),
    "thirds": np.array([0.0, 1 / 3, 2 / 3, 1.0, 0.1, 0.7, 0.3 + 0.1, 0.9999999999999999]),
    "random": rng.standard_normal(5000),
    "uniform_edges": np.linspace(-3, 3, 1001),
}
for label, d in hist_data.items():
    for bins in [1, 3, 7, 10, 100]:
        c, e = np.histogram(d, bins)
        cases.append({"name": f"histogram.{label}.{bins}", "op": "histogram", "input": enc(d), "args": {"bins": bins},
                      "expected": enc(c), "edges": enc(e)})
for label, d, rg in [("tenths_range", hist_data["tenths"], (2.0, 7.5)), ("random_range", hist_data["random"], (-1.0, 1.0)),
                     ("nan_range", np.array([nan, 0.5, 1.0, 2.0, -1.0]), (0.0, 2.0)), ("point_range", np.array([1.0, 2.0, 3.0]), (2.0, 2.0))]:
    c, e = np.histogram(d, 10, range=rg)
    cases.append({"name": f"histogram.{label}", "op": "histogram", "input": enc(d), "args": {"bins": 10, "range": [bits(rg[0]), bits(rg[1])]},
                  "expected": enc(c), "edges": enc(e)})
for label, d, edges in [("edges", hist_data["tenths"], [0.0, 0.5, 1.0, 2.5, 2.5, 10.0]), ("edges_nan", np.array([nan, 0.0, 1.0, 2.0, 3.0]), [0.0, 1.0, 3.0])]:
    c, e = np.histogram(d, bins=np.array(edges))
    cases.append({"name": f"histogram.{label}", "op": "histogram_edges", "input": enc(d), "args": {"edges": [bits(x) for x in edges]},
                  "expected": enc(c), "edges": enc(e)})

# ---- quantiles
qdata = {
    "small": np.array([3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0]),
    "odd": np.array([7.0, -1.0, 3.5]),
    "ints": np.array([10, 20, 30, 40, 50, 60, 70], dtype=np.int64),
    "random": rng.standard_normal(101),
    "nan": np.array([1.0, nan, 3.0]),
    "single": np.array([4.0]),
}
for label, d in qdata.items():
    for method in ["linear", "lower", "higher", "nearest", "midpoint"]:
        for q in [0.0, 0.1, 0.25, 0.3333, 0.5, 0.75, 0.9, 1.0]:
            case(f"quantile.{label}.{method}.{q}", "quantile", d, np.quantile(d, q, method=method), q=bits(q), method=method)
    case(f"median.{label}", "median", d, np.median(d))
    case(f"percentile.{label}.37.5", "percentile", d, np.percentile(d, 37.5), q=bits(37.5), method="linear")
q2 = rng.standard_normal((4, 6))
case("quantile.axis0", "quantile", q2, np.quantile(q2, 0.3, axis=0), q=bits(0.3), method="linear", axis=0)
case("median.axis1", "median", q2, np.median(q2, axis=1), axis=1)

# ---- sorting
s = np.array([3.0, nan, -1.0, 2.0, nan, -inf, inf, 0.0, 2.0])
case("sort.nan", "sort", s, np.sort(s))
case("argsort.nan_stable", "argsort", s, np.argsort(s, kind="stable"))
st = np.array([2, 1, 2, 1, 3, 1], dtype=np.int32)
case("argsort.ties_stable", "argsort", st, np.argsort(st, kind="stable"))
s2 = rng.standard_normal((3, 5))
case("sort.axis0", "sort", s2, np.sort(s2, axis=0), axis=0)
case("argsort.axis0", "argsort", s2, np.argsort(s2, axis=0, kind="stable"), axis=0)

# ---- matmul / dot
A = rng.standard_normal((3, 4))
B = rng.standard_normal((4, 5))
cases.append({"name": "matmul.2d", "op": "matmul", "input": enc(A), "other": enc(B), "args": {}, "expected": enc(A @ B)})
A3 = rng.standard_normal((2, 3, 4))
B3 = rng.standard_normal((2, 4, 2))
cases.append({"name": "matmul.3d", "op": "matmul", "input": enc(A3), "other": enc(B3), "args": {}, "expected": enc(A3 @ B3)})
cases.append({"name": "matmul.3d_2d", "op": "matmul", "input": enc(A3), "other": enc(B), "args": {}, "expected": enc(A3 @ B)})
x = rng.standard_normal(1000)
y = rng.standard_normal(1000)
cases.append({"name": "dot.1d", "op": "dot", "input": enc(x), "other": enc(y), "args": {}, "expected": enc(np.dot(x, y))})
try:
    np.matmul(A, A)
except ValueError as ex:
    cases.append({"name": "matmul.mismatch", "op": "matmul", "input": enc(A), "other": enc(A), "args": {}, "expected": None, "message": str(ex)})

# ---- empty reductions whose result is empty too: NumPy raises whenever the reduced length is 0
def err_msg(name, op, data, **kw):
    try:
        getattr(np, op)(data, **kw)
    except ValueError as ex:
        cases.append({"name": name, "op": op, "input": enc(data), "args": kw, "expected": None, "message": str(ex)})
        return
    raise AssertionError(name + " did not raise")


z00 = np.zeros((0, 0))
for op in ["max", "min", "nanmax", "nanmin", "argmax", "argmin"]:
    err_msg(f"{op}.empty_0x0_axis0", op, z00, axis=0)
err_msg("max.empty_2x0_axis1", "max", np.zeros((2, 0)), axis=1)
err_msg("argmin.empty_0x3_axis0", "argmin", np.zeros((0, 3)), axis=0)
for op in ["max", "argmax", "sum", "mean"]:
    case(f"{op}.empty_result_3x0_axis0", op, np.zeros((3, 0)), getattr(np, op)(np.zeros((3, 0)), axis=0), axis=0)
    case(f"{op}.empty_result_0x3_axis1", op, np.zeros((0, 3)), getattr(np, op)(np.zeros((0, 3)), axis=1), axis=1)

# ---- nanvar/nanstd with no degree of freedom left: NaN (np.var gives inf); integer input goes through np.var
nv = np.array([1.0, 2.0, nan])
case("nanvar.ddof_eq_count", "nanvar", nv, np.nanvar(nv, ddof=2), ddof=2)
case("nanstd.ddof_above_count", "nanstd", nv, np.nanstd(nv, ddof=3), ddof=3)
nv2 = np.array([[1.0, 2.0, nan], [1.0, 5.0, 7.0]])
case("nanvar.axis1_ddof2", "nanvar", nv2, np.nanvar(nv2, axis=1, ddof=2), axis=1, ddof=2)
iv = np.array([1, 2, 3], dtype=np.int64)
case("nanvar.int_ddof_above_count", "nanvar", iv, np.nanvar(iv, ddof=4), ddof=4)

# ---- every dtype x every reduction x axis None/0/1 (6x7 data, NaN in the float32/float64 ones). Floating results
# of sums/means/variances may differ in the last bits (we accumulate in float64 and round once; NumPy accumulates
# in the type, float16 sums along an axis in float16): "tol" is the allowed absolute difference, a few units of the
# result type's precision times the sum of magnitudes (the error bound of NumPy's own accumulation).
dtype_rng = np.random.default_rng(5)
ALL_OPS = {"sum": np.sum, "prod": np.prod, "mean": np.mean, "var": np.var, "std": lambda a, axis: np.std(a, axis=axis, ddof=1),
           "min": np.min, "max": np.max, "argmin": np.argmin, "argmax": np.argmax, "nansum": np.nansum, "nanmean": np.nanmean,
           "nanvar": np.nanvar, "nanstd": np.nanstd, "nanmin": np.nanmin, "nanmax": np.nanmax, "any": np.any, "all": np.all,
           "count_nonzero": lambda a, axis: np.count_nonzero(a, axis=axis), "cumsum": np.cumsum, "cumprod": np.cumprod,
           "median": np.median}
EPS = {"f8": 2.0 ** -52, "f4": 2.0 ** -23, "f2": 2.0 ** -10}
for dt in ["f8", "f4", "f2", "i8", "i4", "i2", "i1", "u8", "u4", "u2", "u1", "b1"]:
    if dt[0] == "f":
        a = dtype_rng.standard_normal((6, 7)).astype(dt)
        if dt != "f2":
            a[1, 2] = nan
    elif dt == "b1":
        a = dtype_rng.integers(0, 2, (6, 7)).astype(bool)
    else:
        info = np.iinfo(dt)
        a = dtype_rng.integers(max(info.min, -100), min(info.max, 100), (6, 7)).astype(dt)
    for op, f in ALL_OPS.items():
        for axis in [None, 0, 1]:
            kw = {} if axis is None else {"axis": axis}
            r = np.asarray(f(a, axis=axis))
            c = {"name": f"{op}.{dt}.axis{'None' if axis is None else axis}", "op": op, "input": enc(a), "args": dict(kw),
                 "expected": enc(r)}
            if op == "std":
                c["args"]["ddof"] = 1
            if r.dtype.kind == "f" and op in ("sum", "prod", "mean", "var", "std", "nansum", "nanmean", "nanvar", "nanstd"):
                x64 = a.astype(np.float64)
                n = x64.size if axis is None else x64.shape[axis]
                scale = {"sum": np.nansum(np.abs(x64), axis=axis), "nansum": np.nansum(np.abs(x64), axis=axis),
                         "mean": np.nansum(np.abs(x64), axis=axis) / n, "nanmean": np.nansum(np.abs(x64), axis=axis) / n,
                         "var": np.nansum(x64 * x64, axis=axis) / n, "nanvar": np.nansum(x64 * x64, axis=axis) / n,
                         "std": np.sqrt(np.nansum(x64 * x64, axis=axis) / n), "nanstd": np.sqrt(np.nansum(x64 * x64, axis=axis) / n),
                         "prod": np.abs(np.prod(np.nan_to_num(x64), axis=axis))}[op]
                c["tol"] = float(8 * EPS[r.dtype.str[1:]] * np.max(scale))
            cases.append(c)

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "reductions.json")
with open(out, "w") as fh:
    json.dump({"numpy": np.__version__, "cases": cases}, fh, separators=(",", ":"))
print(f"wrote {len(cases)} cases to {out}")
