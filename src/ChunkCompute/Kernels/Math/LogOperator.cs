using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using ChunkCompute.Kernels.Elementwise;

namespace ChunkCompute.Kernels;

/// <summary>
/// Vectorised double-precision natural logarithm on <see cref="Vector128{T}"/>, <see cref="Vector256{T}"/> and
/// <see cref="Vector512{T}"/> lanes, within NumPy's 2-ULP cap (max 0.9 ULP measured against mpmath).
/// </summary>
/// <remarks>
/// <para><b>Why our own.</b> <c>TensorPrimitives.Log</c> on double measured 2 ULP from glibc (over the cap once glibc's
/// own error is added); glibc per element was 0.2–0.5× NumPy's SIMD loop on 1M values.</para>
/// <para><b>Method</b> (fdlibm's reduction, our coefficients): <c>x = 2^k m</c> with <c>m</c> in
/// [sqrt(1/2), sqrt(2)) from the bits, <c>f = m - 1</c> exact, <c>s = f / (2 + f)</c>, and
/// <c>log(1 + f) = f - f^2/2 + s (f^2/2 + R(s^2))</c> with R of degree 7 in s^2 (<c>z (L0 + ... + L6 z^6)</c>,
/// interpolated at Chebyshev nodes with 60-digit arithmetic: 0.04 ULP before rounding). <c>k ln2</c> is added
/// as <c>k ln2hi</c> (exact: ln2hi has 11 trailing zero bits) plus <c>k ln2lo</c> folded into the small terms,
/// so near x = 1 (k = 0) the result is f plus corrections and keeps its relative accuracy. Lanes outside
/// [2^-1022, +Inf) get <see cref="Math.Log(double)"/>'s answers (but NumPy's negative NaN, <c>0xFFF8…</c>, for
/// negatives, where <see cref="Math.Log(double)"/> gives +NaN): 0, negatives, +Inf and NaN by vector selects
/// (a vector holding any pays one extra pass, so data with zeros or negatives everywhere stays fast), subnormals
/// through the scalar call. The 256- and 128-bit bodies are the 512-bit body renamed.</para>
/// </remarks>
internal static class VectorLog
{
    internal const ulong SqrtHalfBits = 0x3FE6A09E667F3BCD;                      // sqrt(1/2)
    internal const ulong ReduceOffset = 0x3FF0000000000000 - SqrtHalfBits;
    internal const ulong MantissaMask = 0x000FFFFFFFFFFFFF;
    private const double RoundMagic = VectorMath.RoundMagic;
    private const long RoundMagicBits = VectorMath.RoundMagicBits;
    private const double Ln2Hi = VectorMath.Ln2Hi; // k * Ln2Hi is exact for |k| < 2^11
    private const double Ln2Lo = VectorMath.Ln2Lo;
    internal const double SmallestNormal = 2.2250738585072014e-308;
    private static readonly double LogOfNegative = BitConverter.Int64BitsToDouble(unchecked((long)0xFFF8000000000000)); // NumPy's NaN for negative inputs (Math.Log gives +NaN)

    // R(z) = z (L0 + L1 z + ... + L6 z^6), z = s^2 <= 0.0295.
    internal const double L0 = 0.666666666666667;
    internal const double L1 = 0.39999999999899505;
    internal const double L2 = 0.28571428625975487;
    internal const double L3 = 0.2222221113479508;
    internal const double L4 = 0.18182889125261723;
    internal const double L5 = 0.15331721600556042;
    internal const double L6 = 0.14616449685043406;

