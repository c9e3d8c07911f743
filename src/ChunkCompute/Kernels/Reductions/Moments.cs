using System.Runtime.CompilerServices;
using ChunkCompute.Execution;

namespace ChunkCompute.Kernels;

/// <summary>
/// The partial of a one-pass variance: the reproducible sum of the values, a shift <c>K</c> (the first value of the
/// partial's first block), the sum of <c>x - K</c>, the sum of squared deviations from the partial's own mean
/// (<c>M2</c>), and the count.
/// </summary>
/// <remarks>
/// <para><b>One memory pass.</b> Each fixed 4096-element block (the blocks of <see cref="ReproducibleSum"/>) is
/// read three times while it sits in L1/L2: its reproducible block sum; the reproducible sum of <c>x - K</c>, which
/// gives the block mean <c>m_b = K + D/n</c>; and the reproducible sum of <c>(x - m_b)^2</c>, its <c>M2</c>. Blocks
/// combine in the same aligned pairwise tree as the sum, with Chan, Golub and LeVeque's pairwise update
/// <c>M2 = M2_l + M2_r + d^2 n_l n_r / n</c>, where the difference of the two means is taken as
/// <c>d = (K_r - K_l) + D_r/n_r - D_l/n_l</c>: computed from shifted sums, it carries rounding errors of the size of
/// the data's spread rather than of its magnitude, so data far from zero keep two-pass accuracy.</para>
/// <para><b>Bits.</b> <see cref="Sum"/> goes through exactly the additions of the reproducible sum, so the mean
/// has the bits of <c>Mean()</c>; every other step is a fixed sequence of rounded IEEE operations (no FMA) on
/// fixed partials, so the variance depends on the values alone, not on threads, executor or instruction set.</para>
/// </remarks>
internal readonly record struct Moments(double Sum, double Shift, double ShiftedSum, double M2, long Count)
{
    /// <summary>Chan's pairwise combine of two adjacent partials (either may be empty); the result keeps the left shift.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Moments Combine(Moments left, Moments right)
    {
        double sum = left.Sum + right.Sum;
        if (left.Count == 0)
        {
            return right with { Sum = sum };
        }

        if (right.Count == 0)
        {
            return left with { Sum = sum };
        }

        long n = left.Count + right.Count;
        double dk = right.Shift - left.Shift;
        double delta = (dk + (right.ShiftedSum / right.Count)) - (left.ShiftedSum / left.Count);
        double weight = (double)left.Count * right.Count / n;
        double m2 = left.M2 + right.M2 + (delta * delta * weight);
        double shifted = left.ShiftedSum + (right.ShiftedSum + (right.Count * dk));
        return new Moments(sum, left.Shift, shifted, m2, n);
    }
}

/// <summary><see cref="Moments.Combine"/> as a tree combine.</summary>
internal readonly struct MomentsCombine : ICombine<Moments>
{
    public static Moments Combine(Moments left, Moments right) => Moments.Combine(left, right);
}

/// <summary>Per-output one-pass moments over a <see cref="ReductionPlan"/>.</summary>
internal static class MomentsDriver
{
    /// <summary>
    /// Widest column tile of the moments: each 4096-row block of a tile is read twice (its sum and shifted sum,
    /// then its squared deviations), so the block (4096 × width × 8 bytes, 8 MiB at 256) should still be in the
    /// last-level cache for the second read (64 and 1024 measured slower).
    /// </summary>
    internal const int MomentTileMaxWidth = 256;

    /// <summary>
    /// Sums and M2 per output (in output C order), one memory pass (columns: each block read from memory once and
    /// once more from cache). Outputs whose reduced elements are not one dense run (columns) are done a tile of up
    /// to <see cref="MomentTileMaxWidth"/> neighbouring outputs at a time, block of 4096 rows by block, with
    /// <see cref="ColumnLanes"/>: the same block partials, hence the same bits, as a dense copy.
    /// </summary>
    public static Moments[] Compute<T>(NdArray<T> a, ReductionPlan p, ExecutionSettings? settings)
        where T : unmanaged
    {
        var result = new Moments[p.OutSize];
        if (p.OutSize == 0 || p.ReducedLength == 0)
        {
            return result;
        }

        _ = a.DangerousGetReferenceForRead(); // a deferred input is computed here, not inside a worker

        if (p.OutSize == 1)
        {
            result[0] = ReductionDriver.Whole<T, Moments, MomentsBlock<T>>(a, p, default, settings);
        }
        else if (p.ReducedIsDenseRun)
        {
            ParallelRange.For(p.OutSize, new MomentRuns<T>(a, p, result), settings, p.ReducedLength);
        }
        else
        {
            var (width, tiles) = ReductionDriver.ColumnTiles(p, settings, MomentTileMaxWidth);
            ParallelRange.For(p.OuterCount * tiles, new MomentColumns<T>(a, p, result, width, tiles), settings, p.ReducedLength * width);
        }

        return result;
    }

    /// <summary>Moments of one block of <paramref name="count"/> values (three reads of the cached block).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Moments Block<T>(ref T first, int count)
        where T : unmanaged
    {
        double sum = ReductionDriver.SumBlockOf<T, IdentityTerm>(ref first, count, 0);
        double k = ScalarCast.ToDouble(first);
        double shifted = ReductionDriver.SumBlockOf<T, ShiftTerm>(ref first, count, k);
        double m2 = ReductionDriver.SumBlockOf<T, SquaredDeviationTerm>(ref first, count, k + (shifted / count));
        return new Moments(sum, k, shifted, m2, count);
    }

