using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ChunkCompute.Execution;

namespace ChunkCompute.Kernels;

/// <summary>A block reducer for the whole-array driver: the partial of one dense block, and the combine.</summary>
internal interface IBlockReducer<T, TAcc> : ICombine<TAcc>
    where T : unmanaged
{
    TAcc Block(ref T first, int count, long globalStart);
}

/// <summary>
/// Drivers that run reductions over a <see cref="ReductionPlan"/>: the whole-array driver (one output; fixed
/// 4096-element blocks grouped in aligned super-blocks of 64 that threads share out), the dense-run driver (each
/// output's elements are one dense run) and the column driver (reduced axes are not dense: rows of up to
/// <see cref="ColumnTileMaxWidth"/> neighbouring outputs are accumulated together, so the walk reads rows, not gathers).
/// Threads only decide who computes what; the arithmetic per output is fixed by the plan.
/// </summary>
internal static class ReductionDriver
{
    private const long SuperBlockElements = (long)ReproducibleSum.BlockSize * ReproducibleSum.BlocksPerSuperBlock;

    // ---------------------------------------------------------------- reproducible sums

    /// <summary>
    /// Per-output reproducible sums of <c>TX(x, means[o])</c> (means null: m = 0), in output C order; empty
    /// reductions give 0.
    /// </summary>
    public static double[] Sums<T, TX>(NdArray<T> a, ReductionPlan p, double[]? means, ExecutionSettings? settings)
        where T : unmanaged
        where TX : ITermTransform
    {
        var result = new double[p.OutSize];
        if (p.OutSize == 0 || p.ReducedLength == 0)
        {
            return result;
        }

        _ = a.DangerousGetReferenceForRead(); // a deferred input is computed here, not inside a worker

        if (p.OutSize == 1)
        {
            result[0] = Whole<T, double, SumBlock<T, TX>>(a, p, new SumBlock<T, TX>(means?[0] ?? 0), settings);
        }
        else if (p.ReducedIsDenseRun)
        {
            ParallelRange.For(p.OutSize, new SumRuns<T, TX>(a, p, means, result), settings, p.ReducedLength);
        }
        else
        {
            var (width, tiles) = ColumnTiles(p, settings, ColumnTileMaxWidth);
            ParallelRange.For(p.OuterCount * tiles, new SumColumns<T, TX>(a, p, means, result, width, tiles), settings, p.ReducedLength * width);
        }

        return result;
    }

    /// <summary>Reproducible sum of a dense run of terms <c>TX(x, m)</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double SumRun<T, TX>(ref T first, long length, double m)
        where T : unmanaged
        where TX : ITermTransform
    {
        if (typeof(T) == typeof(double))
        {
            var s = new DoubleTerms<TX>(ref Unsafe.As<T, double>(ref first), m);
            return ReproducibleSum.SumTerms(ref s, length);
        }

        if (typeof(T) == typeof(float))
        {
            var s = new SingleTerms<TX>(ref Unsafe.As<T, float>(ref first), m);
            return ReproducibleSum.SumTerms(ref s, length);
        }

        var c = new ConvertedTerms<T, TX>(ref first, m);
        return ReproducibleSum.SumTerms(ref c, length);
    }

    /// <summary>Partial of one block of terms <c>TX(x, m)</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double SumBlockOf<T, TX>(ref T first, int count, double m)
        where T : unmanaged
        where TX : ITermTransform
    {
        if (typeof(T) == typeof(double))
        {
            var s = new DoubleTerms<TX>(ref Unsafe.As<T, double>(ref first), m);
            return ReproducibleSum.BlockSum(ref s, 0, count);
        }

        if (typeof(T) == typeof(float))
        {
            var s = new SingleTerms<TX>(ref Unsafe.As<T, float>(ref first), m);
            return ReproducibleSum.BlockSum(ref s, 0, count);
        }

        var c = new ConvertedTerms<T, TX>(ref first, m);
        return ReproducibleSum.BlockSum(ref c, 0, count);
    }

    private readonly struct SumBlock<T, TX>(double m) : IBlockReducer<T, double>
        where T : unmanaged
        where TX : ITermTransform
    {
        public static double Combine(double left, double right) => left + right;

        public double Block(ref T first, int count, long globalStart) => SumBlockOf<T, TX>(ref first, count, m);
    }

