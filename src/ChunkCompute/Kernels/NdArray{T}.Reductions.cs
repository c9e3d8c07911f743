using ChunkCompute.Execution;
using ChunkCompute.Kernels;

namespace ChunkCompute;

/// <content>
/// Reductions and statistics, instance form (<c>a.Sum()</c>, <c>m.Mean(axis: 0)</c>). The result types differ from
/// NumPy on purpose, for a typed C# API: Sum, Prod, Mean, Var, Std and their NaN variants return <see cref="double"/>
/// over all elements and <see cref="NdArray{T}"/> of <see cref="double"/> along axes, whatever NumPy's dtype
/// (int64/uint64 sums and products are converted, which rounds beyond 2^53; float32 results are widened exactly);
/// Min, Max, NanMin, NanMax keep <typeparamref name="T"/>; ArgMin, ArgMax, CountNonzero give int64; Any, All bool.
/// For NumPy's result dtype (int64 sums, float32 means, ...) call the static forms (<c>NdArray.Sum(a, axis)</c>),
/// which return <see cref="NdArray"/>; the values are the same bits before the conversion.
/// </content>
public sealed partial class NdArray<T>
{
    /// <summary>Sum of the elements (reproducible bits: see <see cref="ReproducibleSum"/>). Signed integers and bool sum in int64, unsigned in uint64 (wrapping); floats keep their type; the empty sum is 0. Over all elements, as <c>a.sum()</c>. Returned as float64 (use the static <c>NdArray.Sum</c> for NumPy's result dtype).</summary>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    public double Sum(ExecutionSettings? settings = null) => ReductionApi.ScalarAsDouble(NdArray.Sum(this, (int?)null, false, settings));

    /// <summary>Sum of the elements (reproducible bits: see <see cref="ReproducibleSum"/>). Signed integers and bool sum in int64, unsigned in uint64 (wrapping); floats keep their type; the empty sum is 0. Along <paramref name="axis"/>. Returned as float64 (use the static <c>NdArray.Sum</c> for NumPy's result dtype).</summary>
    /// <param name="axis">The axis to reduce (negative counts from the end).</param>
    /// <param name="keepdims">Keep the reduced axis as length 1.</param>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    /// <exception cref="AxisOutOfRangeException">An axis is outside <c>[-ndim, ndim)</c>.</exception>
    /// <exception cref="ArgumentException">An axis is repeated.</exception>
    public NdArray<double> Sum(int axis, bool keepdims = false, ExecutionSettings? settings = null) => ReductionApi.AsDouble(NdArray.Sum(this, axis, keepdims, settings));

    /// <summary>Sum of the elements (reproducible bits: see <see cref="ReproducibleSum"/>). Signed integers and bool sum in int64, unsigned in uint64 (wrapping); floats keep their type; the empty sum is 0. Over several axes. Returned as float64 (use the static <c>NdArray.Sum</c> for NumPy's result dtype).</summary>
    /// <param name="axes">The axes to reduce (distinct; negative counts from the end).</param>
    /// <param name="keepdims">Keep the reduced axes as length 1.</param>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    /// <exception cref="AxisOutOfRangeException">An axis is outside <c>[-ndim, ndim)</c>.</exception>
    /// <exception cref="ArgumentException">An axis is repeated.</exception>
    public NdArray<double> Sum(int[] axes, bool keepdims = false, ExecutionSettings? settings = null) => ReductionApi.AsDouble(NdArray.Sum(this, axes, keepdims, settings));

    /// <summary>Product of the elements (integers in int64/uint64, wrapping; floats accumulated in float64 in a fixed order); the empty product is 1. Over all elements, as <c>a.prod()</c>. Returned as float64 (use the static <c>NdArray.Prod</c> for NumPy's result dtype).</summary>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    public double Prod(ExecutionSettings? settings = null) => ReductionApi.ScalarAsDouble(NdArray.Prod(this, (int?)null, false, settings));

    /// <summary>Product of the elements (integers in int64/uint64, wrapping; floats accumulated in float64 in a fixed order); the empty product is 1. Along <paramref name="axis"/>. Returned as float64 (use the static <c>NdArray.Prod</c> for NumPy's result dtype).</summary>
    /// <param name="axis">The axis to reduce (negative counts from the end).</param>
    /// <param name="keepdims">Keep the reduced axis as length 1.</param>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    /// <exception cref="AxisOutOfRangeException">An axis is outside <c>[-ndim, ndim)</c>.</exception>
    /// <exception cref="ArgumentException">An axis is repeated.</exception>
    public NdArray<double> Prod(int axis, bool keepdims = false, ExecutionSettings? settings = null) => ReductionApi.AsDouble(NdArray.Prod(this, axis, keepdims, settings));

