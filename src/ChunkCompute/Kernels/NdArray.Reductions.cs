using ChunkCompute.Execution;
using ChunkCompute.Kernels;

namespace ChunkCompute;

// Reductions and statistics with NumPy semantics (static form: NumPy's result dtype).
public abstract partial class NdArray
{
    /// <summary>Sum of the elements (reproducible bits: see <see cref="ReproducibleSum"/>). Signed integers and bool sum in int64, unsigned in uint64 (wrapping); floats keep their type; the empty sum is 0. As <c>np.sum(a, axis, keepdims=keepdims)</c>.</summary>
    /// <param name="a">The input.</param>
    /// <param name="axis">The axis to reduce (negative counts from the end), or null for all axes.</param>
    /// <param name="keepdims">Keep reduced axes as length 1.</param>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    /// <returns>A new array (0-d when every axis is reduced without <paramref name="keepdims"/>).</returns>
    /// <exception cref="AxisOutOfRangeException">An axis is outside <c>[-ndim, ndim)</c>.</exception>
    /// <exception cref="ArgumentException">An axis is repeated.</exception>
    public static NdArray Sum<T>(NdArray<T> a, int? axis = null, bool keepdims = false, ExecutionSettings? settings = null)
        where T : unmanaged => ReductionKernels.Sum(a, ReductionApi.Plan(a, axis, keepdims), settings);

    /// <summary>Sum of the elements (reproducible bits: see <see cref="ReproducibleSum"/>). Signed integers and bool sum in int64, unsigned in uint64 (wrapping); floats keep their type; the empty sum is 0. Over several axes, as <c>np.sum(a, axis=tuple(axes))</c>.</summary>
    /// <param name="a">The input.</param>
    /// <param name="axes">The axes to reduce (distinct; negative counts from the end).</param>
    /// <param name="keepdims">Keep reduced axes as length 1.</param>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    /// <returns>A new array.</returns>
    /// <exception cref="AxisOutOfRangeException">An axis is outside <c>[-ndim, ndim)</c>.</exception>
    /// <exception cref="ArgumentException">An axis is repeated.</exception>
    public static NdArray Sum<T>(NdArray<T> a, int[] axes, bool keepdims = false, ExecutionSettings? settings = null)
        where T : unmanaged => ReductionKernels.Sum(a, ReductionApi.Plan(a, axes, keepdims), settings);

    /// <summary>Product of the elements (integers in int64/uint64, wrapping; floats accumulated in float64 in a fixed order); the empty product is 1. As <c>np.prod(a, axis, keepdims=keepdims)</c>.</summary>
    /// <param name="a">The input.</param>
    /// <param name="axis">The axis to reduce (negative counts from the end), or null for all axes.</param>
    /// <param name="keepdims">Keep reduced axes as length 1.</param>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    /// <returns>A new array (0-d when every axis is reduced without <paramref name="keepdims"/>).</returns>
    /// <exception cref="AxisOutOfRangeException">An axis is outside <c>[-ndim, ndim)</c>.</exception>
    /// <exception cref="ArgumentException">An axis is repeated.</exception>
    public static NdArray Prod<T>(NdArray<T> a, int? axis = null, bool keepdims = false, ExecutionSettings? settings = null)
        where T : unmanaged => ReductionKernels.Prod(a, ReductionApi.Plan(a, axis, keepdims), settings);

    /// <summary>Product of the elements (integers in int64/uint64, wrapping; floats accumulated in float64 in a fixed order); the empty product is 1. Over several axes, as <c>np.prod(a, axis=tuple(axes))</c>.</summary>
    /// <param name="a">The input.</param>
    /// <param name="axes">The axes to reduce (distinct; negative counts from the end).</param>
    /// <param name="keepdims">Keep reduced axes as length 1.</param>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    /// <returns>A new array.</returns>
    /// <exception cref="AxisOutOfRangeException">An axis is outside <c>[-ndim, ndim)</c>.</exception>
    /// <exception cref="ArgumentException">An axis is repeated.</exception>
    public static NdArray Prod<T>(NdArray<T> a, int[] axes, bool keepdims = false, ExecutionSettings? settings = null)
        where T : unmanaged => ReductionKernels.Prod(a, ReductionApi.Plan(a, axes, keepdims), settings);

