using ChunkCompute;
using ChunkCompute.Execution;

namespace ChunkCompute.Tests.Kernels.Statistics;

public class HistogramTests
{
    /// <summary>The vectorised index arithmetic and the scalar NumPy algorithm (run on every length 0..256) agree, and thread counts do not matter.</summary>
    [Test]
    public void VectorAndScalarPathsAgreeOnValuesOnEdges()
    {
        for (int n = 0; n <= 256; n++)
        {
            // Values on edges of linspace(0, 1, 11) and just beside them.
            var x = Enumerable.Range(0, n).Select(i => (i % 11 / 10.0) + ((i % 3) - 1) * (i % 5 == 0 ? 1e-17 : 0)).ToArray();
            using var a = NdArray.FromArray(x);
            var (counts, edges) = NdArray.Histogram(a, 10, (0.0, 1.0));
            var e = edges.ToArray();
            var expected = new long[10];
            foreach (double v in x)
            {
                if (v < 0 || v > 1)
                {
                    continue;
                }

                int b = Array.FindLastIndex(e, edge => edge <= v);
                expected[Math.Min(b, 9)]++;
            }

            Assert.That(counts.ToArray(), Is.EqualTo(expected), $"n={n}");
        }
    }

    [Test]
    public void CountsDoNotDependOnThreads()
    {
        using var a = new NdRandom(8).Normal([2_000_003], 0, 1);
        var c1 = NdArray.Histogram(a, 100, null, ExecutionSettings.Sequential).Counts;
        var c8 = NdArray.Histogram(a, 100, null, new ExecutionSettings(8) { MinimumElementsPerTask = 1 }).Counts;
        Assert.That(c8.ArrayEquals(c1), Is.True);
        Assert.That(c1.Sum(), Is.EqualTo(2_000_003));
        var ints = new NdRandom(9).Integers<int>(-5, 6, [10_001]);
        Assert.That(NdArray.Histogram(ints, 11).Counts.Sum(), Is.EqualTo(10_001));
    }
}