    /// <summary>Product of the elements (integers in int64/uint64, wrapping; floats accumulated in float64 in a fixed order); the empty product is 1. Over several axes. Returned as float64 (use the static <c>NdArray.Prod</c> for NumPy's result dtype).</summary>
    /// <param name="axes">The axes to reduce (distinct; negative counts from the end).</param>
    /// <param name="keepdims">Keep the reduced axes as length 1.</param>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    /// <exception cref="AxisOutOfRangeException">An axis is outside <c>[-ndim, ndim)</c>.</exception>
    /// <exception cref="ArgumentException">An axis is repeated.</exception>
    public NdArray<double> Prod(int[] axes, bool keepdims = false, ExecutionSettings? settings = null) => ReductionApi.AsDouble(NdArray.Prod(this, axes, keepdims, settings));

    /// <summary>Arithmetic mean (reproducible sum / count); integers give float64; the mean of nothing is NaN. Over all elements, as <c>a.mean()</c>. Returned as float64 (use the static <c>NdArray.Mean</c> for NumPy's result dtype).</summary>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    public double Mean(ExecutionSettings? settings = null) => ReductionApi.ScalarAsDouble(NdArray.Mean(this, (int?)null, false, settings));

    /// <summary>Arithmetic mean (reproducible sum / count); integers give float64; the mean of nothing is NaN. Along <paramref name="axis"/>. Returned as float64 (use the static <c>NdArray.Mean</c> for NumPy's result dtype).</summary>
    /// <param name="axis">The axis to reduce (negative counts from the end).</param>
    /// <param name="keepdims">Keep the reduced axis as length 1.</param>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    /// <exception cref="AxisOutOfRangeException">An axis is outside <c>[-ndim, ndim)</c>.</exception>
    /// <exception cref="ArgumentException">An axis is repeated.</exception>
    public NdArray<double> Mean(int axis, bool keepdims = false, ExecutionSettings? settings = null) => ReductionApi.AsDouble(NdArray.Mean(this, axis, keepdims, settings));

    /// <summary>Arithmetic mean (reproducible sum / count); integers give float64; the mean of nothing is NaN. Over several axes. Returned as float64 (use the static <c>NdArray.Mean</c> for NumPy's result dtype).</summary>
    /// <param name="axes">The axes to reduce (distinct; negative counts from the end).</param>
    /// <param name="keepdims">Keep the reduced axes as length 1.</param>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    /// <exception cref="AxisOutOfRangeException">An axis is outside <c>[-ndim, ndim)</c>.</exception>
    /// <exception cref="ArgumentException">An axis is repeated.</exception>
    public NdArray<double> Mean(int[] axes, bool keepdims = false, ExecutionSettings? settings = null) => ReductionApi.AsDouble(NdArray.Mean(this, axes, keepdims, settings));

    /// <summary>Sum treating NaN as zero (all-NaN or empty gives 0). Over all elements, as <c>a.nansum()</c>. Returned as float64 (use the static <c>NdArray.NanSum</c> for NumPy's result dtype).</summary>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    public double NanSum(ExecutionSettings? settings = null) => ReductionApi.ScalarAsDouble(NdArray.NanSum(this, (int?)null, false, settings));

    /// <summary>Sum treating NaN as zero (all-NaN or empty gives 0). Along <paramref name="axis"/>. Returned as float64 (use the static <c>NdArray.NanSum</c> for NumPy's result dtype).</summary>
    /// <param name="axis">The axis to reduce (negative counts from the end).</param>
    /// <param name="keepdims">Keep the reduced axis as length 1.</param>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    /// <exception cref="AxisOutOfRangeException">An axis is outside <c>[-ndim, ndim)</c>.</exception>
    /// <exception cref="ArgumentException">An axis is repeated.</exception>
    public NdArray<double> NanSum(int axis, bool keepdims = false, ExecutionSettings? settings = null) => ReductionApi.AsDouble(NdArray.NanSum(this, axis, keepdims, settings));

