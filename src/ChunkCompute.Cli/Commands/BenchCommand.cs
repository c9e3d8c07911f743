using System.CommandLine;
using System.Diagnostics;

namespace ChunkCompute.Cli.Commands;

/// <summary>
/// <c>chunkcompute bench</c>: runs the BenchmarkDotNet harness (<c>bench/ChunkCompute.Bench --harness</c>) on the sample
/// datasets of the repository clone it is started from, streaming its output; the report and chart land in
/// <c>bench/results/</c>. Needs the repository (the harness is built from source by BenchmarkDotNet).
/// </summary>
internal static class BenchCommand
{
    public static Command Create(CliConsole console)
    {
        var smoke = new Option<bool>("--smoke") { Description = "Dry job in-process: every case once, in seconds (what CI runs)." };
        var job = new Option<string>("--job") { Description = "BenchmarkDotNet job: dry, short, medium, long.", DefaultValueFactory = _ => "short" };
        job.AcceptOnlyFromAmong("dry", "short", "medium", "long", "default");
        var datasets = new Option<string?>("--datasets") { Description = "Comma-separated dataset files from data/ (default: all float64 1-D files, plus data/generated/ when present)." };
        var filter = new Option<string?>("--filter") { Description = "BenchmarkDotNet filter (default: every harness suite, ChunkCompute.Bench.Harness.*)." };
        var command = new Command("bench", "Run the benchmark harness (bench/ChunkCompute.Bench) on the sample datasets: sequential vs threads vs processes, with a markdown report and PNG chart in bench/results/.")
        {
            smoke, job, datasets, filter,
        };
        command.SetAction(async (parse, ct) =>
        {
            string project = FindBenchProject()
                ?? throw new CliException($"bench needs a clone of the ChunkCompute repository: bench/ChunkCompute.Bench/ChunkCompute.Bench.csproj was not found above {Directory.GetCurrentDirectory()}");
            var args = new List<string> { "run", "-c", "Release", "--project", project, "--", parse.GetValue(smoke) ? "--smoke" : "--harness" };
            if (!parse.GetValue(smoke))
            {
                args.AddRange(["--job", parse.GetValue(job)!]);
            }

            if (parse.GetValue(datasets) is { } d)
            {
                args.AddRange(["--datasets", d]);
            }

            if (parse.GetValue(filter) is { } f)
            {
                args.AddRange(["--filter", f]);
            }

            return await RunAsync(console, args, ct).ConfigureAwait(false);
        });
        return command;
    }

    internal static string? FindBenchProject()
    {
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "bench", "ChunkCompute.Bench", "ChunkCompute.Bench.csproj");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    private static async Task<int> RunAsync(CliConsole console, List<string> args, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args)
        {
            info.ArgumentList.Add(a);
        }

        await console.Error.WriteLineAsync("running: dotnet " + string.Join(' ', args)).ConfigureAwait(false);
        using var process = Process.Start(info) ?? throw new CliException("could not start 'dotnet'");
        Task pumpOut = PumpAsync(process.StandardOutput, console.Out);
        Task pumpErr = PumpAsync(process.StandardError, console.Error);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        await Task.WhenAll(pumpOut, pumpErr).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            await console.Error.WriteLineAsync($"chunkcompute: error: the bench harness failed (exit code {process.ExitCode})").ConfigureAwait(false);
            return ExitCodes.InternalError;
        }

        return ExitCodes.Ok;
    }

    private static async Task PumpAsync(StreamReader from, TextWriter to)
    {
        string? line;
        while ((line = await from.ReadLineAsync().ConfigureAwait(false)) is not null)
        {
            await to.WriteLineAsync(line).ConfigureAwait(false);
        }
    }
}
