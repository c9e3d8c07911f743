using BenchmarkDotNet.Attributes;
using ChunkCompute.Execution;
using ChunkCompute.Execution.Processes;

namespace ChunkCompute.Bench.Processes;

/// <summary>
/// The seed's pattern on a 400 MB float64 <c>.npy</c> opened with <c>OpenMapped</c>: <c>sum(sin(chunk))</c> over 64
/// chunks with 2 worker processes vs 2 threads (same kernel, same chunks). Python's
/// <c>Pool(2).map(f, np.array_split(a, 64))</c> on the same data: <c>bench/numpy/process_pool.py</c>.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class ProcessPoolSumOfSines
{
    private const long Length = 50_000_000;
    private string _path = null!;
    private NdArray<double> _mapped = null!;
    private ProcessPool _pool = null!;
    private readonly SumOfSinesKernel _kernel = new();
    private readonly MapOptions _threads = new() { Executor = new ThreadExecutor(2) };

    [Params(64)]
    public int Chunks { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _path = Path.Combine(Path.GetTempPath(), $"cc-bench-sin-{Environment.ProcessId}.npy");
        using (var data = new NdRandom(20241125).Uniform([Length], -10, 10))
        {
            NdArray.Save(_path, data);
        }

        _mapped = NdArray.OpenMapped<double>(_path);
        _pool = new ProcessPool(2);
        _pool.WarmUpAsync().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _pool.Dispose();
        _mapped.Dispose();
        File.Delete(_path);
    }

    [Benchmark(Baseline = true)]
    public double Threads() => _mapped.ParallelMap(Chunks, _kernel.Reduce, _threads).Sum();

    [Benchmark]
    public double Processes() => _pool.Map(_kernel, _mapped, Chunks).Sum();
}

/// <summary>Pool start (a fresh worker process to Ready) and per-chunk dispatch cost (a kernel that does nothing).</summary>
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 10)]
public class ProcessPoolOverhead
{
    private const int TinyChunks = 2048;
    private ProcessPool _pool = null!;
    private ProcessPool _single = null!;
    private NdArray<double> _tiny = null!;
    private readonly ChunkLengthKernel _kernel = new();

    [GlobalSetup]
    public void Setup()
    {
        _tiny = NdArray.Zeros<double>(TinyChunks);
        _pool = new ProcessPool(2);
        _single = new ProcessPool(1);
        _pool.WarmUpAsync().GetAwaiter().GetResult();
        _single.WarmUpAsync().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _pool.Dispose();
        _single.Dispose();
        _tiny.Dispose();
    }

    /// <summary>Start one worker process and wait for its Ready frame (then shut it down).</summary>
    [Benchmark]
    public int StartOneWorker()
    {
        using var pool = new ProcessPool(1);
        pool.WarmUpAsync().GetAwaiter().GetResult();
        return pool.WorkersStarted;
    }

    /// <summary>Per chunk, 2 workers: Run frame out, result back, through the map engine (one-element chunks).</summary>
    [Benchmark(OperationsPerInvoke = TinyChunks)]
    public long DispatchPerChunkTwoWorkers() => _pool.Map(_kernel, _tiny, TinyChunks).Sum();

    /// <summary>Per chunk, 1 worker: the round-trip latency of one chunk.</summary>
    [Benchmark(OperationsPerInvoke = TinyChunks)]
    public long DispatchPerChunkOneWorker() => _single.Map(_kernel, _tiny, TinyChunks).Sum();
}
