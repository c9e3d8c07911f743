using System.Runtime.CompilerServices;
using ChunkCompute.Execution;
using ChunkCompute.Storage;

namespace ChunkCompute.Kernels;

/// <summary>
/// The reductions behind the public API: each takes a validated <see cref="ReductionPlan"/> and returns a new array
/// of NumPy's result dtype and the plan's output shape (0-d for a full reduction without keepdims).
/// </summary>
/// <remarks>
/// Result dtypes (as NumPy on 64-bit Linux): Sum/Prod/NanSum of signed integers and bool → int64, of unsigned
/// integers → uint64 (wrapping), of floats → the same float type. Mean/Var/Std and their NaN variants: floats keep
/// their type, integers and bool give float64. Floating sums of every width are accumulated in float64 with
/// <see cref="ReproducibleSum"/> and rounded once at the end (NumPy accumulates float32 pairwise in float32: our
/// float32 results are at least as accurate and may differ from NumPy's in the last bit).
/// </remarks>
internal static class ReductionKernels
{
    public static NdArray Sum<T>(NdArray<T> a, ReductionPlan p, ExecutionSettings? s)
        where T : unmanaged
    {
        if (ScalarCast.IsFloat<T>())
        {
            return FromDoubles<T>(ReductionDriver.Sums<T, IdentityTerm>(a, p, null, s), p);
        }

        return ReductionTypes.IsUnsignedInteger<T>()
            ? Make(ReductionDriver.Reduce<T, ulong, ulong, SumUInt64Operator<T>>(a, p, s), p)
            : Make(ReductionDriver.Reduce<T, long, long, SumInt64Operator<T>>(a, p, s), p);
    }

    public static NdArray NanSum<T>(NdArray<T> a, ReductionPlan p, ExecutionSettings? s)
        where T : unmanaged =>
        ScalarCast.IsFloat<T>() ? FromDoubles<T>(ReductionDriver.Sums<T, NanToZeroTerm>(a, p, null, s), p) : Sum(a, p, s);

    public static NdArray Prod<T>(NdArray<T> a, ReductionPlan p, ExecutionSettings? s)
        where T : unmanaged
    {
        if (ScalarCast.IsFloat<T>())
        {
            return FromDoubles<T>(ReductionDriver.Reduce<T, double, double, ProdDoubleOperator<T>>(a, p, s), p);
        }

        return ReductionTypes.IsUnsignedInteger<T>()
            ? Make(ReductionDriver.Reduce<T, ulong, ulong, ProdUInt64Operator<T>>(a, p, s), p)
            : Make(ReductionDriver.Reduce<T, long, long, ProdInt64Operator<T>>(a, p, s), p);
    }

    /// <summary>Per-output means as float64 (NaN for empty reductions).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double[] MeanValues<T>(NdArray<T> a, ReductionPlan p, ExecutionSettings? s)
        where T : unmanaged
    {
        var sums = ReductionDriver.Sums<T, IdentityTerm>(a, p, null, s);
        double n = p.ReducedLength;
        for (int i = 0; i < sums.Length; i++)
        {
            sums[i] /= n;
        }

        return sums;
    }

    public static NdArray Mean<T>(NdArray<T> a, ReductionPlan p, ExecutionSettings? s)
        where T : unmanaged => FloatResult<T>(MeanValues(a, p, s), p);

    /// <summary>
    /// Variances over <c>max(n - ddof, 0)</c> from one-pass <see cref="Moments"/> (two passes only for column
    /// reductions); NaN for empty reductions.
    /// </summary>
    public static double[] VarValues<T>(NdArray<T> a, ReductionPlan p, double ddof, ExecutionSettings? s)
        where T : unmanaged => VarianceOf(MomentsDriver.Compute(a, p, s), p, ddof, out _);

    /// <summary>Means and standard deviations from the same pass (the means have the bits of <c>Mean()</c>).</summary>
    public static (double[] Mean, double[] Std) MeanStdValues<T>(NdArray<T> a, ReductionPlan p, double ddof, ExecutionSettings? s)
        where T : unmanaged
    {
        var var = VarianceOf(MomentsDriver.Compute(a, p, s), p, ddof, out var means);
        return (means, Sqrt(var));
    }

