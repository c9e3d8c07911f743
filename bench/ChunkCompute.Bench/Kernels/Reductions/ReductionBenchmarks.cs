using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using ChunkCompute.Execution;
using ChunkCompute.Kernels;

namespace ChunkCompute.Bench.Kernels.Reductions;

/// <summary>
/// Sum, Max and ArgMax (float64, int32), NanMax, CountNonzero and Any of bool masks, Mean+Std and Histogram(a, 100) (also with the range given: binning alone; and of float32 data) on float64 data (50,000,000 = 400 MB, and 1,000,000), against a naive
/// scalar loop, single-threaded TensorPrimitives and a copy-bandwidth baseline (Span.CopyTo of the same bytes).
/// NumPy figures for the same workloads come from bench/numpy/reductions.py. Names are stable: do not rename.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class ReductionBenchmarks
{
    private NdArray<double> _a = null!;
    private NdArray<double> _copy = null!;
    private NdArray<float> _f = null!;
    private NdArray<int> _i = null!;
    private NdArray<bool> _mask = null!;
    private NdArray<bool> _none = null!;
    private double _min;
    private double _max;

    [Params(1_000_000, 50_000_000)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _a = new NdRandom(42).Normal([N], 0, 1);
        _copy = NdArray.Zeros<double>(N);
        _a.CopyTo(_copy);
        _f = _a.AsType<float>();
        _mask = _a > 1.0;
        _none = _a > 100.0;
        using (var scaled = _a * 1000.0)
        {
            _i = scaled.AsType<int>();
        }
        _min = _a.Min();
        _max = _a.Max();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _a.Dispose();
        _copy.Dispose();
        _f.Dispose();
        _i.Dispose();
        _mask.Dispose();
        _none.Dispose();
    }

    /// <summary>Our reproducible Sum, default settings (all cores).</summary>
    [Benchmark]
    public double Sum() => _a.Sum();

    /// <summary>Our reproducible Sum on one thread.</summary>
    [Benchmark]
    public double Sum_1Thread() => _a.Sum(ExecutionSettings.Sequential);

    /// <summary>Straight scalar loop.</summary>
    [Benchmark]
    public double Sum_NaiveLoop()
    {
        var x = _a.AsReadOnlySpan();
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            s += x[i];
        }

        return s;
    }

    /// <summary>TensorPrimitives.Sum, single thread (not reproducible across instruction sets).</summary>
    [Benchmark]
    public double Sum_TensorPrimitives() => TensorPrimitives.Sum(_a.AsReadOnlySpan());

    /// <summary>Memory baseline: copy the same number of bytes (reads N, writes N).</summary>
    [Benchmark]
    public void CopyTo_Baseline() => _a.AsReadOnlySpan().CopyTo(_copy.AsSpan());

    /// <summary>Max of float64 (TensorPrimitives with AVX-512, our one-pass kernel without).</summary>
    [Benchmark]
    public double Max() => _a.Max();

    /// <summary>NanMax of float64 (no NaN in the data: the cost of skipping them).</summary>
    [Benchmark]
    public double NanMax() => _a.NanMax();

    /// <summary>ArgMax of float64 (index of the first maximum).</summary>
    [Benchmark]
    public long ArgMax() => _a.ArgMax();

    /// <summary>ArgMax of the int32 copy.</summary>
    [Benchmark]
    public long ArgMax_Int32() => _i.ArgMax();

    /// <summary>CountNonzero of the bool mask <c>a &gt; 1</c> (about 16% true).</summary>
    [Benchmark]
    public long Mask_CountNonzero() => _mask.CountNonzero();

    /// <summary>Any of the all-false mask <c>a &gt; 100</c> (nothing to stop at: reads it all).</summary>
    [Benchmark]
    public bool Mask_Any() => _none.Any();

    /// <summary>Max of the same values ×1000 as int32 (200 MB at 50M).</summary>
    [Benchmark]
    public int Max_Int32() => _i.Max();

    /// <summary>Mean then Std as users write them (two memory passes: one each).</summary>
    [Benchmark]
    public double MeanThenStd() => _a.Mean() + _a.Std();

    /// <summary>Mean and Std in one memory pass.</summary>
    [Benchmark]
    public double MeanStd()
    {
        var (m, s) = _a.MeanStd();
        return m + s;
    }

    /// <summary>Naive two-pass mean and standard deviation.</summary>
    [Benchmark]
    public double MeanStd_NaiveLoop()
    {
        var x = _a.AsReadOnlySpan();
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            s += x[i];
        }

        double m = s / x.Length, q = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double d = x[i] - m;
            q += d * d;
        }

        return m + Math.Sqrt(q / x.Length);
    }

    /// <summary>np.histogram(a, 100) equivalent (range from the data, identical counts to NumPy).</summary>
    [Benchmark]
    public long Histogram100()
    {
        var (counts, _) = NdArray.Histogram(_a, 100);
        return counts[50];
    }

    /// <summary>Histogram(a, 100) with the counting pass's prefetch forced off (the default below 48 MiB of float64).</summary>
    [Benchmark]
    public long Histogram100_PrefetchOff() => HistogramWithPrefetch(false);

    /// <summary>Histogram(a, 100) with the counting pass's prefetch forced on (the default from 48 MiB of float64).</summary>
    [Benchmark]
    public long Histogram100_PrefetchOn() => HistogramWithPrefetch(true);

    /// <summary>Histogram(a, 100) of the same values as float32 (converted to float64 block by block, as NumPy does).</summary>
    [Benchmark]
    public long Histogram100_Float32()
    {
        var (counts, _) = NdArray.Histogram(_f, 100);
        return counts[50];
    }

    /// <summary>Histogram(a, 100) on one thread.</summary>
    [Benchmark]
    public long Histogram100_1Thread()
    {
        var (counts, _) = NdArray.Histogram(_a, 100, null, ExecutionSettings.Sequential);
        return counts[50];
    }

    /// <summary>Histogram(a, 100) with the range given (the data's min and max): the binning pass alone, default settings.</summary>
    [Benchmark]
    public long Histogram100_Range()
    {
        var (counts, _) = NdArray.Histogram(_a, 100, (_min, _max));
        return counts[50];
    }

    /// <summary>The binning pass alone on one thread.</summary>
    [Benchmark]
    public long Histogram100_Range_1Thread()
    {
        var (counts, _) = NdArray.Histogram(_a, 100, (_min, _max), ExecutionSettings.Sequential);
        return counts[50];
    }

    private long HistogramWithPrefetch(bool prefetch)
    {
        HistogramKernel.PrefetchOverride = prefetch;
        try
        {
            var (counts, _) = NdArray.Histogram(_a, 100);
            return counts[50];
        }
        finally
        {
            HistogramKernel.PrefetchOverride = null;
        }
    }

    /// <summary>Naive histogram: min/max pass, then (x - lo) * norm per element with the last-edge fix (not NumPy-exact on edges).</summary>
    [Benchmark]
    public long Histogram100_NaiveLoop()
    {
        var x = _a.AsReadOnlySpan();
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (double v in x)
        {
            lo = Math.Min(lo, v);
            hi = Math.Max(hi, v);
        }

        var counts = new long[100];
        double norm = 100 / (hi - lo);
        foreach (double v in x)
        {
            int b = (int)((v - lo) * norm);
            counts[b == 100 ? 99 : b]++;
        }

        return counts[50];
    }
}
