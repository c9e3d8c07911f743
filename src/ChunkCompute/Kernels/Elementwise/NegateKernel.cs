using System.Numerics;
using System.Runtime.Intrinsics;

namespace ChunkCompute.Kernels.Elementwise;

/// <summary><c>-x</c> (integers wrap: <c>-MinValue == MinValue</c>; floats flip the sign bit, so <c>-0.0</c> and NaN keep their payload).</summary>
internal readonly struct NegateOperator<T> : IUnaryOperator<T>
    where T : unmanaged, INumberBase<T>
{
    public static bool Vectorizable => true;

    public static T Invoke(T x) => -x;

    public static Vector128<T> Invoke(Vector128<T> x) => -x;

    public static Vector256<T> Invoke(Vector256<T> x) => -x;

    public static Vector512<T> Invoke(Vector512<T> x) => -x;
}

/// <summary>
/// Span kernel for <see cref="NegateOperator{T}"/>. Our operator through <see cref="UnaryDriver"/> rather than <c>TensorPrimitives</c>: the package's generic
/// loops start as tier-0 code, and called on short spans (the fused evaluator's 4 KiB blocks, N-D runs, column
/// lanes) they stay there for hundreds of calls, 5–10 times slower (see docs/ARCHITECTURE.md, "Tiered compilation").
/// Same bits: one IEEE operation per element.
/// </summary>
internal readonly struct NegateKernel<T> : IUnaryKernel<T, T>
    where T : unmanaged, INumberBase<T>
{
    public static void Invoke(ReadOnlySpan<T> x, Span<T> destination) => UnaryDriver.Invoke<T, NegateOperator<T>>(x, destination);
}
