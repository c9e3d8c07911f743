using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using ChunkCompute.Kernels.Elementwise;

namespace ChunkCompute.Kernels;

/// <summary><c>cos(x)</c> on double lanes (<see cref="VectorMath.Cos(Vector512{double})"/>).</summary>
internal readonly struct CosOperator : IUnaryOperator<double>
{
    public static bool Vectorizable => true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Invoke(double x) => VectorMath.Cos(Vector128.CreateScalarUnsafe(x)).ToScalar();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Invoke(Vector128<double> x) => VectorMath.Cos(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Invoke(Vector256<double> x) => VectorMath.Cos(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Invoke(Vector512<double> x) => VectorMath.Cos(x);
}

/// <summary><c>cos(x)</c> on float lanes, computed in double (widen, <see cref="VectorMath"/>, narrow): within 1 ULP of float.</summary>
internal readonly struct CosSingleOperator : IUnaryOperator<float>
{
    public static bool Vectorizable => true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Invoke(float x) => (float)CosOperator.Invoke(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Invoke(Vector128<float> x)
    {
        var (lo, hi) = Vector128.Widen(x);
        return Vector128.Narrow(VectorMath.Cos(lo), VectorMath.Cos(hi));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Invoke(Vector256<float> x)
    {
        var (lo, hi) = Vector256.Widen(x);
        return Vector256.Narrow(VectorMath.Cos(lo), VectorMath.Cos(hi));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Invoke(Vector512<float> x)
    {
        var (lo, hi) = Vector512.Widen(x);
        return Vector512.Narrow(VectorMath.Cos(lo), VectorMath.Cos(hi));
    }
}
