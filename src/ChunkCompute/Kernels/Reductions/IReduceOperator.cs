using System.Runtime.CompilerServices;

namespace ChunkCompute.Kernels;

/// <summary>
/// A reduction as NumPy and dask define it: an identity, a step that folds one element (with its index in the
/// reduced order) into a partial, a combine of two partials (left before right), and a finalize.
/// </summary>
/// <remarks>
/// Drivers fold the elements of each output in C order of the reduced axes, and combine fixed blocks of a whole
/// array in a fixed tree, so even order-sensitive operators (floating-point products) give the same bits for any
/// thread count.
/// </remarks>
internal interface IReduceOperator<T, TAcc, TOut> : ICombine<TAcc>
    where T : unmanaged
{
    static abstract TAcc Identity { get; }

    static abstract TAcc Accumulate(TAcc acc, T x, long index);

    static abstract TOut Finalize(TAcc acc, long count);

    /// <summary>Folds a dense run whose first element has index <paramref name="firstIndex"/> (SIMD where the operator can).</summary>
    static abstract TAcc AccumulateSpan(TAcc acc, ReadOnlySpan<T> xs, long firstIndex);

    /// <summary>
    /// Folds one row into one accumulator per output, <c>acc[c] = Accumulate(acc[c], xs[c], index)</c> for every
    /// <c>c</c>, in vector lanes where the operator can (the column drivers' fast path). No index is passed: only
    /// operators that ignore it implement this. Returns false, having done nothing, when it cannot: the driver then
    /// folds element by element.
    /// </summary>
    static virtual bool TryAccumulateRow(Span<TAcc> acc, ReadOnlySpan<T> xs) => false;

    /// <summary>
    /// True when folding a run in any consecutive spans and combining the partials left to right gives the same bits
    /// (min and max: exact, the first NaN kept, -0 below +0). A whole dense array then folds one span of
    /// 262,144 elements per call instead of going through the 4,096-element block tree that order-sensitive
    /// operators need: 10M uint8 values took 1.0 ms in the tree, of which about 0.6 ms was the per-block setup.
    /// </summary>
    static virtual bool GroupingFree => false;
}

/// <summary>The plain element-by-element fold operators use when they have no faster span form.</summary>
internal static class Fold
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static TAcc Loop<T, TAcc, TOut, TOp>(TAcc acc, ReadOnlySpan<T> xs, long firstIndex)
        where T : unmanaged
        where TOp : IReduceOperator<T, TAcc, TOut>
    {
        for (int i = 0; i < xs.Length; i++)
        {
            acc = TOp.Accumulate(acc, xs[i], firstIndex + i);
        }

        return acc;
    }
}

/// <summary>Order and NaN tests on any of the twelve element types (folded per instantiation by the JIT).</summary>
internal static class ScalarCompare
{
    /// <summary>
    /// <see cref="Less{T}"/>, except that -0.0 is below +0.0 (IEEE 754 totalOrder on zeros; NaN excluded): the order
    /// the selections use, so an order statistic's zero sign does not depend on where the zeros sit in the input.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool OrderLess<T>(T a, T b)
        where T : unmanaged
    {
        if (typeof(T) == typeof(double))
        {
            double x = Unsafe.As<T, double>(ref a), y = Unsafe.As<T, double>(ref b);
            return x < y || (x == y && double.IsNegative(x) && !double.IsNegative(y));
        }

        if (typeof(T) == typeof(float))
        {
            float x = Unsafe.As<T, float>(ref a), y = Unsafe.As<T, float>(ref b);
            return x < y || (x == y && float.IsNegative(x) && !float.IsNegative(y));
        }

        if (typeof(T) == typeof(Half))
        {
            Half x = Unsafe.As<T, Half>(ref a), y = Unsafe.As<T, Half>(ref b);
            return x < y || (x == y && Half.IsNegative(x) && !Half.IsNegative(y));
        }

        return Less(a, b);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Less<T>(T a, T b)
        where T : unmanaged
    {
        if (typeof(T) == typeof(double))
        {
            return Unsafe.As<T, double>(ref a) < Unsafe.As<T, double>(ref b);
        }

        if (typeof(T) == typeof(float))
        {
            return Unsafe.As<T, float>(ref a) < Unsafe.As<T, float>(ref b);
        }

        if (typeof(T) == typeof(long))
        {
            return Unsafe.As<T, long>(ref a) < Unsafe.As<T, long>(ref b);
        }

        if (typeof(T) == typeof(int))
        {
            return Unsafe.As<T, int>(ref a) < Unsafe.As<T, int>(ref b);
        }

        if (typeof(T) == typeof(ulong))
        {
            return Unsafe.As<T, ulong>(ref a) < Unsafe.As<T, ulong>(ref b);
        }

        if (typeof(T) == typeof(uint))
        {
            return Unsafe.As<T, uint>(ref a) < Unsafe.As<T, uint>(ref b);
        }

        if (typeof(T) == typeof(short))
        {
            return Unsafe.As<T, short>(ref a) < Unsafe.As<T, short>(ref b);
        }

        if (typeof(T) == typeof(ushort))
        {
            return Unsafe.As<T, ushort>(ref a) < Unsafe.As<T, ushort>(ref b);
        }

        if (typeof(T) == typeof(sbyte))
        {
            return Unsafe.As<T, sbyte>(ref a) < Unsafe.As<T, sbyte>(ref b);
        }

        if (typeof(T) == typeof(byte))
        {
            return Unsafe.As<T, byte>(ref a) < Unsafe.As<T, byte>(ref b);
        }

        if (typeof(T) == typeof(bool))
        {
            return !Unsafe.As<T, bool>(ref a) && Unsafe.As<T, bool>(ref b);
        }

        if (typeof(T) == typeof(Half))
        {
            return Unsafe.As<T, Half>(ref a) < Unsafe.As<T, Half>(ref b);
        }

        throw new NotSupportedException($"element type {typeof(T)} is not supported");
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsNaN<T>(T x)
        where T : unmanaged
    {
        if (typeof(T) == typeof(double))
        {
            return double.IsNaN(Unsafe.As<T, double>(ref x));
        }

        if (typeof(T) == typeof(float))
        {
            return float.IsNaN(Unsafe.As<T, float>(ref x));
        }

        if (typeof(T) == typeof(Half))
        {
            return Half.IsNaN(Unsafe.As<T, Half>(ref x));
        }

        return false;
    }
}
