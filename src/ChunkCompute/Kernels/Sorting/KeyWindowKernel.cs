using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ChunkCompute.Kernels;

/// <summary>
/// The one streaming pass of a sampled selection (<see cref="BucketSelect"/>), 1-D span kernels: turn elements into
/// order keys, then for a few disjoint key windows <c>[lo, lo + width]</c> count the keys below each window and copy
/// out the keys inside it.
/// </summary>
/// <remarks>
/// Vector512 where accelerated (8 keys per step), then Vector256 (4 keys: all of it on AVX2 machines, the last
/// 4..7 keys on AVX-512 ones, which is what tests it there), then scalar; all count the same, and a window's keys
/// are copied in input order either way. Windows are processed one after another over a short block of keys (callers pass
/// blocks that stay in L1), so each window's counter lives in a register.
/// </remarks>
internal static class KeyWindowKernel
{
    /// <summary>Writes the order key of each element of <paramref name="xs"/> into <paramref name="keys"/>; returns the number of NaNs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static long ToKeys<T>(ReadOnlySpan<T> xs, Span<ulong> keys)
        where T : unmanaged
    {
        int i = 0;
        long nan = 0;
        if (Vector512.IsHardwareAccelerated && (typeof(T) == typeof(double) || typeof(T) == typeof(long) || typeof(T) == typeof(ulong)))
        {
            ref ulong x = ref Unsafe.As<T, ulong>(ref MemoryMarshal.GetReference(xs));
            ref ulong k = ref MemoryMarshal.GetReference(keys);
            var sign = Vector512.Create(0x8000_0000_0000_0000UL);
            var abs = Vector512.Create(0x7FFF_FFFF_FFFF_FFFFUL);
            var inf = Vector512.Create(0x7FF0_0000_0000_0000UL);
            var nans = Vector512<ulong>.Zero;
            for (; i + 8 <= xs.Length; i += 8)
            {
                var b = Vector512.LoadUnsafe(ref x, (nuint)i);
                Vector512<ulong> key;
                if (typeof(T) == typeof(double))
                {
                    // Negative: flip every bit; positive: set the sign bit (see OrderKey). NaN lanes are only counted:
                    // a NaN anywhere makes the caller stop, so their keys are never used.
                    key = b ^ (Vector512.ShiftRightArithmetic(b.AsInt64(), 63).AsUInt64() | sign);
                    nans -= Vector512.GreaterThan(b & abs, inf);
                }
                else
                {
                    key = typeof(T) == typeof(long) ? b ^ sign : b;
                }

                key.StoreUnsafe(ref k, (nuint)i);
            }

            nan = (long)Vector512.Sum(nans);
        }

        // AVX2 machines (4 keys per step); after the Vector512 loop, its remainder when at least 4 are left.
        if (Vector256.IsHardwareAccelerated && i + 4 <= xs.Length && (typeof(T) == typeof(double) || typeof(T) == typeof(long) || typeof(T) == typeof(ulong)))
        {
            ref ulong x = ref Unsafe.As<T, ulong>(ref MemoryMarshal.GetReference(xs));
            ref ulong k = ref MemoryMarshal.GetReference(keys);
            var sign = Vector256.Create(0x8000_0000_0000_0000UL);
            var abs = Vector256.Create(0x7FFF_FFFF_FFFF_FFFFUL);
            var inf = Vector256.Create(0x7FF0_0000_0000_0000UL);
            var nans = Vector256<ulong>.Zero;
            for (; i + 4 <= xs.Length; i += 4)
            {
                var b = Vector256.LoadUnsafe(ref x, (nuint)i);
                Vector256<ulong> key;
                if (typeof(T) == typeof(double))
                {
                    key = b ^ (Vector256.ShiftRightArithmetic(b.AsInt64(), 63).AsUInt64() | sign);
                    nans -= Vector256.GreaterThan(b & abs, inf);
                }
                else
                {
                    key = typeof(T) == typeof(long) ? b ^ sign : b;
                }

                key.StoreUnsafe(ref k, (nuint)i);
            }

            nan += (long)Vector256.Sum(nans);
        }

        for (; i < xs.Length; i++)
        {
            ulong key = OrderKey.ToKey(xs[i]);
            keys[i] = key;
            if (ScalarCast.IsFloat<T>() && key == OrderKey.NaNKey)
            {
                nan++;
            }
        }

        return nan;
    }