    /// <summary>Arithmetic mean (reproducible sum / count); integers give float64; the mean of nothing is NaN. As <c>np.mean(a, axis, keepdims=keepdims)</c>.</summary>
    /// <param name="a">The input.</param>
    /// <param name="axis">The axis to reduce (negative counts from the end), or null for all axes.</param>
    /// <param name="keepdims">Keep reduced axes as length 1.</param>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    /// <returns>A new array (0-d when every axis is reduced without <paramref name="keepdims"/>).</returns>
    /// <exception cref="AxisOutOfRangeException">An axis is outside <c>[-ndim, ndim)</c>.</exception>
    /// <exception cref="ArgumentException">An axis is repeated.</exception>
    public static NdArray Mean<T>(NdArray<T> a, int? axis = null, bool keepdims = false, ExecutionSettings? settings = null)
        where T : unmanaged => ReductionKernels.Mean(a, ReductionApi.Plan(a, axis, keepdims), settings);

    /// <summary>Arithmetic mean (reproducible sum / count); integers give float64; the mean of nothing is NaN. Over several axes, as <c>np.mean(a, axis=tuple(axes))</c>.</summary>
    /// <param name="a">The input.</param>
    /// <param name="axes">The axes to reduce (distinct; negative counts from the end).</param>
    /// <param name="keepdims">Keep reduced axes as length 1.</param>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    /// <returns>A new array.</returns>
    /// <exception cref="AxisOutOfRangeException">An axis is outside <c>[-ndim, ndim)</c>.</exception>
    /// <exception cref="ArgumentException">An axis is repeated.</exception>
    public static NdArray Mean<T>(NdArray<T> a, int[] axes, bool keepdims = false, ExecutionSettings? settings = null)
        where T : unmanaged => ReductionKernels.Mean(a, ReductionApi.Plan(a, axes, keepdims), settings);

    /// <summary>Sum treating NaN as zero (all-NaN or empty gives 0). As <c>np.nansum(a, axis, keepdims=keepdims)</c>.</summary>
    /// <param name="a">The input.</param>
    /// <param name="axis">The axis to reduce (negative counts from the end), or null for all axes.</param>
    /// <param name="keepdims">Keep reduced axes as length 1.</param>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    /// <returns>A new array (0-d when every axis is reduced without <paramref name="keepdims"/>).</returns>
    /// <exception cref="AxisOutOfRangeException">An axis is outside <c>[-ndim, ndim)</c>.</exception>
    /// <exception cref="ArgumentException">An axis is repeated.</exception>
    public static NdArray NanSum<T>(NdArray<T> a, int? axis = null, bool keepdims = false, ExecutionSettings? settings = null)
        where T : unmanaged => ReductionKernels.NanSum(a, ReductionApi.Plan(a, axis, keepdims), settings);

    /// <summary>Sum treating NaN as zero (all-NaN or empty gives 0). Over several axes, as <c>np.nansum(a, axis=tuple(axes))</c>.</summary>
    /// <param name="a">The input.</param>
    /// <param name="axes">The axes to reduce (distinct; negative counts from the end).</param>
    /// <param name="keepdims">Keep reduced axes as length 1.</param>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    /// <returns>A new array.</returns>
    /// <exception cref="AxisOutOfRangeException">An axis is outside <c>[-ndim, ndim)</c>.</exception>
    /// <exception cref="ArgumentException">An axis is repeated.</exception>
    public static NdArray NanSum<T>(NdArray<T> a, int[] axes, bool keepdims = false, ExecutionSettings? settings = null)
        where T : unmanaged => ReductionKernels.NanSum(a, ReductionApi.Plan(a, axes, keepdims), settings);

