using ChunkCompute.Kernels.Elementwise;

namespace ChunkCompute.Tests.Kernels.Elementwise;

/// <summary>
/// <c>x ** e</c> for one broadcast exponent of 2, 1, 0, -1 or 0.5 (float32 and float64) is the exact operation with
/// <c>pow</c>'s special values: every length 0..256 (vector remainders) over specials and seeded values of every
/// magnitude, against the scalar definition bit for bit and against libm's <c>pow</c> (<see cref="Math.Pow"/>)
/// within its 0.52-ULP error; other exponents still go through <c>pow</c>.
/// </summary>
public class PowerScalarExponentTests
{
    private static readonly double[] Exponents = [2.0, 1.0, 0.0, -0.0, -1.0, 0.5];

    [Test]
    public void DoubleExponentsAreTheExactOperationsAtEveryLength()
    {
        var values = Values(11).ToArray();
        foreach (double e in Exponents)
        {
            for (int n = 0; n <= 256; n++)
            {
                var x = values.Skip(n % 17).Take(n).ToArray();
                var d = new double[x.Length];
                PowerKernel<double>.Invoke(x, Enumerable.Repeat(e, x.Length).ToArray(), d);
                for (int i = 0; i < x.Length; i++)
                {
                    double expected = Expected(x[i], e);
                    if (!SameBits(d[i], expected))
                    {
                        Assert.Fail($"{x[i]:R} ** {e}: got {d[i]:R}, expected {expected:R} (n={n}, i={i})");
                    }

                    double pow = Math.Pow(x[i], e);
                    Assert.That(double.IsNaN(d[i]) ? double.IsNaN(pow) : Math.Abs(BitConverter.DoubleToInt64Bits(d[i]) - BitConverter.DoubleToInt64Bits(pow)) <= 1, $"{x[i]:R} ** {e}: {d[i]:R} against pow's {pow:R}");
                }
            }
        }
    }

    [Test]
    public void FloatExponentsAreTheExactOperationsAtEveryLength()
    {
        var values = Values(12).Select(v => (float)v).ToArray();
        foreach (double e64 in Exponents)
        {
            float e = (float)e64;
            for (int n = 0; n <= 256; n++)
            {
                var x = values.Skip(n % 13).Take(n).ToArray();
                var d = new float[x.Length];
                PowerKernel<float>.Invoke(x, Enumerable.Repeat(e, x.Length).ToArray(), d);
                for (int i = 0; i < x.Length; i++)
                {
                    float expected = (float)Expected(x[i], e);
                    expected = e == 2f ? x[i] * x[i] : e == -1f ? 1f / x[i] : expected; // one float rounding, not two
                    if (BitConverter.SingleToInt32Bits(d[i]) != BitConverter.SingleToInt32Bits(expected) && !(float.IsNaN(d[i]) && float.IsNaN(expected)))
                    {
                        Assert.Fail($"{x[i]:R} ** {e}: got {d[i]:R}, expected {expected:R} (n={n}, i={i})");
                    }
                }
            }
        }
    }

    [Test]
    public void PublicPowerWithScalarExponents()
    {
        // np.power(a, 2.0) on a reversed, stepped view; -0 ** 0.5 is +0 and -inf ** 0.5 is +inf, as pow (np.power) gives.
        using var a = NdArray.FromArray(new[] { -3.5, -0.0, double.NegativeInfinity, 2.0, 1e200, double.NaN, 0.25 });
        using var view = a["::-2"];
        Assert.That(NdArray.Power(view, 2.0).ToArray(), Is.EqualTo(new[] { 0.0625, double.PositiveInfinity, double.PositiveInfinity, 12.25 }));
        var roots = NdArray.Power(a, 0.5).ToArray();
        Assert.That(roots.Select(BitConverter.DoubleToInt64Bits).Skip(1).Take(2), Is.EqualTo(new[] { 0L, BitConverter.DoubleToInt64Bits(double.PositiveInfinity) }));
        Assert.That(double.IsNaN(roots[0]) && double.IsNaN(roots[5]) && roots[3] == Math.Sqrt(2.0) && roots[6] == 0.5, Is.True);
        using var f = NdArray.FromArray(new[] { 3f, -0f, 0.1f });
        Assert.That(NdArray.Power(f, 2f).ToArray(), Is.EqualTo(new[] { 9f, 0f, 0.1f * 0.1f }));
        Assert.That(NdArray.Power(f, -1f).ToArray(), Is.EqualTo(new[] { 1f / 3f, float.NegativeInfinity, 1f / 0.1f }));
    }

    [Test]
    public void OtherAndMixedExponentsStillUsePow() // the vector pow: within 1 ULP of libm's (PowDoubleTests)
    {
        var x = new[] { 1.7, 2.3, -4.0, 10.0, 0.3 };
        foreach (var y in new[] { new[] { 2.0, 2.0, 3.0, 2.0, 2.0 }, new[] { 1.5, 1.5, 1.5, 1.5, 1.5 }, new[] { 3.0, 3.0, 3.0, 3.0, 3.0 }, new[] { double.NaN, double.NaN, double.NaN, double.NaN, double.NaN } })
        {
            var d = new double[x.Length];
            PowerKernel<double>.Invoke(x, y, d);
            Assert.That(d, Is.EqualTo(x.Select((v, i) => PowOf(v, y[i])).ToArray()).Within(1).Ulps);
        }
    }

    private static double PowOf(double x, double y) => Math.Pow(x, y);

    private static double Expected(double x, double e) => e switch
    {
        2.0 => x * x,
        1.0 => x,
        0.0 => 1.0,
        -1.0 => 1.0 / x,
        _ => double.IsNegativeInfinity(x) ? double.PositiveInfinity : Math.Sqrt(x) + 0.0,
    };

    private static bool SameBits(double a, double b) => BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b) || (double.IsNaN(a) && double.IsNaN(b));

    private static IEnumerable<double> Values(int seed)
    {
        double[] specials = [0.0, -0.0, 1.0, -1.0, double.PositiveInfinity, double.NegativeInfinity, double.NaN, double.Epsilon, -double.Epsilon, double.MaxValue, -double.MaxValue, 2.2250738585072014E-308, 1e154, 1.5e-162, 3.0];
        var rng = new Random(seed);
        for (int i = 0; i < 300; i++)
        {
            yield return i % 3 == 0 ? specials[rng.Next(specials.Length)] : (rng.NextDouble() - 0.3) * Math.Pow(2, rng.Next(-1074, 1000));
        }
    }
}
