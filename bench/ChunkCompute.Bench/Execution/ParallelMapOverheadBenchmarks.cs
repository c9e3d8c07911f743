using BenchmarkDotNet.Attributes;
using ChunkCompute.Execution;

namespace ChunkCompute.Bench.Execution;

/// <summary>
/// Scheduling overhead of a map: 100,000 one-element items (a trivial function per item) through
/// <c>ParallelMap</c> on threads and sequentially, against a hand-written <see cref="Parallel.For(int, int, Action{int})"/>
/// and a plain loop writing the same results. Targets (issue 4): ≤ 0.5 s per map, ≤ 5 µs per item, O(1) allocations
/// per batch and none per element — read the Allocated column (the 800 KB result array is the only O(n) part).
/// </summary>
[MemoryDiagnoser]
public class ParallelMapOverheadBenchmarks
{
    /// <summary>Items per map.</summary>
    public const int Items = 100_000;

    private readonly MapOptions _threads = new() { Executor = new ThreadExecutor(2) };
    private readonly MapOptions _sequential = new() { Executor = SequentialExecutor.Instance };
    private double[] _items = null!;
    private NdArray<double>[] _chunks = null!;

    [GlobalSetup]
    public void Setup()
    {
        _items = new double[Items];
        for (int i = 0; i < _items.Length; i++)
        {
            _items[i] = i * 0.5;
        }

        // 100,000 one-element NdArray chunks (views), as a.ArraySplit(100_000) gives.
        _chunks = NdArray.FromArray(_items).ArraySplit(Items);
    }

    [Benchmark(Baseline = true, Description = "sequential for loop")]
    public double[] SequentialLoop()
    {
        var results = new double[_items.Length];
        for (int i = 0; i < _items.Length; i++)
        {
            results[i] = Work(_items[i]);
        }

        return results;
    }

    [Benchmark(Description = "hand-written Parallel.For")]
    public double[] ParallelFor()
    {
        var results = new double[_items.Length];
        var items = _items;
        Parallel.For(0, items.Length, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i => results[i] = Work(items[i]));
        return results;
    }

    [Benchmark(Description = "ParallelMap, ThreadExecutor(2)")]
    public double[] ParallelMapThreads() => _items.ParallelMap(Work, _threads);

    [Benchmark(Description = "ParallelMap, SequentialExecutor")]
    public double[] ParallelMapSequential() => _items.ParallelMap(Work, _sequential);

    [Benchmark(Description = "ParallelMap over 1-element NdArray chunks, threads")]
    public double[] ParallelMapChunks() => _chunks.ParallelMap(static c => c.AsReadOnlySpan()[0] + 1.0, _threads);

    [Benchmark(Description = "ParallelMapUnordered, threads (streamed)")]
    public async Task<double> ParallelMapUnorderedThreads()
    {
        double sum = 0;
        await foreach (var (_, r) in _items.ParallelMapUnordered(Work, _threads with { BatchSize = 256 }))
        {
            sum += r;
        }

        return sum;
    }

    private static double Work(double x) => (x * 1.000001) + 1.0;
}
