using ChunkCompute.Tests.TestSupport;
using NUnit.Framework;

namespace ChunkCompute.Tests.Kernels.Elementwise;

/// <summary>
/// float16 math, exhaustively where it can be: the unary functions (lookup tables built from the float64 kernels) on
/// all 65,536 inputs against NumPy's float64 result rounded to float16, with NumPy's float16 NaN bits; <c>+ - * / **</c>
/// (float32 lanes, one rounding) bit for bit against NumPy's float16 loops on 131,072 pairs, and <c>+ - * /</c> against
/// the exact result rounded once; every length 0..256 and strided, reversed, broadcast and in-place layouts; and the
/// conversions underneath (<see cref="HalfConversion"/>) on every float16 and a sweep of floats.
/// Fixtures: <c>Fixtures/float16/make_float16_fixtures.py</c> (NumPy 1.24).
/// </summary>
[TestFixture]
public sealed class Float16MathTests
{
    private static readonly string[] Functions = ["exp", "log", "log2", "log10", "sin", "cos", "tan", "tanh", "sqrt"];

    private static readonly string[] Operations = ["add", "subtract", "multiply", "divide", "power"];

    // The binary fixture's second set of partners (make_float16_fixtures.py, SPECIALS).
    private static readonly ushort[] Specials =
    [
        0x0000, 0x8000, 0x3C00, 0xBC00, 0x4000, 0xC000, 0x3800, 0xB800, 0x7C00, 0xFC00, 0x7E00, 0xFE00, 0x7C01,
        0xFE2A, 0x7BFF, 0xFBFF, 0x0001, 0x8001, 0x0400, 0x8400, 0x4A80, 0xCA80, 0x3C01, 0x3BFF,
    ];

    private static NdArray<Half> Unary(string function, NdArray<Half> a, NdArray<Half>? destination = null) => function switch
    {
        "exp" => NdArray.Exp(a, destination),
        "log" => NdArray.Log(a, destination),
        "log2" => NdArray.Log2(a, destination),
        "log10" => NdArray.Log10(a, destination),
        "sin" => NdArray.Sin(a, destination),
        "cos" => NdArray.Cos(a, destination),
        "tan" => NdArray.Tan(a, destination),
        "tanh" => NdArray.Tanh(a, destination),
        "sqrt" => NdArray.Sqrt(a, destination),
        _ => throw new ArgumentOutOfRangeException(nameof(function)),
    };

    private static NdArray<Half> Binary(string operation, NdArray<Half> x, NdArray<Half> y, NdArray<Half>? destination = null) => operation switch
    {
        "add" => NdArray.Add(x, y, destination),
        "subtract" => NdArray.Subtract(x, y, destination),
        "multiply" => NdArray.Multiply(x, y, destination),
        "divide" => NdArray.Divide(x, y, destination),
        "power" => NdArray.Power(x, y, destination),
        _ => throw new ArgumentOutOfRangeException(nameof(operation)),
    };

    private static ushort[] BitsOf(NdArray<Half> a) => a.ToArray().Select(BitConverter.HalfToUInt16Bits).ToArray();

    private static NdArray<Half> FromBits(IEnumerable<ushort> bits) => NdArray.FromArray(bits.Select(BitConverter.UInt16BitsToHalf).ToArray());

    private static bool IsNaN(ushort h) => (h & 0x7FFF) > 0x7C00;

    private static ushort[] AllHalves() => Enumerable.Range(0, 65536).Select(i => (ushort)i).ToArray();

    /// <summary>(correctly rounded bits, NumPy's float16 bits) of <paramref name="function"/> for every input, indexed by its bits.</summary>
    private static (ushort[] Rounded, ushort[] NumPy) UnaryFixture(string function)
    {
        using var npz = NdArray.LoadNpz(Fixtures.Path("float16", "float16_unary.npz"));
        ushort[] rounded = npz.Get<ushort>(function + "_cr").ToArray();
        ushort[] xor = npz.Get<ushort>(function + "_numpy").ToArray();
        return (rounded, rounded.Select((r, i) => (ushort)(r ^ xor[i])).ToArray());
    }

    [TestCaseSource(nameof(Functions))]
    public void UnaryFunctionIsCorrectlyRoundedForEveryInput(string function)
    {
        (ushort[] rounded, ushort[] numpy) = UnaryFixture(function);
        using var x = FromBits(AllHalves());
        using var r = Unary(function, x);
        ushort[] got = BitsOf(r);
        int numpyDiffers = 0;
        for (int h = 0; h < 65536; h++)
        {
            // Finite and infinite results: the float64 result rounded once. NaN: NumPy's float16 bits (a NaN input
            // quiet with its payload, a NaN made from a number 0xFE00).
            ushort want = IsNaN(rounded[h]) ? numpy[h] : rounded[h];
            Assert.That(got[h], Is.EqualTo(want), $"{function}(0x{h:X4}) = 0x{got[h]:X4}, want 0x{want:X4} (NumPy's float16: 0x{numpy[h]:X4})");
            numpyDiffers += got[h] != numpy[h] ? 1 : 0;
        }

        // NumPy's float16 loops compute in float32 and round again: they misround a few near-ties (0 to 8 per function).
        Assert.That(numpyDiffers, Is.LessThanOrEqualTo(8), $"{function}: results that differ from NumPy's float16");
    }

