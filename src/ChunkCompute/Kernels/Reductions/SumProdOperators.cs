using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ChunkCompute.Kernels;

/// <summary><c>acc + (long)x</c>, wrapping (NumPy sums signed integers and bools in int64).</summary>
internal readonly struct SumInt64Operator<T> : IReduceOperator<T, long, long>
    where T : unmanaged
{
    public static long Identity => 0;

    public static long Accumulate(long acc, T x, long index) => unchecked(acc + ScalarCast.ToInt64(x));

    public static long Combine(long left, long right) => unchecked(left + right);

    public static long Finalize(long acc, long count) => acc;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static long AccumulateSpan(long acc, ReadOnlySpan<T> xs, long firstIndex)
    {
        if (WideningSum.Supports<T>())
        {
            return unchecked(acc + WideningSum.Sum(xs));
        }

        long a0 = 0, a1 = 0, a2 = 0, a3 = 0;
        int i = 0;
        unchecked
        {
            for (; i + 4 <= xs.Length; i += 4)
            {
                a0 += ScalarCast.ToInt64(xs[i]);
                a1 += ScalarCast.ToInt64(xs[i + 1]);
                a2 += ScalarCast.ToInt64(xs[i + 2]);
                a3 += ScalarCast.ToInt64(xs[i + 3]);
            }

            for (; i < xs.Length; i++)
            {
                a0 += ScalarCast.ToInt64(xs[i]);
            }

            return acc + a0 + a1 + a2 + a3;
        }
    }

    /// <summary>Column sums of integer and bool rows in 64-bit vector lanes (<see cref="WideningSum"/>); integer adds wrap, so any order gives the same sums.</summary>
    public static bool TryAccumulateRow(Span<long> acc, ReadOnlySpan<T> xs) => WideningSum.TryAddRow(acc, xs);
}

/// <summary><c>acc + (ulong)x</c>, wrapping (NumPy sums unsigned integers in uint64).</summary>
internal readonly struct SumUInt64Operator<T> : IReduceOperator<T, ulong, ulong>
    where T : unmanaged
{
    public static ulong Identity => 0;

    public static ulong Accumulate(ulong acc, T x, long index) => unchecked(acc + ScalarCast.ToUInt64(x));

    public static ulong Combine(ulong left, ulong right) => unchecked(left + right);

    public static ulong Finalize(ulong acc, long count) => acc;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ulong AccumulateSpan(ulong acc, ReadOnlySpan<T> xs, long firstIndex) =>
        WideningSum.Supports<T>() ? unchecked(acc + (ulong)WideningSum.Sum(xs)) : Fold.Loop<T, ulong, ulong, SumUInt64Operator<T>>(acc, xs, firstIndex);

    /// <summary>Column sums of unsigned rows in 64-bit vector lanes (zero-extended; the wrapping sums' bits are the signed loops').</summary>
    public static bool TryAccumulateRow(Span<ulong> acc, ReadOnlySpan<T> xs) => WideningSum.TryAddRow(MemoryMarshal.Cast<ulong, long>(acc), xs);
}

/// <summary><c>acc * (long)x</c>, wrapping.</summary>
internal readonly struct ProdInt64Operator<T> : IReduceOperator<T, long, long>
    where T : unmanaged
{
    public static long Identity => 1;

    public static long Accumulate(long acc, T x, long index) => unchecked(acc * ScalarCast.ToInt64(x));

    public static long Combine(long left, long right) => unchecked(left * right);

    public static long Finalize(long acc, long count) => acc;

    public static long AccumulateSpan(long acc, ReadOnlySpan<T> xs, long firstIndex) => Fold.Loop<T, long, long, ProdInt64Operator<T>>(acc, xs, firstIndex);
}

/// <summary><c>acc * (ulong)x</c>, wrapping.</summary>
internal readonly struct ProdUInt64Operator<T> : IReduceOperator<T, ulong, ulong>
    where T : unmanaged
{
    public static ulong Identity => 1;

    public static ulong Accumulate(ulong acc, T x, long index) => unchecked(acc * ScalarCast.ToUInt64(x));

    public static ulong Combine(ulong left, ulong right) => unchecked(left * right);

    public static ulong Finalize(ulong acc, long count) => acc;

    public static ulong AccumulateSpan(ulong acc, ReadOnlySpan<T> xs, long firstIndex) => Fold.Loop<T, ulong, ulong, ProdUInt64Operator<T>>(acc, xs, firstIndex);
}

