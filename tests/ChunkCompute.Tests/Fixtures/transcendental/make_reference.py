#!/usr/bin/python3
"""Writes reference.json: correctly rounded exp, log, log2, log10, sin, cos, tanh of seeded float64 and float32
inputs, for TranscendentalReferenceTests (the issue's ULP caps "against a high-precision reference").

The values are computed with Python's decimal module at 80 significant digits (argument reduction of sin/cos with
a 1200-digit pi, so even 1e308 reduces exactly enough), then rounded once, exactly, to the nearest float64 or
float32 (ties to even). IEEE special cases (+-0, +-inf, NaN, log of negatives, overflow and underflow) follow C99
Annex F, which NumPy follows. Inputs and results are stored as raw bit patterns (unsigned integers).
Only the standard library and NumPy (for the seeded inputs and float32 bit handling) are used.
Usage: /usr/bin/python3 make_reference.py   (writes reference.json next to this script)
"""
import json
import math
import os
import struct
from decimal import Decimal, getcontext, localcontext
from fractions import Fraction

import numpy as np

DIGITS = 80
getcontext().prec = DIGITS


def pi_digits(prec):
    """pi by Machin's formula at `prec` digits."""
    with localcontext() as ctx:
        ctx.prec = prec + 10

        def arctan_inv(n):
            x = Decimal(1) / n
            x2 = x * x
            total, term, k = x, x, 1
            while True:
                term = -term * x2
                add = term / (2 * k + 1)
                if add == 0 or abs(add) < Decimal(10) ** (-(prec + 8)):
                    break
                total += add
                k += 1
            return total

        return +(16 * arctan_inv(5) - 4 * arctan_inv(239))


PI_BIG = pi_digits(1200)
LN2 = None
with localcontext() as _c:
    _c.prec = DIGITS + 20
    LN2 = Decimal(2).ln()


def reduce_angle(x):
    """x - k*(pi/2) with |r| <= pi/4, and k mod 4, computed exactly enough for any double."""
    with localcontext() as ctx:
        ctx.prec = 1150
        half_pi = PI_BIG / 2
        k = (x / half_pi).to_integral_value()
        r = x - k * half_pi
        return +r, int(k) % 4


def sin_cos_small(r):
    with localcontext() as ctx:
        ctx.prec = DIGITS + 20
        r = +r
        r2 = r * r
        s, term, n = r, r, 1
        while True:
            term = -term * r2 / ((2 * n) * (2 * n + 1))
            if term == 0 or abs(term) < abs(s) * Decimal(10) ** (-(DIGITS + 15)):
                break
            s += term
            n += 1
        c, term, n = Decimal(1), Decimal(1), 1
        while True:
            term = -term * r2 / ((2 * n - 1) * (2 * n))
            if term == 0 or abs(term) < Decimal(10) ** (-(DIGITS + 15)):
                break
            c += term
            n += 1
        return s, c


def exact_sin_cos(x):
    r, k = reduce_angle(Decimal(x))
    s, c = sin_cos_small(r)
    return [(s, c), (c, -s), (-s, -c), (-c, s)][k]


def exact_tanh(x):
    d = Decimal(x)
    lost = 0 if x == 0 or abs(x) >= 1 else int(-math.log10(abs(x))) + 2
    with localcontext() as ctx:
        ctx.prec = DIGITS + lost + 20
        if abs(x) > 400:
            return Decimal(1).copy_sign(d)
        e = (2 * d).exp()
        return (e - 1) / (e + 1)


def exact_log(x, base):
    with localcontext() as ctx:
        ctx.prec = DIGITS + 20
        d = Decimal(x)
        if base == "e":
            return d.ln()
        if base == "10":
            return d.log10()
        return d.ln() / LN2


def exact_exp(x):
    with localcontext() as ctx:
        ctx.prec = DIGITS + 20
        return Decimal(x).exp()


def round_to(value, dtype):
    """Nearest float64/float32 (ties to even) of a Decimal, exactly; overflow gives inf, underflow subnormals or 0."""
    if value == 0:
        return dtype(0.0) if not value.is_signed() else dtype(-0.0)
    exact = Fraction(value)
    if dtype is np.float64:
        guess = float(value)  # correctly rounded by CPython (string conversion)
        return np.float64(guess)
    g = np.float32(float(value))
    if np.isinf(g):
        # Overflow unless the value rounds to MAX (it cannot: float(value) only overflows far beyond float32 range).
        return g
    best = g
    best_err = None
    for cand in (np.nextafter(g, np.float32(-np.inf)), g, np.nextafter(g, np.float32(np.inf))):
        if np.isinf(cand):
            continue
        err = abs(Fraction(float(cand)) - exact)
        if best_err is None or err < best_err or (err == best_err and (cand.view(np.uint32) & 1) == 0):
            best, best_err = cand, err
    # Beyond the largest float32 by at least half an ULP: overflow.
    fmax = Fraction(float(np.finfo(np.float32).max))
    half_ulp = Fraction(2) ** (127 - 24)
    if abs(exact) >= fmax + half_ulp:
        return np.float32(np.inf) if exact > 0 else np.float32(-np.inf)
    if best == 0 and value.is_signed():
        return np.float32(-0.0)
    return best


