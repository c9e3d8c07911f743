using System.Runtime.CompilerServices;

namespace ChunkCompute.Kernels;

/// <summary>
/// Order-preserving unsigned keys of the twelve element types: for non-NaN values <c>a &lt; b</c> implies
/// <c>key(a) &lt; key(b)</c>, and equal keys mean equal bits, so selecting the k-th smallest key selects the k-th
/// smallest value (and <see cref="FromKey{T}(ulong)"/> gives it back bit for bit).
/// </summary>
/// <remarks>
/// Floats (IEEE sign-magnitude) become offset binary: a negative value has all its bits flipped, a positive one its
/// sign bit set. So -inf is the smallest key, +inf the largest finite-or-infinite one, and -0.0 sorts just before
/// 0.0 (the two compare equal as values; which of them a sort puts at a tied position is unspecified in NumPy as
/// well). Every NaN, whatever its sign and payload, maps to <see cref="NaNKey"/>, above everything. Signed integers
/// flip their sign bit; unsigned integers and bool are their own keys. Keys keep the type's width (a float32 key
/// is below 2^32), which is all the bucketing of <see cref="KeyBuckets"/> needs.
/// </remarks>
internal static class OrderKey
{
    /// <summary>The key of every NaN (float types only; an unsigned 64-bit value may have the same key).</summary>
    public const ulong NaNKey = ulong.MaxValue;

    /// <summary>The order key of <paramref name="x"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong ToKey<T>(T x)
        where T : unmanaged
    {
        if (typeof(T) == typeof(double))
        {
            ulong b = Unsafe.As<T, ulong>(ref x);
            ulong k = b ^ ((ulong)((long)b >> 63) | 0x8000_0000_0000_0000UL);
            return (b & 0x7FFF_FFFF_FFFF_FFFFUL) > 0x7FF0_0000_0000_0000UL ? NaNKey : k;
        }

        if (typeof(T) == typeof(float))
        {
            uint b = Unsafe.As<T, uint>(ref x);
            uint k = b ^ ((uint)((int)b >> 31) | 0x8000_0000U);
            return (b & 0x7FFF_FFFFU) > 0x7F80_0000U ? NaNKey : k;
        }

        if (typeof(T) == typeof(Half))
        {
            ushort b = Unsafe.As<T, ushort>(ref x);
            ushort k = (ushort)(b ^ ((ushort)((short)b >> 15) | 0x8000));
            return (b & 0x7FFF) > 0x7C00 ? NaNKey : k;
        }

        if (typeof(T) == typeof(long))
        {
            return Unsafe.As<T, ulong>(ref x) ^ 0x8000_0000_0000_0000UL;
        }

        if (typeof(T) == typeof(int))
        {
            return Unsafe.As<T, uint>(ref x) ^ 0x8000_0000U;
        }

        if (typeof(T) == typeof(short))
        {
            return (ushort)(Unsafe.As<T, ushort>(ref x) ^ 0x8000);
        }

        if (typeof(T) == typeof(sbyte))
        {
            return (byte)(Unsafe.As<T, byte>(ref x) ^ 0x80);
        }

        if (typeof(T) == typeof(ulong))
        {
            return Unsafe.As<T, ulong>(ref x);
        }

        if (typeof(T) == typeof(uint))
        {
            return Unsafe.As<T, uint>(ref x);
        }

        if (typeof(T) == typeof(ushort))
        {
            return Unsafe.As<T, ushort>(ref x);
        }

        if (typeof(T) == typeof(byte) || typeof(T) == typeof(bool))
        {
            return Unsafe.As<T, byte>(ref x);
        }

        throw new NotSupportedException($"element type {typeof(T)} is not supported");
    }

    /// <summary>The value whose key is <paramref name="key"/> (not <see cref="NaNKey"/> for float types).</summary>
    public static T FromKey<T>(ulong key)
        where T : unmanaged
    {
        if (typeof(T) == typeof(double))
        {
            ulong b = (key & 0x8000_0000_0000_0000UL) != 0 ? key ^ 0x8000_0000_0000_0000UL : ~key;
            return Unsafe.As<ulong, T>(ref b);
        }

        if (typeof(T) == typeof(float))
        {
            uint k = (uint)key;
            uint b = (k & 0x8000_0000U) != 0 ? k ^ 0x8000_0000U : ~k;
            return Unsafe.As<uint, T>(ref b);
        }

        if (typeof(T) == typeof(Half))
        {
            ushort k = (ushort)key;
            ushort b = (k & 0x8000) != 0 ? (ushort)(k ^ 0x8000) : (ushort)~k;
            return Unsafe.As<ushort, T>(ref b);
        }

        if (typeof(T) == typeof(long) || typeof(T) == typeof(int) || typeof(T) == typeof(short) || typeof(T) == typeof(sbyte))
        {
            // Flip the sign bit of the type's width back; the truncating reinterpretation keeps the low bytes.
            ulong b = key ^ (1UL << ((Unsafe.SizeOf<T>() * 8) - 1));
            return Unsafe.As<ulong, T>(ref b);
        }

        return Unsafe.As<ulong, T>(ref key);
    }

    /// <summary>Width of the keys of <typeparamref name="T"/> in bits (every key is below <c>2^bits</c>).</summary>
    public static int Bits<T>()
        where T : unmanaged => Unsafe.SizeOf<T>() * 8;
}
