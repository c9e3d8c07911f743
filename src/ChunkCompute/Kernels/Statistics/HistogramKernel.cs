using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using ChunkCompute.Execution;

namespace ChunkCompute.Kernels;

/// <summary>
/// Histogram front end: validation with NumPy's messages, the bin edges (NumPy's <c>linspace</c>), the auto-range
/// min/max pass, and the step driver that feeds blocks to a binner (<see cref="UniformBinner"/> for equal bins,
/// <see cref="EdgesBinner"/> for explicit edges) and sums per-step counters.
/// </summary>
internal static class HistogramKernel
{
    /// <summary>Elements per block: the block, its indices and a pair table stay in L1 (48 KiB here) together.</summary>
    private const int Block = 1024;

    /// <summary>
    /// Input size from which the counting pass prefetches. Measured on this machine (2 threads, Histogram(a, 100),
    /// paired runs, bench/README.md): prefetching cost 6-14% up to 4M float64 (32 MB, still cached after the
    /// min/max pass) and gained from 8M (64 MB: 5-8% median) up (50M: about 10%); the threshold sits between.
    /// </summary>
    internal const long PrefetchMinBytes = 48L << 20;

    /// <summary>Most bins: the bins + 1 edges must fit one .NET array.</summary>
    internal const int MaxBins = 0x7FFFFFC7 - 1; // Array.MaxLength - 1

