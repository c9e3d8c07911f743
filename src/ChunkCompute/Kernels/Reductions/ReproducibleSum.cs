using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ChunkCompute.Kernels;

/// <summary>
/// Summation whose bits depend on the values and their count alone: never on threads, chunking, executor or
/// instruction set. This is the (block partial, combine, finalize) triple every floating-point sum-like reduction
/// (Sum, Mean, Var, Std, Dot, NanSum, NanMean, ...) uses, exposed so that map-reduce executors can reuse it.
/// </summary>
/// <remarks>
/// <para><b>The fixed decomposition.</b> Element <c>i</c> of an array of length <c>n</c> belongs to block
/// <c>i / 4096</c>, sub-block <c>(i / 256) % 16</c> and lane <c>i % 16</c>:</para>
/// <code>
/// block b = elements [4096 b, 4096 b + 4096)          (the last block may be shorter)
///   sub-block s = 256 elements: lane j adds elements j, j+16, ..., j+240 left to right, starting from +0.0
///   the 16 sub-block lane vectors combine lane-wise in the aligned pairwise tree ((s0+s1)+(s2+s3))+...
///   the 16 lanes combine as t[j]=l[j]+l[j+8], t[j]+=t[j+4], t[j]+=t[j+2], t0+t1
/// blocks combine in the aligned pairwise tree over block indices (power-of-two subtrees, missing leaves absent)
/// </code>
/// <para>The 16 lanes are 2×Vector512, 4×Vector256, 8×Vector128 or 16 scalars depending on the hardware; each
/// lane sees the same additions in the same order, so every path gives the same bits (no FMA is used: products
/// and squares are rounded before they are added). Lanes start from +0.0, as NumPy's sums do: a sum is never
/// −0.0 (NumPy 1.24's <c>np.sum([-0.0])</c> is 0.0 too), and since no lane ever holds −0.0, adding +0.0 or −0.0
/// changes nothing, so the missing elements of a short final block need no special tree.</para>
/// <para><b>Accuracy.</b> At most 16 additions happen in a straight line; everything above is pairwise, so the
/// error bound is that of NumPy's pairwise summation (about ε·(16 + log2 n)·Σ|x|).</para>
/// <para><b>Parallel use.</b> Blocks are grouped into aligned super-blocks of 64; any thread may compute any
/// super-block's partial (an aligned subtree), and the partials combine with <see cref="Combine(ReadOnlySpan{double})"/>,
/// which is the same aligned tree one level up.</para>
/// </remarks>
public static class ReproducibleSum
{
    /// <summary>Elements per block (blocks are aligned to global element indices).</summary>
    public const int BlockSize = 4096;

    /// <summary>Independent accumulators (lanes) inside a block, fixed whatever the vector width.</summary>
    public const int LaneCount = 16;

    /// <summary>Elements per sub-block: each lane adds 16 of them in a straight line.</summary>
    internal const int SubBlockSize = 256;

    /// <summary>Blocks per super-block: the unit of parallel work (an aligned subtree of the block tree).</summary>
    internal const int BlocksPerSuperBlock = 64;

    /// <summary>Number of blocks of an array of <paramref name="length"/> elements: <c>ceil(length / 4096)</c>.</summary>
    public static long BlockCount(long length) => length <= 0 ? 0 : ((length - 1) / BlockSize) + 1;

    /// <summary>
    /// Partial sum of one block (at most <see cref="BlockSize"/> elements, starting at a global index that is a
    /// multiple of <see cref="BlockSize"/>).
    /// </summary>
    /// <exception cref="ArgumentException">The block is longer than <see cref="BlockSize"/>.</exception>
    public static double BlockPartial(ReadOnlySpan<double> block)
    {
        CheckBlock(block.Length);
        var src = new DoubleTerms<IdentityTerm>(ref MemoryMarshal.GetReference(block), 0);
        return BlockSum(ref src, 0, block.Length);
    }

    /// <summary>Partial sum (accumulated in <see cref="double"/>) of one block of <see cref="float"/>s.</summary>
    /// <exception cref="ArgumentException">The block is longer than <see cref="BlockSize"/>.</exception>
    public static double BlockPartial(ReadOnlySpan<float> block)
    {
        CheckBlock(block.Length);
        var src = new SingleTerms<IdentityTerm>(ref MemoryMarshal.GetReference(block), 0);
        return BlockSum(ref src, 0, block.Length);
    }

