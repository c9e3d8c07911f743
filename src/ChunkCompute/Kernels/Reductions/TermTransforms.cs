using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ChunkCompute.Kernels;

/// <summary>
/// Maps an element (already widened to <see cref="double"/>) to the term a reproducible sum adds. Every width
/// gives the same bits as the scalar form: only lane-wise IEEE operations (sub, mul, compare-select), never FMA.
/// </summary>
internal interface ITermTransform
{
    static abstract double Apply(double x, double m);

    static abstract Vector128<double> Apply(Vector128<double> x, Vector128<double> m);

    static abstract Vector256<double> Apply(Vector256<double> x, Vector256<double> m);

    static abstract Vector512<double> Apply(Vector512<double> x, Vector512<double> m);
}

/// <summary><c>x</c></summary>
internal readonly struct IdentityTerm : ITermTransform
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Apply(double x, double m) => x;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Apply(Vector128<double> x, Vector128<double> m) => x;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Apply(Vector256<double> x, Vector256<double> m) => x;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Apply(Vector512<double> x, Vector512<double> m) => x;
}

/// <summary><c>isnan(x) ? 0 : x</c> (as <c>np.nansum</c>, which replaces NaN by +0.0).</summary>
internal readonly struct NanToZeroTerm : ITermTransform
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Apply(double x, double m) => double.IsNaN(x) ? 0.0 : x;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Apply(Vector128<double> x, Vector128<double> m) => Vector128.ConditionalSelect(Vector128.Equals(x, x), x, Vector128<double>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Apply(Vector256<double> x, Vector256<double> m) => Vector256.ConditionalSelect(Vector256.Equals(x, x), x, Vector256<double>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Apply(Vector512<double> x, Vector512<double> m) => Vector512.ConditionalSelect(Vector512.Equals(x, x), x, Vector512<double>.Zero);
}

/// <summary><c>x - m</c> (rounded once).</summary>
internal readonly struct ShiftTerm : ITermTransform
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Apply(double x, double m) => x - m;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Apply(Vector128<double> x, Vector128<double> m) => x - m;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Apply(Vector256<double> x, Vector256<double> m) => x - m;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Apply(Vector512<double> x, Vector512<double> m) => x - m;
}

/// <summary><c>(x - m) * (x - m)</c>, rounded after the subtraction and after the multiplication (no FMA).</summary>
internal readonly struct SquaredDeviationTerm : ITermTransform
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Apply(double x, double m)
    {
        double d = x - m;
        return d * d;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Apply(Vector128<double> x, Vector128<double> m)
    {
        var d = x - m;
        return d * d;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Apply(Vector256<double> x, Vector256<double> m)
    {
        var d = x - m;
        return d * d;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Apply(Vector512<double> x, Vector512<double> m)
    {
        var d = x - m;
        return d * d;
    }
}

/// <summary><c>isnan(x) ? 0 : (x - m) * (x - m)</c></summary>
internal readonly struct NanSquaredDeviationTerm : ITermTransform
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Apply(double x, double m) => double.IsNaN(x) ? 0.0 : SquaredDeviationTerm.Apply(x, m);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Apply(Vector128<double> x, Vector128<double> m) => Vector128.ConditionalSelect(Vector128.Equals(x, x), SquaredDeviationTerm.Apply(x, m), Vector128<double>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Apply(Vector256<double> x, Vector256<double> m) => Vector256.ConditionalSelect(Vector256.Equals(x, x), SquaredDeviationTerm.Apply(x, m), Vector256<double>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Apply(Vector512<double> x, Vector512<double> m) => Vector512.ConditionalSelect(Vector512.Equals(x, x), SquaredDeviationTerm.Apply(x, m), Vector512<double>.Zero);
}
