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

    /// <summary>NumPy's <c>npy_floor_divide</c> for doubles.</summary>
    private static double FloorDivide(double a, double b)
    {
        if (b == 0)
        {
            return a / b;
        }

        double mod = a % b;
        double div = (a - mod) / b;
        if (mod != 0 && ((b < 0) != (mod < 0)))
        {
            div -= 1.0;
        }

        if (div == 0)
        {
            return Math.CopySign(0.0, a / b);
        }

        double floordiv = Math.Floor(div);
        if (div - floordiv > 0.5)
        {
            floordiv += 1.0;
        }

        return floordiv;
    }

    /// <summary>NumPy's <c>npy_floor_dividef</c>: the same steps as <see cref="FloorDivide(double, double)"/>, each rounded to float.</summary>
    private static float FloorDivide(float a, float b)
    {
        if (b == 0)
        {
            return a / b;
        }

        float mod = a % b;
        float div = (a - mod) / b;
        if (mod != 0 && ((b < 0) != (mod < 0)))
        {
            div -= 1.0f;
        }

        if (div == 0)
        {
            return MathF.CopySign(0.0f, a / b);
        }

        float floordiv = MathF.Floor(div);
        if (div - floordiv > 0.5f)
        {
            floordiv += 1.0f;
        }

        return floordiv;
    }
}

/// <summary>Span kernel for <see cref="FloorDivideOperator{T}"/>.</summary>
internal readonly struct FloorDivideKernel<T> : IBinaryKernel<T, T, T>
    where T : unmanaged, INumber<T>
{
    public static void Invoke(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination) => BinaryDriver.InvokeScalar<T, T, FloorDivideOperator<T>>(x, y, destination);
}
