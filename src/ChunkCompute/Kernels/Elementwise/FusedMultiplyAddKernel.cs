using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ChunkCompute.Kernels.Elementwise;

/// <summary><c>x * y + z</c>: one rounding for floating point (<see cref="TensorPrimitives.FusedMultiplyAdd{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T})"/>), wrapping for integers.</summary>
internal readonly struct FusedMultiplyAddKernel<T> : ITernaryKernel<T, T, T, T>
    where T : unmanaged, INumber<T>
{
    public static void Invoke(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> z, Span<T> destination)
    {
        if (typeof(T) == typeof(double))
        {
            TensorPrimitives.FusedMultiplyAdd(MemoryMarshal.Cast<T, double>(x), MemoryMarshal.Cast<T, double>(y), MemoryMarshal.Cast<T, double>(z), MemoryMarshal.Cast<T, double>(destination));
        }
        else if (typeof(T) == typeof(float))
        {
            TensorPrimitives.FusedMultiplyAdd(MemoryMarshal.Cast<T, float>(x), MemoryMarshal.Cast<T, float>(y), MemoryMarshal.Cast<T, float>(z), MemoryMarshal.Cast<T, float>(destination));
        }
        else if (typeof(T) == typeof(Half))
        {
            TensorPrimitives.FusedMultiplyAdd(MemoryMarshal.Cast<T, Half>(x), MemoryMarshal.Cast<T, Half>(y), MemoryMarshal.Cast<T, Half>(z), MemoryMarshal.Cast<T, Half>(destination));
        }
        else
        {
            TensorPrimitives.MultiplyAdd(x, y, z, destination);
        }
    }
}
