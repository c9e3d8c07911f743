using BenchmarkDotNet.Attributes;
using ChunkCompute.Chunking;

namespace ChunkCompute.Bench.Chunking;

/// <summary>
/// Cost of <c>ArraySplit</c> on a 50,000,000-element float64 array (400 MB, never touched: only views are made).
/// Expected O(sections): one view object, shape and strides per chunk, independent of the array length.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 8)]
public class ArraySplitBench
{
    private NdArray<double> _array = null!;
    private NdArray<double> _matrix = null!;

    [Params(8, 64, 1024, 65536)]
    public int Sections { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _array = NdArray.Empty<double>(50_000_000);
        _matrix = _array.Reshape(500_000, 100);
    }

    [GlobalCleanup]
    public void Cleanup() => _array.Dispose();

    /// <summary>np.array_split(a, sections) on the 1-D array: chunk views with ChunkInfo.</summary>
    [Benchmark(Baseline = true)]
    public NdArray<double>[] ArraySplit1D() => _array.ArraySplit(Sections);

    /// <summary>The same on a (500000, 100) view, along axis 0.</summary>
    [Benchmark]
    public NdArray<double>[] ArraySplit2DAxis0() => _matrix.ArraySplit(Sections);

    /// <summary>The pure boundary arithmetic: a ChunkPlan and every chunk's start and length.</summary>
    [Benchmark]
    public long ChunkPlanOnly()
    {
        var plan = ChunkPlan.ArraySplit(50_000_000, Sections);
        long sum = 0;
        for (int k = 0; k < plan.Count; k++)
        {
            sum += plan.Start(k) ^ plan.ChunkLength(k);
        }

        return sum;
    }
}
