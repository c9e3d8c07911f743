using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using ChunkCompute.Kernels.Elementwise;

namespace ChunkCompute.Kernels;

/// <summary>
/// <c>tan(x)</c> on float lanes, computed in double: one reduction by π/2 and one rational function, rounded once
/// to float.
/// </summary>
/// <remarks>
/// <para><b>Why our own.</b> <c>TensorPrimitives.Tan</c> on float ran one scalar call per element: 4.1 ms for 1M
/// values on the reference machine against NumPy's 0.45 ms. The first vector form divided <see cref="VectorMath"/>'s
/// sin by its cos (two reductions and two degree-17 polynomials per lane) and stayed behind NumPy at 1M.</para>
/// <para><b>Reduction.</b> <c>k = round(x · 2/π)</c>, <c>r = x − k π/2</c> with π/2 in two doubles (hi + mid,
/// 107 bits). For |x| ≤ <see cref="VectorMath.TrigLimit"/> (|k| &lt; 2^16): when k ≠ 0, x is a float of at least
/// π/4, so a multiple of 2^-24, and <c>k · hi</c> is a multiple of 2^-52; their difference is below 2 and exact, so
/// the first FMA is exact and the second rounds once relative to r. The part of π/2 left out is below 2^-108, so
/// it costs at most 2^-92 absolute. A float argument up to the limit is at least 2^-27.8 from any multiple of π/2
/// but 0 (252.89821 from 161 π/2), so r keeps about 2^-52 relative accuracy. (A third part, as in
/// <see cref="VectorMath"/>, cost 12% here, and turned −0 into +0.)</para>
/// <para><b>tan(r)</b>, |r| ≤ π/4: <c>r + r s P(s)/Q(s)</c>, s = r², P of degree 2 and Q of degree 3 (Q(0) = 1),
/// a weighted least-squares rational fit by Loeb iteration in 60-digit mpmath on [0, (π/4 (1 + 2^-20))²]: relative
/// error 2^-55 before rounding. With <c>N = r (Q + s P)</c> the result is <c>N / Q</c> for even k and
/// <c>−Q / N</c> (= −cot r) for odd k: one division. Q lies in [0.72, 1] and <c>Q + s P</c> in [0.92, 1], so no
/// step cancels; the quotient is within about 2^-50 relative, far below float's half ULP (2^-25 relative at
/// worst), and rounding it to float gives the correctly rounded tan except in rare double-rounding ties (1 ULP).
/// ±0 keep their sign (k = 0, r = x, N = ±0).</para>
/// <para><b>Other lanes.</b> |x| beyond the limit, ±Inf and NaN take <see cref="TanEdges"/> (<see cref="MediumTrig"/>
/// in vector lanes below 2^30, <see cref="LargeArgumentTrig.Tan"/> one by one above; NaN for ±Inf, NaN kept). The check runs once per float vector, before widening, and the fallback sits on its
/// own branch: with the check and the call inside each double half, the same kernel ran about 1.5× slower (1M
/// values, 375–450 against 245–300 µs on two threads; a call in the hot path makes the JIT keep fewer constants in
/// registers). Every width does the same operations in the same order, so the bits do not depend on the
/// instruction set.</para>
/// </remarks>
internal readonly struct TanSingleOperator : IUnaryOperator<float>
{
    internal const double TwoOverPi = 0.6366197723675814;       // 0x1.45f306dc9c883p-1
    internal const double HalfPiHi = VectorMath.PiHi / 2;       // 0x1.921fb54442d18p+0 (halving is exact)
    internal const double HalfPiMid = VectorMath.PiMid / 2;     // 0x1.1a62633145c07p-54

    // tan(r) = r + r s P(s) / Q(s), s = r^2, |r| <= pi/4.
    internal const double P0 = 0.3333333333333313;
    internal const double P1 = -0.02053864367663524;
    internal const double P2 = 0.0002009513865857683;
    internal const double Q1 = -0.46161593103008475;
    internal const double Q2 = 0.02334446466878382;
    internal const double Q3 = -0.00020843407889846696;

    /// <summary><see cref="VectorMath.TrigLimit"/> as a float (exact: 100000); the check runs once per float vector.</summary>
    private const float SingleLimit = (float)VectorMath.TrigLimit;

    public static bool Vectorizable => true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Invoke(float x) => Invoke(Vector128.CreateScalar(x)).ToScalar();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Invoke(Vector128<float> x)
    {
        var (lo, hi) = Vector128.Widen(x);
        if (Vector128.LessThanOrEqualAll(Vector128.Abs(x), Vector128.Create(SingleLimit)))
        {
            return Vector128.Narrow(Tan(lo), Tan(hi));
        }

        return Vector128.Narrow(TanEdges.Apply(lo, Tan(lo), VectorMath.TrigLimit), TanEdges.Apply(hi, Tan(hi), VectorMath.TrigLimit));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Invoke(Vector256<float> x)
    {
        var (lo, hi) = Vector256.Widen(x);
        if (Vector256.LessThanOrEqualAll(Vector256.Abs(x), Vector256.Create(SingleLimit)))
        {
            return Vector256.Narrow(Tan(lo), Tan(hi));
        }

        return Vector256.Narrow(TanEdges.Apply(lo, Tan(lo), VectorMath.TrigLimit), TanEdges.Apply(hi, Tan(hi), VectorMath.TrigLimit));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Invoke(Vector512<float> x)
    {
        var (lo, hi) = Vector512.Widen(x);
        if (Vector512.LessThanOrEqualAll(Vector512.Abs(x), Vector512.Create(SingleLimit)))
        {
            return Vector512.Narrow(Tan(lo), Tan(hi));
        }

        return Vector512.Narrow(TanEdges.Apply(lo, Tan(lo), VectorMath.TrigLimit), TanEdges.Apply(hi, Tan(hi), VectorMath.TrigLimit));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<double> Tan(Vector128<double> x)
    {
        Vector128<double> magic = Vector128.Create(VectorMath.RoundMagic);
        Vector128<double> k = Vector128.FusedMultiplyAdd(x, Vector128.Create(TwoOverPi), magic);
        Vector128<double> q = k - magic;
        Vector128<double> r = Vector128.FusedMultiplyAdd(-q, Vector128.Create(HalfPiHi), x);
        r = Vector128.FusedMultiplyAdd(-q, Vector128.Create(HalfPiMid), r);
        Vector128<double> s = r * r;
        Vector128<double> p = Vector128.FusedMultiplyAdd(Vector128.FusedMultiplyAdd(Vector128.Create(P2), s, Vector128.Create(P1)), s, Vector128.Create(P0));
        Vector128<double> d = Vector128.FusedMultiplyAdd(Vector128.FusedMultiplyAdd(Vector128.FusedMultiplyAdd(Vector128.Create(Q3), s, Vector128.Create(Q2)), s, Vector128.Create(Q1)), s, Vector128<double>.One);
        Vector128<double> n = Vector128.FusedMultiplyAdd(s, p, d) * r;
        Vector128<double> odd = Vector128.Equals(k.AsInt64() & Vector128<long>.One, Vector128<long>.One).AsDouble();
        return Vector128.ConditionalSelect(odd, -d, n) / Vector128.ConditionalSelect(odd, n, d);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Tan(Vector256<double> x)
    {
        Vector256<double> magic = Vector256.Create(VectorMath.RoundMagic);
        Vector256<double> k = Vector256.FusedMultiplyAdd(x, Vector256.Create(TwoOverPi), magic);
        Vector256<double> q = k - magic;
        Vector256<double> r = Vector256.FusedMultiplyAdd(-q, Vector256.Create(HalfPiHi), x);
        r = Vector256.FusedMultiplyAdd(-q, Vector256.Create(HalfPiMid), r);
        Vector256<double> s = r * r;
        Vector256<double> p = Vector256.FusedMultiplyAdd(Vector256.FusedMultiplyAdd(Vector256.Create(P2), s, Vector256.Create(P1)), s, Vector256.Create(P0));
        Vector256<double> d = Vector256.FusedMultiplyAdd(Vector256.FusedMultiplyAdd(Vector256.FusedMultiplyAdd(Vector256.Create(Q3), s, Vector256.Create(Q2)), s, Vector256.Create(Q1)), s, Vector256<double>.One);
        Vector256<double> n = Vector256.FusedMultiplyAdd(s, p, d) * r;
        Vector256<double> odd = Vector256.Equals(k.AsInt64() & Vector256<long>.One, Vector256<long>.One).AsDouble();
        return Vector256.ConditionalSelect(odd, -d, n) / Vector256.ConditionalSelect(odd, n, d);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Tan(Vector512<double> x)
    {
        Vector512<double> magic = Vector512.Create(VectorMath.RoundMagic);
        Vector512<double> k = Vector512.FusedMultiplyAdd(x, Vector512.Create(TwoOverPi), magic);
        Vector512<double> q = k - magic;
        Vector512<double> r = Vector512.FusedMultiplyAdd(-q, Vector512.Create(HalfPiHi), x);
        r = Vector512.FusedMultiplyAdd(-q, Vector512.Create(HalfPiMid), r);
        Vector512<double> s = r * r;
        Vector512<double> p = Vector512.FusedMultiplyAdd(Vector512.FusedMultiplyAdd(Vector512.Create(P2), s, Vector512.Create(P1)), s, Vector512.Create(P0));
        Vector512<double> d = Vector512.FusedMultiplyAdd(Vector512.FusedMultiplyAdd(Vector512.FusedMultiplyAdd(Vector512.Create(Q3), s, Vector512.Create(Q2)), s, Vector512.Create(Q1)), s, Vector512<double>.One);
        Vector512<double> n = Vector512.FusedMultiplyAdd(s, p, d) * r;
        Vector512<double> odd = Vector512.Equals(k.AsInt64() & Vector512<long>.One, Vector512<long>.One).AsDouble();
        return Vector512.ConditionalSelect(odd, -d, n) / Vector512.ConditionalSelect(odd, n, d);
    }
}

/// <summary>
/// <c>tan(x)</c> on double lanes: one reduction by π/2 carried in double-double, the rational function of
/// <see cref="TanSingleOperator"/> for the small correction term, and for odd multiples a refined reciprocal.
/// </summary>
/// <remarks>
/// <para><b>Why our own.</b> <c>TensorPrimitives.Tan</c> on double computes a vector with any lane beyond 2^23 by a
/// scalar call per lane, and spans shorter than a vector by scalar calls: an element's bits depended on its
/// position and on its neighbours (588 mismatches in <c>EveryOperationEveryLengthMatchesScalarPath</c> once it
/// demanded equal bits; <c>NeighbourIndependenceTests</c> fails with it), and its first calls ran tier-0 code.</para>
/// <para><b>Reduction.</b> <c>k = round(x · 2/π)</c>; with π/2 = hi + mid + lo (161 bits) and |x| ≤
/// <see cref="Limit"/> (|k| &lt; 2^20): <c>x − k hi</c> is exact (x is a multiple of 2^-53 when k ≠ 0 and the
/// difference is below 1); <c>k mid</c> is split exactly by an FMA, subtracted by TwoSum, and the roundings and
/// <c>k lo</c> go into <c>r_lo</c>. The part of π/2 left out costs below 2^-140 absolute, while no double is closer
/// than about 2^-61 to a nonzero multiple of π/2, so <c>r_hi + r_lo</c> carries r to about 2^-79 relative.</para>
/// <para><b>tan r</b> = <c>r + c</c> with <c>c = r s P(s)/Q(s)</c> (s = r_hi²; c ≤ 0.273 r and ≤ 0.215 tan r; the
/// fit is 2^-55 relative to tan r, not to c) plus <c>r_lo (1 + tan² r)</c>; c's few rounding errors are scaled by
/// c/tan r. Even k: <c>r_hi + (c + r_lo (1 + t²))</c>, one rounding at the end. Odd k: <c>−1/(t_hi + t_lo)</c> with
/// <c>(t_hi, t_lo)</c> from Fast2Sum (|c| &lt; |r_hi|), <c>y = −1/t_hi</c> and one correction
/// <c>y + y (1 + y t_hi + y t_lo)</c> (the residual by an FMA). The error is at most about 1.5 ULP, reached where
/// k is even and tan r lies in [0.93, 1), just below where the ULP doubles: the fit (0.24 ULP there), c's roundings
/// and the final rounding add up. A review measured at most 1.49 ULP against mpmath over 18M random inputs
/// (<c>tan(0.7717688080199331)</c>: 1.466 ULP), ≤ 0.5 ULP next to multiples of π/2, and never more than 1 ULP from
/// glibc's <c>tan</c> (which the tests hold); NumPy's SVML reached 3.35 ULP on the same inputs.</para>
/// <para><b>Other lanes.</b> |x| below 2^-27 give x (tan x = x + x³/3 rounds to x there; ±0 and subnormals keep
/// their bits); |x| beyond the limit, ±Inf and NaN take <see cref="TanEdges"/> (<see cref="MediumTrig"/> in vector
/// lanes below 2^30, <see cref="LargeArgumentTrig.Tan"/> one by one above), so a lane's result does not depend on the
/// others. Every width does the same operations, so the bits depend on neither the
/// position nor the instruction set.</para>
/// </remarks>
internal readonly struct TanDoubleOperator : IUnaryOperator<double>
{
    /// <summary>Largest |x| reduced in vector lanes (|k| &lt; 2^20); larger lanes go to <see cref="TanEdges"/>.</summary>
    public const double Limit = 1e6;

    private const double TwoOverPi = TanSingleOperator.TwoOverPi;
    private const double HalfPiHi = TanSingleOperator.HalfPiHi;
    private const double HalfPiMid = TanSingleOperator.HalfPiMid;
    private const double HalfPiLo = VectorMath.PiLo / 2;        // -0x1.f1976b7ed8fbcp-110
    private const double Tiny = 7.450580596923828e-09;         // 2^-27

    // tan(r) = r + r s P(s) / Q(s), s = r^2, |r| <= pi/4: TanSingleOperator's fit.
    private const double P0 = TanSingleOperator.P0;
    private const double P1 = TanSingleOperator.P1;
    private const double P2 = TanSingleOperator.P2;
    private const double Q1 = TanSingleOperator.Q1;
    private const double Q2 = TanSingleOperator.Q2;
    private const double Q3 = TanSingleOperator.Q3;

    public static bool Vectorizable => true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Invoke(double x) => Invoke(Vector128.CreateScalar(x)).ToScalar();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Invoke(Vector128<double> x)
    {
        Vector128<double> magic = Vector128.Create(VectorMath.RoundMagic);
        Vector128<double> kr = Vector128.FusedMultiplyAdd(x, Vector128.Create(TwoOverPi), magic);
        Vector128<double> k = kr - magic;

        // r_hi + r_lo = x - k pi/2: the first step exact, k mid split exactly and subtracted by TwoSum.
        Vector128<double> r1 = Vector128.FusedMultiplyAdd(-k, Vector128.Create(HalfPiHi), x);
        Vector128<double> ph = k * Vector128.Create(HalfPiMid);
        Vector128<double> pl = Vector128.FusedMultiplyAdd(k, Vector128.Create(HalfPiMid), -ph);
        Vector128<double> r = r1 - ph;
        Vector128<double> bv = r - r1;
        Vector128<double> e = (r1 - (r - bv)) + (-ph - bv);
        Vector128<double> rl = Vector128.FusedMultiplyAdd(-k, Vector128.Create(HalfPiLo), e - pl);

        Vector128<double> s = r * r;
        Vector128<double> p = Vector128.FusedMultiplyAdd(Vector128.FusedMultiplyAdd(Vector128.Create(P2), s, Vector128.Create(P1)), s, Vector128.Create(P0));
        Vector128<double> q = Vector128.FusedMultiplyAdd(Vector128.FusedMultiplyAdd(Vector128.FusedMultiplyAdd(Vector128.Create(Q3), s, Vector128.Create(Q2)), s, Vector128.Create(Q1)), s, Vector128<double>.One);
        Vector128<double> c = (r * s) * (p / q);
        Vector128<double> t0 = r + c;
        c += Vector128.FusedMultiplyAdd(rl, t0 * t0, rl);

        // Even k: r + c. Odd k: -1 / (th + tl), refined once.
        Vector128<double> th = r + c;
        Vector128<double> tl = (r - th) + c;
        Vector128<double> y = Vector128.Create(-1.0) / th;
        Vector128<double> rho = Vector128.FusedMultiplyAdd(y, th, Vector128<double>.One) + (y * tl);
        Vector128<double> odd = Vector128.Equals(kr.AsInt64() & Vector128<long>.One, Vector128<long>.One).AsDouble();
        Vector128<double> result = Vector128.ConditionalSelect(odd, Vector128.FusedMultiplyAdd(y, rho, y), th);

        Vector128<double> ax = Vector128.Abs(x);
        result = Vector128.ConditionalSelect(Vector128.LessThan(ax, Vector128.Create(Tiny)), x, result);
        if (!Vector128.LessThanOrEqualAll(ax, Vector128.Create(Limit)))
        {
            result = TanEdges.Apply(x, result, Limit);
        }

        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Invoke(Vector256<double> x)
    {
        Vector256<double> magic = Vector256.Create(VectorMath.RoundMagic);
        Vector256<double> kr = Vector256.FusedMultiplyAdd(x, Vector256.Create(TwoOverPi), magic);
        Vector256<double> k = kr - magic;
        Vector256<double> r1 = Vector256.FusedMultiplyAdd(-k, Vector256.Create(HalfPiHi), x);
        Vector256<double> ph = k * Vector256.Create(HalfPiMid);
        Vector256<double> pl = Vector256.FusedMultiplyAdd(k, Vector256.Create(HalfPiMid), -ph);
        Vector256<double> r = r1 - ph;
        Vector256<double> bv = r - r1;
        Vector256<double> e = (r1 - (r - bv)) + (-ph - bv);
        Vector256<double> rl = Vector256.FusedMultiplyAdd(-k, Vector256.Create(HalfPiLo), e - pl);
        Vector256<double> s = r * r;
        Vector256<double> p = Vector256.FusedMultiplyAdd(Vector256.FusedMultiplyAdd(Vector256.Create(P2), s, Vector256.Create(P1)), s, Vector256.Create(P0));
        Vector256<double> q = Vector256.FusedMultiplyAdd(Vector256.FusedMultiplyAdd(Vector256.FusedMultiplyAdd(Vector256.Create(Q3), s, Vector256.Create(Q2)), s, Vector256.Create(Q1)), s, Vector256<double>.One);
        Vector256<double> c = (r * s) * (p / q);
        Vector256<double> t0 = r + c;
        c += Vector256.FusedMultiplyAdd(rl, t0 * t0, rl);
        Vector256<double> th = r + c;
        Vector256<double> tl = (r - th) + c;
        Vector256<double> y = Vector256.Create(-1.0) / th;
        Vector256<double> rho = Vector256.FusedMultiplyAdd(y, th, Vector256<double>.One) + (y * tl);
        Vector256<double> odd = Vector256.Equals(kr.AsInt64() & Vector256<long>.One, Vector256<long>.One).AsDouble();
        Vector256<double> result = Vector256.ConditionalSelect(odd, Vector256.FusedMultiplyAdd(y, rho, y), th);
        Vector256<double> ax = Vector256.Abs(x);
        result = Vector256.ConditionalSelect(Vector256.LessThan(ax, Vector256.Create(Tiny)), x, result);
        if (!Vector256.LessThanOrEqualAll(ax, Vector256.Create(Limit)))
        {
            result = TanEdges.Apply(x, result, Limit);
        }

        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Invoke(Vector512<double> x)
    {
        Vector512<double> magic = Vector512.Create(VectorMath.RoundMagic);
        Vector512<double> kr = Vector512.FusedMultiplyAdd(x, Vector512.Create(TwoOverPi), magic);
        Vector512<double> k = kr - magic;
        Vector512<double> r1 = Vector512.FusedMultiplyAdd(-k, Vector512.Create(HalfPiHi), x);
        Vector512<double> ph = k * Vector512.Create(HalfPiMid);
        Vector512<double> pl = Vector512.FusedMultiplyAdd(k, Vector512.Create(HalfPiMid), -ph);
        Vector512<double> r = r1 - ph;
        Vector512<double> bv = r - r1;
        Vector512<double> e = (r1 - (r - bv)) + (-ph - bv);
        Vector512<double> rl = Vector512.FusedMultiplyAdd(-k, Vector512.Create(HalfPiLo), e - pl);
        Vector512<double> s = r * r;
        Vector512<double> p = Vector512.FusedMultiplyAdd(Vector512.FusedMultiplyAdd(Vector512.Create(P2), s, Vector512.Create(P1)), s, Vector512.Create(P0));
        Vector512<double> q = Vector512.FusedMultiplyAdd(Vector512.FusedMultiplyAdd(Vector512.FusedMultiplyAdd(Vector512.Create(Q3), s, Vector512.Create(Q2)), s, Vector512.Create(Q1)), s, Vector512<double>.One);
        Vector512<double> c = (r * s) * (p / q);
        Vector512<double> t0 = r + c;
        c += Vector512.FusedMultiplyAdd(rl, t0 * t0, rl);
        Vector512<double> th = r + c;
        Vector512<double> tl = (r - th) + c;
        Vector512<double> y = Vector512.Create(-1.0) / th;
        Vector512<double> rho = Vector512.FusedMultiplyAdd(y, th, Vector512<double>.One) + (y * tl);
        Vector512<double> odd = Vector512.Equals(kr.AsInt64() & Vector512<long>.One, Vector512<long>.One).AsDouble();
        Vector512<double> result = Vector512.ConditionalSelect(odd, Vector512.FusedMultiplyAdd(y, rho, y), th);
        Vector512<double> ax = Vector512.Abs(x);
        result = Vector512.ConditionalSelect(Vector512.LessThan(ax, Vector512.Create(Tiny)), x, result);
        if (!Vector512.LessThanOrEqualAll(ax, Vector512.Create(Limit)))
        {
            result = TanEdges.Apply(x, result, Limit);
        }

        return result;
    }
}

/// <summary>Lanes of a tan kernel beyond its reduction limit: up to 2^30 by <see cref="MediumTrig"/> in vectors, beyond it, ±Inf and NaN through <see cref="LargeArgumentTrig.Tan"/>, each on its own.</summary>
internal static class TanEdges
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static Vector128<double> Apply(Vector128<double> x, Vector128<double> result, double limit)
    {
        Vector128<double> ax = Vector128.Abs(x);
        Vector128<double> medium = Vector128.GreaterThan(ax, Vector128.Create(limit)) & Vector128.LessThan(ax, Vector128.Create(MediumTrig.Limit));
        if (medium != Vector128<double>.Zero)
        {
            result = Vector128.ConditionalSelect(medium, MediumTrig.W128.Evaluate(x, 2), result);
        }

        // Lanes neither within the limit nor below 2^30 (and NaN): one by one.
        if ((Vector128.LessThanOrEqual(ax, Vector128.Create(limit)) | Vector128.LessThan(ax, Vector128.Create(MediumTrig.Limit))) == Vector128<double>.AllBitsSet)
        {
            return result;
        }

        for (int i = 0; i < Vector128<double>.Count; i++)
        {
            double v = x.GetElement(i);
            if (!(System.Math.Abs(v) <= limit) && !(System.Math.Abs(v) < MediumTrig.Limit))
            {
                result = result.WithElement(i, LargeArgumentTrig.Tan(v));
            }
        }

        return result;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static Vector256<double> Apply(Vector256<double> x, Vector256<double> result, double limit)
    {
        Vector256<double> ax = Vector256.Abs(x);
        Vector256<double> medium = Vector256.GreaterThan(ax, Vector256.Create(limit)) & Vector256.LessThan(ax, Vector256.Create(MediumTrig.Limit));
        if (medium != Vector256<double>.Zero)
        {
            result = Vector256.ConditionalSelect(medium, MediumTrig.W256.Evaluate(x, 2), result);
        }

        // Lanes neither within the limit nor below 2^30 (and NaN): one by one.
        if ((Vector256.LessThanOrEqual(ax, Vector256.Create(limit)) | Vector256.LessThan(ax, Vector256.Create(MediumTrig.Limit))) == Vector256<double>.AllBitsSet)
        {
            return result;
        }

        for (int i = 0; i < Vector256<double>.Count; i++)
        {
            double v = x.GetElement(i);
            if (!(System.Math.Abs(v) <= limit) && !(System.Math.Abs(v) < MediumTrig.Limit))
            {
                result = result.WithElement(i, LargeArgumentTrig.Tan(v));
            }
        }

        return result;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static Vector512<double> Apply(Vector512<double> x, Vector512<double> result, double limit)
    {
        Vector512<double> ax = Vector512.Abs(x);
        Vector512<double> medium = Vector512.GreaterThan(ax, Vector512.Create(limit)) & Vector512.LessThan(ax, Vector512.Create(MediumTrig.Limit));
        if (medium != Vector512<double>.Zero)
        {
            result = Vector512.ConditionalSelect(medium, MediumTrig.W512.Evaluate(x, 2), result);
        }

        // Lanes neither within the limit nor below 2^30 (and NaN): one by one.
        if ((Vector512.LessThanOrEqual(ax, Vector512.Create(limit)) | Vector512.LessThan(ax, Vector512.Create(MediumTrig.Limit))) == Vector512<double>.AllBitsSet)
        {
            return result;
        }

        for (int i = 0; i < Vector512<double>.Count; i++)
        {
            double v = x.GetElement(i);
            if (!(System.Math.Abs(v) <= limit) && !(System.Math.Abs(v) < MediumTrig.Limit))
            {
                result = result.WithElement(i, LargeArgumentTrig.Tan(v));
            }
        }

        return result;
    }
}
