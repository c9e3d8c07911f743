using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ChunkCompute.Kernels.Elementwise;

/// <summary>
/// <c>tan(x)</c>: float through our operator (<see cref="TanSingleOperator"/>: a rational function in double, rounded once;
/// <c>TensorPrimitives.Tan</c> on float was scalar, 9x NumPy's time), double through <see cref="TanDoubleOperator"/>
/// (<c>TensorPrimitives</c>' double bits depended on an element's position and neighbours), Half by table
/// (<see cref="HalfLookup{TKernel}"/>: the float64 result rounded once).
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

        if (typeof(T) == typeof(double))
        {
            UnaryDriver.Invoke<double, TanDoubleOperator>(MemoryMarshal.Cast<T, double>(x), MemoryMarshal.Cast<T, double>(destination));
            return;
        }

        if (typeof(T) == typeof(Half))
        {
            HalfLookup<TanKernel<double>>.Invoke(MemoryMarshal.Cast<T, Half>(x), MemoryMarshal.Cast<T, Half>(destination));
            return;
        }

        TensorPrimitives.Tan(x, destination);
    }
}