    private readonly struct MomentsBlock<T> : IBlockReducer<T, Moments>
        where T : unmanaged
    {
        public static Moments Combine(Moments left, Moments right) => Moments.Combine(left, right);

        public Moments Block(ref T first, int count, long globalStart) => MomentsDriver.Block(ref first, count);
    }

    private readonly struct MomentRuns<T>(NdArray<T> a, ReductionPlan p, Moments[] result) : IRangeAction
        where T : unmanaged
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Invoke(long start, long end)
        {
            ref T b = ref a.DangerousGetReferenceForRead();
            long n = p.ReducedLength;
            for (long o = start; o < end; o++)
            {
                ref T run = ref Unsafe.Add(ref b, (nint)p.OutputOffset(o));
                var tree = default(PairwiseTree<Moments, MomentsCombine>);
                for (long s = 0; s < n; s += ReproducibleSum.BlockSize)
                {
                    tree.Push(Block(ref Unsafe.Add(ref run, (nint)s), (int)Math.Min(ReproducibleSum.BlockSize, n - s)));
                }

                result[o] = tree.Result();
            }
        }
    }

    private readonly struct MomentColumns<T>(NdArray<T> a, ReductionPlan p, Moments[] result, int width, long tiles) : IRangeAction
        where T : unmanaged
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Invoke(long start, long end)
        {
            int W = width;
            ref T b = ref a.DangerousGetReferenceForRead();
            using var lanes = new ColumnLanes(W);
            using var shiftLanes = new ColumnLanes(W);
            var terms = new double[W];
            var blockSum = new double[W];
            var blockM2 = new double[W];
            var shift = new double[W];
            var shifted = new double[W];
            var mean = new double[W];
            var zeros = new double[W];
            var trees = new PairwiseTree<Moments, MomentsCombine>[W];
            long n = p.ReducedLength, colLen = p.ColumnLength, colStride = p.ColumnStride;
            for (long t = start; t < end; t++)
            {
                long outer = t / tiles;
                long col0 = t % tiles * W;
                int w = (int)Math.Min(W, colLen - col0);
                long outBase = (outer * colLen) + col0;
                long baseOff = p.OuterOffset(outer) + (col0 * colStride);
                Array.Clear(trees);
                for (long r0 = 0; r0 < n; r0 += ReproducibleSum.BlockSize)
                {
                    int count = (int)Math.Min(ReproducibleSum.BlockSize, n - r0);
                    var od = new Odometer(p.ReducedLengths, p.ReducedStrides, r0);
                    ref T firstRow = ref Unsafe.Add(ref b, (nint)(baseOff + od.Offset));
                    for (int c = 0; c < w; c++)
                    {
                        shift[c] = ScalarCast.ToDouble(Unsafe.Add(ref firstRow, (nint)(c * colStride)));
                    }

                    // The block's sum and its sum of x - K in one read of each row, then the squared deviations.
                    BlockPass<IdentityTerm>(ref b, baseOff, colStride, r0, count, w, lanes, terms, zeros, blockSum, shiftLanes, shift, shifted);
                    for (int c = 0; c < w; c++)
                    {
                        mean[c] = shift[c] + (shifted[c] / count);
                    }

                    BlockPass<SquaredDeviationTerm>(ref b, baseOff, colStride, r0, count, w, lanes, terms, mean, blockM2);
                    for (int c = 0; c < w; c++)
                    {
                        trees[c].Push(new Moments(blockSum[c], shift[c], shifted[c], blockM2[c], count));
                    }
                }

                for (int c = 0; c < w; c++)
                {
                    result[outBase + c] = trees[c].Result();
                }
            }
        }

        /// <summary>
        /// Block partials of the terms <c>TX(x, m[c])</c> for rows [r0, r0 + count), and, when
        /// <paramref name="shiftLanes"/> is given, of <c>x - shift[c]</c> from the same read of each row.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void BlockPass<TX>(ref T b, long baseOff, long colStride, long r0, int count, int w, ColumnLanes lanes, double[] terms, double[] m, double[] output, ColumnLanes? shiftLanes = null, double[]? shift = null, double[]? shifted = null)
            where TX : ITermTransform
        {
            var od = new Odometer(p.ReducedLengths, p.ReducedStrides, r0);
            var tw = terms.AsSpan(0, w);
            var mw = m.AsSpan(0, w);
            var sw = shift.AsSpan(0, shift is null ? 0 : w);
            lanes.Reset(w);
            shiftLanes?.Reset(w);
            for (int i = 0; i < count; i++)
            {
                var xs = ColumnLanes.RowAsDouble(ref Unsafe.Add(ref b, (nint)(baseOff + od.Offset)), colStride, tw);
                lanes.AddRow<TX>(xs, mw);
                shiftLanes?.AddRow<ShiftTerm>(xs, sw);
                od.Next();
            }

            lanes.Finish(output.AsSpan(0, w));
            shiftLanes?.Finish(shifted.AsSpan(0, w));
        }
    }
}