    /// <summary>Sum treating NaN as zero (all-NaN or empty gives 0). Over several axes. Returned as float64 (use the static <c>NdArray.NanSum</c> for NumPy's result dtype).</summary>
    /// <param name="axes">The axes to reduce (distinct; negative counts from the end).</param>
    /// <param name="keepdims">Keep the reduced axes as length 1.</param>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    /// <exception cref="AxisOutOfRangeException">An axis is outside <c>[-ndim, ndim)</c>.</exception>
    /// <exception cref="ArgumentException">An axis is repeated.</exception>
    public NdArray<double> NanSum(int[] axes, bool keepdims = false, ExecutionSettings? settings = null) => ReductionApi.AsDouble(NdArray.NanSum(this, axes, keepdims, settings));

    /// <summary>Mean of the non-NaN elements (NaN when there are none; NumPy also warns). Over all elements, as <c>a.nanmean()</c>. Returned as float64 (use the static <c>NdArray.NanMean</c> for NumPy's result dtype).</summary>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    public double NanMean(ExecutionSettings? settings = null) => ReductionApi.ScalarAsDouble(NdArray.NanMean(this, (int?)null, false, settings));

    /// <summary>Mean of the non-NaN elements (NaN when there are none; NumPy also warns). Along <paramref name="axis"/>. Returned as float64 (use the static <c>NdArray.NanMean</c> for NumPy's result dtype).</summary>
    /// <param name="axis">The axis to reduce (negative counts from the end).</param>
    /// <param name="keepdims">Keep the reduced axis as length 1.</param>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    /// <exception cref="AxisOutOfRangeException">An axis is outside <c>[-ndim, ndim)</c>.</exception>
    /// <exception cref="ArgumentException">An axis is repeated.</exception>
    public NdArray<double> NanMean(int axis, bool keepdims = false, ExecutionSettings? settings = null) => ReductionApi.AsDouble(NdArray.NanMean(this, axis, keepdims, settings));

    /// <summary>Mean of the non-NaN elements (NaN when there are none; NumPy also warns). Over several axes. Returned as float64 (use the static <c>NdArray.NanMean</c> for NumPy's result dtype).</summary>
    /// <param name="axes">The axes to reduce (distinct; negative counts from the end).</param>
    /// <param name="keepdims">Keep the reduced axes as length 1.</param>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    /// <exception cref="AxisOutOfRangeException">An axis is outside <c>[-ndim, ndim)</c>.</exception>
    /// <exception cref="ArgumentException">An axis is repeated.</exception>
    public NdArray<double> NanMean(int[] axes, bool keepdims = false, ExecutionSettings? settings = null) => ReductionApi.AsDouble(NdArray.NanMean(this, axes, keepdims, settings));

    /// <summary>Variance in one memory pass (per-block moments combined with Chan's update in a fixed tree; bit-reproducible, two-pass accuracy): the sum of squared deviations divided by <c>max(n - ddof, 0)</c>. Over all elements, as <c>a.var()</c>. Returned as float64 (use the static <c>NdArray.Var</c> for NumPy's result dtype).</summary>
    /// <param name="ddof">Delta degrees of freedom: the divisor is <c>n - ddof</c>.</param>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    public double Var(ExecutionSettings? settings = null, int ddof = 0) => ReductionApi.ScalarAsDouble(NdArray.Var(this, (int?)null, ddof, false, settings));

    /// <summary>Variance in one memory pass (per-block moments combined with Chan's update in a fixed tree; bit-reproducible, two-pass accuracy): the sum of squared deviations divided by <c>max(n - ddof, 0)</c>. Along <paramref name="axis"/>. Returned as float64 (use the static <c>NdArray.Var</c> for NumPy's result dtype).</summary>
    /// <param name="axis">The axis to reduce (negative counts from the end).</param>
    /// <param name="ddof">Delta degrees of freedom: the divisor is <c>n - ddof</c>.</param>
    /// <param name="keepdims">Keep the reduced axis as length 1.</param>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    /// <exception cref="AxisOutOfRangeException">An axis is outside <c>[-ndim, ndim)</c>.</exception>
    /// <exception cref="ArgumentException">An axis is repeated.</exception>
    public NdArray<double> Var(int axis, int ddof = 0, bool keepdims = false, ExecutionSettings? settings = null) => ReductionApi.AsDouble(NdArray.Var(this, axis, ddof, keepdims, settings));

