using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ChunkCompute.Kernels.Elementwise;

/// <summary><c>x * y</c> (<see cref="TensorPrimitives.Multiply{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T})"/> does the SIMD work).</summary>
internal readonly struct MultiplyKernel<T> : IBinaryKernel<T, T, T>
    where T : unmanaged, INumberBase<T>
{
    public static void Invoke(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination) => TensorPrimitives.Multiply(x, y, destination);
}
