using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using ChunkCompute.Kernels.Elementwise;

namespace ChunkCompute.Kernels;

/// <summary>
/// A histogram kernel seen by the step driver in <see cref="HistogramKernel"/>: it turns blocks of float64 values
/// into slot indices of a small counter table and counts indices into that table. Slot <c>bins</c> of a value
/// (value index) collects the values that are not counted (outside the range, NaN).
/// </summary>
internal interface IHistogramBinner
{
    /// <summary>Number of bins.</summary>
    int Bins { get; }

    /// <summary>Indices written per 16 values (<see cref="BinCounting.Chunk"/>): 16, or 8 when two values share one index.</summary>
    int IndicesPerChunk { get; }

    /// <summary>Counters in the table that <see cref="Fold"/> reads.</summary>
    int TableLength { get; }

    /// <summary>
    /// Writes the indices of <paramref name="xs"/> (length a multiple of <see cref="BinCounting.Chunk"/>) to
    /// <paramref name="indices"/> and counts <paramref name="previous"/> (indices of an earlier block of the same
    /// length, or empty) into <paramref name="table"/> in the same loop, so the scalar increments of one block
    /// overlap the vector arithmetic of the next.
    /// </summary>
    void BinAndCount(ReadOnlySpan<double> xs, Span<int> indices, ReadOnlySpan<int> previous, Span<uint> table);

    /// <summary>The value index of one value (<c>0..bins</c>), for the few values left after the last whole chunk.</summary>
    int Bin(double x);

    /// <summary>Adds the table to the value counts <paramref name="counts"/> (length bins + 1).</summary>
    void Fold(ReadOnlySpan<uint> table, Span<long> counts);
}

/// <summary>
/// Counting bin indices into a table. Two packings: one index per value (the table is the <c>bins + 1</c> value
/// counters), or — when the table of pairs stays in L1 — one index per two values, <c>a * (bins + 1) + b</c>, which
/// halves the scalar increments (the limit of this loop: about one per cycle) and spreads hot bins over many
/// counters, so runs of equal values do not chain store-to-load through one counter. Folding the pair table
/// gives <c>count(a) = row sum + column sum</c>.
/// </summary>
internal static class BinCounting
{
    /// <summary>Values per vector step of the binners (two 512-bit vectors of float64).</summary>
    public const int Chunk = 16;

    /// <summary>Largest pair table (counters): 48 KiB of uint, i.e. pairs up to 109 bins.</summary>
    public const int MaxPairTable = 12_288;

    /// <summary>Whether <paramref name="bins"/> (+1 slot for uncounted values) are counted in pairs.</summary>
    public static bool UsePairs(int bins) => (long)(bins + 1) * (bins + 1) <= MaxPairTable;

    /// <summary>Counts one index per entry of <paramref name="indices"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Count(ReadOnlySpan<int> indices, Span<uint> table)
    {
        fixed (int* p = indices)
        fixed (uint* t = table)
        {
            int i = 0;
            for (; i <= indices.Length - 8; i += 8)
            {
                Count8(p + i, t);
            }

            for (; i < indices.Length; i++)
            {
                t[p[i]]++;
            }
        }
    }

    /// <summary>
    /// Eight increments; indices are read two at a time (one 64-bit load) to spare load slots. Indices are in
    /// <c>0..table length - 1</c> (the binners' contract); nothing here checks them.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Count8(int* indices, uint* table)
    {
        long* q = (long*)indices;
        long q0 = q[0], q1 = q[1], q2 = q[2], q3 = q[3];
        table[(int)q0]++;
        table[q0 >> 32]++;
        table[(int)q1]++;
        table[q1 >> 32]++;
        table[(int)q2]++;
        table[q2 >> 32]++;
        table[(int)q3]++;
        table[q3 >> 32]++;
    }

    /// <summary>Adds a table of <paramref name="pairs"/> (<see cref="FoldPairs"/>) or of single indices (<see cref="FoldSingles"/>) to <paramref name="counts"/>.</summary>
    public static void Fold(ReadOnlySpan<uint> table, Span<long> counts, bool pairs)
    {
        if (pairs)
        {
            FoldPairs(table, counts);
        }
        else
        {
            FoldSingles(table, counts);
        }
    }

    /// <summary>Adds a table of single value indices (length bins + 1) to <paramref name="counts"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void FoldSingles(ReadOnlySpan<uint> table, Span<long> counts)
    {
        for (int i = 0; i < counts.Length; i++)
        {
            counts[i] += table[i];
        }
    }

    /// <summary>Adds a pair table (<c>w × w</c>, w = bins + 1) to <paramref name="counts"/>: row sums and column sums.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void FoldPairs(ReadOnlySpan<uint> table, Span<long> counts)
    {
        int w = counts.Length;
        Span<uint> columns = stackalloc uint[w];
        columns.Clear();
        for (int a = 0; a < w; a++)
        {
            // The table holds fewer than 2^32 increments in all, so uint row and column sums cannot wrap.
            var row = table.Slice(a * w, w);
            counts[a] += TensorPrimitives.Sum<uint>(row);
            AddKernel<uint>.Invoke(columns, row, columns);
        }

        for (int b = 0; b < w; b++)
        {
            counts[b] += columns[b];
        }
    }
}
