using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ChunkCompute.Kernels.Elementwise;

/// <summary>
/// <c>tan(x)</c>: float through our operator (<see cref="TanSingleOperator"/>: a rational function in double, rounded once;
/// <c>TensorPrimitives.Tan</c> on float was scalar, 9x NumPy's time), double and Half through
/// <see cref="TensorPrimitives.Tan{T}(ReadOnlySpan{T}, Span{T})"/>.
/// </summary>
internal readonly struct TanKernel<T> : IUnaryKernel<T, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static void Invoke(ReadOnlySpan<T> x, Span<T> destination)
    {
        if (typeof(T) == typeof(float))
        {
            UnaryDriver.Invoke<float, TanSingleOperator>(MemoryMarshal.Cast<T, float>(x), MemoryMarshal.Cast<T, float>(destination));
            return;
        }

        TensorPrimitives.Tan(x, destination);
    }
}
