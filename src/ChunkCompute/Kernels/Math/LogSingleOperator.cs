using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using ChunkCompute.Kernels.Elementwise;

namespace ChunkCompute.Kernels;

/// <summary>
/// Vectorised single-precision natural logarithm on float lanes: <see cref="VectorLog"/>'s method in float
/// arithmetic, with a degree-4 R.
/// </summary>
/// <remarks>
/// <para><b>Why our own.</b> <c>TensorPrimitives.Log</c> on float is accurate and fast once tiered up, but its
/// per-vector operator is a separate method that stays tier-0 code for the first calls: 1M values took 13–15 ms
/// per call for about ten calls (NumPy: 0.55 ms).</para>
/// <para><b>Method.</b> <c>x = 2^k m</c>, m in [sqrt(1/2), sqrt(2)) from the bits, <c>f = m - 1</c> exact,
/// <c>s = f / (2 + f)</c>, <c>log(1 + f) = f - f^2/2 + s (f^2/2 + R(s^2))</c>, <c>R(z) = z (L0 + L1 z + L2 z^2 +
/// L3 z^3)</c> interpolated at Chebyshev nodes on [0, 0.02944] with 60-digit arithmetic (mpmath), coefficients
/// rounded to float: the approximation adds 3e-10 relative error, far below float's half ULP (6e-8). <c>k ln2</c>
/// is <c>k ln2hi</c> (exact: ln2hi has 17 significant bits and |k| &lt;= 127, or k = 128) plus <c>k ln2lo</c> folded
/// into the small terms. Lanes outside [2^-126, +Inf) get <see cref="MathF.Log(float)"/>'s answers (0, negatives, +Inf and NaN by
/// vector selects, subnormals through the scalar call). The 256- and 128-bit
/// bodies are the 512-bit body renamed.</para>
/// </remarks>
internal static class VectorLogSingle
{
    internal const uint SqrtHalfBits = 0x3F3504F3;                      // sqrt(1/2)
    internal const uint ReduceOffset = 0x3F800000 - SqrtHalfBits;
    internal const uint MantissaMask = 0x007FFFFF;
    private const float Ln2Hi = 6.9313812256e-01f;   // 0x3F317180
    private const float Ln2Lo = 9.058001523953862e-06f; // ln 2 - Ln2Hi, rounded to float
    internal const float SmallestNormal = 1.17549435e-38f;
    private static readonly float LogOfNegative = MathF.Log(-1f); // the NaN the scalar call gives for every negative input (checked in the tests)

    // R(z) = z (L0 + L1 z + L2 z^2 + L3 z^3), z = s^2 <= 0.02944.
    internal const float L0 = 0.6666666865348816f;
    internal const float L1 = 0.4000012278556824f;
    internal const float L2 = 0.2855082154273987f;
    internal const float L3 = 0.2333046793937683f;

    /// <summary>log(x) on Vector512 float lanes (every input; lanes outside [2^-126, +Inf) through <see cref="MathF.Log(float)"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Log(Vector512<float> x)
    {
        // x = 2^k m with m in [sqrt(1/2), sqrt(2)), as VectorLog does with double bits.
        Vector512<uint> ix = x.AsUInt32() + Vector512.Create(ReduceOffset);
        Vector512<int> k = Vector512.ShiftRightLogical(ix, 23).AsInt32() - Vector512.Create(127);
        Vector512<float> m = ((ix & Vector512.Create(MantissaMask)) + Vector512.Create(SqrtHalfBits)).AsSingle();
        Vector512<float> f = m - Vector512<float>.One; // exact (Sterbenz)
        Vector512<float> kf = Vector512.ConvertToSingle(k); // |k| <= 128: exact

        // log(1 + f) = f - f^2/2 + s (f^2/2 + R(s^2)), s = f / (2 + f); log x = k ln2 + log(1 + f).
        Vector512<float> hfsq = Vector512.Create(0.5f) * f * f;
        Vector512<float> s = f / (Vector512.Create(2.0f) + f);
        Vector512<float> z = s * s;
        Vector512<float> q = Vector512.FusedMultiplyAdd(Vector512.Create(L3), z, Vector512.Create(L2));
        q = Vector512.FusedMultiplyAdd(q, z, Vector512.Create(L1));
        q = Vector512.FusedMultiplyAdd(q, z, Vector512.Create(L0));
        Vector512<float> t = Vector512.FusedMultiplyAdd(s, hfsq + (z * q), kf * Vector512.Create(Ln2Lo));
        Vector512<float> result = Vector512.FusedMultiplyAdd(kf, Vector512.Create(Ln2Hi), f - (hfsq - t));

        Vector512<float> ok = Vector512.GreaterThanOrEqual(x, Vector512.Create(SmallestNormal)) & Vector512.LessThan(x, Vector512.Create(float.PositiveInfinity));
        if (!Vector512.EqualsAll(ok.AsInt32(), Vector512<int>.AllBitsSet))
        {
            result = Edges(x, result);
        }

        return result;
    }

