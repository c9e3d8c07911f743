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
    /// The <paramref name="q"/>-quantile along <paramref name="axis"/> (null: all elements), exact (selected from the
    /// data, not estimated), as <c>np.quantile(a, q, axis, method=...)</c> in NumPy 1.24 including its
    /// interpolation arithmetic. A slice containing NaN gives NaN. Linear and Midpoint give float64 for every input
    /// type (float32 and float16 included, as NumPy); Lower, Higher and Nearest keep the input type. The input is
    /// never modified. When the reduction leaves one slice of at least 16,384 elements (every call with
    /// <paramref name="axis"/> null), the selection reads the input in place (a non-C-contiguous input is copied
    /// once) and spreads its passes over the threads of <paramref name="settings"/>; the result does not depend on
    /// the thread count. Of equal values -0.0 counts as below 0.0 (NumPy leaves their order unspecified).
    /// </summary>
    /// <param name="a">The input.</param>
    /// <param name="q">The quantile, in [0, 1].</param>
    /// <param name="axis">The axis (null: all elements).</param>
    /// <param name="method">The interpolation method.</param>
    /// <param name="keepdims">Keep the reduced axis as length 1.</param>
    /// <param name="settings">Parallelism: over the slices, or within one long slice.</param>
    /// <returns>An array of the reduced shape (0-d for all elements without <paramref name="keepdims"/>).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="q"/> is outside [0, 1] or NaN; or <paramref name="method"/> is not a defined <see cref="QuantileMethod"/>.</exception>
    /// <exception cref="ArgumentException">The reduced length is 0 (NumPy raises too), or Linear/Midpoint of a bool array (NumPy's message).</exception>
    /// <exception cref="AxisOutOfRangeException"><paramref name="axis"/> is outside <c>[-ndim, ndim)</c>.</exception>
    public static NdArray Quantile<T>(NdArray<T> a, double q, int? axis = null, QuantileMethod method = QuantileMethod.Linear, bool keepdims = false, ExecutionSettings? settings = null)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(a);
        CheckQuantiles([q], 1, "Quantiles", nameof(q));
        return QuantileKernel.Quantiles(a, [q], scalarQ: true, axis, method, keepdims, settings);
    }

    /// <summary>
    /// Several quantiles at once, as <c>np.quantile(a, [q0, q1, ...], axis, method=...)</c>: the result has shape
    /// <c>(q.Length,) + </c> the shape <see cref="Quantile{T}(NdArray{T}, double, int?, QuantileMethod, bool, ExecutionSettings?)"/>
    /// gives, and entry <c>[j, ...]</c> equals that call with <c>q[j]</c>, bit for bit. Each slice is selected once for
    /// all the quantiles (not once per quantile); a whole-array call on a C-contiguous input reads it in place, with
    /// no copy, in one parallel pass in the usual case (see <see cref="Quantile{T}(NdArray{T}, double, int?, QuantileMethod, bool, ExecutionSettings?)"/>).
    /// </summary>
    /// <param name="a">The input.</param>
    /// <param name="q">The quantiles, each in [0, 1], in any order (repeats allowed; empty gives an empty result).</param>
    /// <param name="axis">The axis (null: all elements).</param>
    /// <param name="method">The interpolation method.</param>
    /// <param name="keepdims">Keep the reduced axis as length 1.</param>
    /// <param name="settings">Parallelism: over the slices, or within one long slice.</param>
    /// <returns>An array of shape <c>(q.Length,) + reduced shape</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A quantile is outside [0, 1] or NaN (the message names it and its index); or <paramref name="method"/> is not a defined <see cref="QuantileMethod"/>.</exception>
    /// <exception cref="ArgumentException">The reduced length is 0, or Linear/Midpoint of a bool array.</exception>
    /// <exception cref="AxisOutOfRangeException"><paramref name="axis"/> is outside <c>[-ndim, ndim)</c>.</exception>
    public static NdArray Quantile<T>(NdArray<T> a, double[] q, int? axis = null, QuantileMethod method = QuantileMethod.Linear, bool keepdims = false, ExecutionSettings? settings = null)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(q);
        CheckQuantiles(q, 1, "Quantiles", nameof(q));
        return QuantileKernel.Quantiles(a, (double[])q.Clone(), scalarQ: false, axis, method, keepdims, settings);
    }

    /// <summary>The <paramref name="q"/>-th percentile: <see cref="Quantile{T}(NdArray{T}, double, int?, QuantileMethod, bool, ExecutionSettings?)"/> of <c>q / 100</c>, as <c>np.percentile</c>.</summary>
    /// <param name="a">The input.</param>
    /// <param name="q">The percentile, in [0, 100].</param>
    /// <param name="axis">The axis (null: all elements).</param>
    /// <param name="method">The interpolation method.</param>
    /// <param name="keepdims">Keep the reduced axis as length 1.</param>
    /// <param name="settings">Parallelism: over the slices, or within one long slice.</param>
    /// <returns>An array of the reduced shape (0-d for all elements without <paramref name="keepdims"/>).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="q"/> is outside [0, 100] or NaN; or <paramref name="method"/> is not a defined <see cref="QuantileMethod"/>.</exception>
    /// <exception cref="ArgumentException">The reduced length is 0, or Linear/Midpoint of a bool array.</exception>
    /// <exception cref="AxisOutOfRangeException"><paramref name="axis"/> is outside <c>[-ndim, ndim)</c>.</exception>
    public static NdArray Percentile<T>(NdArray<T> a, double q, int? axis = null, QuantileMethod method = QuantileMethod.Linear, bool keepdims = false, ExecutionSettings? settings = null)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(a);
        CheckQuantiles([q], 100, "Percentiles", nameof(q));
        return QuantileKernel.Quantiles(a, [q / 100], scalarQ: true, axis, method, keepdims, settings);
    }

    /// <summary>
    /// Several percentiles at once, as <c>np.percentile(a, [p0, p1, ...], axis, method=...)</c>: shape
    /// <c>(q.Length,) + reduced shape</c>, one selection pass per slice (see
    /// <see cref="Quantile{T}(NdArray{T}, double[], int?, QuantileMethod, bool, ExecutionSettings?)"/>).
    /// </summary>
    /// <param name="a">The input.</param>
    /// <param name="q">The percentiles, each in [0, 100].</param>
    /// <param name="axis">The axis (null: all elements).</param>
    /// <param name="method">The interpolation method.</param>
    /// <param name="keepdims">Keep the reduced axis as length 1.</param>
    /// <param name="settings">Parallelism: over the slices, or within one long slice.</param>
    /// <returns>An array of shape <c>(q.Length,) + reduced shape</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A percentile is outside [0, 100] or NaN (the message names it and its index); or <paramref name="method"/> is not a defined <see cref="QuantileMethod"/>.</exception>
    /// <exception cref="ArgumentException">The reduced length is 0, or Linear/Midpoint of a bool array.</exception>
    /// <exception cref="AxisOutOfRangeException"><paramref name="axis"/> is outside <c>[-ndim, ndim)</c>.</exception>
    public static NdArray Percentile<T>(NdArray<T> a, double[] q, int? axis = null, QuantileMethod method = QuantileMethod.Linear, bool keepdims = false, ExecutionSettings? settings = null)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(q);
        CheckQuantiles(q, 100, "Percentiles", nameof(q));
        return QuantileKernel.Quantiles(a, Array.ConvertAll(q, v => v / 100), scalarQ: false, axis, method, keepdims, settings);
    }

    /// <summary>NumPy's range check (<c>Quantiles must be in the range [0, 1]</c>), naming the offending value.</summary>
    private static void CheckQuantiles(double[] q, double max, string what, string paramName)
    {
        for (int i = 0; i < q.Length; i++)
        {
            if (!(q[i] >= 0 && q[i] <= max))
            {
                string at = q.Length == 1 ? string.Empty : $" at index {i}";
                ThrowHelper.ThrowArgumentOutOfRange(paramName, q[i], $"{what} must be in the range [0, {max}], got {q[i].ToString(System.Globalization.CultureInfo.InvariantCulture)}{at}");
            }
        }
    }

    /// <summary>
    /// The median along <paramref name="axis"/> (null: all elements), as <c>np.median</c>: the middle element, or
    /// the mean of the two middle elements; NaN when the slice has NaN or is empty. Integers give float64. Selected
    /// exactly like <see cref="Quantile{T}(NdArray{T}, double, int?, QuantileMethod, bool, ExecutionSettings?)"/>
    /// (a long whole-array median reads the input in place, in parallel).
    /// </summary>
    /// <param name="a">The input.</param>
    /// <param name="axis">The axis (null: all elements).</param>
    /// <param name="keepdims">Keep the reduced axis as length 1.</param>
    /// <param name="settings">Parallelism: over the slices, or within one long slice.</param>
    /// <exception cref="AxisOutOfRangeException"><paramref name="axis"/> is outside <c>[-ndim, ndim)</c>.</exception>
    public static NdArray Median<T>(NdArray<T> a, int? axis = null, bool keepdims = false, ExecutionSettings? settings = null)
        where T : unmanaged => QuantileKernel.Median(a, axis, keepdims, settings);
}
