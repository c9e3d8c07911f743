using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ChunkCompute.Kernels;

/// <summary>
/// Vectorised double-precision sin, cos and exp on <see cref="Vector128{T}"/>, <see cref="Vector256{T}"/> and
/// <see cref="Vector512{T}"/> lanes, used by <see cref="SpanMath"/> through the unary driver.
/// </summary>
/// <remarks>
/// <para><b>Why our own.</b> <c>TensorPrimitives.Sin</c> on double ran ~2x slower than NumPy here, and its
/// Exp/Sin sometimes switch to a 2-4x slower mode between processes (DESIGN.md, measured facts).</para>
/// <para><b>sin/cos.</b> Cody-Waite reduction <c>r = x - q pi</c> (<c>q = round(x/pi)</c>; for cos
/// <c>q = round(x/pi - 1/2) + 1/2</c>), with pi split in three doubles (<c>hi + mid + lo</c>, 160 bits). For
/// <c>|x| &lt;= 1e5</c> (so <c>|q| &lt; 2^15</c>), <c>q hi</c> and x (when q is not 0) are multiples of 2^-52 and
/// <c>|x - q hi| &lt; 2</c>, so the first FMA step is exact; the next two round once each relative to the result.
/// A single odd polynomial <c>r + r^3 P(r^2)</c> (degree 7 in r^2, fitted at Chebyshev nodes with exact
/// arithmetic) approximates sin on [-pi/2, pi/2]; the sign comes from the parity of q. One polynomial instead of
/// fdlibm's sin/cos pair halves the work. Elements with <c>|x| &gt; 1e5</c>, NaN or infinity are routed by
/// <see cref="SpanMath"/> to <see cref="MediumTrig"/> (vectors, below 2^30) and <see cref="LargeArgumentTrig"/>, block by block,
/// so the vector code has no call in it (a call makes the JIT spill hoisted 64-byte constants to the stack).</para>
/// <para><b>exp.</b> <c>n = round(x / ln2)</c>, <c>r = x - n ln2</c> (two-part ln2 with an exact first product),
/// <c>e^r = 1 + r + r^2 Q(r)</c> with Q of degree 9, then <c>2^n</c> added to the exponent field. Vectors
/// with a lane beyond ±707, NaN or infinity take a slower path that scales in two exact factors (subnormal results
/// rounded once) and clamps the input to [-746, 710] so lanes beyond give +0 / +Inf.</para>
/// <para>The 256- and 128-bit bodies are the 512-bit body with the vector width renamed.</para>
/// </remarks>
internal static class VectorMath
{
    /// <summary>Largest |x| handled by the vector sin/cos reduction; larger lanes use <see cref="LargeArgumentTrig"/>.</summary>
    public const double TrigLimit = 1e5;

    internal const double RoundMagic = 6755399441055744.0; // 1.5 * 2^52: adding it rounds to an integer in the low mantissa bits.
    internal const long RoundMagicBits = 0x4338000000000000;
    private const double InvPi = 0.3183098861837907;
    internal const double PiHi = 3.141592653589793;        // 0x1.921fb54442d18p+1
    internal const double PiMid = 1.2246467991473532e-16;  // 0x1.1a62633145c07p-53
    internal const double PiLo = -2.9947698097183397e-33;  // -0x1.f1976b7ed8fbcp-109

    // sin(r) = r + r^3 (S0 + S1 s + ... + S7 s^7), s = r^2, |r| <= pi/2.
    private const double S0 = -0.16666666666666666;
    private const double S1 = 0.008333333333333314;
    private const double S2 = -0.00019841269841253107;
    private const double S3 = 2.755731921866371e-06;
    private const double S4 = -2.5052107554017463e-08;
    private const double S5 = 1.60589732699067e-10;
    private const double S6 = -7.643842510960149e-13;
    private const double S7 = 2.7298671957896056e-15;

    internal const double ExpFastLimit = 707.0;
    private const double ExpMaxInput = 710.0;
    private const double ExpMinInput = -746.0;
    internal const double Log2E = 1.4426950408889634;
    internal const double Ln2Hi = 0.6931471805598903;  // ln 2 rounded to 42 bits: n * Ln2Hi is exact for |n| < 2^11.
    internal const double Ln2Lo = 5.497923018708371e-14;

