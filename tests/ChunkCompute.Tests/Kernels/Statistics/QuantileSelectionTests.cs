namespace ChunkCompute.Tests.Kernels.Statistics;

/// <summary>
/// Quantiles use quickselect instead of a full sort; these sweeps check them against a sort-based reference
/// (NumPy's definitions of each method) on seeded data with many duplicates, every length 1..300.
/// </summary>
public class QuantileSelectionTests
{
    private static readonly QuantileMethod[] Methods =
        [QuantileMethod.Linear, QuantileMethod.Lower, QuantileMethod.Higher, QuantileMethod.Nearest, QuantileMethod.Midpoint];

    [Test]
    public void PercentileAndMedianMatchASortedReference()
    {
        var rng = new Random(12345);
        for (int n = 1; n <= 300; n++)
        {
            // Few distinct values so that ties and runs of equal pivots are common.
            var data = Enumerable.Range(0, n).Select(_ => (double)rng.Next(0, 1 + (n / 3))).ToArray();
            var sorted = data.OrderBy(v => v).ToArray();
            var a = NdArray.FromArray(data);

            double median = ((NdArray<double>)NdArray.Median(a)).ToScalar();
            double expectedMedian = n % 2 == 1 ? sorted[n / 2] : (sorted[(n / 2) - 1] + sorted[n / 2]) / 2.0;
            Assert.That(median, Is.EqualTo(expectedMedian), $"median, n={n}");

            foreach (double q in new[] { 0.0, 1.0, 25.0, 50.0, 62.5, 99.0, 100.0 })
            {
                foreach (var method in Methods)
                {
                    double actual = ((NdArray<double>)NdArray.Percentile(a, q, method: method)).ToScalar();
                    Assert.That(actual, Is.EqualTo(Reference(sorted, q / 100.0, method)).Within(1e-12), $"n={n}, q={q}, {method}");
                }
            }
        }
    }

    /// <summary>
    /// Signed zeros: -0.0 orders below +0.0 in every selection (quickselect for short rows, bucket selection for
    /// long ones), so the order statistics are those of the IEEE total order, whatever the input order.
    /// </summary>
    [Test]
    public void NegativeZeroOrdersBelowPositiveZeroWhateverTheInputOrder([Values(2, 3, 17, 300, 20_000)] int n)
    {
        var rng = new Random(n);
        var data = Enumerable.Range(0, n).Select(_ => rng.Next(4) switch { 0 => -0.0, 1 => 0.0, 2 => -1.0, _ => 1.0 }).ToArray();
        if (n == 2)
        {
            data = [0.0, -0.0];
        }

        var sorted = data.OrderBy(v => v).ThenBy(v => double.IsNegative(v) ? 0 : 1).Select(BitConverter.DoubleToInt64Bits).ToArray();
        var qs = Enumerable.Range(0, 41).Select(i => i / 40.0).ToArray();
        using var a = NdArray.FromArray(data);
        using var f = NdArray.FromArray(data.Select(v => (float)v).ToArray());
        var lower = ((NdArray<double>)NdArray.Quantile(a, qs, method: QuantileMethod.Lower)).ToArray();
        var higher = ((NdArray<double>)NdArray.Quantile(a, qs, method: QuantileMethod.Higher)).ToArray();
        var lowerF = ((NdArray<float>)NdArray.Quantile(f, qs, method: QuantileMethod.Lower)).ToArray();
        for (int j = 0; j < qs.Length; j++)
        {
            double v = qs[j] * (n - 1);
            Assert.That(BitConverter.DoubleToInt64Bits(lower[j]), Is.EqualTo(sorted[(int)Math.Floor(v)]), $"lower q={qs[j]}");
            Assert.That(BitConverter.DoubleToInt64Bits(higher[j]), Is.EqualTo(sorted[(int)Math.Ceiling(v)]), $"higher q={qs[j]}");
            Assert.That(BitConverter.DoubleToInt64Bits(lowerF[j]), Is.EqualTo(sorted[(int)Math.Floor(v)]), $"float32 lower q={qs[j]}");
        }
    }

    [Test]
    public void NaNGivesNaNWhateverItsPosition()
    {
        for (int pos = 0; pos < 7; pos++)
        {
            var data = new double[] { 5, 3, 1, 4, 2, 6, 0 };
            data[pos] = double.NaN;
            var a = NdArray.FromArray(data);
            Assert.That(((NdArray<double>)NdArray.Median(a)).ToScalar(), Is.NaN, $"NaN at {pos}");
            Assert.That(((NdArray<double>)NdArray.Percentile(a, 30)).ToScalar(), Is.NaN, $"NaN at {pos}");
        }
    }

    private static double Reference(double[] s, double q, QuantileMethod method)
    {
        int n = s.Length;
        double vi = (n - 1) * q;
        int lo = (int)Math.Floor(vi), hi = Math.Min(lo + 1, n - 1);
        return method switch
        {
            QuantileMethod.Lower => s[lo],
            QuantileMethod.Higher => s[(int)Math.Ceiling(vi)],
            QuantileMethod.Nearest => s[(int)Math.Round(vi, MidpointRounding.ToEven)],
            QuantileMethod.Midpoint => vi % 1 == 0 ? s[lo] : (s[lo] + s[hi]) / 2.0,
            _ => s[lo] + ((s[hi] - s[lo]) * (vi - lo)),
        };
    }
}
