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
                bool regular = x[i] > 0 && x[i] < float.PositiveInfinity && float.IsFinite(y[i]);
                float expected = regular ? (float)Math.Pow(x[i], y[i]) : MathF.Pow(x[i], y[i]);
                int ulps = Math.Abs(BitConverter.SingleToInt32Bits(d[i]) - BitConverter.SingleToInt32Bits(expected));
                bool ok = float.IsNaN(expected) ? float.IsNaN(d[i]) : regular ? ulps <= 1 : ulps == 0;
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
