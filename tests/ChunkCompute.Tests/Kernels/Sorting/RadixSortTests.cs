using System.Numerics;
using ChunkCompute;
using ChunkCompute.Kernels;

namespace ChunkCompute.Tests.Kernels.Sorting;

/// <summary>
/// Sort and ArgSort of rows long enough for the radix sort (from <see cref="RadixSort.MinLength"/>) against LINQ's
/// stable OrderBy with NumPy's order (NaN last): every element type, ties, −0/+0 (tied in argsort, −0 first in
/// sort), NaN of both signs and several payloads, narrow value ranges (digits skipped), and the lengths around the
/// switch from the comparison sorts.
/// </summary>
public class RadixSortTests
{
    private static readonly int[] Lengths = [RadixSort.MinLength - 1, RadixSort.MinLength, RadixSort.MinLength + 1, 10_007, 70_001];

    [Test]
    public void Float64WithNaNSignedZerosAndTiesMatchesStableReference([ValueSource(nameof(Lengths))] int n)
    {
        var rng = new Random(n);
        var nans = new[] { double.NaN, -double.NaN, BitConverter.Int64BitsToDouble(0x7FF0_0000_0000_0001), BitConverter.Int64BitsToDouble(unchecked((long)0xFFF8_0000_0000_0042)) };
        var x = Enumerable.Range(0, n).Select(i => (i % 17) switch
        {
            0 => nans[rng.Next(nans.Length)],
            1 => -0.0,
            2 => 0.0,
            3 => double.NegativeInfinity,
            4 => double.PositiveInfinity,
            5 => double.Epsilon * rng.Next(-3, 4),
            _ => Math.Round((rng.NextDouble() - 0.5) * 1e6, rng.Next(0, 3)),
        }).ToArray();
        using var a = NdArray.FromArray(x);

        var order = NdArray.ArgSort(a).ToArray();
        var expected = Enumerable.Range(0, n).OrderBy(i => double.IsNaN(x[i]) ? 1 : 0).ThenBy(i => double.IsNaN(x[i]) ? 0 : x[i]).Select(i => (long)i).ToArray();
        Assert.That(order, Is.EqualTo(expected), "argsort: NaN last, ties (−0/+0 too) in index order");

        // Unstable sort: the order of −0 and +0 among themselves is unspecified (as in NumPy), the rest is exact.
        var sorted = NdArray.Sort(a).ToArray();
        var finite = x.Where(v => !double.IsNaN(v)).OrderBy(v => v).ToArray();
        Assert.That(sorted.Take(finite.Length).ToArray(), Is.EqualTo(finite), "sort: values in order");
        Assert.That(sorted.Count(v => v == 0 && double.IsNegative(v)), Is.EqualTo(x.Count(v => v == 0 && double.IsNegative(v))), "sort: every −0 kept");
        Assert.That(sorted.Skip(finite.Length).All(double.IsNaN), Is.True, "sort: NaNs last");

        var stable = NdArray.Sort(a, stable: true).ToArray();
        var stableExpected = expected.Select(i => BitConverter.DoubleToInt64Bits(x[i])).ToArray();
        Assert.That(stable.Take(finite.Length).Select(BitConverter.DoubleToInt64Bits), Is.EqualTo(stableExpected.Take(finite.Length)), "stable sort: −0/+0 in input order");
    }

    [Test]
    public void EveryOtherTypeMatchesStableReference()
    {
        var rng = new Random(7);
        foreach (int n in new[] { RadixSort.MinLength, 20_011 })
        {
            var v = Enumerable.Range(0, n).Select(_ => rng.Next(-40_000, 40_000)).ToArray();
            Check(v.Select(e => (float)(e / 7.0)).ToArray(), n);
            Check(v, n);
            Check(v.Select(e => ((long)e << 30) + e).ToArray(), n);
            Check(v.Select(e => (ulong)(uint)e << 20).ToArray(), n);
            Check(v.Select(e => (uint)e).ToArray(), n);
            Check(v.Select(e => (short)e).ToArray(), n);
            Check(v.Select(e => (ushort)e).ToArray(), n);
            Check(v.Select(e => (sbyte)e).ToArray(), n);
            Check(v.Select(e => (byte)e).ToArray(), n);
            Check(v.Select(e => (Half)(e / 100.0)).ToArray(), n);
        }
    }

    /// <summary>Values in a narrow range (every high digit equal, so those passes are skipped) and all-equal rows.</summary>
    [Test]
    public void NarrowRangesAndConstantRowsSortCorrectly()
    {
        int n = 9000;
        var narrow = Enumerable.Range(0, n).Select(i => 1000.0 + ((i * 7919) % 13)).ToArray();
        Check(narrow, n);
        Check(Enumerable.Repeat(3.25, n).ToArray(), n);
        Check(Enumerable.Repeat(long.MinValue, n).ToArray(), n);
    }

    private static void Check<T>(T[] x, int n)
        where T : unmanaged, INumber<T>
    {
        using var a = NdArray.FromArray(x);
        var order = NdArray.ArgSort(a).ToArray();
        var expected = Enumerable.Range(0, x.Length).OrderBy(i => T.IsNaN(x[i]) ? 1 : 0).ThenBy(i => T.IsNaN(x[i]) ? T.Zero : x[i]).Select(i => (long)i).ToArray();
        Assert.That(order, Is.EqualTo(expected), $"argsort {typeof(T).Name} n={n}");
        var sorted = NdArray.Sort(a).ToArray();
        Assert.That(sorted, Is.EqualTo(expected.Select(i => x[i]).ToArray()), $"sort {typeof(T).Name} n={n}");
    }
}