    /// <summary>log(x) on Vector512 lanes (every input; lanes outside [2^-1022, +Inf) through <see cref="Math.Log(double)"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Log(Vector512<double> x)
    {
        // x = 2^k m with m in [sqrt(1/2), sqrt(2)): adding the offset carries into the exponent exactly when the
        // mantissa is at least sqrt(2)'s; the masked mantissa plus sqrt(1/2)'s bits is m.
        Vector512<ulong> ix = x.AsUInt64() + Vector512.Create(ReduceOffset);
        Vector512<long> k = Vector512.ShiftRightLogical(ix, 52).AsInt64() - Vector512.Create(1023L);
        Vector512<double> m = ((ix & Vector512.Create(MantissaMask)) + Vector512.Create(SqrtHalfBits)).AsDouble();
        Vector512<double> f = m - Vector512<double>.One; // exact (Sterbenz)
        Vector512<double> kd = (k + Vector512.Create(RoundMagicBits)).AsDouble() - Vector512.Create(RoundMagic); // |k| < 2^11: exact

        // log(1 + f) = f - f^2/2 + s (f^2/2 + R(s^2)), s = f / (2 + f); log x = k ln2 + log(1 + f).
        Vector512<double> hfsq = Vector512.Create(0.5) * f * f;
        Vector512<double> s = f / (Vector512.Create(2.0) + f);
        Vector512<double> z = s * s;
        Vector512<double> q = Vector512.FusedMultiplyAdd(Vector512.Create(L6), z, Vector512.Create(L5));
        q = Vector512.FusedMultiplyAdd(q, z, Vector512.Create(L4));
        q = Vector512.FusedMultiplyAdd(q, z, Vector512.Create(L3));
        q = Vector512.FusedMultiplyAdd(q, z, Vector512.Create(L2));
        q = Vector512.FusedMultiplyAdd(q, z, Vector512.Create(L1));
        q = Vector512.FusedMultiplyAdd(q, z, Vector512.Create(L0));
        Vector512<double> t = Vector512.FusedMultiplyAdd(s, hfsq + (z * q), kd * Vector512.Create(Ln2Lo));
        Vector512<double> result = Vector512.FusedMultiplyAdd(kd, Vector512.Create(Ln2Hi), f - (hfsq - t));

        Vector512<double> ok = Vector512.GreaterThanOrEqual(x, Vector512.Create(SmallestNormal)) & Vector512.LessThan(x, Vector512.Create(double.PositiveInfinity));
        if (!Vector512.EqualsAll(ok.AsInt64(), Vector512<long>.AllBitsSet))
        {
            result = Edges(x, result);
        }

        return result;
    }