def special(name, x):
    """C99 Annex F results for special inputs; None when the input is ordinary."""
    if math.isnan(x):
        return float("nan")
    if name == "exp":
        if math.isinf(x) or abs(x) > 1000:  # far beyond overflow (709.8) and underflow (-745.2)
            return 0.0 if x < 0 else math.inf
        if x == 0:
            return 1.0
    if name in ("log", "log2", "log10"):
        if x == 0:
            return -math.inf
        if x < 0 or x == -math.inf:
            return float("nan")
        if math.isinf(x):
            return math.inf
        if x == 1:
            return 0.0
    if name in ("sin", "cos"):
        if math.isinf(x):
            return float("nan")
        if x == 0:
            return x if name == "sin" else 1.0
    if name == "tanh":
        if math.isinf(x):
            return math.copysign(1.0, x)
        if x == 0:
            return x
    return None


def reference(name, x, dtype):
    s = special(name, float(x))
    if s is not None:
        return dtype(s)
    x = float(x)
    if name == "exp":
        v = exact_exp(x)
    elif name == "log":
        v = exact_log(x, "e")
    elif name == "log2":
        v = exact_log(x, "2")
    elif name == "log10":
        v = exact_log(x, "10")
    elif name in ("sin", "cos"):
        sv, cv = exact_sin_cos(x)
        v = sv if name == "sin" else cv
    else:
        v = exact_tanh(x)
    return round_to(v, dtype)


SPECIALS = [0.0, -0.0, math.inf, -math.inf, math.nan, 5e-324, -5e-324, 2.2250738585072014e-308, 1e-310, -1e-310,
            1e-300, 1.0, -1.0, math.pi, -math.pi, math.pi / 2, 1e5, -1e5, 1e5 + 0.5, 1e6, 1e22, 1.7976931348623157e308,
            709.78, 709.782712893384, 709.79, -708.3, -745.1, -745.14, -746.0, 710.0, -707.5, 707.5, 1e-20, 0.5, 88.7,
            -103.9, 6381956970095103.0 * 2.0 ** -30, 2.0, 10.0, 0.1, 1e-8, -1e-8, 20.0, -20.0, 19.06]

RANGES = {
    "exp": [(-745.2, 709.8), (-1, 1), (-20, 20)],
    "log": [(0, 2), (0.5, 1.5), (0, 1e300)],
    "log2": [(0, 2), (0, 1e300)],
    "log10": [(0, 2), (0, 1e300)],
    "sin": [(-10, 10), (-1e5, 1e5), (-1e7, 1e7)],
    "cos": [(-10, 10), (-1e5, 1e5), (-1e7, 1e7)],
    "tanh": [(-20, 20), (-1, 1), (-0.01, 0.01), (0.7, 1.0), (-1.0, -0.7)],  # 0.7..1: where the vector kernel changes form
}
RANGES32 = {
    "exp": [(-103.9, 88.7), (-1, 1)],
    "log": [(0, 2), (0, 1e30)],
    "log2": [(0, 2), (0, 1e30)],
    "log10": [(0, 2), (0, 1e30)],
    "sin": [(-10, 10), (-1e4, 1e4)],
    "cos": [(-10, 10), (-1e4, 1e4)],
    "tanh": [(-10, 10), (-1, 1), (0.7, 1.0)],
}


def inputs(name, ranges, per_range, log_uniform, seed, lo_exp, hi_exp):
    rng = np.random.default_rng(seed)
    xs = list(SPECIALS)
    for lo, hi in ranges:
        xs.extend(rng.uniform(lo, hi, per_range).tolist())
    mags = 2.0 ** rng.uniform(lo_exp, hi_exp, log_uniform)
    signs = rng.choice([-1.0, 1.0], log_uniform)
    xs.extend((mags * signs).tolist())
    return xs


if __name__ == "__main__":
    out = {"digits": DIGITS, "float64": {}, "float32": {}}
    for i, name in enumerate(RANGES):
        xs = inputs(name, RANGES[name], 500, 1000, 100 + i, -1074, 1023)
        refs = [reference(name, x, np.float64) for x in xs]
        out["float64"][name] = {"x": [int(np.float64(x).view(np.uint64)) for x in xs],
                                "ref": [int(np.float64(r).view(np.uint64)) for r in refs]}
        xs32 = [np.float32(x) for x in inputs(name, RANGES32[name], 400, 800, 200 + i, -149, 127)]
        refs32 = [reference(name, x, np.float32) for x in xs32]
        out["float32"][name] = {"x": [int(np.float32(x).view(np.uint32)) for x in xs32],
                                "ref": [int(np.float32(r).view(np.uint32)) for r in refs32]}
        print(name, len(xs), len(xs32))

    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "reference.json")
    with open(path, "w") as fh:
        json.dump(out, fh, separators=(",", ":"))
    print("wrote", path)
