using ChunkCompute;
using ChunkCompute.Execution;

namespace ChunkCompute.Tests.Kernels.Sorting;

public class SortTests
{
    [Test]
    public void EveryLength0To256SortsLikeReferenceWithNaNLast()
    {
        for (int n = 0; n <= 256; n++)
        {
            var rnd = new Random(n);
            var x = Enumerable.Range(0, n).Select(_ => rnd.Next(5) == 0 ? double.NaN : Math.Round(rnd.NextDouble() * 10, 1)).ToArray();
            using var a = NdArray.FromArray(x);
            var sorted = NdArray.Sort(a).ToArray();
            var expected = x.Where(v => !double.IsNaN(v)).OrderBy(v => v).Concat(x.Where(double.IsNaN)).ToArray();
            Assert.That(sorted, Is.EqualTo(expected), $"n={n}");
            var order = NdArray.ArgSort(a, stable: true).ToArray();
            var stableExpected = Enumerable.Range(0, n).OrderBy(i => double.IsNaN(x[i]) ? 1 : 0).ThenBy(i => double.IsNaN(x[i]) ? 0 : x[i]).ToArray();
            Assert.That(order, Is.EqualTo(stableExpected.Select(i => (long)i).ToArray()), $"n={n}");
        }
    }

    /// <summary>
    /// np.sort(kind='stable') keeps -0.0 and 0.0 (equal, different bits) in input order: every length 0..256 of a
    /// random mix of ±0, ±1 and NaN, compared bit for bit with a stable LINQ sort.
    /// </summary>
    [Test]
    public void StableSortKeepsSignedZerosInInputOrderEveryLength()
    {
        double[] pool = [0.0, -0.0, 1.0, -1.0, double.NaN];
        for (int n = 0; n <= 256; n++)
        {
            var rnd = new Random(1000 + n);
            var x = Enumerable.Range(0, n).Select(_ => pool[rnd.Next(pool.Length)]).ToArray();
            var expected = x.Where(v => !double.IsNaN(v)).OrderBy(v => v).Concat(x.Where(double.IsNaN)).Select(BitConverter.DoubleToInt64Bits).ToArray();
            var sorted = NdArray.Sort(NdArray.FromArray(x, n), stable: true).ToArray().Select(BitConverter.DoubleToInt64Bits).ToArray();
            Assert.That(sorted, Is.EqualTo(expected), $"n={n}");
            var f = x.Select(v => (float)v).ToArray();
            var fExpected = f.Where(v => !float.IsNaN(v)).OrderBy(v => v).Concat(f.Where(float.IsNaN)).Select(BitConverter.SingleToInt32Bits).ToArray();
            var fSorted = NdArray.Sort(NdArray.FromArray(f, n), stable: true).ToArray().Select(BitConverter.SingleToInt32Bits).ToArray();
            Assert.That(fSorted, Is.EqualTo(fExpected), $"float32 n={n}");
        }

        // Along axis 0 of a (40, 3) matrix: each column equals a stable sort of that column.
        var r = new Random(7);
        var data = Enumerable.Range(0, 120).Select(_ => pool[r.Next(4)]).ToArray();
        var m = NdArray.FromArray(data, 40, 3);
        var s = NdArray.Sort(m, axis: 0, stable: true);
        for (int c = 0; c < 3; c++)
        {
            var col = Enumerable.Range(0, 40).Select(i => data[(i * 3) + c]).ToArray();
            var want = col.OrderBy(v => v).Select(BitConverter.DoubleToInt64Bits).ToArray();
            var got = Enumerable.Range(0, 40).Select(i => BitConverter.DoubleToInt64Bits(s[i, c])).ToArray();
            Assert.That(got, Is.EqualTo(want), $"column {c}");
        }
    }

    [Test]
    public void SortAlongEveryAxisOfRank3MatchesPerSliceSort()
    {
        using var a = new NdRandom(5).Integers<int>(-50, 50, [4, 5, 6]);
        for (int axis = 0; axis < 3; axis++)
        {
            var s = NdArray.Sort(a, axis, settings: new ExecutionSettings(3) { MinimumElementsPerTask = 1 });
            var o = NdArray.ArgSort(a, axis);
            Assert.That(s.Shape.ToArray(), Is.EqualTo(a.Shape.ToArray()));
            var idx = new long[3];
            for (long i = 0; i < a.Size; i++)
            {
                idx[0] = i / 30;
                idx[1] = i / 6 % 5;
                idx[2] = i % 6;
                if (idx[axis] > 0)
                {
                    var prev = (long[])idx.Clone();
                    prev[axis]--;
                    Assert.That(s[prev], Is.LessThanOrEqualTo(s[idx]), $"axis {axis}");
                }

                var src = (long[])idx.Clone();
                src[axis] = o[idx];
                Assert.That(a[src], Is.EqualTo(s[idx]), $"argsort axis {axis}");
            }
        }

        Assert.That(NdArray.Sort(a, null).Shape.ToArray(), Is.EqualTo(new long[] { 120 }));
    }

    /// <summary>NumPy 1.24: <c>np.sort</c> of a 0-d array needs <c>axis=None</c>; <c>np.argsort</c> takes it as shape (1,).</summary>
    [Test]
    public void ZeroDimensionalArraysFollowNumPysAxisRules()
    {
        using var z = NdArray.FromArray([5.0]).Reshape();
        Assert.That(NdArray.Sort(z, null).ToArray(), Is.EqualTo(new[] { 5.0 }));
        Assert.That(Assert.Throws<AxisOutOfRangeException>(() => NdArray.Sort(z))!.Message, Does.StartWith("axis -1 is out of bounds for array of dimension 0"));
        Assert.That(Assert.Throws<AxisOutOfRangeException>(() => NdArray.Sort(z, 0))!.Message, Does.StartWith("axis 0 is out of bounds for array of dimension 0"));
        Assert.That(NdArray.ArgSort(z).ToArray(), Is.EqualTo(new long[] { 0 }));
        Assert.That(NdArray.ArgSort(z, 0).ToArray(), Is.EqualTo(new long[] { 0 }));
        Assert.That(NdArray.ArgSort(z, null).ToArray(), Is.EqualTo(new long[] { 0 }));
        Assert.That(Assert.Throws<AxisOutOfRangeException>(() => NdArray.ArgSort(z, -2))!.Message, Does.StartWith("axis -2 is out of bounds for array of dimension 1"));
        Assert.That(Assert.Throws<AxisOutOfRangeException>(() => NdArray.ArgSort(z, 7))!.Message, Does.StartWith("axis 7 is out of bounds for array of dimension 1"));
    }
}
