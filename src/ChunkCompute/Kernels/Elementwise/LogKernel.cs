using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace ChunkCompute.Kernels.Elementwise;

/// <summary>
/// <c>log(x)</c>: double through our vector kernel (<see cref="VectorLog"/>, within 1 ULP), because
/// <c>TensorPrimitives.Log</c> on double measured 2 ULP from glibc (over NumPy's 2-ULP cap once glibc's own error is
/// added); float through <see cref="VectorLogSingle"/> (TensorPrimitives' float log stayed tier-0 code for its
/// first calls, 13–15 ms per 1M values); Half by table (<see cref="HalfLookup{TKernel}"/>: the float64 result rounded once).
/// </summary>
internal readonly struct LogKernel<T> : IUnaryKernel<T, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static void Invoke(ReadOnlySpan<T> x, Span<T> destination)
    {
        if (typeof(T) == typeof(double))
        {
            SpanMath.Log(MemoryMarshal.Cast<T, double>(x), MemoryMarshal.Cast<T, double>(destination));
            return;
        }

        if (typeof(T) == typeof(float))
        {
            SpanMath.Log(MemoryMarshal.Cast<T, float>(x), MemoryMarshal.Cast<T, float>(destination));
            return;
        }

        if (typeof(T) == typeof(Half))
        {
            HalfLookup<LogKernel<double>>.Invoke(MemoryMarshal.Cast<T, Half>(x), MemoryMarshal.Cast<T, Half>(destination));
            return;
        }

        TensorPrimitives.Log(x, destination);
    }
}
