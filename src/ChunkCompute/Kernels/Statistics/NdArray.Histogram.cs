using ChunkCompute.Execution;
using ChunkCompute.Kernels;

namespace ChunkCompute;

// Histogram.
public abstract partial class NdArray
{
    /// <summary>
    /// Counts of the elements of <paramref name="a"/> (flattened) in <paramref name="bins"/> equal-width bins over
    /// <paramref name="range"/> (default: the data's min and max, widened by ±0.5 when equal), as
    /// <c>np.histogram(a, bins, range)</c>: bins are half-open <c>[e_i, e_i+1)</c> except the last, which is
    /// closed; values outside the range and NaN are not counted. The edges are computed as NumPy's
    /// <c>linspace</c> does (<c>i * step + first</c>, last edge exactly <c>last</c>) and each value's bin is found
    /// and corrected against those edges exactly as NumPy does, so counts and edges are identical to NumPy's.
    /// float32 and float16 data are binned in NumPy's bin type, <c>result_type(range bounds, a)</c> with the bounds as
    /// Python floats (NumPy with Python int bounds may pick float64): the data's own type unless a given bound needs a
    /// wider one; the edges are then rounded to that type (returned as float64
    /// values, where NumPy returns a float32 or float16 array), and each value's bin is computed in it. Where
    /// the width leaves no finite scale — equal values of magnitude 2^53 or more, whose ±0.5 widening rounds
    /// away, a subnormal width, or a float32/float16 width that overflows its type — NumPy fails with an
    /// IndexError; here the values are counted against the returned edges, as
    /// <see cref="Histogram{T}(NdArray{T}, double[], ExecutionSettings?)"/> would count them. Where NumPy's float32 or
    /// float16 index arithmetic lands outside the bins (it raises an IndexError, or bincount a ValueError), the
    /// value is counted in the nearest bin.
    /// </summary>
    /// <param name="a">The data.</param>
    /// <param name="bins">Number of bins (≥ 1).</param>
    /// <param name="range">Lower and upper range of the bins; null uses the data's min and max.</param>
    /// <param name="settings">Parallelism (thread-local counts are summed: exact).</param>
    /// <returns>The counts (int64, length <paramref name="bins"/>) and the bin edges (float64, length bins + 1).</returns>
    /// <exception cref="ArgumentException"><paramref name="bins"/> is not positive; the range is not finite or min &gt; max (NumPy's messages); the range's width overflows float64 (NumPy returns NaN and inf edges with every value in the first bin, or fails with an IndexError).</exception>
    public static (NdArray<long> Counts, NdArray<double> Edges) Histogram<T>(NdArray<T> a, int bins = 10, (double Min, double Max)? range = null, ExecutionSettings? settings = null)
        where T : unmanaged => HistogramKernel.Uniform(a, bins, range, settings);

    /// <summary>
    /// Counts of the elements of <paramref name="a"/> (flattened) in the bins given by <paramref name="edges"/>
    /// (non-decreasing), as <c>np.histogram(a, bins=edges)</c>: half-open bins except the last, closed; values
    /// outside and NaN are not counted. Repeated edges make empty bins, as in NumPy, and fewer than two edges make no
    /// bins (empty counts).
    /// </summary>
    /// <param name="a">The data.</param>
    /// <param name="edges">Bin edges, non-decreasing (NaN is rejected).</param>
    /// <param name="settings">Parallelism (thread-local counts are summed: exact).</param>
    /// <returns>The counts (length <c>edges.Length - 1</c>) and a copy of the edges.</returns>
    /// <exception cref="ArgumentException">Edges that decrease (NumPy's message) or are NaN.</exception>
    public static (NdArray<long> Counts, NdArray<double> Edges) Histogram<T>(NdArray<T> a, double[] edges, ExecutionSettings? settings = null)
        where T : unmanaged => HistogramKernel.WithEdges(a, edges, settings);
}
