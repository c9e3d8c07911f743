using System.Numerics;
using System.Runtime.CompilerServices;

namespace ChunkCompute.Kernels;

/// <summary>
/// A monotone map from order keys (<see cref="OrderKey"/>) to <c>2^Bits</c> buckets:
/// <c>bucket(k) = k &lt; Base ? 0 : min((k - Base) &gt;&gt; Shift, Count - 1)</c>. Because it never decreases with
/// the key, every bucket is an interval of keys and bucket counts locate any rank: the k-th smallest key lies in
/// the first bucket whose running count exceeds k. Keys below <see cref="Base"/> or past the last bucket's interval
/// are clamped into the end buckets, so a map built from a sample is still correct for all the data (only less even).
/// </summary>
/// <param name="Base">Smallest key of bucket 1's interval minus one bucket width (the start of bucket 0 when not clamped).</param>
/// <param name="Shift">Each bucket spans <c>2^Shift</c> keys.</param>
/// <param name="Bits">Number of buckets as a power of two.</param>
/// <param name="Clamped">Whether keys outside <c>[Base, Base + Count·2^Shift)</c> may occur (the end buckets are then open intervals).</param>
internal readonly record struct KeyBuckets(ulong Base, int Shift, int Bits, bool Clamped)
{
    /// <summary>Most buckets ever used (16 bits: 512 KB of int64 counters, L2-resident).</summary>
    public const int MaxBits = 16;

    /// <summary>Fewest buckets used.</summary>
    public const int MinBits = 8;

    /// <summary>Number of buckets.</summary>
    public int Count => 1 << Bits;

    /// <summary>The bucket of <paramref name="key"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Of(ulong key)
    {
        ulong d = key < Base ? 0 : (key - Base) >> Shift;
        return (int)Math.Min(d, (ulong)(Count - 1));
    }

    /// <summary>
    /// Whether bucket <paramref name="bucket"/> holds a single key (<c>Base + bucket</c>): one-key buckets need no
    /// gathering, their count alone answers every rank inside them.
    /// </summary>
    public bool IsSingleKey(int bucket) => Shift == 0 && (!Clamped || (bucket > 0 && bucket < Count - 1));

    /// <summary>Bucket count for <paramref name="length"/> keys: about one bucket per 16 keys, between 2^8 and 2^16.</summary>
    public static int BitsFor(long length) => Math.Clamp(64 - BitOperations.LeadingZeroCount((ulong)length) - 4, MinBits, MaxBits);

    /// <summary>
    /// Buckets spread over the exact key range <c>[min, max]</c> (no clamping): every bucket after the next round
    /// spans at most <c>(max - min) / 2^(bits-1)</c> keys, so repeated rounds end after a few steps.
    /// </summary>
    public static KeyBuckets FromRange(ulong min, ulong max, int bits)
    {
        int h = 63 - BitOperations.LeadingZeroCount(max - min | 1);
        return new KeyBuckets(min, Math.Max(0, h - (bits - 1)), bits, Clamped: false);
    }

    /// <summary>
    /// Buckets from sampled keys <c>[sampleMin, sampleMax]</c> (non-NaN): the sample's range fills about the middle
    /// half of the buckets, leaving a quarter on each side for data beyond the sample; the rest is clamped.
    /// </summary>
    public static KeyBuckets FromSample(ulong sampleMin, ulong sampleMax, int bits)
    {
        int h = 63 - BitOperations.LeadingZeroCount(sampleMax - sampleMin | 1);
        int shift = Math.Max(0, h - (bits - 2));

        // A quarter of the buckets below the sample's minimum: 2^(shift + bits - 2) ≤ 2^max(h, bits-2) keys, no overflow.
        ulong margin = 1UL << (shift + bits - 2);
        ulong bas = sampleMin >= margin ? sampleMin - margin : 0;
        return new KeyBuckets(bas, shift, bits, Clamped: true);
    }
}
