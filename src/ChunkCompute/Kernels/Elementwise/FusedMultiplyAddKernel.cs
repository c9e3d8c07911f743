using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ChunkCompute.Kernels.Elementwise;

/// <summary><c>x * y + z</c>: one rounding for floating point (<see cref="TensorPrimitives.FusedMultiplyAdd{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T})"/> for float64/float32, an exact scalar form for float16), wrapping for integers.</summary>
internal readonly struct FusedMultiplyAddKernel<T> : ITernaryKernel<T, T, T, T>
    where T : unmanaged, INumber<T>
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
            // TensorPrimitives' Half FMA rounds a float FMA to half: two roundings. This one rounds once.
            var xs = MemoryMarshal.Cast<T, Half>(x);
            var ys = MemoryMarshal.Cast<T, Half>(y);
            var zs = MemoryMarshal.Cast<T, Half>(z);
            var d = MemoryMarshal.Cast<T, Half>(destination);
            for (int i = 0; i < d.Length; i++)
            {
                d[i] = FusedMultiplyAdd(xs[i], ys[i], zs[i]);
            }
        }
        else
        {
            TensorPrimitives.MultiplyAdd(x, y, z, destination);
        }
    }

    /// <summary>
    /// <c>a * b + c</c> rounded once to half. The product of two halves is exact in double; the sum's rounding
    /// error (TwoSum, exact) decides a round-to-odd double, which rounds to half as the exact value would (53 bits
    /// is more than 11 + 2, so the second rounding cannot meet a false tie).
    /// </summary>
    private static Half FusedMultiplyAdd(Half a, Half b, Half c)
    {
        double p = (double)a * (double)b;
        double q = (double)c;
        double s = p + q;
        if (double.IsFinite(s))
        {
            double v = s - p;
            double err = (p - (s - v)) + (q - v);
            if (err != 0 && (BitConverter.DoubleToInt64Bits(s) & 1) == 0)
            {
                s = err > 0 ? Math.BitIncrement(s) : Math.BitDecrement(s);
            }
        }

        return (Half)s;
    }
}
