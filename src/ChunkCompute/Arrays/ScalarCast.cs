using System.Runtime.CompilerServices;

namespace ChunkCompute;

/// <summary>
/// Scalar conversions between the twelve element types with NumPy's <c>astype</c> results: integers wrap (two's
/// complement truncation), floats to integers truncate toward zero, anything to bool is "non-zero" (NaN is true),
/// bool to numbers is 0 or 1, and floats round to nearest-even when narrowed.
/// </summary>
/// <remarks>
/// <para>Float-to-integer conversions of NaN, infinities and out-of-range values are undefined in C, and NumPy returns
/// what the x86-64 instructions its C compiler emitted give; we reproduce NumPy 1.24's per-element results on x86-64
/// (tested for all 12×12 pairs in <c>Fixtures/arrays/cast_table.json</c>): int64 and the 64-bit path of uint32 give
/// "integer indefinite" (<c>long.MinValue</c>) and keep the low bits; int32, int16, int8, uint16 and uint8 go through a
/// 32-bit conversion (indefinite = <c>int.MinValue</c>) and keep the low bits; uint64 converts <c>d - 2^63</c> and flips
/// the top bit from 2^63 on (so 2^64 and +inf give 0, NaN and -inf give 2^63).</para>
/// <para>Known difference: NumPy's contiguous float64/float32 → uint32 loop is vectorised with AVX-512 and gives other
/// answers for out-of-range inputs (e.g. 2^32 + 1 → 0 instead of 1, NaN → 2^31 instead of 0) in its vector body but
/// not in its scalar tail, so the result depends on the element's position; we always give the scalar (strided) result.
/// In-range values agree everywhere.</para>
/// <para>Every branch tests <c>typeof</c>, which the JIT folds per instantiation, so a conversion compiles to a few instructions.</para>
/// </remarks>
internal static class ScalarCast
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TTo Convert<TFrom, TTo>(TFrom x)
        where TFrom : unmanaged
        where TTo : unmanaged
    {
        if (typeof(TFrom) == typeof(TTo))
        {
            return Unsafe.As<TFrom, TTo>(ref x);
        }

        if (typeof(TTo) == typeof(bool))
        {
            bool b = IsNonZero(x);
            return Unsafe.As<bool, TTo>(ref b);
        }

        if (IsFloat<TFrom>())
        {
            double d = ToDouble(x);
            if (IsFloat<TTo>())
            {
                if (typeof(TFrom) == typeof(Half) && typeof(TTo) == typeof(float))
                {
                    float f = HalfToSingle(Unsafe.As<TFrom, Half>(ref x));
                    return Unsafe.As<float, TTo>(ref f);
                }

                if (typeof(TFrom) == typeof(float) && typeof(TTo) == typeof(Half))
                {
                    Half h = SingleToHalf(Unsafe.As<TFrom, float>(ref x));
                    return Unsafe.As<Half, TTo>(ref h);
                }

                return FromDouble<TTo>(d);
            }

            return FloatToInteger<TTo>(d);
        }

        if (IsUnsigned<TFrom>())
        {
            ulong u = ToUInt64(x);
            return IsFloat<TTo>() ? FromUInt64Float<TTo>(u) : FromBits<TTo>(u);
        }

        long l = ToInt64(x);
        if (typeof(TTo) == typeof(float))
        {
            float f = l; // one rounding, as C's int64 -> float32
            return Unsafe.As<float, TTo>(ref f);
        }

        return IsFloat<TTo>() ? FromDouble<TTo>(l) : FromBits<TTo>((ulong)l);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsFloat<T>() => typeof(T) == typeof(double) || typeof(T) == typeof(float) || typeof(T) == typeof(Half);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsInteger<T>() => !IsFloat<T>() && typeof(T) != typeof(bool);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsUnsigned<T>() =>
        typeof(T) == typeof(ulong) || typeof(T) == typeof(uint) || typeof(T) == typeof(ushort) || typeof(T) == typeof(byte) || typeof(T) == typeof(bool);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsNaN<T>(T x) where T : unmanaged => IsFloat<T>() && double.IsNaN(ToDouble(x));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsNonZero<T>(T x) where T : unmanaged
    {
        if (typeof(T) == typeof(bool))
        {
            return Unsafe.As<T, bool>(ref x);
        }

        if (IsFloat<T>())
        {
            return ToDouble(x) != 0.0; // NaN != 0 is true, as NumPy's bool(nan).
        }

        return ToUInt64(x) != 0;
    }

    /// <summary>The value as a double (exact for every type but 64-bit integers above 2^53, which round to nearest).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double ToDouble<T>(T x) where T : unmanaged
    {
        if (typeof(T) == typeof(double)) return Unsafe.As<T, double>(ref x);
        if (typeof(T) == typeof(float)) return Unsafe.As<T, float>(ref x);
        if (typeof(T) == typeof(Half)) return HalfToDouble(Unsafe.As<T, Half>(ref x));
        if (typeof(T) == typeof(long)) return Unsafe.As<T, long>(ref x);
        if (typeof(T) == typeof(int)) return Unsafe.As<T, int>(ref x);
        if (typeof(T) == typeof(short)) return Unsafe.As<T, short>(ref x);
        if (typeof(T) == typeof(sbyte)) return Unsafe.As<T, sbyte>(ref x);
        if (typeof(T) == typeof(ulong)) return Unsafe.As<T, ulong>(ref x);
        if (typeof(T) == typeof(uint)) return Unsafe.As<T, uint>(ref x);
        if (typeof(T) == typeof(ushort)) return Unsafe.As<T, ushort>(ref x);
        if (typeof(T) == typeof(byte)) return Unsafe.As<T, byte>(ref x);
        if (typeof(T) == typeof(bool)) return Unsafe.As<T, bool>(ref x) ? 1.0 : 0.0;
        throw new NotSupportedException($"Element type {typeof(T)} is not supported.");
    }

    /// <summary>Signed integers and bool sign-extended to 64 bits (floats truncate).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long ToInt64<T>(T x) where T : unmanaged
    {
        if (typeof(T) == typeof(long)) return Unsafe.As<T, long>(ref x);
        if (typeof(T) == typeof(int)) return Unsafe.As<T, int>(ref x);
        if (typeof(T) == typeof(short)) return Unsafe.As<T, short>(ref x);
        if (typeof(T) == typeof(sbyte)) return Unsafe.As<T, sbyte>(ref x);
        if (IsUnsigned<T>()) return (long)ToUInt64(x);
        return (long)FloatToInteger<long>(ToDouble(x));
    }

    /// <summary>Unsigned integers and bool zero-extended to 64 bits; signed ones reinterpreted (two's complement).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong ToUInt64<T>(T x) where T : unmanaged
    {
        if (typeof(T) == typeof(ulong)) return Unsafe.As<T, ulong>(ref x);
        if (typeof(T) == typeof(uint)) return Unsafe.As<T, uint>(ref x);
        if (typeof(T) == typeof(ushort)) return Unsafe.As<T, ushort>(ref x);
        if (typeof(T) == typeof(byte)) return Unsafe.As<T, byte>(ref x);
        if (typeof(T) == typeof(bool)) return Unsafe.As<T, bool>(ref x) ? 1UL : 0UL;
        if (IsFloat<T>()) return FloatToInteger<ulong>(ToDouble(x));
        return (ulong)ToInt64(x);
    }

    /// <summary>Rounds a double to <typeparamref name="T"/> (nearest-even for float types; x86-64 truncation semantics for integers).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T FromDouble<T>(double d) where T : unmanaged
    {
        if (typeof(T) == typeof(double)) return Unsafe.As<double, T>(ref d);
        if (typeof(T) == typeof(float)) { float f = (float)d; return Unsafe.As<float, T>(ref f); }
        if (typeof(T) == typeof(Half)) { Half h = DoubleToHalf(d); return Unsafe.As<Half, T>(ref h); }
        if (typeof(T) == typeof(bool)) { bool b = d != 0.0; return Unsafe.As<bool, T>(ref b); }
        return FloatToInteger<T>(d);
    }

    // float16 NaNs as NumPy's software conversions (npy_halfbits_to_floatbits and the reverse) treat them: sign and
    // payload kept, signalling NaNs stay signalling; a payload that narrows to 0 becomes 1 so the value stays NaN
    // (HalfConversion, castNaN). .NET's Half conversions set the quiet bit (and so give 0x7E00 where NumPy gives
    // 0x7C01). Numbers convert as .NET does: exactly when widening, to nearest even when narrowing.
    private static float HalfToSingle(Half h) => BitConverter.UInt32BitsToSingle(HalfConversion.ToSingleBits(BitConverter.HalfToUInt16Bits(h)));

    private static double HalfToDouble(Half h)
    {
        ushort b = BitConverter.HalfToUInt16Bits(h);
        return (b & 0x7FFF) > 0x7C00 ? BitConverter.UInt64BitsToDouble(((ulong)(b & 0x8000) << 48) | 0x7FF0_0000_0000_0000 | ((ulong)(b & 0x3FF) << 42)) : (double)h;
    }

    private static Half SingleToHalf(float f) => BitConverter.UInt16BitsToHalf((ushort)HalfConversion.ToHalfBits(BitConverter.SingleToUInt32Bits(f), castNaN: true));

    private static Half DoubleToHalf(double d) => BitConverter.UInt16BitsToHalf(HalfConversion.ToHalfBits(d, castNaN: true));

    private static T FromUInt64Float<T>(ulong u) where T : unmanaged
    {
        if (typeof(T) == typeof(float)) { float f = u; return Unsafe.As<float, T>(ref f); }
        return FromDouble<T>(u);
    }

    /// <summary>Keeps the low bits of a two's complement value (NumPy's integer-to-integer cast).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T FromBits<T>(ulong bits) where T : unmanaged
    {
        if (typeof(T) == typeof(bool)) { bool b = bits != 0; return Unsafe.As<bool, T>(ref b); }
        return Unsafe.As<ulong, T>(ref bits); // little-endian: the low bytes come first.
    }

    private static T FloatToInteger<T>(double d) where T : unmanaged
    {
        if (typeof(T) == typeof(ulong))
        {
            // What C compilers emit for (uint64_t)double on x86-64: below 2^63 one cvttsd2si; from 2^63 on, convert
            // d - 2^63 and flip the top bit (so 2^64 and +inf give 0, NaN and -inf give 2^63), as NumPy returns.
            ulong u = d >= 9223372036854775808.0
                ? (ulong)CvtToInt64(d - 9223372036854775808.0) ^ 0x8000000000000000UL
                : (ulong)CvtToInt64(d);
            return Unsafe.As<ulong, T>(ref u);
        }

        if (typeof(T) == typeof(long) || typeof(T) == typeof(uint))
        {
            // uint32 goes through int64 on x86-64 (values beyond 2^32 wrap).
            return FromBits<T>((ulong)CvtToInt64(d));
        }

        // int32, int16, int8, uint16, uint8: through a 32-bit conversion, then wrapped.
        int i = CvtToInt32(d);
        return FromBits<T>((ulong)(long)i);
    }

    private static long CvtToInt64(double d) =>
        double.IsNaN(d) || d >= 9223372036854775808.0 || d < -9223372036854775808.0 ? long.MinValue : (long)d;

    private static int CvtToInt32(double d) =>
        double.IsNaN(d) || d >= 2147483648.0 || d <= -2147483649.0 ? int.MinValue : (int)d;
}