    private readonly struct SumRuns<T, TX>(NdArray<T> a, ReductionPlan p, double[]? means, double[] result) : IRangeAction
        where T : unmanaged
        where TX : ITermTransform
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Invoke(long start, long end)
        {
            ref T b = ref a.DangerousGetReferenceForRead();
            for (long o = start; o < end; o++)
            {
                result[o] = SumRun<T, TX>(ref Unsafe.Add(ref b, (nint)p.OutputOffset(o)), p.ReducedLength, means?[o] ?? 0);
            }
        }
    }

    private readonly struct SumColumns<T, TX>(NdArray<T> a, ReductionPlan p, double[]? means, double[] result, int width, long tiles) : IRangeAction
        where T : unmanaged
        where TX : ITermTransform
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Invoke(long start, long end)
        {
            ref T b = ref a.DangerousGetReferenceForRead();
            using var lanes = new ColumnLanes(width);
            var terms = new double[width];
            var mean = new double[width];
            long colLen = p.ColumnLength, colStride = p.ColumnStride;
            for (long t = start; t < end; t++)
            {
                long outer = t / tiles;
                long col0 = t % tiles * width;
                int w = (int)Math.Min(width, colLen - col0);
                long outBase = (outer * colLen) + col0;
                if (means != null)
                {
                    Array.Copy(means, outBase, mean, 0, w);
                }

                long baseOff = p.OuterOffset(outer) + (col0 * colStride);
                var od = p.ReducedOdometer();
                lanes.Reset(w);
                var tw = terms.AsSpan(0, w);
                var mw = mean.AsSpan(0, w);
                bool widenInline = typeof(T) == typeof(float) && typeof(TX) == typeof(IdentityTerm) && colStride == 1;
                for (long i = 0; i < p.ReducedLength; i++)
                {
                    ref T row = ref Unsafe.Add(ref b, (nint)(baseOff + od.Offset));
                    if (widenInline)
                    {
                        lanes.AddRow(MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<T, float>(ref row), w));
                    }
                    else
                    {
                        lanes.AddRow<TX>(ColumnLanes.RowAsDouble(ref row, colStride, tw), mw);
                    }

                    od.Next();
                }

                lanes.Finish(result.AsSpan((int)outBase, w));
            }
        }
    }

    // ---------------------------------------------------------------- generic operators

    /// <summary>Per-output results of operator <typeparamref name="TOp"/> (empty reductions give the finalized identity).</summary>
    public static TOut[] Reduce<T, TAcc, TOut, TOp>(NdArray<T> a, ReductionPlan p, ExecutionSettings? settings)
        where T : unmanaged
        where TOp : IReduceOperator<T, TAcc, TOut>
    {
        var result = new TOut[p.OutSize];
        if (p.OutSize == 0)
        {
            return result;
        }

        _ = a.DangerousGetReferenceForRead(); // a deferred input is computed here, not inside a worker

        if (p.ReducedLength == 0)
        {
            Array.Fill(result, TOp.Finalize(TOp.Identity, 0));
        }
        else if (p.OutSize == 1)
        {
            TAcc whole = TOp.GroupingFree && p.ReducedIsDenseRun ? WholeSpans<T, TAcc, TOut, TOp>(a, p, settings) : Whole<T, TAcc, OpBlock<T, TAcc, TOut, TOp>>(a, p, default, settings);
            result[0] = TOp.Finalize(whole, p.ReducedLength);
        }
        else if (p.ReducedIsDenseRun)
        {
            ParallelRange.For(p.OutSize, new OpRuns<T, TAcc, TOut, TOp>(a, p, result), settings, p.ReducedLength);
        }
        else
        {
            var (width, tiles) = ColumnTiles(p, settings, ColumnTileMaxWidth);
            ParallelRange.For(p.OuterCount * tiles, new OpColumns<T, TAcc, TOut, TOp>(a, p, result, width, tiles), settings, p.ReducedLength * width);
        }

        return result;
    }

    /// <summary>
    /// The single output of a grouping-free operator (<see cref="IReduceOperator{T, TAcc, TOut}.GroupingFree"/>) over
    /// a dense run: one span fold per super-block, the partials combined left to right.
    /// </summary>
    private static TAcc WholeSpans<T, TAcc, TOut, TOp>(NdArray<T> a, ReductionPlan p, ExecutionSettings? settings)
        where T : unmanaged
        where TOp : IReduceOperator<T, TAcc, TOut>
    {
        long n = p.ReducedLength;
        long superBlocks = ((n - 1) / SuperBlockElements) + 1;
        var partials = new TAcc[superBlocks];
        ParallelRange.For(superBlocks, new SpanAction<T, TAcc, TOut, TOp>(a, n, partials), settings, SuperBlockElements);
        TAcc acc = partials[0];
        for (long i = 1; i < superBlocks; i++)
        {
            acc = TOp.Combine(acc, partials[i]);
        }

        return acc;
    }

    private readonly struct SpanAction<T, TAcc, TOut, TOp>(NdArray<T> a, long n, TAcc[] partials) : IRangeAction
        where T : unmanaged
        where TOp : IReduceOperator<T, TAcc, TOut>
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Invoke(long start, long end)
        {
            ref T b = ref a.DangerousGetReferenceForRead();
            for (long sb = start; sb < end; sb++)
            {
                long first = sb * SuperBlockElements;
                int count = (int)Math.Min(SuperBlockElements, n - first);
                partials[sb] = default(OpBlock<T, TAcc, TOut, TOp>).Block(ref Unsafe.Add(ref b, (nint)first), count, first);
            }
        }
    }

    private readonly struct OpBlock<T, TAcc, TOut, TOp> : IBlockReducer<T, TAcc>
        where T : unmanaged
        where TOp : IReduceOperator<T, TAcc, TOut>
    {
        public static TAcc Combine(TAcc left, TAcc right) => TOp.Combine(left, right);

        public TAcc Block(ref T first, int count, long globalStart) => TOp.AccumulateSpan(TOp.Identity, MemoryMarshal.CreateReadOnlySpan(ref first, count), globalStart);
    }

    private readonly struct OpRuns<T, TAcc, TOut, TOp>(NdArray<T> a, ReductionPlan p, TOut[] result) : IRangeAction
        where T : unmanaged
        where TOp : IReduceOperator<T, TAcc, TOut>
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Invoke(long start, long end)
        {
            ref T b = ref a.DangerousGetReferenceForRead();
            long n = p.ReducedLength;
            for (long o = start; o < end; o++)
            {
                ref T first = ref Unsafe.Add(ref b, (nint)p.OutputOffset(o));
                TAcc acc = TOp.Identity;
                for (long s = 0; s < n; s += int.MaxValue)
                {
                    int len = (int)Math.Min(int.MaxValue, n - s);
                    acc = TOp.AccumulateSpan(acc, MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref first, (nint)s), len), s);
                }

                result[o] = TOp.Finalize(acc, n);
            }
        }
    }

    private readonly struct OpColumns<T, TAcc, TOut, TOp>(NdArray<T> a, ReductionPlan p, TOut[] result, int width, long tiles) : IRangeAction
        where T : unmanaged
        where TOp : IReduceOperator<T, TAcc, TOut>
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Invoke(long start, long end)
        {
            ref T b = ref a.DangerousGetReferenceForRead();
            var acc = new TAcc[width];
            long colLen = p.ColumnLength, colStride = p.ColumnStride;
            for (long t = start; t < end; t++)
            {
                long outer = t / tiles;
                long col0 = t % tiles * width;
                int w = (int)Math.Min(width, colLen - col0);
                long outBase = (outer * colLen) + col0;
                long baseOff = p.OuterOffset(outer) + (col0 * colStride);
                Array.Fill(acc, TOp.Identity, 0, w);
                var od = p.ReducedOdometer();
                for (long i = 0; i < p.ReducedLength; i++)
                {
                    ref T row = ref Unsafe.Add(ref b, (nint)(baseOff + od.Offset));
                    if (colStride != 1 || !TOp.TryAccumulateRow(acc.AsSpan(0, w), MemoryMarshal.CreateReadOnlySpan(ref row, w)))
                    {
                        for (int c = 0; c < w; c++)
                        {
                            acc[c] = TOp.Accumulate(acc[c], Unsafe.Add(ref row, (nint)(c * colStride)), i);
                        }
                    }

                    od.Next();
                }

                for (int c = 0; c < w; c++)
                {
                    result[outBase + c] = TOp.Finalize(acc[c], p.ReducedLength);
                }
            }
        }
    }

    // ---------------------------------------------------------------- whole array

    /// <summary>
    /// Reduces the single output of <paramref name="p"/> (ReducedLength &gt; 0): fixed 4096-element blocks in C
    /// order (gathered into a buffer when not dense), aligned super-blocks of 64 blocks spread over threads, and
    /// the aligned pairwise tree over everything.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static TAcc Whole<T, TAcc, TR>(NdArray<T> a, ReductionPlan p, TR reducer, ExecutionSettings? settings)
        where T : unmanaged
        where TR : struct, IBlockReducer<T, TAcc>
    {
        long n = p.ReducedLength;
        long superBlocks = ((n - 1) / SuperBlockElements) + 1;
        var partials = new TAcc[superBlocks];
        ParallelRange.For(superBlocks, new WholeAction<T, TAcc, TR>(a, p, reducer, partials), settings, SuperBlockElements);
        var tree = default(PairwiseTree<TAcc, TR>);
        foreach (var x in partials)
        {
            tree.Push(x);
        }

        return tree.Result();
    }

    private readonly struct WholeAction<T, TAcc, TR>(NdArray<T> a, ReductionPlan p, TR reducer, TAcc[] partials) : IRangeAction
        where T : unmanaged
        where TR : struct, IBlockReducer<T, TAcc>
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Invoke(long start, long end)
        {
            long n = p.ReducedLength;
            bool dense = p.ReducedIsDenseRun;
            T[]? buffer = dense ? null : new T[ReproducibleSum.BlockSize];
            ref T b = ref a.DangerousGetReferenceForRead();
            for (long sb = start; sb < end; sb++)
            {
                var tree = default(PairwiseTree<TAcc, TR>);
                long first = sb * SuperBlockElements;
                long last = Math.Min(n, first + SuperBlockElements);
                Odometer od = dense ? default : new Odometer(p.ReducedLengths, p.ReducedStrides, first);
                for (long gs = first; gs < last; gs += ReproducibleSum.BlockSize)
                {
                    int count = (int)Math.Min(ReproducibleSum.BlockSize, last - gs);
                    if (dense)
                    {
                        tree.Push(reducer.Block(ref Unsafe.Add(ref b, (nint)gs), count, gs));
                    }
                    else
                    {
                        for (int i = 0; i < count; i++)
                        {
                            buffer![i] = Unsafe.Add(ref b, (nint)od.Offset);
                            od.Next();
                        }

                        tree.Push(reducer.Block(ref buffer![0], count, gs));
                    }
                }

                partials[sb] = tree.Result();
            }
        }
    }

    /// <summary>
    /// Widest column tile of the sums and the other column folds: a sum's 16 lanes (16 × 8 bytes per output,
    /// 256 KiB) stay in L2 while each row adds a long contiguous segment that the hardware prefetcher streams (tiles
    /// of 64 read 512 bytes per row at the row stride: 3x slower on a 5,000 × 10,000 matrix; 384..2048 measured
    /// alike, 4096 slower).
    /// </summary>
    internal const int ColumnTileMaxWidth = 2048;

    /// <summary>
    /// The column tiles of a column reduction: at most <paramref name="maxWidth"/> outputs each (a multiple of 8
    /// when that keeps the tile count), and, when there is one outer slice and enough columns, a tile count that is
    /// a multiple of the step count, so the threads get equal work. Tiles only decide who computes which outputs: every output's
    /// arithmetic is fixed by the plan, so the bits do not depend on them.
    /// </summary>
    internal static (int Width, long Tiles) ColumnTiles(ReductionPlan p, ExecutionSettings? settings, int maxWidth)
    {
        long colLen = p.ColumnLength;
        int steps = ExecutionSettings.Resolve(settings).StepCount(p.ReducedLength * p.OutSize);
        long k = ((colLen - 1) / maxWidth) + 1;
        if (p.OuterCount == 1 && steps > 1)
        {
            k = ((Math.Max(k, steps) + steps - 1) / steps) * steps;
        }

        long width = ((colLen - 1) / k) + 1;
        long rounded = ((width + 7) / 8) * 8;
        if (((colLen - 1) / rounded) + 1 == ((colLen - 1) / width) + 1)
        {
            width = rounded; // whole vectors per tile when that keeps the tile count
        }

        return ((int)width, ((colLen - 1) / width) + 1);
    }

}
