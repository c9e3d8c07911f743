using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace ChunkCompute.Bench.Kernels.FirstCalls;

/// <summary>
/// What a script sees: the first 12 calls of one operation in a fresh process (cold start: no warm-up, no pilot;
/// the first iteration includes compiling), on 1,000,000 elements, float32 in [-2, 2] unless named otherwise.
/// Steady-state suites hide tier-0 code (docs/ARCHITECTURE.md, "Tiered compilation"); these cases do not. The mean
/// includes the first call; the median is the typical early call. Results are disposed inside the method.
/// </summary>
[SimpleJob(RunStrategy.ColdStart, launchCount: 3, warmupCount: 0, iterationCount: 12)]
public class FirstCallBenchmarks
{
    private const int N = 1_000_000;
    private NdArray<float> _f = null!;
    private NdArray<float> _g = null!;
    private NdArray<float> _pos = null!;
    private NdArray<double> _d = null!;
    private NdArray<int> _i = null!;
    private NdArray<byte> _u8 = null!;
    private NdArray<double> _m = null!;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new NdRandom(42);
        using (var d = rng.Uniform([N], -2, 2))
        {
            _f = d.AsType<float>();
        }

        using (var d = rng.Uniform([N], -2, 2))
        {
            _g = d.AsType<float>();
        }

        _pos = NdArray.Abs(_f);
        _d = rng.Uniform([N], -2, 2);
        _i = rng.Integers<int>(int.MinValue, int.MaxValue, [N]);
        _u8 = rng.Integers<byte>(0, 256, [10 * N]);
        _m = rng.Normal([1000, 1000], 0, 1);
    }

    /// <summary><c>np.sin(a)</c>, float32.</summary>
    [Benchmark]
    public void SinFloat32()
    {
        using var r = NdArray.Sin(_f);
    }

    /// <summary><c>np.sin(a)</c>, float64.</summary>
    [Benchmark]
    public void SinFloat64()
    {
        using var r = NdArray.Sin(_d);
    }

    /// <summary><c>np.log(abs(a))</c> without the abs: float32 of positive values.</summary>
    [Benchmark]
    public void LogFloat32()
    {
        using var r = NdArray.Log(_pos);
    }

    /// <summary><c>np.tan(a)</c>, float32.</summary>
    [Benchmark]
    public void TanFloat32()
    {
        using var r = NdArray.Tan(_f);
    }

    /// <summary><c>a + b</c> as users write it (a deferred expression, evaluated).</summary>
    [Benchmark]
    public void AddExpressionFloat32()
    {
        using var r = _f + _g;
        r.Evaluate();
    }

    /// <summary><c>a + b</c> through the named, eager function.</summary>
    [Benchmark]
    public void AddNamedFloat32()
    {
        using var r = NdArray.Add(_f, _g);
    }

    /// <summary><c>a &gt; b</c>: a 1 MB bool result.</summary>
    [Benchmark]
    public void GreaterFloat32()
    {
        using var r = _f > _g;
    }

    /// <summary><c>np.isnan(a)</c>, float32.</summary>
    [Benchmark]
    public void IsNaNFloat32()
    {
        using var r = NdArray.IsNaN(_f);
    }

    /// <summary><c>a // 7</c>, int32.</summary>
    [Benchmark]
    public void FloorDivideInt32()
    {
        using var r = NdArray.FloorDivide(_i, 7);
    }

    /// <summary><c>u8.max()</c> of 10,000,000 uint8.</summary>
    [Benchmark]
    public byte MaxUInt8()
    {
        return _u8.Max();
    }

    /// <summary><c>m.sum(axis=0)</c>, 1000 x 1000 float64.</summary>
    [Benchmark]
    public void SumAxis0()
    {
        using var r = _m.Sum(0);
    }
}
