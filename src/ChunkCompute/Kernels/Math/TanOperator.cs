using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using ChunkCompute.Kernels.Elementwise;

namespace ChunkCompute.Kernels;

/// <summary>
/// <c>tan(x)</c> on float lanes, computed in double as <c>sin(x) / cos(x)</c> with <see cref="VectorMath"/>'s
/// kernels and rounded once to float.
/// </summary>
/// <remarks>
/// <para><b>Why our own.</b> <c>TensorPrimitives.Tan</c> on float ran one scalar call per element: 4.1 ms for 1M
/// values on the reference machine against NumPy's 0.45 ms.</para>
/// <para><b>Accuracy.</b> sin and cos are each within 1 ULP of double for |x| &lt;= <see cref="VectorMath.TrigLimit"/>
/// (their reduction keeps the relative accuracy of cos near its zeros, where a float argument is still at least
/// 2^-25 away from a pole), so the quotient is within a few double ULP: about 2^-50 relative, far below float's
/// half ULP (2^-24), and the result is the correctly rounded tan except in rare double-rounding ties (1 ULP).</para>
/// <para><b>Other lanes.</b> |x| beyond the limit, ±Inf and NaN take <see cref="Math.Tan(double)"/> per lane
/// (NaN for ±Inf, NaN kept); ±0 keep their sign (sin keeps it, cos(±0) = 1).</para>
/// </remarks>
internal readonly struct TanSingleOperator : IUnaryOperator<float>
{
    public static bool Vectorizable => true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Invoke(float x) => Invoke(Vector128.CreateScalar(x)).ToScalar();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Invoke(Vector128<float> x)
    {
        var (lo, hi) = Vector128.Widen(x);
        return Vector128.Narrow(Tan(lo), Tan(hi));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Invoke(Vector256<float> x)
    {
        var (lo, hi) = Vector256.Widen(x);
        return Vector256.Narrow(Tan(lo), Tan(hi));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Invoke(Vector512<float> x)
    {
        var (lo, hi) = Vector512.Widen(x);
        return Vector512.Narrow(Tan(lo), Tan(hi));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<double> Tan(Vector128<double> x)
    {
        Vector128<double> result = VectorMath.Sin(x) / VectorMath.Cos(x);
        if (!Vector128.LessThanOrEqualAll(Vector128.Abs(x), Vector128.Create(VectorMath.TrigLimit)))
        {
            result = Edges(x, result);
        }

        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Tan(Vector256<double> x)
    {
        Vector256<double> result = VectorMath.Sin(x) / VectorMath.Cos(x);
        if (!Vector256.LessThanOrEqualAll(Vector256.Abs(x), Vector256.Create(VectorMath.TrigLimit)))
        {
            result = Edges(x, result);
        }

        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Tan(Vector512<double> x)
    {
        Vector512<double> result = VectorMath.Sin(x) / VectorMath.Cos(x);
        if (!Vector512.LessThanOrEqualAll(Vector512.Abs(x), Vector512.Create(VectorMath.TrigLimit)))
        {
            result = Edges(x, result);
        }

        return result;
    }

    /// <summary>Lanes beyond the limit, ±Inf and NaN through <see cref="Math.Tan(double)"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector128<double> Edges(Vector128<double> x, Vector128<double> result)
    {
        for (int i = 0; i < Vector128<double>.Count; i++)
        {
            double v = x.GetElement(i);
            if (!(System.Math.Abs(v) <= VectorMath.TrigLimit))
            {
                result = result.WithElement(i, System.Math.Tan(v));
            }
        }

        return result;
    }

    /// <summary>Lanes beyond the limit, ±Inf and NaN through <see cref="Math.Tan(double)"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector256<double> Edges(Vector256<double> x, Vector256<double> result)
    {
        for (int i = 0; i < Vector256<double>.Count; i++)
        {
            double v = x.GetElement(i);
            if (!(System.Math.Abs(v) <= VectorMath.TrigLimit))
            {
                result = result.WithElement(i, System.Math.Tan(v));
            }
        }

        return result;
    }

    /// <summary>Lanes beyond the limit, ±Inf and NaN through <see cref="Math.Tan(double)"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector512<double> Edges(Vector512<double> x, Vector512<double> result)
    {
        for (int i = 0; i < Vector512<double>.Count; i++)
        {
            double v = x.GetElement(i);
            if (!(System.Math.Abs(v) <= VectorMath.TrigLimit))
            {
                result = result.WithElement(i, System.Math.Tan(v));
            }
        }

        return result;
    }
}
