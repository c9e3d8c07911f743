using BenchmarkDotNet.Attributes;
using ChunkCompute.Execution;
using ChunkCompute.Kernels;

namespace ChunkCompute.Bench.Kernels.Elementwise;

/// <summary>
/// sin/tan of float64 arguments beyond the vector reductions (1,000,000 values uniform in [1e6, 1e9], as
/// timestamps in seconds): our Payne-Hanek path (<c>LargeArgumentTrig</c>, scalar per element) against the C
/// library's <see cref="Math.Sin"/> per element (the route before it, and what a naive loop gets). NumPy:
/// <c>bench/numpy/elementwise.py</c>'s <c>sin(large)</c> row.
/// </summary>
public class LargeArgumentTrigBenchmarks
{
    private const int N = 1_000_000;
    private NdArray<double> _x = null!;
    private double[] _gx = null!;
    private double[] _dst = null!;

    [GlobalSetup]
    public void Setup()
    {
        _x = new NdRandom(42).Uniform([N], 1e6, 1e9);
        _gx = _x.ToArray();
        _dst = new double[N];
    }

    [GlobalCleanup]
    public void Cleanup() => _x.Dispose();

    [Benchmark]
    public void SinLarge_ChunkCompute()
    {
        using var r = NdArray.Sin(_x);
    }

    [Benchmark]
    public void SinLarge_ChunkCompute_1Thread()
    {
        using var r = NdArray.Sin(_x, settings: ExecutionSettings.Sequential);
    }

    [Benchmark(Baseline = true)]
    public void SinLarge_Libm_1Thread()
    {
        double[] a = _gx, d = _dst;
        for (int i = 0; i < d.Length; i++)
        {
            d[i] = Math.Sin(a[i]);
        }
    }

    [Benchmark]
    public void TanLarge_ChunkCompute()
    {
        using var r = NdArray.Tan(_x);
    }
}
