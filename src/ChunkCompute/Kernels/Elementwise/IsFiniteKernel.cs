using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ChunkCompute.Kernels.Elementwise;

/// <summary><c>isfinite(x)</c>.</summary>
internal readonly struct IsFiniteOperator<T> : IScalarUnaryOperator<T, bool>
    where T : unmanaged, INumberBase<T>
{
    public static bool Invoke(T x) => T.IsFinite(x);
}

/// <summary>Span kernel for <see cref="IsFiniteOperator{T}"/>.</summary>
internal readonly struct IsFiniteKernel<T> : IUnaryKernel<T, bool>
    where T : unmanaged, INumberBase<T>
{
    public static void Invoke(ReadOnlySpan<T> x, Span<bool> destination) => UnaryDriver.InvokeScalar<T, bool, IsFiniteOperator<T>>(x, destination);
}
