using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Spectre.Console;

namespace ChunkCompute.Cli.Stats;

/// <summary>Writes a <see cref="StatsReport"/> as a table with a text histogram, as JSON, or as a PNG chart.</summary>
internal static class StatsRenderer
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The <c>--json</c> document (NaN and infinities are written as the strings "NaN", "Infinity", "-Infinity").</summary>
    public static string ToJson(StatsReport report) => JsonSerializer.Serialize(report, JsonOptions);

    /// <summary>Formats a value with up to 6 significant decimals, invariant culture.</summary>
    public static string Format(double value) =>
        double.IsNaN(value) ? "NaN"
        : double.IsInfinity(value) ? (value > 0 ? "inf" : "-inf")
        : Math.Abs(value) is >= 1e9 or (< 1e-4 and > 0) ? value.ToString("G6", CultureInfo.InvariantCulture)
        : value.ToString("#,0.######", CultureInfo.InvariantCulture);

    /// <summary>Human output: a summary table, the text histogram, and (for --axis) one row per slice.</summary>
    public static void WriteHuman(CliConsole console, StatsReport report, string? description)
    {
        IAnsiConsole ansi = console.Ansi;
        string title = $"{Path.GetFileName(report.File)}  {report.DType} {FormatShape(report.Shape)}";
        ansi.Write(new Rule(Markup.Escape(title)) { Justification = Justify.Left });
        if (description is not null)
        {
            ansi.MarkupLine($"[grey]{Markup.Escape(description)}[/]");
        }

        if (report.Stats is { } s)
        {
            var table = new Table { Border = TableBorder.Rounded };
            table.AddColumn("statistic");
            table.AddColumn(new TableColumn("value").RightAligned());
            table.AddRow("count", s.Count.ToString("N0", CultureInfo.InvariantCulture));
            table.AddRow("NaN count", s.NaNCount.ToString("N0", CultureInfo.InvariantCulture));
            table.AddRow("sum", Format(s.Sum));
            table.AddRow("mean", Format(s.Mean));
            table.AddRow("std", Format(s.Std));
            table.AddRow("min", Format(s.Min));
            if (s.Percentiles is not null)
            {
                foreach (var (q, v) in s.Percentiles.OrderBy(p => double.Parse(p.Key, CultureInfo.InvariantCulture)))
                {
                    table.AddRow($"p{q}", Format(v));
                }
            }

            table.AddRow("max", Format(s.Max));
            ansi.Write(table);
            if (s.Percentiles is null && s.Count - s.NaNCount > 0)
            {
                ansi.MarkupLine("[grey]percentiles skipped: --percentiles off, or the float64 copy they need does not fit in memory[/]");
            }
            if (s.HistogramCounts is { Length: > 0 } counts && s.HistogramEdges is { } edges)
            {
                ansi.WriteLine();
                ansi.WriteLine($"histogram ({counts.Length} bins over [min, max]; NaN excluded)");
                foreach (string line in HistogramLines(edges, counts, width: 40))
                {
                    ansi.WriteLine(line);
                }
            }
        }

        if (report.Slices is { } slices)
        {
            var table = new Table { Border = TableBorder.Rounded };
            foreach (string h in new[] { "slice", "count", "NaN", "mean", "std", "min", "p50", "max" })
            {
                table.AddColumn(h == "slice" ? new TableColumn(h) : new TableColumn(h).RightAligned());
            }

            foreach (var r in slices)
            {
                string median = r.Percentiles is not null && r.Percentiles.TryGetValue("50", out double m) ? Format(m) : "-";
                table.AddRow(
                    Markup.Escape(r.Slice ?? string.Empty),
                    r.Count.ToString("N0", CultureInfo.InvariantCulture),
                    r.NaNCount.ToString("N0", CultureInfo.InvariantCulture),
                    Format(r.Mean),
                    Format(r.Std),
                    Format(r.Min),
                    median,
                    Format(r.Max));
            }

            ansi.Write(table);
        }
    }

    /// <summary>The final line: elapsed time and throughput.</summary>
    public static string SummaryLine(StatsReport report)
    {
        string rate = report.GigabytesPerSecond >= 0.1
            ? string.Create(CultureInfo.InvariantCulture, $"{report.GigabytesPerSecond:0.00} GB/s")
            : string.Create(CultureInfo.InvariantCulture, $"{report.GigabytesPerSecond * 1000:0.0} MB/s");
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{report.Bytes / 1e6:0.###} MB in {report.ElapsedSeconds * 1000:0.0} ms = {rate} ({report.Mode}, {report.Workers} worker(s), {report.Chunks} chunk(s))");
    }

    /// <summary>Text bars: one line per bin, <c>[lo, hi)  count  ████</c>, scaled to the largest bin.</summary>
    public static IEnumerable<string> HistogramLines(double[] edges, long[] counts, int width)
    {
        long peak = Math.Max(1, counts.Max());
        string[] lo = edges[..^1].Select(Format).ToArray();
        string[] hi = edges[1..].Select(Format).ToArray();
        int loWidth = lo.Max(s => s.Length);
        int hiWidth = hi.Max(s => s.Length);
        int countWidth = counts.Max(c => c.ToString("N0", CultureInfo.InvariantCulture).Length);
        for (int i = 0; i < counts.Length; i++)
        {
            double cells = (double)counts[i] / peak * width;
            var bar = new StringBuilder(new string('█', (int)cells));
            double rest = cells - Math.Floor(cells);
            if (rest >= 0.5)
            {
                bar.Append('▌');
            }
            else if (counts[i] > 0 && bar.Length == 0)
            {
                bar.Append('▏');
            }

            char close = i == counts.Length - 1 ? ']' : ')';
            yield return $"  [{lo[i].PadLeft(loWidth)}, {hi[i].PadLeft(hiWidth)}{close} {counts[i].ToString("N0", CultureInfo.InvariantCulture).PadLeft(countWidth)} {bar}";
        }
    }

    /// <summary>Writes a histogram bar chart (ScottPlot, headless) to <paramref name="path"/> atomically.</summary>
    public static void WritePlot(string path, StatsReport report, StatsResult stats, string? description)
    {
        if (stats.HistogramCounts is not { Length: > 0 } counts || stats.HistogramEdges is not { } edges)
        {
            throw new CliException("nothing to plot: the array has no finite values");
        }

        var plot = new ScottPlot.Plot();
        var bars = new List<ScottPlot.Bar>(counts.Length);
        for (int i = 0; i < counts.Length; i++)
        {
            bars.Add(new ScottPlot.Bar
            {
                Position = (edges[i] + edges[i + 1]) / 2,
                Value = counts[i],
                Size = edges[i + 1] - edges[i],
                FillColor = ScottPlot.Colors.SteelBlue,
                LineWidth = 0,
            });
        }

        plot.Add.Bars(bars);
        plot.Axes.Margins(bottom: 0);
        plot.Title($"{Path.GetFileName(report.File)}: {counts.Length}-bin histogram");
        plot.XLabel(description ?? "value");
        plot.YLabel("count");
        string info = string.Create(CultureInfo.InvariantCulture, $"n = {stats.Count - stats.NaNCount:N0}, mean = {Format(stats.Mean)}, std = {Format(stats.Std)}");
        var annotation = plot.Add.Annotation(info, ScottPlot.Alignment.UpperRight);
        annotation.LabelFontSize = 12;

        if (!path.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
        {
            throw new CliException($"--plot must name a .png file, got '{path}'");
        }

        using var output = new OutputFile(path, overwrite: true);
        plot.SavePng(output.TempPath, 900, 500);
        output.Commit();
    }

    private static string FormatShape(long[] shape) =>
        shape.Length == 1 ? $"({shape[0]},)" : "(" + string.Join(", ", shape) + ")";
}
