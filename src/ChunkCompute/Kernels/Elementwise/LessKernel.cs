using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ChunkCompute.Kernels.Elementwise;

/// <summary><c>x &lt; y</c>.</summary>
internal readonly struct LessOperator<T> : IScalarBinaryOperator<T, bool>
    where T : unmanaged, INumber<T>
{
    public static bool Invoke(T x, T y) => x < y;
}

/// <summary>Span kernel for <see cref="LessOperator{T}"/>.</summary>
internal readonly struct LessKernel<T> : IBinaryKernel<T, T, bool>
    where T : unmanaged, INumber<T>
{
    public static void Invoke(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<bool> destination) => BinaryDriver.InvokeScalar<T, bool, LessOperator<T>>(x, y, destination);
}
