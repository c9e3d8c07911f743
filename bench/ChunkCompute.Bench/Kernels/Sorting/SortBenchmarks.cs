using BenchmarkDotNet.Attributes;

namespace ChunkCompute.Bench.Kernels.Sorting;

/// <summary>
/// Sort and ArgSort of standard-normal float64 (1,000,000 and 10,000,000 elements) and Sort of the same values ×1000
/// as int32. NumPy figures for the same workloads come from bench/numpy/sorting.py. Names are stable: do not rename.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class SortBenchmarks
{
    private NdArray<double> _a = null!;
    private NdArray<int> _i = null!;

    [Params(1_000_000, 10_000_000)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _a = new NdRandom(42).Normal([N], 0, 1);
        using var scaled = _a * 1000.0;
        _i = scaled.AsType<int>();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _a.Dispose();
        _i.Dispose();
    }

    /// <summary>np.sort(a): a sorted copy.</summary>
    [Benchmark]
    public double Sort()
    {
        using var s = NdArray.Sort(_a);
        return s[0];
    }

    /// <summary>np.argsort(a) (ties in index order, as kind='stable').</summary>
    [Benchmark]
    public long ArgSort()
    {
        using var o = NdArray.ArgSort(_a);
        return o[0];
    }

    /// <summary>np.sort of the int32 copy.</summary>
    [Benchmark]
    public int Sort_Int32()
    {
        using var s = NdArray.Sort(_i);
        return s[0];
    }
}