    [TestCaseSource(nameof(Functions))]
    public void UnaryResultsDoNotDependOnLengthLayoutOrPlace(string function)
    {
        (ushort[] rounded, ushort[] numpy) = UnaryFixture(function);
        ushort Want(ushort h) => IsNaN(rounded[h]) ? numpy[h] : rounded[h];
        var rng = new Random(1234);
        for (int n = 0; n <= 256; n++)
        {
            ushort[] bits = Enumerable.Range(0, 2 * n).Select(_ => (ushort)rng.Next(65536)).ToArray();
            using var full = FromBits(bits);

            using (var r = Unary(function, full))
            {
                Assert.That(BitsOf(r), Is.EqualTo(bits.Select(Want).ToArray()), $"{function}, contiguous, n = {2 * n}");
            }

            using (var strided = full["::2"])
            using (var r = Unary(function, strided))
            {
                Assert.That(BitsOf(r), Is.EqualTo(bits.Where((_, i) => i % 2 == 0).Select(Want).ToArray()), $"{function}, step 2, n = {n}");
            }

            using (var reversed = full["::-1"])
            using (var r = Unary(function, reversed))
            {
                Assert.That(BitsOf(r), Is.EqualTo(bits.Reverse().Select(Want).ToArray()), $"{function}, reversed, n = {2 * n}");
            }

            using (var inPlace = FromBits(bits))
            {
                _ = Unary(function, inPlace, inPlace); // returns inPlace itself
                Assert.That(BitsOf(inPlace), Is.EqualTo(bits.Select(Want).ToArray()), $"{function}, in place, n = {2 * n}");
            }
        }
    }

    /// <summary>The binary fixture's pairs: every pattern against a shuffled partner, then every pattern against <see cref="Specials"/>.</summary>
    private static (ushort[] X, ushort[] Y) Pairs()
    {
        var x = new ushort[2 * 65536];
        var y = new ushort[x.Length];
        for (int i = 0; i < 65536; i++)
        {
            x[i] = x[65536 + i] = (ushort)i;
            y[i] = (ushort)(i * 40503);
            y[65536 + i] = Specials[i % Specials.Length];
        }

        return (x, y);
    }

    [TestCaseSource(nameof(Operations))]
    public void BinaryOperationMatchesNumPyBitForBit(string operation)
    {
        (ushort[] xs, ushort[] ys) = Pairs();
        ushort[] numpy;
        using (var npz = NdArray.LoadNpz(Fixtures.Path("float16", "float16_binary.npz")))
        {
            numpy = npz.Get<ushort>(operation).ToArray();
        }

        using var x = FromBits(xs);
        using var y = FromBits(ys);
        using var r = Binary(operation, x, y);
        ushort[] got = BitsOf(r);
        for (int i = 0; i < got.Length; i++)
        {
            if (operation == "power" && IsNaN(xs[i]))
            {
                // NumPy 1.24's float16 power loop (not its float32 one) gives NaN for NaN ** ±0 and its own NaN signs;
                // ours follows C99 and NumPy's float32/float64 power: NaN ** ±0 = 1, otherwise a NaN.
                ushort want = (ys[i] & 0x7FFF) == 0 ? (ushort)0x3C00 : numpy[i];
                Assert.That(want == 0x3C00 ? got[i] == want : IsNaN(got[i]), $"0x{xs[i]:X4} ** 0x{ys[i]:X4} = 0x{got[i]:X4}, NumPy 0x{numpy[i]:X4}");
                continue;
            }

            Assert.That(got[i], Is.EqualTo(numpy[i]), $"0x{xs[i]:X4} {operation} 0x{ys[i]:X4} = 0x{got[i]:X4}, NumPy 0x{numpy[i]:X4}");
        }
    }

