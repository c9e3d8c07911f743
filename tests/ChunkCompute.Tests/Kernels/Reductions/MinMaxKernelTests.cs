using System.Numerics;
using ChunkCompute.Kernels;

namespace ChunkCompute.Tests.Kernels.Reductions;

/// <summary>One-pass min/max (and its NaN-skipping form) against LINQ on every length 1..256 (vector body and remainder), NaN anywhere, signed zeros.</summary>
public class MinMaxKernelTests
{
    [Test]
    public void EveryLengthMatchesTwoPassReference()
    {
        var rng = new Random(21);
        for (int n = 1; n <= 256; n++)
        {
            Check(Enumerable.Range(0, n).Select(_ => (rng.NextDouble() * 200) - 100).ToArray(), n);
            Check(Enumerable.Range(0, n).Select(_ => (float)((rng.NextDouble() * 2e6) - 1e6)).ToArray(), n);
            Check(Enumerable.Range(0, n).Select(_ => rng.NextInt64()).ToArray(), n);
            Check(Enumerable.Range(0, n).Select(_ => (ulong)rng.NextInt64() * 2).ToArray(), n);
            Check(Enumerable.Range(0, n).Select(_ => rng.Next(int.MinValue, int.MaxValue)).ToArray(), n);
            Check(Enumerable.Range(0, n).Select(_ => (short)rng.Next(short.MinValue, short.MaxValue)).ToArray(), n);
            Check(Enumerable.Range(0, n).Select(_ => (byte)rng.Next(256)).ToArray(), n);
            Check(Enumerable.Range(0, n).Select(_ => (sbyte)rng.Next(-128, 128)).ToArray(), n);
        }
    }

    [Test]
    public void NaNAtAnyPositionPropagates()
    {
        for (int n = 1; n <= 130; n++)
        {
            for (int at = 0; at < n; at += Math.Max(1, n / 7))
            {
                var x = Enumerable.Range(0, n).Select(i => (double)i).ToArray();
                x[at] = double.NaN;
                var (lo, hi) = MinMaxKernel.MinMax<double>(x);
                Assert.That(double.IsNaN(lo) && double.IsNaN(hi), Is.True, $"n={n} NaN at {at}");
                var f = x.Select(v => (float)v).ToArray();
                var (flo, fhi) = MinMaxKernel.MinMax<float>(f);
                Assert.That(float.IsNaN(flo) && float.IsNaN(fhi), Is.True, $"float n={n} NaN at {at}");
            }
        }
    }

    /// <summary>−0 orders below +0 whichever comes first, so the result does not depend on how a span is split.</summary>
    [Test]
    public void SignedZerosDoNotDependOnOrder()
    {
        foreach (int n in new[] { 2, 33, 64, 100 })
        {
            for (int negAt = 0; negAt < n; negAt += 7)
            {
                var x = new double[n];
                x[negAt] = -0.0;
                var (lo, hi) = MinMaxKernel.MinMax<double>(x);
                Assert.That(double.IsNegative(lo) && lo == 0, Is.True, $"min n={n} -0 at {negAt}");
                Assert.That(!double.IsNegative(hi) && hi == 0, Is.True, $"max n={n} -0 at {negAt}");
            }
        }

        Assert.That(double.IsNegative(MinMaxKernel.Min(0.0, -0.0)), Is.True);
        Assert.That(double.IsNegative(MinMaxKernel.Max(-0.0, 0.0)), Is.False);
    }

    /// <summary>nanmin/nanmax lanes: every length 1..256 with NaN sprinkled (none, some, all), float and double.</summary>
    [Test]
    public void NanMinMaxSkipsNaNAtEveryLength()
    {
        var rng = new Random(22);
        for (int n = 1; n <= 256; n++)
        {
            foreach (double nanShare in new[] { 0.0, 0.1, 0.9, 1.0 })
            {
                var x = Enumerable.Range(0, n).Select(_ => rng.NextDouble() < nanShare ? double.NaN : (rng.NextDouble() * 200) - 100).ToArray();
                var clean = x.Where(v => !double.IsNaN(v)).ToArray();
                var (lo, hi) = MinMaxKernel.NanMinMax<double>(x);
                var f = x.Select(v => (float)v).ToArray();
                var (flo, fhi) = MinMaxKernel.NanMinMax<float>(f);
                string at = $"n={n} NaN share {nanShare}";
                if (clean.Length == 0)
                {
                    Assert.That((lo, hi), Is.EqualTo((double.PositiveInfinity, double.NegativeInfinity)), at);
                    Assert.That((flo, fhi), Is.EqualTo((float.PositiveInfinity, float.NegativeInfinity)), at);
                }
                else
                {
                    Assert.That((lo, hi), Is.EqualTo((clean.Min(), clean.Max())), at);
                    Assert.That((flo, fhi), Is.EqualTo(((float)clean.Min(), (float)clean.Max())), at);
                }
            }
        }
    }

    /// <summary>±∞ values are values, not NaN placeholders: they win against the replaced NaN lanes.</summary>
    [Test]
    public void NanMinMaxKeepsInfinitiesAndSignedZeros()
    {
        foreach (int n in new[] { 3, 40, 129 })
        {
            var x = Enumerable.Repeat(double.NaN, n).ToArray();
            x[n / 2] = double.PositiveInfinity;
            Assert.That(MinMaxKernel.NanMinMax<double>(x), Is.EqualTo((double.PositiveInfinity, double.PositiveInfinity)), $"n={n} +inf");
            x[n / 2] = double.NegativeInfinity;
            Assert.That(MinMaxKernel.NanMinMax<double>(x), Is.EqualTo((double.NegativeInfinity, double.NegativeInfinity)), $"n={n} -inf");
            x[n / 2] = 0.0;
            x[n - 1] = -0.0;
            var (lo, hi) = MinMaxKernel.NanMinMax<double>(x);
            Assert.That(double.IsNegative(lo) && !double.IsNegative(hi), Is.True, $"n={n} zeros: min -0, max +0");
        }
    }

    private static void Check<T>(T[] x, int n)
        where T : unmanaged, INumber<T>
    {
        var (lo, hi) = MinMaxKernel.MinMax<T>(x);
        Assert.That(lo, Is.EqualTo(x.Min()), $"{typeof(T).Name} n={n}: min");
        Assert.That(hi, Is.EqualTo(x.Max()), $"{typeof(T).Name} n={n}: max");
    }
}
