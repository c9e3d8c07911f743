using System.Globalization;
using ChunkCompute.Cli.Commands;
using ChunkCompute.Cli.Stats.Kernels;
using ChunkCompute.Execution;
using ChunkCompute.Execution.Processes;

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
/// Percentiles need the whole array and come from one library <c>Percentile(a, levels)</c> call on all of it. Every dtype is analysed in float64
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

        var work = new ComputeFunc(array, options, cancellationToken);
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

    private sealed class ComputeFunc(NdArray array, StatsOptions options, CancellationToken cancellationToken)
        : ITypedFunc<(StatsResult? Whole, List<StatsResult>? Slices)>
    {
        public (StatsResult? Whole, List<StatsResult>? Slices) Invoke<T>() where T : unmanaged
        {
            var typed = (NdArray<T>)array;
            using ExecutorHandle executor = Executors.Create(options);
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
    internal static StatsResult Compute<T>(NdArray<T> a, StatsOptions options, ExecutorHandle executor, string? label, CancellationToken cancellationToken)
        where T : unmanaged
    {
        var mapOptions = new MapOptions { Executor = executor.Executor, CancellationToken = cancellationToken, BatchSize = 1 };

        // Pass 1: moments, extrema, NaN count; partials combined in the fixed tree order of the chunk indices.
        ChunkMoments total = Moments(a, options.Chunks, executor, cancellationToken);

        // Pass 2: histogram over the global range (only when there is a finite value and the range's width is finite:
        // [-1e308, 1e308] has no float64 width, and np.histogram fails there too); integer counts add exactly.
        long[]? counts = null;
        double[]? edges = null;
        if (total.Valid > 0 && double.IsFinite(total.Max - total.Min))
        {
            var kernel = StatsKernels.Histogram<T>(options.Bins, total.Min, total.Max);
            counts = new long[options.Bins];
            foreach (HistogramCounts chunkCounts in Map(executor, kernel, a, options.Chunks, mapOptions))
            {
                ReadOnlySpan<long> c = chunkCounts;
                for (int i = 0; i < counts.Length; i++)
                {
                    counts[i] += c[i];
                }
            }

            using var empty = NdArray.Empty<double>(0);
            (NdArray<long> zeroCounts, NdArray<double> edgeArray) = NdArray.Histogram(empty, options.Bins, (total.Min, total.Max));
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

    /// <summary>Pass 1 alone (also benchmarked by the harness): per-chunk moments on the executor, tree-combined in chunk order.</summary>
    internal static ChunkMoments Moments<T>(NdArray<T> a, int chunks, ExecutorHandle executor, CancellationToken cancellationToken)
        where T : unmanaged
    {
        var mapOptions = new MapOptions { Executor = executor.Executor, CancellationToken = cancellationToken, BatchSize = 1 };
        ChunkMoments[] partials = Map(executor, StatsKernels.Moments<T>(), a, chunks, mapOptions);
        return ParallelMapExtensions.TreeCombine<ChunkMoments>(partials, ChunkMoments.Combine);
    }

    /// <summary>Runs a chunk kernel: in worker processes through the pool (data shared by memory map), else via <c>ParallelMap</c>.</summary>
    private static TResult[] Map<T, TResult>(ExecutorHandle executor, IChunkReduction<T, TResult> kernel, NdArray<T> a, int chunks, MapOptions options)
        where T : unmanaged
        where TResult : unmanaged =>
        executor.Pool is { } pool
            ? pool.Map(kernel, a, chunks, options)
            : a.ArraySplit(chunks).ParallelMap(kernel.Reduce, options);

    /// <summary>
    /// NaN-ignoring percentiles (as <c>np.nanpercentile</c>, linear method) of all <see cref="StatsCommand.PercentileLevels"/>
    /// from one library <c>Percentile(a, levels)</c> call: an exact parallel selection that reads a C-contiguous
    /// float64 array in place (a mapped file is not copied). Other dtypes and strided slices are converted to float64
    /// once, and with NaNs present the non-NaN values are copied out first. Null when every value is NaN, with
    /// <c>--percentiles off</c>, and with <c>auto</c> when a needed copy would not fit in memory (<c>on</c> throws then).
    /// </summary>
    private static SortedDictionary<string, double>? Percentiles<T>(NdArray<T> a, long valid, StatsOptions options, CancellationToken cancellationToken)
        where T : unmanaged
    {
        if (valid == 0 || options.PercentileMode == "off")
        {
            return null;
        }

        bool converts = typeof(T) != typeof(double) || !a.IsCContiguous;
        long copyBytes = ((converts ? a.Size : 0) + (valid < a.Size ? valid : 0)) * sizeof(double);
        if (copyBytes > 0 && !FitsInMemory(copyBytes))
        {
            return options.PercentileMode == "on"
                ? throw new CliException($"--percentiles on: the float64 copy of the array ({a.Size:N0} elements) that exact percentiles need does not fit in memory")
                : null;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var settings = options.Mode == "sequential" ? ExecutionSettings.Sequential : new ExecutionSettings(options.Workers);
        NdArray<double>? converted = converts ? a.AsType<double>() : null;
        NdArray<double> values = converted ?? (NdArray<double>)(NdArray)a;
        NdArray<double>? nonNaN = null;
        try
        {
            if (valid < a.Size)
            {
                nonNaN = WithoutNaN(values, valid);
                values = nonNaN;
            }

            using var p = (NdArray<double>)NdArray.Percentile(values, StatsCommand.PercentileLevels, settings: settings);
            double[] levels = p.ToArray();
            var result = new SortedDictionary<string, double>(StringComparer.Ordinal);
            for (int i = 0; i < levels.Length; i++)
            {
                result[StatsCommand.PercentileLevels[i].ToString(CultureInfo.InvariantCulture)] = levels[i];
            }

            return result;
        }
        finally
        {
            nonNaN?.Dispose();
            converted?.Dispose();
        }
    }

    /// <summary>The <paramref name="valid"/> non-NaN values of the C-contiguous <paramref name="values"/>, in order.</summary>
    private static NdArray<double> WithoutNaN(NdArray<double> values, long valid)
    {
        var result = NdArray.Empty<double>(valid);
        if (values.Size <= int.MaxValue)
        {
            Span<double> to = result.AsSpan();
            int w = 0;
            foreach (double x in values.AsReadOnlySpan())
            {
                if (!double.IsNaN(x))
                {
                    to[w++] = x;
                }
            }

            return result;
        }

        // Beyond a span's reach (2^31 elements): element by element.
        long at = 0;
        for (long i = 0; i < values.Size; i++)
        {
            double x = values[i];
            if (!double.IsNaN(x))
            {
                result[at++] = x;
            }
        }

        return result;
    }

    private static bool FitsInMemory(long bytes) => bytes < GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 2;
}