    /// <summary>Variance in one memory pass (per-block moments combined with Chan's update in a fixed tree; bit-reproducible, two-pass accuracy): the sum of squared deviations divided by <c>max(n - ddof, 0)</c>. Over several axes. Returned as float64 (use the static <c>NdArray.Var</c> for NumPy's result dtype).</summary>
    /// <param name="axes">The axes to reduce (distinct; negative counts from the end).</param>
    /// <param name="ddof">Delta degrees of freedom: the divisor is <c>n - ddof</c>.</param>
    /// <param name="keepdims">Keep the reduced axes as length 1.</param>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    /// <exception cref="AxisOutOfRangeException">An axis is outside <c>[-ndim, ndim)</c>.</exception>
    /// <exception cref="ArgumentException">An axis is repeated.</exception>
    public NdArray<double> Var(int[] axes, int ddof = 0, bool keepdims = false, ExecutionSettings? settings = null) => ReductionApi.AsDouble(NdArray.Var(this, axes, ddof, keepdims, settings));

    /// <summary>Standard deviation: the square root of the variance. Over all elements, as <c>a.std()</c>. Returned as float64 (use the static <c>NdArray.Std</c> for NumPy's result dtype).</summary>
    /// <param name="ddof">Delta degrees of freedom: the divisor is <c>n - ddof</c>.</param>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    public double Std(ExecutionSettings? settings = null, int ddof = 0) => ReductionApi.ScalarAsDouble(NdArray.Std(this, (int?)null, ddof, false, settings));

    /// <summary>Standard deviation: the square root of the variance. Along <paramref name="axis"/>. Returned as float64 (use the static <c>NdArray.Std</c> for NumPy's result dtype).</summary>
    /// <param name="axis">The axis to reduce (negative counts from the end).</param>
    /// <param name="ddof">Delta degrees of freedom: the divisor is <c>n - ddof</c>.</param>
    /// <param name="keepdims">Keep the reduced axis as length 1.</param>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    /// <exception cref="AxisOutOfRangeException">An axis is outside <c>[-ndim, ndim)</c>.</exception>
    /// <exception cref="ArgumentException">An axis is repeated.</exception>
    public NdArray<double> Std(int axis, int ddof = 0, bool keepdims = false, ExecutionSettings? settings = null) => ReductionApi.AsDouble(NdArray.Std(this, axis, ddof, keepdims, settings));

    /// <summary>Standard deviation: the square root of the variance. Over several axes. Returned as float64 (use the static <c>NdArray.Std</c> for NumPy's result dtype).</summary>
    /// <param name="axes">The axes to reduce (distinct; negative counts from the end).</param>
    /// <param name="ddof">Delta degrees of freedom: the divisor is <c>n - ddof</c>.</param>
    /// <param name="keepdims">Keep the reduced axes as length 1.</param>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    /// <exception cref="AxisOutOfRangeException">An axis is outside <c>[-ndim, ndim)</c>.</exception>
    /// <exception cref="ArgumentException">An axis is repeated.</exception>
    public NdArray<double> Std(int[] axes, int ddof = 0, bool keepdims = false, ExecutionSettings? settings = null) => ReductionApi.AsDouble(NdArray.Std(this, axes, ddof, keepdims, settings));

    /// <summary>Variance of the non-NaN elements (NaN when there are none). Over all elements, as <c>a.nanvar()</c>. Returned as float64 (use the static <c>NdArray.NanVar</c> for NumPy's result dtype).</summary>
    /// <param name="ddof">Delta degrees of freedom: the divisor is <c>n - ddof</c>.</param>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    public double NanVar(ExecutionSettings? settings = null, int ddof = 0) => ReductionApi.ScalarAsDouble(NdArray.NanVar(this, (int?)null, ddof, false, settings));

    /// <summary>Variance of the non-NaN elements (NaN when there are none). Along <paramref name="axis"/>. Returned as float64 (use the static <c>NdArray.NanVar</c> for NumPy's result dtype).</summary>
    /// <param name="axis">The axis to reduce (negative counts from the end).</param>
    /// <param name="ddof">Delta degrees of freedom: the divisor is <c>n - ddof</c>.</param>
    /// <param name="keepdims">Keep the reduced axis as length 1.</param>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    /// <exception cref="AxisOutOfRangeException">An axis is outside <c>[-ndim, ndim)</c>.</exception>
    /// <exception cref="ArgumentException">An axis is repeated.</exception>
    public NdArray<double> NanVar(int axis, int ddof = 0, bool keepdims = false, ExecutionSettings? settings = null) => ReductionApi.AsDouble(NdArray.NanVar(this, axis, ddof, keepdims, settings));

