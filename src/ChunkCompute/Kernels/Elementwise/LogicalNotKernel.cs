using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ChunkCompute.Kernels.Elementwise;

/// <summary><c>x == 0</c>.</summary>
internal readonly struct LogicalNotOperator<T> : IScalarUnaryOperator<T, bool>
    where T : unmanaged, INumberBase<T>
{
    public static bool Invoke(T x) => T.IsZero(x);
}

/// <summary>Span kernel for <see cref="LogicalNotOperator{T}"/>.</summary>
internal readonly struct LogicalNotKernel<T> : IUnaryKernel<T, bool>
    where T : unmanaged, INumberBase<T>
{
    public static void Invoke(ReadOnlySpan<T> x, Span<bool> destination) => UnaryDriver.InvokeScalar<T, bool, LogicalNotOperator<T>>(x, destination);
}
