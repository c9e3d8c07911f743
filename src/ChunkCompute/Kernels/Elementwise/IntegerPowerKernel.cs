using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ChunkCompute.Kernels.Elementwise;

/// <summary><c>x ** y for integers by squaring (wraps on overflow); y must not be negative</c>.</summary>
internal readonly struct IntegerPowerOperator<T> : IScalarBinaryOperator<T, T>
    where T : unmanaged, IBinaryInteger<T>
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static T Invoke(T x, T y)
    {
        T result = T.One;
        T b = x;
        T e = y;
        while (!T.IsZero(e))
        {
            if (!T.IsZero(e & T.One))
            {
                result *= b;
            }

            e >>>= 1;
            if (!T.IsZero(e))
            {
                b *= b;
            }
        }

        return result;
    }
}

/// <summary>Span kernel for <see cref="IntegerPowerOperator{T}"/>.</summary>
internal readonly struct IntegerPowerKernel<T> : IBinaryKernel<T, T, T>
    where T : unmanaged, IBinaryInteger<T>
{
    public static void Invoke(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination) => BinaryDriver.InvokeScalar<T, T, IntegerPowerOperator<T>>(x, y, destination);
}
