using System.Numerics;
using ChunkCompute.Kernels;

namespace ChunkCompute.Tests.Kernels.Elementwise;

/// <summary>
/// The Payne-Hanek reduction behind sin/cos/tan of large arguments (<c>LargeArgumentTrig</c>). Accuracy on hard and
/// random inputs: <see cref="TranscendentalReferenceTests.LargeArgumentsStayWithinOneUlpOfTheCorrectlyRoundedValue"/>.
/// </summary>
public sealed class LargeArgumentTrigTests
{
    /// <summary>The table of 2/π's bits against π by Machin's formula in integer arithmetic, computed here.</summary>
    [Test]
    public void TwoOverPiTableHoldsTheBitsOfTwoOverPi()
    {
        const int Bits = 1280;
        const int Guard = 64;
        BigInteger one = BigInteger.One << (Bits + Guard + 8);
        BigInteger ArctanInverse(int n)
        {
            // atan(1/n) · one, by the alternating series; every term truncated, so the error is a few units.
            BigInteger sum = 0, power = one / n, n2 = (BigInteger)n * n;
            for (int k = 0; !power.IsZero; k++)
            {
                BigInteger term = power / ((2 * k) + 1);
                sum += k % 2 == 0 ? term : -term;
                power /= n2;
            }

            return sum;
        }

        BigInteger pi = (16 * ArctanInverse(5)) - (4 * ArctanInverse(239)); // π · one
        BigInteger twoOverPi = (BigInteger.One << (Bits + 1)) * one / pi;  // ⌊2/π · 2^Bits⌋, up to the last bit or two
        var table = LargeArgumentTrig.TwoOverPiBits;
        BigInteger fromTable = 0;
        foreach (ulong word in table)
        {
            fromTable = (fromTable << 64) | word;
        }

        Assert.That(table.Length * 64, Is.EqualTo(Bits));
        Assert.That(BigInteger.Abs(fromTable - twoOverPi), Is.LessThanOrEqualTo(new BigInteger(1)));
    }

    /// <summary>sin² + cos² = 1 and tan = sin/cos on random large arguments of both signs, and the odd/even symmetries.</summary>
    [Test]
    public void IdentitiesHoldOnRandomLargeArguments()
    {
        var rng = new Random(21);
        for (int i = 0; i < 20_000; i++)
        {
            double x = Math.Pow(10, 5 + (rng.NextDouble() * 303)) * (rng.Next(2) == 0 ? 1 : -1);
            double s = LargeArgumentTrig.Sin(x), c = LargeArgumentTrig.Cos(x), t = LargeArgumentTrig.Tan(x);
            Assert.That((s * s) + (c * c), Is.EqualTo(1.0).Within(4e-16), $"x = {x:R}");
            Assert.That(t, Is.EqualTo(s / c).Within(4e-16 * Math.Max(1, Math.Abs(t))).Or.EqualTo(s / c).Within(1e-15).Percent, $"x = {x:R}");
            Assert.That(LargeArgumentTrig.Sin(-x), Is.EqualTo(-s));
            Assert.That(LargeArgumentTrig.Cos(-x), Is.EqualTo(c));
            Assert.That(LargeArgumentTrig.Tan(-x), Is.EqualTo(-t));
        }

        Assert.That(double.IsNaN(LargeArgumentTrig.Sin(double.PositiveInfinity)) && double.IsNaN(LargeArgumentTrig.Cos(double.NegativeInfinity)) && double.IsNaN(LargeArgumentTrig.Tan(double.NaN)));
    }

    /// <summary>
    /// Lanes past the vector kernels' limits (MediumTrig's vectors below 2^30, the Payne-Hanek path above) give the
    /// same bits in any position, alone, in place, and through the scalar entry points, mixed with ordinary values,
    /// NaN and ±Inf, at every length 1..70.
    /// </summary>
    [TestCase("sin")]
    [TestCase("cos")]
    [TestCase("tan")]
    public void LargeArgumentLanesGiveTheSameBitsInAnyPositionAloneAndInPlace(string function)
    {
        var rng = new Random(31);
        Func<double, double> scalar = function switch { "sin" => LargeArgumentTrig.Sin, "cos" => LargeArgumentTrig.Cos, _ => LargeArgumentTrig.Tan };
        for (int n = 1; n <= 70; n++)
        {
            var x = new double[n];
            for (int i = 0; i < n; i++)
            {
                x[i] = rng.Next(6) switch
                {
                    0 => (rng.NextDouble() * 20) - 10,
                    1 => (rng.Next(2) == 0 ? 1 : -1) * Math.Pow(2, 17 + (rng.NextDouble() * 13)),   // 1e5 .. 2^30
                    2 => (rng.Next(2) == 0 ? 1 : -1) * Math.Pow(2, 30 + (rng.NextDouble() * 900)),  // 2^30 .. 2^930
                    3 => i % 2 == 0 ? double.NaN : double.NegativeInfinity,
                    _ => (rng.Next(2) == 0 ? 1 : -1) * (1e5 + (rng.NextDouble() * 1e9)),
                };
            }

            using var a = NdArray.FromArray(x);
            var whole = Apply(function, a).ToArray();
            var inPlace = (double[])x.Clone();
            using (var b = NdArray.FromArray(inPlace))
            {
                ApplyInto(function, b);
                inPlace = b.ToArray();
            }

            for (int i = 0; i < n; i++)
            {
                using var one = NdArray.FromArray(new[] { x[i] });
                double alone = Apply(function, one).ToArray()[0];
                string where = $"{function}({x[i]:R}) at {i} of {n}";
                Assert.That(BitConverter.DoubleToInt64Bits(whole[i]), Is.EqualTo(BitConverter.DoubleToInt64Bits(alone)), where + " alone");
                Assert.That(BitConverter.DoubleToInt64Bits(inPlace[i]), Is.EqualTo(BitConverter.DoubleToInt64Bits(alone)), where + " in place");
                if (Math.Abs(x[i]) > 1e6 && double.IsFinite(x[i]))
                {
                    Assert.That(BitConverter.DoubleToInt64Bits(scalar(x[i])), Is.EqualTo(BitConverter.DoubleToInt64Bits(alone)), where + " scalar entry");
                }
            }
        }
    }

    private static NdArray<double> Apply(string function, NdArray<double> a) => function switch
    {
        "sin" => NdArray.Sin(a),
        "cos" => NdArray.Cos(a),
        _ => NdArray.Tan(a),
    };

    private static void ApplyInto(string function, NdArray<double> a)
    {
        switch (function)
        {
            case "sin":
                NdArray.Sin(a, @out: a);
                break;
            case "cos":
                NdArray.Cos(a, @out: a);
                break;
            default:
                NdArray.Tan(a, @out: a);
                break;
        }
    }
}