    /// <summary>Variance of the non-NaN elements (NaN when there are none). Over several axes. Returned as float64 (use the static <c>NdArray.NanVar</c> for NumPy's result dtype).</summary>
    /// <param name="axes">The axes to reduce (distinct; negative counts from the end).</param>
    /// <param name="ddof">Delta degrees of freedom: the divisor is <c>n - ddof</c>.</param>
    /// <param name="keepdims">Keep the reduced axes as length 1.</param>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    /// <exception cref="AxisOutOfRangeException">An axis is outside <c>[-ndim, ndim)</c>.</exception>
    /// <exception cref="ArgumentException">An axis is repeated.</exception>
    public NdArray<double> NanVar(int[] axes, int ddof = 0, bool keepdims = false, ExecutionSettings? settings = null) => ReductionApi.AsDouble(NdArray.NanVar(this, axes, ddof, keepdims, settings));

    /// <summary>Standard deviation of the non-NaN elements (NaN when there are none). Over all elements, as <c>a.nanstd()</c>. Returned as float64 (use the static <c>NdArray.NanStd</c> for NumPy's result dtype).</summary>
    /// <param name="ddof">Delta degrees of freedom: the divisor is <c>n - ddof</c>.</param>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    public double NanStd(ExecutionSettings? settings = null, int ddof = 0) => ReductionApi.ScalarAsDouble(NdArray.NanStd(this, (int?)null, ddof, false, settings));

    /// <summary>Standard deviation of the non-NaN elements (NaN when there are none). Along <paramref name="axis"/>. Returned as float64 (use the static <c>NdArray.NanStd</c> for NumPy's result dtype).</summary>
    /// <param name="axis">The axis to reduce (negative counts from the end).</param>
    /// <param name="ddof">Delta degrees of freedom: the divisor is <c>n - ddof</c>.</param>
    /// <param name="keepdims">Keep the reduced axis as length 1.</param>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    /// <exception cref="AxisOutOfRangeException">An axis is outside <c>[-ndim, ndim)</c>.</exception>
    /// <exception cref="ArgumentException">An axis is repeated.</exception>
    public NdArray<double> NanStd(int axis, int ddof = 0, bool keepdims = false, ExecutionSettings? settings = null) => ReductionApi.AsDouble(NdArray.NanStd(this, axis, ddof, keepdims, settings));

    /// <summary>Standard deviation of the non-NaN elements (NaN when there are none). Over several axes. Returned as float64 (use the static <c>NdArray.NanStd</c> for NumPy's result dtype).</summary>
    /// <param name="axes">The axes to reduce (distinct; negative counts from the end).</param>
    /// <param name="ddof">Delta degrees of freedom: the divisor is <c>n - ddof</c>.</param>
    /// <param name="keepdims">Keep the reduced axes as length 1.</param>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    /// <exception cref="AxisOutOfRangeException">An axis is outside <c>[-ndim, ndim)</c>.</exception>
    /// <exception cref="ArgumentException">An axis is repeated.</exception>
    public NdArray<double> NanStd(int[] axes, int ddof = 0, bool keepdims = false, ExecutionSettings? settings = null) => ReductionApi.AsDouble(NdArray.NanStd(this, axes, ddof, keepdims, settings));

    /// <summary>Minimum; NaN propagates. Throws for an empty reduction: <c>zero-size array to reduction operation minimum which has no identity</c>. Over all elements, as <c>a.min()</c>.</summary>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    public T Min(ExecutionSettings? settings = null) => ReductionApi.Scalar(NdArray.Min(this, (int?)null, false, settings));

    /// <summary>Minimum; NaN propagates. Throws for an empty reduction: <c>zero-size array to reduction operation minimum which has no identity</c>. Along <paramref name="axis"/>.</summary>
    /// <param name="axis">The axis to reduce (negative counts from the end).</param>
    /// <param name="keepdims">Keep the reduced axis as length 1.</param>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    /// <exception cref="AxisOutOfRangeException">An axis is outside <c>[-ndim, ndim)</c>.</exception>
    /// <exception cref="ArgumentException">An axis is repeated or the reduction is empty.</exception>
    public NdArray<T> Min(int axis, bool keepdims = false, ExecutionSettings? settings = null) => (NdArray.Min(this, axis, keepdims, settings));