    // e^r = 1 + r + r^2 (E0 + E1 r + ... + E9 r^9), |r| <= ln2/2.
    private const double E0 = 0.5000000000000001;
    private const double E1 = 0.16666666666666669;
    private const double E2 = 0.04166666666662064;
    private const double E3 = 0.008333333333329793;
    private const double E4 = 0.0013888888918939168;
    private const double E5 = 0.00019841269864380513;
    private const double E6 = 2.4801518641395993e-05;
    private const double E7 = 2.75572664186123e-06;
    private const double E8 = 2.7621338669142925e-07;
    private const double E9 = 2.5101346928350342e-08;

    /// <summary>sin(x) on Vector512 lanes; valid for |x| &lt;= <see cref="TrigLimit"/> (callers route other lanes to <see cref="LargeArgumentTrig"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Sin(Vector512<double> x)
    {
        // q = round(x / pi) by the 1.5*2^52 trick, r = x - q pi in [-pi/2, pi/2], sin(x) = (-1)^q sin(r).
        Vector512<double> magic = Vector512.Create(RoundMagic);
        Vector512<double> k = Vector512.FusedMultiplyAdd(x, Vector512.Create(InvPi), magic);
        Vector512<double> q = k - magic;
        Vector512<double> r = Reduce(x, q);
        Vector512<double> result = SinPoly(r);
        result = (result.AsInt64() ^ Vector512.ShiftLeft(k.AsInt64(), 63)).AsDouble();

        // The polynomial turns -0 into +0 (p * (+-0) + -0); sin(+-0) = +-0 exactly.
        result = Vector512.ConditionalSelect(Vector512.Equals(x, Vector512<double>.Zero), x, result);
        return result;
    }

    /// <summary>cos(x) on Vector512 lanes; valid for |x| &lt;= <see cref="TrigLimit"/> (callers route other lanes to <see cref="LargeArgumentTrig"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Cos(Vector512<double> x)
    {
        // q = round(x / pi - 1/2), r = x - (q + 1/2) pi in [-pi/2, pi/2], cos(x) = -(-1)^q sin(r).
        Vector512<double> magic = Vector512.Create(RoundMagic);
        Vector512<double> k = Vector512.FusedMultiplyAdd(x, Vector512.Create(InvPi), Vector512.Create(-0.5)) + magic;
        Vector512<double> q = (k - magic) + Vector512.Create(0.5);
        Vector512<double> r = Reduce(x, q);
        Vector512<double> result = SinPoly(r);
        result = (result.AsInt64() ^ Vector512.ShiftLeft(~k.AsInt64(), 63)).AsDouble();
        return result;
    }

    /// <summary>x - q pi with pi in three parts; the first FMA is exact (class remarks), the others round relative to the result.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Reduce(Vector512<double> x, Vector512<double> q)
    {
        Vector512<double> r = Vector512.FusedMultiplyAdd(-q, Vector512.Create(PiHi), x);
        r = Vector512.FusedMultiplyAdd(-q, Vector512.Create(PiMid), r);
        return Vector512.FusedMultiplyAdd(-q, Vector512.Create(PiLo), r);
    }

    /// <summary>sin(r) for |r| &lt;= pi/2: r + r^3 P(r^2), P of degree 7 (Chebyshev fit, 0.4 ULP before rounding), clamped to [-1, 1].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> SinPoly(Vector512<double> r)
    {
        Vector512<double> s = r * r;
        Vector512<double> p = Vector512.FusedMultiplyAdd(Vector512.Create(S7), s, Vector512.Create(S6));
        p = Vector512.FusedMultiplyAdd(p, s, Vector512.Create(S5));
        p = Vector512.FusedMultiplyAdd(p, s, Vector512.Create(S4));
        p = Vector512.FusedMultiplyAdd(p, s, Vector512.Create(S3));
        p = Vector512.FusedMultiplyAdd(p, s, Vector512.Create(S2));
        p = Vector512.FusedMultiplyAdd(p, s, Vector512.Create(S1));
        p = Vector512.FusedMultiplyAdd(p, s, Vector512.Create(S0));

        // Rounding near r = ±π/2 can give 1 + 2^-52; |sin| ≤ 1, and ±1 is then the nearer double.
        return Vector512.Min(Vector512.Max(Vector512.FusedMultiplyAdd(p, s * r, r), Vector512.Create(-1.0)), Vector512<double>.One);
    }

