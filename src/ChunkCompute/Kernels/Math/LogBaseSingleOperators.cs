using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using ChunkCompute.Kernels.Elementwise;

namespace ChunkCompute.Kernels;

/// <summary>
/// Vectorised single-precision <c>log2</c> and <c>log10</c> on float lanes: <see cref="VectorLogBase"/>'s method in
/// float arithmetic on <see cref="VectorLogSingle"/>'s reduction and polynomial, within 1 ULP (over every 7th
/// positive float, subnormals included, never more than 1 ULP from the double libm result rounded to float and equal
/// to it for all but 0.026% and 0.028%), exact
/// where the result is representable (<c>log2(2^k) = k</c>).
/// </summary>
/// <remarks>
/// <para><b>Why our own.</b> <c>TensorPrimitives.Log2</c>/<c>Log10</c> on float stay tier-0 code for their first
/// calls: 10–12.7 ms per 1M values for calls 2–12 (ours 0.17–0.19 ms; NumPy 0.29–0.31 ms). Tiered up they run as
/// fast as this kernel (0.18–0.23 ms), which also gives the same bits on every instruction set and is within 1 ULP.</para>
/// <para><b>Method</b> as <see cref="VectorLogBase"/>: <c>log m = hi + lo</c> with <c>hi = f - f^2/2</c> and the
/// rest, with the rounding errors of <c>hi</c> and <c>f^2/2</c> (one FMA), in <c>lo</c>; times a two-part 1/ln2 or
/// log10(e) by FMA; <c>k</c> (|k| &lt;= 149 with subnormals) added by Fast2Sum, for <c>log10</c> as
/// <c>k log10(2)</c> with a 16-bit head (exact) plus <c>k</c> times the tail; one final rounding. Subnormal lanes are
/// scaled by 2^32 and recomputed with <c>k - 32</c>; ±0, negatives, +Inf and NaN by vector selects (-Inf, NumPy's
/// negative default NaN, themselves). The 256-bit body is the 512-bit body renamed, and the 128-bit and
/// scalar forms run the 256-bit body, so every element has the same bits on every instruction set.</para>
/// </remarks>
internal static class VectorLogBaseSingle
{
    private const uint SqrtHalfBits = VectorLogSingle.SqrtHalfBits; // the same reduction as VectorLogSingle
    private const uint ReduceOffset = VectorLogSingle.ReduceOffset;
    private const uint MantissaMask = VectorLogSingle.MantissaMask;
    private const float SmallestNormal = VectorLogSingle.SmallestNormal;
    private const float SubnormalScale = 4294967296.0f; // 2^32
    private const float SubnormalBias = 32;

    private const float InvLn2Hi = 1.442695f; // 1/ln2 = InvLn2Hi + InvLn2Lo (mpmath, 300 bits)
    private const float InvLn2Lo = 1.925963e-08f;
    private const float Log10EHi = 0.4342945f; // log10(e) = 1/ln10
    private const float Log10ELo = -1.010305e-08f;
    private const float Log10TwoHi = 0.301025390625f; // log10(2) truncated to 16 bits: k * Log10TwoHi is exact
    private const float Log10TwoLo = 4.605039e-06f;

    private static readonly float LogOfNegative = BitConverter.Int32BitsToSingle(unchecked((int)0xFFC00000)); // NumPy's NaN for negative inputs (MathF.Log10 gives +NaN)

    /// <summary>log2(x) on Vector512 float lanes (every input).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Log2(Vector512<float> x)
    {
        Vector512<float> result = Core(x, Vector512<float>.Zero, ten: false);
        return Regular(x) ? result : Edges(x, result, ten: false);
    }

