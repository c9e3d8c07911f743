using ChunkCompute.Kernels;
using ChunkCompute.Kernels.Elementwise;

namespace ChunkCompute.Tests.Kernels.Elementwise;

/// <summary>
/// float32 <c>pow</c> in double lanes (<see cref="PowSingleOperator"/>): within 1 ULP of double <c>pow</c> rounded
/// to float (the correctly rounded value but for double-rounding ties) over seeded bases and exponents whose results
/// span overflow, subnormals and underflow; special operands give <see cref="MathF.Pow(float, float)"/>'s bits at
/// every lane position and every length 0..256.
/// </summary>
public class PowSingleTests
{
    private static readonly float[] SpecialBases = [0f, -0f, 1f, -1f, 2f, -2f, 0.5f, -8f, float.PositiveInfinity, float.NegativeInfinity, float.NaN, float.Epsilon, -float.Epsilon, float.MaxValue, 1e-40f, 3f];
    private static readonly float[] SpecialExponents = [0f, -0f, 1f, -1f, 2f, 3f, -3f, 0.5f, -0.5f, 1.5f, float.PositiveInfinity, float.NegativeInfinity, float.NaN, 1e10f, -1e10f, 1f / 3f];

    [Test]
    public void RegularOperandsAreWithinOneUlpOfTheRoundedDoublePow()
    {
        var rng = new Random(21);
        int n = 200_000, exact = 0;
        var x = new float[n];
        var y = new float[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = (float)Math.Pow(2, (rng.NextDouble() * 280) - 150) * (float)(1 + rng.NextDouble());
            y[i] = i % 4 == 0 ? (float)((rng.NextDouble() - 0.5) * 8) : i % 4 == 1 ? rng.Next(-40, 40) : (float)((rng.NextDouble() - 0.5) * 400 / Math.Max(1, Math.Abs(Math.Log2(x[i]))));
        }

        var d = new float[n];
        PowerKernel<float>.Invoke(x, y, d);
        for (int i = 0; i < n; i++)
        {
            float expected = (float)Math.Pow(x[i], y[i]);
            int ulps = Math.Abs(BitConverter.SingleToInt32Bits(d[i]) - BitConverter.SingleToInt32Bits(expected));
            if (ulps > 1)
            {
                Assert.Fail($"{x[i]:R} ** {y[i]:R}: {d[i]:R}, rounded double pow {expected:R} ({ulps} ULP)");
            }

            exact += ulps == 0 ? 1 : 0;
        }

        Assert.That(exact, Is.GreaterThan(n * 0.999), "nearly all correctly rounded");
    }

    [Test]
    public void SpecialOperandsGiveMathFPowAtEveryLaneAndLength()
    {
        var pairs = SpecialBases.SelectMany(b => SpecialExponents.Select(e => (b, e))).ToArray();
        var rng = new Random(3);
        for (int n = 0; n <= 256; n++)
        {
            var x = new float[n];
            var y = new float[n];
            for (int i = 0; i < n; i++)
            {
                // Mostly regular lanes with specials at shifting positions, so vectors mix both kinds.
                (x[i], y[i]) = (i + n) % 5 == 0 ? pairs[rng.Next(pairs.Length)] : ((float)(rng.NextDouble() * 10) + 0.01f, (float)((rng.NextDouble() - 0.5) * 6));
            }

            var d = new float[n];
            PowerKernel<float>.Invoke(x, y, d);
            for (int i = 0; i < n; i++)
            {
                // Exponents 2, 1, ±0, -1, 0.5 give the uniform shortcuts' exact results in every lane (PowShortcutLanes).
                float? shortcut = PowDoubleTests.ShortcutResult(x[i], y[i]) is { } v ? (float)v : null;
                bool regular = shortcut is null && x[i] > 0 && x[i] < float.PositiveInfinity && float.IsFinite(y[i]);
                float expected = shortcut ?? (regular ? (float)Math.Pow(x[i], y[i]) : MathF.Pow(x[i], y[i]));
                bool ok = float.IsNaN(expected) ? float.IsNaN(d[i])
                    : regular ? Math.Abs(BitConverter.SingleToInt32Bits(d[i]) - BitConverter.SingleToInt32Bits(expected)) <= 1
                    : BitConverter.SingleToInt32Bits(d[i]) == BitConverter.SingleToInt32Bits(expected);
                if (!ok)
                {
                    Assert.Fail($"n={n} i={i}: {x[i]:R} ** {y[i]:R} = {d[i]:R}, expected {expected:R}");
                }
            }
        }
    }

