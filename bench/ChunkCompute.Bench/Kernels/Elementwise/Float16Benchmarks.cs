using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using ChunkCompute.Execution;

namespace ChunkCompute.Bench.Kernels.Elementwise;

/// <summary>
/// float16 elementwise math on 1,000,000 and 50,000,000 values: the unary functions (lookup tables,
/// <c>HalfLookup</c>) and <c>+ * / **</c> (float32 lanes, <c>HalfViaSingle</c>), output allocated by the call,
/// against single-threaded <see cref="TensorPrimitives"/> on Half and a naive loop through double (both writing into
/// a preallocated array). NumPy side: <c>bench/numpy/float16.py</c> (same ranges).
/// </summary>
/// <remarks>Names never change. Bytes moved per value: 4 for the unary functions (2 read, 2 written), 6 for the binary ones.</remarks>
[SimpleJob(launchCount: 2, warmupCount: 2, iterationCount: 7)]
public class Float16Benchmarks
{
    private NdArray<Half> _a = null!;   // uniform(-5, 5)
    private NdArray<Half> _b = null!;   // uniform(-5, 5)
    private NdArray<Half> _pos = null!; // |a| + 1e-3
    private NdArray<Half> _s = null!;   // uniform(-100, 100)
    private NdArray<Half> _exponent = null!;
    private NdArray<float> _a32 = null!;
    private Half[] _ga = null!;
    private Half[] _gb = null!;
    private Half[] _gs = null!;
    private Half[] _dst = null!;

    /// <summary>Sizes: 1,000,000 and 50,000,000 unless CHUNKCOMPUTE_BENCH_N lists others (comma-separated).</summary>
    public static IEnumerable<int> Sizes() => ElementwiseBenchmarks.Sizes();

    [ParamsSource(nameof(Sizes))]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new NdRandom(42);
        using (var a = rng.Uniform([N], -5, 5))
        using (var b = rng.Uniform([N], -5, 5))
        using (var s = rng.Uniform([N], -100, 100))
        using (var abs = NdArray.Abs(a))
        using (var pos = NdArray.Add(abs, NdArray.Scalar(1e-3)))
        {
            _a = a.AsType<Half>();
            _b = b.AsType<Half>();
            _s = s.AsType<Half>();
            _pos = pos.AsType<Half>();
        }

        _exponent = NdArray.FromArray(new[] { (Half)1.5 });
        _a32 = _a.AsType<float>();
        _ga = _a.ToArray();
        _gb = _b.ToArray();
        _gs = _s.ToArray();
        _dst = new Half[N];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _a.Dispose();
        _b.Dispose();
        _pos.Dispose();
        _s.Dispose();
        _exponent.Dispose();
        _a32.Dispose();
    }

    // ---- unary functions (2 arrays of 2 bytes)
    [Benchmark]
    public void Exp_ChunkCompute()
    {
        using var r = NdArray.Exp(_a);
    }

    [Benchmark]
    public void Exp_ChunkCompute_1Thread()
    {
        using var r = NdArray.Exp(_a, settings: ExecutionSettings.Sequential);
    }

    [Benchmark]
    public void Exp_TensorPrimitives() => TensorPrimitives.Exp<Half>(_ga, _dst);

    [Benchmark]
    public void Exp_Naive()
    {
        Half[] a = _ga, d = _dst;
        for (int i = 0; i < d.Length; i++)
        {
            d[i] = (Half)Math.Exp((double)a[i]);
        }
    }

    [Benchmark]
    public void Log_ChunkCompute()
    {
        using var r = NdArray.Log(_pos);
    }

    [Benchmark]
    public void Log2_ChunkCompute()
    {
        using var r = NdArray.Log2(_pos);
    }

    [Benchmark]
    public void Sin_ChunkCompute()
    {
        using var r = NdArray.Sin(_s);
    }

    [Benchmark]
    public void Sin_TensorPrimitives() => TensorPrimitives.Sin<Half>(_gs, _dst);

    [Benchmark]
    public void Tanh_ChunkCompute()
    {
        using var r = NdArray.Tanh(_a);
    }

    [Benchmark]
    public void Sqrt_ChunkCompute()
    {
        using var r = NdArray.Sqrt(_pos);
    }

    [Benchmark]
    public void Abs_ChunkCompute()
    {
        using var r = NdArray.Abs(_a);
    }

    [Benchmark]
    public void Negate_ChunkCompute()
    {
        using var r = NdArray.Negate(_a);
    }

    [Benchmark]
    public void Sign_ChunkCompute()
    {
        using var r = NdArray.Sign(_a);
    }

    // ---- casts (2 bytes read and 4 written, or 4 read and 2 written)
    [Benchmark]
    public void AsTypeToSingle_ChunkCompute()
    {
        using var r = _a.AsType<float>();
    }

    [Benchmark]
    public void AsTypeFromSingle_ChunkCompute()
    {
        using var r = _a32.AsType<Half>();
    }

    // ---- binary operations (3 arrays of 2 bytes)
    [Benchmark]
    public void Add_ChunkCompute()
    {
        using var r = NdArray.Add(_a, _b);
    }

    [Benchmark]
    public void Add_ChunkCompute_1Thread()
    {
        using var r = NdArray.Add(_a, _b, settings: ExecutionSettings.Sequential);
    }

    [Benchmark]
    public void Add_TensorPrimitives() => TensorPrimitives.Add<Half>(_ga, _gb, _dst);

    [Benchmark]
    public void Add_Naive()
    {
        Half[] a = _ga, b = _gb, d = _dst;
        for (int i = 0; i < d.Length; i++)
        {
            d[i] = a[i] + b[i];
        }
    }

    [Benchmark]
    public void Multiply_ChunkCompute()
    {
        using var r = NdArray.Multiply(_a, _b);
    }

    [Benchmark]
    public void Divide_ChunkCompute()
    {
        using var r = NdArray.Divide(_a, _b);
    }

    [Benchmark]
    public void Power_ChunkCompute()
    {
        using var r = NdArray.Power(_pos, _exponent);
    }
}
