using System.Runtime.CompilerServices;

namespace ChunkCompute.Kernels;

/// <summary>
/// sin, cos and tan of float64 arguments beyond the vector kernels' reduction limits (|x| &gt; 1e5, or 1e6 for tan):
/// Payne-Hanek reduction against 1,280 bits of 2/π, then Taylor kernels on the reduced double-double.
/// </summary>
/// <remarks>
/// <para><b>Why not <see cref="Math.Cos(double)"/>.</b> These lanes used to go to the C library. glibc 2.36 reduces
/// with too few bits where x lies very close to a multiple of π/2: for x = 6381956970095103·2^797, the double
/// closest to one (cos x ≈ -4.7e-19), its cos is 7.95 ULP off and its tan 14.4; on inputs picked the same way
/// for every exponent, up to about 10^5 ULP. NumPy's loops stay within 2 ULP there.</para>
/// <para><b>Reduction.</b> x = m·2^e with m a 53-bit integer. Bits of 2/π worth 4 or more once multiplied by 2^e
/// only add multiples of 4 to x·2/π, which change no quadrant, so the product m × (five 64-bit words of 2/π from
/// word <c>j0 = ⌊(e - 2)/64⌋</c> on) holds x·2/π mod 4 with s ≥ 255 fraction bits and an absolute error below
/// 2^(53 - s) ≤ 2^-202. The hardest double above leaves a fraction near 2^-62, so the fraction's top 106 bits,
/// which become the double-double, are exact. x·2/π = n + f with |f| ≤ 1/2, and r = f·π/2 is formed in
/// double-double (π/2 as two doubles, FMAs).</para>
/// <para><b>Evaluation.</b> |r| ≤ π/4: sin and cos of r_hi + r_lo by their Taylor series (to x^17 and x^18, the
/// first omitted term below 2^-62 relative), the low part through the first derivative, 1 - x²/2 carried exactly;
/// each returns a double-double. sin and cos round its high part (within about 0.6 ULP); tan divides the two
/// (<c>sin/cos</c> at even n, <c>-cos/sin</c> at odd n) with one remainder correction. Measured against mpmath on
/// 200,000 random arguments from 1e5 to 1e308: at most 1 ULP, 98.6% (sin, cos) and 97.5% (tan) correctly rounded;
/// on the hard inputs of <c>TranscendentalReferenceTests.LargeArgumentsStayWithinOneUlpOfTheCorrectlyRoundedValue</c>
/// at most 1 ULP. Integer arithmetic and FMAs only: the same bits on every instruction set.</para>
/// </remarks>
internal static class LargeArgumentTrig
{
    /// <summary>⌊2/π · 2^1280⌋ as twenty 64-bit words, most significant first (bits 1..1280 of 2/π's fraction).</summary>
    internal static ReadOnlySpan<ulong> TwoOverPiBits =>
    [
        0xA2F9836E4E441529, 0xFC2757D1F534DDC0, 0xDB6295993C439041, 0xFE5163ABDEBBC561,
        0xB7246E3A424DD2E0, 0x06492EEA09D1921C, 0xFE1DEB1CB129A73E, 0xE88235F52EBB4484,
        0xE99C7026B45F7E41, 0x3991D639835339F4, 0x9C845F8BBDF9283B, 0x1FF897FFDE05980F,
        0xEF2F118B5A0A6D1F, 0x6D367ECF27CB09B7, 0x4F463F669E5FEA2D, 0x7527BAC7EBE5F17B,
        0x3D0739F78A5292EA, 0x6BFB5FB11F8D5D08, 0x56033046FC7B6BAB, 0xF0CFBC209AF4361D,
    ];

    private const double HalfPiHi = 1.5707963267948966;       // 0x3FF921FB54442D18
    private const double HalfPiLo = 6.123233995736766e-17;    // 0x3C91A62633145C07: π/2 - HalfPiHi, rounded
    private const double QuarterPi = 0.7853981633974483;

    // Taylor coefficients (-1)^k / (2k+1)! and (-1)^k / (2k)!, each rounded once from the exact fraction.
    private const double S3 = -1.0 / 6, S5 = 1.0 / 120, S7 = -1.0 / 5040, S9 = 1.0 / 362880, S11 = -1.0 / 39916800;
    private const double S13 = 1.0 / 6227020800, S15 = -1.0 / 1307674368000, S17 = 1.0 / 355687428096000;
    private const double C4 = 1.0 / 24, C6 = -1.0 / 720, C8 = 1.0 / 40320, C10 = -1.0 / 3628800, C12 = 1.0 / 479001600;
    private const double C14 = -1.0 / 87178291200, C16 = 1.0 / 20922789888000, C18 = -1.0 / 6402373705728000;