    /// <summary>e^x on Vector512 lanes, with overflow to +Inf, gradual underflow through subnormals to +0, and NaN kept.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Exp(Vector512<double> x)
    {
        // Fast path for |x| <= 707: 2^n is applied by adding n to the exponent field (the result stays normal).
        Vector512<double> magic = Vector512.Create(RoundMagic);
        Vector512<double> k = Vector512.FusedMultiplyAdd(x, Vector512.Create(Log2E), magic);
        Vector512<double> n = k - magic;
        Vector512<double> p = ExpReduced(x, n);

        // k's bits are 0x4338000000000000 + n; shifted left by 52 the constant part vanishes, leaving n << 52.
        Vector512<double> result = (p.AsInt64() + Vector512.ShiftLeft(k.AsInt64(), 52)).AsDouble();
        Vector512<double> ok = Vector512.LessThanOrEqual(Vector512.Abs(x), Vector512.Create(ExpFastLimit));
        if (!Vector512.EqualsAll(ok.AsInt64(), Vector512<long>.AllBitsSet))
        {
            result = ExpEdges(x);
        }

        return result;
    }

    /// <summary>e^r for r = x - n ln2 (|r| &lt;= ln2/2): 1 + r + r^2 Q(r), Q of degree 9 (Chebyshev fit, 0.2 ULP before rounding).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> ExpReduced(Vector512<double> x, Vector512<double> n)
    {
        // n*Ln2Hi is exact (Ln2Hi has 11 trailing zero bits), so r carries no cancellation error.
        Vector512<double> r = Vector512.FusedMultiplyAdd(-n, Vector512.Create(Ln2Hi), x);
        r = Vector512.FusedMultiplyAdd(-n, Vector512.Create(Ln2Lo), r);
        Vector512<double> q = Vector512.FusedMultiplyAdd(Vector512.Create(E9), r, Vector512.Create(E8));
        q = Vector512.FusedMultiplyAdd(q, r, Vector512.Create(E7));
        q = Vector512.FusedMultiplyAdd(q, r, Vector512.Create(E6));
        q = Vector512.FusedMultiplyAdd(q, r, Vector512.Create(E5));
        q = Vector512.FusedMultiplyAdd(q, r, Vector512.Create(E4));
        q = Vector512.FusedMultiplyAdd(q, r, Vector512.Create(E3));
        q = Vector512.FusedMultiplyAdd(q, r, Vector512.Create(E2));
        q = Vector512.FusedMultiplyAdd(q, r, Vector512.Create(E1));
        q = Vector512.FusedMultiplyAdd(q, r, Vector512.Create(E0));
        return Vector512.FusedMultiplyAdd(q, r * r, r) + Vector512<double>.One;
    }

    /// <summary>The whole-range exp for vectors with a lane beyond ±707, NaN or infinity.</summary>
    /// <remarks>Inlined on purpose: a call returning a vector makes the JIT keep the result in a stack slot on the hot path too.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> ExpEdges(Vector512<double> x)
    {
        // Clamp so the integer arithmetic stays in range; results at the clamps are already +Inf or +0.
        Vector512<double> xc = Vector512.Min(Vector512.Max(x, Vector512.Create(ExpMinInput)), Vector512.Create(ExpMaxInput));
        Vector512<double> magic = Vector512.Create(RoundMagic);
        Vector512<double> k = Vector512.FusedMultiplyAdd(xc, Vector512.Create(Log2E), magic);
        Vector512<double> p = ExpReduced(xc, k - magic);

        // Scale by 2^n as 2^n1 * 2^n2 (n1 = n >> 1, n2 = n - n1): both factors are normal for n in [-1076, 1025],
        // so only the last multiplication rounds, which gives correctly rounded subnormals and overflow to +Inf.
        Vector512<long> ni = k.AsInt64() - Vector512.Create(RoundMagicBits);
        Vector512<long> n1 = Vector512.ShiftRightArithmetic(ni, 1);
        Vector512<long> n2 = ni - n1;
        Vector512<double> s1 = Vector512.ShiftLeft(n1 + Vector512.Create(1023L), 52).AsDouble();
        Vector512<double> s2 = Vector512.ShiftLeft(n2 + Vector512.Create(1023L), 52).AsDouble();
        Vector512<double> result = p * s1 * s2;

        // NaN in, NaN out (Min/Max above may have replaced it).
        Vector512<double> nan = ~Vector512.Equals(x, x);
        return Vector512.ConditionalSelect(nan, x, result);
    }

