using System.Globalization;
using ChunkCompute.Execution;
using ChunkCompute.Kernels;
using ChunkCompute.Tests.IO;
using ChunkCompute.Tests.TestSupport;

namespace ChunkCompute.Tests.Kernels.Statistics;

/// <summary>
/// Quantiles, percentiles and medians of slices long enough for the parallel bucket selection
/// (<see cref="BucketSelect"/>, from <see cref="BucketSelect.MinLength"/> elements), bit for bit against a sort and
/// NumPy 1.24's formulas written out here, and against a live NumPy: normal data, ties, one value, huge offsets
/// (timestamps), ±inf, sorted and reversed runs, int64 and float32; any thread count; strided inputs; long rows
/// along an axis; NaN. Also every length 0..300 through the public API.
/// </summary>
public class QuantileLargeTests
{
    private static readonly QuantileMethod[] Methods = Enum.GetValues<QuantileMethod>();
    private static readonly double[] Levels = [0, 1, 12.5, 25, 50, 62.5, 75, 99, 99.9, 100];

    private static IEnumerable<TestCaseData> Kinds()
    {
        foreach (int n in new[] { 16_383, 16_384, 65_537, 300_007, 1_048_583 })
        {
            foreach (string kind in new[] { "normal", "ties", "constant", "timestamps", "infinities", "sorted", "reversed" })
            {
                yield return new TestCaseData(kind, n).SetName($"Float64 {kind} n={n}");
            }
        }
    }

