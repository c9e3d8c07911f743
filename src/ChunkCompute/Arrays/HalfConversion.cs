using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ChunkCompute;

/// <summary>
/// Exact float16 → float32 and round-to-nearest-even float32 → float16 conversion of spans, in integer vector lanes,
/// so that float16 arithmetic can run through the float32 kernels (<see cref="Kernels.Elementwise.HalfViaSingle{TKernel}"/>),
/// as NumPy's own float16 loops do, and so that <c>AsType</c> converts contiguous float16/float32 runs in vector
/// lanes; and the scalar float64 → float16 rounding of casts and of the float16 function tables
/// (<see cref="Kernels.Elementwise.HalfLookup{TKernel}"/>).
/// </summary>
/// <remarks>
/// <para>Why our own: <c>TensorPrimitives.ConvertToSingle</c>/<c>ConvertToHalf</c> measured 0.22 ms per 1M values
/// round trip once tiered up, but their generic code stayed tier-0 for the first calls (4.7–6.2 ms for calls 2–5);
/// this code is plain integer vector arithmetic with <see cref="MethodImplOptions.AggressiveOptimization"/>.</para>
/// <para>Every lane is independent and every path (512, 256, 128-bit and scalar) computes the same bits:
/// float16 → float32 is exact (subnormals through one exact float subtraction); float32 → float16 rounds to nearest
/// even, overflows to ±Inf, and keeps a NaN's sign and top 10 payload bits with the quiet bit set (what
/// <c>vcvtps2ph</c> and NumPy's <c>npy_float_to_half</c> give for the quiet NaNs float arithmetic produces) — or,
/// with <c>castNaN</c>, NumPy's cast rule (<c>npy_floatbits_to_halfbits</c>: a signalling NaN stays signalling, a
/// payload that narrows to nothing becomes 1), which <c>AsType</c> and <see cref="ScalarCast"/> use; widening never
/// quiets either.</para>
/// </remarks>
internal static class HalfConversion
{
    private const uint HalfSign = 0x8000;
    private const uint HalfAbsMask = 0x7FFF;
    private const uint HalfInfBits = 0x7C00;
    private const uint HalfMinNormalBits = 0x0400;
    private const uint SingleAbsMask = 0x7FFF_FFFF;
    private const uint SingleInfBits = 0x7F80_0000;
    private const uint RebiasBits = (127 - 15) << 23;              // float exponent bias minus half's, in place
    private const uint TwoToMinus14Bits = (127 - 14) << 23;        // 2^-14, half's smallest normal, as float bits
    private const uint HalfOverflowBits = (127 + 16) << 23;        // 65536: from here on, ±Inf
    private const uint SubnormalMagicBits = (127 - 1) << 23;       // 0.5f: its ULP is 2^-24, half's subnormal step
    private const uint RoundBiasBits = unchecked(0u - RebiasBits + 0xFFF); // rebias plus just under half an ULP

