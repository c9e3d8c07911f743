using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ChunkCompute.Kernels.Elementwise;

/// <summary><c>log2(x)</c> (<see cref="TensorPrimitives.Log2{T}(ReadOnlySpan{T}, Span{T})"/>).</summary>
internal readonly struct Log2Kernel<T> : IUnaryKernel<T, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static void Invoke(ReadOnlySpan<T> x, Span<T> destination) => TensorPrimitives.Log2(x, destination);
}
