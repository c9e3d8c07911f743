using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using ChunkCompute.Kernels.Elementwise;

namespace ChunkCompute.Kernels;

/// <summary>
/// Vectorised double-precision tanh on <see cref="Vector128{T}"/>, <see cref="Vector256{T}"/> and
/// <see cref="Vector512{T}"/> lanes, within 2 ULP (NumPy's cap) for every input.
/// </summary>
/// <remarks>
/// <para><b>Why our own.</b> <c>TensorPrimitives.Tanh</c> returned 0 for tanh(-1e-300) and -2.4e-7 for float
/// tanh(0); glibc's <see cref="Math.Tanh"/> per element is correct but took 18 ns per float32 value here, 76x
/// NumPy's SIMD loop.</para>
/// <para><b>|x| &lt; 0.75:</b> <c>a + a^3 P(a^2)</c>, P of degree 12 interpolated at Chebyshev nodes in a^2 with
/// 60-digit arithmetic (mpmath), coefficients rounded to double: 0.12 ULP before the evaluation's rounding. The
/// a^3 P term is at most 0.16 a, so its rounding errors shrink by that factor and the last addition rounds once:
/// under 0.7 ULP in all. Tiny and subnormal a give a exactly (a^3 underflows), like tanh.</para>
/// <para><b>|x| &gt;= 0.75:</b> <c>1 - 2 / (e^(2a) + 1)</c> with <see cref="VectorMath.Exp(Vector512{double})"/>.
/// With q = 2 / (e + 1) ≤ 0.366, the relative errors of e, the sum and the quotient reach the result scaled by
/// q / (1 - q) ≤ 0.58, plus the last rounding: under 1.4 ULP at 0.75, falling towards 0.5 ULP as |x| grows.</para>
/// <para>The sign is copied from x (tanh is odd; -0 stays -0), NaN lanes return their input. The 256- and
/// 128-bit bodies are the 512-bit body with the vector width renamed.</para>
/// </remarks>
internal static class VectorTanh
{
    /// <summary>Below this |x| the polynomial, from it on the exp form.</summary>
    private const double PolyLimit = 0.75;

    /// <summary>2|x| beyond this gives 1 - 2 / (e^44 + 1) = 1.0 after rounding, as every larger argument does.</summary>
    private const double ExpArgumentCap = 44.0;

    private const ulong SignMask = 0x8000_0000_0000_0000;

    // tanh(a) = a + a^3 (T0 + T1 s + ... + T12 s^12), s = a^2, |a| < 0.75.
    private const double T0 = -0.3333333333333333;
    private const double T1 = 0.13333333333332661;
    private const double T2 = -0.05396825396758208;
    private const double T3 = 0.021869488509711037;
    private const double T4 = -0.008863234987439102;
    private const double T5 = 0.0035921213885060418;
    private const double T6 = -0.0014557818253310693;
    private const double T7 = 0.0005897469986953327;
    private const double T8 = -0.00023809406936979282;
    private const double T9 = 9.42476297649358e-05;
    private const double T10 = -3.449472469998217e-05;
    private const double T11 = 1.0048053928129499e-05;
    private const double T12 = -1.6408599646831444e-06;