    /// <summary>sin(x) within 1 ULP for every double; NaN for NaN and ±Inf.</summary>
    public static double Sin(double x)
    {
        if (!(Math.Abs(x) > QuarterPi))
        {
            return Math.Sin(x); // |x| ≤ π/4 (no reduction), NaN
        }

        if (!double.IsFinite(x))
        {
            return Math.Sin(x);
        }

        int n = Reduce(Math.Abs(x), out double hi, out double lo);
        double v = (n & 1) == 0 ? SinKernel(hi, lo, out _) : CosKernel(hi, lo, out _);
        return ((n & 2) == 0) == (x > 0) ? v : -v;
    }

    /// <summary>cos(x) within 1 ULP for every double; NaN for NaN and ±Inf.</summary>
    public static double Cos(double x)
    {
        if (!(Math.Abs(x) > QuarterPi) || !double.IsFinite(x))
        {
            return Math.Cos(x);
        }

        int n = Reduce(Math.Abs(x), out double hi, out double lo);
        double v = (n & 1) == 0 ? CosKernel(hi, lo, out _) : SinKernel(hi, lo, out _);
        return ((n + 1) & 2) == 0 ? v : -v;
    }

    /// <summary>tan(x) within 1 ULP for every double; NaN for NaN and ±Inf.</summary>
    public static double Tan(double x)
    {
        if (!(Math.Abs(x) > QuarterPi) || !double.IsFinite(x))
        {
            return Math.Tan(x);
        }

        int n = Reduce(Math.Abs(x), out double hi, out double lo);
        double sh = SinKernel(hi, lo, out double sl);
        double ch = CosKernel(hi, lo, out double cl);

        // tan r = sin r / cos r at even n, -cos r / sin r at odd n: one division of the high parts, then the exact
        // remainder (FMA) with the low parts, divided once more.
        double nh = (n & 1) == 0 ? sh : -ch, nl = (n & 1) == 0 ? sl : -cl;
        double dh = (n & 1) == 0 ? ch : sh, dl = (n & 1) == 0 ? cl : sl;
        double q = nh / dh;
        double v = q + ((Math.FusedMultiplyAdd(-q, dh, nh) + nl - (q * dl)) / dh);
        return x > 0 ? v : -v;
    }

    /// <summary>
    /// sin(x + y) for |x| ≤ π/4 and |y| ≤ 2^-52 |x|: x + (x z P(z) + y (1 - z/2)), z = x², P the Taylor series of
    /// (sin x - x)/x³ to the x^17 term (the next term is below 2^-62 |x|). The bracket is at most a tenth of x, so
    /// the result is within about 0.6 ULP and mostly correctly rounded.
    /// </summary>
    private static double SinKernel(double x, double y, out double low)
    {
        double z = x * x;
        double p = Math.FusedMultiplyAdd(Math.FusedMultiplyAdd(Math.FusedMultiplyAdd(Math.FusedMultiplyAdd(Math.FusedMultiplyAdd(Math.FusedMultiplyAdd(Math.FusedMultiplyAdd(
            S17, z, S15), z, S13), z, S11), z, S9), z, S7), z, S5), z, S3);
        double b = Math.FusedMultiplyAdd(x * z, p, y * Math.FusedMultiplyAdd(-0.5, z, 1.0));
        double high = x + b;
        low = (x - high) + b;
        return high;
    }

    /// <summary>
    /// cos(x + y) for |x| ≤ π/4 and |y| ≤ 2^-52 |x|: 1 - x²/2 carried exactly (x² as z + zl by an FMA, w = 1 - z/2
    /// and its rounding error by Sterbenz), plus z² Q(z) - x y, Q the Taylor series of (cos x - 1 + x²/2)/x⁴ to the
    /// x^18 term (the next term is below 2^-67). Within about 0.55 ULP.
    /// </summary>
    private static double CosKernel(double x, double y, out double low)
    {
        double z = x * x;
        double zl = Math.FusedMultiplyAdd(x, x, -z);
        double q = Math.FusedMultiplyAdd(Math.FusedMultiplyAdd(Math.FusedMultiplyAdd(Math.FusedMultiplyAdd(Math.FusedMultiplyAdd(Math.FusedMultiplyAdd(Math.FusedMultiplyAdd(
            C18, z, C16), z, C14), z, C12), z, C10), z, C8), z, C6), z, C4);
        double hz = 0.5 * z;
        double w = 1.0 - hz;
        double t = (((1.0 - w) - hz) - (0.5 * zl)) + Math.FusedMultiplyAdd(z * z, q, -(x * y));
        double high = w + t;
        low = (w - high) + t;
        return high;
    }

