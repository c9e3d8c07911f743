#!/usr/bin/python3
"""Writes pow_reference.txt: correctly rounded float64 pow(x, y) for seeded pairs, for PowDoubleTests.

Each line holds x, y and the result as 16-hex-digit bit patterns. The exact value comes from mpmath at 200 bits,
rounded once to the nearest float64 (ties to even) by mpmath's conversion with round-to-nearest (its default
float() conversion rounds toward zero). Pairs cover ordinary values,
|log x| up to 700 with small y, x near 1 with large y, integral exponents, |y log x| near 700 (results near the
ends of the range), and exactly representable powers. Only results in the normal float64 range are written
(near overflow and underflow the kernel defers to libm; C99's special values are tested separately).
Usage: python3 make_pow_reference.py   (needs mpmath; writes pow_reference.txt next to this script)
"""
import os
import random
import struct

import mpmath

mpmath.mp.prec = 200
rng = random.Random(20261206)


def bits(v):
    return struct.unpack("<Q", struct.pack("<d", v))[0]


def pairs():
    for i in range(4000):
        c = i % 6
        if c == 0:
            yield rng.random() * 100, (rng.random() - 0.5) * 10
        elif c == 1:
            yield 2.0 ** ((rng.random() - 0.5) * 2000), (rng.random() - 0.5) * 1.4
        elif c == 2:
            yield 1 + (rng.random() - 0.5) * 1e-3, (rng.random() - 0.5) * 1e6
        elif c == 3:
            yield rng.random() * 10, float(rng.randint(-30, 30))
        elif c == 4:
            x = rng.random() * 4 + 0.25
            lx = abs(float(mpmath.log(x)))
            yield x, (rng.random() - 0.5) * 1400 / max(lx, 1e-3)
        else:
            b = rng.randint(2, 12)
            e = rng.randint(-12, 12)
            yield float(b), float(e)


with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "pow_reference.txt"), "w") as out:
    for x, y in pairs():
        exact = mpmath.power(mpmath.mpf(x), mpmath.mpf(y))
        if not (mpmath.mpf("2.3e-308") < exact < mpmath.mpf("1.7e308")):
            continue
        nearest = mpmath.libmp.to_float(exact._mpf_, rnd="n")
        out.write(f"{bits(x):016x} {bits(y):016x} {bits(nearest):016x}\n")
