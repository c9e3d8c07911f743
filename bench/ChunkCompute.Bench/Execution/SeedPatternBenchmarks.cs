using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using ChunkCompute.Execution;
using ChunkCompute.Kernels;

namespace ChunkCompute.Bench.Execution;

/// <summary>
/// The seed's pattern in C#: <c>a.ArraySplit(k).ParallelMap(c =&gt; Sum(Sin(c)))</c> over 50,000,000 float64 (400 MB)
/// for k = 2, 8, 64 — the counterpart of Python's <c>Pool(2).map(f, np.array_split(a, k))</c> and
/// <c>ThreadPoolExecutor(2).map(f, chunks)</c> with <c>f = lambda c: np.sin(c).sum()</c> (bench/numpy/parallel_map.py).
/// </summary>
/// <remarks>
/// Per chunk, <see cref="SumOfSines"/> walks the span in 2048-element (16 KiB, L1-sized) blocks: <see cref="SpanMath.Sin"/>
/// (the ufuncs helper's vectorised sin, within 4 ULP) into a stack buffer, then <see cref="TensorPrimitives.Sum(ReadOnlySpan{double})"/>
/// of the block, so no 400 MB temporary is allocated (NumPy's <c>np.sin(c)</c> allocates one per chunk).
/// Target (issue 4): ≤ 30 ms on this 2-core machine.
/// </remarks>
[MemoryDiagnoser]
public class SeedPatternBenchmarks
{
    /// <summary>50,000,000 float64 = 400 MB.</summary>
    public const long Elements = 50_000_000;

    private const int Block = 2048;

    private readonly MapOptions _threads = new() { Executor = new ThreadExecutor(2) };
    private NdArray<double> _a = null!;

    /// <summary>Number of chunks.</summary>
    [Params(2, 8, 64)]
    public int K { get; set; }

    [GlobalSetup]
    public void Setup() => _a = new NdRandom(1).Uniform([Elements], -10, 10);

    [GlobalCleanup]
    public void Cleanup() => _a.Dispose();

    [Benchmark(Description = "ArraySplit(k).ParallelMap(SumOfSines), ThreadExecutor(2)")]
    public double ParallelMapThreads()
    {
        double[] partials = _a.ArraySplit(K).ParallelMap(SumOfSines, _threads);
        double total = 0;
        foreach (double p in partials)
        {
            total += p;
        }

        return total;
    }

    /// <summary>The pattern exactly as users write it: <c>NdArray.Sin</c> allocates the chunk's sine array, then <c>Sum</c>.</summary>
    [Benchmark(Description = "ArraySplit(k).ParallelMap(c => NdArray.Sin(c).Sum()) as written, ThreadExecutor(2)")]
    public double ParallelMapAsWritten()
    {
        double[] partials = _a.ArraySplit(K).ParallelMap(
            c =>
            {
                using var s = NdArray.Sin(c);
                return s.Sum();
            },
            _threads);
        double total = 0;
        foreach (double p in partials)
        {
            total += p;
        }

        return total;
    }

    [Benchmark(Baseline = true, Description = "ArraySplit(k) sequential foreach (1 thread)")]
    public double SequentialLoop()
    {
        double total = 0;
        foreach (var c in _a.ArraySplit(K))
        {
            total += SumOfSines(c);
        }

        return total;
    }

    /// <summary><c>sum(sin(chunk))</c> over L1-sized blocks into a stack buffer: no allocation.</summary>
    public static double SumOfSines(NdArray<double> chunk)
    {
        ReadOnlySpan<double> x = chunk.AsReadOnlySpan();
        Span<double> buffer = stackalloc double[Block];
        double sum = 0;
        for (int i = 0; i < x.Length; i += Block)
        {
            int n = Math.Min(Block, x.Length - i);
            var b = buffer[..n];
            SpanMath.Sin(x.Slice(i, n), b);
            sum += TensorPrimitives.Sum<double>(b);
        }

        return sum;
    }
}
