using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ChunkCompute.Kernels.Elementwise;

/// <summary>
/// <c>log2(x)</c>: double through <see cref="Math.Log2(double)"/> per element (glibc, within 1 ULP), because
/// <c>TensorPrimitives.Log2</c> on double measured 2 ULP from glibc (over NumPy's 2-ULP cap once glibc's own error is
/// added); float and Half through <see cref="TensorPrimitives"/> (within the float cap in the accuracy tests), short
/// spans padded (<see cref="VectorOnly"/>) so that every element gets the vector code's bits wherever it sits.
/// </summary>
internal readonly struct Log2Kernel<T> : IUnaryKernel<T, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Invoke(ReadOnlySpan<T> x, Span<T> destination)
    {
        if (typeof(T) == typeof(double))
        {
            var s = MemoryMarshal.Cast<T, double>(x);
            var d = MemoryMarshal.Cast<T, double>(destination);
            for (int i = 0; i < d.Length; i++)
            {
                d[i] = Math.Log2(s[i]);
            }

            return;
        }

        VectorOnly.Invoke(x, destination, static (a, d) => TensorPrimitives.Log2(a, d));
    }
}
