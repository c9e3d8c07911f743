using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ChunkCompute.Kernels;

/// <summary>
/// Explicit, non-decreasing edges (<c>np.histogram(a, bins=edges)</c>): value x is counted in bin i when
/// <c>e[i] &lt;= x &lt; e[i+1]</c>, the last bin closed (<c>e[bins-1] &lt;= x &lt;= e[bins]</c>); values outside and NaN
/// are not counted. That is NumPy's sorted-search definition, including repeated edges (empty bins).
/// The bin is the largest <c>i &lt; bins</c> with <c>e[i] &lt;= x</c>, found by a branch-free binary search
/// (the trip count depends on <c>bins</c> only, each step adds <c>half</c> masked by the comparison), four values
/// at a time so their load chains overlap.
/// </summary>
internal readonly struct EdgesBinner(double[] edges) : IHistogramBinner
{
    private readonly double[] _edges = edges;

    /// <inheritdoc/>
    public int Bins => _edges.Length - 1;

    /// <inheritdoc/>
    public int IndicesPerChunk => BinCounting.Chunk;

    /// <inheritdoc/>
    public int TableLength => _edges.Length;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void BinAndCount(ReadOnlySpan<double> xs, Span<int> indices, ReadOnlySpan<int> previous, Span<uint> table)
    {
        BinCounting.Count(previous, table);
        ref double x = ref MemoryMarshal.GetReference(xs);
        ref int dst = ref MemoryMarshal.GetReference(indices);
        for (int i = 0; i < xs.Length; i += 4)
        {
            Search4(ref Unsafe.Add(ref x, i), ref Unsafe.Add(ref dst, i));
        }
    }

    /// <inheritdoc/>
    public void Fold(ReadOnlySpan<uint> table, Span<long> counts) => BinCounting.FoldSingles(table, counts);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Bin(double x)
    {
        int bins = Bins;
        if (!(x >= _edges[0] && x <= _edges[bins]))
        {
            return bins;
        }

        ref double e = ref MemoryMarshal.GetArrayDataReference(_edges);
        int b = 0;
        for (int len = bins; len > 1; len -= len >> 1)
        {
            int half = len >> 1;
            b += half & Mask(Unsafe.Add(ref e, b + half) <= x);
        }

        return b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Search4(ref double x, ref int dst)
    {
        int bins = Bins;
        ref double e = ref MemoryMarshal.GetArrayDataReference(_edges);
        double lo = e, hi = Unsafe.Add(ref e, bins);
        double x0 = x, x1 = Unsafe.Add(ref x, 1), x2 = Unsafe.Add(ref x, 2), x3 = Unsafe.Add(ref x, 3);
        int b0 = 0, b1 = 0, b2 = 0, b3 = 0;

        // Invariant: the answer lies in [b, b + len); halving keeps the upper part when its first edge is <= x.
        for (int len = bins; len > 1; len -= len >> 1)
        {
            int half = len >> 1;
            b0 += half & Mask(Unsafe.Add(ref e, b0 + half) <= x0);
            b1 += half & Mask(Unsafe.Add(ref e, b1 + half) <= x1);
            b2 += half & Mask(Unsafe.Add(ref e, b2 + half) <= x2);
            b3 += half & Mask(Unsafe.Add(ref e, b3 + half) <= x3);
        }

        dst = Select((x0 >= lo) & (x0 <= hi), b0, bins);
        Unsafe.Add(ref dst, 1) = Select((x1 >= lo) & (x1 <= hi), b1, bins);
        Unsafe.Add(ref dst, 2) = Select((x2 >= lo) & (x2 <= hi), b2, bins);
        Unsafe.Add(ref dst, 3) = Select((x3 >= lo) & (x3 <= hi), b3, bins);
    }

    /// <summary>All ones when <paramref name="c"/>, else zero. The JIT turns a conditional on a float compare into a
    /// branch (mispredicted half the time in a search); <c>setcc</c> + negate is straight-line code.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Mask(bool c) => -Unsafe.As<bool, byte>(ref c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Select(bool c, int a, int b) => b ^ ((a ^ b) & Mask(c));
}
