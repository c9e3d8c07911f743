using ChunkCompute;

namespace ChunkCompute.Tests.Kernels.Elementwise;

/// <summary>
/// Edge cases found by a differential sweep against NumPy 1.24 (values and result dtypes), each at every length
/// that reaches the vector loops and their remainders.
/// </summary>
public class ElementwiseNumPyEdgeTests
{
    private static int UlpDistance(float a, float b) => Math.Abs(BitConverter.SingleToInt32Bits(a) - BitConverter.SingleToInt32Bits(b));

    private static long UlpDistance(double a, double b) => Math.Abs(BitConverter.DoubleToInt64Bits(a) - BitConverter.DoubleToInt64Bits(b));

    /// <summary><c>np.hypot</c> neither overflows nor underflows where the squares would, in float32 as in float64.</summary>
    [Test]
    public void HypotOfHugeAndTinyValuesNeitherOverflowsNorUnderflows()
    {
        float[] scales32 = [1e20f, 1e30f, 3e37f, 1e-20f, 3e-25f, 1e-35f, 1e-40f, 1f, 1e17f, 1e-17f];
        double[] scales64 = [1e160, 1e300, 1e-160, 1e-300, 1e-320, 1.0];
        for (int n = 0; n <= 40; n++)
        {
            foreach (float s in scales32)
            {
                using var x = NdArray.FromArray(Enumerable.Range(0, n).Select(i => s * (3 + (i % 4))).ToArray());
                using var y = NdArray.FromArray(Enumerable.Range(0, n).Select(i => -s * (4 + (i % 3))).ToArray());
                var got = NdArray.Hypot(x, y).ToArray();
                for (int i = 0; i < n; i++)
                {
                    float want = (float)double.Hypot(x[i], y[i]);
                    Assert.That(UlpDistance(got[i], want), Is.LessThanOrEqualTo(1), $"float32 n={n} i={i} scale={s}: {got[i]} vs {want}");
                }
            }

            foreach (double s in scales64)
            {
                using var x = NdArray.FromArray(Enumerable.Range(0, n).Select(i => s * (3 + (i % 4))).ToArray());
                using var y = NdArray.FromArray(Enumerable.Range(0, n).Select(i => s * (4 + (i % 3))).ToArray());
                var got = NdArray.Hypot(x, y).ToArray();
                for (int i = 0; i < n; i++)
                {
                    double want = double.Hypot(x[i], y[i]);
                    Assert.That(UlpDistance(got[i], want), Is.LessThanOrEqualTo(1), $"float64 n={n} i={i} scale={s}: {got[i]} vs {want}");
                }
            }
        }
    }

    /// <summary>A Python int of 2^63 or more with a bool array is uint64 in NumPy (not an overflowed int64).</summary>
    [Test]
    public void BoolArrayWithIntegerScalarAbove2To63IsUInt64()
    {
        using var b = NdArray.FromArray([true, false]);
        using var sum = NdArray.Add(b, 9.25e18);
        Assert.That(sum.DType, Is.EqualTo(DType.UInt64));
        Assert.That(((NdArray<ulong>)sum).ToArray(), Is.EqualTo(new ulong[] { 9_250_000_000_000_000_001, 9_250_000_000_000_000_000 }));
        Assert.That(((NdArray<bool>)NdArray.Less(b, 9.25e18)).ToArray(), Is.EqualTo(new[] { true, true }));
        Assert.That(NdArray.Add(b, 9e18).DType, Is.EqualTo(DType.Int64));
    }
}
