using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using ChunkCompute.Execution;
using ChunkCompute.Kernels;

namespace ChunkCompute.Bench.Kernels.Elementwise;

/// <summary>
/// The elementwise targets of issue 3 on 1,000,000 and 50,000,000 float64: <c>a * b + c</c>, <c>Exp(a)</c>,
/// <c>Sqrt(a*a + b*b)</c> and <c>Sin</c>, with the output allocated by the call (ChunkCompute methods), against a
/// naive scalar loop and single-threaded <see cref="TensorPrimitives"/> (both writing into a preallocated array, so
/// the baselines pay no allocation), and the copy bandwidth of the same size (<see cref="Span{T}.CopyTo"/>).
/// </summary>
/// <remarks>
/// Names never change (figures in bench/figures/elementwise.md refer to them). Two launches per case, since
/// <c>TensorPrimitives</c>' Exp/Sin have shown a per-process slow mode. Results are disposed inside the measured
/// method so native blocks return to the allocator cache (as <c>using var r = ...</c> in user code); the temporaries
/// of <c>a * b + c</c> and <c>Sqrt(a*a + b*b)</c> are not disposed (users cannot), so they cost what they cost.
/// The C# operators defer (fused expressions, see <c>NdArray{T}.Operators.cs</c>): the <c>_Expression</c> cases
/// measure the fused pass as users write it, the <c>_Expression_Eager</c> cases the same arithmetic through the
/// named functions, which are eager (one full temporary per operation), so the unfused cost stays visible.
/// </remarks>
[SimpleJob(launchCount: 2, warmupCount: 2, iterationCount: 7)]
public class ElementwiseBenchmarks
{
    private NdArray<double> _a = null!;
    private NdArray<double> _b = null!;
    private NdArray<double> _c = null!;
    private NdArray<double> _s = null!;
    private NdArray<double> _acc = null!;
    private NdArray<float> _a32 = null!;
    private NdArray<int> _i32 = null!;
    private NdArray<double> _pos = null!;
    private NdArray<float> _pos32 = null!;
    private double[] _gpos = null!;
    private double[] _ga = null!;
    private double[] _gb = null!;
    private double[] _gc = null!;
    private double[] _gs = null!;
    private double[] _dst = null!;

    /// <summary>Sizes: 1,000,000 and 50,000,000 unless CHUNKCOMPUTE_BENCH_N lists others (comma-separated), for short runs.</summary>
    public static IEnumerable<int> Sizes() =>
        Environment.GetEnvironmentVariable("CHUNKCOMPUTE_BENCH_N") is { Length: > 0 } s
            ? s.Split(',').Select(v => int.Parse(v, System.Globalization.CultureInfo.InvariantCulture))
            : [1_000_000, 50_000_000];

    [ParamsSource(nameof(Sizes))]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new NdRandom(42);
        _a = rng.Uniform([N], -5, 5);
        _b = rng.Uniform([N], -5, 5);
        _c = rng.Uniform([N], -5, 5);
        _s = rng.Uniform([N], -100, 100);
        _acc = NdArray.Zeros<double>(N);
        _a32 = _a.AsType<float>();
        using (var abs = NdArray.Abs(_a))
        {
            _pos = NdArray.Add(abs, NdArray.Scalar(1e-3));
        }

