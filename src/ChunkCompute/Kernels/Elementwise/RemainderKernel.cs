using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ChunkCompute.Kernels.Elementwise;

/// <summary><c>x mod y with the sign of y (np.remainder); integer y == 0 gives 0, float y == 0 gives NaN</c>.</summary>
internal readonly struct RemainderOperator<T> : IScalarBinaryOperator<T, T>
    where T : unmanaged, INumber<T>
{
    public static T Invoke(T x, T y)
    {
        if (!IsFloat)
        {
            // NumPy: integer division by zero gives 0 (with a warning there, silently here); MinValue % -1 is 0.
            if (T.IsZero(y) || (T.IsNegative(y) && y == T.Zero - T.One))
            {
                return T.Zero;
            }
        }

        T r = x % y;
        if (!T.IsZero(r))
        {
            if (T.IsNegative(r) != T.IsNegative(y))
            {
                r += y;
            }
        }
        else if (IsFloat)
        {
            r = T.CopySign(T.Zero, y);
        }

        return r;
    }

    private static bool IsFloat => typeof(T) == typeof(double) || typeof(T) == typeof(float) || typeof(T) == typeof(Half);
}

/// <summary>Span kernel for <see cref="RemainderOperator{T}"/>.</summary>
internal readonly struct RemainderKernel<T> : IBinaryKernel<T, T, T>
    where T : unmanaged, INumber<T>
{
    public static void Invoke(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination) => IntegerDivision.Invoke<T, RemainderOperator<T>>(x, y, destination, remainder: true);
}
