using ChunkCompute.Execution;
using ChunkCompute.Kernels;

namespace ChunkCompute;

/// <summary>How a quantile between two order statistics is chosen (NumPy's <c>method</c> argument).</summary>
public enum QuantileMethod
{
    /// <summary>Linear interpolation between the neighbouring order statistics (NumPy's default).</summary>
    Linear,

    /// <summary>The lower order statistic, <c>sorted[floor((n-1) q)]</c>.</summary>
    Lower,

    /// <summary>The higher order statistic, <c>sorted[ceil((n-1) q)]</c>.</summary>
    Higher,

    /// <summary>The nearest order statistic, <c>sorted[round_half_even((n-1) q)]</c>.</summary>
    Nearest,

    /// <summary>The mean of the lower and higher order statistics.</summary>
    Midpoint,
}

// Quantile, Percentile, Median.
public abstract partial class NdArray
{
    /// <summary>
    /// The <paramref name="q"/>-quantile along <paramref name="axis"/> (null: all elements), exact (from sorted
    /// data), as <c>np.quantile(a, q, axis, method=...)</c> in NumPy 1.24 including its interpolation arithmetic.
    /// A slice containing NaN gives NaN. Linear and Midpoint give float64 for integer input; Lower, Higher and
    /// Nearest keep the input type.
    /// </summary>
    /// <param name="a">The input.</param>
    /// <param name="q">The quantile, in [0, 1].</param>
    /// <param name="axis">The axis (null: all elements).</param>
    /// <param name="method">The interpolation method.</param>
    /// <param name="keepdims">Keep the reduced axis as length 1.</param>
    /// <param name="settings">Parallelism over independent slices.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="q"/> is outside [0, 1].</exception>
    /// <exception cref="ArgumentException">The reduction is empty.</exception>
    /// <exception cref="AxisOutOfRangeException"><paramref name="axis"/> is outside <c>[-ndim, ndim)</c>.</exception>
    public static NdArray Quantile<T>(NdArray<T> a, double q, int? axis = null, QuantileMethod method = QuantileMethod.Linear, bool keepdims = false, ExecutionSettings? settings = null)
        where T : unmanaged
    {
        if (!(q >= 0 && q <= 1))
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(q), q, $"Quantiles must be in the range [0, 1], got {q}");
        }

        return QuantileKernel.Quantile(a, q, axis, method, keepdims, settings);
    }

    /// <summary>The <paramref name="q"/>-th percentile: <see cref="Quantile"/> of <c>q / 100</c>, as <c>np.percentile</c>.</summary>
    /// <param name="a">The input.</param>
    /// <param name="q">The percentile, in [0, 100].</param>
    /// <param name="axis">The axis (null: all elements).</param>
    /// <param name="method">The interpolation method.</param>
    /// <param name="keepdims">Keep the reduced axis as length 1.</param>
    /// <param name="settings">Parallelism over independent slices.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="q"/> is outside [0, 100].</exception>
    /// <exception cref="ArgumentException">The reduction is empty.</exception>
    public static NdArray Percentile<T>(NdArray<T> a, double q, int? axis = null, QuantileMethod method = QuantileMethod.Linear, bool keepdims = false, ExecutionSettings? settings = null)
        where T : unmanaged
    {
        if (!(q >= 0 && q <= 100))
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(q), q, $"Percentiles must be in the range [0, 100], got {q}");
        }

        return QuantileKernel.Quantile(a, q / 100, axis, method, keepdims, settings);
    }

    /// <summary>
    /// The median along <paramref name="axis"/> (null: all elements), as <c>np.median</c>: the middle element, or
    /// the mean of the two middle elements; NaN when the slice has NaN or is empty. Integers give float64.
    /// </summary>
    /// <param name="a">The input.</param>
    /// <param name="axis">The axis (null: all elements).</param>
    /// <param name="keepdims">Keep the reduced axis as length 1.</param>
    /// <param name="settings">Parallelism over independent slices.</param>
    /// <exception cref="AxisOutOfRangeException"><paramref name="axis"/> is outside <c>[-ndim, ndim)</c>.</exception>
    public static NdArray Median<T>(NdArray<T> a, int? axis = null, bool keepdims = false, ExecutionSettings? settings = null)
        where T : unmanaged => QuantileKernel.Median(a, axis, keepdims, settings);
}
