using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using ChunkCompute.Execution;
using ChunkCompute.Kernels.LinearAlgebra;
using MathNet.Numerics;
using MathNet.Numerics.LinearAlgebra;

namespace ChunkCompute.Bench.Kernels.LinearAlgebra;

/// <summary>
/// Square float64 matrix products C = A·B (n = 256, 512, 777, 1024): <see cref="NdArray.MatMul(NdArray{double}, NdArray{double}, ExecutionSettings?)"/>
/// on all cores and on one thread, against MathNet.Numerics 5.0.0's managed provider (multithreaded and
/// <c>Control.UseSingleThread()</c>), the pre-micro-kernel axpy kernel and a naive i-k-j triple loop; the same
/// micro-kernel with fused multiply-adds (what the no-FMA contract costs) and float32.
/// GFLOP/s = 2n³ / time. NumPy's <c>a @ b</c> for the same sizes: bench/numpy/matmul.py. Names are stable: do not rename.
/// </summary>
/// <remarks>
/// Every variant computes the whole product; ours allocates its result (native memory, returned to the allocator
/// cache by <c>Dispose</c>), MathNet writes into a preallocated matrix (<c>Multiply(b, result)</c>) so its figure
/// carries no GC cost.
/// </remarks>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class MatMulBenchmarks
{
    private NdArray<double> _a = null!;
    private NdArray<double> _b = null!;
    private NdArray<float> _af = null!;
    private NdArray<float> _bf = null!;
    private double[] _c = null!;
    private Matrix<double> _ma = null!;
    private Matrix<double> _mb = null!;
    private Matrix<double> _mc = null!;

    [Params(256, 512, 777, 1024)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _a = new NdRandom(1).Normal([N, N], 0, 1);
        _b = new NdRandom(2).Normal([N, N], 0, 1);
        _c = new double[N * N];
        Control.UseManaged();
        var a = _a.ToArray();
        var b = _b.ToArray();
        _ma = Matrix<double>.Build.Dense(N, N, (i, j) => a[(i * N) + j]);
        _mb = Matrix<double>.Build.Dense(N, N, (i, j) => b[(i * N) + j]);
        _mc = Matrix<double>.Build.Dense(N, N);
        _af = _a.AsType<float>();
        _bf = _b.AsType<float>();

        // The micro-kernel keeps the axpy kernel's per-element order: same bits (a benchmark of a wrong result is worthless).
        using var c = NdArray.MatMul(_a, _b);
        AxpyKernel_1Thread();
        if (!c.AsReadOnlySpan().SequenceEqual(_c))
        {
            throw new InvalidOperationException("MatMul and the axpy kernel disagree");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _a.Dispose();
        _b.Dispose();
        _af.Dispose();
        _bf.Dispose();
        Control.UseMultiThreading();
    }

    /// <summary>Our kernel, default settings (all cores).</summary>
    [Benchmark]
    public double MatMul()
    {
        using var c = NdArray.MatMul(_a, _b);
        return c.DangerousGetReference();
    }

    /// <summary>Our kernel on one thread.</summary>
    [Benchmark]
    public double MatMul_1Thread()
    {
        using var c = NdArray.MatMul(_a, _b, ExecutionSettings.Sequential);
        return c.DangerousGetReference();
    }

    /// <summary>Our micro-kernel with fused multiply-adds (one rounding per step; not the library's contract), one thread.</summary>
    [Benchmark]
    public double MatMul_Fma_1Thread()
    {
        using var c = MatMulKernel.MatMul<double, GemmKernel512<double, FusedMultiplyAdd>>(_a, _b, ExecutionSettings.Sequential);
        return c.DangerousGetReference();
    }

    /// <summary>float32 (accumulated in float32, 6 × 64 tiles), default settings.</summary>
    [Benchmark]
    public float MatMul_Float32()
    {
        using var c = NdArray.MatMul(_af, _bf);
        return c.DangerousGetReference();
    }

    /// <summary>float32 on one thread.</summary>
    [Benchmark]
    public float MatMul_Float32_1Thread()
    {
        using var c = NdArray.MatMul(_af, _bf, ExecutionSettings.Sequential);
        return c.DangerousGetReference();
    }

    /// <summary>MathNet.Numerics managed provider, multithreaded (its default).</summary>
    [Benchmark]
    public double MathNet()
    {
        Control.UseMultiThreading();
        _ma.Multiply(_mb, _mc);
        return _mc[0, 0];
    }

    /// <summary>MathNet.Numerics managed provider after <c>Control.UseSingleThread()</c>.</summary>
    [Benchmark]
    public double MathNet_1Thread()
    {
        Control.UseSingleThread();
        _ma.Multiply(_mb, _mc);
        return _mc[0, 0];
    }

    /// <summary>The axpy-per-row kernel MatMul used before the register-blocked micro-kernel (one thread, Vector512 axpy).</summary>
    [Benchmark]
    public double AxpyKernel_1Thread()
    {
        Array.Clear(_c);
        AxpyKernel(_a.AsReadOnlySpan(), _b.AsReadOnlySpan(), _c, N);
        return _c[0];
    }

    /// <summary>Naive i-k-j triple loop, scalar (the floor).</summary>
    [Benchmark]
    public double Naive_ikj()
    {
        var a = _a.AsReadOnlySpan();
        var b = _b.AsReadOnlySpan();
        var c = _c.AsSpan();
        c.Clear();
        int n = N;
        for (int i = 0; i < n; i++)
        {
            var crow = c.Slice(i * n, n);
            for (int p = 0; p < n; p++)
            {
                double s = a[(i * n) + p];
                var brow = b.Slice(p * n, n);
                for (int j = 0; j < n; j++)
                {
                    crow[j] += s * brow[j];
                }
            }
        }

        return c[0];
    }

    /// <summary>The previous MatMul kernel: C[i,:] += A[i,p]·B[p,:] over 256-wide k-panels and 512-wide column strips.</summary>
    private static void AxpyKernel(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> c, int n)
    {
        const int KPanel = 256, NStrip = 512;
        for (int j0 = 0; j0 < n; j0 += NStrip)
        {
            int w = Math.Min(NStrip, n - j0);
            for (int p0 = 0; p0 < n; p0 += KPanel)
            {
                int p1 = Math.Min(n, p0 + KPanel);
                for (int i = 0; i < n; i++)
                {
                    var crow = c.Slice((i * n) + j0, w);
                    for (int p = p0; p < p1; p++)
                    {
                        Axpy(a[(i * n) + p], b.Slice((p * n) + j0, w), crow);
                    }
                }
            }
        }
    }

    private static void Axpy(double s, ReadOnlySpan<double> x, Span<double> y)
    {
        int i = 0;
        ref double xr = ref MemoryMarshal.GetReference(x);
        ref double yr = ref MemoryMarshal.GetReference(y);
        var vs = Vector512.Create(s);
        for (; i + 8 <= x.Length; i += 8)
        {
            (Vector512.LoadUnsafe(ref yr, (nuint)i) + (vs * Vector512.LoadUnsafe(ref xr, (nuint)i))).StoreUnsafe(ref yr, (nuint)i);
        }

        for (; i < x.Length; i++)
        {
            Unsafe.Add(ref yr, i) += s * Unsafe.Add(ref xr, i);
        }
    }
}
