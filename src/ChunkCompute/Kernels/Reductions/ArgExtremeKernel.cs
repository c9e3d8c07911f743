using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ChunkCompute.Kernels;

/// <summary>
/// <c>np.argmax</c>/<c>np.argmin</c> over a span with vector lanes: blocks of <see cref="Block"/> elements get
/// their maximum (minimum) from <see cref="MinMaxKernel"/>; only a block whose extreme beats the best so far is read
/// again (from L1), from its start, with vector compares for the first index holding that value. The answer is the
/// scalar fold's: the first index of the greatest (least) value, and if there is a NaN, the first NaN. Ties between
/// −0 and +0 are ties (the first wins), as in NumPy. Whole-array reductions hand it the reduction driver's
/// 4096-element blocks, each starting from no partial result, so every block is searched once; axis reductions
/// hand it whole rows, where random data re-reads only a handful of blocks.
/// </summary>
internal static class ArgExtremeKernel
{
    /// <summary>Elements per block: 32 KiB of float64, in L1 between the two reads (the reduction driver's block).</summary>
    private const int Block = 4096;

    /// <summary>Whether the vector path runs for <typeparamref name="T"/> on this machine.</summary>
    public static bool Vectorizes<T>()
        where T : unmanaged => MinMaxKernel.Vectorizes<T>();

    /// <summary>Folds <paramref name="xs"/> (global index of its first element <paramref name="firstIndex"/>) into <paramref name="acc"/>: first maximum, first NaN.</summary>
    public static ArgPartial<T> ArgMax<T>(ArgPartial<T> acc, ReadOnlySpan<T> xs, long firstIndex)
        where T : unmanaged => Fold<T, Greater>(acc, xs, firstIndex);

    /// <summary>Folds <paramref name="xs"/> into <paramref name="acc"/>: first minimum, first NaN.</summary>
    public static ArgPartial<T> ArgMin<T>(ArgPartial<T> acc, ReadOnlySpan<T> xs, long firstIndex)
        where T : unmanaged => Fold<T, Less>(acc, xs, firstIndex);

    private static ArgPartial<T> Fold<T, TOrder>(ArgPartial<T> acc, ReadOnlySpan<T> xs, long firstIndex)
        where T : unmanaged
        where TOrder : IOrder
    {
        // Walks the span by slicing (a span may hold up to int.MaxValue elements: no int offset that could wrap).
        long start = firstIndex;
        for (var rest = xs; !rest.IsEmpty; rest = rest[Math.Min(Block, rest.Length)..])
        {
            if (acc.Index >= 0 && ScalarCompare.IsNaN(acc.Value))
            {
                return acc; // a NaN already won: nothing later can replace it
            }

            var block = rest[..Math.Min(Block, rest.Length)];
            var (lo, hi) = MinMaxKernel.MinMax(block);
            T extreme = TOrder.Pick(lo, hi);
            if (acc.Index < 0 || ScalarCompare.IsNaN(extreme) || TOrder.Beats(extreme, acc.Value))
            {
                int k = FirstIndexOf(block, extreme);

                // Not found only if another thread wrote the block between the two reads: fold it one by one instead.
                acc = k >= 0 ? new(block[k], start + k) : TOrder.ScalarFold(acc, block, start);
            }

            start += block.Length;
        }

        return acc;
    }

    /// <summary>The first index of <paramref name="value"/> (numeric equality: −0 matches +0) or, for NaN, of the first NaN; −1 if none.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int FirstIndexOf<T>(ReadOnlySpan<T> xs, T value)
        where T : unmanaged
    {
        bool nan = ScalarCompare.IsNaN(value);
        ref T x = ref MemoryMarshal.GetReference(xs);
        int i = 0;
        if (Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported)
        {
            var target = Vector512.Create(value);
            for (; i <= xs.Length - Vector512<T>.Count; i += Vector512<T>.Count)
            {
                var v = Vector512.LoadUnsafe(ref x, (nuint)i);
                ulong hits = (nan ? ~Vector512.Equals(v, v) : Vector512.Equals(v, target)).ExtractMostSignificantBits();
                if (hits != 0)
                {
                    return i + BitOperations.TrailingZeroCount(hits);
                }
            }
        }
        else if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported)
        {
            var target = Vector256.Create(value);
            for (; i <= xs.Length - Vector256<T>.Count; i += Vector256<T>.Count)
            {
                var v = Vector256.LoadUnsafe(ref x, (nuint)i);
                uint hits = (nan ? ~Vector256.Equals(v, v) : Vector256.Equals(v, target)).ExtractMostSignificantBits();
                if (hits != 0)
                {
                    return i + BitOperations.TrailingZeroCount(hits);
                }
            }
        }

        for (; i < xs.Length; i++)
        {
            T e = Unsafe.Add(ref x, i);
            if (nan ? ScalarCompare.IsNaN(e) : !ScalarCompare.Less(e, value) && !ScalarCompare.Less(value, e))
            {
                return i;
            }
        }

        return -1;
    }

    private interface IOrder
    {
        /// <summary>The block's candidate: its maximum or its minimum.</summary>
        static abstract T Pick<T>(T min, T max)
            where T : unmanaged;

        /// <summary>Whether <paramref name="candidate"/> replaces <paramref name="best"/> (strictly better; ties keep the first).</summary>
        static abstract bool Beats<T>(T candidate, T best)
            where T : unmanaged;

        /// <summary>The operator's scalar fold of <paramref name="xs"/>.</summary>
        static abstract ArgPartial<T> ScalarFold<T>(ArgPartial<T> acc, ReadOnlySpan<T> xs, long firstIndex)
            where T : unmanaged;
    }

    private readonly struct Greater : IOrder
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static T Pick<T>(T min, T max)
            where T : unmanaged => max;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool Beats<T>(T candidate, T best)
            where T : unmanaged => ScalarCompare.Less(best, candidate);

        public static ArgPartial<T> ScalarFold<T>(ArgPartial<T> acc, ReadOnlySpan<T> xs, long firstIndex)
            where T : unmanaged => ChunkCompute.Kernels.Fold.Loop<T, ArgPartial<T>, long, ArgMaxOperator<T>>(acc, xs, firstIndex);
    }

    private readonly struct Less : IOrder
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static T Pick<T>(T min, T max)
            where T : unmanaged => min;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool Beats<T>(T candidate, T best)
            where T : unmanaged => ScalarCompare.Less(candidate, best);

        public static ArgPartial<T> ScalarFold<T>(ArgPartial<T> acc, ReadOnlySpan<T> xs, long firstIndex)
            where T : unmanaged => ChunkCompute.Kernels.Fold.Loop<T, ArgPartial<T>, long, ArgMinOperator<T>>(acc, xs, firstIndex);
    }
}