    /// <summary>tanh(x) on Vector512 lanes (every input: ±0, subnormals, ±Inf and NaN included).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Tanh(Vector512<double> x)
    {
        Vector512<double> a = Vector512.Abs(x);
        Vector512<double> small = Vector512.LessThan(a, Vector512.Create(PolyLimit)); // false for NaN

        // |x| < 0.75: a + a^3 P(a^2).
        Vector512<double> s = a * a;
        Vector512<double> p = Vector512.FusedMultiplyAdd(Vector512.Create(T12), s, Vector512.Create(T11));
        p = Vector512.FusedMultiplyAdd(p, s, Vector512.Create(T10));
        p = Vector512.FusedMultiplyAdd(p, s, Vector512.Create(T9));
        p = Vector512.FusedMultiplyAdd(p, s, Vector512.Create(T8));
        p = Vector512.FusedMultiplyAdd(p, s, Vector512.Create(T7));
        p = Vector512.FusedMultiplyAdd(p, s, Vector512.Create(T6));
        p = Vector512.FusedMultiplyAdd(p, s, Vector512.Create(T5));
        p = Vector512.FusedMultiplyAdd(p, s, Vector512.Create(T4));
        p = Vector512.FusedMultiplyAdd(p, s, Vector512.Create(T3));
        p = Vector512.FusedMultiplyAdd(p, s, Vector512.Create(T2));
        p = Vector512.FusedMultiplyAdd(p, s, Vector512.Create(T1));
        p = Vector512.FusedMultiplyAdd(p, s, Vector512.Create(T0));
        Vector512<double> result = Vector512.FusedMultiplyAdd(p, s * a, a);

        // |x| >= 0.75: 1 - 2 / (e^(2a) + 1). 2a is exact; MinNative caps it at 44 (where the result rounds to 1) and
        // turns NaN into 44, so Exp stays on its fast path; NaN is put back below.
        if (!Vector512.EqualsAll(small.AsInt64(), Vector512<long>.AllBitsSet))
        {
            Vector512<double> e = VectorMath.Exp(Vector512.MinNative(a + a, Vector512.Create(ExpArgumentCap)));
            Vector512<double> large = Vector512<double>.One - (Vector512.Create(2.0) / (e + Vector512<double>.One));
            result = Vector512.ConditionalSelect(small, result, large);
        }

        // tanh is odd: the sign of x (so -0 stays -0); NaN in, NaN out.
        result = (result.AsUInt64() | (x.AsUInt64() & Vector512.Create(SignMask))).AsDouble();
        return Vector512.ConditionalSelect(Vector512.Equals(x, x), result, x);
    }

    /// <summary>tanh(x) on Vector256 lanes (every input: ±0, subnormals, ±Inf and NaN included).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Tanh(Vector256<double> x)
    {
        Vector256<double> a = Vector256.Abs(x);
        Vector256<double> small = Vector256.LessThan(a, Vector256.Create(PolyLimit)); // false for NaN

        // |x| < 0.75: a + a^3 P(a^2).
        Vector256<double> s = a * a;
        Vector256<double> p = Vector256.FusedMultiplyAdd(Vector256.Create(T12), s, Vector256.Create(T11));
        p = Vector256.FusedMultiplyAdd(p, s, Vector256.Create(T10));
        p = Vector256.FusedMultiplyAdd(p, s, Vector256.Create(T9));
        p = Vector256.FusedMultiplyAdd(p, s, Vector256.Create(T8));
        p = Vector256.FusedMultiplyAdd(p, s, Vector256.Create(T7));
        p = Vector256.FusedMultiplyAdd(p, s, Vector256.Create(T6));
        p = Vector256.FusedMultiplyAdd(p, s, Vector256.Create(T5));
        p = Vector256.FusedMultiplyAdd(p, s, Vector256.Create(T4));
        p = Vector256.FusedMultiplyAdd(p, s, Vector256.Create(T3));
        p = Vector256.FusedMultiplyAdd(p, s, Vector256.Create(T2));
        p = Vector256.FusedMultiplyAdd(p, s, Vector256.Create(T1));
        p = Vector256.FusedMultiplyAdd(p, s, Vector256.Create(T0));
        Vector256<double> result = Vector256.FusedMultiplyAdd(p, s * a, a);

        // |x| >= 0.75: 1 - 2 / (e^(2a) + 1). 2a is exact; MinNative caps it at 44 (where the result rounds to 1) and
        // turns NaN into 44, so Exp stays on its fast path; NaN is put back below.
        if (!Vector256.EqualsAll(small.AsInt64(), Vector256<long>.AllBitsSet))
        {
            Vector256<double> e = VectorMath.Exp(Vector256.MinNative(a + a, Vector256.Create(ExpArgumentCap)));
            Vector256<double> large = Vector256<double>.One - (Vector256.Create(2.0) / (e + Vector256<double>.One));
            result = Vector256.ConditionalSelect(small, result, large);
        }

        // tanh is odd: the sign of x (so -0 stays -0); NaN in, NaN out.
        result = (result.AsUInt64() | (x.AsUInt64() & Vector256.Create(SignMask))).AsDouble();
        return Vector256.ConditionalSelect(Vector256.Equals(x, x), result, x);
    }

