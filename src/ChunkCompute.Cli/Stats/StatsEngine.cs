using System.Globalization;
using ChunkCompute.Cli.Commands;
using ChunkCompute.Execution;

namespace ChunkCompute.Cli.Stats;

/// <summary>
/// Computes <see cref="StatsReport"/>s as a map-reduce over <c>np.array_split(a, chunks)</c>, the pattern the project
/// exists for: every per-chunk number comes from the library's reductions (<c>NanSum</c>, <c>NanVar</c>,
/// <c>NanMin</c>, <c>NanMax</c>, <c>CountNonzero</c>, <c>Histogram</c>), the chunks run on the chosen executor
/// (sequential, threads, or worker processes sharing the memory-mapped file), and the partials are combined by the
/// library's <c>MapReduce</c>/<c>TreeCombine</c> in a fixed tree order — so for a given <c>--chunks</c> every mode and
/// worker count prints the same bits.
/// </summary>
/// <remarks>
/// Two passes: (1) count, NaN count, sum, min, max and the chunk's variance (combined with the parallel-variance
/// rule of Chan, Golub and LeVeque: <c>M2 = M2a + M2b + δ²·na·nb/n</c>); (2) the histogram over the global
/// [min, max], whose per-chunk counts add exactly to <c>np.histogram(a, bins, range=(min, max))</c>.
/// Percentiles need the whole array and come from the library on all of it. Every dtype is analysed in float64
/// (each chunk is converted with <c>AsType&lt;double&gt;</c>), like <c>np.asarray(a, np.float64)</c>.
/// </remarks>
internal static class StatsEngine
{
    /// <summary>Default chunk count: fixed (not the worker count) so every mode gives the same bits.</summary>
    public const int DefaultChunks = 8;

    /// <summary>Computes the report of <paramref name="array"/> (opened from <paramref name="path"/>).</summary>
    public static async Task<StatsReport> ComputeAsync(string path, NdArray array, StatsOptions options, CancellationToken cancellationToken)
    {
        if (options.Axis is { } axis && (array.NDim != 2 || axis is < -2 or > 1))
        {
            throw new CliException(array.NDim != 2
                ? $"--axis needs a 2-D array; {Path.GetFileName(path)} has shape {array.Shape} (ndim {array.NDim})"
                : $"--axis {axis} is out of range for a 2-D array (use 0 or 1)");
        }

        var work = new ComputeFunc(path, array, options, cancellationToken);
        var (whole, slices) = await Task.Run(() => DTypeDispatch.Invoke(array.DType, work), cancellationToken).ConfigureAwait(false);
        return new StatsReport
        {
            File = path,
            DType = array.DType.Name,
            Shape = array.Shape.ToArray(),
            Axis = options.Axis,
            Mode = options.Mode,
            Workers = options.Mode == "sequential" ? 1 : options.Workers,
            Chunks = options.Chunks,
            Stats = whole,
            Slices = slices,
            Bytes = array.NBytes,
        };
    }

    private sealed class ComputeFunc(string path, NdArray array, StatsOptions options, CancellationToken cancellationToken)
        : ITypedFunc<(StatsResult? Whole, List<StatsResult>? Slices)>
    {
        public (StatsResult? Whole, List<StatsResult>? Slices) Invoke<T>() where T : unmanaged
        {
            var typed = (NdArray<T>)array;
            using var handle = Executors.Create(options, path);
            IChunkExecutor executor = handle.Executor;
            if (options.Axis is not { } axis)
            {
                return (Compute(typed.NDim == 1 ? typed : typed.Reshape(typed.Size), options, executor, null, cancellationToken), null);
            }

            // Reduce along `axis`: one result per index of the other axis, each over a strided 1-D view.
            int along = axis < 0 ? axis + 2 : axis;
            int other = 1 - along;
            var results = new List<StatsResult>();
            for (long j = 0; j < typed.Shape[other]; j++)
            {
                NdArray<T> line = other == 1 ? typed[Slice.All, Slice.Index(j)] : typed[Slice.Index(j), Slice.All];
                string label = other == 1 ? $"[:, {j}]" : $"[{j}, :]";
                results.Add(Compute(line, options, executor, label, cancellationToken));
            }

            return (null, results);
        }
    }

    /// <summary>Statistics of one 1-D array (possibly strided).</summary>
    internal static StatsResult Compute<T>(NdArray<T> a, StatsOptions options, IChunkExecutor executor, string? label, CancellationToken cancellationToken)
        where T : unmanaged
    {
        var mapOptions = new MapOptions { Executor = executor, CancellationToken = cancellationToken, BatchSize = 1 };
        NdArray<T>[] chunks = a.ArraySplit(options.Chunks);

        // Pass 1: moments, extrema, NaN count.
        Moments total = chunks.MapReduce(Moments.Empty, Moments.Of, Moments.Combine, mapOptions);

        // Pass 2: histogram over the global range (only when there is a finite value).
        long[]? counts = null;
        double[]? edges = null;
        if (total.Valid > 0 && double.IsFinite(total.Min) && double.IsFinite(total.Max))
        {
            var range = (total.Min, total.Max);
            long[][] perChunk = chunks.ParallelMap(c => HistogramCounts(c, options.Bins, range), mapOptions);
            counts = new long[options.Bins];
            foreach (long[] c in perChunk)
            {
                for (int i = 0; i < counts.Length; i++)
                {
                    counts[i] += c[i];
                }
            }

            using var empty = NdArray.Empty<double>(0);
            (NdArray<long> zeroCounts, NdArray<double> edgeArray) = NdArray.Histogram(empty, options.Bins, range);
            using (zeroCounts)
            using (edgeArray)
            {
                edges = edgeArray.ToArray();
            }
        }

        return new StatsResult
        {
            Slice = label,
            Count = total.Count,
            NaNCount = total.Count - total.Valid,
            Sum = total.Sum,
            Mean = total.Valid > 0 ? total.Mean : double.NaN,
            Std = total.Valid > 0 ? Math.Sqrt(total.M2 / total.Valid) : double.NaN,
            Min = total.Valid > 0 ? total.Min : double.NaN,
            Max = total.Valid > 0 ? total.Max : double.NaN,
            Percentiles = Percentiles(a, total.Valid, options, cancellationToken),
            HistogramEdges = edges,
            HistogramCounts = counts,
        };
    }