    /// <summary>
    /// For each window <c>j</c>: adds to <c>below[j]</c> the keys under <c>lo[j]</c> and to <c>inside[j]</c> the keys
    /// in <c>[lo[j], lo[j] + width[j]]</c>, and copies each inside key to <c>destination[cursor[j]++]</c> while
    /// <c>cursor[j] &lt; limit[j]</c> (a full window keeps counting; the caller sees it overflowed).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void CountWindows(ReadOnlySpan<ulong> keys, ReadOnlySpan<ulong> lo, ReadOnlySpan<ulong> width, Span<long> below, Span<long> inside, ref ulong destination, ReadOnlySpan<long> limit, Span<long> cursor)
    {
        ref ulong k = ref MemoryMarshal.GetReference(keys);
        for (int j = 0; j < lo.Length; j++)
        {
            ulong l = lo[j], w = width[j];
            long under = 0, hits = 0, at = cursor[j], end = limit[j];
            int i = 0;
            if (Vector512.IsHardwareAccelerated)
            {
                var lv = Vector512.Create(l);
                var wv = Vector512.Create(w);
                var unders = Vector512<ulong>.Zero;
                for (; i + 8 <= keys.Length; i += 8)
                {
                    var key = Vector512.LoadUnsafe(ref k, (nuint)i);
                    unders -= Vector512.LessThan(key, lv);

                    // key - lo <= width (unsigned): below-lo keys wrap around to huge values and fail.
                    ulong mask = Vector512.LessThanOrEqual(key - lv, wv).ExtractMostSignificantBits();
                    while (mask != 0)
                    {
                        int lane = BitOperations.TrailingZeroCount(mask);
                        mask &= mask - 1;
                        hits++;
                        if (at < end)
                        {
                            Unsafe.Add(ref destination, (nint)at) = Unsafe.Add(ref k, i + lane);
                            at++;
                        }
                    }
                }

                under = (long)Vector512.Sum(unders);
            }

            // AVX2 machines; after the Vector512 loop, its remainder when at least 4 keys are left.
            if (Vector256.IsHardwareAccelerated && i + 4 <= keys.Length)
            {
                var lv = Vector256.Create(l);
                var wv = Vector256.Create(w);
                var unders = Vector256<ulong>.Zero;
                for (; i + 4 <= keys.Length; i += 4)
                {
                    var key = Vector256.LoadUnsafe(ref k, (nuint)i);
                    unders -= Vector256.LessThan(key, lv);
                    uint mask = Vector256.LessThanOrEqual(key - lv, wv).ExtractMostSignificantBits();
                    while (mask != 0)
                    {
                        int lane = BitOperations.TrailingZeroCount(mask);
                        mask &= mask - 1;
                        hits++;
                        if (at < end)
                        {
                            Unsafe.Add(ref destination, (nint)at) = Unsafe.Add(ref k, i + lane);
                            at++;
                        }
                    }
                }

                under += (long)Vector256.Sum(unders);
            }

            for (; i < keys.Length; i++)
            {
                ulong key = Unsafe.Add(ref k, i);
                if (key < l)
                {
                    under++;
                }
                else if (key - l <= w)
                {
                    hits++;
                    if (at < end)
                    {
                        Unsafe.Add(ref destination, (nint)at) = key;
                        at++;
                    }
                }
            }

            below[j] += under;
            inside[j] += hits;
            cursor[j] = at;
        }
    }
}
