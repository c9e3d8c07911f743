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
}
