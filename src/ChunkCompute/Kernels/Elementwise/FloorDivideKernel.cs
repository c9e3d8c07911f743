using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ChunkCompute.Kernels.Elementwise;

/// <summary><c>floor(x / y) (np.floor_divide); integer y == 0 gives 0, MinValue // -1 wraps</c>.</summary>
internal readonly struct FloorDivideOperator<T> : IScalarBinaryOperator<T, T>
    where T : unmanaged, INumber<T>
{
    public static T Invoke(T x, T y)
    {
        // NumPy's arithmetic width: float64 in double, float32 in float, float16 in float rounded to half at the end.
        if (typeof(T) == typeof(double))
        {
            return T.CreateTruncating(FloorDivide(double.CreateTruncating(x), double.CreateTruncating(y)));
        }

        if (typeof(T) == typeof(float) || typeof(T) == typeof(Half))
        {
            return T.CreateTruncating(FloorDivide(float.CreateTruncating(x), float.CreateTruncating(y)));
        }

        if (T.IsZero(y))
        {
            return T.Zero;
        }

        if (T.IsNegative(y) && y == T.Zero - T.One)
        {
            return T.Zero - x;
        }

        T q = x / y;
        if (!T.IsZero(x % y) && (T.IsNegative(x) != T.IsNegative(y)))
        {
            q -= T.One;
        }

        return q;
    }

    /// <summary>
    /// NumPy's <c>npy_floor_divide</c> (<c>npy_floor_dividef</c> for float): fmod, then the quotient of the
    /// remainder-corrected dividend, snapped to the nearest integer; every step rounded to <typeparamref name="TF"/>.
    /// </summary>
    private static TF FloorDivide<TF>(TF a, TF b)
        where TF : IFloatingPointIeee754<TF>
    {
        if (TF.IsZero(b))
        {
            return a / b;
        }

        TF mod = a % b;
        TF div = (a - mod) / b;
        if (!TF.IsZero(mod) && ((b < TF.Zero) != (mod < TF.Zero)))
        {
            div -= TF.One;
        }

        if (TF.IsZero(div))
        {
            return TF.CopySign(TF.Zero, a / b);
        }

        TF floordiv = TF.Floor(div);
        if (div - floordiv > TF.CreateTruncating(0.5))
        {
            floordiv += TF.One;
        }

        return floordiv;
    }
}

/// <summary>Span kernel for <see cref="FloorDivideOperator{T}"/>.</summary>
internal readonly struct FloorDivideKernel<T> : IBinaryKernel<T, T, T>
    where T : unmanaged, INumber<T>
{
    public static void Invoke(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination) => IntegerDivision.Invoke<T, FloorDivideOperator<T>>(x, y, destination, remainder: false);
}
