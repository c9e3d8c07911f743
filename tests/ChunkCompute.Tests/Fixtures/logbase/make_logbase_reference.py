#!/usr/bin/python3
"""Writes logbase_reference.txt: correctly rounded float64 log2(x) and log10(x) for seeded inputs, for LogBaseTests.

Each line holds the function, x and the correctly rounded result as 16-hex-digit bit patterns. The exact value
comes from mpmath at 200 bits, rounded once to the nearest float64 (ties to even). Inputs: uniform in (0, 2) and (0.5, 2), 1 +- tiny (x near 1, where the result's
relative accuracy depends on the log's), log-uniform over the whole range including subnormals, neighbours of
sqrt(2) * 2^k (where the reduction switches k), random bit patterns of positive finite doubles, every power of two
and its neighbours, and 10^n with its neighbours. Only finite nonzero positive inputs (special values are tested
separately).
Usage: python3 make_logbase_reference.py   (needs mpmath; writes logbase_reference.txt next to this script)
"""
import math
import os
import random
import struct

import mpmath

mpmath.mp.prec = 200
rng = random.Random(20261206)


def bits(v):
    return struct.unpack("<Q", struct.pack("<d", v))[0]


def from_bits(b):
    return struct.unpack("<d", struct.pack("<Q", b))[0]


def inputs():
    for _ in range(1500):
        yield rng.random() * 2
    for _ in range(1000):
        yield 0.5 + rng.random() * 1.5
    for _ in range(1000):
        yield 1 + (rng.random() - 0.5) * 2.0 ** -rng.randint(1, 52)
    for _ in range(1500):
        yield 2.0 ** (rng.random() * 2097 - 1074)
    for _ in range(500):
        b = bits(math.sqrt(2) * 2.0 ** rng.randint(-1000, 1000))
        yield from_bits(b + rng.randint(-3, 3))
    for _ in range(1500):
        v = from_bits(rng.getrandbits(63))
        if 0 < v < math.inf:
            yield v
    for k in range(-1074, 1024, 7):
        p = 2.0 ** k
        yield p
        yield math.nextafter(p, math.inf)
        if k > -1074:
            yield math.nextafter(p, 0)
    for n in range(-30, 31):
        p = float(mpmath.mpf(10) ** n)
        yield p
        yield math.nextafter(p, math.inf)
        yield math.nextafter(p, 0)


with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "logbase_reference.txt"), "w") as out:
    xs = list(inputs())
    for name, base in (("log2", 2), ("log10", 10)):
        for x in xs:
            exact = mpmath.log(mpmath.mpf(x), base)
            nearest = mpmath.libmp.to_float(exact._mpf_, rnd="n")
            out.write(f"{name} {bits(x):016x} {bits(nearest):016x}\n")