    /// <summary>Mean of the non-NaN elements (NaN when there are none; NumPy also warns). As <c>np.nanmean(a, axis, keepdims=keepdims)</c>.</summary>
    /// <param name="a">The input.</param>
    /// <param name="axis">The axis to reduce (negative counts from the end), or null for all axes.</param>
    /// <param name="keepdims">Keep reduced axes as length 1.</param>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    /// <returns>A new array (0-d when every axis is reduced without <paramref name="keepdims"/>).</returns>
    /// <exception cref="AxisOutOfRangeException">An axis is outside <c>[-ndim, ndim)</c>.</exception>
    /// <exception cref="ArgumentException">An axis is repeated.</exception>
    public static NdArray NanMean<T>(NdArray<T> a, int? axis = null, bool keepdims = false, ExecutionSettings? settings = null)
        where T : unmanaged => ReductionKernels.NanMean(a, ReductionApi.Plan(a, axis, keepdims), settings);

    /// <summary>Mean of the non-NaN elements (NaN when there are none; NumPy also warns). Over several axes, as <c>np.nanmean(a, axis=tuple(axes))</c>.</summary>
    /// <param name="a">The input.</param>
    /// <param name="axes">The axes to reduce (distinct; negative counts from the end).</param>
    /// <param name="keepdims">Keep reduced axes as length 1.</param>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    /// <returns>A new array.</returns>
    /// <exception cref="AxisOutOfRangeException">An axis is outside <c>[-ndim, ndim)</c>.</exception>
    /// <exception cref="ArgumentException">An axis is repeated.</exception>
    public static NdArray NanMean<T>(NdArray<T> a, int[] axes, bool keepdims = false, ExecutionSettings? settings = null)
        where T : unmanaged => ReductionKernels.NanMean(a, ReductionApi.Plan(a, axes, keepdims), settings);

    /// <summary>Variance in one memory pass (per-block moments combined with Chan's update in a fixed tree; bit-reproducible, two-pass accuracy): the sum of squared deviations divided by <c>max(n - ddof, 0)</c>. As <c>np.var(a, axis, keepdims=keepdims)</c>.</summary>
    /// <param name="a">The input.</param>
    /// <param name="axis">The axis to reduce (negative counts from the end), or null for all axes.</param>
    /// <param name="ddof">Delta degrees of freedom: the divisor is <c>n - ddof</c>.</param>
    /// <param name="keepdims">Keep reduced axes as length 1.</param>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    /// <returns>A new array (0-d when every axis is reduced without <paramref name="keepdims"/>).</returns>
    /// <exception cref="AxisOutOfRangeException">An axis is outside <c>[-ndim, ndim)</c>.</exception>
    /// <exception cref="ArgumentException">An axis is repeated.</exception>
    public static NdArray Var<T>(NdArray<T> a, int? axis = null, int ddof = 0, bool keepdims = false, ExecutionSettings? settings = null)
        where T : unmanaged => ReductionKernels.Var(a, ReductionApi.Plan(a, axis, keepdims), ddof, settings);

    /// <summary>Variance in one memory pass (per-block moments combined with Chan's update in a fixed tree; bit-reproducible, two-pass accuracy): the sum of squared deviations divided by <c>max(n - ddof, 0)</c>. Over several axes, as <c>np.var(a, axis=tuple(axes))</c>.</summary>
    /// <param name="a">The input.</param>
    /// <param name="axes">The axes to reduce (distinct; negative counts from the end).</param>
    /// <param name="ddof">Delta degrees of freedom: the divisor is <c>n - ddof</c>.</param>
    /// <param name="keepdims">Keep reduced axes as length 1.</param>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    /// <returns>A new array.</returns>
    /// <exception cref="AxisOutOfRangeException">An axis is outside <c>[-ndim, ndim)</c>.</exception>
    /// <exception cref="ArgumentException">An axis is repeated.</exception>
    public static NdArray Var<T>(NdArray<T> a, int[] axes, int ddof = 0, bool keepdims = false, ExecutionSettings? settings = null)
        where T : unmanaged => ReductionKernels.Var(a, ReductionApi.Plan(a, axes, keepdims), ddof, settings);

