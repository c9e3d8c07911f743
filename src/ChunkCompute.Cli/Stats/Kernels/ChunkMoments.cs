using System.Runtime.InteropServices;

namespace ChunkCompute.Cli.Stats.Kernels;

/// <summary>
/// Pass-1 partial statistics of a run of elements (one chunk, or several combined): the reduce state of
/// <c>chunkcompute stats</c>. Unmanaged, so it travels back from a worker process as raw bytes.
/// </summary>
/// <param name="Count">Elements, NaN included.</param>
/// <param name="Valid">Non-NaN elements.</param>
/// <param name="Sum">Sum of the non-NaN elements (the library's <c>NanSum</c>).</param>
/// <param name="Shift">A value the mean is measured from: 0, or (when the mean is far from zero against the spread)
/// the chunk's minimum.</param>
/// <param name="ShiftedMean">Mean of the non-NaN elements minus <paramref name="Shift"/>, computed from the shifted
/// values, so it keeps the digits a rounded mean of large values would lose.</param>
/// <param name="M2">Sum of squared deviations from the mean (the library's <c>NanVar</c> × Valid).</param>
/// <param name="Min">Smallest non-NaN element (+∞ when none).</param>
/// <param name="Max">Largest non-NaN element (−∞ when none).</param>
[StructLayout(LayoutKind.Sequential)]
public readonly record struct ChunkMoments(long Count, long Valid, double Sum, double Shift, double ShiftedMean, double M2, double Min, double Max)
{
    /// <summary>The identity: no element.</summary>
    public static ChunkMoments Empty => new(0, 0, 0, 0, 0, 0, double.PositiveInfinity, double.NegativeInfinity);

    /// <summary>Mean of the non-NaN elements (<c>np.nanmean</c>: the sum over the count; NaN when none).</summary>
    public double Mean => Valid > 0 ? Sum / Valid : double.NaN;

    /// <summary>
    /// Combines two partials with the parallel-variance rule of Chan, Golub and LeVeque
    /// (<c>M2 = M2a + M2b + δ²·na·nb/n</c>); callers combine in a fixed tree order so the bits never depend on scheduling.
    /// δ is taken as <c>(shift_b − shift_a) + (shifted mean_b − shifted mean_a)</c>: for data far from zero (timestamps
    /// around 1.7e9 with a spread of 1) a difference of rounded means would carry their rounding error, about
    /// 1e-7 here, into every combine.
    /// </summary>
    public static ChunkMoments Combine(ChunkMoments a, ChunkMoments b)
    {
        if (a.Valid == 0)
        {
            return b with { Count = a.Count + b.Count };
        }

        if (b.Valid == 0)
        {
            return a with { Count = a.Count + b.Count };
        }

        long n = a.Valid + b.Valid;
        double sum = a.Sum + b.Sum;
        double delta = (b.Shift - a.Shift) + (b.ShiftedMean - a.ShiftedMean);
        double m2 = a.M2 + b.M2 + (delta * delta * ((double)a.Valid * b.Valid / n));
        // Unshifted partials (data near zero) keep the mean as sum / n; shifted ones move their mean by δ·nb/n.
        double shiftedMean = a.Shift == 0 && b.Shift == 0 ? sum / n : a.ShiftedMean + (delta * ((double)b.Valid / n));
        return new ChunkMoments(a.Count + b.Count, n, sum, a.Shift, shiftedMean, m2, Math.Min(a.Min, b.Min), Math.Max(a.Max, b.Max));
    }
}

/// <summary>Per-chunk histogram counts (up to <see cref="Capacity"/> bins), unmanaged so a worker can return it.</summary>
[System.Runtime.CompilerServices.InlineArray(Capacity)]
public struct HistogramCounts
{
    /// <summary>Most bins a histogram of <c>stats</c> may have.</summary>
    public const int Capacity = 1024;

    private long _element0;
}