    /// <summary>Minimum; NaN propagates. Throws for an empty reduction: <c>zero-size array to reduction operation minimum which has no identity</c>. Over several axes.</summary>
    /// <param name="axes">The axes to reduce (distinct; negative counts from the end).</param>
    /// <param name="keepdims">Keep the reduced axes as length 1.</param>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    /// <exception cref="AxisOutOfRangeException">An axis is outside <c>[-ndim, ndim)</c>.</exception>
    /// <exception cref="ArgumentException">An axis is repeated or the reduction is empty.</exception>
    public NdArray<T> Min(int[] axes, bool keepdims = false, ExecutionSettings? settings = null) => (NdArray.Min(this, axes, keepdims, settings));

    /// <summary>Maximum; NaN propagates. Throws for an empty reduction: <c>zero-size array to reduction operation maximum which has no identity</c>. Over all elements, as <c>a.max()</c>.</summary>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    public T Max(ExecutionSettings? settings = null) => ReductionApi.Scalar(NdArray.Max(this, (int?)null, false, settings));

    /// <summary>Maximum; NaN propagates. Throws for an empty reduction: <c>zero-size array to reduction operation maximum which has no identity</c>. Along <paramref name="axis"/>.</summary>
    /// <param name="axis">The axis to reduce (negative counts from the end).</param>
    /// <param name="keepdims">Keep the reduced axis as length 1.</param>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    /// <exception cref="AxisOutOfRangeException">An axis is outside <c>[-ndim, ndim)</c>.</exception>
    /// <exception cref="ArgumentException">An axis is repeated or the reduction is empty.</exception>
    public NdArray<T> Max(int axis, bool keepdims = false, ExecutionSettings? settings = null) => (NdArray.Max(this, axis, keepdims, settings));

    /// <summary>Maximum; NaN propagates. Throws for an empty reduction: <c>zero-size array to reduction operation maximum which has no identity</c>. Over several axes.</summary>
    /// <param name="axes">The axes to reduce (distinct; negative counts from the end).</param>
    /// <param name="keepdims">Keep the reduced axes as length 1.</param>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    /// <exception cref="AxisOutOfRangeException">An axis is outside <c>[-ndim, ndim)</c>.</exception>
    /// <exception cref="ArgumentException">An axis is repeated or the reduction is empty.</exception>
    public NdArray<T> Max(int[] axes, bool keepdims = false, ExecutionSettings? settings = null) => (NdArray.Max(this, axes, keepdims, settings));

    /// <summary>Minimum ignoring NaN; an all-NaN slice gives NaN (NumPy returns NaN with a RuntimeWarning). Throws for an empty reduction. Over all elements, as <c>a.nanmin()</c>.</summary>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    public T NanMin(ExecutionSettings? settings = null) => ReductionApi.Scalar(NdArray.NanMin(this, (int?)null, false, settings));

    /// <summary>Minimum ignoring NaN; an all-NaN slice gives NaN (NumPy returns NaN with a RuntimeWarning). Throws for an empty reduction. Along <paramref name="axis"/>.</summary>
    /// <param name="axis">The axis to reduce (negative counts from the end).</param>
    /// <param name="keepdims">Keep the reduced axis as length 1.</param>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    /// <exception cref="AxisOutOfRangeException">An axis is outside <c>[-ndim, ndim)</c>.</exception>
    /// <exception cref="ArgumentException">An axis is repeated or the reduction is empty.</exception>
    public NdArray<T> NanMin(int axis, bool keepdims = false, ExecutionSettings? settings = null) => (NdArray.NanMin(this, axis, keepdims, settings));

    /// <summary>Minimum ignoring NaN; an all-NaN slice gives NaN (NumPy returns NaN with a RuntimeWarning). Throws for an empty reduction. Over several axes.</summary>
    /// <param name="axes">The axes to reduce (distinct; negative counts from the end).</param>
    /// <param name="keepdims">Keep the reduced axes as length 1.</param>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    /// <exception cref="AxisOutOfRangeException">An axis is outside <c>[-ndim, ndim)</c>.</exception>
    /// <exception cref="ArgumentException">An axis is repeated or the reduction is empty.</exception>
    public NdArray<T> NanMin(int[] axes, bool keepdims = false, ExecutionSettings? settings = null) => (NdArray.NanMin(this, axes, keepdims, settings));

