using System.Diagnostics;
using System.Globalization;
using ChunkCompute;
using ChunkCompute.Execution;
using ChunkCompute.Tests.IO;
using ChunkCompute.Tests.TestSupport;

namespace ChunkCompute.Tests.Kernels.Statistics;

/// <summary>
/// <c>np.histogram</c> from a live NumPy (<c>/usr/bin/python3</c>) on seeded arrays written here: long arrays (many
/// blocks, several steps), values on and one ulp beside edges, ±inf and NaN with a given range, integer data,
/// explicit linspace and uneven edges, and a range far from zero where NumPy's correction differs from a sorted
/// search. Counts and edges must be identical.
/// </summary>
[TestFixture]
public class HistogramNumPyLiveTests
{

    /// <summary>(name, data file, bins, range or null, explicit-edges file or null).</summary>
    private static readonly (string Name, string Data, int Bins, (double, double)? Range, string? Edges)[] Cases =
    [
        ("normal_auto_100", "normal", 100, null, null),
        ("normal_auto_7", "normal", 7, null, null),
        ("normal_range_128", "normal", 128, (-1.0, 1.5), null),
        ("tenths_range_10", "tenths", 10, (0.0, 1.0), null),
        ("tenths_auto_100", "tenths", 100, null, null),
        ("ulps_range_100", "ulps", 100, (-3.7, 5.1), null),
        ("specials_range_109", "specials", 109, (-2.0, 3.0), null),
        ("ints_auto_11", "ints", 11, null, null),
        ("ints_auto_100", "ints", 100, null, null),
        ("int64_auto_128", "int64", 128, null, null),
        ("offset_range_100", "offset", 100, (1e15, 1e15 + 1), null),
        ("normal32_auto_100", "normal32", 100, null, null),
        ("normal32_range_128", "normal32", 128, (-1.0, 1.5), null),
        ("tenths32_range_10", "tenths32", 10, (0.0, 1.0), null),
        ("tenths32_range_16", "tenths32", 16, (-0.3, 1.3), null),
        ("tenths32_auto_100", "tenths32", 100, null, null),
        ("ulps32_range_100", "ulps32", 100, (-3.7, 5.1), null),
        ("normal16_auto_100", "normal16", 100, null, null),
        ("normal16_range_300", "normal16", 300, (-150.3, 151.7), null),
        ("ints16_auto_30", "ints16", 30, null, null),
        ("normal16_wide_range_50", "normal16", 50, (-1000.0, 70000.0), null),
        ("normal_linspace_edges", "normal", 0, null, "linspace"),
        ("specials_uneven_edges", "specials", 0, null, "uneven"),
    ];