    /// <summary>log10(x) on Vector512 float lanes (every input).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Log10(Vector512<float> x)
    {
        Vector512<float> result = Core(x, Vector512<float>.Zero, ten: true);
        return Regular(x) ? result : Edges(x, result, ten: true);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Regular(Vector512<float> x)
    {
        Vector512<float> ok = Vector512.GreaterThanOrEqual(x, Vector512.Create(SmallestNormal)) & Vector512.LessThan(x, Vector512.Create(float.PositiveInfinity));
        return Vector512.EqualsAll(ok.AsInt32(), Vector512<int>.AllBitsSet);
    }

    /// <summary>
    /// <c>log m = hi + lo</c> (the return value and <paramref name="lo"/>) and <c>k</c> as a float, for
    /// <c>x = 2^k m</c> on positive normal lanes: <see cref="VectorLogSingle"/>'s <c>f - f^2/2 + s (f^2/2 + R(s^2))</c> with
    /// <c>hi = f - f^2/2</c> and the rest, including <c>hi</c>'s and <c>f^2/2</c>'s rounding errors, in <c>lo</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> LogParts(Vector512<float> x, out Vector512<float> kd, out Vector512<float> lo)
    {
        Vector512<uint> ix = x.AsUInt32() + Vector512.Create(ReduceOffset);
        Vector512<int> k = Vector512.ShiftRightLogical(ix, 23).AsInt32() - Vector512.Create(127);
        Vector512<float> m = ((ix & Vector512.Create(MantissaMask)) + Vector512.Create(SqrtHalfBits)).AsSingle();
        Vector512<float> f = m - Vector512<float>.One; // exact (Sterbenz)
        kd = Vector512.ConvertToSingle(k); // |k| <= 128: exact

        Vector512<float> halfF = Vector512.Create(0.5f) * f; // exact
        Vector512<float> hfsq = halfF * f;
        Vector512<float> hfsqError = Vector512.FusedMultiplyAdd(halfF, f, -hfsq); // f^2/2 = hfsq + hfsqError exactly
        Vector512<float> s = f / (Vector512.Create(2.0f) + f);
        Vector512<float> z = s * s;
        Vector512<float> q = Vector512.FusedMultiplyAdd(Vector512.Create(VectorLogSingle.L3), z, Vector512.Create(VectorLogSingle.L2));
        q = Vector512.FusedMultiplyAdd(q, z, Vector512.Create(VectorLogSingle.L1));
        q = Vector512.FusedMultiplyAdd(q, z, Vector512.Create(VectorLogSingle.L0));
        Vector512<float> r = s * Vector512.FusedMultiplyAdd(z, q, hfsq);
        Vector512<float> hi = f - hfsq;
        lo = (((f - hi) - hfsq) - hfsqError) + r; // f - hi is exact (Sterbenz: hi is within a factor 1.2 of f)
        return hi;
    }

    /// <summary>
    /// <c>k + log m / ln2</c>, or with <paramref name="ten"/> <c>k log10(2) + log m log10(e)</c>, for positive normal
    /// lanes, <c>k</c> lowered by <paramref name="bias"/>. The flag is a constant where this is inlined, so only its
    /// branch is compiled there.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Core(Vector512<float> x, Vector512<float> bias, bool ten)
    {
        Vector512<float> h = LogParts(x, out Vector512<float> kd, out Vector512<float> l);
        Vector512<float> cHi = Vector512.Create(ten ? Log10EHi : InvLn2Hi);
        Vector512<float> cLo = Vector512.Create(ten ? Log10ELo : InvLn2Lo);
        Vector512<float> ph = h * cHi;
        Vector512<float> pl = Vector512.FusedMultiplyAdd(h, cHi, -ph) + Vector512.FusedMultiplyAdd(h, cLo, l * cHi);
        Vector512<float> k = kd - bias;
        Vector512<float> head = ten ? k * Vector512.Create(Log10TwoHi) : k; // exact
        Vector512<float> sum = head + ph;
        Vector512<float> e = (head - sum) + ph;
        return sum + (e + (ten ? Vector512.FusedMultiplyAdd(k, Vector512.Create(Log10TwoLo), pl) : pl));
    }

    /// <summary>
    /// Lanes outside the normal positive range: subnormals recomputed from <c>x · 2^s</c> with <c>k - s</c>; ±0 → -Inf,
    /// negatives → NumPy's negative default NaN, +Inf and NaN → themselves.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector512<float> Edges(Vector512<float> x, Vector512<float> result, bool ten)
    {
        Vector512<float> subnormal = Vector512.GreaterThan(x, Vector512<float>.Zero) & Vector512.LessThan(x, Vector512.Create(SmallestNormal));
        if (Vector512.AnyWhereAllBitsSet(subnormal))
        {
            result = Vector512.ConditionalSelect(subnormal, Core(x * Vector512.Create(SubnormalScale), Vector512.Create(SubnormalBias), ten), result);
        }

        result = Vector512.ConditionalSelect(Vector512.Equals(x, Vector512<float>.Zero), Vector512.Create(float.NegativeInfinity), result);
        result = Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512<float>.Zero), Vector512.Create(LogOfNegative), result);
        return Vector512.ConditionalSelect(Vector512.Equals(x, Vector512.Create(float.PositiveInfinity)) | ~Vector512.Equals(x, x), x + x, result);
    }

    /// <summary>log2(x) on Vector256 float lanes (every input).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Log2(Vector256<float> x)
    {
        Vector256<float> result = Core(x, Vector256<float>.Zero, ten: false);
        return Regular(x) ? result : Edges(x, result, ten: false);
    }

    /// <summary>log10(x) on Vector256 float lanes (every input).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Log10(Vector256<float> x)
    {
        Vector256<float> result = Core(x, Vector256<float>.Zero, ten: true);
        return Regular(x) ? result : Edges(x, result, ten: true);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Regular(Vector256<float> x)
    {
        Vector256<float> ok = Vector256.GreaterThanOrEqual(x, Vector256.Create(SmallestNormal)) & Vector256.LessThan(x, Vector256.Create(float.PositiveInfinity));
        return Vector256.EqualsAll(ok.AsInt32(), Vector256<int>.AllBitsSet);
    }

    /// <summary>
    /// <c>log m = hi + lo</c> (the return value and <paramref name="lo"/>) and <c>k</c> as a float, for
    /// <c>x = 2^k m</c> on positive normal lanes: <see cref="VectorLogSingle"/>'s <c>f - f^2/2 + s (f^2/2 + R(s^2))</c> with
    /// <c>hi = f - f^2/2</c> and the rest, including <c>hi</c>'s and <c>f^2/2</c>'s rounding errors, in <c>lo</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> LogParts(Vector256<float> x, out Vector256<float> kd, out Vector256<float> lo)
    {
        Vector256<uint> ix = x.AsUInt32() + Vector256.Create(ReduceOffset);
        Vector256<int> k = Vector256.ShiftRightLogical(ix, 23).AsInt32() - Vector256.Create(127);
        Vector256<float> m = ((ix & Vector256.Create(MantissaMask)) + Vector256.Create(SqrtHalfBits)).AsSingle();
        Vector256<float> f = m - Vector256<float>.One; // exact (Sterbenz)
        kd = Vector256.ConvertToSingle(k); // |k| <= 128: exact

        Vector256<float> halfF = Vector256.Create(0.5f) * f; // exact
        Vector256<float> hfsq = halfF * f;
        Vector256<float> hfsqError = Vector256.FusedMultiplyAdd(halfF, f, -hfsq); // f^2/2 = hfsq + hfsqError exactly
        Vector256<float> s = f / (Vector256.Create(2.0f) + f);
        Vector256<float> z = s * s;
        Vector256<float> q = Vector256.FusedMultiplyAdd(Vector256.Create(VectorLogSingle.L3), z, Vector256.Create(VectorLogSingle.L2));
        q = Vector256.FusedMultiplyAdd(q, z, Vector256.Create(VectorLogSingle.L1));
        q = Vector256.FusedMultiplyAdd(q, z, Vector256.Create(VectorLogSingle.L0));
        Vector256<float> r = s * Vector256.FusedMultiplyAdd(z, q, hfsq);
        Vector256<float> hi = f - hfsq;
        lo = (((f - hi) - hfsq) - hfsqError) + r; // f - hi is exact (Sterbenz: hi is within a factor 1.2 of f)
        return hi;
    }

    /// <summary>
    /// <c>k + log m / ln2</c>, or with <paramref name="ten"/> <c>k log10(2) + log m log10(e)</c>, for positive normal
    /// lanes, <c>k</c> lowered by <paramref name="bias"/>. The flag is a constant where this is inlined, so only its
    /// branch is compiled there.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Core(Vector256<float> x, Vector256<float> bias, bool ten)
    {
        Vector256<float> h = LogParts(x, out Vector256<float> kd, out Vector256<float> l);
        Vector256<float> cHi = Vector256.Create(ten ? Log10EHi : InvLn2Hi);
        Vector256<float> cLo = Vector256.Create(ten ? Log10ELo : InvLn2Lo);
        Vector256<float> ph = h * cHi;
        Vector256<float> pl = Vector256.FusedMultiplyAdd(h, cHi, -ph) + Vector256.FusedMultiplyAdd(h, cLo, l * cHi);
        Vector256<float> k = kd - bias;
        Vector256<float> head = ten ? k * Vector256.Create(Log10TwoHi) : k; // exact
        Vector256<float> sum = head + ph;
        Vector256<float> e = (head - sum) + ph;
        return sum + (e + (ten ? Vector256.FusedMultiplyAdd(k, Vector256.Create(Log10TwoLo), pl) : pl));
    }

    /// <summary>
    /// Lanes outside the normal positive range: subnormals recomputed from <c>x · 2^s</c> with <c>k - s</c>; ±0 → -Inf,
    /// negatives → NumPy's negative default NaN, +Inf and NaN → themselves.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector256<float> Edges(Vector256<float> x, Vector256<float> result, bool ten)
    {
        Vector256<float> subnormal = Vector256.GreaterThan(x, Vector256<float>.Zero) & Vector256.LessThan(x, Vector256.Create(SmallestNormal));
        if (Vector256.AnyWhereAllBitsSet(subnormal))
        {
            result = Vector256.ConditionalSelect(subnormal, Core(x * Vector256.Create(SubnormalScale), Vector256.Create(SubnormalBias), ten), result);
        }

        result = Vector256.ConditionalSelect(Vector256.Equals(x, Vector256<float>.Zero), Vector256.Create(float.NegativeInfinity), result);
        result = Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256<float>.Zero), Vector256.Create(LogOfNegative), result);
        return Vector256.ConditionalSelect(Vector256.Equals(x, Vector256.Create(float.PositiveInfinity)) | ~Vector256.Equals(x, x), x + x, result);
    }
}

/// <summary><c>log2(x)</c> on float lanes (<see cref="VectorLogBaseSingle"/>).</summary>
internal readonly struct Log2SingleOperator : IUnaryOperator<float>
{
    public static bool Vectorizable => true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Invoke(float x) => VectorLogBaseSingle.Log2(Vector256.Create(x)).ToScalar();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Invoke(Vector128<float> x) => VectorLogBaseSingle.Log2(Vector256.Create(x, x)).GetLower();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Invoke(Vector256<float> x) => VectorLogBaseSingle.Log2(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Invoke(Vector512<float> x) => VectorLogBaseSingle.Log2(x);
}

/// <summary><c>log10(x)</c> on float lanes (<see cref="VectorLogBaseSingle"/>).</summary>
internal readonly struct Log10SingleOperator : IUnaryOperator<float>
{
    public static bool Vectorizable => true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Invoke(float x) => VectorLogBaseSingle.Log10(Vector256.Create(x)).ToScalar();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Invoke(Vector128<float> x) => VectorLogBaseSingle.Log10(Vector256.Create(x, x)).GetLower();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Invoke(Vector256<float> x) => VectorLogBaseSingle.Log10(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Invoke(Vector512<float> x) => VectorLogBaseSingle.Log10(x);
}