    /// <summary>Converts <paramref name="source"/> to float32 into <paramref name="destination"/> (same length, not overlapping).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ToSingle(ReadOnlySpan<Half> source, Span<float> destination)
    {
        if (source.Length != destination.Length)
        {
            ThrowHelper.ThrowArgument($"span lengths differ: source has {source.Length} elements, destination {destination.Length}", nameof(source));
        }

        ref ushort s = ref Unsafe.As<Half, ushort>(ref MemoryMarshal.GetReference(source));
        ref uint d = ref Unsafe.As<float, uint>(ref MemoryMarshal.GetReference(destination));
        nuint n = (nuint)source.Length;
        nuint i = 0;
        if (Vector512.IsHardwareAccelerated && n >= 32)
        {
            // 32 halves per step, widened to two 16-lane uint vectors; the last step overlaps the one before it.
            for (; ; i += 32)
            {
                i = i + 32 <= n ? i : n - 32;
                (Vector512<uint> lo, Vector512<uint> hi) = Vector512.Widen(Vector512.LoadUnsafe(ref s, i));
                ToSingleBits(lo).StoreUnsafe(ref d, i);
                ToSingleBits(hi).StoreUnsafe(ref d, i + 16);
                if (i + 32 == n)
                {
                    return;
                }
            }
        }

        if (Vector256.IsHardwareAccelerated && n >= 16)
        {
            for (; ; i += 16)
            {
                i = i + 16 <= n ? i : n - 16;
                (Vector256<uint> lo, Vector256<uint> hi) = Vector256.Widen(Vector256.LoadUnsafe(ref s, i));
                ToSingleBits(lo).StoreUnsafe(ref d, i);
                ToSingleBits(hi).StoreUnsafe(ref d, i + 8);
                if (i + 16 == n)
                {
                    return;
                }
            }
        }

        if (Vector128.IsHardwareAccelerated && n >= 8)
        {
            for (; ; i += 8)
            {
                i = i + 8 <= n ? i : n - 8;
                (Vector128<uint> lo, Vector128<uint> hi) = Vector128.Widen(Vector128.LoadUnsafe(ref s, i));
                ToSingleBits(lo).StoreUnsafe(ref d, i);
                ToSingleBits(hi).StoreUnsafe(ref d, i + 4);
                if (i + 8 == n)
                {
                    return;
                }
            }
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref d, i) = ToSingleBits(Unsafe.Add(ref s, i));
        }
    }

    /// <summary>Rounds <paramref name="source"/> to float16 (nearest even) into <paramref name="destination"/> (same length, not overlapping).</summary>
    /// <param name="source">The floats.</param>
    /// <param name="destination">Their float16 values.</param>
    /// <param name="castNaN">
    /// False (computed results): a NaN gets the quiet bit set. True (<c>astype</c>): NumPy's cast rule, a NaN keeps its
    /// bits (a signalling NaN stays signalling) and a payload that narrows to nothing becomes 1.
    /// </param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ToHalf(ReadOnlySpan<float> source, Span<Half> destination, bool castNaN = false)
    {
        if (source.Length != destination.Length)
        {
            ThrowHelper.ThrowArgument($"span lengths differ: source has {source.Length} elements, destination {destination.Length}", nameof(source));
        }

        ref uint s = ref Unsafe.As<float, uint>(ref MemoryMarshal.GetReference(source));
        ref ushort d = ref Unsafe.As<Half, ushort>(ref MemoryMarshal.GetReference(destination));
        nuint n = (nuint)source.Length;
        nuint i = 0;
        if (Vector512.IsHardwareAccelerated && n >= 32)
        {
            for (; ; i += 32)
            {
                i = i + 32 <= n ? i : n - 32;
                Vector512<uint> lo = ToHalfBits(Vector512.LoadUnsafe(ref s, i), castNaN);
                Vector512<uint> hi = ToHalfBits(Vector512.LoadUnsafe(ref s, i + 16), castNaN);
                Vector512.Narrow(lo, hi).StoreUnsafe(ref d, i); // every lane is below 2^16: narrowing keeps it
                if (i + 32 == n)
                {
                    return;
                }
            }
        }

        if (Vector256.IsHardwareAccelerated && n >= 16)
        {
            for (; ; i += 16)
            {
                i = i + 16 <= n ? i : n - 16;
                Vector256<uint> lo = ToHalfBits(Vector256.LoadUnsafe(ref s, i), castNaN);
                Vector256<uint> hi = ToHalfBits(Vector256.LoadUnsafe(ref s, i + 8), castNaN);
                Vector256.Narrow(lo, hi).StoreUnsafe(ref d, i);
                if (i + 16 == n)
                {
                    return;
                }
            }
        }

        if (Vector128.IsHardwareAccelerated && n >= 8)
        {
            for (; ; i += 8)
            {
                i = i + 8 <= n ? i : n - 8;
                Vector128<uint> lo = ToHalfBits(Vector128.LoadUnsafe(ref s, i), castNaN);
                Vector128<uint> hi = ToHalfBits(Vector128.LoadUnsafe(ref s, i + 4), castNaN);
                Vector128.Narrow(lo, hi).StoreUnsafe(ref d, i);
                if (i + 8 == n)
                {
                    return;
                }
            }
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref d, i) = (ushort)ToHalfBits(Unsafe.Add(ref s, i), castNaN);
        }
    }

    /// <summary>The float32 bits of the float16 with bits <paramref name="h"/> (exact).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint ToSingleBits(uint h)
    {
        uint abs = h & HalfAbsMask;
        uint t = abs << 13;
        uint r = abs >= HalfInfBits ? t | SingleInfBits
            : abs < HalfMinNormalBits ? BitConverter.SingleToUInt32Bits(BitConverter.UInt32BitsToSingle(t + TwoToMinus14Bits) - BitConverter.UInt32BitsToSingle(TwoToMinus14Bits))
            : t + RebiasBits;
        return r | ((h & HalfSign) << 16);
    }

    /// <summary>The float16 bits (in the low 16 bits) of the float32 with bits <paramref name="f"/>, rounded to nearest even (NaN: see <see cref="ToHalf"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint ToHalfBits(uint f, bool castNaN = false)
    {
        uint a = f & SingleAbsMask;
        uint payload = (a >> 13) & 0x3FF;
        uint r = a > SingleInfBits ? HalfInfBits | (castNaN ? (payload == 0 ? 1 : payload) : 0x200 | payload)
            : a >= HalfOverflowBits ? HalfInfBits
            : a < TwoToMinus14Bits ? BitConverter.SingleToUInt32Bits(BitConverter.UInt32BitsToSingle(a) + BitConverter.UInt32BitsToSingle(SubnormalMagicBits)) - SubnormalMagicBits
            : (a + RoundBiasBits + ((a >> 13) & 1)) >> 13;
        return r | ((f >> 16) & HalfSign);
    }

    /// <summary>
    /// The float16 bits of <paramref name="x"/>, rounded once to nearest even (a NaN keeps its sign and top 10 payload
    /// bits, with the quiet bit set, or with <paramref name="castNaN"/> NumPy's cast rule as in <see cref="ToHalf"/>).
    /// Scalar: it builds the <see cref="Kernels.Elementwise.HalfLookup{TKernel}"/> tables and converts in casts.
    /// </summary>
    public static ushort ToHalfBits(double x, bool castNaN = false)
    {
        ulong u = BitConverter.DoubleToUInt64Bits(x);
        ushort sign = (ushort)((u >> 48) & HalfSign);
        ulong a = u & 0x7FFF_FFFF_FFFF_FFFF;
        if (a > 0x7FF0_0000_0000_0000)
        {
            uint payload = (uint)(a >> 42) & 0x3FF;
            return (ushort)(sign | HalfInfBits | (castNaN ? (payload == 0 ? 1 : payload) : 0x200 | payload));
        }

        if (a >= 0x40EF_FE00_0000_0000)
        {
            return (ushort)(sign | HalfInfBits); // from 65520, the tie above 65504 (odd), on: ±Inf
        }

        if (a < 0x3F10_0000_0000_0000)
        {
            // Below 2^-14: a multiple of 2^-24, and |x| * 2^24 is exact in double; round it to an integer, nearest even.
            return (ushort)(sign | (uint)Math.Round(BitConverter.UInt64BitsToDouble(a) * 16_777_216.0, MidpointRounding.ToEven));
        }

        // Normal: rebias the exponent, then drop 42 mantissa bits rounding to nearest even (a carry moves into the
        // exponent, up to 0x7C00 only from values the overflow test above already took).
        const ulong rebias = (ulong)(1023 - 15) << 52;
        return (ushort)(sign | (uint)((a - rebias + ((1UL << 41) - 1) + ((a >> 42) & 1)) >> 42));
    }

    // The vector forms below are the scalar ones above, lane by lane: the three cases computed in every lane and
    // chosen by masks (a subnormal lane's float subtraction or addition is exact or rounds to nearest even, as above).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<uint> ToSingleBits(Vector512<uint> h)
    {
        Vector512<uint> abs = h & Vector512.Create(HalfAbsMask);
        Vector512<uint> t = abs << 13;
        Vector512<uint> sub = ((t + Vector512.Create(TwoToMinus14Bits)).AsSingle() - Vector512.Create(TwoToMinus14Bits).AsSingle()).AsUInt32();
        Vector512<uint> r = Vector512.ConditionalSelect(Vector512.LessThan(abs, Vector512.Create(HalfMinNormalBits)), sub, t + Vector512.Create(RebiasBits));
        r = Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(abs, Vector512.Create(HalfInfBits)), t | Vector512.Create(SingleInfBits), r);
        return r | ((h & Vector512.Create(HalfSign)) << 16);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> ToSingleBits(Vector256<uint> h)
    {
        Vector256<uint> abs = h & Vector256.Create(HalfAbsMask);
        Vector256<uint> t = abs << 13;
        Vector256<uint> sub = ((t + Vector256.Create(TwoToMinus14Bits)).AsSingle() - Vector256.Create(TwoToMinus14Bits).AsSingle()).AsUInt32();
        Vector256<uint> r = Vector256.ConditionalSelect(Vector256.LessThan(abs, Vector256.Create(HalfMinNormalBits)), sub, t + Vector256.Create(RebiasBits));
        r = Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(abs, Vector256.Create(HalfInfBits)), t | Vector256.Create(SingleInfBits), r);
        return r | ((h & Vector256.Create(HalfSign)) << 16);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<uint> ToSingleBits(Vector128<uint> h)
    {
        Vector128<uint> abs = h & Vector128.Create(HalfAbsMask);
        Vector128<uint> t = abs << 13;
        Vector128<uint> sub = ((t + Vector128.Create(TwoToMinus14Bits)).AsSingle() - Vector128.Create(TwoToMinus14Bits).AsSingle()).AsUInt32();
        Vector128<uint> r = Vector128.ConditionalSelect(Vector128.LessThan(abs, Vector128.Create(HalfMinNormalBits)), sub, t + Vector128.Create(RebiasBits));
        r = Vector128.ConditionalSelect(Vector128.GreaterThanOrEqual(abs, Vector128.Create(HalfInfBits)), t | Vector128.Create(SingleInfBits), r);
        return r | ((h & Vector128.Create(HalfSign)) << 16);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<uint> ToHalfBits(Vector512<uint> f, bool castNaN)
    {
        Vector512<uint> a = f & Vector512.Create(SingleAbsMask);
        Vector512<uint> sub = (a.AsSingle() + Vector512.Create(SubnormalMagicBits).AsSingle()).AsUInt32() - Vector512.Create(SubnormalMagicBits);
        Vector512<uint> normal = (a + Vector512.Create(RoundBiasBits) + ((a >> 13) & Vector512<uint>.One)) >> 13;
        Vector512<uint> r = Vector512.ConditionalSelect(Vector512.LessThan(a, Vector512.Create(TwoToMinus14Bits)), sub, normal);
        r = Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(a, Vector512.Create(HalfOverflowBits)), Vector512.Create(HalfInfBits), r);
        Vector512<uint> payload = (a >> 13) & Vector512.Create(0x3FFu);
        Vector512<uint> nan = Vector512.Create(HalfInfBits) | (castNaN
            ? payload | (Vector512.Equals(payload, Vector512<uint>.Zero) & Vector512<uint>.One)
            : payload | Vector512.Create(0x200u));
        r = Vector512.ConditionalSelect(Vector512.GreaterThan(a, Vector512.Create(SingleInfBits)), nan, r);
        return r | ((f >> 16) & Vector512.Create(HalfSign));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> ToHalfBits(Vector256<uint> f, bool castNaN)
    {
        Vector256<uint> a = f & Vector256.Create(SingleAbsMask);
        Vector256<uint> sub = (a.AsSingle() + Vector256.Create(SubnormalMagicBits).AsSingle()).AsUInt32() - Vector256.Create(SubnormalMagicBits);
        Vector256<uint> normal = (a + Vector256.Create(RoundBiasBits) + ((a >> 13) & Vector256<uint>.One)) >> 13;
        Vector256<uint> r = Vector256.ConditionalSelect(Vector256.LessThan(a, Vector256.Create(TwoToMinus14Bits)), sub, normal);
        r = Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(a, Vector256.Create(HalfOverflowBits)), Vector256.Create(HalfInfBits), r);
        Vector256<uint> payload = (a >> 13) & Vector256.Create(0x3FFu);
        Vector256<uint> nan = Vector256.Create(HalfInfBits) | (castNaN
            ? payload | (Vector256.Equals(payload, Vector256<uint>.Zero) & Vector256<uint>.One)
            : payload | Vector256.Create(0x200u));
        r = Vector256.ConditionalSelect(Vector256.GreaterThan(a, Vector256.Create(SingleInfBits)), nan, r);
        return r | ((f >> 16) & Vector256.Create(HalfSign));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<uint> ToHalfBits(Vector128<uint> f, bool castNaN)
    {
        Vector128<uint> a = f & Vector128.Create(SingleAbsMask);
        Vector128<uint> sub = (a.AsSingle() + Vector128.Create(SubnormalMagicBits).AsSingle()).AsUInt32() - Vector128.Create(SubnormalMagicBits);
        Vector128<uint> normal = (a + Vector128.Create(RoundBiasBits) + ((a >> 13) & Vector128<uint>.One)) >> 13;
        Vector128<uint> r = Vector128.ConditionalSelect(Vector128.LessThan(a, Vector128.Create(TwoToMinus14Bits)), sub, normal);
        r = Vector128.ConditionalSelect(Vector128.GreaterThanOrEqual(a, Vector128.Create(HalfOverflowBits)), Vector128.Create(HalfInfBits), r);
        Vector128<uint> payload = (a >> 13) & Vector128.Create(0x3FFu);
        Vector128<uint> nan = Vector128.Create(HalfInfBits) | (castNaN
            ? payload | (Vector128.Equals(payload, Vector128<uint>.Zero) & Vector128<uint>.One)
            : payload | Vector128.Create(0x200u));
        r = Vector128.ConditionalSelect(Vector128.GreaterThan(a, Vector128.Create(SingleInfBits)), nan, r);
        return r | ((f >> 16) & Vector128.Create(HalfSign));
    }
}