    /// <summary>Standard deviation: the square root of the variance. As <c>np.std(a, axis, keepdims=keepdims)</c>.</summary>
    /// <param name="a">The input.</param>
    /// <param name="axis">The axis to reduce (negative counts from the end), or null for all axes.</param>
    /// <param name="ddof">Delta degrees of freedom: the divisor is <c>n - ddof</c>.</param>
    /// <param name="keepdims">Keep reduced axes as length 1.</param>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    /// <returns>A new array (0-d when every axis is reduced without <paramref name="keepdims"/>).</returns>
    /// <exception cref="AxisOutOfRangeException">An axis is outside <c>[-ndim, ndim)</c>.</exception>
    /// <exception cref="ArgumentException">An axis is repeated.</exception>
    public static NdArray Std<T>(NdArray<T> a, int? axis = null, int ddof = 0, bool keepdims = false, ExecutionSettings? settings = null)
        where T : unmanaged => ReductionKernels.Std(a, ReductionApi.Plan(a, axis, keepdims), ddof, settings);

    /// <summary>Standard deviation: the square root of the variance. Over several axes, as <c>np.std(a, axis=tuple(axes))</c>.</summary>
    /// <param name="a">The input.</param>
    /// <param name="axes">The axes to reduce (distinct; negative counts from the end).</param>
    /// <param name="ddof">Delta degrees of freedom: the divisor is <c>n - ddof</c>.</param>
    /// <param name="keepdims">Keep reduced axes as length 1.</param>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    /// <returns>A new array.</returns>
    /// <exception cref="AxisOutOfRangeException">An axis is outside <c>[-ndim, ndim)</c>.</exception>
    /// <exception cref="ArgumentException">An axis is repeated.</exception>
    public static NdArray Std<T>(NdArray<T> a, int[] axes, int ddof = 0, bool keepdims = false, ExecutionSettings? settings = null)
        where T : unmanaged => ReductionKernels.Std(a, ReductionApi.Plan(a, axes, keepdims), ddof, settings);

    /// <summary>Variance of the non-NaN elements (NaN when there are none). As <c>np.nanvar(a, axis, keepdims=keepdims)</c>.</summary>
    /// <param name="a">The input.</param>
    /// <param name="axis">The axis to reduce (negative counts from the end), or null for all axes.</param>
    /// <param name="ddof">Delta degrees of freedom: the divisor is <c>n - ddof</c>.</param>
    /// <param name="keepdims">Keep reduced axes as length 1.</param>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    /// <returns>A new array (0-d when every axis is reduced without <paramref name="keepdims"/>).</returns>
    /// <exception cref="AxisOutOfRangeException">An axis is outside <c>[-ndim, ndim)</c>.</exception>
    /// <exception cref="ArgumentException">An axis is repeated.</exception>
    public static NdArray NanVar<T>(NdArray<T> a, int? axis = null, int ddof = 0, bool keepdims = false, ExecutionSettings? settings = null)
        where T : unmanaged => ReductionKernels.NanVar(a, ReductionApi.Plan(a, axis, keepdims), ddof, settings);

    /// <summary>Variance of the non-NaN elements (NaN when there are none). Over several axes, as <c>np.nanvar(a, axis=tuple(axes))</c>.</summary>
    /// <param name="a">The input.</param>
    /// <param name="axes">The axes to reduce (distinct; negative counts from the end).</param>
    /// <param name="ddof">Delta degrees of freedom: the divisor is <c>n - ddof</c>.</param>
    /// <param name="keepdims">Keep reduced axes as length 1.</param>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    /// <returns>A new array.</returns>
    /// <exception cref="AxisOutOfRangeException">An axis is outside <c>[-ndim, ndim)</c>.</exception>
    /// <exception cref="ArgumentException">An axis is repeated.</exception>
    public static NdArray NanVar<T>(NdArray<T> a, int[] axes, int ddof = 0, bool keepdims = false, ExecutionSettings? settings = null)
        where T : unmanaged => ReductionKernels.NanVar(a, ReductionApi.Plan(a, axes, keepdims), ddof, settings);

    /// <summary>Standard deviation of the non-NaN elements (NaN when there are none). As <c>np.nanstd(a, axis, keepdims=keepdims)</c>.</summary>
    /// <param name="a">The input.</param>
    /// <param name="axis">The axis to reduce (negative counts from the end), or null for all axes.</param>
    /// <param name="ddof">Delta degrees of freedom: the divisor is <c>n - ddof</c>.</param>
    /// <param name="keepdims">Keep reduced axes as length 1.</param>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    /// <returns>A new array (0-d when every axis is reduced without <paramref name="keepdims"/>).</returns>
    /// <exception cref="AxisOutOfRangeException">An axis is outside <c>[-ndim, ndim)</c>.</exception>
    /// <exception cref="ArgumentException">An axis is repeated.</exception>
    public static NdArray NanStd<T>(NdArray<T> a, int? axis = null, int ddof = 0, bool keepdims = false, ExecutionSettings? settings = null)
        where T : unmanaged => ReductionKernels.NanStd(a, ReductionApi.Plan(a, axis, keepdims), ddof, settings);

