using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ChunkCompute.Kernels.Elementwise;

/// <summary>
/// <c>log2(x)</c>: double through our vector kernel (<see cref="Log2Operator"/>, <see cref="VectorLogBase"/>:
/// within 1 ULP, 0.83 measured; glibc's per-element <c>log2</c> cost about 5 ns per value, and
/// <c>TensorPrimitives.Log2</c> on double measured 2 ULP from glibc); float through <see cref="Log2SingleOperator"/>
/// (<see cref="VectorLogBaseSingle"/>, the same method in float lanes; <c>TensorPrimitives.Log2</c> on float stayed
/// tier-0 code for its first calls); Half by table (<see cref="HalfLookup{TKernel}"/>: the float64 result rounded
/// once; <c>TensorPrimitives</c>' Half path needed padding for short spans and dropped NaN payloads).
/// </summary>
internal readonly struct Log2Kernel<T> : IUnaryKernel<T, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Invoke(ReadOnlySpan<T> x, Span<T> destination)
    {
        if (typeof(T) == typeof(double))
        {
            UnaryDriver.Invoke<double, Log2Operator>(MemoryMarshal.Cast<T, double>(x), MemoryMarshal.Cast<T, double>(destination));
            return;
        }

        if (typeof(T) == typeof(float))
        {
            UnaryDriver.Invoke<float, Log2SingleOperator>(MemoryMarshal.Cast<T, float>(x), MemoryMarshal.Cast<T, float>(destination));
            return;
        }

        if (typeof(T) == typeof(Half))
        {
            HalfLookup<Log2Kernel<double>>.Invoke(MemoryMarshal.Cast<T, Half>(x), MemoryMarshal.Cast<T, Half>(destination));
            return;
        }

        TensorPrimitives.Log2(x, destination);
    }
}