    [Test]
    public void EveryElementGetsTheSameBitsAtEveryPositionAndWidth()
    {
        // The 512-, 256- and 128-bit bodies and the scalar form run the same operations (only the table lookup
        // differs), so a value's result cannot depend on where it sits: vector body, 256/128-bit remainder, scalar.
        var rng = new Random(8);
        for (int n = 0; n <= 256; n++)
        {
            var x = new float[n];
            var y = new float[n];
            for (int i = 0; i < n; i++)
            {
                x[i] = (float)Math.Pow(2, (rng.NextDouble() * 60) - 30) * (float)(1 + rng.NextDouble());
                y[i] = (float)((rng.NextDouble() - 0.5) * 200 / Math.Max(1, Math.Abs(Math.Log2(x[i]))));
            }

            var d = new float[n];
            PowerKernel<float>.Invoke(x, y, d);
            for (int i = 0; i < n; i++)
            {
                float alone = PowSingleOperator.Invoke(x[i], y[i]);
                if (BitConverter.SingleToInt32Bits(alone) != BitConverter.SingleToInt32Bits(d[i]))
                {
                    Assert.Fail($"n={n} i={i}: {x[i]:R} ** {y[i]:R} = {d[i]:R} in the span, {alone:R} alone");
                }
            }
        }
    }