    /// <summary>
    /// Writes the partials of consecutive blocks of <paramref name="values"/>, which must start at a block
    /// boundary of the whole array; only the array's final block may be short.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="partials"/> is shorter than <see cref="BlockCount"/>.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void BlockPartials(ReadOnlySpan<double> values, Span<double> partials)
    {
        long n = BlockCount(values.Length);
        if (partials.Length < n)
        {
            ThrowHelper.ThrowArgument($"partials has length {partials.Length} but {values.Length} values make {n} blocks.", nameof(partials));
        }

        for (int b = 0; b < n; b++)
        {
            int start = b * BlockSize;
            partials[b] = BlockPartial(values.Slice(start, Math.Min(BlockSize, values.Length - start)));
        }
    }

    /// <summary>
    /// Combines the partials of blocks <c>0 .. n-1</c> (in block order) in the fixed aligned pairwise tree;
    /// the empty list gives 0.
    /// </summary>
    public static double Combine(ReadOnlySpan<double> partials)
    {
        var tree = default(PairwiseTree<double, DoubleAdd>);
        foreach (double p in partials)
        {
            tree.Push(p);
        }

        return tree.Count == 0 ? 0.0 : tree.Result();
    }

    /// <summary>Sequential reproducible sum of <paramref name="values"/> (same bits as any parallel schedule).</summary>
    public static double Sum(ReadOnlySpan<double> values)
    {
        var src = new DoubleTerms<IdentityTerm>(ref MemoryMarshal.GetReference(values), 0);
        return SumTerms(ref src, values.Length);
    }

    /// <summary>Sequential reproducible sum of <paramref name="values"/>, accumulated in <see cref="double"/>.</summary>
    public static double Sum(ReadOnlySpan<float> values)
    {
        var src = new SingleTerms<IdentityTerm>(ref MemoryMarshal.GetReference(values), 0);
        return SumTerms(ref src, values.Length);
    }

    /// <summary>Sequential reproducible dot product: the reproducible sum of the rounded products <c>x[i]*y[i]</c>.</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length != y.Length)
        {
            ThrowHelper.ThrowArgument($"shapes ({x.Length},) and ({y.Length},) not aligned: {x.Length} (dim 0) != {y.Length} (dim 0)");
        }