        _pos32 = _pos.AsType<float>();
        _gpos = _pos.ToArray();
        using (var scaled = _a * 1e6)
        {
            _i32 = scaled.AsType<int>();
        }
        _ga = _a.ToArray();
        _gb = _b.ToArray();
        _gc = _c.ToArray();
        _gs = _s.ToArray();
        _dst = new double[N];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _a.Dispose();
        _b.Dispose();
        _c.Dispose();
        _s.Dispose();
        _acc.Dispose();
        _a32.Dispose();
        _i32.Dispose();
        _pos.Dispose();
        _pos32.Dispose();
    }

    // ---- copy bandwidth (2 arrays moved)
    [Benchmark]
    public void Copy_SpanCopyTo() => _ga.AsSpan().CopyTo(_dst);

    // ---- acc += b in place (3 arrays moved: two read, one written; no allocation)
    [Benchmark]
    public void AddInPlace_Compound()
    {
        var acc = _acc;
        acc += _b;
    }

    [Benchmark]
    public void AddInPlace_Naive()
    {
        double[] b = _gb, d = _dst;
        for (int i = 0; i < d.Length; i++)
        {
            d[i] += b[i];
        }
    }

    [Benchmark]
    public void AddInPlace_TensorPrimitives() => TensorPrimitives.Add(_dst, _gb, _dst);

    // ---- a * b + c (4 arrays moved at least)
    [Benchmark]
    public void MulAdd_Expression()
    {
        // The operators only build a deferred expression; Evaluate() runs the fused pass, else this would measure nothing.
        using var r = (_a * _b) + _c;
        r.Evaluate();
    }

    [Benchmark]
    public void MulAdd_Expression_Eager()
    {
        using var r = NdArray.Add(NdArray.Multiply(_a, _b), _c);
    }

    [Benchmark]
    public void MulAdd_Fused()
    {
        using var r = NdArray.FusedMultiplyAdd(_a, _b, _c);
    }

    [Benchmark]
    public void MulAdd_Naive()
    {
        double[] a = _ga, b = _gb, c = _gc, d = _dst;
        for (int i = 0; i < d.Length; i++)
        {
            d[i] = (a[i] * b[i]) + c[i];
        }
    }

    [Benchmark]
    public void MulAdd_TensorPrimitives() => TensorPrimitives.MultiplyAdd(_ga, _gb, _gc, _dst);

    // ---- exp (2 arrays)
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
    public void Exp_Naive()
    {
        double[] a = _ga, d = _dst;
        for (int i = 0; i < d.Length; i++)
        {
            d[i] = Math.Exp(a[i]);
        }
    }

    [Benchmark]
    public void Exp_TensorPrimitives() => TensorPrimitives.Exp(_ga, _dst);

    // ---- tanh (2 arrays): our vector kernel against glibc per element and TensorPrimitives (which has wrong results, see TanhKernel)
    [Benchmark]
    public void Tanh_ChunkCompute()
    {
        using var r = NdArray.Tanh(_a);
    }

    [Benchmark]
    public void Tanh_ChunkCompute_1Thread()
    {
        using var r = NdArray.Tanh(_a, settings: ExecutionSettings.Sequential);
    }

    [Benchmark]
    public void Tanh_Float32_ChunkCompute()
    {
        using var r = NdArray.Tanh(_a32);
    }

    // ---- tan float64 (2 arrays): our kernel against single-threaded TensorPrimitives (the kernel it replaced)
    [Benchmark]
    public void Tan_ChunkCompute()
    {
        using var r = NdArray.Tan(_a);
    }

    [Benchmark]
    public void Tan_TensorPrimitives() => TensorPrimitives.Tan(_ga, _dst);

    // ---- tan float32 (2 arrays of 4 bytes per element): our double-lane kernel, values in ±5 (poles included)
    [Benchmark]
    public void Tan_Float32_ChunkCompute()
    {
        using var r = NdArray.Tan(_a32);
    }

    [Benchmark]
    public void Tanh_Naive()
    {
        double[] a = _ga, d = _dst;
        for (int i = 0; i < d.Length; i++)
        {
            d[i] = Math.Tanh(a[i]);
        }
    }

    [Benchmark]
    public void Tanh_TensorPrimitives() => TensorPrimitives.Tanh(_ga, _dst);

    // ---- log (2 arrays) of |a| + 1e-3: our vector kernel against glibc per element
    [Benchmark]
    public void Log_ChunkCompute()
    {
        using var r = NdArray.Log(_pos);
    }

    [Benchmark]
    public void Log_Naive()
    {
        double[] a = _gpos, d = _dst;
        for (int i = 0; i < d.Length; i++)
        {
            d[i] = Math.Log(a[i]);
        }
    }

    // ---- log2 and log10 (2 arrays) of |a| + 1e-3: our double-double vector kernel against glibc per element
    [Benchmark]
    public void Log2_ChunkCompute()
    {
        using var r = NdArray.Log2(_pos);
    }

    [Benchmark]
    public void Log2_Naive()
    {
        double[] a = _gpos, d = _dst;
        for (int i = 0; i < d.Length; i++)
        {
            d[i] = Math.Log2(a[i]);
        }
    }

    [Benchmark]
    public void Log10_ChunkCompute()
    {
        using var r = NdArray.Log10(_pos);
    }

    [Benchmark]
    public void Log2Single_ChunkCompute()
    {
        using var r = NdArray.Log2(_pos32);
    }

    [Benchmark]
    public void Log10Single_ChunkCompute()
    {
        using var r = NdArray.Log10(_pos32);
    }

    // ---- integer floor division and remainder by a scalar (int32, 2 arrays): float64 lanes against the scalar operator
    [Benchmark]
    public void FloorDivideInt32_ChunkCompute()
    {
        using var r = NdArray.FloorDivide(_i32, NdArray.Scalar(7));
    }

    [Benchmark]
    public void RemainderInt32_ChunkCompute()
    {
        using var r = NdArray.Remainder(_i32, NdArray.Scalar(7));
    }

    // ---- power by a scalar exponent (2 arrays): 2 is x * x, 1.5 is pow per element
    [Benchmark]
    public void Power2_ChunkCompute()
    {
        using var r = NdArray.Power(_a, 2.0);
    }

    [Benchmark]
    public void Power2_TensorPrimitives() => TensorPrimitives.Pow(_ga, 2.0, _dst);

    [Benchmark]
    public void Power15_ChunkCompute()
    {
        using var r = NdArray.Power(_pos, 1.5);
    }

    [Benchmark]
    public void Power15Single_ChunkCompute()
    {
        using var r = NdArray.Power(_pos32, 1.5f);
    }

    // ---- sqrt(a*a + b*b) (3 arrays)
    [Benchmark]
    public void Hypot_Expression()
    {
        // Sqrt is a named function, hence eager: it evaluates the deferred a*a + b*b with sqrt as the root in one pass.
        using var r = NdArray.Sqrt((_a * _a) + (_b * _b));
    }

    [Benchmark]
    public void Hypot_Expression_Eager()
    {
        using var r = NdArray.Sqrt(NdArray.Add(NdArray.Multiply(_a, _a), NdArray.Multiply(_b, _b)));
    }

    [Benchmark]
    public void Hypot_Fused()
    {
        using var r = NdArray.Hypot(_a, _b);
    }

    [Benchmark]
    public void Hypot_Naive()
    {
        double[] a = _ga, b = _gb, d = _dst;
        for (int i = 0; i < d.Length; i++)
        {
            d[i] = Math.Sqrt((a[i] * a[i]) + (b[i] * b[i]));
        }
    }

    [Benchmark]
    public void Hypot_TensorPrimitives() => TensorPrimitives.Hypot(_ga, _gb, _dst);

    // ---- sin (2 arrays)
    [Benchmark]
    public void Sin_ChunkCompute()
    {
        using var r = NdArray.Sin(_s);
    }

    [Benchmark]
    public void Sin_ChunkCompute_1Thread()
    {
        using var r = NdArray.Sin(_s, settings: ExecutionSettings.Sequential);
    }

    [Benchmark]
    public void Sin_Naive()
    {
        double[] a = _gs, d = _dst;
        for (int i = 0; i < d.Length; i++)
        {
            d[i] = Math.Sin(a[i]);
        }
    }

    [Benchmark]
    public void Sin_TensorPrimitives() => TensorPrimitives.Sin(_gs, _dst);

    [Benchmark]
    public void Sin_SpanMath_1Thread() => SpanMath.Sin(_gs, _dst);
}