    /// <summary>sin(x) on Vector256 lanes; valid for |x| &lt;= <see cref="TrigLimit"/> (callers route other lanes to <see cref="LargeArgumentTrig"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Sin(Vector256<double> x)
    {
        // q = round(x / pi) by the 1.5*2^52 trick, r = x - q pi in [-pi/2, pi/2], sin(x) = (-1)^q sin(r).
        Vector256<double> magic = Vector256.Create(RoundMagic);
        Vector256<double> k = Vector256.FusedMultiplyAdd(x, Vector256.Create(InvPi), magic);
        Vector256<double> q = k - magic;
        Vector256<double> r = Reduce(x, q);
        Vector256<double> result = SinPoly(r);
        result = (result.AsInt64() ^ Vector256.ShiftLeft(k.AsInt64(), 63)).AsDouble();

        // The polynomial turns -0 into +0 (p * (+-0) + -0); sin(+-0) = +-0 exactly.
        result = Vector256.ConditionalSelect(Vector256.Equals(x, Vector256<double>.Zero), x, result);
        return result;
    }

    /// <summary>cos(x) on Vector256 lanes; valid for |x| &lt;= <see cref="TrigLimit"/> (callers route other lanes to <see cref="LargeArgumentTrig"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Cos(Vector256<double> x)
    {
        // q = round(x / pi - 1/2), r = x - (q + 1/2) pi in [-pi/2, pi/2], cos(x) = -(-1)^q sin(r).
        Vector256<double> magic = Vector256.Create(RoundMagic);
        Vector256<double> k = Vector256.FusedMultiplyAdd(x, Vector256.Create(InvPi), Vector256.Create(-0.5)) + magic;
        Vector256<double> q = (k - magic) + Vector256.Create(0.5);
        Vector256<double> r = Reduce(x, q);
        Vector256<double> result = SinPoly(r);
        result = (result.AsInt64() ^ Vector256.ShiftLeft(~k.AsInt64(), 63)).AsDouble();
        return result;
    }

    /// <summary>x - q pi with pi in three parts; the first FMA is exact (class remarks), the others round relative to the result.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Reduce(Vector256<double> x, Vector256<double> q)
    {
        Vector256<double> r = Vector256.FusedMultiplyAdd(-q, Vector256.Create(PiHi), x);
        r = Vector256.FusedMultiplyAdd(-q, Vector256.Create(PiMid), r);
        return Vector256.FusedMultiplyAdd(-q, Vector256.Create(PiLo), r);
    }

    /// <summary>sin(r) for |r| &lt;= pi/2: r + r^3 P(r^2), P of degree 7 (Chebyshev fit, 0.4 ULP before rounding), clamped to [-1, 1].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> SinPoly(Vector256<double> r)
    {
        Vector256<double> s = r * r;
        Vector256<double> p = Vector256.FusedMultiplyAdd(Vector256.Create(S7), s, Vector256.Create(S6));
        p = Vector256.FusedMultiplyAdd(p, s, Vector256.Create(S5));
        p = Vector256.FusedMultiplyAdd(p, s, Vector256.Create(S4));
        p = Vector256.FusedMultiplyAdd(p, s, Vector256.Create(S3));
        p = Vector256.FusedMultiplyAdd(p, s, Vector256.Create(S2));
        p = Vector256.FusedMultiplyAdd(p, s, Vector256.Create(S1));
        p = Vector256.FusedMultiplyAdd(p, s, Vector256.Create(S0));

        // Rounding near r = ±π/2 can give 1 + 2^-52; |sin| ≤ 1, and ±1 is then the nearer double.
        return Vector256.Min(Vector256.Max(Vector256.FusedMultiplyAdd(p, s * r, r), Vector256.Create(-1.0)), Vector256<double>.One);
    }

