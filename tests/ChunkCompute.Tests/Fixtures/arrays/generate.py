#!/usr/bin/python3
"""Generates the NumPy fixtures for tests/ChunkCompute.Tests/{Arrays,Chunking}.

Run from the repository root with Debian's NumPy (1.24):
    /usr/bin/python3 tests/ChunkCompute.Tests/Fixtures/arrays/generate.py
Writes JSON next to this script. Element values are stored as little-endian raw bytes in hex, so NaN payloads,
-0.0 and 64-bit integers survive exactly.
"""
import json
import os
import random
import warnings

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
DTYPES = ["float64", "float32", "float16", "int64", "int32", "int16", "int8",
          "uint64", "uint32", "uint16", "uint8", "bool"]


def hexbytes(a):
    return np.ascontiguousarray(a).astype(a.dtype.newbyteorder("<"), copy=False).tobytes().hex()


def dump(name, obj):
    with open(os.path.join(HERE, name), "w") as f:
        json.dump(obj, f, indent=1, sort_keys=True)
        f.write("\n")


def source_values(dtype):
    dt = np.dtype(dtype)
    if dt.kind == "f":
        vals = [0.0, -0.0, 0.5, -0.5, 1.0, 1.5, 2.5, -1.0, -1.5, 127.0, 128.0, 255.0, 256.0, 300.0, -129.0, -300.0,
                32767.0, 32768.0, 65504.0, 65519.0, 65520.0, 65535.0, 65536.0, 70000.0, -70000.0,
                2.0**31 - 1, 2.0**31, 2.0**31 + 0.5, -2.0**31, -2.0**31 - 1, 2.0**32 - 1, 2.0**32, 2.0**32 + 1, -2.0**32,
                2.0**53 + 2, 2.0**63, -2.0**63, 2.0**64, -2.0**64, 1e30, -1e30, 1e-8, 6e-8, 1e-40, 3.4e38, 1e300,
                float("nan"), -float("nan"), float("inf"), -float("inf"), 0.1, 2.0 / 3.0]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            # Values are rounded into the source type first (this is the input, not the cast under test).
            return np.array(vals, dtype=np.float64).astype(dt)
    if dt.kind == "b":
        return np.array([False, True, True, False], dtype=dt)
    info = np.iinfo(dt)
    cand = [0, 1, -1, 2, 127, 128, -128, -129, 255, 256, 300, -300, 32767, 32768, -32768, -32769, 65535, 65536,
            2**24 + 1, 2**31 - 1, 2**31, -2**31, -2**31 - 1, 2**32 - 1, 2**32, 2**53 + 1, 2**63 - 1, 2**63,
            -2**63, 2**64 - 1, 123456789, -123456789, 9007199254740993, 18446744073709551557]
    return np.array([v for v in cand if info.min <= v <= info.max], dtype=dt)


def cast_table():
    table = []
    for src in DTYPES:
        a = source_values(src)
        entry = {"src": src, "count": int(a.size), "data": hexbytes(a), "results": {}}
        for dst in DTYPES:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                # Contiguous and strided inputs go through different NumPy loops; record both.
                r = a.astype(dst)
                doubled = np.repeat(a, 2)[::2]
                r2 = doubled.astype(dst)
            # NumPy's result element by element is the scalar (strided) loop; contiguous float->uint32 casts of
            # out-of-range values go through an AVX-512 loop whose answers differ in its vector body and its scalar
            # tail (C undefined behaviour), so the per-element (strided) result is the reference we match.
            entry["results"][dst] = hexbytes(r2)
            if hexbytes(r2) != hexbytes(r):
                entry.setdefault("contiguous_differs", {})[dst] = hexbytes(r)
        table.append(entry)
    dump("cast_table.json", table)


def array_split_indices():
    rng = random.Random(1234)
    cases = []
    for n in [0, 1, 2, 5, 10, 17]:
        lists = [[], [0], [n], [n + 5], [-1], [-3, 2], [3, 1], [2, 2, 2], [-100, 100], [1, -1], [0, 0, n, n]]
        for _ in range(12):
            k = rng.randint(1, 5)
            lists.append([rng.randint(-n - 3, n + 3) for _ in range(k)])
        for idx in lists:
            parts = np.array_split(np.arange(n), idx)
            cases.append({"length": n, "indices": idx,
                          "chunks": [[int(p[0]), int(p.size)] if p.size else [None, 0] for p in parts]})
    dump("array_split_indices.json", cases)


