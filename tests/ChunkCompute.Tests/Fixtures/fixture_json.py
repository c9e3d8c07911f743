"""Shared JSON encoding of the NumPy fixture generators (reductions/, quantiles/).

Every float is stored as its IEEE-754 float64 bit pattern (a signed 64-bit integer) so NaN, +-inf and -0.0
round-trip exactly; integers and bools are stored as decimal strings (uint64 does not fit a JSON double).
The C# side reads this format in TestSupport (NumPy fixture loaders of the reduction and quantile tests).
"""
import struct

import numpy as np


def bits(x):
    """The float64 bit pattern of x as a signed 64-bit integer."""
    return struct.unpack("<q", struct.pack("<d", float(x)))[0]


def enc(arr):
    """An array as {"dtype", "shape", "bits" (floats) or "ints" (everything else)}, C order."""
    arr = np.asarray(arr)
    if arr.dtype.kind == "f":
        return {"dtype": arr.dtype.str, "shape": list(arr.shape), "bits": [bits(v) for v in arr.ravel()]}
    return {"dtype": arr.dtype.str, "shape": list(arr.shape), "ints": [str(int(v)) for v in arr.ravel()]}
