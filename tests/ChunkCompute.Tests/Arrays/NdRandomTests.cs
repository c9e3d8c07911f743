using ChunkCompute;
using ChunkCompute.Execution;
using ChunkCompute.Tests.TestSupport;

namespace ChunkCompute.Tests.Arrays;

public class NdRandomTests
{
    private static NdArray<T> With<T>(int threads, Func<NdArray<T>> make) where T : unmanaged
    {
        using (ExecutionSettings.Use(new ExecutionSettings(threads) { MinimumElementsPerTask = 1024 }))
        {
            return make();
        }
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(8)]
    public void SeededOutputDoesNotDependOnThreadCount(int threads)
    {
        const long n = 300_001;
        var u1 = With(1, () => new NdRandom(7).Uniform([n], -2, 3));
        var uN = With(threads, () => new NdRandom(7).Uniform([n], -2, 3));
        NdAssert.AreBitwiseEqual(u1, uN);
        var g1 = With(1, () => new NdRandom(7).Normal([n]));
        var gN = With(threads, () => new NdRandom(7).Normal([n]));
        NdAssert.AreBitwiseEqual(g1, gN);
        var i1 = With(1, () => new NdRandom(7).Integers<int>(-5, 1000, [n]));
        var iN = With(threads, () => new NdRandom(7).Integers<int>(-5, 1000, [n]));
        NdAssert.AreEqual(i1, iN);
        u1.Dispose();
        uN.Dispose();
        g1.Dispose();
        gN.Dispose();
        i1.Dispose();
        iN.Dispose();
    }

    [Test]
    public void SameSeedSameValuesDifferentSeedOrDrawDifferentValues()
    {
        var a = new NdRandom(1).Uniform([100]);
        var b = new NdRandom(1).Uniform([100]);
        var c = new NdRandom(2).Uniform([100]);
        NdAssert.AreBitwiseEqual(a, b);
        Assert.That(a.ArrayEquals(c), Is.False);
        var r = new NdRandom(1);
        Assert.That(r.Uniform([100]).ArrayEquals(r.Uniform([100])), Is.False);

        // The shape does not change the stream: a 2-D draw is the 1-D draw reshaped.
        NdAssert.AreBitwiseEqual(new NdRandom(5).Uniform([60]).Reshape(6, 10), new NdRandom(5).Uniform([6, 10]));
    }

    [Test]
    public void UniformStaysInHalfOpenInterval()
    {
        var u = new NdRandom(3).Uniform([200_000], 2, 5).ToArray();
        Assert.That(u.Min(), Is.GreaterThanOrEqualTo(2.0));
        Assert.That(u.Max(), Is.LessThan(5.0));
        Assert.That(u.Average(), Is.EqualTo(3.5).Within(0.02));
        var unit = new NdRandom(4).Uniform([100_000]).ToArray();
        Assert.That(unit.Min(), Is.GreaterThanOrEqualTo(0.0));
        Assert.That(unit.Max(), Is.LessThan(1.0));
        Assert.Throws<ArgumentException>(() => new NdRandom(1).Uniform([3], 1, 0));
    }

    [Test]
    public void NormalMeanAndStandardDeviation()
    {
        var g = new NdRandom(11).Normal([200_000], 10, 3).ToArray();
        double mean = g.Average();
        double std = Math.Sqrt(g.Select(x => (x - mean) * (x - mean)).Average());
        Assert.That(mean, Is.EqualTo(10).Within(0.05));
        Assert.That(std, Is.EqualTo(3).Within(0.05));
        Assert.That(g.All(double.IsFinite));
        double within1 = g.Count(x => Math.Abs(x - 10) < 3) / (double)g.Length;
        Assert.That(within1, Is.EqualTo(0.6827).Within(0.01));
        Assert.Throws<ArgumentException>(() => new NdRandom(1).Normal([3], 0, -1));
    }

    [Test]
    public void IntegersCoverTheRangeAndOnlyIt()
    {
        var x = new NdRandom(9).Integers<sbyte>(-3, 4, [10_000]).ToArray();
        Assert.That(x.Min(), Is.EqualTo((sbyte)-3));
        Assert.That(x.Max(), Is.EqualTo((sbyte)3));
        var counts = x.GroupBy(v => v).ToDictionary(g => g.Key, g => g.Count());
        Assert.That(counts.Values, Has.All.InRange(1300, 1560)); // 10000/7 = 1428
        var big = new NdRandom(9).Integers<long>(long.MinValue, long.MaxValue, [1000]).ToArray();
        Assert.That(big.Any(v => v < 0) && big.Any(v => v > 0));
        var u = new NdRandom(9).Integers<byte>(250, 256, [1000]).ToArray();
        Assert.That(u.Min(), Is.GreaterThanOrEqualTo((byte)250));
        Assert.That(Assert.Throws<ArgumentException>(() => new NdRandom(1).Integers<sbyte>(0, 129, [3]))!.Message, Does.Contain("high is out of bounds for int8"));
        Assert.That(Assert.Throws<ArgumentException>(() => new NdRandom(1).Integers<byte>(-1, 10, [3]))!.Message, Does.Contain("low is out of bounds for uint8"));
        Assert.Throws<ArgumentException>(() => new NdRandom(1).Integers<int>(5, 5, [3]));
        Assert.Throws<ArgumentException>(() => new NdRandom(1).Integers<double>(0, 5, [3]));
    }
}
