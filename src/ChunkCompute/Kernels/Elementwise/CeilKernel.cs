using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ChunkCompute.Kernels.Elementwise;

/// <summary><c>ceil(x)</c> (<see cref="TensorPrimitives.Ceiling{T}(ReadOnlySpan{T}, Span{T})"/>).</summary>
internal readonly struct CeilKernel<T> : IUnaryKernel<T, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static void Invoke(ReadOnlySpan<T> x, Span<T> destination) => TensorPrimitives.Ceiling(x, destination);
}