    [TestCaseSource(nameof(Kinds))]
    public void Float64MatchesTheSortedReference(string kind, int n)
    {
        var data = Make(kind, n, new Random(n + kind.Length));
        var sorted = data.Order().ToArray();
        using var a = NdArray.FromArray(data);
        foreach (var method in Methods)
        {
            var expected = Levels.Select(q => Reference(sorted, q / 100, method, (x, y) => y - x)).ToArray();
            using var got = (NdArray<double>)NdArray.Percentile(a, Levels, method: method);
            AssertBits(got.ToArray(), expected, $"{kind} n={n} {method}");

            // Thread count does not matter: one thread, and many small parts.
            using var one = (NdArray<double>)NdArray.Percentile(a, Levels, method: method, settings: ExecutionSettings.Sequential);
            using var many = (NdArray<double>)NdArray.Percentile(a, Levels, method: method, settings: new ExecutionSettings(7) { MinimumElementsPerTask = 1000 });
            AssertBits(one.ToArray(), expected, $"{kind} n={n} {method}, 1 thread");
            AssertBits(many.ToArray(), expected, $"{kind} n={n} {method}, 7 threads");
        }

        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[(n / 2) - 1] + sorted[n / 2]) / 2;
        AssertBits([((NdArray<double>)NdArray.Median(a)).ToScalar()], [median], $"{kind} n={n} median");
        Assert.That(a.ToArray(), Is.EqualTo(data), "the input is read, never reordered");
    }

    [Test]
    public void Int64AndFloat32MatchTheSortedReference()
    {
        var rng = new Random(404);
        foreach (int n in new[] { 20_000, 200_001 })
        {
            // int64 over the whole range plus heavy ties; the exact difference of neighbours (see QuantileKernel).
            var ints = Enumerable.Range(0, n).Select(i => i % 3 == 0 ? rng.NextInt64(long.MinValue, long.MaxValue) : rng.Next(-5, 5)).ToArray();
            var sortedInts = ints.Order().ToArray();
            using var ia = NdArray.FromArray(ints);
            foreach (var method in Methods)
            {
                var want = Levels.Select(q => Reference(sortedInts, q / 100, method, (x, y) => (double)((Int128)y - x))).ToArray();
                using var got = NdArray.Percentile(ia, Levels, method: method).AsType<double>();
                AssertBits(got.ToArray(), want, $"int64 n={n} {method}");
            }

            // float32: NumPy subtracts the neighbours in float32, then interpolates in float64; the median stays float32.
            var floats = Enumerable.Range(0, n).Select(_ => (float)Normal(rng)).ToArray();
            var sortedFloats = floats.Order().ToArray();
            using var fa = NdArray.FromArray(floats);
            foreach (var method in Methods)
            {
                var want = Levels.Select(q => Reference(sortedFloats, q / 100, method, (x, y) => y - x)).ToArray();
                using var got = NdArray.Percentile(fa, Levels, method: method).AsType<double>();
                AssertBits(got.ToArray(), want, $"float32 n={n} {method}");
            }

            float fm = n % 2 == 1 ? sortedFloats[n / 2] : (sortedFloats[(n / 2) - 1] + sortedFloats[n / 2]) / 2f;
            Assert.That(((NdArray<float>)NdArray.Median(fa)).ToScalar(), Is.EqualTo(fm), $"float32 median n={n}");
        }
    }

    [Test]
    public void NaNAnywhereGivesNaN()
    {
        foreach (int pos in new[] { 0, 12_345, 49_999 })
        {
            var data = Make("normal", 50_000, new Random(pos));
            data[pos] = double.NaN;
            using var a = NdArray.FromArray(data);
            Assert.That(((NdArray<double>)NdArray.Median(a)).ToScalar(), Is.NaN, $"median, NaN at {pos}");
            using var p = (NdArray<double>)NdArray.Percentile(a, Levels);
            Assert.That(p.ToArray(), Is.All.NaN, $"percentiles, NaN at {pos}");
            using var lower = (NdArray<double>)NdArray.Percentile(a, Levels, method: QuantileMethod.Lower);
            Assert.That(lower.ToArray(), Is.All.NaN, $"lower, NaN at {pos}");
        }
    }

    [Test]
    public void StridedAndTransposedInputsEqualTheirContiguousCopies()
    {
        var data = Make("normal", 120_000, new Random(3));
        using var a = NdArray.FromArray(data, [300, 400]);
        using var t = a.Transpose();
        using var stepped = NdArray.FromArray(data)[Slice.Range(1, null, 3)];
        foreach (var view in new[] { t, stepped })
        {
            using var copy = view.Copy();
            foreach (var method in Methods)
            {
                using var got = (NdArray<double>)NdArray.Percentile(view, Levels, method: method);
                using var want = (NdArray<double>)NdArray.Percentile(copy, Levels, method: method);
                AssertBits(got.ToArray(), want.ToArray(), $"{view.Shape} {method}");
            }

            Assert.That(((NdArray<double>)NdArray.Median(view)).ToScalar(), Is.EqualTo(((NdArray<double>)NdArray.Median(copy)).ToScalar()));
        }
    }

    [Test]
    public void LongRowsAlongAnAxisMatchEachRowAlone()
    {
        var data = Make("ties", 3 * 20_001, new Random(8));
        using var a = NdArray.FromArray(data, [3, 20_001]);
        using var at = a.Transpose().Copy();
        using var rows = (NdArray<double>)NdArray.Percentile(a, Levels, axis: 1, method: QuantileMethod.Midpoint);
        using var cols = (NdArray<double>)NdArray.Percentile(at, Levels, axis: 0, method: QuantileMethod.Midpoint);
        using var medians = (NdArray<double>)NdArray.Median(a, axis: -1);
        for (int r = 0; r < 3; r++)
        {
            var sorted = data.Skip(r * 20_001).Take(20_001).Order().ToArray();
            for (int j = 0; j < Levels.Length; j++)
            {
                double want = Reference(sorted, Levels[j] / 100, QuantileMethod.Midpoint, (x, y) => y - x);
                Assert.That(rows[j, r], Is.EqualTo(want), $"row {r}, q={Levels[j]}");
                Assert.That(cols[j, r], Is.EqualTo(want), $"column {r}, q={Levels[j]}");
            }

            Assert.That(medians[r], Is.EqualTo(sorted[10_000]), $"median of row {r}");
        }
    }

    [Test]
    public void EveryLength0To300MatchesTheSortedReference()
    {
        var rng = new Random(300);
        Assert.That(() => NdArray.Percentile(NdArray.Empty<double>(0), Levels), Throws.ArgumentException.With.Message.Contains("empty slice"));
        Assert.That(((NdArray<double>)NdArray.Median(NdArray.Empty<double>(0))).ToScalar(), Is.NaN);
        for (int n = 1; n <= 300; n++)
        {
            var data = Enumerable.Range(0, n).Select(_ => rng.Next(8) switch
            {
                0 => double.PositiveInfinity,
                1 => double.NegativeInfinity,
                2 or 3 => rng.Next(-3, 3),
                _ => Normal(rng),
            }).ToArray();
            var sorted = data.Order().ToArray();
            using var a = NdArray.FromArray(data);
            foreach (var method in Methods)
            {
                var want = Levels.Select(q => Reference(sorted, q / 100, method, (x, y) => y - x)).ToArray();
                using var got = (NdArray<double>)NdArray.Percentile(a, Levels, method: method);
                AssertBits(got.ToArray(), want, $"n={n} {method}");
            }
        }
    }

    [Test]
    public void MatchesLiveNumPyOnAMillionElements()
    {
        using var dir = IOTestUtil.NewTempDir();
        var names = new[] { "normal", "ties", "infinities", "timestamps" };
        foreach (string kind in names)
        {
            NdArray.Save(dir.File(kind + ".npy"), NdArray.FromArray(Make(kind, 1_000_003, new Random(kind.Length))));
        }

        string methods = string.Join(", ", Methods.Select(m => $"'{m.ToString().ToLowerInvariant()}'"));
        string output = Fixtures.RunNumPy($$"""
            import numpy as np, struct, warnings
            warnings.simplefilter("ignore")
            bits = lambda v: struct.unpack("<q", struct.pack("<d", float(v)))[0]
            for kind in {{"[" + string.Join(", ", names.Select(k => $"'{k}'")) + "]"}}:
                a = np.load(r"{{dir.Path}}/" + kind + ".npy")
                for m in [{{methods}}]:
                    print(kind, m, *[bits(v) for v in np.percentile(a, {{"[" + string.Join(", ", Levels.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + "]"}}, method=m)])
                print(kind, "median", bits(np.median(a)))
            """);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(names.Length * (Methods.Length + 1)));
        foreach (string line in lines)
        {
            var parts = line.Split(' ');
            var want = parts.Skip(2).Select(p => BitConverter.Int64BitsToDouble(long.Parse(p, CultureInfo.InvariantCulture))).ToArray();
            using var a = NdArray.Load<double>(dir.File(parts[0] + ".npy"));
            double[] got = parts[1] == "median"
                ? [((NdArray<double>)NdArray.Median(a)).ToScalar()]
                : ((NdArray<double>)NdArray.Percentile(a, Levels, method: Enum.Parse<QuantileMethod>(parts[1], ignoreCase: true))).ToArray();
            AssertBits(got, want, $"{parts[0]} {parts[1]} vs NumPy");
        }
    }

    /// <summary>
    /// NumPy 1.24's <c>_quantile</c> on sorted data, written out: the virtual index, <c>_get_indexes</c> (both
    /// neighbours are the last element at or above <c>n - 1</c>), the gamma fix-up of each method and <c>_lerp</c>
    /// with the neighbours' difference computed by <paramref name="diff"/> (the input type's subtraction).
    /// </summary>
    private static double Reference<T>(T[] sorted, double q, QuantileMethod method, Func<T, T, double> diff)
        where T : unmanaged
    {
        long n = sorted.Length;
        double x = (n - 1) * q;
        switch (method)
        {
            case QuantileMethod.Lower:
                return ScalarCast.ToDouble(sorted[(long)Math.Floor(x)]);
            case QuantileMethod.Higher:
                return ScalarCast.ToDouble(sorted[(long)Math.Ceiling(x)]);
            case QuantileMethod.Nearest:
                return ScalarCast.ToDouble(sorted[(long)Math.Round(x, MidpointRounding.ToEven)]);
        }

        double virtualIndex = method == QuantileMethod.Linear ? x : 0.5 * (Math.Floor(x) + Math.Ceiling(x));
        double previous = Math.Floor(virtualIndex), next = previous + 1;
        if (virtualIndex >= n - 1)
        {
            previous = next = -1;
        }

        double gamma = virtualIndex - previous;
        if (method == QuantileMethod.Midpoint)
        {
            gamma = virtualIndex % 1 == 0 ? 0 : 0.5;
        }

        T lo = sorted[previous < 0 ? n - 1 : (long)previous], hi = sorted[next < 0 ? n - 1 : (long)next];
        double d = diff(lo, hi), a = ScalarCast.ToDouble(lo), b = ScalarCast.ToDouble(hi);
        return gamma >= 0.5 ? b - (d * (1 - gamma)) : a + (d * gamma);
    }

    private static double[] Make(string kind, int n, Random rng)
    {
        var x = new double[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = kind switch
            {
                "normal" => Normal(rng),
                "ties" => rng.Next(0, 10),
                "constant" => 2.5,
                "timestamps" => 1.7e9 + (rng.NextDouble() * 1000),
                "infinities" => rng.Next(10) switch { 0 => double.PositiveInfinity, 1 => double.NegativeInfinity, _ => Normal(rng) },
                "sorted" => i * 0.25,
                "reversed" => (n - i) * 0.25,
                _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
            };
        }

        return x;
    }

    private static double Normal(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    private static void AssertBits(double[] got, double[] want, string what)
    {
        Assert.That(got, Has.Length.EqualTo(want.Length), what);
        for (int i = 0; i < want.Length; i++)
        {
            bool same = BitConverter.DoubleToInt64Bits(got[i]) == BitConverter.DoubleToInt64Bits(want[i]) || (double.IsNaN(got[i]) && double.IsNaN(want[i]));
            Assert.That(same, Is.True, $"{what} [{i}]: got {got[i]:R}, expected {want[i]:R}");
        }
    }
}