    /// <summary>
    /// Lanes that are 0, negative, +Inf or NaN get what <see cref="MathF.Log(float)"/> returns, in vector code (data with
    /// zeros or negatives in every vector stays fast); subnormal lanes, rare, go through the scalar call.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector512<float> Edges(Vector512<float> x, Vector512<float> result)
    {
        result = Vector512.ConditionalSelect(Vector512.Equals(x, Vector512<float>.Zero), Vector512.Create(float.NegativeInfinity), result);
        result = Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512<float>.Zero), Vector512.Create(LogOfNegative), result);
        result = Vector512.ConditionalSelect(Vector512.Equals(x, Vector512.Create(float.PositiveInfinity)) | ~Vector512.Equals(x, x), x + x, result);
        if (Vector512.AnyWhereAllBitsSet(Vector512.GreaterThan(x, Vector512<float>.Zero) & Vector512.LessThan(x, Vector512.Create(SmallestNormal))))
        {
            for (int i = 0; i < Vector512<float>.Count; i++)
            {
                float v = x.GetElement(i);
                if (v > 0 && v < SmallestNormal)
                {
                    result = result.WithElement(i, MathF.Log(v));
                }
            }
        }

        return result;
    }

    /// <summary>log(x) on Vector256 float lanes (every input; lanes outside [2^-126, +Inf) through <see cref="MathF.Log(float)"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Log(Vector256<float> x)
    {
        // x = 2^k m with m in [sqrt(1/2), sqrt(2)), as VectorLog does with double bits.
        Vector256<uint> ix = x.AsUInt32() + Vector256.Create(ReduceOffset);
        Vector256<int> k = Vector256.ShiftRightLogical(ix, 23).AsInt32() - Vector256.Create(127);
        Vector256<float> m = ((ix & Vector256.Create(MantissaMask)) + Vector256.Create(SqrtHalfBits)).AsSingle();
        Vector256<float> f = m - Vector256<float>.One; // exact (Sterbenz)
        Vector256<float> kf = Vector256.ConvertToSingle(k); // |k| <= 128: exact

        // log(1 + f) = f - f^2/2 + s (f^2/2 + R(s^2)), s = f / (2 + f); log x = k ln2 + log(1 + f).
        Vector256<float> hfsq = Vector256.Create(0.5f) * f * f;
        Vector256<float> s = f / (Vector256.Create(2.0f) + f);
        Vector256<float> z = s * s;
        Vector256<float> q = Vector256.FusedMultiplyAdd(Vector256.Create(L3), z, Vector256.Create(L2));
        q = Vector256.FusedMultiplyAdd(q, z, Vector256.Create(L1));
        q = Vector256.FusedMultiplyAdd(q, z, Vector256.Create(L0));
        Vector256<float> t = Vector256.FusedMultiplyAdd(s, hfsq + (z * q), kf * Vector256.Create(Ln2Lo));
        Vector256<float> result = Vector256.FusedMultiplyAdd(kf, Vector256.Create(Ln2Hi), f - (hfsq - t));

        Vector256<float> ok = Vector256.GreaterThanOrEqual(x, Vector256.Create(SmallestNormal)) & Vector256.LessThan(x, Vector256.Create(float.PositiveInfinity));
        if (!Vector256.EqualsAll(ok.AsInt32(), Vector256<int>.AllBitsSet))
        {
            result = Edges(x, result);
        }

        return result;
    }

    /// <summary>
    /// Lanes that are 0, negative, +Inf or NaN get what <see cref="MathF.Log(float)"/> returns, in vector code (data with
    /// zeros or negatives in every vector stays fast); subnormal lanes, rare, go through the scalar call.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector256<float> Edges(Vector256<float> x, Vector256<float> result)
    {
        result = Vector256.ConditionalSelect(Vector256.Equals(x, Vector256<float>.Zero), Vector256.Create(float.NegativeInfinity), result);
        result = Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256<float>.Zero), Vector256.Create(LogOfNegative), result);
        result = Vector256.ConditionalSelect(Vector256.Equals(x, Vector256.Create(float.PositiveInfinity)) | ~Vector256.Equals(x, x), x + x, result);
        if (Vector256.AnyWhereAllBitsSet(Vector256.GreaterThan(x, Vector256<float>.Zero) & Vector256.LessThan(x, Vector256.Create(SmallestNormal))))
        {
            for (int i = 0; i < Vector256<float>.Count; i++)
            {
                float v = x.GetElement(i);
                if (v > 0 && v < SmallestNormal)
                {
                    result = result.WithElement(i, MathF.Log(v));
                }
            }
        }

        return result;
    }

    /// <summary>log(x) on Vector128 float lanes (every input; lanes outside [2^-126, +Inf) through <see cref="MathF.Log(float)"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Log(Vector128<float> x)
    {
        // x = 2^k m with m in [sqrt(1/2), sqrt(2)), as VectorLog does with double bits.
        Vector128<uint> ix = x.AsUInt32() + Vector128.Create(ReduceOffset);
        Vector128<int> k = Vector128.ShiftRightLogical(ix, 23).AsInt32() - Vector128.Create(127);
        Vector128<float> m = ((ix & Vector128.Create(MantissaMask)) + Vector128.Create(SqrtHalfBits)).AsSingle();
        Vector128<float> f = m - Vector128<float>.One; // exact (Sterbenz)
        Vector128<float> kf = Vector128.ConvertToSingle(k); // |k| <= 128: exact

        // log(1 + f) = f - f^2/2 + s (f^2/2 + R(s^2)), s = f / (2 + f); log x = k ln2 + log(1 + f).
        Vector128<float> hfsq = Vector128.Create(0.5f) * f * f;
        Vector128<float> s = f / (Vector128.Create(2.0f) + f);
        Vector128<float> z = s * s;
        Vector128<float> q = Vector128.FusedMultiplyAdd(Vector128.Create(L3), z, Vector128.Create(L2));
        q = Vector128.FusedMultiplyAdd(q, z, Vector128.Create(L1));
        q = Vector128.FusedMultiplyAdd(q, z, Vector128.Create(L0));
        Vector128<float> t = Vector128.FusedMultiplyAdd(s, hfsq + (z * q), kf * Vector128.Create(Ln2Lo));
        Vector128<float> result = Vector128.FusedMultiplyAdd(kf, Vector128.Create(Ln2Hi), f - (hfsq - t));

        Vector128<float> ok = Vector128.GreaterThanOrEqual(x, Vector128.Create(SmallestNormal)) & Vector128.LessThan(x, Vector128.Create(float.PositiveInfinity));
        if (!Vector128.EqualsAll(ok.AsInt32(), Vector128<int>.AllBitsSet))
        {
            result = Edges(x, result);
        }

        return result;
    }

    /// <summary>
    /// Lanes that are 0, negative, +Inf or NaN get what <see cref="MathF.Log(float)"/> returns, in vector code (data with
    /// zeros or negatives in every vector stays fast); subnormal lanes, rare, go through the scalar call.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector128<float> Edges(Vector128<float> x, Vector128<float> result)
    {
        result = Vector128.ConditionalSelect(Vector128.Equals(x, Vector128<float>.Zero), Vector128.Create(float.NegativeInfinity), result);
        result = Vector128.ConditionalSelect(Vector128.LessThan(x, Vector128<float>.Zero), Vector128.Create(LogOfNegative), result);
        result = Vector128.ConditionalSelect(Vector128.Equals(x, Vector128.Create(float.PositiveInfinity)) | ~Vector128.Equals(x, x), x + x, result);
        if (Vector128.AnyWhereAllBitsSet(Vector128.GreaterThan(x, Vector128<float>.Zero) & Vector128.LessThan(x, Vector128.Create(SmallestNormal))))
        {
            for (int i = 0; i < Vector128<float>.Count; i++)
            {
                float v = x.GetElement(i);
                if (v > 0 && v < SmallestNormal)
                {
                    result = result.WithElement(i, MathF.Log(v));
                }
            }
        }

        return result;
    }
}

/// <summary><c>log(x)</c> on float lanes (<see cref="VectorLogSingle"/>).</summary>
internal readonly struct LogSingleOperator : IUnaryOperator<float>
{
    public static bool Vectorizable => true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Invoke(float x) => VectorLogSingle.Log(Vector128.Create(x)).ToScalar();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Invoke(Vector128<float> x) => VectorLogSingle.Log(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Invoke(Vector256<float> x) => VectorLogSingle.Log(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Invoke(Vector512<float> x) => VectorLogSingle.Log(x);
}