    /// <summary>Standard deviation of the non-NaN elements (NaN when there are none). Over several axes, as <c>np.nanstd(a, axis=tuple(axes))</c>.</summary>
    /// <param name="a">The input.</param>
    /// <param name="axes">The axes to reduce (distinct; negative counts from the end).</param>
    /// <param name="ddof">Delta degrees of freedom: the divisor is <c>n - ddof</c>.</param>
    /// <param name="keepdims">Keep reduced axes as length 1.</param>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    /// <returns>A new array.</returns>
    /// <exception cref="AxisOutOfRangeException">An axis is outside <c>[-ndim, ndim)</c>.</exception>
    /// <exception cref="ArgumentException">An axis is repeated.</exception>
    public static NdArray NanStd<T>(NdArray<T> a, int[] axes, int ddof = 0, bool keepdims = false, ExecutionSettings? settings = null)
        where T : unmanaged => ReductionKernels.NanStd(a, ReductionApi.Plan(a, axes, keepdims), ddof, settings);

    /// <summary>Minimum; NaN propagates. Throws for an empty reduction: <c>zero-size array to reduction operation minimum which has no identity</c>. As <c>np.min(a, axis, keepdims=keepdims)</c>.</summary>
    /// <param name="a">The input.</param>
    /// <param name="axis">The axis to reduce (negative counts from the end), or null for all axes.</param>
    /// <param name="keepdims">Keep reduced axes as length 1.</param>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    /// <returns>A new array (0-d when every axis is reduced without <paramref name="keepdims"/>).</returns>
    /// <exception cref="AxisOutOfRangeException">An axis is outside <c>[-ndim, ndim)</c>.</exception>
    /// <exception cref="ArgumentException">An axis is repeated or the reduction is empty.</exception>
    public static NdArray<T> Min<T>(NdArray<T> a, int? axis = null, bool keepdims = false, ExecutionSettings? settings = null)
        where T : unmanaged => ReductionKernels.Min(a, ReductionApi.Plan(a, axis, keepdims), settings);

    /// <summary>Minimum; NaN propagates. Throws for an empty reduction: <c>zero-size array to reduction operation minimum which has no identity</c>. Over several axes, as <c>np.min(a, axis=tuple(axes))</c>.</summary>
    /// <param name="a">The input.</param>
    /// <param name="axes">The axes to reduce (distinct; negative counts from the end).</param>
    /// <param name="keepdims">Keep reduced axes as length 1.</param>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    /// <returns>A new array.</returns>
    /// <exception cref="AxisOutOfRangeException">An axis is outside <c>[-ndim, ndim)</c>.</exception>
    /// <exception cref="ArgumentException">An axis is repeated or the reduction is empty.</exception>
    public static NdArray<T> Min<T>(NdArray<T> a, int[] axes, bool keepdims = false, ExecutionSettings? settings = null)
        where T : unmanaged => ReductionKernels.Min(a, ReductionApi.Plan(a, axes, keepdims), settings);

    /// <summary>Maximum; NaN propagates. Throws for an empty reduction: <c>zero-size array to reduction operation maximum which has no identity</c>. As <c>np.max(a, axis, keepdims=keepdims)</c>.</summary>
    /// <param name="a">The input.</param>
    /// <param name="axis">The axis to reduce (negative counts from the end), or null for all axes.</param>
    /// <param name="keepdims">Keep reduced axes as length 1.</param>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    /// <returns>A new array (0-d when every axis is reduced without <paramref name="keepdims"/>).</returns>
    /// <exception cref="AxisOutOfRangeException">An axis is outside <c>[-ndim, ndim)</c>.</exception>
    /// <exception cref="ArgumentException">An axis is repeated or the reduction is empty.</exception>
    public static NdArray<T> Max<T>(NdArray<T> a, int? axis = null, bool keepdims = false, ExecutionSettings? settings = null)
        where T : unmanaged => ReductionKernels.Max(a, ReductionApi.Plan(a, axis, keepdims), settings);