    [Test]
    public void CountsAndEdgesEqualLiveNumPy()
    {
        LivePython.RequireNumPy();
        using var dir = IOTestUtil.NewTempDir();
        var rng = new Random(2024);
        int n = 200_003;
        var arrays = new Dictionary<string, NdArray>
        {
            ["normal"] = new NdRandom(5).Normal([n], 0, 1),
            ["tenths"] = NdArray.FromArray(Enumerable.Range(0, n).Select(_ => rng.Next(-3, 14) / 10.0).ToArray()),
            ["ulps"] = NdArray.FromArray(Ulps(-3.7, 5.1, 100, rng)),
            ["specials"] = NdArray.FromArray(Enumerable.Range(0, n).Select(_ => Special(rng)).ToArray()),
            ["ints"] = NdArray.FromArray(Enumerable.Range(0, n).Select(_ => rng.Next(-50, 51)).ToArray()),
            ["int64"] = NdArray.FromArray(Enumerable.Range(0, n).Select(_ => rng.NextInt64(-1_000_000_000_000, 1_000_000_000_000)).ToArray()),
            ["offset"] = NdArray.FromArray(Enumerable.Range(0, 5000).Select(k => 1e15 + (k % 9 / 8.0)).ToArray()),
            ["normal32"] = new NdRandom(6).Normal([n], 0, 1).AsType<float>(),
            ["tenths32"] = NdArray.FromArray(Enumerable.Range(0, n).Select(_ => rng.Next(-3, 14) / 10f).ToArray()),
            ["ulps32"] = NdArray.FromArray(Ulps(-3.7, 5.1, 100, rng)).AsType<float>(),
            ["normal16"] = new NdRandom(7).Normal([n], 0, 50).AsType<Half>(),
            ["ints16"] = NdArray.FromArray(Enumerable.Range(0, n).Select(_ => (Half)rng.Next(-50, 51)).ToArray()),
            ["linspace"] = NdArray.Linspace<double>(-4.0, 4.0, 65),
            ["uneven"] = NdArray.FromArray(new[] { -2.5, -1.0, -1.0, -0.3, 0.0, 0.1, 0.7, 2.0, 3.0 }),
        };
        foreach (var (name, arr) in arrays)
        {
            NdArray.Save(dir.File(name + ".npy"), arr);
        }

        string script = string.Join('\n',
        [
            "import numpy as np",
            .. Cases.Select(c => c.Edges is null
                ? $"c, e = np.histogram(np.load('{c.Data}.npy'), {c.Bins}{(c.Range is { } r ? $", range=({R(r.Item1)}, {R(r.Item2)})" : "")})"
                  + $"\nnp.save('{c.Name}.counts.npy', c.astype(np.int64)); np.save('{c.Name}.edges.npy', e.astype(np.float64))"
                : $"c, e = np.histogram(np.load('{c.Data}.npy'), bins=np.load('{c.Edges}.npy'))"
                  + $"\nnp.save('{c.Name}.counts.npy', c.astype(np.int64)); np.save('{c.Name}.edges.npy', e)"),
        ]);
        var (code, output) = LivePython.Run(script, dir.Path);
        Assert.That(code, Is.Zero, output);

        foreach (var c in Cases)
        {
            var data = arrays[c.Data];
            var wantCounts = NdArray.Load<long>(dir.File(c.Name + ".counts.npy")).ToArray();
            var wantEdges = NdArray.Load<double>(dir.File(c.Name + ".edges.npy")).ToArray();
            foreach (var s in new[] { ExecutionSettings.Sequential, new ExecutionSettings(3) { MinimumElementsPerTask = 1 } })
            {
                var (counts, edges) = c.Edges is null ? Histogram(data, c.Bins, c.Range, s) : HistogramEdges(data, ((NdArray<double>)arrays[c.Edges]).ToArray(), s);
                Assert.That(counts.ToArray(), Is.EqualTo(wantCounts), $"{c.Name}: counts");
                Assert.That(edges.ToArray().Select(BitConverter.DoubleToInt64Bits), Is.EqualTo(wantEdges.Select(BitConverter.DoubleToInt64Bits)), $"{c.Name}: edges");
            }
        }

        foreach (var arr in arrays.Values)
        {
            arr.Dispose();
        }
    }

    private static (NdArray<long>, NdArray<double>) Histogram(NdArray a, int bins, (double, double)? range, ExecutionSettings s) => a switch
    {
        NdArray<double> d => NdArray.Histogram(d, bins, range, s),
        NdArray<int> i => NdArray.Histogram(i, bins, range, s),
        NdArray<long> l => NdArray.Histogram(l, bins, range, s),
        NdArray<float> f => NdArray.Histogram(f, bins, range, s),
        NdArray<Half> h => NdArray.Histogram(h, bins, range, s),
        _ => throw new NotSupportedException(a.DType.Name),
    };

    private static (NdArray<long>, NdArray<double>) HistogramEdges(NdArray a, double[] edges, ExecutionSettings s) => a switch
    {
        NdArray<double> d => NdArray.Histogram(d, edges, s),
        _ => throw new NotSupportedException(a.DType.Name),
    };

    /// <summary>Every edge of linspace(first, last, bins + 1), one ulp below and above it, between random values.</summary>
    private static double[] Ulps(double first, double last, int bins, Random rng)
    {
        double step = (last - first) / bins;
        var x = new List<double>();
        for (int i = 0; i <= bins; i++)
        {
            double e = i == bins ? last : (i * step) + first;
            x.AddRange([e, Math.BitDecrement(e), Math.BitIncrement(e)]);
        }

        x.AddRange(Enumerable.Range(0, 20_000).Select(_ => first + ((last - first) * rng.NextDouble())));
        return x.OrderBy(_ => rng.Next()).ToArray();
    }

    private static double Special(Random rng) => rng.Next(10) switch
    {
        0 => double.NaN,
        1 => double.PositiveInfinity,
        2 => double.NegativeInfinity,
        3 => rng.Next(-4, 8) / 2.0,
        4 => rng.Next(-30, 40) / 10.0,
        _ => (rng.NextDouble() * 6) - 2.5,
    };

    private static string R(double d) => d.ToString("R", CultureInfo.InvariantCulture);

}
