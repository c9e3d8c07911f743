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
    /// subtracted as unsigned integers (exact), float limits as floats. Float32 and float16 data go through
    /// <see cref="Narrow{T}"/> (NumPy bins them in their own type).
    /// </summary>
    public static (long[] Counts, double[] Edges) Auto<T>(T[] data, int bins)
        where T : INumber<T>
    {
        if (typeof(T) == typeof(float))
        {
            return Narrow((float[])(object)data, bins, null);
        }

        if (typeof(T) == typeof(Half))
        {
            return Narrow((Half[])(object)data, bins, null);
        }

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
    /// The equal-bins branch for float32 or float16 data, in NumPy's types, with C#'s <see cref="float"/> and
    /// <see cref="Half"/> arithmetic (Half's operators compute in float and round, as NumPy's half loops): the bin type
    /// B is the data's type when the range is the data's own min and max, else
    /// <c>result_type(first, last, a)</c> under NumPy 1.24's value-based casting (a float64 scalar below 65000 in
    /// magnitude is float16, below 3.4e38 float32); the range test compares in the type each bound gives; edges are
    /// the float64 <c>linspace</c> cast to B; <c>f = B(x - B(first)) * norm</c> in B, or in a wider type W when
    /// <c>norm</c> needs it. Where NumPy's index falls outside the bins (it raises), the index is clamped, as the
    /// library documents; where no scale is usable the values are counted against the edges.
    /// </summary>
    public static (long[] Counts, double[] Edges) Narrow<T>(T[] data, int bins, (double Min, double Max)? range)
        where T : struct, IFloatingPointIeee754<T>
    {
        int dataBits = typeof(T) == typeof(float) ? 32 : 16;
        var x = data.Select(double.CreateTruncating).ToArray();
        double first, last;
        bool typed = false;
        if (range is { } r)
        {
            (first, last) = r;
        }
        else if (data.Length == 0)
        {
            (first, last) = (0, 1);
        }
        else
        {
            (first, last) = (double.CreateTruncating(data.Min()), double.CreateTruncating(data.Max()));
            typed = true;
        }

        if (first == last)
        {
            (first, last, typed) = (first - 0.5, last + 0.5, false);
        }

        int lowBits = typed ? dataBits : Math.Max(dataBits, ScalarBits(first));
        int highBits = typed ? dataBits : Math.Max(dataBits, ScalarBits(last));
        int b = Math.Max(lowBits, highBits);
        var e = Linspace(first, last, bins).Select(v => Cast(v, b)).ToArray();
        double span = typed ? Op(last, first, b, (p, q) => p - q, (p, q) => p - q, (p, q) => p - q) : last - first;
        double norm = bins / span;
        int w = Math.Max(b, ScalarBits(norm));
        double normW = Cast(norm, w);
        if (!(span > 0 && double.IsFinite(norm) && normW > 0 && double.IsFinite(normW)))
        {
            return (Edges(x, e), e);
        }

        double low = Cast(first, lowBits), high = Cast(last, highBits), firstB = Cast(first, b);
        var counts = new long[bins];
        foreach (double v in x)
        {
            if (!(v >= low && v <= high))
            {
                continue;
            }

            double d = Op(v, firstB, b, (p, q) => p - q, (p, q) => p - q, (p, q) => p - q);
            double f = Op(d, normW, w, (p, q) => p * q, (p, q) => p * q, (p, q) => p * q);
            long i = f >= bins ? bins - 1 : f > 0 ? (long)f : 0;
            if (v < e[i])
            {
                i--;
            }

            if (i != bins - 1 && v >= e[i + 1])
            {
                i++;
            }

            counts[Math.Clamp(i, 0, bins - 1)]++;
        }

        return (counts, e);
    }

    private static int ScalarBits(double v) => (v > -65000 && v < 65000) || !double.IsFinite(v) ? 16 : v > -3.4e38 && v < 3.4e38 ? 32 : 64;

    private static double Cast(double v, int bits) => bits == 32 ? (float)v : bits == 16 ? (double)(Half)v : v;

    /// <summary>One binary operation in the float type of <paramref name="bits"/> bits (operands already of that type).</summary>
    private static double Op(double p, double q, int bits, Func<Half, Half, Half> half, Func<float, float, float> single, Func<double, double, double> dbl) => bits switch
    {
        16 => (double)half((Half)p, (Half)q),
        32 => single((float)p, (float)q),
        _ => dbl(p, q),
    };

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