    public static (NdArray<long>, NdArray<double>) Uniform<T>(NdArray<T> a, int bins, (double Min, double Max)? range, ExecutionSettings? settings)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(a);
        using var src = new ContiguousInput<T>(a);
        return UniformContiguous(src.Value, bins, range, settings);
    }

    public static (NdArray<long>, NdArray<double>) WithEdges<T>(NdArray<T> a, double[] edges, ExecutionSettings? settings)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(edges);
        using var src = new ContiguousInput<T>(a);
        return WithEdgesContiguous(src.Value, edges, settings);
    }

    /// <summary><c>np.histogram(a, bins, range)</c> on a C-contiguous array.</summary>
    private static (NdArray<long>, NdArray<double>) UniformContiguous<T>(NdArray<T> a, int bins, (double Min, double Max)? range, ExecutionSettings? settings)
        where T : unmanaged
    {
        if (bins < 1)
        {
            ThrowHelper.ThrowArgument($"`bins` must be positive, when an integer (got {bins})", nameof(bins));
        }

        if (bins > MaxBins)
        {
            ThrowHelper.ThrowArgument($"`bins` = {bins} is too many: at most {MaxBins} (the edges are one array of bins + 1 float64)", nameof(bins));
        }

        _ = a.DangerousGetReferenceForRead(); // a deferred input is computed here, once, not inside a worker
        double first, last, span;
        bool typed = false; // first and last are NumPy scalars of the data's float type (its own min and max)
        bool equalLimits; // NumPy compares the limits in their own type: int64 2^63 - 2 and 2^63 - 1 differ, their float64 images do not
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
            equalLimits = first == last;
        }
        else if (a.Size == 0)
        {
            first = 0;
            last = 1;
            span = 1;
            equalLimits = false;
        }
        else
        {
            var mm = MinMax(a, settings);
            first = ScalarCast.ToDouble(mm.Min);
            last = ScalarCast.ToDouble(mm.Max);
            if (!double.IsFinite(first) || !double.IsFinite(last))
            {
                ThrowHelper.ThrowArgument($"autodetected range of [{Fmt(first)}, {Fmt(last)}] is not finite", nameof(a));
            }

            typed = ScalarCast.IsFloat<T>();

            // NumPy subtracts integer limits as unsigned integers (exact), floats as floats.
            span = ScalarCast.IsFloat<T>() ? last - first : (double)unchecked((ulong)(ScalarCast.ToInt64(mm.Max) - ScalarCast.ToInt64(mm.Min)));
            if (ReductionTypes.IsUnsignedInteger<T>())
            {
                span = ScalarCast.ToUInt64(mm.Max) - ScalarCast.ToUInt64(mm.Min);
            }

            equalLimits = ScalarCast.IsFloat<T>() ? first == last : EqualityComparer<T>.Default.Equals(mm.Min, mm.Max);
        }

        if (equalLimits)
        {
            // NumPy: np.float32(v) - 0.5 is a float64 scalar, so the widened range is float64 whatever the data.
            first -= 0.5;
            last += 0.5;
            span = last - first;
            typed = false;
        }

        if (double.IsInfinity(span))
        {
            // NumPy's edges come out NaN and inf here (with overflow warnings): it puts every value in the first bin,
            // or fails with an IndexError when a value's index overflows. Neither is a histogram: say so instead.
            ThrowHelper.ThrowArgument($"the range [{Fmt(first)}, {Fmt(last)}] is too wide: its width overflows float64", range is null ? nameof(a) : nameof(range));
        }

        // np.linspace(first, last, bins + 1): y = i * step; y += start; y[-1] = stop.
        var edges = new double[bins + 1];
        double step = (last - first) / bins;
        for (int i = 0; i < edges.Length; i++)
        {
            edges[i] = step == 0 ? (i / (double)bins * (last - first)) + first : (i * step) + first;
        }

        edges[bins] = last;
        if (typeof(T) == typeof(float) || typeof(T) == typeof(Half))
        {
            return (ReductionKernels.Make(NarrowUniform(a, first, last, step, edges, typed, settings), [bins]), ReductionKernels.Make(edges, [edges.Length]));
        }

        double norm = bins / span;

        // A width that is zero after the ±0.5 widening (|min| ≥ 2^53) or so small that bins / width overflows
        // (subnormal ranges) leaves no usable scale: NumPy's index arithmetic turns NaN there and fails with an
        // IndexError. Counting against the edges themselves gives the counts those edges define.
        var counts = double.IsFinite(norm) && span > 0
            ? Count(a, UniformBinner.Create(first, last, norm, step, edges, Streams(a), inRange: range is null && ScalarCast.IsFloat<T>()), settings)
            : Count(a, new EdgesBinner(edges), settings);
        return (ReductionKernels.Make(counts, [bins]), ReductionKernels.Make(edges, [edges.Length]));
    }

    /// <summary>
    /// Equal bins over float32 or float16 data in NumPy's types (see <see cref="NarrowFloatBinner"/>): the bin type B is
    /// the data's type with its own min and max (<paramref name="typed"/>), else NumPy's value-based promotion of the
    /// data's type with the range bounds (float64 scalars: <c>min_scalar_type</c>). <paramref name="edges"/> (float64
    /// <c>linspace</c>) are rounded to B in place, as NumPy's <c>linspace(..., dtype=B)</c>.
    /// </summary>
    private static long[] NarrowUniform<T>(NdArray<T> a, double first, double last, double step, double[] edges, bool typed, ExecutionSettings? settings)
        where T : unmanaged
    {
        int bins = edges.Length - 1;
        int dataBits = typeof(T) == typeof(float) ? 32 : 16;
        int lowBits = typed ? dataBits : Math.Max(dataBits, ScalarBits(first));
        int highBits = typed ? dataBits : Math.Max(dataBits, ScalarBits(last));
        int binBits = Math.Max(lowBits, highBits);
        for (int i = 0; i < edges.Length; i++)
        {
            edges[i] = NarrowFloatBinner.Cast(edges[i], binBits);
        }

        // typed: norm = bins / B(max - min), the subtraction in B and the division in float64 (int / np.float32 is float64).
        double span = typed ? NarrowFloatBinner.Round(last - first, binBits) : last - first;
        double norm = bins / span;
        int productBits = Math.Max(binBits, ScalarBits(norm));
        double normW = NarrowFloatBinner.Cast(norm, productBits);
        if (!(span > 0 && double.IsFinite(norm) && normW > 0 && double.IsFinite(normW)))
        {
            // NumPy's index arithmetic breaks down (a span that overflows B, a norm that rounds to 0 or inf): count
            // against the edges, as for float64 data without a usable scale.
            return Count(a, new EdgesBinner(edges), settings);
        }

        var binner = new NarrowFloatBinner(NarrowFloatBinner.Cast(first, lowBits), NarrowFloatBinner.Cast(last, highBits), first, NarrowFloatBinner.Cast(first, binBits), last, norm, step, edges, binBits, normW, productBits, inRange: typed);
        return Count(a, binner, settings);
    }

    /// <summary>NumPy 1.24's <c>min_scalar_type</c> of a float64 scalar, in bits (16, 32 or 64).</summary>
    private static int ScalarBits(double v) => TypePromotion.MinScalarFloatType(v).ItemSize * 8;

    /// <summary><c>np.histogram(a, bins=edges)</c> on a C-contiguous array.</summary>
    private static (NdArray<long>, NdArray<double>) WithEdgesContiguous<T>(NdArray<T> a, double[] edges, ExecutionSettings? settings)
        where T : unmanaged
    {
        if (edges.Length < 2)
        {
            // NumPy: no bin between fewer than two edges, so empty counts (np.histogram(a, bins=[1]) -> [], [1]).
            return (ReductionKernels.Make(Array.Empty<long>(), [0]), ReductionKernels.Make((double[])edges.Clone(), [edges.Length]));
        }

        for (int i = 0; i < edges.Length; i++)
        {
            if (double.IsNaN(edges[i]))
            {
                // NumPy lets NaN edges through its monotonicity test and then bins against them; a NaN edge defines no bin.
                ThrowHelper.ThrowArgument($"`bins` must not contain NaN (edge {i} is nan)", nameof(edges));
            }
        }

        for (int i = 1; i < edges.Length; i++)
        {
            if (!(edges[i] >= edges[i - 1]))
            {
                ThrowHelper.ThrowArgument($"`bins` must increase monotonically, when an array (edge {i} = {Fmt(edges[i])} < edge {i - 1} = {Fmt(edges[i - 1])})", nameof(edges));
            }
        }

        _ = a.DangerousGetReferenceForRead(); // a deferred input is computed here, once, not inside a worker
        var e = (double[])edges.Clone();
        var counts = AsUniform(e, Streams(a)) is { } uniform ? Count(a, uniform, settings) : Count(a, new EdgesBinner(e), settings);
        return (ReductionKernels.Make(counts, [counts.Length]), ReductionKernels.Make(e, [e.Length]));
    }

    private static string Fmt(double d) => double.IsNaN(d) ? "nan" : double.IsPositiveInfinity(d) ? "inf" : double.IsNegativeInfinity(d) ? "-inf" : d.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Explicit edges that are bit for bit <c>linspace(e[0], e[^1], n)</c> and well conditioned go to the
    /// uniform kernel: when its fast-path bound holds, every computed index is within one of the true bin and the
    /// correction makes it exact, so its counts equal the sorted search's (NumPy's definition for explicit edges).
    /// </summary>
    private static UniformBinner? AsUniform(double[] edges, bool prefetch)
    {
        int bins = edges.Length - 1;
        double first = edges[0], last = edges[bins];
        if (!(first < last) || !double.IsFinite(last - first))
        {
            return null;
        }

        double step = (last - first) / bins;
        for (int i = 0; i < bins; i++)
        {
            if (edges[i] != (i * step) + first)
            {
                return null;
            }
        }

        var u = UniformBinner.Create(first, last, bins / (last - first), step, edges, prefetch, inRange: false);
        return u.Vectorized && u.Tolerance < 1 ? u : null;
    }

    /// <summary>
    /// Whether the counting pass streams <paramref name="a"/> from memory, so the binner should prefetch: float64
    /// input (other types are converted block by block into a buffer in L1) of at least
    /// <see cref="PrefetchMinBytes"/>.
    /// </summary>
    private static bool Streams<T>(NdArray<T> a)
        where T : unmanaged => PrefetchOverride ?? (typeof(T) == typeof(double) && a.Size >= PrefetchMinBytes / sizeof(double));

    /// <summary>
    /// Benchmarks only (<c>ReductionBenchmarks.Histogram100_PrefetchOff/On</c>, the bench's
    /// <c>--paired-histogram-prefetch</c>): forces the prefetch on or off for every call in the process; null (always,
    /// outside those benchmarks) decides by <see cref="Streams"/>' size rule.
    /// </summary>
    internal static bool? PrefetchOverride { get; set; }

    /// <summary>Auto range: min and max in one pass, over the same steps the counting pass uses (see <see cref="Count"/>).</summary>
    private static (T Min, T Max) MinMax<T>(NdArray<T> a, ExecutionSettings? settings)
        where T : unmanaged
    {
        var plan = new StepPlan(a.Size, settings);
        var parts = new (T Min, T Max)[plan.Steps];
        ParallelRange.For(plan.Steps, new MinMaxAction<T>(a, plan, parts), plan.Settings);
        var r = parts[0];
        for (int i = 1; i < parts.Length; i++)
        {
            r = (MinMaxKernel.Min(r.Min, parts[i].Min), MinMaxKernel.Max(r.Max, parts[i].Max));
        }

        return r;
    }

    /// <summary>
    /// Counts of every element of <paramref name="a"/> by <paramref name="binner"/>: each step owns a contiguous
    /// range of <see cref="Block"/>-element blocks and its own counters (summed at the end: exact, so the thread
    /// count does not matter). Blocks are visited in memory order: visiting them last to first (so that the end of
    /// each range, left in the last-level cache by the min/max pass, would be binned first) defeated the hardware
    /// prefetcher and ran 2-3x slower; last to first by 2 MiB super-blocks gained nothing measurable.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long[] Count<T, TB>(NdArray<T> a, TB binner, ExecutionSettings? settings)
        where T : unmanaged
        where TB : struct, IHistogramBinner
    {
        int bins = binner.Bins;
        var total = new long[bins];
        if (a.Size == 0)
        {
            return total;
        }

        var plan = new StepPlan(a.Size, settings);
        var perStep = new long[plan.Steps][];
        ParallelRange.For(plan.Steps, new CountAction<T, TB>(a, binner, plan, perStep), plan.Settings);
        foreach (var part in perStep)
        {
            for (int i = 0; i < bins; i++)
            {
                total[i] += part[i];
            }
        }

        return total;
    }

    /// <summary>The partition both passes use: <c>Steps</c> contiguous ranges of whole blocks (the last block may be short).</summary>
    private readonly struct StepPlan
    {
        public StepPlan(long n, ExecutionSettings? settings)
        {
            Length = n;
            Blocks = ((n - 1) / Block) + 1;
            // Each step owns a counter table and buffers (about 60 KiB): no more steps than blocks, nor than are useful.
            Steps = (int)Math.Min(Math.Min(ExecutionSettings.Resolve(settings).StepCount(n), Blocks), ExecutionSettings.MaxUsefulSteps);
            Settings = new ExecutionSettings(Math.Max(Steps, 1)) { MinimumElementsPerTask = 1 };
        }

        public long Length { get; }

        public long Blocks { get; }

        public int Steps { get; }

        public ExecutionSettings Settings { get; }

        public (long Start, long End) Elements(long step) =>
            (Blocks * step / Steps * Block, Math.Min(Blocks * (step + 1) / Steps * Block, Length));
    }

    private readonly struct MinMaxAction<T>(NdArray<T> a, StepPlan plan, (T Min, T Max)[] parts) : IRangeAction
        where T : unmanaged
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Invoke(long start, long end)
        {
            ref T b = ref a.DangerousGetReferenceForRead();
            for (long step = start; step < end; step++)
            {
                var (s, e) = plan.Elements(step);
                var r = MinMaxKernel.MinMax(MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref b, (nint)s), (int)Math.Min(e - s, int.MaxValue)));
                for (long o = s + int.MaxValue; o < e; o += int.MaxValue)
                {
                    var more = MinMaxKernel.MinMax(MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref b, (nint)o), (int)Math.Min(e - o, int.MaxValue)));
                    r = (MinMaxKernel.Min(r.Min, more.Min), MinMaxKernel.Max(r.Max, more.Max));
                }

                parts[step] = r;
            }
        }
    }

    private readonly struct CountAction<T, TB>(NdArray<T> a, TB binner, StepPlan plan, long[][] perStep) : IRangeAction
        where T : unmanaged
        where TB : struct, IHistogramBinner
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Invoke(long start, long end)
        {
            for (long step = start; step < end; step++)
            {
                perStep[step] = CountStep(step);
            }
        }

        // Runs once per step, so tiering would only ever reach it through on-stack replacement, whose code keeps
        // the locals in the tier-0 frame and ran the loop 2-3x slower: compile it optimized from the start.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private long[] CountStep(long step)
        {
            ref T b = ref a.DangerousGetReferenceForRead();
            var counts = new long[binner.Bins + 1];
            var table = new uint[binner.TableLength];
            int perBlock = Block / BinCounting.Chunk * binner.IndicesPerChunk;
            var current = GC.AllocateUninitializedArray<int>(perBlock);
            var previous = GC.AllocateUninitializedArray<int>(perBlock);
            var converted = typeof(T) == typeof(double) ? null : GC.AllocateUninitializedArray<double>(Block);
            bool havePrevious = false;
            long inTable = 0;
            var local = binner;

            // float32 data binned in float32 lanes: whole blocks go to the binner as they are, without the conversion.
            bool singles = typeof(T) == typeof(float) && typeof(TB) == typeof(NarrowFloatBinner) && Unsafe.As<TB, NarrowFloatBinner>(ref local).TakesSingles;
            var (s, e) = plan.Elements(step);
            for (long off = s; off < e; off += Block)
            {
                int len = (int)Math.Min(Block, e - off);
                if (singles && len == Block)
                {
                    var fs = MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<T, float>(ref Unsafe.Add(ref b, (nint)off)), len);
                    Unsafe.As<TB, NarrowFloatBinner>(ref local).BinAndCountSingles(fs, current, havePrevious ? previous : ReadOnlySpan<int>.Empty, table);
                    (current, previous) = (previous, current);
                    havePrevious = true;
                }
                else
                {
                    ReadOnlySpan<double> xs;
                    if (typeof(T) == typeof(double))
                    {
                        xs = MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<T, double>(ref Unsafe.Add(ref b, (nint)off)), len);
                    }
                    else
                    {
                        ToDoubleBlock.Convert(MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref b, (nint)off), len), converted);
                        xs = converted.AsSpan(0, len);
                    }

                    if (len == Block)
                    {
                        // Bin this block while counting the one before (software pipelining: vector and scalar work overlap).
                        binner.BinAndCount(xs, current, havePrevious ? previous : ReadOnlySpan<int>.Empty, table);
                        (current, previous) = (previous, current);
                        havePrevious = true;
                    }
                    else
                    {
                        // The array's short last block: bin and count it apart (the pipeline's buffer `current` is free), then the few leftovers.
                        int whole = len / BinCounting.Chunk * BinCounting.Chunk;
                        var idx = current.AsSpan(0, whole / BinCounting.Chunk * binner.IndicesPerChunk);
                        binner.BinAndCount(xs[..whole], idx, ReadOnlySpan<int>.Empty, table);
                        BinCounting.Count(idx, table);
                        for (int i = whole; i < len; i++)
                        {
                            counts[binner.Bin(xs[i])]++;
                        }
                    }
                }

                // uint counters: fold before any could wrap (after 2^32 - 3 blocks of increments).
                inTable += len;
                if (inTable > uint.MaxValue - (3L * Block))
                {
                    binner.Fold(table, counts);
                    Array.Clear(table);
                    inTable = 0;
                }
            }

            if (havePrevious)
            {
                BinCounting.Count(previous, table);
            }

            binner.Fold(table, counts);
            return counts;
        }
    }
}
