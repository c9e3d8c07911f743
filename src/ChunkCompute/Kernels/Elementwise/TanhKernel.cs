using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ChunkCompute.Kernels.Elementwise;

/// <summary>
/// <c>tanh(x)</c>: our own vector kernels, <see cref="VectorTanh"/> (within 2 ULP) for double and
/// <see cref="TanhSingleOperator"/> (double lanes to float accuracy, rounded once) for float; Half by table
/// (<see cref="HalfLookup{TKernel}"/>: the float64 result rounded once). Not <c>TensorPrimitives.Tanh</c>:
/// it returned 0 for tanh(-1e-300) and -2.4e-7 for float tanh(0) (NumPy fixture test).
/// </summary>
internal readonly struct TanhKernel<T> : IUnaryKernel<T, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Invoke(ReadOnlySpan<T> x, Span<T> destination)
    {
        if (typeof(T) == typeof(double))
        {
            SpanMath.Tanh(MemoryMarshal.Cast<T, double>(x), MemoryMarshal.Cast<T, double>(destination));
            return;
        }

        if (typeof(T) == typeof(float))
        {
            SpanMath.Tanh(MemoryMarshal.Cast<T, float>(x), MemoryMarshal.Cast<T, float>(destination));
            return;
        }

        if (typeof(T) == typeof(Half))
        {
            HalfLookup<TanhKernel<double>>.Invoke(MemoryMarshal.Cast<T, Half>(x), MemoryMarshal.Cast<T, Half>(destination));
            return;
        }

        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = T.CreateTruncating(Math.Tanh(double.CreateTruncating(x[i])));
        }
    }
}