    [TestCase("add")]
    [TestCase("subtract")]
    [TestCase("multiply")]
    [TestCase("divide")]
    public void ArithmeticIsTheExactResultRoundedOnce(string operation)
    {
        // Sums, differences and products of two halves are exact in double (at most 51 significant bits); a quotient
        // rounded to double and then to half is the quotient rounded to half (53 >= 2 * 11 + 2).
        (ushort[] xs, ushort[] ys) = Pairs();
        using var x = FromBits(xs);
        using var y = FromBits(ys);
        using var r = Binary(operation, x, y);
        ushort[] got = BitsOf(r);
        for (int i = 0; i < got.Length; i++)
        {
            double a = (double)BitConverter.UInt16BitsToHalf(xs[i]);
            double b = (double)BitConverter.UInt16BitsToHalf(ys[i]);
            double exact = operation switch { "add" => a + b, "subtract" => a - b, "multiply" => a * b, _ => a / b };
            if (double.IsNaN(exact))
            {
                Assert.That(IsNaN(got[i]), $"0x{xs[i]:X4} {operation} 0x{ys[i]:X4}");
                continue;
            }

            Assert.That(got[i], Is.EqualTo(BitConverter.HalfToUInt16Bits((Half)exact)), $"0x{xs[i]:X4} {operation} 0x{ys[i]:X4}");
        }
    }

    [TestCaseSource(nameof(Operations))]
    public void BinaryResultsDoNotDependOnLengthLayoutOrPlace(string operation)
    {
        var rng = new Random(99);
        ushort Scalar(ushort a, ushort b)
        {
            using var x = FromBits([a]);
            using var y = FromBits([b]);
            using var r = Binary(operation, x, y);
            return BitConverter.HalfToUInt16Bits(r[0]);
        }

        for (int n = 0; n <= 256; n++)
        {
            ushort[] a = Enumerable.Range(0, n).Select(_ => (ushort)rng.Next(65536)).ToArray();
            ushort[] b = Enumerable.Range(0, n).Select(_ => (ushort)rng.Next(65536)).ToArray();
            ushort s = (ushort)rng.Next(65536);
            ushort[] want = a.Select((v, i) => Scalar(v, b[i])).ToArray();
            using var x = FromBits(a);
            using var y = FromBits(b);
            using (var r = Binary(operation, x, y))
            {
                Assert.That(BitsOf(r), Is.EqualTo(want), $"{operation}, n = {n}");
            }

            using (var scalar = FromBits([s]))
            using (var r = Binary(operation, x, scalar))
            {
                Assert.That(BitsOf(r), Is.EqualTo(a.Select(v => Scalar(v, s)).ToArray()), $"{operation} by a broadcast scalar, n = {n}");
            }

            using (var inPlace = FromBits(a))
            {
                _ = Binary(operation, inPlace, y, inPlace); // returns inPlace itself
                Assert.That(BitsOf(inPlace), Is.EqualTo(want), $"{operation} in place, n = {n}");
            }
        }
    }

    [Test]
    public void AbsNegateAndSignWorkOnTheBitsForEveryInputAtEveryLength()
    {
        // NumPy's float16 loops (checked for every input): |x| clears the sign bit, -x flips it, sign(x) is ±1 with
        // x's sign, +0 for ±0, and a NaN unchanged (signalling ones too).
        static ushort Sign(ushort h) => (h & 0x7FFF) > 0x7C00 ? h : (h & 0x7FFF) == 0 ? (ushort)0 : (ushort)((h & 0x8000) | 0x3C00);
        ushort[] all = AllHalves();
        for (int n = 0; n <= 256; n++)
        {
            foreach (int start in new[] { 0, 0x7C00 - (n / 2), 0xFC00 - (n / 2), 65536 - n })
            {
                ushort[] bits = all.AsSpan(start, n).ToArray();
                using var x = FromBits(bits);
                using var abs = NdArray.Abs(x);
                using var neg = NdArray.Negate(x);
                using var sign = NdArray.Sign(x);
                Assert.That(BitsOf(abs), Is.EqualTo(bits.Select(h => (ushort)(h & 0x7FFF)).ToArray()), $"abs, n = {n}, from 0x{start:X4}");
                Assert.That(BitsOf(neg), Is.EqualTo(bits.Select(h => (ushort)(h ^ 0x8000)).ToArray()), $"negate, n = {n}, from 0x{start:X4}");
                Assert.That(BitsOf(sign), Is.EqualTo(bits.Select(Sign).ToArray()), $"sign, n = {n}, from 0x{start:X4}");
            }
        }

        using var every = FromBits(all);
        using var signs = NdArray.Sign(every);
        Assert.That(BitsOf(signs), Is.EqualTo(all.Select(Sign).ToArray()), "sign of every input");
    }