    /// <summary>
    /// Lanes that are 0, +Inf or NaN get what <see cref="Math.Log(double)"/> returns, negatives NumPy's NaN, in vector code (data with
    /// zeros or negatives in every vector stays fast); subnormal lanes, rare, go through the scalar call.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector512<double> Edges(Vector512<double> x, Vector512<double> result)
    {
        result = Vector512.ConditionalSelect(Vector512.Equals(x, Vector512<double>.Zero), Vector512.Create(double.NegativeInfinity), result);
        result = Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512<double>.Zero), Vector512.Create(LogOfNegative), result);
        result = Vector512.ConditionalSelect(Vector512.Equals(x, Vector512.Create(double.PositiveInfinity)) | ~Vector512.Equals(x, x), x + x, result);
        if (Vector512.AnyWhereAllBitsSet(Vector512.GreaterThan(x, Vector512<double>.Zero) & Vector512.LessThan(x, Vector512.Create(SmallestNormal))))
        {
            for (int i = 0; i < Vector512<double>.Count; i++)
            {
                double v = x.GetElement(i);
                if (v > 0 && v < SmallestNormal)
                {
                    result = result.WithElement(i, Math.Log(v));
                }
            }
        }

        return result;
    }

    /// <summary>log(x) on Vector256 lanes (every input; lanes outside [2^-1022, +Inf) through <see cref="Math.Log(double)"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Log(Vector256<double> x)
    {
        // x = 2^k m with m in [sqrt(1/2), sqrt(2)): adding the offset carries into the exponent exactly when the
        // mantissa is at least sqrt(2)'s; the masked mantissa plus sqrt(1/2)'s bits is m.
        Vector256<ulong> ix = x.AsUInt64() + Vector256.Create(ReduceOffset);
        Vector256<long> k = Vector256.ShiftRightLogical(ix, 52).AsInt64() - Vector256.Create(1023L);
        Vector256<double> m = ((ix & Vector256.Create(MantissaMask)) + Vector256.Create(SqrtHalfBits)).AsDouble();
        Vector256<double> f = m - Vector256<double>.One; // exact (Sterbenz)
        Vector256<double> kd = (k + Vector256.Create(RoundMagicBits)).AsDouble() - Vector256.Create(RoundMagic); // |k| < 2^11: exact

        // log(1 + f) = f - f^2/2 + s (f^2/2 + R(s^2)), s = f / (2 + f); log x = k ln2 + log(1 + f).
        Vector256<double> hfsq = Vector256.Create(0.5) * f * f;
        Vector256<double> s = f / (Vector256.Create(2.0) + f);
        Vector256<double> z = s * s;
        Vector256<double> q = Vector256.FusedMultiplyAdd(Vector256.Create(L6), z, Vector256.Create(L5));
        q = Vector256.FusedMultiplyAdd(q, z, Vector256.Create(L4));
        q = Vector256.FusedMultiplyAdd(q, z, Vector256.Create(L3));
        q = Vector256.FusedMultiplyAdd(q, z, Vector256.Create(L2));
        q = Vector256.FusedMultiplyAdd(q, z, Vector256.Create(L1));
        q = Vector256.FusedMultiplyAdd(q, z, Vector256.Create(L0));
        Vector256<double> t = Vector256.FusedMultiplyAdd(s, hfsq + (z * q), kd * Vector256.Create(Ln2Lo));
        Vector256<double> result = Vector256.FusedMultiplyAdd(kd, Vector256.Create(Ln2Hi), f - (hfsq - t));

        Vector256<double> ok = Vector256.GreaterThanOrEqual(x, Vector256.Create(SmallestNormal)) & Vector256.LessThan(x, Vector256.Create(double.PositiveInfinity));
        if (!Vector256.EqualsAll(ok.AsInt64(), Vector256<long>.AllBitsSet))
        {
            result = Edges(x, result);
        }

        return result;
    }

    /// <summary>
    /// Lanes that are 0, +Inf or NaN get what <see cref="Math.Log(double)"/> returns, negatives NumPy's NaN, in vector code (data with
    /// zeros or negatives in every vector stays fast); subnormal lanes, rare, go through the scalar call.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector256<double> Edges(Vector256<double> x, Vector256<double> result)
    {
        result = Vector256.ConditionalSelect(Vector256.Equals(x, Vector256<double>.Zero), Vector256.Create(double.NegativeInfinity), result);
        result = Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256<double>.Zero), Vector256.Create(LogOfNegative), result);
        result = Vector256.ConditionalSelect(Vector256.Equals(x, Vector256.Create(double.PositiveInfinity)) | ~Vector256.Equals(x, x), x + x, result);
        if (Vector256.AnyWhereAllBitsSet(Vector256.GreaterThan(x, Vector256<double>.Zero) & Vector256.LessThan(x, Vector256.Create(SmallestNormal))))
        {
            for (int i = 0; i < Vector256<double>.Count; i++)
            {
                double v = x.GetElement(i);
                if (v > 0 && v < SmallestNormal)
                {
                    result = result.WithElement(i, Math.Log(v));
                }
            }
        }

        return result;
    }

    /// <summary>log(x) on Vector128 lanes (every input; lanes outside [2^-1022, +Inf) through <see cref="Math.Log(double)"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Log(Vector128<double> x)
    {
        // x = 2^k m with m in [sqrt(1/2), sqrt(2)): adding the offset carries into the exponent exactly when the
        // mantissa is at least sqrt(2)'s; the masked mantissa plus sqrt(1/2)'s bits is m.
        Vector128<ulong> ix = x.AsUInt64() + Vector128.Create(ReduceOffset);
        Vector128<long> k = Vector128.ShiftRightLogical(ix, 52).AsInt64() - Vector128.Create(1023L);
        Vector128<double> m = ((ix & Vector128.Create(MantissaMask)) + Vector128.Create(SqrtHalfBits)).AsDouble();
        Vector128<double> f = m - Vector128<double>.One; // exact (Sterbenz)
        Vector128<double> kd = (k + Vector128.Create(RoundMagicBits)).AsDouble() - Vector128.Create(RoundMagic); // |k| < 2^11: exact

        // log(1 + f) = f - f^2/2 + s (f^2/2 + R(s^2)), s = f / (2 + f); log x = k ln2 + log(1 + f).
        Vector128<double> hfsq = Vector128.Create(0.5) * f * f;
        Vector128<double> s = f / (Vector128.Create(2.0) + f);
        Vector128<double> z = s * s;
        Vector128<double> q = Vector128.FusedMultiplyAdd(Vector128.Create(L6), z, Vector128.Create(L5));
        q = Vector128.FusedMultiplyAdd(q, z, Vector128.Create(L4));
        q = Vector128.FusedMultiplyAdd(q, z, Vector128.Create(L3));
        q = Vector128.FusedMultiplyAdd(q, z, Vector128.Create(L2));
        q = Vector128.FusedMultiplyAdd(q, z, Vector128.Create(L1));
        q = Vector128.FusedMultiplyAdd(q, z, Vector128.Create(L0));
        Vector128<double> t = Vector128.FusedMultiplyAdd(s, hfsq + (z * q), kd * Vector128.Create(Ln2Lo));
        Vector128<double> result = Vector128.FusedMultiplyAdd(kd, Vector128.Create(Ln2Hi), f - (hfsq - t));

        Vector128<double> ok = Vector128.GreaterThanOrEqual(x, Vector128.Create(SmallestNormal)) & Vector128.LessThan(x, Vector128.Create(double.PositiveInfinity));
        if (!Vector128.EqualsAll(ok.AsInt64(), Vector128<long>.AllBitsSet))
        {
            result = Edges(x, result);
        }

        return result;
    }

    /// <summary>
    /// Lanes that are 0, +Inf or NaN get what <see cref="Math.Log(double)"/> returns, negatives NumPy's NaN, in vector code (data with
    /// zeros or negatives in every vector stays fast); subnormal lanes, rare, go through the scalar call.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector128<double> Edges(Vector128<double> x, Vector128<double> result)
    {
        result = Vector128.ConditionalSelect(Vector128.Equals(x, Vector128<double>.Zero), Vector128.Create(double.NegativeInfinity), result);
        result = Vector128.ConditionalSelect(Vector128.LessThan(x, Vector128<double>.Zero), Vector128.Create(LogOfNegative), result);
        result = Vector128.ConditionalSelect(Vector128.Equals(x, Vector128.Create(double.PositiveInfinity)) | ~Vector128.Equals(x, x), x + x, result);
        if (Vector128.AnyWhereAllBitsSet(Vector128.GreaterThan(x, Vector128<double>.Zero) & Vector128.LessThan(x, Vector128.Create(SmallestNormal))))
        {
            for (int i = 0; i < Vector128<double>.Count; i++)
            {
                double v = x.GetElement(i);
                if (v > 0 && v < SmallestNormal)
                {
                    result = result.WithElement(i, Math.Log(v));
                }
            }
        }

        return result;
    }
}

/// <summary><c>log(x)</c> on double lanes (<see cref="VectorLog"/>).</summary>
internal readonly struct LogOperator : IUnaryOperator<double>
{
    public static bool Vectorizable => true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Invoke(double x) => VectorLog.Log(Vector128.Create(x)).ToScalar();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Invoke(Vector128<double> x) => VectorLog.Log(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Invoke(Vector256<double> x) => VectorLog.Log(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Invoke(Vector512<double> x) => VectorLog.Log(x);
}
