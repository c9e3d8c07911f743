using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using ChunkCompute.Bench.Harness;

namespace ChunkCompute.Bench;

/// <summary>
/// Entry point: BenchmarkDotNet's switcher over every benchmark class in this assembly
/// (e.g. <c>dotnet run -c Release --project bench/ChunkCompute.Bench -- --filter "*Split*"</c>).
/// </summary>
/// <remarks>
/// BenchmarkDotNet exits 0 even when a benchmark throws or a filter matches nothing; this program exits 1 then,
/// so scripts and CI notice.
/// </remarks>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args is ["--paired-histogram-prefetch", .. var rest])
        {
            return Kernels.Reductions.HistogramPrefetchPairs.Run(rest);
        }

        // --harness / --smoke / --datasets are the dataset harness's switches (see HarnessOptions); the rest goes to BenchmarkDotNet.
        var harness = HarnessOptions.Parse(args);
        args = harness.Arguments;
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, DefaultConfig.Instance).ToList();
        if (harness.Enabled)
        {
            foreach (string written in HarnessReport.Write(summaries, harness.JobName))
            {
                Console.WriteLine($"harness report: {written}");
            }
        }

        if (args.Any(a => a is "--list" or "--help" or "-h" or "--info" || a.StartsWith("--list", StringComparison.Ordinal)))
        {
            return 0;
        }

        if (summaries.Count == 0 || summaries.All(s => s.BenchmarksCases.Length == 0))
        {
            Console.Error.WriteLine("error: no benchmark matched the filter");
            return 1;
        }

        var failed = summaries.SelectMany(s => s.Reports).Where(r => !r.Success).Select(r => r.BenchmarkCase.DisplayInfo).ToList();
        var validation = summaries.SelectMany(s => s.ValidationErrors).Where(e => e.IsCritical).ToList();
        if (failed.Count > 0 || validation.Count > 0 || summaries.Any(s => s.HasCriticalValidationErrors))
        {
            foreach (var f in failed)
            {
                Console.Error.WriteLine($"error: benchmark failed: {f}");
            }

            foreach (var v in validation)
            {
                Console.Error.WriteLine($"error: {v.Message}");
            }

            return 1;
        }

        return 0;
    }
}