    /// <summary>Maximum ignoring NaN; an all-NaN slice gives NaN (NumPy returns NaN with a RuntimeWarning). Throws for an empty reduction. Over all elements, as <c>a.nanmax()</c>.</summary>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    public T NanMax(ExecutionSettings? settings = null) => ReductionApi.Scalar(NdArray.NanMax(this, (int?)null, false, settings));

    /// <summary>Maximum ignoring NaN; an all-NaN slice gives NaN (NumPy returns NaN with a RuntimeWarning). Throws for an empty reduction. Along <paramref name="axis"/>.</summary>
    /// <param name="axis">The axis to reduce (negative counts from the end).</param>
    /// <param name="keepdims">Keep the reduced axis as length 1.</param>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    /// <exception cref="AxisOutOfRangeException">An axis is outside <c>[-ndim, ndim)</c>.</exception>
    /// <exception cref="ArgumentException">An axis is repeated or the reduction is empty.</exception>
    public NdArray<T> NanMax(int axis, bool keepdims = false, ExecutionSettings? settings = null) => (NdArray.NanMax(this, axis, keepdims, settings));

    /// <summary>Maximum ignoring NaN; an all-NaN slice gives NaN (NumPy returns NaN with a RuntimeWarning). Throws for an empty reduction. Over several axes.</summary>
    /// <param name="axes">The axes to reduce (distinct; negative counts from the end).</param>
    /// <param name="keepdims">Keep the reduced axes as length 1.</param>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    /// <exception cref="AxisOutOfRangeException">An axis is outside <c>[-ndim, ndim)</c>.</exception>
    /// <exception cref="ArgumentException">An axis is repeated or the reduction is empty.</exception>
    public NdArray<T> NanMax(int[] axes, bool keepdims = false, ExecutionSettings? settings = null) => (NdArray.NanMax(this, axes, keepdims, settings));

    /// <summary>True when any element is non-zero (NaN counts as non-zero); false for nothing. Over all elements, as <c>a.any()</c>.</summary>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    public bool Any(ExecutionSettings? settings = null) => ReductionApi.Scalar(NdArray.Any(this, (int?)null, false, settings));

    /// <summary>True when any element is non-zero (NaN counts as non-zero); false for nothing. Along <paramref name="axis"/>.</summary>
    /// <param name="axis">The axis to reduce (negative counts from the end).</param>
    /// <param name="keepdims">Keep the reduced axis as length 1.</param>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    /// <exception cref="AxisOutOfRangeException">An axis is outside <c>[-ndim, ndim)</c>.</exception>
    /// <exception cref="ArgumentException">An axis is repeated.</exception>
    public NdArray<bool> Any(int axis, bool keepdims = false, ExecutionSettings? settings = null) => (NdArray.Any(this, axis, keepdims, settings));

    /// <summary>True when any element is non-zero (NaN counts as non-zero); false for nothing. Over several axes.</summary>
    /// <param name="axes">The axes to reduce (distinct; negative counts from the end).</param>
    /// <param name="keepdims">Keep the reduced axes as length 1.</param>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    /// <exception cref="AxisOutOfRangeException">An axis is outside <c>[-ndim, ndim)</c>.</exception>
    /// <exception cref="ArgumentException">An axis is repeated.</exception>
    public NdArray<bool> Any(int[] axes, bool keepdims = false, ExecutionSettings? settings = null) => (NdArray.Any(this, axes, keepdims, settings));

    /// <summary>True when every element is non-zero; true for nothing. Over all elements, as <c>a.all()</c>.</summary>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    public bool All(ExecutionSettings? settings = null) => ReductionApi.Scalar(NdArray.All(this, (int?)null, false, settings));

    /// <summary>True when every element is non-zero; true for nothing. Along <paramref name="axis"/>.</summary>
    /// <param name="axis">The axis to reduce (negative counts from the end).</param>
    /// <param name="keepdims">Keep the reduced axis as length 1.</param>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    /// <exception cref="AxisOutOfRangeException">An axis is outside <c>[-ndim, ndim)</c>.</exception>
    /// <exception cref="ArgumentException">An axis is repeated.</exception>
    public NdArray<bool> All(int axis, bool keepdims = false, ExecutionSettings? settings = null) => (NdArray.All(this, axis, keepdims, settings));