    /// <summary>Maximum; NaN propagates. Throws for an empty reduction: <c>zero-size array to reduction operation maximum which has no identity</c>. Over several axes, as <c>np.max(a, axis=tuple(axes))</c>.</summary>
    /// <param name="a">The input.</param>
    /// <param name="axes">The axes to reduce (distinct; negative counts from the end).</param>
    /// <param name="keepdims">Keep reduced axes as length 1.</param>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    /// <returns>A new array.</returns>
    /// <exception cref="AxisOutOfRangeException">An axis is outside <c>[-ndim, ndim)</c>.</exception>
    /// <exception cref="ArgumentException">An axis is repeated or the reduction is empty.</exception>
    public static NdArray<T> Max<T>(NdArray<T> a, int[] axes, bool keepdims = false, ExecutionSettings? settings = null)
        where T : unmanaged => ReductionKernels.Max(a, ReductionApi.Plan(a, axes, keepdims), settings);

    /// <summary>Minimum ignoring NaN; an all-NaN slice gives NaN (NumPy returns NaN with a RuntimeWarning). Throws for an empty reduction. As <c>np.nanmin(a, axis, keepdims=keepdims)</c>.</summary>
    /// <param name="a">The input.</param>
    /// <param name="axis">The axis to reduce (negative counts from the end), or null for all axes.</param>
    /// <param name="keepdims">Keep reduced axes as length 1.</param>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    /// <returns>A new array (0-d when every axis is reduced without <paramref name="keepdims"/>).</returns>
    /// <exception cref="AxisOutOfRangeException">An axis is outside <c>[-ndim, ndim)</c>.</exception>
    /// <exception cref="ArgumentException">An axis is repeated or the reduction is empty.</exception>
    public static NdArray<T> NanMin<T>(NdArray<T> a, int? axis = null, bool keepdims = false, ExecutionSettings? settings = null)
        where T : unmanaged => ReductionKernels.NanMin(a, ReductionApi.Plan(a, axis, keepdims), settings);

    /// <summary>Minimum ignoring NaN; an all-NaN slice gives NaN (NumPy returns NaN with a RuntimeWarning). Throws for an empty reduction. Over several axes, as <c>np.nanmin(a, axis=tuple(axes))</c>.</summary>
    /// <param name="a">The input.</param>
    /// <param name="axes">The axes to reduce (distinct; negative counts from the end).</param>
    /// <param name="keepdims">Keep reduced axes as length 1.</param>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    /// <returns>A new array.</returns>
    /// <exception cref="AxisOutOfRangeException">An axis is outside <c>[-ndim, ndim)</c>.</exception>
    /// <exception cref="ArgumentException">An axis is repeated or the reduction is empty.</exception>
    public static NdArray<T> NanMin<T>(NdArray<T> a, int[] axes, bool keepdims = false, ExecutionSettings? settings = null)
        where T : unmanaged => ReductionKernels.NanMin(a, ReductionApi.Plan(a, axes, keepdims), settings);

    /// <summary>Maximum ignoring NaN; an all-NaN slice gives NaN (NumPy returns NaN with a RuntimeWarning). Throws for an empty reduction. As <c>np.nanmax(a, axis, keepdims=keepdims)</c>.</summary>
    /// <param name="a">The input.</param>
    /// <param name="axis">The axis to reduce (negative counts from the end), or null for all axes.</param>
    /// <param name="keepdims">Keep reduced axes as length 1.</param>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    /// <returns>A new array (0-d when every axis is reduced without <paramref name="keepdims"/>).</returns>
    /// <exception cref="AxisOutOfRangeException">An axis is outside <c>[-ndim, ndim)</c>.</exception>
    /// <exception cref="ArgumentException">An axis is repeated or the reduction is empty.</exception>
    public static NdArray<T> NanMax<T>(NdArray<T> a, int? axis = null, bool keepdims = false, ExecutionSettings? settings = null)
        where T : unmanaged => ReductionKernels.NanMax(a, ReductionApi.Plan(a, axis, keepdims), settings);