    [Test]
    public void HalfToSingleIsExactForEveryHalfAtEveryLength()
    {
        ushort[] all = AllHalves();
        var halves = all.Select(BitConverter.UInt16BitsToHalf).ToArray();
        var floats = new float[halves.Length];
        HalfConversion.ToSingle(halves, floats);
        for (int h = 0; h < 65536; h++)
        {
            uint want = IsNaN((ushort)h)
                ? (uint)((h & 0x8000) << 16) | 0x7F80_0000 | (uint)((h & 0x3FF) << 13) // the payload kept, not quieted
                : BitConverter.SingleToUInt32Bits((float)halves[h]);
            Assert.That(BitConverter.SingleToUInt32Bits(floats[h]), Is.EqualTo(want), $"0x{h:X4}");
            Assert.That(HalfConversion.ToSingleBits((uint)h), Is.EqualTo(want), $"scalar, 0x{h:X4}");
        }

        // Every length (each vector width's loop and remainder) at offsets where the cases meet: subnormals and
        // zeros, the largest normals next to Inf and NaN, and the negative ones.
        for (int n = 0; n <= 256; n++)
        {
            foreach (int start in new[] { 0, 0x0400 - (n / 2), 0x7C00 - (n / 2), 0x8000, 0xFC00 - (n / 2), 65536 - n })
            {
                var got = new float[n];
                HalfConversion.ToSingle(halves.AsSpan(start, n), got);
                Assert.That(got.AsSpan().SequenceEqual(floats.AsSpan(start, n)), $"n = {n}, from 0x{start:X4}");
            }
        }
    }

    [Test]
    public void SingleToHalfRoundsToNearestEven()
    {
        // Every 4099th float bit pattern (every exponent, both signs, NaN payloads), and the ties around every half.
        var floats = new List<float>();
        for (long u = 0; u <= uint.MaxValue; u += 4099)
        {
            floats.Add(BitConverter.UInt32BitsToSingle((uint)u));
        }

        for (int h = 0; h < 0x7C00; h++)
        {
            // The tie between h and the next half up (exact in float: 12 significant bits), and its float neighbours.
            double ulp = h < 0x0400 ? Math.Pow(2, -24) : Math.Pow(2, ((h >> 10) - 15) - 10);
            float tie = (float)((double)BitConverter.UInt16BitsToHalf((ushort)h) + (ulp / 2));
            floats.AddRange([tie, MathF.BitDecrement(tie), MathF.BitIncrement(tie), -tie]);
        }

        floats.AddRange([65504f, 65519.99f, 65520f, 65536f, 1e30f, 5.9604645e-8f, 2.9802322e-8f, 2.9802326e-8f, 8.940697e-8f]);
        float[] source = floats.ToArray();
        var halves = new Half[source.Length];
        HalfConversion.ToHalf(source, halves);
        for (int i = 0; i < source.Length; i++)
        {
            uint f = BitConverter.SingleToUInt32Bits(source[i]);
            ushort want = float.IsNaN(source[i])
                ? (ushort)(((f >> 16) & 0x8000) | 0x7E00 | ((f >> 13) & 0x3FF))
                : BitConverter.HalfToUInt16Bits((Half)source[i]);
            Assert.That(BitConverter.HalfToUInt16Bits(halves[i]), Is.EqualTo(want), $"0x{f:X8}");
            Assert.That(HalfConversion.ToHalfBits(f), Is.EqualTo(want), $"scalar, 0x{f:X8}");
        }

        for (int n = 0; n <= 256; n++)
        {
            var got = new Half[n];
            HalfConversion.ToHalf(source.AsSpan(777 * n, n), got);
            Assert.That(got.AsSpan().SequenceEqual(halves.AsSpan(777 * n, n)), $"n = {n}");
        }
    }

    [Test]
    public void DoubleToHalfRoundsToNearestEven()
    {
        var rng = new Random(7);
        var values = new List<double> { 0.0, -0.0, 65504, 65519.999999, 65520, -65520, 1e300, 5e-324, 2.98023223876953125e-8, 2.9802322387695313e-8, double.PositiveInfinity, double.NegativeInfinity };
        for (int h = 0; h < 0x7C00; h++)
        {
            double v = (double)BitConverter.UInt16BitsToHalf((ushort)h);
            double ulp = h < 0x0400 ? Math.Pow(2, -24) : Math.Pow(2, ((h >> 10) - 15) - 10);
            values.AddRange([v + (ulp / 2), Math.BitDecrement(v + (ulp / 2)), Math.BitIncrement(v + (ulp / 2)), -(v + (ulp / 2))]);
        }

        for (int i = 0; i < 100_000; i++)
        {
            values.Add(BitConverter.Int64BitsToDouble(rng.NextInt64()));
        }

        foreach (double v in values)
        {
            ushort want = double.IsNaN(v)
                ? (ushort)(((BitConverter.DoubleToUInt64Bits(v) >> 48) & 0x8000) | 0x7E00 | ((BitConverter.DoubleToUInt64Bits(v) >> 42) & 0x3FF))
                : BitConverter.HalfToUInt16Bits((Half)v);
            Assert.That(HalfConversion.ToHalfBits(v), Is.EqualTo(want), $"{v:R}");
        }
    }
}
