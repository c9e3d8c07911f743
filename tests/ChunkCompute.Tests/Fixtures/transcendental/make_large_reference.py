#!/usr/bin/python3
"""Writes large_arguments.json: correctly rounded sin, cos and tan of float64 arguments beyond the vector kernels'
reduction limits (|x| > 1e5), chosen to be hard, for TranscendentalReferenceTests.LargeArguments*.

Hard means x·2/π close to an integer, where the reduced argument loses the most bits: for exponents e across the
whole range (every exponent below 2^31, where LargeArgumentTrig reduces in double-double, every fourth above), the continued fraction of frac(2^e · 2/π) gives the 53-bit mantissas m for which m·2^e is closest to
a multiple of π/2; the famous worst case 6381956970095103·2^797 is among them. Seeded random magnitudes from 1e5
to the largest double follow. Reference arithmetic, rounding and file layout: make_reference.py (imported).
Usage: /usr/bin/python3 make_large_reference.py   (writes large_arguments.json next to this script)
"""
import json
import math
import os
import sys
from decimal import Decimal, localcontext
from fractions import Fraction

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_reference import PI_BIG, exact_sin_cos, round_to  # noqa: E402

TWO_OVER_PI = Fraction(2) / Fraction(PI_BIG)


def hard_mantissas(e, count, bits=53):
    """m of `bits` bits with m·2^e·2/π nearest an integer, from the continued fraction of frac(2^e·2/π)."""
    alpha = (TWO_OVER_PI * Fraction(2) ** e) % 1
    found = []
    # Convergents p/q of alpha; multiples j·q inside [2^(bits-1), 2^bits) give ||m alpha|| = j ||q alpha||.
    a, h0, h1, k0, k1 = alpha, 0, 1, 1, 0
    while True:
        ai = math.floor(a)
        h0, h1 = h1, ai * h1 + h0
        k0, k1 = k1, ai * k1 + k0
        if k1 >= 2 ** bits:
            break
        if k1 > 0:
            j = -(-(2 ** (bits - 1)) // k1)
            m = j * k1
            if m < 2 ** bits:
                dist = abs(m * alpha - round(m * alpha))
                found.append((dist, m))
        frac = a - ai
        if frac == 0:
            break
        a = 1 / frac
    found.sort()
    return [m for _, m in found[:count]]


def reference(x, dtype):
    s, c = exact_sin_cos(x)
    with localcontext() as ctx:
        ctx.prec = 120
        t = s / c
    return [round_to(v, dtype) for v in (s, c, t)]


def hard_inputs(exponents, bits, fits):
    xs = []
    for e in exponents:
        for m in hard_mantissas(e, 2, bits):
            x = math.ldexp(float(m), e)
            if abs(x) > 1e5 and fits(x):
                xs.append(x if (e // 4) % 2 == 0 else -x)
    return xs


def table(xs, dtype, bits):
    refs = [reference(x, dtype) for x in xs]
    out = {"x": [int(dtype(x).view(bits)) for x in xs]}
    for i, name in enumerate(("sin", "cos", "tan")):
        out[name] = [int(dtype(r[i]).view(bits)) for r in refs]
    return out


F32_MAX = float(np.finfo(np.float32).max)
xs = [6381956970095103.0 * 2.0 ** 797, -6381956970095103.0 * 2.0 ** 797]
xs += hard_inputs(range(-35, 972, 4), 53, math.isfinite)
xs += hard_inputs(range(-36, -21), 53, math.isfinite)  # every exponent below 2^31: the double-double reduction
rng = np.random.default_rng(7)
mags = np.concatenate([10.0 ** rng.uniform(5, 308.25, 500), rng.uniform(1e5, 1e7, 100)])
xs.extend(float(v) for v in mags * rng.choice([-1.0, 1.0], mags.size) if math.isfinite(v))

xs32 = hard_inputs(range(-6, 105), 24, lambda v: abs(v) <= F32_MAX)
mags32 = 10.0 ** rng.uniform(5, 38.5, 300)
xs32.extend(float(np.float32(v)) for v in mags32 * rng.choice([-1.0, 1.0], mags32.size) if abs(v) <= F32_MAX)

out = {"float64": table(xs, np.float64, np.uint64), "float32": table(xs32, np.float32, np.uint32)}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "large_arguments.json")
with open(path, "w") as fh:
    json.dump(out, fh, separators=(",", ":"))
print(len(xs), "float64 and", len(xs32), "float32 inputs")
