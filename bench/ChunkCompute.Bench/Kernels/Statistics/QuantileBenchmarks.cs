using BenchmarkDotNet.Attributes;
using ChunkCompute.Execution;

namespace ChunkCompute.Bench.Kernels.Statistics;

/// <summary>
/// Exact Median and five percentiles at once (1, 25, 50, 75, 99; NumPy's linear method) of standard-normal float64
/// (1,000,000 and 50,000,000 = 400 MB), on all cores and on one thread, against the five percentiles taken one call
/// at a time (what the CLI did) and a copy-bandwidth baseline. NumPy figures for the same workloads come from
/// bench/numpy/quantiles.py. Names are stable: do not rename.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class QuantileBenchmarks
{
    private static readonly double[] Levels = [1, 25, 50, 75, 99];

    private NdArray<double> _a = null!;
    private NdArray<double> _copy = null!;

    [Params(1_000_000, 50_000_000)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _a = new NdRandom(42).Normal([N], 0, 1);
        _copy = NdArray.Zeros<double>(N);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _a.Dispose();
        _copy.Dispose();
    }

    /// <summary>np.median(a), default settings (all cores).</summary>
    [Benchmark]
    public double Median() => Scalar(NdArray.Median(_a));

    /// <summary>np.median(a) on one thread.</summary>
    [Benchmark]
    public double Median_1Thread() => Scalar(NdArray.Median(_a, settings: ExecutionSettings.Sequential));

    /// <summary>np.percentile(a, [1, 25, 50, 75, 99]) in one call, default settings (all cores).</summary>
    [Benchmark]
    public double Percentile5() => First(NdArray.Percentile(_a, Levels));

    /// <summary>np.percentile(a, [1, 25, 50, 75, 99]) in one call on one thread.</summary>
    [Benchmark]
    public double Percentile5_1Thread() => First(NdArray.Percentile(_a, Levels, settings: ExecutionSettings.Sequential));

    /// <summary>The same five percentiles as five single-q calls (what the CLI did before the multi-q call).</summary>
    [Benchmark]
    public double Percentile5_OneAtATime()
    {
        double s = 0;
        foreach (double q in Levels)
        {
            s += Scalar(NdArray.Percentile(_a, q));
        }

        return s;
    }

    /// <summary>Memory baseline: copy the array once (reads N, writes N), as NumPy's partition copy does.</summary>
    [Benchmark]
    public void CopyTo_Baseline() => _a.AsReadOnlySpan().CopyTo(_copy.AsSpan());

    private static double Scalar(NdArray r)
    {
        using (r)
        {
            return ((NdArray<double>)r).ToScalar();
        }
    }

    private static double First(NdArray r)
    {
        using (r)
        {
            return ((NdArray<double>)r)[0];
        }
    }
}
