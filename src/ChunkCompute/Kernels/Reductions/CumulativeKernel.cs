using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ChunkCompute.Execution;
using ChunkCompute.Kernels.Elementwise;

namespace ChunkCompute.Kernels;

/// <summary>
/// Prefix sums and products (<c>np.cumsum</c>, <c>np.cumprod</c>) written straight into the result. The input,
/// in C order, is seen as <c>(outer, n, inner)</c> around the scanned axis. With <c>inner == 1</c> (the last axis,
/// or the flattened array) each run of <c>n</c> is scanned left to right with the running value in a register;
/// otherwise row <c>i</c> of each slice is <c>row i - 1 + x[i]</c>, one vector add per row over <c>inner</c>
/// contiguous columns. Either way every output is the same left-to-right chain of rounded operations as NumPy's,
/// so the bits do not depend on the split: threads share out whole runs, or column ranges of the rows.
/// </summary>
internal static class CumulativeKernel
{
    /// <summary>Widest column range of a row scan (8 KiB of float64: the previous row stays in L1).</summary>
    private const int RowTileWidth = 1024;

    public static NdArray Scan<T>(NdArray<T> a, int? axis, bool product, ExecutionSettings? settings)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(a);
        if (typeof(T) == typeof(double))
        {
            return Run<T, double>(a, axis, product, settings);
        }

        if (typeof(T) == typeof(float))
        {
            return Run<T, float>(a, axis, product, settings);
        }

        if (typeof(T) == typeof(Half))
        {
            return Run<T, Half>(a, axis, product, settings);
        }