    /// <summary>True when every element is non-zero; true for nothing. Over several axes.</summary>
    /// <param name="axes">The axes to reduce (distinct; negative counts from the end).</param>
    /// <param name="keepdims">Keep the reduced axes as length 1.</param>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    /// <exception cref="AxisOutOfRangeException">An axis is outside <c>[-ndim, ndim)</c>.</exception>
    /// <exception cref="ArgumentException">An axis is repeated.</exception>
    public NdArray<bool> All(int[] axes, bool keepdims = false, ExecutionSettings? settings = null) => (NdArray.All(this, axes, keepdims, settings));

    /// <summary>Number of non-zero elements. Over all elements, as <c>a.count_nonzero()</c>.</summary>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    public long CountNonzero(ExecutionSettings? settings = null) => ReductionApi.Scalar(NdArray.CountNonzero(this, (int?)null, false, settings));

    /// <summary>Number of non-zero elements. Along <paramref name="axis"/>.</summary>
    /// <param name="axis">The axis to reduce (negative counts from the end).</param>
    /// <param name="keepdims">Keep the reduced axis as length 1.</param>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    /// <exception cref="AxisOutOfRangeException">An axis is outside <c>[-ndim, ndim)</c>.</exception>
    /// <exception cref="ArgumentException">An axis is repeated.</exception>
    public NdArray<long> CountNonzero(int axis, bool keepdims = false, ExecutionSettings? settings = null) => (NdArray.CountNonzero(this, axis, keepdims, settings));

    /// <summary>Number of non-zero elements. Over several axes.</summary>
    /// <param name="axes">The axes to reduce (distinct; negative counts from the end).</param>
    /// <param name="keepdims">Keep the reduced axes as length 1.</param>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    /// <exception cref="AxisOutOfRangeException">An axis is outside <c>[-ndim, ndim)</c>.</exception>
    /// <exception cref="ArgumentException">An axis is repeated.</exception>
    public NdArray<long> CountNonzero(int[] axes, bool keepdims = false, ExecutionSettings? settings = null) => (NdArray.CountNonzero(this, axes, keepdims, settings));

    /// <summary>Index of the first minimum (a flat index when reducing all axes); the first NaN wins. Throws for an empty reduction. Over all elements, as <c>a.argmin()</c>.</summary>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    public long ArgMin(ExecutionSettings? settings = null) => ReductionApi.Scalar(NdArray.ArgMin(this, (int?)null, false, settings));

    /// <summary>Index of the first minimum (a flat index when reducing all axes); the first NaN wins. Throws for an empty reduction. Along <paramref name="axis"/>.</summary>
    /// <param name="axis">The axis to reduce (negative counts from the end).</param>
    /// <param name="keepdims">Keep the reduced axis as length 1.</param>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    /// <exception cref="AxisOutOfRangeException">An axis is outside <c>[-ndim, ndim)</c>.</exception>
    /// <exception cref="ArgumentException">An axis is repeated or the reduction is empty.</exception>
    public NdArray<long> ArgMin(int axis, bool keepdims = false, ExecutionSettings? settings = null) => (NdArray.ArgMin(this, axis, keepdims, settings));

    /// <summary>Index of the first maximum (a flat index when reducing all axes); the first NaN wins. Throws for an empty reduction. Over all elements, as <c>a.argmax()</c>.</summary>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    public long ArgMax(ExecutionSettings? settings = null) => ReductionApi.Scalar(NdArray.ArgMax(this, (int?)null, false, settings));

    /// <summary>Index of the first maximum (a flat index when reducing all axes); the first NaN wins. Throws for an empty reduction. Along <paramref name="axis"/>.</summary>
    /// <param name="axis">The axis to reduce (negative counts from the end).</param>
    /// <param name="keepdims">Keep the reduced axis as length 1.</param>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    /// <exception cref="AxisOutOfRangeException">An axis is outside <c>[-ndim, ndim)</c>.</exception>
    /// <exception cref="ArgumentException">An axis is repeated or the reduction is empty.</exception>
    public NdArray<long> ArgMax(int axis, bool keepdims = false, ExecutionSettings? settings = null) => (NdArray.ArgMax(this, axis, keepdims, settings));
}
