using BenchmarkDotNet.Attributes;
using ChunkCompute.Cli.Commands;
using ChunkCompute.Cli.Stats;
using ChunkCompute.Execution;
using ChunkCompute.Execution.Processes;
using ChunkCompute.Storage;

namespace ChunkCompute.Bench.Harness.Execution;

/// <summary>
/// The same chunked work on the three executors — sequential, threads (2), processes (a warm <see cref="ProcessPool"/>
/// of 2 sharing the memory-mapped dataset) — over a dataset opened with <c>OpenMapped</c>:
/// <list type="bullet">
/// <item><see cref="SumSin64"/>: the seed's <c>Pool(2).map(f, np.array_split(a, 64))</c> with <c>f = sum(sin(chunk))</c>;</item>
/// <item><see cref="StatsMoments"/>: pass 1 of <c>chunkcompute stats</c> (count, NaN count, sum, M2, min, max) over 8 chunks.</item>
/// </list>
/// NumPy counterparts (bench/numpy/run_all.py): a list comprehension, <c>ThreadPoolExecutor(2).map</c> and <c>Pool(2).map</c>.
/// </summary>
public class DatasetExecutionBench
{
    private NdArray<double> _a = null!;
    private ExecutorHandle _executor = null!;
    private MapOptions _options = null!;

    [ParamsSource(nameof(Datasets))]
    public string Dataset { get; set; } = "";

    [Params("sequential", "threads", "processes")]
    public string Mode { get; set; } = "threads";

    public static IEnumerable<string> Datasets() => HarnessDatasets.All();

    [GlobalSetup]
    public void Setup()
    {
        _a = NdArray.OpenMapped<double>(HarnessDatasets.PathOf(Dataset), MapMode.Read);
        _executor = Executors.Create(new StatsOptions(8, 2, Mode, null, 20));
        _executor.Pool?.WarmUpAsync().GetAwaiter().GetResult();
        _options = new MapOptions { Executor = _executor.Executor, BatchSize = 1 };
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _executor.Dispose();
        _a.Dispose();
    }

    [Benchmark]
    public double SumSin64()
    {
        var kernel = new SumOfSinesKernel();
        double[] partials = _executor.Pool is { } pool
            ? pool.Map(kernel, _a, 64, _options)
            : _a.ArraySplit(64).ParallelMap(kernel.Reduce, _options);
        return partials.Sum();
    }

    [Benchmark]
    public double StatsMoments() => StatsEngine.Moments(_a, 8, _executor, CancellationToken.None).Sum;
}

/// <summary><c>sum(sin(chunk))</c>, the seed's per-chunk function; public and non-generic so a worker process can load it.</summary>
public sealed class SumOfSinesKernel : IChunkReduction<double, double>
{
    public double Reduce(NdArray<double> chunk)
    {
        using var s = NdArray.Sin(chunk, settings: ExecutionSettings.Sequential);
        return s.Sum(ExecutionSettings.Sequential);
    }
}
