using System.Text.Json;

namespace ChunkCompute.Cli.Tests.Commands;

/// <summary>
/// <c>stats</c> end to end on the bundled datasets, checked against NumPy's values in Fixtures/expected_stats.json
/// (made by Fixtures/make_expected.py with /usr/bin/python3 + python3-numpy).
/// </summary>
public class StatsCommandTests
{
    private static readonly JsonElement Expected = LoadExpected();

    private static JsonElement LoadExpected()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(CliRunner.BaseDirectory, "Fixtures", "expected_stats.json")));
        return doc.RootElement.Clone();
    }

    public static IEnumerable<string> DataFiles() =>
        Expected.GetProperty("files").EnumerateObject().Select(p => p.Name);

    [TestCaseSource(nameof(DataFiles))]
    public async Task Stats_Json_MatchesNumPy(string file)
    {
        var r = await CliRunner.RunAsync("stats", CliRunner.Data(file), "--json", "--bins", "20");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.ToString);
        using var doc = JsonDocument.Parse(r.Out);
        var expected = Expected.GetProperty("files").GetProperty(file);
        Assert.That(doc.RootElement.GetProperty("dtype").GetString(), Is.EqualTo(expected.GetProperty("dtype").GetString()));
        AssertStats(doc.RootElement.GetProperty("stats"), expected.GetProperty("stats"), file);
    }

    [TestCase("sequential", 1, 1)]
    [TestCase("threads", 2, 8)]
    [TestCase("threads", 3, 64)]
    [TestCase("sequential", 1, 1000)]
    [TestCase("processes", 2, 8)]
    public async Task Stats_AnyModeAndChunking_MatchesNumPy(string mode, int workers, int chunks)
    {
        const string file = "with_nans_f8.npy";
        var r = await CliRunner.RunAsync("stats", CliRunner.Data(file), "--json", "--bins", "20", "--mode", mode, "--workers", $"{workers}", "--chunks", $"{chunks}");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.ToString);
        using var doc = JsonDocument.Parse(r.Out);
        Assert.That(doc.RootElement.GetProperty("chunks").GetInt32(), Is.EqualTo(chunks));
        AssertStats(doc.RootElement.GetProperty("stats"), Expected.GetProperty("files").GetProperty(file).GetProperty("stats"), file);
    }

    [Test]
    public async Task Stats_SameChunks_SameBitsInEveryModeAndWorkerCount()
    {
        string file = CliRunner.Data("normal_f8.npy");
        string? first = null;
        foreach (string[] run in new[] { new[] { "--mode", "sequential" }, ["--mode", "threads", "--workers", "1"], ["--mode", "threads", "--workers", "2"], ["--mode", "threads", "--workers", "5"], ["--mode", "processes", "--workers", "2"] })
        {
            var r = await CliRunner.RunAsync(["stats", file, "--json", "--chunks", "16", .. run]);
            Assert.That(r.ExitCode, Is.EqualTo(0), r.ToString);
            using var doc = JsonDocument.Parse(r.Out);
            string stats = doc.RootElement.GetProperty("stats").GetRawText(); // round-trip doubles: same text = same bits
            first ??= stats;
            Assert.That(stats, Is.EqualTo(first), string.Join(' ', run));
        }
    }

    [Test]
    public async Task Stats_Axis0_OnMatrix_MatchesNumPyPerColumn()
    {
        var r = await CliRunner.RunAsync("stats", CliRunner.Data("matrix_f8.npy"), "--axis", "0", "--json", "--bins", "20");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.ToString);
        using var doc = JsonDocument.Parse(r.Out);
        var slices = doc.RootElement.GetProperty("slices");
        var expected = Expected.GetProperty("files").GetProperty("matrix_f8.npy").GetProperty("axis0");
        Assert.That(slices.GetArrayLength(), Is.EqualTo(16));
        for (int j = 0; j < 16; j++)
        {
            Assert.That(slices[j].GetProperty("slice").GetString(), Is.EqualTo($"[:, {j}]"));
            AssertStats(slices[j], expected[j], $"column {j}");
        }

        var r1 = await CliRunner.RunAsync("stats", CliRunner.Data("matrix_f8.npy"), "--axis", "1", "--json", "--bins", "20");
        Assert.That(r1.ExitCode, Is.EqualTo(0), r1.ToString);
        using var doc1 = JsonDocument.Parse(r1.Out);
        Assert.That(doc1.RootElement.GetProperty("slices").GetArrayLength(), Is.EqualTo(1000));
        AssertStats(doc1.RootElement.GetProperty("slices")[0], Expected.GetProperty("files").GetProperty("matrix_f8.npy").GetProperty("axis1_first"), "row 0");
    }

    [TestCase("integers_i4.npy")]
    [TestCase("uniform_f4.npy")]
    public async Task Stats_Processes_OtherDtypes_MatchNumPy(string file)
    {
        var r = await CliRunner.RunAsync("stats", CliRunner.Data(file), "--json", "--bins", "20", "--mode", "processes", "--workers", "2", "--chunks", "5");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.ToString);
        using var doc = JsonDocument.Parse(r.Out);
        AssertStats(doc.RootElement.GetProperty("stats"), Expected.GetProperty("files").GetProperty(file).GetProperty("stats"), file);
    }

    [Test]
    public async Task Stats_Processes_Axis0_StridedColumnsOfTheMappedFile()
    {
        var r = await CliRunner.RunAsync("stats", CliRunner.Data("matrix_f8.npy"), "--axis", "0", "--json", "--bins", "20", "--mode", "processes", "--workers", "2", "--chunks", "3");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.ToString);
        using var doc = JsonDocument.Parse(r.Out);
        var expected = Expected.GetProperty("files").GetProperty("matrix_f8.npy").GetProperty("axis0");
        for (int j = 0; j < 16; j++)
        {
            AssertStats(doc.RootElement.GetProperty("slices")[j], expected[j], $"column {j}");
        }
    }

    [Test]
    public async Task Stats_AxisOnOneDimensionalArray_ExitsTwo()
    {
        var r = await CliRunner.RunAsync("stats", CliRunner.Data("normal_f8.npy"), "--axis", "0");
        Assert.That(r.ExitCode, Is.EqualTo(2), r.ToString);
        Assert.That(r.Error, Does.Contain("--axis needs a 2-D array").And.Contain("(200000,)"));
    }

    [Test]
    public async Task Stats_NoArgument_UsesBundledSampleWithTableHistogramAndThroughputLine()
    {
        var r = await CliRunner.RunAsync("stats");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.ToString);
        Assert.That(r.Out, Does.Contain("seattle_hourly_temperature.npy").And.Contain("NOAA"));
        Assert.That(r.Out, Does.Contain("8,759").And.Contain("mean").And.Contain("std").And.Contain("histogram"));
        Assert.That(r.Out, Does.Contain("█"));
        string last = r.Out.TrimEnd().Split('\n')[^1];
        Assert.That(last, Does.Match(@"^0\.07 MB in [0-9.]+ ms = [0-9.]+ [GM]B/s \(threads, \d+ worker\(s\), 8 chunk\(s\)\)$"));
        Assert.That(r.Error, Is.Empty);
    }

    [Test]
    public async Task Stats_PercentilesOff_OmitsThemAndSaysWhy()
    {
        var json = await CliRunner.RunAsync("stats", CliRunner.Data("normal_f8.npy"), "--json", "--percentiles", "off");
        Assert.That(json.ExitCode, Is.EqualTo(0), json.ToString);
        using var doc = JsonDocument.Parse(json.Out);
        Assert.That(doc.RootElement.GetProperty("stats").TryGetProperty("percentiles", out _), Is.False);
        var human = await CliRunner.RunAsync("stats", CliRunner.Data("normal_f8.npy"), "--percentiles", "off");
        Assert.That(human.Out, Does.Contain("percentiles skipped").And.Not.Contain("p50"));
    }

    [Test]
    public async Task Stats_AutoPercentiles_AboveTheOldTenMillionCap_AreTheExactNaNIgnoringPercentiles()
    {
        // 10,000,001 float64 (80 MB): beyond the former 10M limit of --percentiles auto, with NaNs (np.nanpercentile).
        using var tmp = new TempFolder();
        double[] levels = [1, 25, 50, 75, 99];
        double[] expected;
        using (var a = new NdRandom(11).Normal([10_000_001], 5, 2))
        {
            foreach (long i in new long[] { 0, 123_456, 10_000_000 })
            {
                a[i] = double.NaN;
            }

            NdArray.Save(tmp.File("big.npy"), a);
            using var finite = NdArray.FromArray(a.ToArray().Where(x => !double.IsNaN(x)).ToArray());
            using var p = (NdArray<double>)NdArray.Percentile(finite, levels);
            expected = p.ToArray();
        }

        var r = await CliRunner.RunAsync("stats", tmp.File("big.npy"), "--json");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.ToString);
        using var doc = JsonDocument.Parse(r.Out);
        var percentiles = doc.RootElement.GetProperty("stats").GetProperty("percentiles");
        Assert.That(doc.RootElement.GetProperty("stats").GetProperty("nan_count").GetInt64(), Is.EqualTo(3));
        for (int i = 0; i < levels.Length; i++)
        {
            Assert.That(percentiles.GetProperty(levels[i].ToString(System.Globalization.CultureInfo.InvariantCulture)).GetDouble(), Is.EqualTo(expected[i]), $"p{levels[i]}");
        }
    }

    [Test]
    public async Task Stats_AllNaN_ReportsNaNWithoutHistogram()
    {
        using var tmp = new TempFolder();
        using (var nans = NdArray.Full([5], double.NaN))
        {
            NdArray.Save(tmp.File("nan.npy"), nans);
        }

        var r = await CliRunner.RunAsync("stats", tmp.File("nan.npy"), "--json");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.ToString);
        using var doc = JsonDocument.Parse(r.Out);
        var s = doc.RootElement.GetProperty("stats");
        Assert.That(s.GetProperty("count").GetInt64(), Is.EqualTo(5));
        Assert.That(s.GetProperty("nan_count").GetInt64(), Is.EqualTo(5));
        Assert.That(s.GetProperty("mean").GetString(), Is.EqualTo("NaN"));
        Assert.That(s.TryGetProperty("histogram_counts", out _), Is.False);
    }

    /// <summary>
    /// Data far from zero against its spread (millisecond timestamps around 1.7e9): the chunk combine measures means
    /// from a shift, so std keeps full accuracy at any --chunks (a difference of rounded means cost 1e-9..1e-8 relative).
    /// </summary>
    [Test]
    public async Task Stats_DataFarFromZero_StdIsAccurateAtAnyChunkCount()
    {
        using var tmp = new TempFolder();
        var rng = new Random(5);
        var values = Enumerable.Range(0, 4000).Select(_ => 1.7e9 + (rng.Next(0, 1000) / 1000.0)).ToArray();
        using (var a = NdArray.FromArray(values))
        {
            NdArray.Save(tmp.File("ts.npy"), a);
        }

        using var reference = NdArray.FromArray(values);
        double want = reference.Std();
        foreach (string chunks in new[] { "1", "8", "64", "1000" })
        {
            var r = await CliRunner.RunAsync("stats", tmp.File("ts.npy"), "--json", "--chunks", chunks);
            Assert.That(r.ExitCode, Is.EqualTo(0), r.ToString);
            using var doc = JsonDocument.Parse(r.Out);
            double std = doc.RootElement.GetProperty("stats").GetProperty("std").GetDouble();
            Assert.That(Math.Abs(std - want) / want, Is.LessThan(1e-12), $"--chunks {chunks}: {std:R} vs {want:R}");
        }
    }

    /// <summary>A range whose width overflows float64 has no histogram (np.histogram fails there), but every statistic.</summary>
    [Test]
    public async Task Stats_RangeWiderThanFloat64_ReportsStatisticsWithoutHistogram()
    {
        using var tmp = new TempFolder();
        using (var wide = NdArray.FromArray([-1e308, 0.0, 1e308]))
        {
            NdArray.Save(tmp.File("wide.npy"), wide);
        }

        var r = await CliRunner.RunAsync("stats", tmp.File("wide.npy"), "--json");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.ToString);
        using var doc = JsonDocument.Parse(r.Out);
        var s = doc.RootElement.GetProperty("stats");
        Assert.That(s.GetProperty("min").GetDouble(), Is.EqualTo(-1e308));
        Assert.That(s.GetProperty("max").GetDouble(), Is.EqualTo(1e308));
        Assert.That(s.TryGetProperty("histogram_counts", out _), Is.False);
    }

    [Test]
    public async Task Stats_Plot_WritesPng()
    {
        using var tmp = new TempFolder();
        var r = await CliRunner.RunAsync("stats", CliRunner.Data("normal_f8.npy"), "--plot", tmp.File("h.png"));
        Assert.That(r.ExitCode, Is.EqualTo(0), r.ToString);
        byte[] png = await File.ReadAllBytesAsync(tmp.File("h.png"));
        Assert.That(png.Take(8), Is.EqualTo(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }), "PNG signature");
        Assert.That(png, Has.Length.GreaterThan(5000));
        Assert.That(tmp.Files(), Is.EquivalentTo(new[] { "h.png" }));
    }

    [Test]
    public async Task Gen_Then_Stats_RoundTrip()
    {
        using var tmp = new TempFolder();
        var gen = await CliRunner.RunAsync("gen", "--dist", "uniform", "--low", "-3", "--high", "5", "--n", "1M", "--seed", "99", "--out", tmp.File("u.npy"));
        Assert.That(gen.ExitCode, Is.EqualTo(0), gen.ToString);
        var r = await CliRunner.RunAsync("stats", tmp.File("u.npy"), "--json");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.ToString);
        using var doc = JsonDocument.Parse(r.Out);
        var s = doc.RootElement.GetProperty("stats");
        Assert.That(s.GetProperty("count").GetInt64(), Is.EqualTo(1_000_000));
        Assert.That(s.GetProperty("nan_count").GetInt64(), Is.EqualTo(0));
        Assert.That(s.GetProperty("mean").GetDouble(), Is.EqualTo(1.0).Within(0.01));
        Assert.That(s.GetProperty("std").GetDouble(), Is.EqualTo(8 / Math.Sqrt(12)).Within(0.01));
        Assert.That(s.GetProperty("min").GetDouble(), Is.GreaterThanOrEqualTo(-3).And.LessThan(-2.999));
        Assert.That(s.GetProperty("max").GetDouble(), Is.LessThan(5).And.GreaterThan(4.999));
        long[] counts = s.GetProperty("histogram_counts").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        Assert.That(counts.Sum(), Is.EqualTo(1_000_000));
        Assert.That(counts, Has.All.InRange(47_000, 53_000), "uniform: every bin near 1M/20");
    }

    private static void AssertStats(JsonElement actual, JsonElement expected, string what)
    {
        Assert.Multiple(() =>
        {
            Assert.That(actual.GetProperty("count").GetInt64(), Is.EqualTo(expected.GetProperty("count").GetInt64()), $"{what}: count");
            Assert.That(actual.GetProperty("nan_count").GetInt64(), Is.EqualTo(expected.GetProperty("nan_count").GetInt64()), $"{what}: nan_count");
            foreach (string key in new[] { "sum", "mean", "std" })
            {
                double e = expected.GetProperty(key).GetDouble();
                Assert.That(actual.GetProperty(key).GetDouble(), Is.EqualTo(e).Within(Math.Max(Math.Abs(e) * 1e-12, 1e-12)), $"{what}: {key}");
            }

            foreach (string key in new[] { "min", "max" })
            {
                Assert.That(actual.GetProperty(key).GetDouble(), Is.EqualTo(expected.GetProperty(key).GetDouble()), $"{what}: {key} (exact)");
            }

            if (actual.TryGetProperty("percentiles", out var p))
            {
                foreach (var q in expected.GetProperty("percentiles").EnumerateObject())
                {
                    double e = q.Value.GetDouble();
                    Assert.That(p.GetProperty(q.Name).GetDouble(), Is.EqualTo(e).Within(Math.Max(Math.Abs(e) * 1e-12, 1e-12)), $"{what}: p{q.Name}");
                }
            }

            Assert.That(
                actual.GetProperty("histogram_counts").EnumerateArray().Select(x => x.GetInt64()),
                Is.EqualTo(expected.GetProperty("histogram_counts").EnumerateArray().Select(x => x.GetInt64())),
                $"{what}: histogram counts (exact, as np.histogram)");
            var edges = actual.GetProperty("histogram_edges").EnumerateArray().Select(x => x.GetDouble()).ToArray();
            var expectedEdges = expected.GetProperty("histogram_edges").EnumerateArray().Select(x => x.GetDouble()).ToArray();
            Assert.That(edges, Is.EqualTo(expectedEdges), $"{what}: histogram edges");
        });
    }
}
