using ChunkCompute;
using ChunkCompute.Execution;

namespace ChunkCompute.Tests.Kernels.Reductions;

/// <summary>
/// Sums of negative zeros: NumPy 1.24's sums start from +0.0, so <c>np.sum</c>, <c>np.nansum</c>, <c>np.mean</c> and
/// <c>np.median</c> of -0.0 values are 0.0 at every length and along every axis. The reproducible sum's lanes start
/// from +0.0 too, so no sum-like result is -0.0, whatever the length, layout or thread split.
/// </summary>
public class SignedZeroSumsTests
{
    private static readonly ExecutionSettings[] Splits =
    [
        ExecutionSettings.Sequential,
        new ExecutionSettings(2) { MinimumElementsPerTask = 1 },
        new ExecutionSettings(7) { MinimumElementsPerTask = 1 },
    ];

    private static bool IsPlusZero(double d) => BitConverter.DoubleToInt64Bits(d) == 0;

    private static double D(NdArray r) => ((NdArray<double>)r).ToScalar();

    private static float F(NdArray r) => ((NdArray<float>)r).ToScalar();

    [Test]
    public void SumsAndMeansOfNegativeZerosArePlusZeroAtEveryLength()
    {
        var lengths = Enumerable.Range(1, 300).Concat([4095, 4096, 4097, 70_001]);
        foreach (int n in lengths)
        {
            var zeros = Enumerable.Repeat(-0.0, n).ToArray();
            zeros[n / 2] = n % 3 == 0 ? double.NaN : -0.0;
            using var a = NdArray.FromArray(zeros);
            using var f = NdArray.FromArray(zeros.Select(v => (float)v).ToArray());
            using var ones = NdArray.FromArray(Enumerable.Repeat(1.0, n).ToArray());
            foreach (var s in n > 4000 ? Splits : Splits[..1])
            {
                Assert.That(IsPlusZero(D(NdArray.NanSum(a, settings: s))), $"nansum n={n}");
                Assert.That(IsPlusZero(D(NdArray.NanMean(a, settings: s))), $"nanmean n={n}");
                Assert.That(BitConverter.SingleToInt32Bits(F(NdArray.NanSum(f, settings: s))) == 0, $"float32 nansum n={n}");
                if (n % 3 != 0)
                {
                    Assert.That(IsPlusZero(D(NdArray.Sum(a, settings: s))), $"sum n={n}");
                    Assert.That(IsPlusZero(D(NdArray.Mean(a, settings: s))), $"mean n={n}");
                    Assert.That(IsPlusZero(a.Sum(settings: s)), $"instance sum n={n}");
                    Assert.That(BitConverter.SingleToInt32Bits(F(NdArray.Sum(f, settings: s))) == 0, $"float32 sum n={n}");
                    Assert.That(IsPlusZero(NdArray.Dot(a, ones, s)), $"dot n={n}");
                }
            }
        }
    }

    [Test]
    public void AxisSumsOfNegativeZerosArePlusZeroOnDenseAndColumnPaths([Values(1, 5, 300, 4097)] int rows)
    {
        const int cols = 37;
        using var m = NdArray.Full([rows, cols], -0.0);
        using var h = NdArray.Full([rows, cols], (Half)(-0.0f));
        foreach (var s in Splits)
        {
            foreach (int axis in new[] { 0, 1 })
            {
                Assert.That(((NdArray<double>)NdArray.Sum(m, axis, settings: s)).ToArray().All(IsPlusZero), $"sum axis {axis} rows={rows}");
                Assert.That(((NdArray<double>)NdArray.Mean(m, axis, settings: s)).ToArray().All(IsPlusZero), $"mean axis {axis} rows={rows}");
                Assert.That(((NdArray<double>)NdArray.NanSum(m, axis, settings: s)).ToArray().All(IsPlusZero), $"nansum axis {axis} rows={rows}");
                Assert.That(((NdArray<Half>)NdArray.Sum(h, axis, settings: s)).ToArray().All(v => BitConverter.HalfToInt16Bits(v) == 0), $"float16 sum axis {axis} rows={rows}");
            }
        }
    }

    /// <summary><c>np.median</c> is the mean of the middle value(s): 0.0 where they are -0.0 (float64 and float32).</summary>
    [Test]
    public void MedianOfNegativeZeroMiddleValuesIsPlusZero()
    {
        using var odd = NdArray.FromArray([-1.0, -0.0, 5.0]);
        using var even = NdArray.FromArray([-0.0, 3.0, -0.0, -2.0]);
        using var single = NdArray.FromArray([-0.0f, -0.0f, 7f]);
        Assert.That(IsPlusZero(D(NdArray.Median(odd))), "odd length");
        Assert.That(IsPlusZero(D(NdArray.Median(even))), "even length");
        Assert.That(BitConverter.SingleToInt32Bits(F(NdArray.Median(single))), Is.Zero, "float32");
        using var m = NdArray.FromArray([-0.0, 1.0, -0.0, -0.0, -3.0, -0.0]).Reshape(3, 2);
        Assert.That(((NdArray<double>)NdArray.Median(m, 0)).ToArray().All(IsPlusZero), "along axis 0");
    }
}
