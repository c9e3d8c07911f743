using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ChunkCompute.Kernels.Elementwise;

/// <summary><c>sqrt(x)</c>: <see cref="TensorPrimitives.Sqrt{T}(ReadOnlySpan{T}, Span{T})"/> for double and float; Half by table (<see cref="HalfLookup{TKernel}"/>).</summary>
internal readonly struct SqrtKernel<T> : IUnaryKernel<T, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static void Invoke(ReadOnlySpan<T> x, Span<T> destination)
    {
        if (typeof(T) == typeof(Half))
        {
            HalfLookup<SqrtKernel<double>>.Invoke(MemoryMarshal.Cast<T, Half>(x), MemoryMarshal.Cast<T, Half>(destination));
            return;
        }

        TensorPrimitives.Sqrt(x, destination);
    }
}
