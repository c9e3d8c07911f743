using BenchmarkDotNet.Attributes;
using ChunkCompute.Kernels;

namespace ChunkCompute.Bench.Kernels.Layout;

/// <summary>
/// What users write beyond whole contiguous arrays: axis reductions of a matrix, broadcasting a row, a transposed
/// operand, a strided view and a cumulative sum, on 50,000,000 float64 (a 5,000 × 10,000 matrix, 400 MB).
/// NumPy figures for the same workloads come from bench/numpy/layouts.py. Names are stable: do not rename.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class LayoutBenchmarks
{
    private const int Rows = 5_000;
    private const int Columns = 10_000;
    private NdArray<double> _m = null!;
    private NdArray<double> _square = null!;
    private NdArray<double> _row = null!;
    private NdArray<double> _flat = null!;
    private NdArray<float> _m32 = null!;
    private NdArray<int> _i32 = null!;
    private NdArray<byte> _u8 = null!;
    private NdArray<bool> _mask = null!;

    [GlobalSetup]
    public void Setup()
    {
        _m = new NdRandom(42).Normal([Rows, Columns], 0, 1);
        _square = new NdRandom(7).Normal([Columns, Rows], 0, 1);
        _row = new NdRandom(8).Normal([Columns], 0, 1);
        _flat = _m.Reshape(Rows * (long)Columns);
        _m32 = _m.AsType<float>();
        using (var scaled = _m * 1000.0)
        {
            _i32 = scaled.AsType<int>();
        }

        _u8 = new NdRandom(9).Integers<byte>(0, 256, [Rows, Columns]);
        _mask = NdArray.Greater(_m, 0.0);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _m.Dispose();
        _square.Dispose();
        _row.Dispose();
        _m32.Dispose();
        _i32.Dispose();
        _u8.Dispose();
        _mask.Dispose();
    }

    /// <summary><c>m.sum(axis=0)</c>: column sums (10,000 outputs, each over 5,000 rows).</summary>
    [Benchmark]
    public double SumAxis0()
    {
        using var r = _m.Sum(0);
        return r[0];
    }

    /// <summary><c>m32.sum(axis=0)</c> of the same values as float32 (accumulated in float64, rounded once).</summary>
    [Benchmark]
    public double SumAxis0_Float32()
    {
        using var r = _m32.Sum(0);
        return r[0];
    }

    /// <summary><c>i32.sum(axis=0)</c>: int32 (the values × 1000) summed per column in int64, as NumPy.</summary>
    [Benchmark]
    public double SumAxis0_Int32()
    {
        using var r = NdArray.Sum(_i32, 0);
        return 0;
    }

    /// <summary><c>u8.sum(axis=0)</c>: uint8 values (e.g. a stack of 8-bit images) summed per column in uint64, as NumPy.</summary>
    [Benchmark]
    public double SumAxis0_UInt8()
    {
        using var r = NdArray.Sum(_u8, 0);
        return 0;
    }

    /// <summary><c>(m &gt; 0).sum(axis=0)</c>: a bool mask counted per column (int64), as NumPy.</summary>
    [Benchmark]
    public double SumAxis0_Bool()
    {
        using var r = NdArray.Sum(_mask, 0);
        return 0;
    }

    /// <summary><c>m.sum(axis=1)</c>: row sums (5,000 outputs, each over 10,000 contiguous values).</summary>
    [Benchmark]
    public double SumAxis1()
    {
        using var r = _m.Sum(1);
        return r[0];
    }

    /// <summary><c>m.mean(axis=0)</c> and <c>m.std(axis=0)</c>.</summary>
    [Benchmark]
    public double MeanStdAxis0()
    {
        using var mean = _m.Mean(0);
        using var std = _m.Std(0);
        return mean[0] + std[0];
    }

    /// <summary><c>m.max(axis=0)</c>: column maxima.</summary>
    [Benchmark]
    public double MaxAxis0()
    {
        using var r = NdArray.Max(_m, 0);
        return 0;
    }

    /// <summary><c>m - row</c>: a row broadcast down the matrix (400 MB in, 400 MB out).</summary>
    [Benchmark]
    public double SubtractRow()
    {
        using var r = _m - _row;
        return r[0, 0];
    }

    /// <summary><c>m + s.T</c>: one operand transposed (strided reads).</summary>
    [Benchmark]
    public double AddTransposed()
    {
        using var r = _m + _square.T;
        return r[0, 0];
    }

    /// <summary><c>flat[::2] * 2.0</c>: a strided view (25,000,000 values read with stride 2).</summary>
    [Benchmark]
    public double MultiplyStrided()
    {
        using var r = _flat["::2"] * 2.0;
        return r[0];
    }

    /// <summary><c>np.cumsum(m, axis=0)</c>: running column sums.</summary>
    [Benchmark]
    public double CumSumAxis0()
    {
        using var r = NdArray.CumSum(_m, 0);
        return 0;
    }

    /// <summary><c>np.cumsum(flat)</c>.</summary>
    [Benchmark]
    public double CumSum()
    {
        using var r = NdArray.CumSum(_flat);
        return 0;
    }
}
