using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace ChunkCompute.Kernels.Elementwise;

/// <summary>
/// <c>log(x)</c>: double through our vector kernel (<see cref="VectorLog"/>, within 1 ULP), because
/// <c>TensorPrimitives.Log</c> on double measured 2 ULP from glibc (over NumPy's 2-ULP cap once glibc's own error is
/// added); float and Half through <see cref="TensorPrimitives"/> (within the float cap in the accuracy tests).
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

        TensorPrimitives.Log(x, destination);
    }
}
