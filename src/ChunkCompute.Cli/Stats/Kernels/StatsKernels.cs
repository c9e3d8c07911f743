using ChunkCompute.Execution;
using ChunkCompute.Execution.Processes;

namespace ChunkCompute.Cli.Stats.Kernels;

/// <summary>
/// Pass 1 of <c>chunkcompute stats</c> for one chunk: count, NaN count, sum, mean, M2, min and max, all from the
/// library's reductions (run sequentially inside the chunk: the executor parallelises over chunks). Public with a
/// parameterless constructor so a <see cref="ProcessPool"/> worker can load it by type name.
/// </summary>
/// <typeparam name="T">The file's element type; chunks of other types are analysed in float64.</typeparam>
/// <remarks>Worker processes load only non-generic kernel types: use the closed subclasses (<see cref="StatsKernels.Moments{T}"/>).</remarks>
public abstract class MomentsKernel<T> : IChunkReduction<T, ChunkMoments>
    where T : unmanaged
{
    /// <inheritdoc/>
    public ChunkMoments Reduce(NdArray<T> chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        if (typeof(T) != typeof(double))
        {
            // Statistics are computed in float64 whatever the file's dtype (a float32 sum in float32 loses digits).
            using NdArray<double> asDouble = chunk.AsType<double>();
            return new MomentsKernelFloat64().Reduce(asDouble);
        }

        var one = ExecutionSettings.Sequential;
        var values = (NdArray<double>)(NdArray)chunk;
        long count = values.Size;
        long nan;
        using (NdArray<bool> isNaN = NdArray.IsNaN(values, settings: one))
        {
            nan = isNaN.CountNonzero(one);
        }

        long valid = count - nan;
        if (valid == 0)
        {
            return ChunkMoments.Empty with { Count = count };
        }

        double sum = values.NanSum(one);
        double variance = values.NanVar(settings: one);
        double min = values.NanMin(one), mean = sum / valid;
        double shift = 0, shiftedMean = mean;
        if (!(mean * mean <= variance * 1e8))
        {
            // |mean| > 1e4·std (or the mean overflowed): the rounded mean would lose the digits the combine needs.
            // Measure it from the minimum instead, over the shifted values (one more pass, only for such data).
            using NdArray<double> shifted = NdArray.Subtract(values, min, settings: one);
            shift = min;
            shiftedMean = shifted.NanMean(settings: one);
        }

        return new ChunkMoments(count, valid, sum, shift, shiftedMean, variance * valid, min, values.NanMax(one));
    }
}

/// <summary>
/// Pass 2 of <c>chunkcompute stats</c> for one chunk: the library's <c>Histogram</c> with fixed bins over the global
/// [<see cref="Min"/>, <see cref="Max"/>], so chunk counts add up exactly to <c>np.histogram(a, bins, range)</c>.
/// Its parameters travel to worker processes as JSON (public init properties).
/// </summary>
/// <typeparam name="T">The file's element type (binned in float64).</typeparam>
/// <remarks>Worker processes load only non-generic kernel types: use the closed subclasses (<see cref="StatsKernels.Histogram{T}"/>).</remarks>
public abstract class HistogramKernel<T> : IChunkReduction<T, HistogramCounts>
    where T : unmanaged
{
    /// <summary>Number of bins (1..<see cref="HistogramCounts.Capacity"/>).</summary>
    public int Bins { get; init; }

    /// <summary>Lower edge of the first bin.</summary>
    public double Min { get; init; }

    /// <summary>Upper edge of the last bin (closed).</summary>
    public double Max { get; init; }

    /// <inheritdoc/>
    public HistogramCounts Reduce(NdArray<T> chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        if (typeof(T) != typeof(double))
        {
            using NdArray<double> asDouble = chunk.AsType<double>();
            return new HistogramKernelFloat64 { Bins = Bins, Min = Min, Max = Max }.Reduce(asDouble);
        }

        (NdArray<long> counts, NdArray<double> edges) = NdArray.Histogram((NdArray<double>)(NdArray)chunk, Bins, (Min, Max), ExecutionSettings.Sequential);
        using (counts)
        using (edges)
        {
            var result = default(HistogramCounts);
            counts.AsReadOnlySpan().CopyTo(result);
            return result;
        }
    }
}

/// <summary>The closed, non-generic stats kernels per dtype (what a worker process can load by name).</summary>
public static class StatsKernels
{
    /// <summary>The pass-1 kernel for element type <typeparamref name="T"/>.</summary>
    public static MomentsKernel<T> Moments<T>()
        where T : unmanaged => (MomentsKernel<T>)(object)(typeof(T) switch
        {
            var x when x == typeof(double) => new MomentsKernelFloat64(),
            var x when x == typeof(float) => new MomentsKernelFloat32(),
            var x when x == typeof(Half) => new MomentsKernelFloat16(),
            var x when x == typeof(long) => new MomentsKernelInt64(),
            var x when x == typeof(int) => new MomentsKernelInt32(),
            var x when x == typeof(short) => new MomentsKernelInt16(),
            var x when x == typeof(sbyte) => new MomentsKernelInt8(),
            var x when x == typeof(ulong) => new MomentsKernelUInt64(),
            var x when x == typeof(uint) => new MomentsKernelUInt32(),
            var x when x == typeof(ushort) => new MomentsKernelUInt16(),
            var x when x == typeof(byte) => new MomentsKernelUInt8(),
            _ => throw new NotSupportedException($"stats does not support element type {typeof(T).Name}"),
        });

