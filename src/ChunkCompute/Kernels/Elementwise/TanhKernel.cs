using System.Numerics;
using System.Runtime.InteropServices;

namespace ChunkCompute.Kernels.Elementwise;

/// <summary>
/// <c>tanh(x)</c> through <see cref="Math.Tanh(double)"/> per element (glibc, within 1 ULP). Not
/// <c>TensorPrimitives.Tanh</c>: it returned 0 for tanh(-1e-300) and -2.4e-7 for float tanh(0) (NumPy fixture test),
/// so correctness wins over SIMD here.
/// </summary>
internal readonly struct TanhKernel<T> : IUnaryKernel<T, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static void Invoke(ReadOnlySpan<T> x, Span<T> destination)
    {
        if (typeof(T) == typeof(double))
        {
            var s = MemoryMarshal.Cast<T, double>(x);
            var d = MemoryMarshal.Cast<T, double>(destination);
            for (int i = 0; i < d.Length; i++)
            {
                d[i] = Math.Tanh(s[i]);
            }

            return;
        }

        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = T.CreateTruncating(Math.Tanh(double.CreateTruncating(x[i])));
        }
    }
}