    private static double[] VarianceOf(Moments[] moments, ReductionPlan p, double ddof, out double[] means)
    {
        double n = p.ReducedLength;
        double div = Math.Max(p.ReducedLength - ddof, 0);
        means = new double[moments.Length];
        var result = new double[moments.Length];
        for (int i = 0; i < moments.Length; i++)
        {
            means[i] = moments[i].Sum / n;
            // NumPy: sum of squares / max(n - ddof, 0); an empty slice's sum is 0, so NaN (0/0) for ddof >= 0 and 0 for ddof < 0.
            result[i] = (p.ReducedLength == 0 ? 0.0 : moments[i].M2) / div;
        }

        return result;
    }

    public static NdArray Var<T>(NdArray<T> a, ReductionPlan p, double ddof, ExecutionSettings? s)
        where T : unmanaged => FloatResult<T>(VarValues(a, p, ddof, s), p);

    public static NdArray Std<T>(NdArray<T> a, ReductionPlan p, double ddof, ExecutionSettings? s)
        where T : unmanaged => FloatResult<T>(Sqrt(VarValues(a, p, ddof, s)), p);

    public static double[] NanMeanValues<T>(NdArray<T> a, ReductionPlan p, ExecutionSettings? s, out long[] counts)
        where T : unmanaged
    {
        if (!ScalarCast.IsFloat<T>())
        {
            counts = new long[p.OutSize];
            Array.Fill(counts, p.ReducedLength);
            return MeanValues(a, p, s);
        }

        var sums = ReductionDriver.Sums<T, NanToZeroTerm>(a, p, null, s);
        counts = ReductionDriver.Reduce<T, long, long, CountNotNaNOperator<T>>(a, p, s);
        for (int i = 0; i < sums.Length; i++)
        {
            sums[i] = counts[i] == 0 ? double.NaN : sums[i] / counts[i];
        }

        return sums;
    }

    public static NdArray NanMean<T>(NdArray<T> a, ReductionPlan p, ExecutionSettings? s)
        where T : unmanaged => FloatResult<T>(NanMeanValues(a, p, s, out _), p);

    public static double[] NanVarValues<T>(NdArray<T> a, ReductionPlan p, double ddof, ExecutionSettings? s)
        where T : unmanaged
    {
        if (!ScalarCast.IsFloat<T>())
        {
            return VarValues(a, p, ddof, s);
        }

        var means = NanMeanValues(a, p, s, out var counts);
        var sq = ReductionDriver.Sums<T, NanSquaredDeviationTerm>(a, p, means, s);
        for (int i = 0; i < sq.Length; i++)
        {
            // NumPy's nanvar: NaN where no degree of freedom is left (count - ddof <= 0), where np.var divides by
            // max(n - ddof, 0) and gives inf; integer input goes through np.var (above) and keeps that.
            double dof = counts[i] - ddof;
            sq[i] = dof <= 0 ? double.NaN : (counts[i] == 0 ? 0.0 : sq[i]) / dof;
        }

        return sq;
    }

    public static NdArray NanVar<T>(NdArray<T> a, ReductionPlan p, double ddof, ExecutionSettings? s)
        where T : unmanaged => FloatResult<T>(NanVarValues(a, p, ddof, s), p);

    public static NdArray NanStd<T>(NdArray<T> a, ReductionPlan p, double ddof, ExecutionSettings? s)
        where T : unmanaged => FloatResult<T>(Sqrt(NanVarValues(a, p, ddof, s)), p);

    public static NdArray<T> Max<T>(NdArray<T> a, ReductionPlan p, ExecutionSettings? s)
        where T : unmanaged
    {
        ThrowIfEmpty(p, "maximum");
        return Make(ReductionDriver.Reduce<T, T, T, MaxOperator<T>>(a, p, s), p);
    }

    public static NdArray<T> Min<T>(NdArray<T> a, ReductionPlan p, ExecutionSettings? s)
        where T : unmanaged
    {
        ThrowIfEmpty(p, "minimum");
        return Make(ReductionDriver.Reduce<T, T, T, MinOperator<T>>(a, p, s), p);
    }

