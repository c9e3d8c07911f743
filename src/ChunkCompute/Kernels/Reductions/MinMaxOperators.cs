namespace ChunkCompute.Kernels;

// Min/max order shared by the operators below: for float and double, −0 below +0 (IEEE 754-2019
// minimum/maximum, as TensorPrimitives.Min/Max and MinMaxKernel do per span), so a tie of zeros gives the same sign
// however the array was split into spans and partial results. NumPy's own answer for such ties depends on the order
// and on its SIMD path. Half keeps the first of equal values (it has no vector path, so every split sees the same
// order).

/// <summary><c>max(acc, x)</c>, NaN propagating (the first NaN met stays), as <c>np.max</c>.</summary>
internal readonly struct MaxOperator<T> : IReduceOperator<T, T, T>
    where T : unmanaged
{
    public static T Identity => Limits<T>.Lowest;

    public static T Accumulate(T acc, T x, long index) =>
        ScalarCompare.IsNaN(acc) ? acc : ScalarCompare.IsNaN(x) ? x : MinMaxKernel.IsBinaryFloat<T>() ? MinMaxKernel.Max(acc, x) : ScalarCompare.Less(acc, x) ? x : acc;

    public static bool GroupingFree => true;

    public static T Combine(T left, T right) => Accumulate(left, right, 0);

    public static T Finalize(T acc, long count) => acc;

    public static bool TryAccumulateRow(Span<T> acc, ReadOnlySpan<T> xs) => MinMaxKernel.TryFoldRow(acc, xs, max: true, skipNaN: false);

    public static T AccumulateSpan(T acc, ReadOnlySpan<T> xs, long firstIndex)
    {
        if (xs.IsEmpty)
        {
            return acc;
        }

        // The one-pass vector kernel for every vectorizable type. TensorPrimitives.Max (IL-only package code) was
        // tier-0 code for the first ~100 calls (10M float64: 12 ms against 2 ms), for the same steady speed.
        if (MinMaxKernel.Vectorizes<T>())
        {
            return Accumulate(acc, MinMaxKernel.MinMax(xs).Max, 0);
        }

        return Fold.Loop<T, T, T, MaxOperator<T>>(acc, xs, firstIndex);
    }
}

/// <summary><c>min(acc, x)</c>, NaN propagating, as <c>np.min</c>.</summary>
internal readonly struct MinOperator<T> : IReduceOperator<T, T, T>
    where T : unmanaged
{
    public static T Identity => Limits<T>.Highest;

    public static T Accumulate(T acc, T x, long index) =>
        ScalarCompare.IsNaN(acc) ? acc : ScalarCompare.IsNaN(x) ? x : MinMaxKernel.IsBinaryFloat<T>() ? MinMaxKernel.Min(acc, x) : ScalarCompare.Less(x, acc) ? x : acc;

    public static bool GroupingFree => true;

    public static T Combine(T left, T right) => Accumulate(left, right, 0);

    public static T Finalize(T acc, long count) => acc;

    public static bool TryAccumulateRow(Span<T> acc, ReadOnlySpan<T> xs) => MinMaxKernel.TryFoldRow(acc, xs, max: false, skipNaN: false);

    public static T AccumulateSpan(T acc, ReadOnlySpan<T> xs, long firstIndex)
    {
        if (xs.IsEmpty)
        {
            return acc;
        }

        // The one-pass vector kernel for every vectorizable type. TensorPrimitives.Min (IL-only package code) was
        // tier-0 code for the first ~100 calls (10M float64: 12 ms against 2 ms), for the same steady speed.
        if (MinMaxKernel.Vectorizes<T>())
        {
            return Accumulate(acc, MinMaxKernel.MinMax(xs).Min, 0);
        }

        return Fold.Loop<T, T, T, MinOperator<T>>(acc, xs, firstIndex);
    }
}

/// <summary><c>max(acc, x)</c> ignoring NaN (NaN identity: an all-NaN input gives NaN), as <c>np.nanmax</c>.</summary>
internal readonly struct NanMaxOperator<T> : IReduceOperator<T, T, T>
    where T : unmanaged
{
    public static T Identity => ScalarCast.FromDouble<T>(double.NaN);

    public static T Accumulate(T acc, T x, long index) =>
        ScalarCompare.IsNaN(x) ? acc : ScalarCompare.IsNaN(acc) ? x : MinMaxKernel.IsBinaryFloat<T>() ? MinMaxKernel.Max(acc, x) : ScalarCompare.Less(acc, x) ? x : acc;

    public static bool GroupingFree => true;

    public static T Combine(T left, T right) => Accumulate(left, right, 0);

    public static T Finalize(T acc, long count) => acc;

    public static bool TryAccumulateRow(Span<T> acc, ReadOnlySpan<T> xs) => MinMaxKernel.TryFoldRow(acc, xs, max: true, skipNaN: MinMaxKernel.IsBinaryFloat<T>());

    public static T AccumulateSpan(T acc, ReadOnlySpan<T> xs, long firstIndex)
    {
        if (!xs.IsEmpty && MinMaxKernel.IsBinaryFloat<T>() && MinMaxKernel.Vectorizes<T>())
        {
            // One vector pass that passes over NaN; a span of NaN only (min > max) leaves acc as it was.
            var (lo, hi) = MinMaxKernel.NanMinMax(xs);
            return ScalarCompare.Less(hi, lo) ? acc : Accumulate(acc, hi, 0);
        }

        return Fold.Loop<T, T, T, NanMaxOperator<T>>(acc, xs, firstIndex);
    }
}

