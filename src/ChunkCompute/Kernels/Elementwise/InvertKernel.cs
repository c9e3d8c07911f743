using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ChunkCompute.Kernels.Elementwise;

/// <summary><c>~x</c> for integers (<see cref="TensorPrimitives.OnesComplement{T}(ReadOnlySpan{T}, Span{T})"/>).</summary>
internal readonly struct InvertKernel<T> : IUnaryKernel<T, T>
    where T : unmanaged, IBinaryInteger<T>
{
    public static void Invoke(ReadOnlySpan<T> x, Span<T> destination) => TensorPrimitives.OnesComplement(x, destination);
}