    /// <summary>tanh(x) on Vector128 lanes (every input: ±0, subnormals, ±Inf and NaN included).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Tanh(Vector128<double> x)
    {
        Vector128<double> a = Vector128.Abs(x);
        Vector128<double> small = Vector128.LessThan(a, Vector128.Create(PolyLimit)); // false for NaN

        // |x| < 0.75: a + a^3 P(a^2).
        Vector128<double> s = a * a;
        Vector128<double> p = Vector128.FusedMultiplyAdd(Vector128.Create(T12), s, Vector128.Create(T11));
        p = Vector128.FusedMultiplyAdd(p, s, Vector128.Create(T10));
        p = Vector128.FusedMultiplyAdd(p, s, Vector128.Create(T9));
        p = Vector128.FusedMultiplyAdd(p, s, Vector128.Create(T8));
        p = Vector128.FusedMultiplyAdd(p, s, Vector128.Create(T7));
        p = Vector128.FusedMultiplyAdd(p, s, Vector128.Create(T6));
        p = Vector128.FusedMultiplyAdd(p, s, Vector128.Create(T5));
        p = Vector128.FusedMultiplyAdd(p, s, Vector128.Create(T4));
        p = Vector128.FusedMultiplyAdd(p, s, Vector128.Create(T3));
        p = Vector128.FusedMultiplyAdd(p, s, Vector128.Create(T2));
        p = Vector128.FusedMultiplyAdd(p, s, Vector128.Create(T1));
        p = Vector128.FusedMultiplyAdd(p, s, Vector128.Create(T0));
        Vector128<double> result = Vector128.FusedMultiplyAdd(p, s * a, a);

        // |x| >= 0.75: 1 - 2 / (e^(2a) + 1). 2a is exact; MinNative caps it at 44 (where the result rounds to 1) and
        // turns NaN into 44, so Exp stays on its fast path; NaN is put back below.
        if (!Vector128.EqualsAll(small.AsInt64(), Vector128<long>.AllBitsSet))
        {
            Vector128<double> e = VectorMath.Exp(Vector128.MinNative(a + a, Vector128.Create(ExpArgumentCap)));
            Vector128<double> large = Vector128<double>.One - (Vector128.Create(2.0) / (e + Vector128<double>.One));
            result = Vector128.ConditionalSelect(small, result, large);
        }

        // tanh is odd: the sign of x (so -0 stays -0); NaN in, NaN out.
        result = (result.AsUInt64() | (x.AsUInt64() & Vector128.Create(SignMask))).AsDouble();
        return Vector128.ConditionalSelect(Vector128.Equals(x, x), result, x);
    }
}