    [Test]
    public void ShortcutExponentsGiveTheSameBitsInMixedAndUniformBlocks()
    {
        // Review finding: a uniform block of exponents 2, 0.5 or -1 takes PowerKernel's exact shortcut, a mixed one the
        // general operator, and the two disagreed by one ULP (1.0939941f ** 2 is a rounding midpoint).
        foreach (var (x, y) in new[] { (1.0939941f, 2f), (1.1433212f, 0.5f), (1.3791504f, 2f), (3f, -1f), (-2.5f, 2f), (-0f, 0.5f), (float.NegativeInfinity, 0.5f), (float.NaN, 0f), (7f, 1f) })
        {
            using var uniform = NdArray.Power(NdArray.FromArray(new[] { x, x }), NdArray.FromArray(new[] { y, y }));
            using var mixed = NdArray.Power(NdArray.FromArray(new[] { x, 1.5f }), NdArray.FromArray(new[] { y, 3.3f }));
            Assert.That(BitConverter.SingleToInt32Bits(mixed[0]), Is.EqualTo(BitConverter.SingleToInt32Bits(uniform[0])), $"{x:R} ** {y:R}");
        }

        // One call where a strided exponent view is uniform in some 512-element blocks and not in others.
        using var yall = NdArray.Full<float>([2048], 2f);
        yall[2046] = 3f;
        using var xs = NdArray.Full<float>([1024], 1.0939941f);
        using var p = NdArray.Power(xs, yall["::2"]);
        var r = p.ToArray();
        Assert.That(r.Take(1023).Distinct().ToArray(), Is.EqualTo(new[] { 1.0939941f * 1.0939941f }));

        // Every float in [1, 4) with 2, 0.5 and -1, in blocks mixed with another exponent: the shortcut's bits.
        int n = 1 << 23;
        var xv = new float[2 * n];
        var yv = new float[2 * n];
        foreach (float e in new[] { 2f, 0.5f, -1f })
        {
            for (int i = 0; i < n; i++)
            {
                xv[2 * i] = BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(1f) + i);
                yv[2 * i] = e;
                xv[(2 * i) + 1] = 1.5f;
                yv[(2 * i) + 1] = 3.3f;
            }

            var d = new float[xv.Length];
            PowerKernel<float>.Invoke(xv, yv, d);
            for (int i = 0; i < n; i++)
            {
                float x = xv[2 * i], want = e == 2f ? x * x : e == 0.5f ? MathF.Sqrt(x) : 1f / x;
                if (BitConverter.SingleToInt32Bits(d[2 * i]) != BitConverter.SingleToInt32Bits(want))
                {
                    Assert.Fail($"{x:R} ** {e:R} = {d[2 * i]:R}, shortcut {want:R}");
                }
            }
        }
    }

    [Test]
    public void AUniformExponentGivesTheBitsItGetsAmongOtherExponents()
    {
        // PowerKernel sends one broadcast exponent to PowSingleUniformOperator (no lane checks) or, when integral up
        // to 24, to the checking operator; either must match what the exponent gets in a mixed block.
        var rng = new Random(41);
        var x = Enumerable.Range(0, 3000).Select(_ => (float)Math.Pow(2, (rng.NextDouble() * 40) - 20) * (float)(1 + rng.NextDouble())).ToArray();
        foreach (float e in new[] { 1.5f, -2.25f, 3f, -7f, 25f, 1f / 3f, 1e-3f, 30.5f, float.NaN })
        {
            using var xa = NdArray.FromArray(x);
            using var uniform = NdArray.Power(xa, e);
            var mixedY = Enumerable.Range(0, x.Length).Select(i => i % 2 == 0 ? e : 0.7f).ToArray();
            using var mixed = NdArray.Power(xa, NdArray.FromArray(mixedY));
            var u = uniform.ToArray();
            var m = mixed.ToArray();
            for (int i = 0; i < x.Length; i += 2)
            {
                Assert.That(BitConverter.SingleToInt32Bits(u[i]), Is.EqualTo(BitConverter.SingleToInt32Bits(m[i])), $"{x[i]:R} ** {e:R}");
            }
        }
    }

    [Test]
    public void IntegerExponentsRoundTiesAsTheExactValue()
    {
        // Review finding: 15.5 ** 5 = 894660.5 exactly, a midpoint; the table kernel gave 894660.94... rounded the
        // wrong way. Integral exponents up to 24 are now powered by multiplication in double: exact where a tie can occur.
        using var r = NdArray.Power(NdArray.FromArray(new[] { 15.5f, 15.5f }), NdArray.FromArray(new[] { 5f, 2.5f }));
        Assert.That(r[0], Is.EqualTo(894661f));

        // Bases with few significant bits (where midpoints occur) and random bases, every exponent -24..24.
        var rng = new Random(31);
        int count = 0, differ = 0;
        var xs = new List<float>();
        var ys = new List<float>();
        for (int i = 0; i < 40_000; i++)
        {
            float x = i % 2 == 0 ? rng.Next(1, 64) / (float)(1 << rng.Next(0, 6)) : (float)Math.Pow(2, (rng.NextDouble() * 20) - 10) * (float)(1 + rng.NextDouble());
            xs.Add(x);
            ys.Add(rng.Next(-24, 25));
        }

        var d = new float[xs.Count];
        PowerKernel<float>.Invoke(xs.ToArray(), ys.ToArray(), d);
        for (int i = 0; i < d.Length; i++)
        {
            float want = (float)Math.Pow(xs[i], ys[i]); // exact in double wherever a midpoint can occur
            if (float.IsNaN(want))
            {
                continue;
            }

            int u = Math.Abs(BitConverter.SingleToInt32Bits(d[i]) - BitConverter.SingleToInt32Bits(want));
            Assert.That(u, Is.LessThanOrEqualTo(1), $"{xs[i]:R} ** {ys[i]:R}");
            differ += u;
            count++;
        }

        Assert.That(differ, Is.LessThanOrEqualTo(2), $"{differ} of {count} differ from the rounded double pow");
    }

    [Test]
    public void NegativeBasesWithIntegerExponentsMirrorPositiveOnes()
    {
        // Review finding: negative bases went to MathF.Pow (glibc powf), positive ones to binary powering, so
        // (-x) ** n and x ** n could differ in magnitude (0.24894902f ** 24) and ties went different ways (261 ** 3).
        using var r = NdArray.Power(NdArray.FromArray(new[] { 0.24894902f, -0.24894902f, 261f, -261f, -0f, -0f, float.NegativeInfinity }), NdArray.FromArray(new[] { 24f, 24f, 3f, 3f, -3f, 3f, -3f }));
        Assert.That(r.ToArray(), Is.EqualTo(new[] { 3.2110727E-15f, 3.2110727E-15f, 17779580f, -17779580f, float.NegativeInfinity, -0f, -0f }));
        Assert.That(float.IsNegative(r[5]) && float.IsNegative(r[6]), Is.True, "(-0) ** 3 and (-inf) ** -3 are -0");

        var rng = new Random(47);
        int n = 100_000;
        var x = new float[2 * n];
        var y = new float[2 * n];
        for (int i = 0; i < n; i++)
        {
            x[2 * i] = (float)Math.Pow(2, (rng.NextDouble() * 16) - 8) * (float)(1 + rng.NextDouble());
            x[(2 * i) + 1] = -x[2 * i];
            y[2 * i] = y[(2 * i) + 1] = rng.Next(-24, 25);
        }

        var d = new float[x.Length];
        PowerKernel<float>.Invoke(x, y, d);
        for (int i = 0; i < n; i++)
        {
            float pos = d[2 * i], neg = d[(2 * i) + 1];
            float want = ((int)y[2 * i] & 1) == 0 ? pos : -pos;
            if (BitConverter.SingleToInt32Bits(neg) != BitConverter.SingleToInt32Bits(want))
            {
                Assert.Fail($"({x[(2 * i) + 1]:R}) ** {y[2 * i]:R} = {neg:R}, but {x[2 * i]:R} ** {y[2 * i]:R} = {pos:R}");
            }
        }
    }

    [Test]
    public void ExactCasesStayExact()
    {
        // x = 1 gives r = 0 and 1 for any finite y; powers of two give log2 x = k exactly; squares and cubes of
        // small integers are representable and within the error bound of nothing else.
        float[] xs = [1f, 1f, 1f, 2f, 2f, 4f, 8f, 0.5f, 3f, 5f, 10f, 7f, 16f, 0.25f, 1024f];
        float[] ys = [1e30f, -1e30f, 0.37f, 10f, -126f, 0.5f, 1f / 3f, -149f, 2f, 3f, 7f, 5f, 0.25f, -0.5f, -14.9f];
        var d = new float[xs.Length];
        PowerKernel<float>.Invoke(xs, ys, d);
        Assert.That(d, Is.EqualTo(new[] { 1f, 1f, 1f, 1024f, MathF.Pow(2f, -126f), 2f, (float)Math.Pow(8, 1f / 3f), float.PositiveInfinity, 9f, 125f, 1e7f, 16807f, 2f, 2f, (float)Math.Pow(1024, -14.9f) }));
    }

    [Test]
    public void PublicPowerOnFloat32ArraysAndViews()
    {
        // np.power(np.float32([...])[::-1], np.float32(1.5)) and with an array of exponents.
        using var a = NdArray.FromArray(new[] { 4f, 0.25f, 9f, -8f, 0f, 2f });
        using var view = a["::-1"];
        var r = NdArray.Power(view, 1.5f).ToArray();
        Assert.That(r[0], Is.EqualTo(MathF.Pow(2f, 1.5f)).Within(1).Ulps);
        Assert.That(r[1], Is.EqualTo(0f));
        Assert.That(float.IsNaN(r[2]), Is.True);
        Assert.That(r.Skip(3), Is.EqualTo(new[] { 27f, 0.125f, 8f }));
        using var e = NdArray.FromArray(new[] { 3f, -1f, 0.5f, 3f, 2f, -0.5f });
        Assert.That(NdArray.Power(a, e).ToArray(), Is.EqualTo(new[] { 64f, 4f, 3f, -512f, 0f, 1f / MathF.Sqrt(2f) }).Within(1).Ulps);
    }
}