def rand_index(rng, shape):
    """A random NumPy basic index for shape: slices, ints, None, maybe one Ellipsis; returns (text, tuple)."""
    parts, objs = [], []
    axes = list(shape)
    use_ellipsis = rng.random() < 0.2 and len(axes) > 0
    ellipsis_at = rng.randint(0, len(axes)) if use_ellipsis else -1
    n_index = rng.randint(0, len(axes))
    i = 0
    for ax in range(n_index):
        if ax == ellipsis_at:
            parts.append("...")
            objs.append(Ellipsis)
        if rng.random() < 0.15:
            parts.append("None")
            objs.append(None)
        n = axes[ax]
        r = rng.random()
        if r < 0.25 and n > 0:
            v = rng.randint(-n, n - 1)
            parts.append(str(v))
            objs.append(v)
        else:
            def pick():
                return None if rng.random() < 0.3 else rng.randint(-n - 2, n + 2)
            start, stop = pick(), pick()
            step = None if rng.random() < 0.4 else rng.choice([1, 2, 3, -1, -2, -3, 5])
            text = ("" if start is None else str(start)) + ":" + ("" if stop is None else str(stop))
            if step is not None:
                text += ":" + str(step)
            parts.append(text)
            objs.append(slice(start, stop, step))
        if use_ellipsis and ellipsis_at > ax and ax == n_index - 1:
            pass
    if use_ellipsis and ellipsis_at >= n_index:
        parts.append("...")
        objs.append(Ellipsis)
    return ", ".join(parts), tuple(objs)


