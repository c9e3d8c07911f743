using ChunkCompute;
using ChunkCompute.Execution;

namespace ChunkCompute.Tests.Kernels.Reductions;

/// <summary>
/// Min, Max, NanMin and NanMax on float data whose extreme is a tie of −0 and +0: the minimum is −0 and the maximum
/// +0 (IEEE 754-2019 order) for every length, zero layout and thread split, whole-array and along an axis, so the
/// sign of the answer never depends on how the work was cut (NumPy's depends on the order of the zeros).
/// </summary>
public class SignedZeroTiesTests
{
    private static readonly ExecutionSettings[] Splits =
    [
        ExecutionSettings.Sequential,
        new ExecutionSettings(2) { MinimumElementsPerTask = 1 },
        new ExecutionSettings(7) { MinimumElementsPerTask = 1 },
    ];

    [Test]
    public void ZeroTiesGiveMinusZeroForMinimumAndPlusZeroForMaximum([Values(11, 17, 64, 1000, 70_001)] int n, [Values] bool minusFirst)
    {
        // Non-positive data for the maximum test, non-negative for the minimum: the extreme is a tie of zeros. The
        // minus zeros sit in the first or the second half, so spans and partial results meet them in either order.
        var forMax = new double[n];
        var forMin = new double[n];
        var rng = new Random(n);
        for (int i = 0; i < n; i++)
        {
            bool firstHalf = i < n / 2;
            forMax[i] = i % 5 == 0 ? (firstHalf == minusFirst ? -0.0 : 0.0) : -rng.NextDouble() - 0.5;
            forMin[i] = i % 5 == 0 ? (firstHalf == minusFirst ? -0.0 : 0.0) : rng.NextDouble() + 0.5;
            if (i % 11 == 3)
            {
                forMax[i] = forMin[i] = double.NaN;
            }
        }

        using var max = NdArray.FromArray(forMax);
        using var min = NdArray.FromArray(forMin);
        using var maxF = max.AsType<float>();
        using var minF = min.AsType<float>();
        foreach (var s in Splits)
        {
            string at = $"n={n} minus first={minusFirst} steps={s.MaxDegreeOfParallelism}";
            Assert.That(IsPlusZero(max.NanMax(s)), Is.True, $"NanMax {at}");
            Assert.That(IsMinusZero(min.NanMin(s)), Is.True, $"NanMin {at}");
            Assert.That(IsPlusZero(maxF.NanMax(s)), Is.True, $"float NanMax {at}");
            Assert.That(IsMinusZero(minF.NanMin(s)), Is.True, $"float NanMin {at}");

            using var maxClean = NdArray.FromArray(forMax.Select(v => double.IsNaN(v) ? -1.0 : v).ToArray());
            using var minClean = NdArray.FromArray(forMin.Select(v => double.IsNaN(v) ? 1.0 : v).ToArray());
            Assert.That(IsPlusZero(maxClean.Max(s)), Is.True, $"Max {at}");
            Assert.That(IsMinusZero(minClean.Min(s)), Is.True, $"Min {at}");
        }
    }

    [Test]
    public void AxisReductionsAgreeWithTheWholeArray()
    {
        // Columns of a (rows, 3) matrix: the axis-0 reduction walks strided lanes, a different path from the spans.
        int rows = 4099;
        var data = new double[rows * 3];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < 3; c++)
            {
                data[(r * 3) + c] = r % 7 == c ? (r < rows / 2 ? -0.0 : 0.0) : -1.0 - (r % 13);
            }
        }

        using var m = NdArray.FromArray(data).Reshape(rows, 3);
        foreach (var s in Splits)
        {
            using var colMax = m.Max(axis: 0, settings: s);
            using var colNanMax = m.NanMax(axis: 0, settings: s);
            for (int c = 0; c < 3; c++)
            {
                Assert.That(IsPlusZero(colMax[c]), Is.True, $"Max column {c} steps={s.MaxDegreeOfParallelism}");
                Assert.That(IsPlusZero(colNanMax[c]), Is.True, $"NanMax column {c} steps={s.MaxDegreeOfParallelism}");
            }
        }
    }

    private static bool IsPlusZero(double d) => d == 0 && !double.IsNegative(d);

    private static bool IsMinusZero(double d) => d == 0 && double.IsNegative(d);

    private static bool IsPlusZero(float d) => d == 0 && !float.IsNegative(d);

    private static bool IsMinusZero(float d) => d == 0 && float.IsNegative(d);
}
