using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ChunkCompute.Kernels.Elementwise;

/// <summary><c>isnan(x)</c>.</summary>
internal readonly struct IsNaNOperator<T> : IScalarUnaryOperator<T, bool>
    where T : unmanaged, INumberBase<T>
{
    public static bool Invoke(T x) => T.IsNaN(x);
}

/// <summary>Span kernel for <see cref="IsNaNOperator{T}"/>.</summary>
internal readonly struct IsNaNKernel<T> : IUnaryKernel<T, bool>
    where T : unmanaged, INumberBase<T>
{
    public static void Invoke(ReadOnlySpan<T> x, Span<bool> destination) => UnaryDriver.InvokeScalar<T, bool, IsNaNOperator<T>>(x, destination);
}
