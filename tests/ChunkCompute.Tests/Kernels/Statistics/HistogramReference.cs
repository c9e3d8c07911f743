using System.Numerics;

namespace ChunkCompute.Tests.Kernels.Statistics;

/// <summary>
/// NumPy 1.24's <c>np.histogram</c> written out plainly (numpy/lib/histograms.py): one value at a time, no blocks,
/// no vectors, edge table lookups only. The kernel's fast path, pair counting and sorted search must agree with it.
/// </summary>
internal static class HistogramReference
{
    /// <summary><c>np.linspace(first, last, bins + 1)</c>: <c>y = arange * step + start</c>, <c>y[-1] = stop</c> (step 0: <c>y / div * delta</c>).</summary>
    public static double[] Linspace(double first, double last, int bins)
    {
        var y = new double[bins + 1];
        double delta = last - first;
        double step = delta / bins;
        for (int i = 0; i <= bins; i++)
        {
            y[i] = step == 0 ? (i / (double)bins * delta) + first : (i * step) + first;
        }

        y[bins] = last;
        return y;
    }

    /// <summary>
    /// The equal-bins branch: index from <c>(x - first) * norm</c>, then one step down/up against the edge table.
    /// Where the width leaves no finite <c>norm</c> (NumPy fails with an IndexError) the values are counted
    /// against the edges (the library's documented answer).
    /// </summary>
    public static long[] Uniform(IReadOnlyList<double> x, int bins, double first, double last, double span)
    {
        if (first == last)
        {
            first -= 0.5;
            last += 0.5;
            span = last - first;
        }

        var e = Linspace(first, last, bins);
        double norm = bins / span;
        if (!(double.IsFinite(norm) && span > 0))
        {
            return Edges(x, e);
        }
        var counts = new long[bins];
        foreach (double v in x)
        {
            if (!(v >= first && v <= last))
            {
                continue;
            }

            long i = (long)((v - first) * norm);
            if (i == bins)
            {
                i--;
            }

            if (v < e[i])
            {
                i--;
            }

            if (v >= e[i + 1] && i != bins - 1)
            {
                i++;
            }

            counts[i]++;
        }

        return counts;
    }

    /// <summary>
    /// <c>np.histogram(a, bins)</c> with the range from the data: <c>a.min(), a.max()</c>; integer limits are
    /// subtracted as unsigned integers (exact), float limits as floats. Float32 data is widened to float64 first
    /// (the documented difference from NumPy, which bins float32 in float32).
    /// </summary>
    public static (long[] Counts, double[] Edges) Auto<T>(T[] data, int bins)
        where T : INumber<T>
    {
        var x = data.Select(double.CreateTruncating).ToArray();
        if (data.Length == 0)
        {
            return (Uniform(x, bins, 0, 1, 1), Linspace(0, 1, bins));
        }

        T lo = data.Min()!, hi = data.Max()!;
        double first = double.CreateTruncating(lo), last = double.CreateTruncating(hi);
        double span = typeof(T) == typeof(double) || typeof(T) == typeof(float) || typeof(T) == typeof(Half)
            ? last - first
            : (double)(UInt128)(Int128.CreateTruncating(hi) - Int128.CreateTruncating(lo));
        var counts = Uniform(x, bins, first, last, span);
        if (first == last)
        {
            first -= 0.5;
            last += 0.5;
        }

        return (counts, Linspace(first, last, bins));
    }

    /// <summary>
    /// Explicit edges, NumPy's cumulative definition: <c>cum[i] = #(x &lt; e[i])</c> for the inner edges and
    /// <c>#(x &lt;= e[-1])</c> for the last; <c>counts = diff(cum)</c>.
    /// </summary>
    public static long[] Edges(IReadOnlyList<double> x, double[] edges)
    {
        int n = edges.Length;
        var cum = new long[n];
        for (int i = 0; i < n; i++)
        {
            cum[i] = i < n - 1 ? x.Count(v => v < edges[i]) : x.Count(v => v <= edges[i]);
        }

        var counts = new long[n - 1];
        for (int i = 0; i < n - 1; i++)
        {
            counts[i] = cum[i + 1] - cum[i];
        }

        return counts;
    }
}
