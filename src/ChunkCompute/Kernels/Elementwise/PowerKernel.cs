using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ChunkCompute.Kernels.Elementwise;

/// <summary><c>x ** y</c> for floating point (<see cref="TensorPrimitives.Pow{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T})"/>).</summary>
internal readonly struct PowerKernel<T> : IBinaryKernel<T, T, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static void Invoke(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination) => TensorPrimitives.Pow(x, y, destination);
}