        return ReductionTypes.IsUnsignedInteger<T>() ? Run<T, ulong>(a, axis, product, settings) : Run<T, long>(a, axis, product, settings);
    }

    private static NdArray<TR> Run<T, TR>(NdArray<T> a, int? axis, bool product, ExecutionSettings? settings)
        where T : unmanaged
        where TR : unmanaged, INumberBase<TR>
    {
        var (flat, ax) = NdArray.FlatOrAxis(axis, a.NDim, zeroDimIsVector: true);
        long[] shape = flat ? [a.Size] : a.Shape.ToArray();
        var result = NdArray.Empty<TR>(shape);
        if (a.Size == 0)
        {
            return result;
        }

        using var src = new ContiguousInput<T>(a);
        var x = src.Value;
        _ = x.DangerousGetReferenceForRead(); // a deferred input is computed here, not inside a worker
        long outer = Shape.ComputeSize(shape.AsSpan(0, ax)), inner = Shape.ComputeSize(shape.AsSpan(ax + 1));
        var plan = new Plan(outer, shape[ax], inner, ExecutionSettings.Resolve(settings).StepCount(a.Size));
        if (product)
        {
            ParallelRange.For(plan.Tasks, new ScanAction<T, TR, Multiply<TR>>(x, result, plan), settings, plan.ElementsPerTask);
        }
        else
        {
            ParallelRange.For(plan.Tasks, new ScanAction<T, TR, Add<TR>>(x, result, plan), settings, plan.ElementsPerTask);
        }

        return result;
    }

    /// <summary>The split: whole runs when <c>inner == 1</c>, else column ranges of each slice's rows.</summary>
    private readonly struct Plan
    {
        public Plan(long outer, long n, long inner, int steps)
        {
            Outer = outer;
            N = n;
            Inner = inner;
            long k = inner == 1 ? 1 : ((inner - 1) / RowTileWidth) + 1;
            if (inner > 1 && outer < steps)
            {
                // Few slices: cut the columns so that every step gets a share.
                k = Math.Min(inner, Math.Max(k, ((steps - 1) / outer) + 1));
            }

            Width = ((inner - 1) / k) + 1;
            TilesPerSlice = ((inner - 1) / Width) + 1;
        }

        public long Outer { get; }

        public long N { get; }

        public long Inner { get; }

        public long Width { get; }

        public long TilesPerSlice { get; }

        public long Tasks => Outer * TilesPerSlice;

        public long ElementsPerTask => N * Width;
    }

    private readonly struct ScanAction<T, TR, TOp>(NdArray<T> x, NdArray<TR> result, Plan plan) : IRangeAction
        where T : unmanaged
        where TR : unmanaged, INumberBase<TR>
        where TOp : IScanOperator<TR>
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Invoke(long start, long end)
        {
            ref T src = ref x.DangerousGetReferenceForRead();
            ref TR dst = ref result.DangerousGetReferenceInternal();
            TR[]? converted = typeof(T) == typeof(TR) || plan.Inner == 1 ? null : new TR[plan.Width];
            long slice = plan.N * plan.Inner;
            for (long t = start; t < end; t++)
            {
                long o = t / plan.TilesPerSlice;
                long c0 = t % plan.TilesPerSlice * plan.Width;
                long baseOff = (o * slice) + c0;
                if (plan.Inner == 1)
                {
                    ScanRun(ref Unsafe.Add(ref src, (nint)baseOff), ref Unsafe.Add(ref dst, (nint)baseOff), plan.N);
                }
                else
                {
                    ScanRows(ref Unsafe.Add(ref src, (nint)baseOff), ref Unsafe.Add(ref dst, (nint)baseOff), (int)Math.Min(plan.Width, plan.Inner - c0), converted);
                }
            }
        }

        /// <summary>One run, left to right, the running value in a register.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void ScanRun(ref T src, ref TR dst, long n)
        {
            TR acc = Convert(src);
            dst = acc;
            for (nint i = 1; i < (nint)n; i++)
            {
                acc = TOp.Apply(acc, Convert(Unsafe.Add(ref src, i)));
                Unsafe.Add(ref dst, i) = acc;
            }
        }

        /// <summary><c>w</c> columns of every row of one slice: row 0 copied (converted), then row i = row i - 1 op x[i].</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void ScanRows(ref T src, ref TR dst, int w, TR[]? converted)
        {
            long stride = plan.Inner;
            var first = MemoryMarshal.CreateSpan(ref dst, w);
            for (int c = 0; c < w; c++)
            {
                first[c] = Convert(Unsafe.Add(ref src, c));
            }

            for (long i = 1; i < plan.N; i++)
            {
                var previous = MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref dst, (nint)((i - 1) * stride)), w);
                var row = MemoryMarshal.CreateSpan(ref Unsafe.Add(ref dst, (nint)(i * stride)), w);
                ref T xs = ref Unsafe.Add(ref src, (nint)(i * stride));
                ReadOnlySpan<TR> terms;
                if (converted is null)
                {
                    terms = MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<T, TR>(ref xs), w);
                }
                else
                {
                    for (int c = 0; c < w; c++)
                    {
                        converted[c] = Convert(Unsafe.Add(ref xs, c));
                    }

                    terms = converted.AsSpan(0, w);
                }

                TOp.Apply(previous, terms, row);
            }
        }

        /// <summary>The element in the result type (float types only ever scan themselves).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static TR Convert(T v)
        {
            if (typeof(T) == typeof(TR))
            {
                return Unsafe.As<T, TR>(ref v);
            }

            if (typeof(TR) == typeof(long))
            {
                long l = ScalarCast.ToInt64(v);
                return Unsafe.As<long, TR>(ref l);
            }

            ulong u = ScalarCast.ToUInt64(v);
            return Unsafe.As<ulong, TR>(ref u);
        }
    }

    /// <summary>The scan's operation, on one value and element-wise on rows (the same rounding either way).</summary>
    private interface IScanOperator<TR>
        where TR : unmanaged, INumberBase<TR>
    {
        static abstract TR Apply(TR acc, TR x);

        static abstract void Apply(ReadOnlySpan<TR> acc, ReadOnlySpan<TR> x, Span<TR> destination);
    }

    /// <summary><c>acc + x</c> (integers wrap).</summary>
    private readonly struct Add<TR> : IScanOperator<TR>
        where TR : unmanaged, INumberBase<TR>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TR Apply(TR acc, TR x) => acc + x;

        public static void Apply(ReadOnlySpan<TR> acc, ReadOnlySpan<TR> x, Span<TR> destination) => AddKernel<TR>.Invoke(acc, x, destination);
    }

    /// <summary><c>acc * x</c> (integers wrap).</summary>
    private readonly struct Multiply<TR> : IScanOperator<TR>
        where TR : unmanaged, INumberBase<TR>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TR Apply(TR acc, TR x) => acc * x;

        public static void Apply(ReadOnlySpan<TR> acc, ReadOnlySpan<TR> x, Span<TR> destination) => MultiplyKernel<TR>.Invoke(acc, x, destination);
    }
}