    public static NdArray<T> NanMax<T>(NdArray<T> a, ReductionPlan p, ExecutionSettings? s)
        where T : unmanaged
    {
        ThrowIfEmpty(p, "fmax");
        return ScalarCast.IsFloat<T>() ? Make(ReductionDriver.Reduce<T, T, T, NanMaxOperator<T>>(a, p, s), p) : Max(a, p, s);
    }

    public static NdArray<T> NanMin<T>(NdArray<T> a, ReductionPlan p, ExecutionSettings? s)
        where T : unmanaged
    {
        ThrowIfEmpty(p, "fmin");
        return ScalarCast.IsFloat<T>() ? Make(ReductionDriver.Reduce<T, T, T, NanMinOperator<T>>(a, p, s), p) : Min(a, p, s);
    }

    public static NdArray<long> ArgMax<T>(NdArray<T> a, ReductionPlan p, ExecutionSettings? s)
        where T : unmanaged
    {
        ThrowIfEmptyArg(p, "argmax");
        return Make(ReductionDriver.Reduce<T, ArgPartial<T>, long, ArgMaxOperator<T>>(a, p, s), p);
    }

    public static NdArray<long> ArgMin<T>(NdArray<T> a, ReductionPlan p, ExecutionSettings? s)
        where T : unmanaged
    {
        ThrowIfEmptyArg(p, "argmin");
        return Make(ReductionDriver.Reduce<T, ArgPartial<T>, long, ArgMinOperator<T>>(a, p, s), p);
    }

    public static NdArray<bool> Any<T>(NdArray<T> a, ReductionPlan p, ExecutionSettings? s)
        where T : unmanaged => Make(ReductionDriver.Reduce<T, bool, bool, AnyOperator<T>>(a, p, s), p);

    public static NdArray<bool> All<T>(NdArray<T> a, ReductionPlan p, ExecutionSettings? s)
        where T : unmanaged => Make(ReductionDriver.Reduce<T, bool, bool, AllOperator<T>>(a, p, s), p);

    public static NdArray<long> CountNonzero<T>(NdArray<T> a, ReductionPlan p, ExecutionSettings? s)
        where T : unmanaged => Make(ReductionDriver.Reduce<T, long, long, CountNonzeroOperator<T>>(a, p, s), p);

    // ------------------------------------------------------------------ helpers

    internal static NdArray<TOut> Make<TOut>(TOut[] data, ReductionPlan p)
        where TOut : unmanaged => Make(data, p.OutShape);

    internal static NdArray<TOut> Make<TOut>(TOut[] data, long[] shape)
        where TOut : unmanaged => new(new ManagedStorage<TOut>(data), shape, NdArray.CStrides(shape), 0, ownsStorage: true);

    /// <summary>Float inputs keep their type; integer inputs give float64.</summary>
    internal static NdArray FloatResult<T>(double[] values, ReductionPlan p)
        where T : unmanaged => ScalarCast.IsFloat<T>() ? FromDoubles<T>(values, p) : Make(values, p);

    private static NdArray<T> FromDoubles<T>(double[] values, ReductionPlan p)
        where T : unmanaged
    {
        if (typeof(T) == typeof(double))
        {
            return (NdArray<T>)(NdArray)Make(values, p);
        }

        var r = new T[values.Length];
        for (int i = 0; i < r.Length; i++)
        {
            r[i] = ScalarCast.FromDouble<T>(values[i]);
        }

        return Make(r, p);
    }

    private static double[] Sqrt(double[] v)
    {
        for (int i = 0; i < v.Length; i++)
        {
            v[i] = Math.Sqrt(v[i]);
        }

        return v;
    }

    // NumPy raises whenever the reduced length is 0, even when the result itself would be empty
    // (np.zeros((0, 0)).max(axis=0) raises; np.zeros((3, 0)).max(axis=0) gives an empty array).
    private static void ThrowIfEmpty(ReductionPlan p, string name)
    {
        if (p.ReducedLength == 0)
        {
            ThrowHelper.ThrowArgument($"zero-size array to reduction operation {name} which has no identity");
        }
    }

    private static void ThrowIfEmptyArg(ReductionPlan p, string name)
    {
        if (p.ReducedLength == 0)
        {
            ThrowHelper.ThrowArgument($"attempt to get {name} of an empty sequence");
        }
    }
}
