"""float16 fixtures for Float16MathTests: NumPy's results for every float16 input (unary functions) and for
262,144 input pairs (binary operations).

Run with Debian's python3-numpy (1.24):  /usr/bin/python3 make_float16_fixtures.py
Writes float16_unary.npz and float16_binary.npz next to this script.

unary: for each function f, "<f>_cr" is f computed in float64 on all 65,536 float16 bit patterns (index = bits)
and rounded once to float16 (NumPy's astype: nearest even), the correctly rounded float16 result wherever NumPy's
float64 f is within a fraction of a float64 ULP; "<f>_numpy" is NumPy's own float16 ufunc (float32 inside), stored
as its bits XOR the "_cr" bits so that the archive stays small (it is 0 almost everywhere).

binary: the pairs are x = every bit pattern, twice; y[i] = i * 40503 mod 2^16 (every pattern once, shuffled), then
y[65536 + i] = SPECIALS[i mod len(SPECIALS)] (the test builds the same); "<op>" is NumPy's float16 result bits.
"""
import os
import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
bits = np.arange(65536, dtype=np.uint16)
h = bits.view(np.float16)
unary = {}
with np.errstate(all="ignore"):
    for name in ["exp", "log", "log2", "log10", "sin", "cos", "tan", "tanh", "sqrt"]:
        f = getattr(np, name)
        cr = f(h.astype(np.float64)).astype(np.float16).view(np.uint16)
        ours16 = f(h).view(np.uint16)
        unary[name + "_cr"] = cr
        unary[name + "_numpy"] = ours16 ^ cr
np.savez_compressed(os.path.join(here, "float16_unary.npz"), **unary)

# zeros, ones, twos, halves, infinities, quiet and signalling NaNs with payloads, max, smallest subnormal and
# normal, an integer exponent, 1 ± 1 ULP
SPECIALS = [0x0000, 0x8000, 0x3C00, 0xBC00, 0x4000, 0xC000, 0x3800, 0xB800, 0x7C00, 0xFC00, 0x7E00, 0xFE00, 0x7C01,
            0xFE2A, 0x7BFF, 0xFBFF, 0x0001, 0x8001, 0x0400, 0x8400, 0x4A80, 0xCA80, 0x3C01, 0x3BFF]
i = np.arange(65536, dtype=np.int64)
xs = np.concatenate([i] * 2).astype(np.uint16)
ys = np.concatenate([(i * 40503) & 0xFFFF, np.array(SPECIALS, dtype=np.int64)[i % len(SPECIALS)]]).astype(np.uint16)
x = xs.view(np.float16)
y = ys.view(np.float16)
binary = {}
with np.errstate(all="ignore"):
    for name, f in [("add", np.add), ("subtract", np.subtract), ("multiply", np.multiply), ("divide", np.divide), ("power", np.power)]:
        binary[name] = f(x, y).view(np.uint16)
np.savez_compressed(os.path.join(here, "float16_binary.npz"), **binary)
print(np.__version__, {k: int(np.count_nonzero(v)) for k, v in unary.items() if k.endswith("_numpy")})