    /// <summary>e^x on Vector256 lanes, with overflow to +Inf, gradual underflow through subnormals to +0, and NaN kept.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Exp(Vector256<double> x)
    {
        // Fast path for |x| <= 707: 2^n is applied by adding n to the exponent field (the result stays normal).
        Vector256<double> magic = Vector256.Create(RoundMagic);
        Vector256<double> k = Vector256.FusedMultiplyAdd(x, Vector256.Create(Log2E), magic);
        Vector256<double> n = k - magic;
        Vector256<double> p = ExpReduced(x, n);

        // k's bits are 0x4338000000000000 + n; shifted left by 52 the constant part vanishes, leaving n << 52.
        Vector256<double> result = (p.AsInt64() + Vector256.ShiftLeft(k.AsInt64(), 52)).AsDouble();
        Vector256<double> ok = Vector256.LessThanOrEqual(Vector256.Abs(x), Vector256.Create(ExpFastLimit));
        if (!Vector256.EqualsAll(ok.AsInt64(), Vector256<long>.AllBitsSet))
        {
            result = ExpEdges(x);
        }

        return result;
    }

    /// <summary>e^r for r = x - n ln2 (|r| &lt;= ln2/2): 1 + r + r^2 Q(r), Q of degree 9 (Chebyshev fit, 0.2 ULP before rounding).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> ExpReduced(Vector256<double> x, Vector256<double> n)
    {
        // n*Ln2Hi is exact (Ln2Hi has 11 trailing zero bits), so r carries no cancellation error.
        Vector256<double> r = Vector256.FusedMultiplyAdd(-n, Vector256.Create(Ln2Hi), x);
        r = Vector256.FusedMultiplyAdd(-n, Vector256.Create(Ln2Lo), r);
        Vector256<double> q = Vector256.FusedMultiplyAdd(Vector256.Create(E9), r, Vector256.Create(E8));
        q = Vector256.FusedMultiplyAdd(q, r, Vector256.Create(E7));
        q = Vector256.FusedMultiplyAdd(q, r, Vector256.Create(E6));
        q = Vector256.FusedMultiplyAdd(q, r, Vector256.Create(E5));
        q = Vector256.FusedMultiplyAdd(q, r, Vector256.Create(E4));
        q = Vector256.FusedMultiplyAdd(q, r, Vector256.Create(E3));
        q = Vector256.FusedMultiplyAdd(q, r, Vector256.Create(E2));
        q = Vector256.FusedMultiplyAdd(q, r, Vector256.Create(E1));
        q = Vector256.FusedMultiplyAdd(q, r, Vector256.Create(E0));
        return Vector256.FusedMultiplyAdd(q, r * r, r) + Vector256<double>.One;
    }

    /// <summary>The whole-range exp for vectors with a lane beyond ±707, NaN or infinity.</summary>
    /// <remarks>Inlined on purpose: a call returning a vector makes the JIT keep the result in a stack slot on the hot path too.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> ExpEdges(Vector256<double> x)
    {
        // Clamp so the integer arithmetic stays in range; results at the clamps are already +Inf or +0.
        Vector256<double> xc = Vector256.Min(Vector256.Max(x, Vector256.Create(ExpMinInput)), Vector256.Create(ExpMaxInput));
        Vector256<double> magic = Vector256.Create(RoundMagic);
        Vector256<double> k = Vector256.FusedMultiplyAdd(xc, Vector256.Create(Log2E), magic);
        Vector256<double> p = ExpReduced(xc, k - magic);

        // Scale by 2^n as 2^n1 * 2^n2 (n1 = n >> 1, n2 = n - n1): both factors are normal for n in [-1076, 1025],
        // so only the last multiplication rounds, which gives correctly rounded subnormals and overflow to +Inf.
        Vector256<long> ni = k.AsInt64() - Vector256.Create(RoundMagicBits);
        Vector256<long> n1 = Vector256.ShiftRightArithmetic(ni, 1);
        Vector256<long> n2 = ni - n1;
        Vector256<double> s1 = Vector256.ShiftLeft(n1 + Vector256.Create(1023L), 52).AsDouble();
        Vector256<double> s2 = Vector256.ShiftLeft(n2 + Vector256.Create(1023L), 52).AsDouble();
        Vector256<double> result = p * s1 * s2;

        // NaN in, NaN out (Min/Max above may have replaced it).
        Vector256<double> nan = ~Vector256.Equals(x, x);
        return Vector256.ConditionalSelect(nan, x, result);
    }