/// <summary><c>tanh(x)</c> on double lanes (<see cref="VectorTanh"/>).</summary>
internal readonly struct TanhOperator : IUnaryOperator<double>
{
    public static bool Vectorizable => true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Invoke(double x) => VectorTanh.Tanh(Vector128.CreateScalar(x)).ToScalar();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Invoke(Vector128<double> x) => VectorTanh.Tanh(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Invoke(Vector256<double> x) => VectorTanh.Tanh(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Invoke(Vector512<double> x) => VectorTanh.Tanh(x);
}

/// <summary>
/// <c>tanh(x)</c> on float lanes, computed in double lanes to float accuracy (not double's) and rounded once.
/// </summary>
/// <remarks>
/// <para><b>|x| &lt; 1/16:</b> the odd Taylor series to x^9 (truncation below 2^-46 relative).</para>
/// <para><b>|x| ≥ 1/16:</b> <c>(e - 1) / (e + 1)</c> with <c>e = 2^(2|x| log2 e)</c> from
/// <see cref="PowSingleOperator.Exp2(Vector512{double})"/> (|x| capped at 20, where float's tanh is 1 long
/// since): the product's rounding and Exp2 leave <c>e</c> within about 2^-42 relative, <c>e - 1 ≥ 0.133</c> magnifies
/// that by at most 8.5, and the sum and quotient add two roundings: within 2^-38 relative, so at most
/// 0.5 + 2^-14 ULP after the one rounding to float.</para>
/// <para>The sign is copied from x (-0 stays -0), NaN lanes return their input. The 512-, 256- and 128-bit bodies
/// (and the scalar form, which runs the 128-bit one) do the same operations, so a value's result does not depend
/// on its position or the instruction set. About twice as fast as widening to <see cref="VectorTanh"/>, whose
/// double accuracy float throws away.</para>
/// </remarks>
internal readonly struct TanhSingleOperator : IUnaryOperator<float>
{
    private const double SmallLimit = 1.0 / 16;
    private const double Cap = 20.0;
    private const double TwoLog2E = 2 * VectorMath.Log2E; // 2 / ln 2 (doubling is exact)
    private const ulong SignMask = 0x8000_0000_0000_0000;

    // tanh(a) = a + a^3 (S0 + s (S1 + s (S2 + s S3))), s = a^2: the Taylor coefficients -1/3, 2/15, -17/315, 62/2835.
    private const double S0 = -1.0 / 3;
    private const double S1 = 2.0 / 15;
    private const double S2 = -17.0 / 315;
    private const double S3 = 62.0 / 2835;

    public static bool Vectorizable => true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Invoke(float x) => Invoke(Vector128.CreateScalar(x)).ToScalar();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Invoke(Vector128<float> x)
    {
        var (lo, hi) = Vector128.Widen(x);
        return Vector128.Narrow(Core(lo), Core(hi));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Invoke(Vector256<float> x)
    {
        var (lo, hi) = Vector256.Widen(x);
        return Vector256.Narrow(Core(lo), Core(hi));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Invoke(Vector512<float> x)
    {
        var (lo, hi) = Vector512.Widen(x);
        return Vector512.Narrow(Core(lo), Core(hi));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Core(Vector512<double> x)
    {
        var a = Vector512.Abs(x);
        var s = a * a;
        var p = Vector512.FusedMultiplyAdd(Vector512.Create(S3), s, Vector512.Create(S2));
        p = Vector512.FusedMultiplyAdd(p, s, Vector512.Create(S1));
        p = Vector512.FusedMultiplyAdd(p, s, Vector512.Create(S0));
        var small = Vector512.FusedMultiplyAdd(p * s, a, a);
        var e = PowSingleOperator.Exp2(Vector512.Min(a, Vector512.Create(Cap)) * Vector512.Create(TwoLog2E));
        var large = (e - Vector512<double>.One) / (e + Vector512<double>.One);
        var m = Vector512.ConditionalSelect(Vector512.LessThan(a, Vector512.Create(SmallLimit)), small, large);
        var r = (m.AsUInt64() | (x.AsUInt64() & Vector512.Create(SignMask))).AsDouble();
        return Vector512.ConditionalSelect(Vector512.Equals(x, x), r, x);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Core(Vector256<double> x)
    {
        var a = Vector256.Abs(x);
        var s = a * a;
        var p = Vector256.FusedMultiplyAdd(Vector256.Create(S3), s, Vector256.Create(S2));
        p = Vector256.FusedMultiplyAdd(p, s, Vector256.Create(S1));
        p = Vector256.FusedMultiplyAdd(p, s, Vector256.Create(S0));
        var small = Vector256.FusedMultiplyAdd(p * s, a, a);
        var e = PowSingleOperator.Exp2(Vector256.Min(a, Vector256.Create(Cap)) * Vector256.Create(TwoLog2E));
        var large = (e - Vector256<double>.One) / (e + Vector256<double>.One);
        var m = Vector256.ConditionalSelect(Vector256.LessThan(a, Vector256.Create(SmallLimit)), small, large);
        var r = (m.AsUInt64() | (x.AsUInt64() & Vector256.Create(SignMask))).AsDouble();
        return Vector256.ConditionalSelect(Vector256.Equals(x, x), r, x);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<double> Core(Vector128<double> x)
    {
        var a = Vector128.Abs(x);
        var s = a * a;
        var p = Vector128.FusedMultiplyAdd(Vector128.Create(S3), s, Vector128.Create(S2));
        p = Vector128.FusedMultiplyAdd(p, s, Vector128.Create(S1));
        p = Vector128.FusedMultiplyAdd(p, s, Vector128.Create(S0));
        var small = Vector128.FusedMultiplyAdd(p * s, a, a);
        var e = PowSingleOperator.Exp2(Vector128.Min(a, Vector128.Create(Cap)) * Vector128.Create(TwoLog2E));
        var large = (e - Vector128<double>.One) / (e + Vector128<double>.One);
        var m = Vector128.ConditionalSelect(Vector128.LessThan(a, Vector128.Create(SmallLimit)), small, large);
        var r = (m.AsUInt64() | (x.AsUInt64() & Vector128.Create(SignMask))).AsDouble();
        return Vector128.ConditionalSelect(Vector128.Equals(x, x), r, x);
    }
}
