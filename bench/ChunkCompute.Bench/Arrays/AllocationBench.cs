using BenchmarkDotNet.Attributes;
using ChunkCompute.Storage;

namespace ChunkCompute.Bench.Arrays;

/// <summary>
/// Allocating 400 MB (50,000,000 float64) and touching every 4 KiB page once (first touch = the page-fault cost),
/// for a GC array, fresh native huge-page memory, and native memory reused from <see cref="NativeAllocator"/>'s cache.
/// Also <c>NdArray.Zeros</c> fresh (lazily zero, no clearing) and reused (cleared in parallel).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 6)]
public unsafe class AllocationBench
{
    private const long N = 50_000_000;
    private const int DoublesPerPage = 4096 / sizeof(double);

    [GlobalCleanup]
    public void Cleanup()
    {
        NativeAllocator.MaxCachedBytes = 2L << 30;
        NativeAllocator.TrimCache();
    }

    /// <summary><c>new double[N]</c> and one write per 4 KiB page.</summary>
    [Benchmark(Baseline = true)]
    public double NewArrayFirstTouch()
    {
        var a = new double[N];
        for (long i = 0; i < N; i += DoublesPerPage)
        {
            a[i] = 1;
        }

        return a[N - 1];
    }

    /// <summary>Fresh native memory (cache disabled: mmap + MADV_HUGEPAGE, munmap on free) and one write per page.</summary>
    [Benchmark]
    public double NativeFreshFirstTouch()
    {
        NativeAllocator.MaxCachedBytes = 0;
        return TouchNative();
    }

    /// <summary>Native memory reused from the cache (already faulted in) and one write per page.</summary>
    [Benchmark]
    public double NativeReusedTouch()
    {
        NativeAllocator.MaxCachedBytes = 2L << 30;
        return TouchNative();
    }

    /// <summary><c>NdArray.Zeros</c> of fresh native memory (known zero, nothing cleared up front) plus first touch.</summary>
    [Benchmark]
    public double ZerosFreshFirstTouch()
    {
        NativeAllocator.MaxCachedBytes = 0;
        return TouchZeros();
    }

    /// <summary><c>NdArray.Zeros</c> reusing a cached block (cleared with a parallel fill) plus a touch.</summary>
    [Benchmark]
    public double ZerosReusedTouch()
    {
        NativeAllocator.MaxCachedBytes = 2L << 30;
        return TouchZeros();
    }

    private static double TouchNative()
    {
        long bytes = N * sizeof(double);
        double* p = (double*)NativeAllocator.Allocate(bytes);
        for (long i = 0; i < N; i += DoublesPerPage)
        {
            p[i] = 1;
        }

        double last = p[N - 1];
        NativeAllocator.Free(p, bytes);
        return last;
    }

    private static double TouchZeros()
    {
        using var a = NdArray.Zeros<double>(N);
        ref double p = ref a.DangerousGetReference();
        for (long i = 0; i < N; i += DoublesPerPage)
        {
            System.Runtime.CompilerServices.Unsafe.Add(ref p, (nint)i) = 1;
        }

        return System.Runtime.CompilerServices.Unsafe.Add(ref p, (nint)(N - 1));
    }
}