    /// <summary>
    /// x·2/π = n + f with |f| ≤ 1/2 for a finite x &gt; π/4; returns n mod 4 and r = f·π/2 as <paramref name="hi"/> +
    /// <paramref name="lo"/> (|hi| ≤ π/4, relative error about 2^-104).
    /// </summary>
    [SkipLocalsInit]
    internal static int Reduce(double x, out double hi, out double lo)
    {
        long bits = BitConverter.DoubleToInt64Bits(x);
        ulong m = ((ulong)bits & 0xF_FFFF_FFFF_FFFFUL) | (1UL << 52);
        int e = (int)(bits >> 52) - 1075; // x = m · 2^e, e ≥ -53 for x > π/4
        int j0 = e >= 2 ? (e - 2) >> 6 : 0;
        int s = (64 * (j0 + 5)) - e;      // fraction bits of P = m × (words j0..j0+4): 255..373

        // P = m × W, W the 320-bit window, little-endian words p[0..5].
        Span<ulong> p = stackalloc ulong[6];
        ReadOnlySpan<ulong> w = TwoOverPiBits;
        ulong carry = 0;
        for (int k = 0; k < 5; k++)
        {
            ulong high = Math.BigMul(m, w[j0 + 4 - k], out ulong low);
            low += carry;
            carry = high + (low < carry ? 1UL : 0UL);
            p[k] = low;
        }

        p[5] = carry;
        int n = (int)(Bit(p, s) | (Bit(p, s + 1) << 1));
        bool negative = Bit(p, s - 1) != 0;

        // Keep the s fraction bits; above one half, take f - 1 (its magnitude 2^s - F) and round n up.
        int top = s >> 6;
        p[top] &= (1UL << (s & 63)) - 1;
        for (int k = top + 1; k < 6; k++)
        {
            p[k] = 0;
        }

        if (negative)
        {
            n++;
            ulong borrow = 1;
            for (int k = 0; k < 6; k++)
            {
                ulong v = ~p[k] + borrow;
                borrow = borrow != 0 && v == 0 ? 1UL : 0UL;
                p[k] = v;
            }

            p[top] &= (1UL << (s & 63)) - 1;
            for (int k = top + 1; k < 6; k++)
            {
                p[k] = 0;
            }
        }

        int word = top;
        while (word >= 0 && p[word] == 0)
        {
            word--;
        }

        if (word < 0)
        {
            hi = 0.0;
            lo = 0.0;
            return n & 3;
        }

        int lead = (64 * word) + 63 - System.Numerics.BitOperations.LeadingZeroCount(p[word]);

        // |f| = F / 2^s with F's top 106 bits as two exact 53-bit doubles; then r = f (π/2 hi + π/2 lo).
        double fh = Math.ScaleB(Window(p, lead - 52), lead - 52 - s);
        double fl = Math.ScaleB(Window(p, lead - 105), lead - 105 - s);
        double ph = fh * HalfPiHi;
        double pl = Math.FusedMultiplyAdd(fh, HalfPiHi, -ph) + Math.FusedMultiplyAdd(fh, HalfPiLo, fl * HalfPiHi);
        hi = ph + pl;
        lo = pl - (hi - ph);
        if (negative)
        {
            hi = -hi;
            lo = -lo;
        }

        return n & 3;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Bit(ReadOnlySpan<ulong> p, int position) => (p[position >> 6] >> (position & 63)) & 1;

    /// <summary>The 53 bits of <paramref name="p"/> at positions <paramref name="from"/>..from+52 (bits below 0 read as 0), as an exact double.</summary>
    private static double Window(ReadOnlySpan<ulong> p, int from)
    {
        ulong v;
        if (from < 0)
        {
            v = from > -64 ? p[0] << -from : 0;
        }
        else
        {
            int q = from >> 6, r = from & 63;
            v = p[q] >> r;
            if (r != 0 && q + 1 < p.Length)
            {
                v |= p[q + 1] << (64 - r);
            }
        }

        return v & ((1UL << 53) - 1);
    }
}
