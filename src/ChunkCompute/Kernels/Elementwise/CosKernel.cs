using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ChunkCompute.Kernels.Elementwise;

/// <summary><c>cos(x)</c>: our own vector kernel (<see cref="SpanMath.Cos(ReadOnlySpan{double}, Span{double})"/>) for double and float; Half by table (<see cref="HalfLookup{TKernel}"/>: the float64 result rounded once).</summary>
internal readonly struct CosKernel<T> : IUnaryKernel<T, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static void Invoke(ReadOnlySpan<T> x, Span<T> destination)
    {
        if (typeof(T) == typeof(double))
        {
            SpanMath.Cos(MemoryMarshal.Cast<T, double>(x), MemoryMarshal.Cast<T, double>(destination));
        }
        else if (typeof(T) == typeof(float))
        {
            SpanMath.Cos(MemoryMarshal.Cast<T, float>(x), MemoryMarshal.Cast<T, float>(destination));
        }
        else if (typeof(T) == typeof(Half))
        {
            HalfLookup<CosKernel<double>>.Invoke(MemoryMarshal.Cast<T, Half>(x), MemoryMarshal.Cast<T, Half>(destination));
        }
        else
        {
            TensorPrimitives.Cos(x, destination);
        }
    }
}
