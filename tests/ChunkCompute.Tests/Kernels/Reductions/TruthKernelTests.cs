using System.Numerics;
using ChunkCompute.Kernels;

namespace ChunkCompute.Tests.Kernels.Reductions;

/// <summary>
/// Vector counts and searches of zeros and NaNs against LINQ: every length 0..256 (vector bodies and remainders) with
/// zeros, −0, NaN and ±∞ at every position, every vector element type, and bool arrays whose true bytes are not 1.
/// </summary>
public class TruthKernelTests
{
    [Test]
    public void EveryLengthMatchesLinqForFloat64AndFloat32()
    {
        var rng = new Random(41);
        var pool = new[] { 0.0, -0.0, double.NaN, 1.5, -2.0, double.PositiveInfinity, double.NegativeInfinity, 1e-310 };
        for (int n = 0; n <= 256; n++)
        {
            foreach (double zeroShare in new[] { 0.0, 0.5, 1.0 })
            {
                var x = Enumerable.Range(0, n).Select(_ => rng.NextDouble() < zeroShare ? (rng.Next(2) == 0 ? 0.0 : -0.0) : pool[rng.Next(pool.Length)]).ToArray();
                Check(x, $"f8 n={n} zeros {zeroShare}");
                Check(x.Select(v => (float)v).ToArray(), $"f4 n={n} zeros {zeroShare}");
                Assert.That(TruthKernel.CountNaN<double>(x), Is.EqualTo(x.Count(double.IsNaN)), $"NaN count f8 n={n}");
                Assert.That(TruthKernel.CountNaN<float>(x.Select(v => (float)v).ToArray()), Is.EqualTo(x.Count(double.IsNaN)), $"NaN count f4 n={n}");
            }
        }
    }

    [Test]
    public void OneNonzeroOrOneZeroAtEveryPositionIsFound()
    {
        foreach (int n in new[] { 1, 7, 8, 31, 64, 65, 130, 257 })
        {
            for (int at = 0; at < n; at++)
            {
                var zeros = new double[n];
                zeros[at] = double.NaN;
                Assert.That(TruthKernel.AnyNonzero<double>(zeros), Is.True, $"NaN is truthy, n={n} at {at}");
                var ones = Enumerable.Repeat((sbyte)1, n).ToArray();
                ones[at] = 0;
                Assert.That(TruthKernel.AnyZero<sbyte>(ones), Is.True, $"n={n} zero at {at}");
                Assert.That(TruthKernel.CountZeros<sbyte>(ones), Is.EqualTo(1), $"n={n} zero at {at}");
            }

            Assert.That(TruthKernel.AnyNonzero<double>(Enumerable.Repeat(-0.0, n).ToArray()), Is.False, $"n={n} all -0");
            Assert.That(TruthKernel.AnyZero<double>(Enumerable.Repeat(double.NaN, n).ToArray()), Is.False, $"n={n} all NaN");
        }
    }

    [Test]
    public void EveryIntegerTypeMatchesLinq()
    {
        var rng = new Random(42);
        foreach (int n in new[] { 0, 1, 15, 16, 33, 100, 255, 1000 })
        {
            var v = Enumerable.Range(0, n).Select(_ => rng.Next(3) == 0 ? 0 : rng.Next(-300, 300)).ToArray();
            Check(v, $"int n={n}");
            Check(v.Select(e => (long)e << 33).ToArray(), $"long n={n}");
            Check(v.Select(e => (ulong)(uint)e).ToArray(), $"ulong n={n}");
            Check(v.Select(e => (uint)e).ToArray(), $"uint n={n}");
            Check(v.Select(e => (short)e).ToArray(), $"short n={n}");
            Check(v.Select(e => (ushort)e).ToArray(), $"ushort n={n}");
            Check(v.Select(e => (sbyte)e).ToArray(), $"sbyte n={n}");
            Check(v.Select(e => (byte)(e & 0x100)).ToArray(), $"byte n={n}");
        }
    }

    [Test]
    public void BoolArraysCountTheirNonzeroBytes()
    {
        foreach (int n in new[] { 0, 1, 63, 64, 65, 200 })
        {
            var bytes = Enumerable.Range(0, n).Select(i => (byte)(i % 3 == 0 ? 0 : i % 3 == 1 ? 1 : 0x80)).ToArray();
            var bools = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, bool>(bytes);
            int trues = bytes.Count(b => b != 0);
            Assert.That(bools.Length - TruthKernel.CountZeros<bool>(bools), Is.EqualTo(trues), $"n={n}");
            Assert.That(TruthKernel.AnyNonzero<bool>(bools), Is.EqualTo(trues > 0), $"any n={n}");
            Assert.That(TruthKernel.AnyZero<bool>(bools), Is.EqualTo(trues < n), $"not all n={n}");
            Assert.That(TruthKernel.CountNaN<bool>(bools), Is.Zero);
        }
    }

    private static void Check<T>(T[] x, string at)
        where T : unmanaged, INumber<T>
    {
        int zeros = x.Count(v => v == T.Zero);
        Assert.That(TruthKernel.CountZeros<T>(x), Is.EqualTo(zeros), $"zeros {at}");
        Assert.That(TruthKernel.AnyNonzero<T>(x), Is.EqualTo(zeros < x.Length), $"any {at}");
        Assert.That(TruthKernel.AnyZero<T>(x), Is.EqualTo(zeros > 0), $"not all {at}");
    }
}