    /// <summary>sin(x) on Vector128 lanes; valid for |x| &lt;= <see cref="TrigLimit"/> (callers route other lanes to <see cref="LargeArgumentTrig"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Sin(Vector128<double> x)
    {
        // q = round(x / pi) by the 1.5*2^52 trick, r = x - q pi in [-pi/2, pi/2], sin(x) = (-1)^q sin(r).
        Vector128<double> magic = Vector128.Create(RoundMagic);
        Vector128<double> k = Vector128.FusedMultiplyAdd(x, Vector128.Create(InvPi), magic);
        Vector128<double> q = k - magic;
        Vector128<double> r = Reduce(x, q);
        Vector128<double> result = SinPoly(r);
        result = (result.AsInt64() ^ Vector128.ShiftLeft(k.AsInt64(), 63)).AsDouble();

        // The polynomial turns -0 into +0 (p * (+-0) + -0); sin(+-0) = +-0 exactly.
        result = Vector128.ConditionalSelect(Vector128.Equals(x, Vector128<double>.Zero), x, result);
        return result;
    }

    /// <summary>cos(x) on Vector128 lanes; valid for |x| &lt;= <see cref="TrigLimit"/> (callers route other lanes to <see cref="LargeArgumentTrig"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Cos(Vector128<double> x)
    {
        // q = round(x / pi - 1/2), r = x - (q + 1/2) pi in [-pi/2, pi/2], cos(x) = -(-1)^q sin(r).
        Vector128<double> magic = Vector128.Create(RoundMagic);
        Vector128<double> k = Vector128.FusedMultiplyAdd(x, Vector128.Create(InvPi), Vector128.Create(-0.5)) + magic;
        Vector128<double> q = (k - magic) + Vector128.Create(0.5);
        Vector128<double> r = Reduce(x, q);
        Vector128<double> result = SinPoly(r);
        result = (result.AsInt64() ^ Vector128.ShiftLeft(~k.AsInt64(), 63)).AsDouble();
        return result;
    }

    /// <summary>x - q pi with pi in three parts; the first FMA is exact (class remarks), the others round relative to the result.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<double> Reduce(Vector128<double> x, Vector128<double> q)
    {
        Vector128<double> r = Vector128.FusedMultiplyAdd(-q, Vector128.Create(PiHi), x);
        r = Vector128.FusedMultiplyAdd(-q, Vector128.Create(PiMid), r);
        return Vector128.FusedMultiplyAdd(-q, Vector128.Create(PiLo), r);
    }

    /// <summary>sin(r) for |r| &lt;= pi/2: r + r^3 P(r^2), P of degree 7 (Chebyshev fit, 0.4 ULP before rounding), clamped to [-1, 1].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<double> SinPoly(Vector128<double> r)
    {
        Vector128<double> s = r * r;
        Vector128<double> p = Vector128.FusedMultiplyAdd(Vector128.Create(S7), s, Vector128.Create(S6));
        p = Vector128.FusedMultiplyAdd(p, s, Vector128.Create(S5));
        p = Vector128.FusedMultiplyAdd(p, s, Vector128.Create(S4));
        p = Vector128.FusedMultiplyAdd(p, s, Vector128.Create(S3));
        p = Vector128.FusedMultiplyAdd(p, s, Vector128.Create(S2));
        p = Vector128.FusedMultiplyAdd(p, s, Vector128.Create(S1));
        p = Vector128.FusedMultiplyAdd(p, s, Vector128.Create(S0));

        // Rounding near r = ±π/2 can give 1 + 2^-52; |sin| ≤ 1, and ±1 is then the nearer double.
        return Vector128.Min(Vector128.Max(Vector128.FusedMultiplyAdd(p, s * r, r), Vector128.Create(-1.0)), Vector128<double>.One);
    }

