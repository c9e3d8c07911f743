using System.Numerics;
using System.Runtime.Intrinsics;

namespace ChunkCompute.Kernels.Elementwise;

/// <summary><c>x / y</c> for floating point.</summary>
internal readonly struct DivideOperator<T> : IBinaryOperator<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => true;

    public static T Invoke(T x, T y) => x / y;

    public static Vector128<T> Invoke(Vector128<T> x, Vector128<T> y) => x / y;

    public static Vector256<T> Invoke(Vector256<T> x, Vector256<T> y) => x / y;

    public static Vector512<T> Invoke(Vector512<T> x, Vector512<T> y) => x / y;
}

/// <summary>
/// Span kernel for <see cref="DivideOperator{T}"/>. Our operator through <see cref="BinaryDriver"/> rather than <c>TensorPrimitives</c>: the package's generic
/// loops start as tier-0 code, and called on short spans (the fused evaluator's 4 KiB blocks, N-D runs, column
/// lanes) they stay there for hundreds of calls, 5–10 times slower (see docs/ARCHITECTURE.md, "Tiered compilation").
/// Same bits: one IEEE operation per element.
/// </summary>
internal readonly struct DivideKernel<T> : IBinaryKernel<T, T, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static void Invoke(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination) => BinaryDriver.Invoke<T, DivideOperator<T>>(x, y, destination);
}
