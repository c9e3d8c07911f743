using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ChunkCompute.Kernels;

/// <summary>
/// sin, cos and tan of float64 arguments beyond the vector kernels' reduction limits (|x| &gt; 1e5, or 1e6 for tan),
/// one at a time: below 2^30 through <see cref="MediumTrig"/> (whose vector lanes the span and tan drivers use for
/// whole blocks), above by a Payne-Hanek reduction against 1,280 bits of 2/π and <see cref="MediumTrig"/>'s kernels.
/// </summary>
/// <remarks>
/// <para><b>Why not <see cref="Math.Cos(double)"/>.</b> These lanes used to go to the C library. glibc 2.36 reduces
/// with too few bits where x lies very close to a multiple of π/2: for x = 6381956970095103·2^797, the double
/// closest to one (cos x ≈ -4.7e-19), its cos is 7.95 ULP off and its tan 14.4; on inputs picked the same way
/// for every exponent, up to about 10^5 ULP. NumPy's loops stay within 2 ULP there. It was also scalar: sin of
/// 1M values in [1e6, 1e9] took 28.8 ms on two threads against NumPy's 5.5; with <see cref="MediumTrig"/> 1.7.</para>
/// <para><b>Reduction.</b> x = m·2^e with m a 53-bit integer. Bits of 2/π worth 4 or more once multiplied by 2^e
/// only add multiples of 4 to x·2/π, which change no quadrant, so the product m × (five 64-bit words of 2/π from
/// word <c>j0 = ⌊(e - 2)/64⌋</c> on) holds x·2/π mod 4 with s ≥ 255 fraction bits and an absolute error below
/// 2^(53 - s) ≤ 2^-202. The hardest double leaves a fraction near 2^-62, so its leading bit sits at position s - 63
/// or above (≥ 192) and its top 106 bits, which become the double-double, are correct to far below their last bit. x·2/π = n + f with |f| ≤ 1/2, and r = f·π/2 is formed in
/// double-double (π/2 as two doubles, FMAs).</para>
/// <para><b>Accuracy.</b> Within 1 ULP: against mpmath on 200,000 random arguments from 1e5 to 1e308 (half of them
/// below 2^30), 98.5% of sin and cos and 96.7% of tan correctly rounded, the rest 1 ULP off (a review's adversarial
/// sweep: at most 0.75 ULP for sin and cos, 0.83 for tan above 2^30); on the hard inputs of
/// <c>TranscendentalReferenceTests.LargeArgumentsStayWithinOneUlpOfTheCorrectlyRoundedValue</c> at most 1 ULP.
/// Integer arithmetic, FMAs and the 128-bit form of <see cref="MediumTrig"/>'s kernels: the same bits on every
/// instruction set, and the same as the vector lanes.</para>
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

    private const double QuarterPi = 0.7853981633974483;

    /// <summary>sin(x) within 1 ULP for every double; NaN for NaN and ±Inf.</summary>
    public static double Sin(double x) => Evaluate(x, 0);

    /// <summary>cos(x) within 1 ULP for every double; NaN for NaN and ±Inf.</summary>
    public static double Cos(double x) => Evaluate(x, 1);

    /// <summary>tan(x) within 1 ULP for every double; NaN for NaN and ±Inf.</summary>
    public static double Tan(double x) => Evaluate(x, 2);

    /// <summary>
    /// sin (<paramref name="function"/> 0), cos (1) or tan (2): below 2^30 by <see cref="MediumTrig"/> (the same
    /// bits as its vector lanes), above by <see cref="Reduce"/> and <see cref="MediumTrig"/>'s kernels; |x| ≤ π/4,
    /// NaN and ±Inf by the C library (which callers do not send here: they are the vector kernels' lanes).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double Evaluate(double x, int function)
    {
        double ax = Math.Abs(x);
        if (!(ax > QuarterPi) || !double.IsFinite(x))
        {
            return function switch { 0 => Math.Sin(x), 1 => Math.Cos(x), _ => Math.Tan(x) };
        }

        if (ax < MediumTrig.Limit)
        {
            return MediumTrig.Evaluate(x, function);
        }

        int n = Reduce(ax, out double hi, out double lo);
        return MediumTrig.W128.Finish(Vector128.CreateScalar(x), Vector128.CreateScalar((long)n), Vector128.CreateScalar(hi), Vector128.CreateScalar(lo), function).ToScalar();
    }

    /// <summary>
    /// x·2/π = n + f with |f| ≤ 1/2 for a finite x &gt; π/4; returns n mod 4 and r = f·π/2 as <paramref name="hi"/> +
    /// <paramref name="lo"/> (|hi| ≤ π/4, relative error about 2^-104).
    /// </summary>
    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
        double ph = fh * MediumTrig.HalfPiHi;
        double pl = Math.FusedMultiplyAdd(fh, MediumTrig.HalfPiHi, -ph) + Math.FusedMultiplyAdd(fh, MediumTrig.HalfPiLo, fl * MediumTrig.HalfPiHi);
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

    /// <summary>
    /// The 53 bits of <paramref name="p"/> at positions <paramref name="from"/>..from+52, as an exact double;
    /// <paramref name="from"/> ≥ 87 here (the leading bit is at 192 or above, class remarks).
    /// </summary>
    private static double Window(ReadOnlySpan<ulong> p, int from)
    {
        int q = from >> 6, r = from & 63;
        ulong v = p[q] >> r;
        if (r != 0 && q + 1 < p.Length)
        {
            v |= p[q + 1] << (64 - r);
        }

        return v & ((1UL << 53) - 1);
    }
}
