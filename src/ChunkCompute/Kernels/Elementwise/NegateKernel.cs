using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ChunkCompute.Kernels.Elementwise;

/// <summary><c>-x</c> (integers wrap: <c>-MinValue == MinValue</c>; <see cref="TensorPrimitives.Negate{T}(ReadOnlySpan{T}, Span{T})"/>).</summary>
internal readonly struct NegateKernel<T> : IUnaryKernel<T, T>
    where T : unmanaged, INumberBase<T>
{
    public static void Invoke(ReadOnlySpan<T> x, Span<T> destination) => TensorPrimitives.Negate(x, destination);
}