        var src = new DoubleProductTerms(ref MemoryMarshal.GetReference(x), ref MemoryMarshal.GetReference(y));
        return SumTerms(ref src, x.Length);
    }

    /// <summary>Reproducible sum of terms <c>0 .. length-1</c> of <paramref name="src"/> (0 when empty).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static double SumTerms<TS>(scoped ref TS src, long length)
        where TS : ITermSource, allows ref struct
    {
        if (length == 0)
        {
            return 0.0;
        }

        var tree = default(PairwiseTree<double, DoubleAdd>);
        for (long start = 0; start < length; start += BlockSize)
        {
            tree.Push(BlockSum(ref src, (nint)start, (int)Math.Min(BlockSize, length - start)));
        }

        return tree.Result();
    }

    /// <summary>
    /// Partial of the super-block-aligned range of blocks <c>[firstBlock, firstBlock+count)</c> of a run of
    /// <paramref name="length"/> terms: the aligned subtree over those blocks.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static double SuperBlockSum<TS>(scoped ref TS src, long length, long firstBlock, int count)
        where TS : ITermSource, allows ref struct
    {
        var tree = default(PairwiseTree<double, DoubleAdd>);
        for (long b = firstBlock; b < firstBlock + count; b++)
        {
            long start = b * BlockSize;
            tree.Push(BlockSum(ref src, (nint)start, (int)Math.Min(BlockSize, length - start)));
        }

        return tree.Result();
    }

    /// <summary>Partial sum of the block of <paramref name="count"/> (1..4096) terms starting at <paramref name="start"/>.</summary>
    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static double BlockSum<TS>(scoped ref TS src, nint start, int count)
        where TS : ITermSource, allows ref struct
    {
        if (count == BlockSize && Vector512.IsHardwareAccelerated)
        {
            return FullBlock512(ref src, start);
        }

        Span<double> stack = stackalloc double[LaneCount * 5];
        Span<double> cur = stackalloc double[LaneCount];
        int subCount = (count + SubBlockSize - 1) / SubBlockSize;
        for (int s = 0; s < subCount; s++)
        {
            nint o = start + (s * SubBlockSize);
            int len = Math.Min(SubBlockSize, count - (s * SubBlockSize));
            if (len == SubBlockSize)
            {
                SubBlockFull(ref src, o, cur);
            }
            else
            {
                SubBlockPartial(ref src, o, len, cur);
            }

            // Binary counter: merge completed left siblings (stack[lvl] is left of cur).
            int lvl = 0;
            for (; ((s >> lvl) & 1) != 0; lvl++)
            {
                AddLanes(stack.Slice(lvl * LaneCount, LaneCount), cur);
            }

            cur.CopyTo(stack.Slice(lvl * LaneCount, LaneCount));
        }

        // Collapse what is left right to left (lower levels are further right).
        bool any = false;
        for (int lvl = 0; lvl < 5; lvl++)
        {
            if (((subCount >> lvl) & 1) != 0)
            {
                var left = stack.Slice(lvl * LaneCount, LaneCount);
                if (!any)
                {
                    left.CopyTo(cur);
                    any = true;
                }
                else
                {
                    AddLanes(left, cur);
                }
            }
        }

        return CombineLanes(cur);
    }

    /// <summary>
    /// A full block with Vector512: four sub-blocks at a time (8 independent accumulator chains), their aligned
    /// tree ((s0+s1)+(s2+s3)) and the four groups' tree ((g0+g1)+(g2+g3)) in registers, then the lane tree as
    /// lower/upper half adds. Exactly the additions of the generic path, in the same order per lane.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double FullBlock512<TS>(scoped ref TS src, nint start)
        where TS : ITermSource, allows ref struct
    {
        var g0 = Group512(ref src, start, out var h0);
        var g1 = Group512(ref src, start + (4 * SubBlockSize), out var h1);
        var g2 = Group512(ref src, start + (8 * SubBlockSize), out var h2);
        var g3 = Group512(ref src, start + (12 * SubBlockSize), out var h3);
        var a = (g0 + g1) + (g2 + g3);
        var b = (h0 + h1) + (h2 + h3);
        var t = a + b;                                   // t[j] = l[j] + l[j+8]
        var u = t.GetLower() + t.GetUpper();             // u[j] = t[j] + t[j+4]
        var v = u.GetLower() + u.GetUpper();             // v[j] = u[j] + u[j+2]
        return v.GetElement(0) + v.GetElement(1);
    }

    /// <summary>Four consecutive full sub-blocks: returns lanes 0..7 of ((s0+s1)+(s2+s3)), lanes 8..15 in <paramref name="high"/>.</summary>
    /// <remarks>
    /// The sub-blocks are read one after the other (a single sequential stream: interleaving the four measured
    /// 2.5× slower on 400 MB because it defeats the prefetcher); the out-of-order core overlaps their chains.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Group512<TS>(scoped ref TS src, nint o, out Vector512<double> high)
        where TS : ITermSource, allows ref struct
    {
        var a0 = SubBlock512(ref src, o, out var b0);
        var a1 = SubBlock512(ref src, o + SubBlockSize, out var b1);
        var a2 = SubBlock512(ref src, o + (2 * SubBlockSize), out var b2);
        var a3 = SubBlock512(ref src, o + (3 * SubBlockSize), out var b3);
        high = (b0 + b1) + (b2 + b3);
        return (a0 + a1) + (a2 + a3);
    }

    /// <summary>One full sub-block: lanes 0..7 returned, lanes 8..15 in <paramref name="high"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> SubBlock512<TS>(scoped ref TS src, nint o, out Vector512<double> high)
        where TS : ITermSource, allows ref struct
    {
        var a = Vector512.Create(0.0);
        var b = a;
        for (nint k = 0; k < SubBlockSize; k += LaneCount)
        {
            a += src.Get512(o + k);
            b += src.Get512(o + k + 8);
        }

        high = b;
        return a;
    }

    /// <summary>The fixed lane tree: <c>t[j]=l[j]+l[j+8]</c>, <c>t[j]+=t[j+4]</c>, <c>t[j]+=t[j+2]</c>, <c>t0+t1</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double CombineLanes(Span<double> l)
    {
        for (int j = 0; j < 8; j++)
        {
            l[j] += l[j + 8];
        }

        for (int j = 0; j < 4; j++)
        {
            l[j] += l[j + 4];
        }

        l[0] += l[2];
        l[1] += l[3];
        return l[0] + l[1];
    }

    /// <summary><c>right[j] = left[j] + right[j]</c> for the 16 lanes (lane-wise, so any width gives the same bits).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void AddLanes(ReadOnlySpan<double> left, Span<double> right)
    {
        ref double l = ref MemoryMarshal.GetReference(left);
        ref double r = ref MemoryMarshal.GetReference(right);
        if (Vector256.IsHardwareAccelerated)
        {
            for (nuint k = 0; k < LaneCount; k += 4)
            {
                (Vector256.LoadUnsafe(ref l, k) + Vector256.LoadUnsafe(ref r, k)).StoreUnsafe(ref r, k);
            }
        }
        else
        {
            for (int k = 0; k < LaneCount; k++)
            {
                Unsafe.Add(ref r, k) = Unsafe.Add(ref l, k) + Unsafe.Add(ref r, k);
            }
        }
    }

    /// <summary>A full sub-block of 256 terms: lane j adds terms j, j+16, ..., j+240 in order, from +0.0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SubBlockFull<TS>(scoped ref TS src, nint o, scoped Span<double> lanes)
        where TS : ITermSource, allows ref struct
    {
        ref double dst = ref MemoryMarshal.GetReference(lanes);
        if (Vector512.IsHardwareAccelerated)
        {
            var a0 = Vector512.Create(0.0);
            var a1 = a0;
            for (nint k = 0; k < SubBlockSize; k += LaneCount)
            {
                a0 += src.Get512(o + k);
                a1 += src.Get512(o + k + 8);
            }

            a0.StoreUnsafe(ref dst, 0);
            a1.StoreUnsafe(ref dst, 8);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var a0 = Vector256.Create(0.0);
            var a1 = a0;
            var a2 = a0;
            var a3 = a0;
            for (nint k = 0; k < SubBlockSize; k += LaneCount)
            {
                a0 += src.Get256(o + k);
                a1 += src.Get256(o + k + 4);
                a2 += src.Get256(o + k + 8);
                a3 += src.Get256(o + k + 12);
            }

            a0.StoreUnsafe(ref dst, 0);
            a1.StoreUnsafe(ref dst, 4);
            a2.StoreUnsafe(ref dst, 8);
            a3.StoreUnsafe(ref dst, 12);
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            var a0 = Vector128.Create(0.0);
            var a1 = a0;
            var a2 = a0;
            var a3 = a0;
            var a4 = a0;
            var a5 = a0;
            var a6 = a0;
            var a7 = a0;
            for (nint k = 0; k < SubBlockSize; k += LaneCount)
            {
                a0 += src.Get128(o + k);
                a1 += src.Get128(o + k + 2);
                a2 += src.Get128(o + k + 4);
                a3 += src.Get128(o + k + 6);
                a4 += src.Get128(o + k + 8);
                a5 += src.Get128(o + k + 10);
                a6 += src.Get128(o + k + 12);
                a7 += src.Get128(o + k + 14);
            }

            a0.StoreUnsafe(ref dst, 0);
            a1.StoreUnsafe(ref dst, 2);
            a2.StoreUnsafe(ref dst, 4);
            a3.StoreUnsafe(ref dst, 6);
            a4.StoreUnsafe(ref dst, 8);
            a5.StoreUnsafe(ref dst, 10);
            a6.StoreUnsafe(ref dst, 12);
            a7.StoreUnsafe(ref dst, 14);
        }
        else
        {
            SubBlockPartial(ref src, o, SubBlockSize, lanes);
        }
    }

    /// <summary>The scalar definition of a sub-block (also used for the short final sub-block).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SubBlockPartial<TS>(scoped ref TS src, nint o, int len, scoped Span<double> lanes)
        where TS : ITermSource, allows ref struct
    {
        lanes.Clear(); // +0.0
        for (int e = 0; e < len; e++)
        {
            lanes[e & (LaneCount - 1)] += src.Get(o + e);
        }
    }

    private static void CheckBlock(int length)
    {
        if (length > BlockSize)
        {
            ThrowHelper.ThrowArgument($"a block has at most {BlockSize} elements, got {length}.", "block");
        }
    }
}
