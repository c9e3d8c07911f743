using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using ChunkCompute.Execution;

namespace ChunkCompute.Kernels;

/// <summary>Histogram drivers: NumPy's uniform-bin arithmetic (vectorised) and the explicit-edges search.</summary>
internal static class HistogramKernel
{
    private const int Block = 4096;

    public static (NdArray<long>, NdArray<double>) Uniform<T>(NdArray<T> a, int bins, (double Min, double Max)? range, ExecutionSettings? settings)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(a);
        if (bins < 1)
        {
            ThrowHelper.ThrowArgument($"`bins` must be positive, when an integer (got {bins})", nameof(bins));
        }

        double first, last, span;
        if (range is { } r)
        {
            first = r.Min;
            last = r.Max;
            if (first > last)
            {
                ThrowHelper.ThrowArgument("max must be larger than min in range parameter.", nameof(range));
            }

            if (!double.IsFinite(first) || !double.IsFinite(last))
            {
                ThrowHelper.ThrowArgument($"supplied range of [{Fmt(first)}, {Fmt(last)}] is not finite", nameof(range));
            }

            span = last - first;
        }
        else if (a.Size == 0)
        {
            first = 0;
            last = 1;
            span = 1;
        }
        else
        {
            var p = ReductionApi.Plan(a, (int?)null, false);
            var mm = ReductionDriver.Whole<T, (T Min, T Max), MinMaxBlock<T>>(a, p, default, settings);
            first = ScalarCast.ToDouble(mm.Min);
            last = ScalarCast.ToDouble(mm.Max);
            if (!double.IsFinite(first) || !double.IsFinite(last))
            {
                ThrowHelper.ThrowArgument($"autodetected range of [{Fmt(first)}, {Fmt(last)}] is not finite", nameof(a));
            }

            // NumPy subtracts integer limits as unsigned integers (exact), floats as floats.
            span = ScalarCast.IsFloat<T>() ? last - first : (double)unchecked((ulong)(ScalarCast.ToInt64(mm.Max) - ScalarCast.ToInt64(mm.Min)));
            if (ReductionTypes.IsUnsignedInteger<T>())
            {
                span = ScalarCast.ToUInt64(mm.Max) - ScalarCast.ToUInt64(mm.Min);
            }
        }

        if (first == last)
        {
            first -= 0.5;
            last += 0.5;
            span = last - first;
        }

        // np.linspace(first, last, bins + 1): y = i * step; y += start; y[-1] = stop.
        var edges = new double[bins + 1];
        double step = (last - first) / bins;
        for (int i = 0; i < edges.Length; i++)
        {
            edges[i] = step == 0 ? (i / (double)bins * (last - first)) + first : (i * step) + first;
        }

