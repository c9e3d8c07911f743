using NUnit.Framework;

namespace ChunkCompute.Tests.Kernels.Elementwise;

/// <summary>
/// float64 <c>tan</c> (<c>TanDoubleOperator</c>): within 1 ULP of glibc's <c>tan</c> (itself within 1 ULP, nearly
/// always correctly rounded) over seeded sweeps of several ranges, next to the poles and at π/4's odd multiples
/// (where the correction term is largest), and just above 2^-27 (below it the kernel returns x); special values
/// as <see cref="Math.Tan(double)"/> at every length. Position and neighbour independence:
/// <c>NeighbourIndependenceTests</c> and <c>EveryOperationEveryLengthMatchesScalarPath</c>. Measured against
/// mpmath (bench/README.md): at most about 1.5 ULP, NumPy's SVML 3.35.
/// </summary>
[TestFixture]
public sealed class TanDoubleTests
{
    [TestCase(0, 2.0)]
    [TestCase(1, 100.0)]
    [TestCase(2, 1e6)]
    public void UniformRangesAreWithinOneUlpOfLibm(int seed, double range)
    {
        var rng = new Random(seed);
        AssertWithinOneUlp(Enumerable.Range(0, 200_000).Select(_ => ((rng.NextDouble() * 2) - 1) * range).ToArray());
    }

    [Test]
    public void LogUniformMagnitudesAreWithinOneUlpOfLibm()
    {
        var rng = new Random(3);
        AssertWithinOneUlp(Enumerable.Range(0, 200_000).Select(_ => (rng.Next(2) == 0 ? -1 : 1) * Math.Pow(2, (rng.NextDouble() * 60) - 40)).ToArray());
    }

    [Test]
    public void NextToPolesZerosAndOddMultiplesOfQuarterPiAreWithinOneUlpOfLibm()
    {
        var rng = new Random(4);
        var xs = new List<double>();
        for (int i = 0; i < 100_000; i++)
        {
            long k = rng.NextInt64(1, 600_000);
            long bits = BitConverter.DoubleToInt64Bits(k * Math.PI / 2) + rng.Next(-40, 41);
            xs.Add(BitConverter.Int64BitsToDouble(bits));
            xs.Add((Math.PI / 4 * ((2 * rng.Next(4)) + 1)) + ((rng.NextDouble() - 0.5) * 1e-6));
        }

        AssertWithinOneUlp(xs.ToArray());
    }

    /// <summary>
    /// Just above 2^-27, where the kernel stops returning x: tan x = x + x³/3 is x + 1 ULP for part of [2^-27, 2^-26),
    /// so a threshold set too high shows here; glibc is correctly rounded on these and so must we be.
    /// </summary>
    [Test]
    public void SmallArgumentsAboveTheThresholdEqualLibm()
    {
        var rng = new Random(8);
        var x = Enumerable.Range(0, 20_000).Select(_ => (rng.Next(2) == 0 ? -1 : 1) * Math.Pow(2, -27 + (rng.NextDouble() * 3))).ToArray();
        using var a = NdArray.FromArray(x);
        using var t = NdArray.Tan(a);
        for (int i = 0; i < x.Length; i++)
        {
            Assert.That(BitConverter.DoubleToInt64Bits(t[i]), Is.EqualTo(BitConverter.DoubleToInt64Bits(Math.Tan(x[i]))), $"tan({x[i]:R})");
        }
    }

    [Test]
    public void SpecialValuesAndEveryLength()
    {
        double[] specials =
        [
            0.0, -0.0, 4.9e-324, -4.9e-324, 1e-300, 7.4e-9, 7.5e-9, double.PositiveInfinity, double.NegativeInfinity,
            double.NaN, 1e6, Math.BitIncrement(1e6), -3e9, 1e300, double.MaxValue, Math.PI / 2, -Math.PI / 2, 355.0,
        ];
        for (int n = 0; n <= 256; n++)
        {
            var x = new double[n];
            for (int i = 0; i < n; i++)
            {
                x[i] = specials[((i * 7) + n) % specials.Length];
            }

            using var a = NdArray.FromArray(x);
            using var t = NdArray.Tan(a);
            for (int i = 0; i < n; i++)
            {
                double expected = Math.Tan(x[i]);
                if (double.IsNaN(expected))
                {
                    Assert.That(double.IsNaN(t[i]), $"n {n} i {i} x {x[i]:R}");
                }
                else if (x[i] == 0 || Math.Abs(x[i]) < 7.45e-9)
                {
                    // Zeros and tiny values (tan x rounds to x): exactly Math.Tan's bits. Lanes past the vector limit
                    // take LargeArgumentTrig (within 1 ULP of glibc here, where glibc is accurate; hard cases:
                    // TranscendentalReferenceTests.LargeArguments…).
                    Assert.That(BitConverter.DoubleToInt64Bits(t[i]), Is.EqualTo(BitConverter.DoubleToInt64Bits(expected)), $"n {n} i {i} x {x[i]:R}");
                }
                else
                {
                    Assert.That(Math.Abs(BitConverter.DoubleToInt64Bits(t[i]) - BitConverter.DoubleToInt64Bits(expected)), Is.LessThanOrEqualTo(1), $"n {n} i {i} x {x[i]:R}");
                }
            }
        }
    }

    private static void AssertWithinOneUlp(double[] x)
    {
        using var a = NdArray.FromArray(x);
        using var t = NdArray.Tan(a);
        var got = t.AsReadOnlySpan();
        for (int i = 0; i < x.Length; i++)
        {
            double expected = Math.Tan(x[i]);
            long d = Math.Abs(BitConverter.DoubleToInt64Bits(got[i]) - BitConverter.DoubleToInt64Bits(expected));
            if (d > 1 || Math.Sign(got[i]) != Math.Sign(expected))
            {
                Assert.Fail($"tan({x[i]:R}) = {got[i]:R}, libm {expected:R} ({d} ULP)");
            }
        }
    }
}
