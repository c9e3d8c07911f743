using ChunkCompute;
using ChunkCompute.Execution;

namespace ChunkCompute.Tests.Kernels.LinearAlgebra;

public class MatMulTests
{
    [TestCase(1, 1, 1)]
    [TestCase(7, 13, 5)]
    [TestCase(65, 300, 517)]
    [TestCase(130, 600, 33)]
    public void MatchesNaiveTripleLoopAndIsThreadIndependent(int n, int k, int m)
    {
        using var a = new NdRandom(1).Normal([n, k], 0, 1);
        using var b = new NdRandom(2).Normal([k, m], 0, 1);
        var c = NdArray.MatMul(a, b, ExecutionSettings.Sequential);
        var c4 = NdArray.MatMul(a, b, new ExecutionSettings(4) { MinimumElementsPerTask = 1 });
        Assert.That(c4.ArrayEquals(c), Is.True, "bits depend on threads");
        for (int i = 0; i < n; i += Math.Max(1, n / 7))
        {
            for (int j = 0; j < m; j += Math.Max(1, m / 7))
            {
                double s = 0;
                for (int p = 0; p < k; p++)
                {
                    s += a[i, p] * b[p, j];
                }

                Assert.That(c[i, j], Is.EqualTo(s).Within(1e-12 * k), $"[{i},{j}]");
            }
        }
    }

    [Test]
    public void BatchedBroadcastsBatchOfOne()
    {
        using var a = new NdRandom(3).Normal([3, 4, 5], 0, 1);
        using var b = new NdRandom(4).Normal([1, 5, 2], 0, 1);
        var c = NdArray.MatMul(a, b);
        Assert.That(c.Shape.ToArray(), Is.EqualTo(new long[] { 3, 4, 2 }));
        var c1 = NdArray.MatMul(a["1"], b["0"]);
        Assert.That(c["1"].ArrayEquals(c1), Is.True);
        var ex = Assert.Throws<ArgumentException>(() => NdArray.MatMul(a, NdArray.Zeros<double>(4, 2)));
        Assert.That(ex!.Message, Does.Contain("(size 4 is different from 5)"));
    }

    [Test]
    public void DotIsReproducibleAcrossThreadCounts()
    {
        using var x = new NdRandom(5).Normal([1_500_001], 0, 1);
        using var y = new NdRandom(6).Normal([1_500_001], 0, 1);
        double d1 = NdArray.Dot(x, y, ExecutionSettings.Sequential);
        for (int dop = 2; dop <= 16; dop *= 2)
        {
            Assert.That(NdArray.Dot(x, y, new ExecutionSettings(dop) { MinimumElementsPerTask = 1 }), Is.EqualTo(d1));
        }

        using var f = x.AsType<float>();
        using var g = y.AsType<float>();
        Assert.That(NdArray.Dot(f, g), Is.EqualTo((float)NdArray.Dot(f.AsType<double>(), g.AsType<double>())));
    }
}