        edges[bins] = last;
        double norm = bins / span;
        var geo = new Geometry(first, last, norm, step, bins);
        var counts = Count(a, new UniformBinner(geo, edges), bins, settings);
        return (ReductionKernels.Make(counts, [bins]), ReductionKernels.Make(edges, [edges.Length]));
    }

    public static (NdArray<long>, NdArray<double>) WithEdges<T>(NdArray<T> a, double[] edges, ExecutionSettings? settings)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(edges);
        if (edges.Length < 2)
        {
            ThrowHelper.ThrowArgument($"`bins` must have at least two edges, got {edges.Length}", nameof(edges));
        }

        for (int i = 1; i < edges.Length; i++)
        {
            if (!(edges[i] >= edges[i - 1]))
            {
                ThrowHelper.ThrowArgument($"`bins` must increase monotonically, when an array (edge {i} = {Fmt(edges[i])} < edge {i - 1} = {Fmt(edges[i - 1])})", nameof(edges));
            }
        }

        var e = (double[])edges.Clone();
        var counts = Count(a, new EdgesBinner(e), e.Length - 1, settings);
        return (ReductionKernels.Make(counts, [counts.Length]), ReductionKernels.Make(e, [e.Length]));
    }

    private static string Fmt(double d) => double.IsNaN(d) ? "nan" : double.IsPositiveInfinity(d) ? "inf" : double.IsNegativeInfinity(d) ? "-inf" : d.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    private interface IBinner
    {
        /// <summary>Adds the bins of <paramref name="xs"/> to <paramref name="counts"/> (slot <c>bins</c> collects values not counted).</summary>
        void Add(ReadOnlySpan<double> xs, Span<long> counts);
    }

    private readonly record struct Geometry(double First, double Last, double Norm, double Step, int Bins);

    /// <summary>NumPy's fast path for equal bins: index = (x - first) * norm, then corrected against the edges.</summary>
    private readonly struct UniformBinner(Geometry g, double[] edges) : IBinner
    {
        public void Add(ReadOnlySpan<double> xs, Span<long> counts)
        {
            int i = 0;
            ref long c = ref MemoryMarshal.GetReference(counts);
            if (Vector512.IsHardwareAccelerated && g.Step != 0)
            {
                var first = Vector512.Create(g.First);
                var lastV = Vector512.Create(g.Last);
                var norm = Vector512.Create(g.Norm);
                var step = Vector512.Create(g.Step);
                var binsL = Vector512.Create((long)g.Bins);
                var one = Vector512<long>.One;
                var lastBin = Vector512.Create((long)g.Bins - 1);
                ref double xr = ref MemoryMarshal.GetReference(xs);
                Span<long> buffer = stackalloc long[8];
                ref long slots = ref MemoryMarshal.GetReference(buffer);
                for (; i + 8 <= xs.Length; i += 8)
                {
                    var x = Vector512.LoadUnsafe(ref xr, (nuint)i);
                    var keep = Vector512.GreaterThanOrEqual(x, first) & Vector512.LessThanOrEqual(x, lastV);
                    var f = (x - first) * norm;
                    var idx = Vector512.ConvertToInt64Native(Vector512.ConditionalSelect(keep, f, Vector512<double>.Zero));
                    idx -= Vector512.Equals(idx, binsL).AsInt64() & one;
                    // Edge e_j = j * step + first (as linspace), with e_bins = last exactly.
                    var lo = (Vector512.ConvertToDouble(idx) * step) + first;
                    idx += Vector512.LessThan(x, lo).AsInt64();             // true lanes are -1
                    var next = idx + one;
                    var hi = Vector512.ConditionalSelect(Vector512.Equals(next, binsL).AsDouble(), lastV, (Vector512.ConvertToDouble(next) * step) + first);
                    var inc = Vector512.GreaterThanOrEqual(x, hi).AsInt64() & ~Vector512.Equals(idx, lastBin);
                    idx -= inc;                                              // true lanes are -1
                    idx = Vector512.ConditionalSelect(keep.AsInt64(), idx, binsL);
                    idx.StoreUnsafe(ref slots);
                    Unsafe.Add(ref c, (nint)slots)++;
                    Unsafe.Add(ref c, (nint)Unsafe.Add(ref slots, 1))++;
                    Unsafe.Add(ref c, (nint)Unsafe.Add(ref slots, 2))++;
                    Unsafe.Add(ref c, (nint)Unsafe.Add(ref slots, 3))++;
                    Unsafe.Add(ref c, (nint)Unsafe.Add(ref slots, 4))++;
                    Unsafe.Add(ref c, (nint)Unsafe.Add(ref slots, 5))++;
                    Unsafe.Add(ref c, (nint)Unsafe.Add(ref slots, 6))++;
                    Unsafe.Add(ref c, (nint)Unsafe.Add(ref slots, 7))++;
                }
            }

            for (; i < xs.Length; i++)
            {
                Unsafe.Add(ref c, ScalarBin(xs[i]))++;
            }
        }

        private int ScalarBin(double x)
        {
            if (!(x >= g.First && x <= g.Last))
            {
                return g.Bins;
            }

            long idx = (long)((x - g.First) * g.Norm);
            if (idx == g.Bins)
            {
                idx--;
            }

            if (x < edges[idx])
            {
                idx--;
            }

            if (x >= edges[idx + 1] && idx != g.Bins - 1)
            {
                idx++;
            }

            return (int)idx;
        }
    }

    /// <summary>Explicit edges: bin = (number of edges ≤ x) − 1, the last edge closing the last bin.</summary>
    private readonly struct EdgesBinner(double[] edges) : IBinner
    {
        public void Add(ReadOnlySpan<double> xs, Span<long> counts)
        {
            int bins = edges.Length - 1;
            double lo = edges[0], hi = edges[^1];
            foreach (double x in xs)
            {
                if (!(x >= lo && x <= hi))
                {
                    counts[bins]++;
                    continue;
                }

                if (x == hi)
                {
                    // Last bin, closed on the right (searchsorted 'right' on the last edge).
                    int k = bins - 1;
                    counts[k]++;
                    continue;
                }

                // upper bound: first edge > x.
                int l = 0, r = edges.Length;
                while (l < r)
                {
                    int m = (l + r) >>> 1;
                    if (edges[m] <= x)
                    {
                        l = m + 1;
                    }
                    else
                    {
                        r = m;
                    }
                }

                counts[l - 1]++;
            }
        }
    }

    private static long[] Count<T, TB>(NdArray<T> a, TB binner, int bins, ExecutionSettings? settings)
        where T : unmanaged
        where TB : struct, IBinner
    {
        long n = a.Size;
        var total = new long[bins];
        if (n == 0)
        {
            return total;
        }

        var src = a.AsContiguous();
        long blocks = ((n - 1) / Block) + 1;
        var s = ExecutionSettings.Resolve(settings);
        int steps = (int)Math.Min(s.StepCount(n), blocks);
        var perStep = new long[steps][];
        ParallelRange.For(steps, new CountAction<T, TB>(src, binner, bins, steps, blocks, perStep), new ExecutionSettings(Math.Max(steps, 1)) { MinimumElementsPerTask = 1 });
        foreach (var part in perStep)
        {
            for (int i = 0; i < bins; i++)
            {
                total[i] += part[i];
            }
        }

        return total;
    }

    private readonly struct CountAction<T, TB>(NdArray<T> a, TB binner, int bins, int steps, long blocks, long[][] perStep) : IRangeAction
        where T : unmanaged
        where TB : struct, IBinner
    {
        public void Invoke(long start, long end)
        {
            long n = a.Size;
            ref T b = ref a.DangerousGetReferenceForRead();
            var buffer = typeof(T) == typeof(double) ? null : new double[Block];
            for (long step = start; step < end; step++)
            {
                var counts = new long[bins + 1];
                long b0 = blocks * step / steps, b1 = blocks * (step + 1) / steps;
                for (long blk = b0; blk < b1; blk++)
                {
                    long off = blk * Block;
                    int len = (int)Math.Min(Block, n - off);
                    ReadOnlySpan<double> xs;
                    if (typeof(T) == typeof(double))
                    {
                        xs = MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<T, double>(ref Unsafe.Add(ref b, (nint)off)), len);
                    }
                    else
                    {
                        for (int i = 0; i < len; i++)
                        {
                            buffer![i] = ScalarCast.ToDouble(Unsafe.Add(ref b, (nint)(off + i)));
                        }

                        xs = buffer.AsSpan(0, len);
                    }

                    binner.Add(xs, counts);
                }

                perStep[step] = counts;
            }
        }
    }

    private readonly struct MinMaxBlock<T> : IBlockReducer<T, (T Min, T Max)>
        where T : unmanaged
    {
        public static (T Min, T Max) Combine((T Min, T Max) left, (T Min, T Max) right) =>
            (MinOperator<T>.Combine(left.Min, right.Min), MaxOperator<T>.Combine(left.Max, right.Max));

        public (T Min, T Max) Block(ref T first, int count, long globalStart)
        {
            var span = MemoryMarshal.CreateReadOnlySpan(ref first, count);
            return (MinOperator<T>.AccumulateSpan(MinOperator<T>.Identity, span, 0), MaxOperator<T>.AccumulateSpan(MaxOperator<T>.Identity, span, 0));
        }
    }
}