/// <summary><c>acc * (double)x</c> for floating types, left to right inside a block (blocks combine in the fixed tree).</summary>
internal readonly struct ProdDoubleOperator<T> : IReduceOperator<T, double, double>
    where T : unmanaged
{
    public static double Identity => 1.0;

    public static double Accumulate(double acc, T x, long index) => acc * ScalarCast.ToDouble(x);

    public static double Combine(double left, double right) => left * right;

    public static double Finalize(double acc, long count) => acc;

    public static double AccumulateSpan(double acc, ReadOnlySpan<T> xs, long firstIndex) => Fold.Loop<T, double, double, ProdDoubleOperator<T>>(acc, xs, firstIndex);
}

/// <summary>Number of non-zero elements (NaN counts as non-zero), as <c>np.count_nonzero</c>.</summary>
internal readonly struct CountNonzeroOperator<T> : IReduceOperator<T, long, long>
    where T : unmanaged
{
    public static long Identity => 0;

    public static long Accumulate(long acc, T x, long index) => ScalarCast.IsNonZero(x) ? acc + 1 : acc;

    public static long Combine(long left, long right) => left + right;

    public static long Finalize(long acc, long count) => acc;

    public static long AccumulateSpan(long acc, ReadOnlySpan<T> xs, long firstIndex) =>
        TruthKernel.Vectorizes<T>() ? acc + xs.Length - TruthKernel.CountZeros(xs) : Fold.Loop<T, long, long, CountNonzeroOperator<T>>(acc, xs, firstIndex);
}

/// <summary>Number of elements that are not NaN (the divisor of the NaN-skipping means and variances).</summary>
internal readonly struct CountNotNaNOperator<T> : IReduceOperator<T, long, long>
    where T : unmanaged
{
    public static long Identity => 0;

    public static long Accumulate(long acc, T x, long index) => ScalarCompare.IsNaN(x) ? acc : acc + 1;

    public static long Combine(long left, long right) => left + right;

    public static long Finalize(long acc, long count) => acc;

    public static long AccumulateSpan(long acc, ReadOnlySpan<T> xs, long firstIndex) =>
        TruthKernel.Vectorizes<T>() ? acc + xs.Length - TruthKernel.CountNaN(xs) : Fold.Loop<T, long, long, CountNotNaNOperator<T>>(acc, xs, firstIndex);
}

/// <summary><c>acc || x != 0</c>, as <c>np.any</c>.</summary>
internal readonly struct AnyOperator<T> : IReduceOperator<T, bool, bool>
    where T : unmanaged
{
    public static bool Identity => false;

    public static bool Accumulate(bool acc, T x, long index) => acc || ScalarCast.IsNonZero(x);

    public static bool Combine(bool left, bool right) => left || right;

    public static bool Finalize(bool acc, long count) => acc;

    public static bool AccumulateSpan(bool acc, ReadOnlySpan<T> xs, long firstIndex) =>
        acc || (TruthKernel.Vectorizes<T>() ? TruthKernel.AnyNonzero(xs) : Fold.Loop<T, bool, bool, AnyOperator<T>>(acc, xs, firstIndex));
}

/// <summary><c>acc &amp;&amp; x != 0</c>, as <c>np.all</c>.</summary>
internal readonly struct AllOperator<T> : IReduceOperator<T, bool, bool>
    where T : unmanaged
{
    public static bool Identity => true;

    public static bool Accumulate(bool acc, T x, long index) => acc && ScalarCast.IsNonZero(x);

    public static bool Combine(bool left, bool right) => left && right;

    public static bool Finalize(bool acc, long count) => acc;

    public static bool AccumulateSpan(bool acc, ReadOnlySpan<T> xs, long firstIndex) =>
        acc && (TruthKernel.Vectorizes<T>() ? !TruthKernel.AnyZero(xs) : Fold.Loop<T, bool, bool, AllOperator<T>>(acc, xs, firstIndex));
}