    private static long[] HistogramCounts<T>(NdArray<T> chunk, int bins, (double Min, double Max) range)
        where T : unmanaged
    {
        if (typeof(T) != typeof(double))
        {
            using NdArray<double> asDouble = chunk.AsType<double>();
            return HistogramCounts(asDouble, bins, range);
        }

        (NdArray<long> counts, NdArray<double> edges) = NdArray.Histogram(chunk, bins, range, ExecutionSettings.Sequential);
        using (counts)
        using (edges)
        {
            return counts.ToArray();
        }
    }

    /// <summary>
    /// NaN-ignoring percentiles (as <c>np.nanpercentile</c>, linear method) from the library's <c>Percentile</c> over the
    /// whole array; with NaNs present, over the non-NaN prefix of the library's <c>Sort</c> (NaN sorts last).
    /// Null when every value is NaN, or when the array is too large to copy into memory (percentiles need a copy).
    /// </summary>
    private static SortedDictionary<string, double>? Percentiles<T>(NdArray<T> a, long valid, StatsOptions options, CancellationToken cancellationToken)
        where T : unmanaged
    {
        if (valid == 0 || !FitsInMemory(a.Size * sizeof(double) * 2L))
        {
            return null;
        }

        var settings = options.Mode == "sequential" ? ExecutionSettings.Sequential : new ExecutionSettings(options.Workers);
        NdArray<double>? converted = typeof(T) == typeof(double) ? null : a.AsType<double>();
        NdArray<double> values = converted ?? (NdArray<double>)(NdArray)a;
        NdArray<double>? sorted = null;
        try
        {
            if (valid < a.Size)
            {
                sorted = NdArray.Sort(values, axis: -1, stable: false, settings);
                values = sorted[Slice.Range(0, valid)];
            }

            var result = new SortedDictionary<string, double>(StringComparer.Ordinal);
            foreach (double q in StatsCommand.PercentileLevels)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using NdArray p = NdArray.Percentile(values, q, settings: settings);
                using NdArray<double> d = p.AsType<double>();
                result[q.ToString(CultureInfo.InvariantCulture)] = d.ToArray()[0];
            }

            return result;
        }
        finally
        {
            sorted?.Dispose();
            converted?.Dispose();
        }
    }

    private static bool FitsInMemory(long bytes) => bytes < GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 2;

    /// <summary>Partial results of pass 1 for a run of elements: the reduce state of the map-reduce.</summary>
    internal readonly record struct Moments(long Count, long Valid, double Sum, double Mean, double M2, double Min, double Max)
    {
        public static Moments Empty => new(0, 0, 0, 0, 0, double.PositiveInfinity, double.NegativeInfinity);

        /// <summary>Per-chunk numbers, all from the library's reductions (sequential inside a chunk: the executor parallelises over chunks).</summary>
        public static Moments Of<T>(NdArray<T> chunk)
            where T : unmanaged
        {
            if (typeof(T) != typeof(double))
            {
                // Statistics are computed in float64 whatever the file's dtype (a float32 sum in float32 loses digits).
                using NdArray<double> asDouble = chunk.AsType<double>();
                return Of(asDouble);
            }

            var one = ExecutionSettings.Sequential;
            long count = chunk.Size;
            long valid = count - NaNCount(chunk, one);
            if (valid == 0)
            {
                return Empty with { Count = count };
            }

            double sum = chunk.NanSum(one);
            double variance = chunk.NanVar(settings: one);
            return new Moments(count, valid, sum, sum / valid, variance * valid, ToDouble(chunk.NanMin(one)), ToDouble(chunk.NanMax(one)));
        }

        /// <summary>Chan–Golub–LeVeque pairwise combination (associative up to rounding; applied in a fixed tree order).</summary>
        public static Moments Combine(Moments a, Moments b)
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
            double delta = b.Mean - a.Mean;
            double m2 = a.M2 + b.M2 + (delta * delta * ((double)a.Valid * b.Valid / n));
            return new Moments(a.Count + b.Count, n, sum, sum / n, m2, Math.Min(a.Min, b.Min), Math.Max(a.Max, b.Max));
        }
    }

    private static long NaNCount<T>(NdArray<T> chunk, ExecutionSettings settings)
        where T : unmanaged
    {
        if (!DType.Of<T>().IsFloatingPoint)
        {
            return 0;
        }

        using NdArray<bool> isNaN = NdArray.IsNaN(chunk);
        return isNaN.CountNonzero(settings);
    }

    /// <summary>An element as double (the statistics are reported in float64, as NumPy's mean/std are).</summary>
    internal static double ToDouble<T>(T value)
        where T : unmanaged => value switch
        {
            double d => d,
            float f => f,
            Half h => (double)h,
            long l => l,
            int i => i,
            short s => s,
            sbyte sb => sb,
            ulong ul => ul,
            uint ui => ui,
            ushort us => us,
            byte b => b,
            bool flag => flag ? 1 : 0,
            _ => Convert.ToDouble(value, CultureInfo.InvariantCulture),
        };
}