    /// <summary>e^x on Vector128 lanes, with overflow to +Inf, gradual underflow through subnormals to +0, and NaN kept.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Exp(Vector128<double> x)
    {
        // Fast path for |x| <= 707: 2^n is applied by adding n to the exponent field (the result stays normal).
        Vector128<double> magic = Vector128.Create(RoundMagic);
        Vector128<double> k = Vector128.FusedMultiplyAdd(x, Vector128.Create(Log2E), magic);
        Vector128<double> n = k - magic;
        Vector128<double> p = ExpReduced(x, n);

        // k's bits are 0x4338000000000000 + n; shifted left by 52 the constant part vanishes, leaving n << 52.
        Vector128<double> result = (p.AsInt64() + Vector128.ShiftLeft(k.AsInt64(), 52)).AsDouble();
        Vector128<double> ok = Vector128.LessThanOrEqual(Vector128.Abs(x), Vector128.Create(ExpFastLimit));
        if (!Vector128.EqualsAll(ok.AsInt64(), Vector128<long>.AllBitsSet))
        {
            result = ExpEdges(x);
        }

        return result;
    }

    /// <summary>e^r for r = x - n ln2 (|r| &lt;= ln2/2): 1 + r + r^2 Q(r), Q of degree 9 (Chebyshev fit, 0.2 ULP before rounding).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<double> ExpReduced(Vector128<double> x, Vector128<double> n)
    {
        // n*Ln2Hi is exact (Ln2Hi has 11 trailing zero bits), so r carries no cancellation error.
        Vector128<double> r = Vector128.FusedMultiplyAdd(-n, Vector128.Create(Ln2Hi), x);
        r = Vector128.FusedMultiplyAdd(-n, Vector128.Create(Ln2Lo), r);
        Vector128<double> q = Vector128.FusedMultiplyAdd(Vector128.Create(E9), r, Vector128.Create(E8));
        q = Vector128.FusedMultiplyAdd(q, r, Vector128.Create(E7));
        q = Vector128.FusedMultiplyAdd(q, r, Vector128.Create(E6));
        q = Vector128.FusedMultiplyAdd(q, r, Vector128.Create(E5));
        q = Vector128.FusedMultiplyAdd(q, r, Vector128.Create(E4));
        q = Vector128.FusedMultiplyAdd(q, r, Vector128.Create(E3));
        q = Vector128.FusedMultiplyAdd(q, r, Vector128.Create(E2));
        q = Vector128.FusedMultiplyAdd(q, r, Vector128.Create(E1));
        q = Vector128.FusedMultiplyAdd(q, r, Vector128.Create(E0));
        return Vector128.FusedMultiplyAdd(q, r * r, r) + Vector128<double>.One;
    }

    /// <summary>The whole-range exp for vectors with a lane beyond ±707, NaN or infinity.</summary>
    /// <remarks>Inlined on purpose: a call returning a vector makes the JIT keep the result in a stack slot on the hot path too.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<double> ExpEdges(Vector128<double> x)
    {
        // Clamp so the integer arithmetic stays in range; results at the clamps are already +Inf or +0.
        Vector128<double> xc = Vector128.Min(Vector128.Max(x, Vector128.Create(ExpMinInput)), Vector128.Create(ExpMaxInput));
        Vector128<double> magic = Vector128.Create(RoundMagic);
        Vector128<double> k = Vector128.FusedMultiplyAdd(xc, Vector128.Create(Log2E), magic);
        Vector128<double> p = ExpReduced(xc, k - magic);

        // Scale by 2^n as 2^n1 * 2^n2 (n1 = n >> 1, n2 = n - n1): both factors are normal for n in [-1076, 1025],
        // so only the last multiplication rounds, which gives correctly rounded subnormals and overflow to +Inf.
        Vector128<long> ni = k.AsInt64() - Vector128.Create(RoundMagicBits);
        Vector128<long> n1 = Vector128.ShiftRightArithmetic(ni, 1);
        Vector128<long> n2 = ni - n1;
        Vector128<double> s1 = Vector128.ShiftLeft(n1 + Vector128.Create(1023L), 52).AsDouble();
        Vector128<double> s2 = Vector128.ShiftLeft(n2 + Vector128.Create(1023L), 52).AsDouble();
        Vector128<double> result = p * s1 * s2;

        // NaN in, NaN out (Min/Max above may have replaced it).
        Vector128<double> nan = ~Vector128.Equals(x, x);
        return Vector128.ConditionalSelect(nan, x, result);
    }
}