    /// <summary>Maximum ignoring NaN; an all-NaN slice gives NaN (NumPy returns NaN with a RuntimeWarning). Throws for an empty reduction. Over several axes, as <c>np.nanmax(a, axis=tuple(axes))</c>.</summary>
    /// <param name="a">The input.</param>
    /// <param name="axes">The axes to reduce (distinct; negative counts from the end).</param>
    /// <param name="keepdims">Keep reduced axes as length 1.</param>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    /// <returns>A new array.</returns>
    /// <exception cref="AxisOutOfRangeException">An axis is outside <c>[-ndim, ndim)</c>.</exception>
    /// <exception cref="ArgumentException">An axis is repeated or the reduction is empty.</exception>
    public static NdArray<T> NanMax<T>(NdArray<T> a, int[] axes, bool keepdims = false, ExecutionSettings? settings = null)
        where T : unmanaged => ReductionKernels.NanMax(a, ReductionApi.Plan(a, axes, keepdims), settings);

    /// <summary>True when any element is non-zero (NaN counts as non-zero); false for nothing. As <c>np.any(a, axis, keepdims=keepdims)</c>.</summary>
    /// <param name="a">The input.</param>
    /// <param name="axis">The axis to reduce (negative counts from the end), or null for all axes.</param>
    /// <param name="keepdims">Keep reduced axes as length 1.</param>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    /// <returns>A new array (0-d when every axis is reduced without <paramref name="keepdims"/>).</returns>
    /// <exception cref="AxisOutOfRangeException">An axis is outside <c>[-ndim, ndim)</c>.</exception>
    /// <exception cref="ArgumentException">An axis is repeated.</exception>
    public static NdArray<bool> Any<T>(NdArray<T> a, int? axis = null, bool keepdims = false, ExecutionSettings? settings = null)
        where T : unmanaged => ReductionKernels.Any(a, ReductionApi.Plan(a, axis, keepdims), settings);

    /// <summary>True when any element is non-zero (NaN counts as non-zero); false for nothing. Over several axes, as <c>np.any(a, axis=tuple(axes))</c>.</summary>
    /// <param name="a">The input.</param>
    /// <param name="axes">The axes to reduce (distinct; negative counts from the end).</param>
    /// <param name="keepdims">Keep reduced axes as length 1.</param>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    /// <returns>A new array.</returns>
    /// <exception cref="AxisOutOfRangeException">An axis is outside <c>[-ndim, ndim)</c>.</exception>
    /// <exception cref="ArgumentException">An axis is repeated.</exception>
    public static NdArray<bool> Any<T>(NdArray<T> a, int[] axes, bool keepdims = false, ExecutionSettings? settings = null)
        where T : unmanaged => ReductionKernels.Any(a, ReductionApi.Plan(a, axes, keepdims), settings);

    /// <summary>True when every element is non-zero; true for nothing. As <c>np.all(a, axis, keepdims=keepdims)</c>.</summary>
    /// <param name="a">The input.</param>
    /// <param name="axis">The axis to reduce (negative counts from the end), or null for all axes.</param>
    /// <param name="keepdims">Keep reduced axes as length 1.</param>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    /// <returns>A new array (0-d when every axis is reduced without <paramref name="keepdims"/>).</returns>
    /// <exception cref="AxisOutOfRangeException">An axis is outside <c>[-ndim, ndim)</c>.</exception>
    /// <exception cref="ArgumentException">An axis is repeated.</exception>
    public static NdArray<bool> All<T>(NdArray<T> a, int? axis = null, bool keepdims = false, ExecutionSettings? settings = null)
        where T : unmanaged => ReductionKernels.All(a, ReductionApi.Plan(a, axis, keepdims), settings);

    /// <summary>True when every element is non-zero; true for nothing. Over several axes, as <c>np.all(a, axis=tuple(axes))</c>.</summary>
    /// <param name="a">The input.</param>
    /// <param name="axes">The axes to reduce (distinct; negative counts from the end).</param>
    /// <param name="keepdims">Keep reduced axes as length 1.</param>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    /// <returns>A new array.</returns>
    /// <exception cref="AxisOutOfRangeException">An axis is outside <c>[-ndim, ndim)</c>.</exception>
    /// <exception cref="ArgumentException">An axis is repeated.</exception>
    public static NdArray<bool> All<T>(NdArray<T> a, int[] axes, bool keepdims = false, ExecutionSettings? settings = null)
        where T : unmanaged => ReductionKernels.All(a, ReductionApi.Plan(a, axes, keepdims), settings);

