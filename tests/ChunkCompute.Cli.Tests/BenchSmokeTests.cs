using ChunkCompute.Bench.Harness;

namespace ChunkCompute.Cli.Tests;

/// <summary>
/// The bench harness's CI smoke job (<c>--smoke</c> = BenchmarkDotNet dry job, in-process) on the smallest sample dataset:
/// every suite (IO, kernels, execution in all three modes) runs once, the report, chart and JSON are written, and the
/// program keeps its exit-code contract (0 on success, 1 when a filter matches nothing).
/// </summary>
[NonParallelizable]
public class BenchSmokeTests
{
    [Test]
    public void Smoke_RunsEverySuiteAndWritesTheReport()
    {
        string results = Path.Combine(HarnessDatasets.RepositoryRoot, "bench", "results");
        var before = Directory.Exists(results) ? Directory.GetFiles(results).ToHashSet() : [];
        int code = ChunkCompute.Bench.Program.Main(["--smoke", "--datasets", "seattle_daily_temp_max.npy"]);
        Environment.SetEnvironmentVariable(HarnessDatasets.Variable, null);
        var written = Directory.GetFiles(results).Where(f => !before.Contains(f)).ToList();
        try
        {
            Assert.That(code, Is.EqualTo(0));
            Assert.That(written.Select(Path.GetExtension), Is.EquivalentTo(new[] { ".md", ".png", ".json" }));
            string markdown = File.ReadAllText(written.Single(f => f.EndsWith(".md", StringComparison.Ordinal)));
            foreach (string expected in new[] { "DatasetIoBench", "DatasetKernelBench", "| SumSin64 | processes |", "| StatsMoments | sequential |", "| SumSin64 | threads |" })
            {
                Assert.That(markdown, Does.Contain(expected));
            }
        }
        finally
        {
            written.ForEach(File.Delete);
        }
    }

    [Test]
    public void FilterMatchingNothing_ExitsOne()
    {
        int code = ChunkCompute.Bench.Program.Main(["--smoke", "--filter", "*NoSuchBenchmark*"]);
        Assert.That(code, Is.EqualTo(1));
    }
}
