using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ChunkCompute.Kernels;

/// <summary>
/// The two streaming passes of a bucket selection (<see cref="BucketSelect"/>), 1-D span kernels: count the keys of
/// each bucket, then copy out the keys of the few buckets that hold the wanted ranks.
/// </summary>
internal static class KeyBucketKernel
{
    /// <summary>
    /// Adds to <c>counts[b]</c> the number of elements of <paramref name="xs"/> whose key falls in bucket <c>b</c>;
    /// returns how many were NaN (float types; their key <see cref="OrderKey.NaNKey"/> lands in the last bucket).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static long Count<T>(ReadOnlySpan<T> xs, in KeyBuckets buckets, Span<long> counts)
        where T : unmanaged
    {
        ref long c = ref MemoryMarshal.GetReference(counts);
        KeyBuckets b = buckets;
        long nan = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            ulong key = OrderKey.ToKey(xs[i]);
            if (ScalarCast.IsFloat<T>())
            {
                nan += key == OrderKey.NaNKey ? 1 : 0;
            }

            Unsafe.Add(ref c, b.Of(key))++;
        }

        return nan;
    }

    /// <summary>
    /// Copies the key of every element of <paramref name="xs"/> whose bucket has a slot (<c>slotOf[bucket] ≥ 0</c>) to
    /// <c>destination[cursors[slot]++]</c>, in input order.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Gather<T>(ReadOnlySpan<T> xs, in KeyBuckets buckets, ReadOnlySpan<short> slotOf, ref ulong destination, Span<long> cursors)
        where T : unmanaged
    {
        ref short s = ref MemoryMarshal.GetReference(slotOf);
        ref long cur = ref MemoryMarshal.GetReference(cursors);
        KeyBuckets b = buckets;
        for (int i = 0; i < xs.Length; i++)
        {
            ulong key = OrderKey.ToKey(xs[i]);
            int slot = Unsafe.Add(ref s, b.Of(key));
            if (slot >= 0)
            {
                ref long at = ref Unsafe.Add(ref cur, slot);
                Unsafe.Add(ref destination, (nint)at) = key;
                at++;
            }
        }
    }
}