def slices():
    rng = random.Random(42)
    cases = []
    shapes = [(0,), (1,), (7,), (10,), (3, 4), (4, 1), (0, 3), (5, 6), (2, 3, 4), (3, 1, 5), (2, 2, 3, 3), (3, 4, 2, 2)]
    for shape in shapes:
        base = np.arange(int(np.prod(shape))).reshape(shape)
        for pre in ["", "T", "s"]:
            src = base.T if pre == "T" else base
            if pre == "s":
                src = base[tuple(slice(None, None, -1) if k % 2 == 0 else slice(None) for k in range(base.ndim))]
            for _ in range(25):
                text, obj = rand_index(rng, src.shape)
                try:
                    v = src[obj]
                except IndexError:
                    continue
                cases.append({"shape": list(shape), "pre": pre, "index": text,
                              "result_shape": list(v.shape), "values": [int(x) for x in v.ravel()],
                              "c": bool(v.flags.c_contiguous), "f": bool(v.flags.f_contiguous),
                              "strides": [s // 8 for s in v.strides]})
    dump("slices.json", cases)


def reshapes():
    cases = []
    bases = {
        "arange24": np.arange(24).reshape(2, 3, 4),
        "T": np.arange(24).reshape(2, 3, 4).T,
        "sliced_step": np.arange(48).reshape(4, 3, 4)[::2],
        "sliced_inner": np.arange(24).reshape(2, 3, 4)[:, :, 1:3],
        "sliced_last": np.arange(24).reshape(4, 6)[:, ::2],
        "swap": np.arange(24).reshape(2, 3, 4).swapaxes(0, 1),
        "rev": np.arange(24).reshape(2, 3, 4)[::-1],
        "ones": np.arange(6).reshape(1, 6, 1)[:, ::2],
    }
    for name, b in bases.items():
        size = b.size
        targets = [(-1,), (size,), (2, -1), (-1, 2), (1, -1, 1)]
        for t in [(2, 3, 4), (4, 3, 2), (6, 4), (4, 6), (2, 12), (3, 8), (12, 2), (24,), (2, 3, 2, 2), (3, 2, 2)]:
            if int(np.prod(t)) == size:
                targets.append(t)
        for t in targets:
            try:
                r = b.reshape(t)
            except ValueError:
                continue
            cases.append({"base": name, "base_shape": list(b.shape), "target": list(t),
                          "result_shape": list(r.shape), "view": bool(np.shares_memory(r, b)),
                          "values": [int(x) for x in r.ravel()],
                          "strides": [s // 8 for s in r.strides] if np.shares_memory(r, b) else None})
        rv = b.ravel()
        cases.append({"base": name, "base_shape": list(b.shape), "target": ["ravel"], "result_shape": list(rv.shape),
                      "view": bool(np.shares_memory(rv, b)), "values": [int(x) for x in rv], "strides": None})
    dump("reshapes.json", cases)


def creation():
    cases = []
    for dt in DTYPES:
        for args in [(10,), (0,), (1,), (-3,), (2.5,), (0, 1, 0.1), (1, 0, -0.25), (-0.5, 3), (0.5, 5), (-2, 7, 3),
                     (10, 0, -3), (0.1, 1.0, 0.1), (-1, 1, 0.3), (1e3, 1e3 + 5, 0.7)]:
            if dt == "bool":
                try:
                    a = np.arange(*args, dtype=dt)
                except TypeError:
                    continue
            else:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    a = np.arange(*args, dtype=dt)
            full = (0.0, float(args[0]), 1.0) if len(args) == 1 else (float(args[0]), float(args[1]), float(args[2]) if len(args) > 2 else 1.0)
            cases.append({"func": "arange", "dtype": dt, "args": list(full), "count": int(a.size), "data": hexbytes(a)})
        for (start, stop, num, endpoint) in [(0, 1, 5, True), (0, 1, 5, False), (0, 1, 0, True), (3, 7, 1, True),
                                             (3, 7, 1, False), (-2.5, 2.5, 11, True), (0.1, 0.9, 7, True),
                                             (1e-300, 2e-300, 4, True), (0, 1e-320, 3, True), (-7, 3, 9, False),
                                             (1, 0, 6, True), (0, 10, 50, True), (-1, 1, 4, True)]:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                a = np.linspace(start, stop, num, endpoint=endpoint, dtype=dt)
            cases.append({"func": "linspace", "dtype": dt, "args": [float(start), float(stop), num, 1.0 if endpoint else 0.0],
                          "count": int(a.size), "data": hexbytes(a)})
    dump("creation.json", cases)


def reprs():
    cases = []

    def add(name, expr, a):
        cases.append({"name": name, "expr": expr, "dtype": str(a.dtype), "shape": list(a.shape),
                      "data": hexbytes(a), "repr": repr(a)})

    exprs = [
        "np.arange(5.)", "np.arange(12.).reshape(3, 4)", "np.arange(24).reshape(2, 3, 4)", "np.arange(24.).reshape(2, 3, 4)",
        "np.array([1.5, 2.25])", "np.array([1., 2.5, -3.])", "np.array([0.1, 0.2, 0.30000000000000004])", "np.array([1/3, 2/3])",
        "np.array([True, False, True])", "np.array([True, True])", "np.array(True)", "np.array(False)",
        "np.array(1.5)", "np.array(3)", "np.array(3, dtype=np.int8)", "np.array(2.5, dtype=np.float32)",
        "np.array([1e-5, 1e100])", "np.array([1e-5, -2.5e10])", "np.array([1e8, 1.])", "np.array([1e-4, 1.])",
        "np.array([1e3, 1.])", "np.array([1001., 1.])", "np.array([np.nan, 1., -np.inf])", "np.array([np.nan, np.inf])",
        "np.array([np.nan])", "np.array([-np.inf, 2.5])", "np.array([-0., 0.])", "np.array([0., 0.])",
        "np.arange(30.)", "np.arange(100)", "np.arange(2000.)", "np.arange(2000)", "np.arange(1200).reshape(30, 40)",
        "np.arange(1200.).reshape(30, 40) / 7", "np.arange(5000).reshape(10, 10, 50)", "np.zeros((2, 0))", "np.zeros(0)",
        "np.zeros((0, 3), dtype=np.int32)", "np.zeros(0, dtype=np.float32)", "np.zeros((3, 0, 2), dtype=bool)",
        "np.arange(5, dtype=np.float32) * np.float32(0.1)", "np.array([1.1, 1.234e-5], dtype=np.float32)",
        "np.array([1.1, 2.2], dtype=np.float16)", "np.array([65504., -1.], dtype=np.float16)", "np.arange(3, dtype=np.uint8)",
        "np.array([-128, 127], dtype=np.int8)", "np.array([2**64 - 1, 0], dtype=np.uint64)", "np.array([-2**63, 2**63 - 1])",
        "np.array([1, -22, 333], dtype=np.int32)", "np.array([[1., -1.], [1e9, 3.]])", "np.array([123456789.123, 1.])",
        "np.array([12345678.9, 1.])", "np.array([0.123456789, 1.])", "np.array([1e-9, 1e9])", "np.array([5e-324, 1.])",
        "np.array([1.7976931348623157e308, 1.])", "np.random.default_rng(1).random(7)", "np.random.default_rng(2).normal(size=(3, 3))",
        "np.random.default_rng(3).random(50) * 1000", "np.arange(60).reshape(3, 20)", "np.arange(60.).reshape(3, 20) - 30",
        "np.ones((2, 2, 2, 2))", "np.ones((1, 1))", "np.arange(8.).reshape(2, 2, 2)[:, ::-1]", "np.array([[True, False], [False, True]])",
        "np.arange(1001.)", "np.arange(40, dtype=np.int16) * 1000", "np.array([1e16, 1.])", "np.array([100., 1e-3])",
        "np.array([54600728., 14208546., -np.inf], dtype=np.float32)", "np.array([65504., 100.], dtype=np.float16)",
        "np.array([np.nan, np.nan])", "np.array([-np.inf, np.inf], dtype=np.float32)", "np.array([1e-300, 1e300])",
        "np.arange(12.).reshape(3, 4) * 1e5", "np.linspace(0, 1, 77).reshape(7, 11)", "np.array([[1e9]], dtype=np.float32)",
    ]
    for e in exprs:
        add(e, e, eval(e))
    dump("reprs.json", cases)


if __name__ == "__main__":
    cast_table()
    array_split_indices()
    slices()
    reshapes()
    creation()
    reprs()
    print("numpy", np.__version__, "fixtures written to", HERE)
