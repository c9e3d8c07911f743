using ChunkCompute.Execution;
using ChunkCompute.Kernels;

namespace ChunkCompute;

// Mean and standard deviation together: one memory pass instead of the two of Mean() then Std().
public abstract partial class NdArray
{
    /// <summary>
    /// Mean and standard deviation in one memory pass over the data (per-block moments, see <c>Var</c>), with the
    /// same bits as <see cref="Mean{T}(NdArray{T}, int?, bool, ExecutionSettings?)"/> and
    /// <see cref="Std{T}(NdArray{T}, int?, int, bool, ExecutionSettings?)"/> separately.
    /// </summary>
    /// <param name="a">The input.</param>
    /// <param name="axis">The axis to reduce, or null for all axes.</param>
    /// <param name="ddof">Delta degrees of freedom of the standard deviation.</param>
    /// <param name="keepdims">Keep reduced axes as length 1.</param>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    /// <exception cref="AxisOutOfRangeException"><paramref name="axis"/> is outside <c>[-ndim, ndim)</c>.</exception>
    public static (NdArray Mean, NdArray Std) MeanStd<T>(NdArray<T> a, int? axis = null, int ddof = 0, bool keepdims = false, ExecutionSettings? settings = null)
        where T : unmanaged
    {
        var p = ReductionApi.Plan(a, axis, keepdims);
        var (mean, std) = ReductionKernels.MeanStdValues(a, p, ddof, settings);
        return (ReductionKernels.FloatResult<T>(mean, p), ReductionKernels.FloatResult<T>(std, p));
    }
}

// Instance form.
public sealed partial class NdArray<T>
{
    /// <summary>Mean and standard deviation of all elements in one memory pass (same bits as <c>Mean()</c> and <c>Std()</c>).</summary>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    /// <param name="ddof">Delta degrees of freedom of the standard deviation.</param>
    public (double Mean, double Std) MeanStd(ExecutionSettings? settings = null, int ddof = 0)
    {
        var (m, s) = NdArray.MeanStd(this, null, ddof, false, settings);
        return (ReductionApi.ScalarAsDouble(m), ReductionApi.ScalarAsDouble(s));
    }
}
