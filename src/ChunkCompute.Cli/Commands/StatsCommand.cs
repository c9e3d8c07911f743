using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using ChunkCompute.Cli.Stats;
using ChunkCompute.IO;

namespace ChunkCompute.Cli.Commands;

/// <summary>
/// <c>chunkcompute stats [FILE]</c>: descriptive statistics of a <c>.npy</c> array (NaN-aware), computed chunk by chunk
/// on the chosen executor, with a text histogram, optional PNG chart and JSON, and a final throughput line.
/// </summary>
internal static class StatsCommand
{
    /// <summary>Percentile levels reported.</summary>
    internal static readonly double[] PercentileLevels = [1, 25, 50, 75, 99];

    public static Command Create(CliConsole console)
    {
        var file = new Argument<string?>("FILE")
        {
            Description = $"A .npy file (default: the bundled sample {SampleData.DefaultFileName}).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var chunks = new Option<int>("--chunks") { Description = "Number of chunks (np.array_split) mapped over the workers.", DefaultValueFactory = _ => StatsEngine.DefaultChunks };
        var workers = new Option<int>("--workers") { Description = "Worker threads or processes.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var mode = new Option<string>("--mode") { Description = "Executor: sequential, threads or processes.", DefaultValueFactory = _ => "threads" };
        mode.AcceptOnlyFromAmong("sequential", "threads", "processes");
        var axis = new Option<int?>("--axis") { Description = "For a 2-D array: reduce along this axis (0: one row of statistics per column; 1: per row)." };
        var bins = new Option<int>("--bins") { Description = "Histogram bins.", DefaultValueFactory = _ => 20 };
        var plot = new Option<string?>("--plot") { Description = "Write the histogram as a PNG chart (ScottPlot) to this file." };
        var json = new Option<bool>("--json") { Description = "Machine-readable output (NaN written as \"NaN\")." };
        var percentiles = new Option<string>("--percentiles")
        {
            Description = "Exact percentiles (one parallel selection over the whole array; measured ~0.1-0.2 s for 50,000,000 float64 on 2 cores): auto computes them unless a float64 copy they need (other dtypes, NaNs present) does not fit in memory, on always (error if it does not fit), off never.",
            DefaultValueFactory = _ => "auto",
        };
        percentiles.AcceptOnlyFromAmong("auto", "on", "off");

        var command = new Command("stats", "Descriptive statistics of a .npy array: count, NaN count, sum, mean, std, min, max, percentiles and a histogram.")
        {
            file, chunks, workers, mode, axis, bins, percentiles, plot, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            var options = new StatsOptions(
                parse.GetValue(chunks),
                parse.GetValue(workers),
                parse.GetValue(mode)!,
                parse.GetValue(axis),
                parse.GetValue(bins),
                parse.GetValue(percentiles)!);
            return await RunAsync(console, parse.GetValue(file), options, parse.GetValue(plot), parse.GetValue(json), ct).ConfigureAwait(false);
        });
        return command;
    }

    internal static async Task<int> RunAsync(CliConsole console, string? file, StatsOptions options, string? plotPath, bool json, CancellationToken cancellationToken)
    {
        options.Validate();
        string path = file ?? SampleData.DefaultFile;
        string? description = file is null ? SampleData.DefaultDescription : null;
        if (file is null && !File.Exists(path))
        {
            throw new CliException($"the bundled sample dataset is missing: {path}");
        }

        var watch = Stopwatch.StartNew();
        using NdArray array = ArrayFile.Open(path, out _);
        if (array.DType == DType.Bool)
        {
            throw new CliException($"{path}: dtype bool has no meaningful statistics; convert it first");
        }

        StatsReport report = await StatsEngine.ComputeAsync(path, array, options, cancellationToken).ConfigureAwait(false);
        watch.Stop();
        report.ElapsedSeconds = watch.Elapsed.TotalSeconds;
        report.GigabytesPerSecond = report.Bytes / 1e9 / Math.Max(report.ElapsedSeconds, 1e-9);

        if (plotPath is not null)
        {
            StatsResult target = report.Stats ?? throw new CliException("--plot needs whole-array statistics; it cannot be combined with --axis");
            StatsRenderer.WritePlot(plotPath, report, target, description);
        }

        if (json)
        {
            await console.Out.WriteLineAsync(StatsRenderer.ToJson(report)).ConfigureAwait(false);
        }
        else
        {
            StatsRenderer.WriteHuman(console, report, description);
            if (plotPath is not null)
            {
                await console.Out.WriteLineAsync($"histogram chart written to {plotPath}").ConfigureAwait(false);
            }

            await console.Out.WriteLineAsync(StatsRenderer.SummaryLine(report)).ConfigureAwait(false);
        }

        return ExitCodes.Ok;
    }
}

/// <summary>How <c>stats</c> runs: chunk count, workers, executor, axis, histogram bins.</summary>
internal sealed record StatsOptions(int Chunks, int Workers, string Mode, int? Axis, int Bins, string PercentileMode = "auto")
{
    public void Validate()
    {
        CliLimits.Check("--chunks", Chunks, CliLimits.MaxChunks);
        CliLimits.Check("--workers", Workers, CliLimits.MaxWorkers);

        if (Bins is < 1 or > Stats.Kernels.HistogramCounts.Capacity)
        {
            throw new CliException($"--bins must be between 1 and {Stats.Kernels.HistogramCounts.Capacity}, got {Bins}");
        }

    }
}
