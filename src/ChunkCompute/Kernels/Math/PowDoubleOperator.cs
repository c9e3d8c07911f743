using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using ChunkCompute.Kernels.Elementwise;

namespace ChunkCompute.Kernels;

/// <summary>
/// <c>pow(x, y)</c> on double lanes: <c>exp(y log x)</c> with <c>log x</c> and the exponential carried in
/// double-double, so the result is rounded once from a value within about 0.07 ULP.
/// </summary>
/// <remarks>
/// <para><b>Why our own.</b> <c>TensorPrimitives.Pow</c> on double makes one libm <c>pow</c> call per element
/// (~10 ns): 0.28× NumPy's SVML loop at 1M values on the reference machine.</para>
/// <para><b>Method</b> (no tables, every coefficient a Taylor coefficient): <c>x = 2^k m</c>, <c>m = 1 + f</c> in
/// [sqrt(1/2), sqrt(2)) as in <see cref="VectorLog"/>; <c>s = f / (2 + f)</c> as <c>sh + sl</c> (the division's exact
/// FMA residual); <c>log m = 2s + (2/3) s^3 + (2/5) s^5 + 2 s^7 R(s^2)</c> with the first three terms in
/// double-double (including <c>sl</c>'s first-order part) and <c>R(z) = 1/7 + z/9 + ... + z^10/27</c> in double
/// (|s| &lt; 0.1716: the tail is below 2^-18 of <c>log m</c>, the truncation below 2^-66 relative); <c>k ln2</c> added
/// as <c>k ln2hi</c> (exact) plus <c>k ln2lo</c>. <c>t = y log x</c> is the double-double product <c>th + tl</c>, whose
/// error grows with |t|: the log's relative error must stay well below 2^-62 for |t| near 700, which is why the
/// <c>s^5</c> term is carried in double-double (with it in double the error reached 1.8 ULP there). Then
/// <c>e^t = 2^n e^(rh + rl)</c> with <c>rh = th - n ln2hi</c> exact, <c>e^rh = 1 + rh + rh^2 Q(rh)</c> with the
/// Taylor <c>Q</c> to <c>rh^13/15!</c> (|rh| &lt;= ln2/2: below 2^-60), the two additions by Fast2Sum, <c>rl</c> folded
/// in to first order, and one final rounding. <c>R</c> is evaluated by Estrin's scheme, and <c>Q</c>'s terms from
/// <c>rh^4/6!</c> on as well, with its first four by Horner: the dependency chains are shorter (10% faster on cached
/// data) while the rounding of the terms that matter stays as it was (on 280,000 pairs against mpmath, 23 results
/// moved by one ULP at near-ties and the largest error stayed 0.573 ULP). Measured against mpmath on about 350,000
/// pairs in hard regions (x near 1 with huge y, |t| from 690 to 707 with the result's mantissa near 2, x at the ends
/// of the normal range, exact powers, random bit patterns): at most 0.57 ULP, 97.5–99.997% correctly rounded by
/// region, every exactly representable result exact.</para>
/// <para><b>Other lanes.</b> A vector with any <c>x</c> that is not a positive normal finite number, a non-finite
/// <c>y</c>, or <c>|y log x| &gt; 707</c> (results near overflow or subnormal) takes <see cref="Math.Pow(double, double)"/>
/// for those lanes: C99's special values, negative bases, zeros, infinities, NaN. Last, lanes with exponent 2, 1, ±0,
/// -1 or 0.5 get the uniform shortcuts' correctly rounded results (<see cref="PowShortcutLanes"/>), so a pair's
/// bits do not depend on its neighbours' exponents. The 256-bit body is the 512-bit body renamed; the 128-bit and
/// scalar forms run the 256-bit body.</para>
/// </remarks>
internal readonly struct PowDoubleOperator : IBinaryOperator<double>
{
    private const ulong SqrtHalfBits = VectorLog.SqrtHalfBits; // the same reduction as VectorLog
    private const ulong ReduceOffset = VectorLog.ReduceOffset;
    private const ulong MantissaMask = VectorLog.MantissaMask;
    private const double RoundMagic = VectorMath.RoundMagic;
    private const long RoundMagicBits = VectorMath.RoundMagicBits;
    private const double Ln2Hi = VectorMath.Ln2Hi;
    private const double Ln2Lo = VectorMath.Ln2Lo;
    private const double Log2E = VectorMath.Log2E;
    private const double SmallestNormal = VectorLog.SmallestNormal;

    // 1/u ≈ RecipC0 + RecipC1 u on u = 2 + f in [1 + sqrt(1/2), 1 + sqrt(2)] (minimax of u r - 1: 2^-6), then Newton.
    private const double RecipC0 = 0.9850615000483447;
    private const double RecipC1 = -0.23901599922648414;

    private const double FastLimit = VectorMath.ExpFastLimit; // |t| up to which 2^n times e^r stays normal
    private const double TwoThirdsHi = 2.0 / 3.0;
    private const double TwoThirdsLo = 1.0 / (3.0 * 9007199254740992.0); // 2/3 - TwoThirdsHi, exactly 1 / (3 * 2^53)

    private const double TwoFifthsHi = 2.0 / 5.0;
    private const double TwoFifthsLo = -1.0 / (5.0 * 9007199254740992.0); // 2/5 - TwoFifthsHi, exactly -1 / (5 * 2^53)

    // The tail after (2/5) s^5: 2 s^7 R(z), R(z) = sum z^(j-1) / (2j + 5), j = 1..11.
    private const double R1 = 1.0 / 7, R2 = 1.0 / 9, R3 = 1.0 / 11, R4 = 1.0 / 13, R5 = 1.0 / 15;
    private const double R6 = 1.0 / 17, R7 = 1.0 / 19, R8 = 1.0 / 21, R9 = 1.0 / 23, R10 = 1.0 / 25, R11 = 1.0 / 27;

    // Q(r) = sum r^j / (j + 2)!, j = 0..13.
    private const double Q0 = 1.0 / 2, Q1 = 1.0 / 6, Q2 = 1.0 / 24, Q3 = 1.0 / 120, Q4 = 1.0 / 720, Q5 = 1.0 / 5040;
    private const double Q6 = 1.0 / 40320, Q7 = 1.0 / 362880, Q8 = 1.0 / 3628800, Q9 = 1.0 / 39916800, Q10 = 1.0 / 479001600;
    private const double Q11 = 1.0 / 6227020800, Q12 = 1.0 / 87178291200, Q13 = 1.0 / 1307674368000;

    public static bool Vectorizable => true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Invoke(double x, double y) => Invoke(Vector256.Create(x), Vector256.Create(y)).ToScalar();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Invoke(Vector128<double> x, Vector128<double> y) => Invoke(Vector256.Create(x, x), Vector256.Create(y, y)).GetLower();

    /// <summary>pow on Vector512 lanes (method in the class remarks); irregular lanes through <see cref="Math.Pow(double, double)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Invoke(Vector512<double> x, Vector512<double> y) => PowShortcutLanes.Apply(x, y, General(x, y));

    /// <summary>The log/exp form with <see cref="Math.Pow(double, double)"/> for irregular lanes, without the shortcut lanes (<see cref="PowDoubleUniformOperator"/> runs only this).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<double> General(Vector512<double> x, Vector512<double> y)
    {
        // log x = k ln2 + log m, m = 1 + f in [sqrt(1/2), sqrt(2)), f exact (as VectorLog).
        Vector512<ulong> ix = x.AsUInt64() + Vector512.Create(ReduceOffset);
        Vector512<long> k = Vector512.ShiftRightLogical(ix, 52).AsInt64() - Vector512.Create(1023L);
        Vector512<double> m = ((ix & Vector512.Create(MantissaMask)) + Vector512.Create(SqrtHalfBits)).AsDouble();
        Vector512<double> f = m - Vector512<double>.One;
        Vector512<double> kd = (k + Vector512.Create(RoundMagicBits)).AsDouble() - Vector512.Create(RoundMagic);

        // s = f / (2 + f) as sh + sl: 2 + f = uh + ul exactly (Fast2Sum), then the division's exact residual.
        Vector512<double> two = Vector512.Create(2.0);
        Vector512<double> uh = two + f;
        Vector512<double> ul = (two - uh) + f;
        Vector512<double> sh = f / uh;
        // sl only needs a few correct bits (it is 2^-53 of sh): a reciprocal from a linear fit and two Newton steps
        // (2^-24) instead of a second division. Not vrcp14pd: its bits differed from the division's (AVX2) results.
        Vector512<double> residual = Vector512.FusedMultiplyAdd(-sh, uh, f) - (sh * ul);
        Vector512<double> rcp = Vector512.FusedMultiplyAdd(Vector512.Create(RecipC1), uh, Vector512.Create(RecipC0));
        rcp = Vector512.FusedMultiplyAdd(rcp, Vector512.FusedMultiplyAdd(-uh, rcp, Vector512<double>.One), rcp);
        rcp = Vector512.FusedMultiplyAdd(rcp, Vector512.FusedMultiplyAdd(-uh, rcp, Vector512<double>.One), rcp);
        Vector512<double> sl = residual * rcp;

        // log m = 2s + (2/3) s^3 + (2/5) s^5 + 2 s^7 R(s^2): the first three in double-double, the tail in double.
        Vector512<double> p = sh * sh;
        Vector512<double> pe = Vector512.FusedMultiplyAdd(sh, sh, -p);
        Vector512<double> c = p * sh;
        Vector512<double> ce = Vector512.FusedMultiplyAdd(p, sh, -c) + (pe * sh) + (Vector512.Create(3.0) * p * sl);
        Vector512<double> bh = c * Vector512.Create(TwoThirdsHi);
        Vector512<double> bl = Vector512.FusedMultiplyAdd(c, Vector512.Create(TwoThirdsHi), -bh) + (c * Vector512.Create(TwoThirdsLo)) + (ce * Vector512.Create(TwoThirdsHi));
        Vector512<double> d5 = c * p; // s^5 in double-double: (c + ce)(p + pe + 2 sh sl)
        Vector512<double> d5e = Vector512.FusedMultiplyAdd(c, p, -d5) + (c * pe) + (ce * p) + (two * c * sh * sl);
        Vector512<double> dh = d5 * Vector512.Create(TwoFifthsHi);
        Vector512<double> dl = Vector512.FusedMultiplyAdd(d5, Vector512.Create(TwoFifthsHi), -dh) + (d5 * Vector512.Create(TwoFifthsLo)) + (d5e * Vector512.Create(TwoFifthsHi));
        Vector512<double> p2 = p * p;
        Vector512<double> p4 = p2 * p2;
        Vector512<double> ra = Vector512.FusedMultiplyAdd(Vector512.Create(R2), p, Vector512.Create(R1));
        Vector512<double> rb = Vector512.FusedMultiplyAdd(Vector512.Create(R4), p, Vector512.Create(R3));
        Vector512<double> rc = Vector512.FusedMultiplyAdd(Vector512.Create(R6), p, Vector512.Create(R5));
        Vector512<double> rd = Vector512.FusedMultiplyAdd(Vector512.Create(R8), p, Vector512.Create(R7));
        Vector512<double> re = Vector512.FusedMultiplyAdd(Vector512.Create(R10), p, Vector512.Create(R9));
        Vector512<double> rab = Vector512.FusedMultiplyAdd(rb, p2, ra);
        Vector512<double> rcd = Vector512.FusedMultiplyAdd(rd, p2, rc);
        Vector512<double> rhi = Vector512.FusedMultiplyAdd(Vector512.Create(R11), p2, re);
        Vector512<double> r = Vector512.FusedMultiplyAdd(Vector512.FusedMultiplyAdd(rhi, p4, rcd), p4, rab);
        Vector512<double> tail = two * d5 * p * r; // 2 s^7 (1/7 + s^2/9 + ...): below 2^-18 of log m
        Vector512<double> a = two * sh;
        Vector512<double> hi0 = a + bh;
        Vector512<double> e0 = bh - (hi0 - a);
        Vector512<double> hi = hi0 + dh;
        Vector512<double> lo = (dh - (hi - hi0)) + e0 + ((two * sl) + bl + dl + tail);

        // + k ln2 (k ln2hi exact; |k ln2hi| > |hi| unless k = 0, where the sum is exact anyway).
        Vector512<double> kh = kd * Vector512.Create(Ln2Hi);
        Vector512<double> lh = kh + hi;
        Vector512<double> ll = (hi - (lh - kh)) + lo + (kd * Vector512.Create(Ln2Lo));
        Vector512<double> sum = lh + ll; // renormalise: ll carries the s^7 tail, up to about 2^-18 of the value
        ll -= sum - lh;
        lh = sum;

        // t = y log x as th + tl.
        Vector512<double> th = y * lh;
        Vector512<double> tl = Vector512.FusedMultiplyAdd(y, lh, -th) + (y * ll);

        // e^t = 2^n e^(rh + rl), rh = th - n ln2hi exact, e^rh = 1 + rh + rh^2 Q(rh) summed in double-double.
        Vector512<double> magic = Vector512.Create(RoundMagic);
        Vector512<double> nk = Vector512.FusedMultiplyAdd(th, Vector512.Create(Log2E), magic);
        Vector512<double> n = nk - magic;
        Vector512<double> rh = Vector512.FusedMultiplyAdd(-n, Vector512.Create(Ln2Hi), th);
        Vector512<double> rl = Vector512.FusedMultiplyAdd(-n, Vector512.Create(Ln2Lo), tl);
        Vector512<double> h2 = rh * rh;
        Vector512<double> h4 = h2 * h2;
        Vector512<double> qa = Vector512.FusedMultiplyAdd(Vector512.Create(Q5), rh, Vector512.Create(Q4));
        Vector512<double> qb = Vector512.FusedMultiplyAdd(Vector512.Create(Q7), rh, Vector512.Create(Q6));
        Vector512<double> qc = Vector512.FusedMultiplyAdd(Vector512.Create(Q9), rh, Vector512.Create(Q8));
        Vector512<double> qd = Vector512.FusedMultiplyAdd(Vector512.Create(Q11), rh, Vector512.Create(Q10));
        Vector512<double> qe = Vector512.FusedMultiplyAdd(Vector512.Create(Q13), rh, Vector512.Create(Q12));
        Vector512<double> qab = Vector512.FusedMultiplyAdd(qb, h2, qa);
        Vector512<double> qcd = Vector512.FusedMultiplyAdd(qd, h2, qc);
        Vector512<double> qt = Vector512.FusedMultiplyAdd(Vector512.FusedMultiplyAdd(qe, h4, qcd), h4, qab);
        Vector512<double> q = Vector512.FusedMultiplyAdd(qt, rh, Vector512.Create(Q3));
        q = Vector512.FusedMultiplyAdd(q, rh, Vector512.Create(Q2));
        q = Vector512.FusedMultiplyAdd(q, rh, Vector512.Create(Q1));
        q = Vector512.FusedMultiplyAdd(q, rh, Vector512.Create(Q0));
        Vector512<double> w = rh * rh * q;
        Vector512<double> s1 = Vector512<double>.One + rh;
        Vector512<double> e1 = (Vector512<double>.One - s1) + rh;
        Vector512<double> s2 = s1 + w;
        Vector512<double> e2 = (s1 - s2) + w;
        Vector512<double> e = s2 + (e1 + e2 + (rl * s2));
        Vector512<double> result = (e.AsInt64() + Vector512.ShiftLeft(nk.AsInt64(), 52)).AsDouble();

        Vector512<double> regular = Vector512.GreaterThanOrEqual(x, Vector512.Create(SmallestNormal)) & Vector512.LessThan(x, Vector512.Create(double.PositiveInfinity))
            & Vector512.LessThan(Vector512.Abs(y), Vector512.Create(double.PositiveInfinity)) & Vector512.LessThanOrEqual(Vector512.Abs(th), Vector512.Create(FastLimit));
        return Vector512.EqualsAll(regular.AsInt64(), Vector512<long>.AllBitsSet) ? result : Edges(x, y, result, regular);
    }

    /// <summary>The irregular lanes through <see cref="Math.Pow(double, double)"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector512<double> Edges(Vector512<double> x, Vector512<double> y, Vector512<double> result, Vector512<double> regular)
    {
        for (int i = 0; i < Vector512<double>.Count; i++)
        {
            if (regular.AsInt64().GetElement(i) == 0)
            {
                result = result.WithElement(i, System.Math.Pow(x.GetElement(i), y.GetElement(i)));
            }
        }

        return result;
    }

    /// <summary>pow on Vector256 lanes (method in the class remarks); irregular lanes through <see cref="Math.Pow(double, double)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Invoke(Vector256<double> x, Vector256<double> y) => PowShortcutLanes.Apply(x, y, General(x, y));

    /// <summary>The log/exp form with <see cref="Math.Pow(double, double)"/> for irregular lanes, without the shortcut lanes (<see cref="PowDoubleUniformOperator"/> runs only this).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<double> General(Vector256<double> x, Vector256<double> y)
    {
        // log x = k ln2 + log m, m = 1 + f in [sqrt(1/2), sqrt(2)), f exact (as VectorLog).
        Vector256<ulong> ix = x.AsUInt64() + Vector256.Create(ReduceOffset);
        Vector256<long> k = Vector256.ShiftRightLogical(ix, 52).AsInt64() - Vector256.Create(1023L);
        Vector256<double> m = ((ix & Vector256.Create(MantissaMask)) + Vector256.Create(SqrtHalfBits)).AsDouble();
        Vector256<double> f = m - Vector256<double>.One;
        Vector256<double> kd = (k + Vector256.Create(RoundMagicBits)).AsDouble() - Vector256.Create(RoundMagic);

        // s = f / (2 + f) as sh + sl: 2 + f = uh + ul exactly (Fast2Sum), then the division's exact residual.
        Vector256<double> two = Vector256.Create(2.0);
        Vector256<double> uh = two + f;
        Vector256<double> ul = (two - uh) + f;
        Vector256<double> sh = f / uh;
        // sl only needs a few correct bits (it is 2^-53 of sh): a reciprocal from a linear fit and two Newton steps
        // (2^-24) instead of a second division. Not vrcp14pd: its bits differed from the division's (AVX2) results.
        Vector256<double> residual = Vector256.FusedMultiplyAdd(-sh, uh, f) - (sh * ul);
        Vector256<double> rcp = Vector256.FusedMultiplyAdd(Vector256.Create(RecipC1), uh, Vector256.Create(RecipC0));
        rcp = Vector256.FusedMultiplyAdd(rcp, Vector256.FusedMultiplyAdd(-uh, rcp, Vector256<double>.One), rcp);
        rcp = Vector256.FusedMultiplyAdd(rcp, Vector256.FusedMultiplyAdd(-uh, rcp, Vector256<double>.One), rcp);
        Vector256<double> sl = residual * rcp;

        // log m = 2s + (2/3) s^3 + (2/5) s^5 + 2 s^7 R(s^2): the first three in double-double, the tail in double.
        Vector256<double> p = sh * sh;
        Vector256<double> pe = Vector256.FusedMultiplyAdd(sh, sh, -p);
        Vector256<double> c = p * sh;
        Vector256<double> ce = Vector256.FusedMultiplyAdd(p, sh, -c) + (pe * sh) + (Vector256.Create(3.0) * p * sl);
        Vector256<double> bh = c * Vector256.Create(TwoThirdsHi);
        Vector256<double> bl = Vector256.FusedMultiplyAdd(c, Vector256.Create(TwoThirdsHi), -bh) + (c * Vector256.Create(TwoThirdsLo)) + (ce * Vector256.Create(TwoThirdsHi));
        Vector256<double> d5 = c * p; // s^5 in double-double: (c + ce)(p + pe + 2 sh sl)
        Vector256<double> d5e = Vector256.FusedMultiplyAdd(c, p, -d5) + (c * pe) + (ce * p) + (two * c * sh * sl);
        Vector256<double> dh = d5 * Vector256.Create(TwoFifthsHi);
        Vector256<double> dl = Vector256.FusedMultiplyAdd(d5, Vector256.Create(TwoFifthsHi), -dh) + (d5 * Vector256.Create(TwoFifthsLo)) + (d5e * Vector256.Create(TwoFifthsHi));
        Vector256<double> p2 = p * p;
        Vector256<double> p4 = p2 * p2;
        Vector256<double> ra = Vector256.FusedMultiplyAdd(Vector256.Create(R2), p, Vector256.Create(R1));
        Vector256<double> rb = Vector256.FusedMultiplyAdd(Vector256.Create(R4), p, Vector256.Create(R3));
        Vector256<double> rc = Vector256.FusedMultiplyAdd(Vector256.Create(R6), p, Vector256.Create(R5));
        Vector256<double> rd = Vector256.FusedMultiplyAdd(Vector256.Create(R8), p, Vector256.Create(R7));
        Vector256<double> re = Vector256.FusedMultiplyAdd(Vector256.Create(R10), p, Vector256.Create(R9));
        Vector256<double> rab = Vector256.FusedMultiplyAdd(rb, p2, ra);
        Vector256<double> rcd = Vector256.FusedMultiplyAdd(rd, p2, rc);
        Vector256<double> rhi = Vector256.FusedMultiplyAdd(Vector256.Create(R11), p2, re);
        Vector256<double> r = Vector256.FusedMultiplyAdd(Vector256.FusedMultiplyAdd(rhi, p4, rcd), p4, rab);
        Vector256<double> tail = two * d5 * p * r; // 2 s^7 (1/7 + s^2/9 + ...): below 2^-18 of log m
        Vector256<double> a = two * sh;
        Vector256<double> hi0 = a + bh;
        Vector256<double> e0 = bh - (hi0 - a);
        Vector256<double> hi = hi0 + dh;
        Vector256<double> lo = (dh - (hi - hi0)) + e0 + ((two * sl) + bl + dl + tail);

        // + k ln2 (k ln2hi exact; |k ln2hi| > |hi| unless k = 0, where the sum is exact anyway).
        Vector256<double> kh = kd * Vector256.Create(Ln2Hi);
        Vector256<double> lh = kh + hi;
        Vector256<double> ll = (hi - (lh - kh)) + lo + (kd * Vector256.Create(Ln2Lo));
        Vector256<double> sum = lh + ll; // renormalise: ll carries the s^7 tail, up to about 2^-18 of the value
        ll -= sum - lh;
        lh = sum;

        // t = y log x as th + tl.
        Vector256<double> th = y * lh;
        Vector256<double> tl = Vector256.FusedMultiplyAdd(y, lh, -th) + (y * ll);

        // e^t = 2^n e^(rh + rl), rh = th - n ln2hi exact, e^rh = 1 + rh + rh^2 Q(rh) summed in double-double.
        Vector256<double> magic = Vector256.Create(RoundMagic);
        Vector256<double> nk = Vector256.FusedMultiplyAdd(th, Vector256.Create(Log2E), magic);
        Vector256<double> n = nk - magic;
        Vector256<double> rh = Vector256.FusedMultiplyAdd(-n, Vector256.Create(Ln2Hi), th);
        Vector256<double> rl = Vector256.FusedMultiplyAdd(-n, Vector256.Create(Ln2Lo), tl);
        Vector256<double> h2 = rh * rh;
        Vector256<double> h4 = h2 * h2;
        Vector256<double> qa = Vector256.FusedMultiplyAdd(Vector256.Create(Q5), rh, Vector256.Create(Q4));
        Vector256<double> qb = Vector256.FusedMultiplyAdd(Vector256.Create(Q7), rh, Vector256.Create(Q6));
        Vector256<double> qc = Vector256.FusedMultiplyAdd(Vector256.Create(Q9), rh, Vector256.Create(Q8));
        Vector256<double> qd = Vector256.FusedMultiplyAdd(Vector256.Create(Q11), rh, Vector256.Create(Q10));
        Vector256<double> qe = Vector256.FusedMultiplyAdd(Vector256.Create(Q13), rh, Vector256.Create(Q12));
        Vector256<double> qab = Vector256.FusedMultiplyAdd(qb, h2, qa);
        Vector256<double> qcd = Vector256.FusedMultiplyAdd(qd, h2, qc);
        Vector256<double> qt = Vector256.FusedMultiplyAdd(Vector256.FusedMultiplyAdd(qe, h4, qcd), h4, qab);
        Vector256<double> q = Vector256.FusedMultiplyAdd(qt, rh, Vector256.Create(Q3));
        q = Vector256.FusedMultiplyAdd(q, rh, Vector256.Create(Q2));
        q = Vector256.FusedMultiplyAdd(q, rh, Vector256.Create(Q1));
        q = Vector256.FusedMultiplyAdd(q, rh, Vector256.Create(Q0));
        Vector256<double> w = rh * rh * q;
        Vector256<double> s1 = Vector256<double>.One + rh;
        Vector256<double> e1 = (Vector256<double>.One - s1) + rh;
        Vector256<double> s2 = s1 + w;
        Vector256<double> e2 = (s1 - s2) + w;
        Vector256<double> e = s2 + (e1 + e2 + (rl * s2));
        Vector256<double> result = (e.AsInt64() + Vector256.ShiftLeft(nk.AsInt64(), 52)).AsDouble();

        Vector256<double> regular = Vector256.GreaterThanOrEqual(x, Vector256.Create(SmallestNormal)) & Vector256.LessThan(x, Vector256.Create(double.PositiveInfinity))
            & Vector256.LessThan(Vector256.Abs(y), Vector256.Create(double.PositiveInfinity)) & Vector256.LessThanOrEqual(Vector256.Abs(th), Vector256.Create(FastLimit));
        return Vector256.EqualsAll(regular.AsInt64(), Vector256<long>.AllBitsSet) ? result : Edges(x, y, result, regular);
    }

    /// <summary>The irregular lanes through <see cref="Math.Pow(double, double)"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector256<double> Edges(Vector256<double> x, Vector256<double> y, Vector256<double> result, Vector256<double> regular)
    {
        for (int i = 0; i < Vector256<double>.Count; i++)
        {
            if (regular.AsInt64().GetElement(i) == 0)
            {
                result = result.WithElement(i, System.Math.Pow(x.GetElement(i), y.GetElement(i)));
            }
        }

        return result;
    }
}

/// <summary>
/// <see cref="PowDoubleOperator"/> for one broadcast exponent that is not a shortcut value (<see cref="PowerKernel{T}"/>
/// checks): the same bits without the per-vector shortcut-lane check.
/// </summary>
internal readonly struct PowDoubleUniformOperator : IBinaryOperator<double>
{
    public static bool Vectorizable => true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Invoke(double x, double y) => PowDoubleOperator.Invoke(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Invoke(Vector128<double> x, Vector128<double> y) => PowDoubleOperator.Invoke(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Invoke(Vector256<double> x, Vector256<double> y) => PowDoubleOperator.General(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Invoke(Vector512<double> x, Vector512<double> y) => PowDoubleOperator.General(x, y);
}