    /// <summary>The pass-2 kernel for element type <typeparamref name="T"/> with its bins and range.</summary>
    public static HistogramKernel<T> Histogram<T>(int bins, double min, double max)
        where T : unmanaged => (HistogramKernel<T>)(object)(typeof(T) switch
        {
            var x when x == typeof(double) => new HistogramKernelFloat64 { Bins = bins, Min = min, Max = max },
            var x when x == typeof(float) => new HistogramKernelFloat32 { Bins = bins, Min = min, Max = max },
            var x when x == typeof(Half) => new HistogramKernelFloat16 { Bins = bins, Min = min, Max = max },
            var x when x == typeof(long) => new HistogramKernelInt64 { Bins = bins, Min = min, Max = max },
            var x when x == typeof(int) => new HistogramKernelInt32 { Bins = bins, Min = min, Max = max },
            var x when x == typeof(short) => new HistogramKernelInt16 { Bins = bins, Min = min, Max = max },
            var x when x == typeof(sbyte) => new HistogramKernelInt8 { Bins = bins, Min = min, Max = max },
            var x when x == typeof(ulong) => new HistogramKernelUInt64 { Bins = bins, Min = min, Max = max },
            var x when x == typeof(uint) => new HistogramKernelUInt32 { Bins = bins, Min = min, Max = max },
            var x when x == typeof(ushort) => new HistogramKernelUInt16 { Bins = bins, Min = min, Max = max },
            var x when x == typeof(byte) => new HistogramKernelUInt8 { Bins = bins, Min = min, Max = max },
            _ => throw new NotSupportedException($"stats does not support element type {typeof(T).Name}"),
        });
}

/// <summary>Pass-1 stats kernel for float64 files.</summary>
public sealed class MomentsKernelFloat64 : MomentsKernel<double>;

/// <summary>Pass-2 (histogram) stats kernel for float64 files.</summary>
public sealed class HistogramKernelFloat64 : HistogramKernel<double>;

/// <summary>Pass-1 stats kernel for float32 files.</summary>
public sealed class MomentsKernelFloat32 : MomentsKernel<float>;

/// <summary>Pass-2 (histogram) stats kernel for float32 files.</summary>
public sealed class HistogramKernelFloat32 : HistogramKernel<float>;

/// <summary>Pass-1 stats kernel for float16 files.</summary>
public sealed class MomentsKernelFloat16 : MomentsKernel<Half>;

/// <summary>Pass-2 (histogram) stats kernel for float16 files.</summary>
public sealed class HistogramKernelFloat16 : HistogramKernel<Half>;

/// <summary>Pass-1 stats kernel for int64 files.</summary>
public sealed class MomentsKernelInt64 : MomentsKernel<long>;

/// <summary>Pass-2 (histogram) stats kernel for int64 files.</summary>
public sealed class HistogramKernelInt64 : HistogramKernel<long>;

/// <summary>Pass-1 stats kernel for int32 files.</summary>
public sealed class MomentsKernelInt32 : MomentsKernel<int>;

/// <summary>Pass-2 (histogram) stats kernel for int32 files.</summary>
public sealed class HistogramKernelInt32 : HistogramKernel<int>;

/// <summary>Pass-1 stats kernel for int16 files.</summary>
public sealed class MomentsKernelInt16 : MomentsKernel<short>;

/// <summary>Pass-2 (histogram) stats kernel for int16 files.</summary>
public sealed class HistogramKernelInt16 : HistogramKernel<short>;

/// <summary>Pass-1 stats kernel for int8 files.</summary>
public sealed class MomentsKernelInt8 : MomentsKernel<sbyte>;

/// <summary>Pass-2 (histogram) stats kernel for int8 files.</summary>
public sealed class HistogramKernelInt8 : HistogramKernel<sbyte>;

/// <summary>Pass-1 stats kernel for uint64 files.</summary>
public sealed class MomentsKernelUInt64 : MomentsKernel<ulong>;

/// <summary>Pass-2 (histogram) stats kernel for uint64 files.</summary>
public sealed class HistogramKernelUInt64 : HistogramKernel<ulong>;

/// <summary>Pass-1 stats kernel for uint32 files.</summary>
public sealed class MomentsKernelUInt32 : MomentsKernel<uint>;

/// <summary>Pass-2 (histogram) stats kernel for uint32 files.</summary>
public sealed class HistogramKernelUInt32 : HistogramKernel<uint>;

/// <summary>Pass-1 stats kernel for uint16 files.</summary>
public sealed class MomentsKernelUInt16 : MomentsKernel<ushort>;

/// <summary>Pass-2 (histogram) stats kernel for uint16 files.</summary>
public sealed class HistogramKernelUInt16 : HistogramKernel<ushort>;

/// <summary>Pass-1 stats kernel for uint8 files.</summary>
public sealed class MomentsKernelUInt8 : MomentsKernel<byte>;

/// <summary>Pass-2 (histogram) stats kernel for uint8 files.</summary>
public sealed class HistogramKernelUInt8 : HistogramKernel<byte>;
