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
}