    /// <summary>Number of non-zero elements. As <c>np.count_nonzero(a, axis, keepdims=keepdims)</c>.</summary>
    /// <param name="a">The input.</param>
    /// <param name="axis">The axis to reduce (negative counts from the end), or null for all axes.</param>
    /// <param name="keepdims">Keep reduced axes as length 1.</param>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    /// <returns>A new array (0-d when every axis is reduced without <paramref name="keepdims"/>).</returns>
    /// <exception cref="AxisOutOfRangeException">An axis is outside <c>[-ndim, ndim)</c>.</exception>
    /// <exception cref="ArgumentException">An axis is repeated.</exception>
    public static NdArray<long> CountNonzero<T>(NdArray<T> a, int? axis = null, bool keepdims = false, ExecutionSettings? settings = null)
        where T : unmanaged => ReductionKernels.CountNonzero(a, ReductionApi.Plan(a, axis, keepdims), settings);

    /// <summary>Number of non-zero elements. Over several axes, as <c>np.count_nonzero(a, axis=tuple(axes))</c>.</summary>
    /// <param name="a">The input.</param>
    /// <param name="axes">The axes to reduce (distinct; negative counts from the end).</param>
    /// <param name="keepdims">Keep reduced axes as length 1.</param>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    /// <returns>A new array.</returns>
    /// <exception cref="AxisOutOfRangeException">An axis is outside <c>[-ndim, ndim)</c>.</exception>
    /// <exception cref="ArgumentException">An axis is repeated.</exception>
    public static NdArray<long> CountNonzero<T>(NdArray<T> a, int[] axes, bool keepdims = false, ExecutionSettings? settings = null)
        where T : unmanaged => ReductionKernels.CountNonzero(a, ReductionApi.Plan(a, axes, keepdims), settings);

    /// <summary>Index of the first minimum (a flat index when reducing all axes); the first NaN wins. Throws for an empty reduction. As <c>np.argmin(a, axis, keepdims=keepdims)</c>.</summary>
    /// <param name="a">The input.</param>
    /// <param name="axis">The axis to reduce (negative counts from the end), or null for all axes.</param>
    /// <param name="keepdims">Keep reduced axes as length 1.</param>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    /// <returns>A new array (0-d when every axis is reduced without <paramref name="keepdims"/>).</returns>
    /// <exception cref="AxisOutOfRangeException">An axis is outside <c>[-ndim, ndim)</c>.</exception>
    /// <exception cref="ArgumentException">An axis is repeated or the reduction is empty.</exception>
    public static NdArray<long> ArgMin<T>(NdArray<T> a, int? axis = null, bool keepdims = false, ExecutionSettings? settings = null)
        where T : unmanaged => ReductionKernels.ArgMin(a, ReductionApi.Plan(a, axis, keepdims), settings);

    /// <summary>Index of the first maximum (a flat index when reducing all axes); the first NaN wins. Throws for an empty reduction. As <c>np.argmax(a, axis, keepdims=keepdims)</c>.</summary>
    /// <param name="a">The input.</param>
    /// <param name="axis">The axis to reduce (negative counts from the end), or null for all axes.</param>
    /// <param name="keepdims">Keep reduced axes as length 1.</param>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    /// <returns>A new array (0-d when every axis is reduced without <paramref name="keepdims"/>).</returns>
    /// <exception cref="AxisOutOfRangeException">An axis is outside <c>[-ndim, ndim)</c>.</exception>
    /// <exception cref="ArgumentException">An axis is repeated or the reduction is empty.</exception>
    public static NdArray<long> ArgMax<T>(NdArray<T> a, int? axis = null, bool keepdims = false, ExecutionSettings? settings = null)
        where T : unmanaged => ReductionKernels.ArgMax(a, ReductionApi.Plan(a, axis, keepdims), settings);
}
