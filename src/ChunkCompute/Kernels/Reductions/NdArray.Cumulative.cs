using ChunkCompute.Execution;
using ChunkCompute.Kernels;

namespace ChunkCompute;

// CumSum and CumProd.
public abstract partial class NdArray
{
    /// <summary>
    /// Running sums along <paramref name="axis"/> (null: over the flattened array), as <c>np.cumsum</c>: left to
    /// right in the result type (float64 and float32 add in their own precision, exactly as NumPy; signed
    /// integers and bool in int64, unsigned in uint64, wrapping).
    /// </summary>
    /// <param name="a">The input.</param>
    /// <param name="axis">The axis (null: flattened).</param>
    /// <param name="settings">Parallelism over independent slices.</param>
    /// <exception cref="AxisOutOfRangeException"><paramref name="axis"/> is outside <c>[-ndim, ndim)</c>.</exception>
    public static NdArray CumSum<T>(NdArray<T> a, int? axis = null, ExecutionSettings? settings = null)
        where T : unmanaged => CumulativeKernel.Scan(a, axis, product: false, settings);

    /// <summary>Running products along <paramref name="axis"/> (null: flattened), as <c>np.cumprod</c> (same types as <see cref="CumSum"/>).</summary>
    /// <param name="a">The input.</param>
    /// <param name="axis">The axis (null: flattened).</param>
    /// <param name="settings">Parallelism over independent slices.</param>
    /// <exception cref="AxisOutOfRangeException"><paramref name="axis"/> is outside <c>[-ndim, ndim)</c>.</exception>
    public static NdArray CumProd<T>(NdArray<T> a, int? axis = null, ExecutionSettings? settings = null)
        where T : unmanaged => CumulativeKernel.Scan(a, axis, product: true, settings);
}
