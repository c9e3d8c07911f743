using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ChunkCompute.Kernels.Elementwise;

/// <summary><c>x &amp; y</c> (<see cref="TensorPrimitives.BitwiseAnd{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T})"/> does the SIMD work).</summary>
internal readonly struct BitwiseAndKernel<T> : IBinaryKernel<T, T, T>
    where T : unmanaged, IBinaryInteger<T>
{
    public static void Invoke(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination) => TensorPrimitives.BitwiseAnd(x, y, destination);
}
