using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ChunkCompute.Kernels.Elementwise;

/// <summary><c>(x != 0) ^ (y != 0)</c>.</summary>
internal readonly struct LogicalXorOperator<T> : IScalarBinaryOperator<T, bool>
    where T : unmanaged, INumberBase<T>
{
    public static bool Invoke(T x, T y) => !T.IsZero(x) ^ !T.IsZero(y);
}

/// <summary>Span kernel for <see cref="LogicalXorOperator{T}"/>.</summary>
internal readonly struct LogicalXorKernel<T> : IBinaryKernel<T, T, bool>
    where T : unmanaged, INumberBase<T>
{
    public static void Invoke(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<bool> destination) => BinaryDriver.InvokeScalar<T, bool, LogicalXorOperator<T>>(x, y, destination);
}
