using ChunkCompute.Kernels;
using NUnit.Framework;

namespace ChunkCompute.Tests.Kernels.Elementwise;

/// <summary>
/// <c>log</c> on float and double: lanes outside the normal positive range (0, -0, negatives, -Inf, +Inf, NaN with
/// payloads, subnormals) get exactly the scalar call's bits (NumPy's NaN for negative doubles), in any lane position
/// of any vector width (every length 0..256, mixed with ordinary values); float32 ordinary values within 1 ULP of
/// glibc's double log rounded to float.
/// </summary>
[TestFixture]
public sealed class LogSpecialLanesTests
{
    private static readonly double[] DoubleSpecials =
    [
        0.0, -0.0, -1.0, -1e-300, -5e-324, double.MinValue, double.NegativeInfinity, double.PositiveInfinity, double.NaN,
        BitConverter.Int64BitsToDouble(0x7FF8_0000_0000_1234), BitConverter.Int64BitsToDouble(unchecked((long)0xFFF8_0000_0000_0042)),
        5e-324, 2.5e-310, 2.2250738585072009e-308, 2.2250738585072014e-308, 1.0, 0.5, 3.7, 1e300,
    ];

    private static readonly float[] FloatSpecials =
    [
        0f, -0f, -1f, -1e-30f, -float.Epsilon, float.MinValue, float.NegativeInfinity, float.PositiveInfinity, float.NaN,
        BitConverter.Int32BitsToSingle(0x7FC0_1234), BitConverter.Int32BitsToSingle(unchecked((int)0xFFC0_0042)),
        float.Epsilon, 1e-40f, 1.1754942e-38f, 1.17549435e-38f, 1f, 0.5f, 3.7f, 1e30f,
    ];

    [Test]
    public void DoubleSpecialLanesGiveTheScalarBits()
    {
        for (int n = 0; n <= 256; n++)
        {
            var x = new double[n];
            for (int i = 0; i < n; i++)
            {
                x[i] = DoubleSpecials[((i * 7) + n) % DoubleSpecials.Length];
            }

            var d = new double[n];
            SpanMath.Log(x, d);
            for (int i = 0; i < n; i++)
            {
                Assert.That(BitConverter.DoubleToInt64Bits(d[i]), Is.EqualTo(BitConverter.DoubleToInt64Bits(ScalarLog(x[i]))), $"log({x[i]:R}) n {n} i {i}");
            }
        }
    }

    [Test]
    public void FloatSpecialLanesGiveTheScalarBits()
    {
        for (int n = 0; n <= 256; n++)
        {
            var x = new float[n];
            for (int i = 0; i < n; i++)
            {
                x[i] = FloatSpecials[((i * 7) + n) % FloatSpecials.Length];
            }

            var d = new float[n];
            SpanMath.Log(x, d);
            for (int i = 0; i < n; i++)
            {
                float expected = MathF.Log(x[i]);
                if (x[i] >= 1.17549435e-38f && float.IsFinite(x[i]))
                {
                    // Ordinary lanes: the vector arithmetic, within 1 ULP.
                    Assert.That(Math.Abs(BitConverter.SingleToInt32Bits(d[i]) - BitConverter.SingleToInt32Bits(expected)), Is.LessThanOrEqualTo(1), $"log({x[i]:R})");
                }
                else
                {
                    // 0, negatives, infinities, NaN payloads and subnormals: the scalar call's bits.
                    Assert.That(BitConverter.SingleToInt32Bits(d[i]), Is.EqualTo(BitConverter.SingleToInt32Bits(expected)), $"log({x[i]:R}) n {n} i {i}");
                }
            }
        }
    }

    [Test]
    public void NegativeInputsAllGiveTheSameNaNAsTheScalarCall()
    {
        var rng = new Random(31);
        var x = new double[4096];
        var f = new float[4096];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = -Math.Exp((rng.NextDouble() * 1400) - 700);
            f[i] = -MathF.Exp((float)((rng.NextDouble() * 160) - 80));
        }

        var d = new double[x.Length];
        var g = new float[f.Length];
        SpanMath.Log(x, d);
        SpanMath.Log(f, g);
        for (int i = 0; i < x.Length; i++)
        {
            Assert.That(BitConverter.DoubleToInt64Bits(d[i]), Is.EqualTo(BitConverter.DoubleToInt64Bits(ScalarLog(x[i]))), $"log({x[i]:R})");
            Assert.That(BitConverter.SingleToInt32Bits(g[i]), Is.EqualTo(BitConverter.SingleToInt32Bits(MathF.Log(f[i]))), $"log({f[i]:R})");
        }
    }

    [Test]
    public void FloatWithinOneUlpOfDoubleLogRoundedToFloat()
    {
        var rng = new Random(32);
        var x = new float[200_000];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = i % 4 == 0
                ? BitConverter.Int32BitsToSingle(rng.Next(0x0080_0000, 0x7F80_0000)) // every normal exponent
                : i % 4 == 1 ? 1f + (float)((rng.NextDouble() - 0.5) * 1e-3) : (float)(rng.NextDouble() * 4);
        }

        var d = new float[x.Length];
        SpanMath.Log(x, d);
        int differing = 0;
        for (int i = 0; i < x.Length; i++)
        {
            float expected = (float)Math.Log(x[i]);
            int ulps = Math.Abs(BitConverter.SingleToInt32Bits(d[i]) - BitConverter.SingleToInt32Bits(expected));
            Assert.That(ulps, Is.LessThanOrEqualTo(1), $"log({x[i]:R}) = {d[i]:R}, expected {expected:R}");
            differing += ulps;
        }

        Assert.That(differing, Is.LessThan(x.Length / 10), "most values are the correctly rounded log");
    }

    /// <summary><see cref="Math.Log(double)"/>, but NumPy's negative default NaN (<c>0xFFF8…</c>) for negative inputs, where .NET gives +NaN.</summary>
    private static double ScalarLog(double x) => x < 0 ? BitConverter.Int64BitsToDouble(unchecked((long)0xFFF8_0000_0000_0000)) : Math.Log(x);
}