/// <summary><c>min(acc, x)</c> ignoring NaN (all-NaN gives NaN), as <c>np.nanmin</c>.</summary>
internal readonly struct NanMinOperator<T> : IReduceOperator<T, T, T>
    where T : unmanaged
{
    public static T Identity => ScalarCast.FromDouble<T>(double.NaN);

    public static T Accumulate(T acc, T x, long index) =>
        ScalarCompare.IsNaN(x) ? acc : ScalarCompare.IsNaN(acc) ? x : MinMaxKernel.IsBinaryFloat<T>() ? MinMaxKernel.Min(acc, x) : ScalarCompare.Less(x, acc) ? x : acc;

    public static bool GroupingFree => true;

    public static T Combine(T left, T right) => Accumulate(left, right, 0);

    public static T Finalize(T acc, long count) => acc;

    public static bool TryAccumulateRow(Span<T> acc, ReadOnlySpan<T> xs) => MinMaxKernel.TryFoldRow(acc, xs, max: false, skipNaN: MinMaxKernel.IsBinaryFloat<T>());

    public static T AccumulateSpan(T acc, ReadOnlySpan<T> xs, long firstIndex)
    {
        if (!xs.IsEmpty && MinMaxKernel.IsBinaryFloat<T>() && MinMaxKernel.Vectorizes<T>())
        {
            // One vector pass that passes over NaN; a span of NaN only (min > max) leaves acc as it was.
            var (lo, hi) = MinMaxKernel.NanMinMax(xs);
            return ScalarCompare.Less(hi, lo) ? acc : Accumulate(acc, lo, 0);
        }

        return Fold.Loop<T, T, T, NanMinOperator<T>>(acc, xs, firstIndex);
    }
}

/// <summary>Index of the first maximum; the first NaN wins, as <c>np.argmax</c>.</summary>
internal readonly struct ArgMaxOperator<T> : IReduceOperator<T, ArgPartial<T>, long>
    where T : unmanaged
{
    public static ArgPartial<T> Identity => ArgPartial<T>.None;

    public static ArgPartial<T> Accumulate(ArgPartial<T> acc, T x, long index) =>
        acc.Index < 0 ? new(x, index) : ScalarCompare.IsNaN(acc.Value) ? acc : (ScalarCompare.IsNaN(x) || ScalarCompare.Less(acc.Value, x)) ? new(x, index) : acc;

    public static ArgPartial<T> Combine(ArgPartial<T> left, ArgPartial<T> right) =>
        right.Index < 0 ? left : Accumulate(left, right.Value, right.Index);

    public static long Finalize(ArgPartial<T> acc, long count) => acc.Index;

    public static ArgPartial<T> AccumulateSpan(ArgPartial<T> acc, ReadOnlySpan<T> xs, long firstIndex) =>
        ArgExtremeKernel.Vectorizes<T>() ? ArgExtremeKernel.ArgMax(acc, xs, firstIndex) : Fold.Loop<T, ArgPartial<T>, long, ArgMaxOperator<T>>(acc, xs, firstIndex);
}

/// <summary>Index of the first minimum; the first NaN wins, as <c>np.argmin</c>.</summary>
internal readonly struct ArgMinOperator<T> : IReduceOperator<T, ArgPartial<T>, long>
    where T : unmanaged
{
    public static ArgPartial<T> Identity => ArgPartial<T>.None;

    public static ArgPartial<T> Accumulate(ArgPartial<T> acc, T x, long index) =>
        acc.Index < 0 ? new(x, index) : ScalarCompare.IsNaN(acc.Value) ? acc : (ScalarCompare.IsNaN(x) || ScalarCompare.Less(x, acc.Value)) ? new(x, index) : acc;

    public static ArgPartial<T> Combine(ArgPartial<T> left, ArgPartial<T> right) =>
        right.Index < 0 ? left : Accumulate(left, right.Value, right.Index);

    public static long Finalize(ArgPartial<T> acc, long count) => acc.Index;

    public static ArgPartial<T> AccumulateSpan(ArgPartial<T> acc, ReadOnlySpan<T> xs, long firstIndex) =>
        ArgExtremeKernel.Vectorizes<T>() ? ArgExtremeKernel.ArgMin(acc, xs, firstIndex) : Fold.Loop<T, ArgPartial<T>, long, ArgMinOperator<T>>(acc, xs, firstIndex);
}
