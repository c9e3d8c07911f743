#!/usr/bin/python3
"""Generates the NumPy-made .npy/.npz fixtures under npy/ and their expected values (npy/expected.json).

Run from anywhere with Debian's NumPy (1.24):  /usr/bin/python3 tests/ChunkCompute.Tests/Fixtures/make_npy_fixtures.py
The output is deterministic; commit the files it writes (about 100 KB in total).
"""
import json
import os
import shutil

import numpy as np
from numpy.lib import format as npformat

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "npy")

# The twelve dtypes ChunkCompute supports, by NumPy's short code.
DTYPES = ["f8", "f4", "f2", "i8", "i4", "i2", "i1", "u8", "u4", "u2", "u1", "b1"]


def values(code):
    """Twelve values per dtype that exercise signs, specials and extremes."""
    dt = np.dtype(code)
    if dt.kind == "f":
        base = [0.0, -0.0, 1.5, -2.25, np.nan, np.inf, -np.inf, 0.1, 65504.0, 1e-7, -3.0, 1234.5]
        return np.array(base, dtype=np.float64).astype(dt)
    if dt.kind == "i":
        info = np.iinfo(dt)
        base = [0, 1, -1, 2, -2, 100, -100, 127, -128, int(info.max), int(info.min), 42]
        return np.array(base, dtype=object).astype(dt)
    if dt.kind == "u":
        info = np.iinfo(dt)
        base = [0, 1, 2, 255, int(info.max), int(info.max) - 1, 3, 4, 5, 6, 7, 8]
        return np.array(base, dtype=object).astype(dt)
    return np.array([i % 3 == 0 for i in range(12)], dtype=np.bool_)


def text(v):
    """Exact text of one element: repr of the float64 value, the integer, or 0/1 for bools."""
    if isinstance(v, (np.bool_, bool)):
        return "1" if v else "0"
    if isinstance(v, np.floating):
        return repr(float(v))
    return str(int(v))


def write(name, arr, version, expected):
    path = os.path.join(OUT, name)
    with open(path, "wb") as f:
        if version == (1, 0):
            np.save(f, arr)
        else:
            npformat.write_array(f, arr, version=version)
    # Read it back to record exactly what NumPy sees.
    back = np.load(path)
    assert back.dtype == arr.dtype and back.shape == arr.shape
    expected[name] = {
        "descr": npformat.dtype_to_descr(back.dtype),
        "shape": list(back.shape),
        "fortran_order": bool(back.flags.f_contiguous and not back.flags.c_contiguous),
        "version": "%d.%d" % version,
        "values": [text(v) for v in np.ascontiguousarray(back).reshape(-1)],
    }


def main():
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    os.makedirs(OUT)
    expected = {}
    for code in DTYPES:
        base = values(code).reshape(3, 4)
        orders = ["<", ">"] if base.dtype.itemsize > 1 else ["|"]
        for bo in orders:
            arr = base.astype(base.dtype.newbyteorder(bo)) if bo != "|" else base
            tag = {"<": "le", ">": "be", "|": "na"}[bo]
            for layout in ["C", "F"]:
                a = np.ascontiguousarray(arr) if layout == "C" else np.asfortranarray(arr)
                for version in [(1, 0), (2, 0), (3, 0)]:
                    write("%s_%s_%s_v%d.npy" % (code, tag, layout, version[0]), a, version, expected)
        # 0-d, empty and 1-D/3-D shapes, little-endian, as np.save writes them.
        write("%s_scalar.npy" % code, values(code)[2].reshape(()), (1, 0), expected)
        write("%s_empty_0x3.npy" % code, np.zeros((0, 3), dtype=base.dtype), (1, 0), expected)
        write("%s_empty_0.npy" % code, np.zeros((0,), dtype=base.dtype), (1, 0), expected)
        write("%s_1d.npy" % code, values(code), (1, 0), expected)
    write("f8_3d_F.npy", np.asfortranarray(np.arange(24, dtype="<f8").reshape(2, 3, 4) - 7.5), (1, 0), expected)
    write("i4_3d_be_F.npy", np.asfortranarray((np.arange(24, dtype="<i4").reshape(2, 3, 4) - 11) * 1000003).astype(">i4"), (1, 0), expected)
    write("f8_2x1x3_empty.npy", np.zeros((2, 0, 3), dtype="<f8"), (1, 0), expected)

    # .npz archives: positional and named members, stored and deflated.
    a = np.arange(10, dtype="<f8") * 0.5
    b = (np.arange(12, dtype="<i4").reshape(3, 4) - 6).astype(">i2")
    c = np.array(True)
    np.savez(os.path.join(OUT, "stored.npz"), a, b, c)
    np.savez_compressed(os.path.join(OUT, "deflated.npz"), alpha=a, beta=b, gamma=c)
    for name, members in [("stored.npz", {"arr_0": a, "arr_1": b, "arr_2": c}), ("deflated.npz", {"alpha": a, "beta": b, "gamma": c})]:
        expected[name] = {
            k: {"descr": npformat.dtype_to_descr(v.dtype), "shape": list(v.shape), "values": [text(x) for x in v.reshape(-1)]}
            for k, v in members.items()
        }

    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
