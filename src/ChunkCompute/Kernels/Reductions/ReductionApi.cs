namespace ChunkCompute.Kernels;

/// <summary>Boundary helpers of the public reduction API: axis validation and result conversions.</summary>
internal static class ReductionApi
{
    public static ReductionPlan Plan(NdArray a, int? axis, bool keepDims)
    {
        ArgumentNullException.ThrowIfNull(a);
        return axis is int ax ? ReductionPlan.Create(a, [ax], false, keepDims) : ReductionPlan.Create(a, [], true, keepDims);
    }

    public static ReductionPlan Plan(NdArray a, int[] axes, bool keepDims)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(axes);
        return ReductionPlan.Create(a, axes, false, keepDims);
    }

    /// <summary>The single element of a 0-d result as float64.</summary>
    public static double ScalarAsDouble(NdArray r) => r switch
    {
        NdArray<double> d => d.DangerousGetReferenceForRead(),
        NdArray<float> f => f.DangerousGetReferenceForRead(),
        NdArray<Half> h => (double)h.DangerousGetReferenceForRead(),
        NdArray<long> l => l.DangerousGetReferenceForRead(),
        NdArray<ulong> u => u.DangerousGetReferenceForRead(),
        _ => throw new InvalidOperationException($"unexpected result dtype {r.DType}"),
    };

    /// <summary>The single element of a 0-d result.</summary>
    public static TOut Scalar<TOut>(NdArray<TOut> r)
        where TOut : unmanaged => r.DangerousGetReferenceForRead();

    /// <summary>The result as float64 (no copy when it already is).</summary>
    public static NdArray<double> AsDouble(NdArray r) => r as NdArray<double> ?? r.AsType<double>();
}
