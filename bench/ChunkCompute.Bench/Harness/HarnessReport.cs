using System.Globalization;
using System.Text;
using BenchmarkDotNet.Reports;

namespace ChunkCompute.Bench.Harness;

/// <summary>
/// Writes the results of a harness run as a markdown table and a PNG bar chart (ScottPlot, headless) under
/// <c>bench/results/</c> (gitignored): <c>harness-&lt;timestamp&gt;.md</c> and <c>.png</c>.
/// </summary>
public static class HarnessReport
{
    private static readonly System.Text.Json.JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    /// <summary>One measured case.</summary>
    public sealed record Row(string Suite, string Benchmark, string Dataset, string Mode, double MeanMs, double? GigabytesPerSecond);

    /// <summary>Rows of every successful case in <paramref name="summaries"/>.</summary>
    public static List<Row> Collect(IEnumerable<Summary> summaries)
    {
        var rows = new List<Row>();
        foreach (var report in summaries.SelectMany(s => s.Reports))
        {
            if (!report.Success || report.ResultStatistics is null)
            {
                continue;
            }

            var c = report.BenchmarkCase;
            string dataset = c.Parameters.Items.FirstOrDefault(p => p.Name == "Dataset")?.Value?.ToString() ?? "-";
            string mode = c.Parameters.Items.FirstOrDefault(p => p.Name == "Mode")?.Value?.ToString() ?? "-";
            double meanMs = report.ResultStatistics.Mean / 1e6;
            double? gbps = null;
            // OpenMapped reads nothing (O(1) in the file size): a throughput figure would mislead.
            if (dataset != "-" && c.Descriptor.WorkloadMethod.Name != "OpenMapped" && File.Exists(HarnessDatasets.PathOf(dataset)))
            {
                gbps = HarnessDatasets.DataBytes(dataset) / 1e9 / (meanMs / 1e3);
            }

            rows.Add(new Row(c.Descriptor.Type.Name, c.Descriptor.WorkloadMethod.Name, dataset, mode, meanMs, gbps));
        }

        return rows;
    }

    /// <summary>Writes the markdown report and the chart; returns their paths (none when there is no row).</summary>
    public static IReadOnlyList<string> Write(IEnumerable<Summary> summaries, string? jobName = null)
    {
        var rows = Collect(summaries);
        if (rows.Count == 0)
        {
            return [];
        }

        string folder = Path.Combine(HarnessDatasets.RepositoryRoot, "bench", "results");
        Directory.CreateDirectory(folder);
        string stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        string markdown = Path.Combine(folder, $"harness-{stamp}.md");
        string chart = Path.Combine(folder, $"harness-{stamp}.png");
        string json = Path.Combine(folder, $"harness-{stamp}.json");
        File.WriteAllText(markdown, ToMarkdown(rows, jobName, Path.GetFileName(chart)));
        WriteChart(rows, chart);
        // Machine-readable rows for bench/numpy/run_all.py (the NumPy ratio table).
        File.WriteAllText(json, System.Text.Json.JsonSerializer.Serialize(new { job = jobName, rows }, JsonOptions));
        return [markdown, chart, json];
    }

    /// <summary>The markdown table (one row per case, grouped by dataset).</summary>
    public static string ToMarkdown(IReadOnlyList<Row> rows, string? jobName, string? chartFile)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"# ChunkCompute bench harness — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} logical cores, {Environment.OSVersion}; .NET {Environment.Version}; job: {jobName ?? "default"}.");
        sb.AppendLine("Timings are BenchmarkDotNet means; GB/s = dataset bytes / mean time. A dry job runs each case once: its figures are smoke, not measurements.");
        sb.AppendLine();
        sb.AppendLine("| dataset | suite | benchmark | mode | mean (ms) | GB/s |");
        sb.AppendLine("| --- | --- | --- | --- | ---: | ---: |");
        foreach (var r in rows.OrderBy(r => r.Dataset, StringComparer.Ordinal).ThenBy(r => r.Suite, StringComparer.Ordinal).ThenBy(r => r.Benchmark, StringComparer.Ordinal).ThenBy(r => r.Mode, StringComparer.Ordinal))
        {
            string gbps = r.GigabytesPerSecond is { } g ? g.ToString("0.00", CultureInfo.InvariantCulture) : "-";
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {r.Dataset} | {r.Suite} | {r.Benchmark} | {r.Mode} | {r.MeanMs:0.###} | {gbps} |");
        }

        if (chartFile is not null)
        {
            sb.AppendLine();
            sb.AppendLine(CultureInfo.InvariantCulture, $"![chart]({chartFile})");
        }

        return sb.ToString();
    }

    /// <summary>A horizontal bar chart of mean milliseconds per case.</summary>
    public static void WriteChart(IReadOnlyList<Row> rows, string path)
    {
        var ordered = rows.OrderBy(r => r.Dataset, StringComparer.Ordinal).ThenBy(r => r.Suite, StringComparer.Ordinal).ThenBy(r => r.Benchmark, StringComparer.Ordinal).ThenBy(r => r.Mode, StringComparer.Ordinal).ToList();
        var plot = new ScottPlot.Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var datasets = ordered.Select(r => r.Dataset).Distinct().ToList();
        var bars = new List<ScottPlot.Bar>();
        var ticks = new List<ScottPlot.Tick>();
        for (int i = 0; i < ordered.Count; i++)
        {
            var r = ordered[i];
            double y = ordered.Count - 1 - i;
            bars.Add(new ScottPlot.Bar
            {
                Position = y,
                Value = r.MeanMs,
                FillColor = palette.GetColor(datasets.IndexOf(r.Dataset)),
                LineWidth = 0,
                Orientation = ScottPlot.Orientation.Horizontal,
            });
            string mode = r.Mode == "-" ? string.Empty : $" [{r.Mode}]";
            ticks.Add(new ScottPlot.Tick(y, $"{r.Dataset}: {r.Suite}.{r.Benchmark}{mode}", isMajor: true));
        }

        plot.Add.Bars(bars);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks.ToArray());
        plot.Axes.Margins(left: 0);
        plot.XLabel("mean time (ms), lower is better");
        plot.Title("ChunkCompute bench harness");
        int height = Math.Max(300, 60 + (22 * ordered.Count));
        plot.SavePng(path, 1400, height);
    }
}
