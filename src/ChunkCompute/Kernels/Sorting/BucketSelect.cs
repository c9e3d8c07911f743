using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ChunkCompute.Execution;
using ChunkCompute.Kernels.Elementwise;

namespace ChunkCompute.Kernels;

/// <summary>
/// Exact order statistics of one long run of elements, read in place (the input is never copied or reordered) and
/// spread over threads: the selection behind <c>Quantile</c>, <c>Percentile</c> and <c>Median</c> of long slices.
/// Elements are compared through their order keys (<see cref="OrderKey"/>), so every element type takes one path.
/// </summary>
/// <remarks>
/// <para>
/// <b>Sampled pass</b> (runs of at least <see cref="Tuning.SampledMinLength"/>; <c>BucketSelect.Sampled.cs</c>): a
/// sorted, stratified random sample (fixed seed) gives each wanted rank a key window that holds it unless the
/// sample is off by more than <see cref="Tuning.Margin"/> standard deviations. One vectorised parallel pass counts,
/// per window, the keys below it and copies out the keys inside it (<see cref="KeyWindowKernel"/>); where
/// <c>below ≤ rank &lt; below + inside</c> the rank is selected among the window's keys alone (about 1–4% of the
/// run). This is one read of the input for all the ranks, against NumPy's copy plus introselect.
/// </para>
/// <para>
/// <b>Bucket rounds</b> (shorter runs, the window keys, and any rank the sample missed or whose window overflowed
/// its reserved room): a parallel pass counts the keys per bucket of a monotone <see cref="KeyBuckets"/> map, each
/// thread its own counters over its own contiguous range; the bucket holding rank <c>r</c> is the first whose
/// running total exceeds <c>r</c>. A second pass copies the keys of just those buckets into one buffer, each thread
/// at an offset known from the counts (<see cref="KeyBucketKernel"/>). Each bucket's keys are narrowed the same way,
/// over their exact min..max (every round divides the key range by 2^(bits-1), so rounds always end), until at most
/// <see cref="Tuning.SmallRegion"/> remain, which quickselect finishes. A bucket of one key answers its ranks from
/// its count alone and a bucket whose keys are all equal stops at once, so heavy ties cost nothing. The first
/// round over the input places its buckets from evenly spaced elements (their key range fills the middle buckets,
/// the rest is clamped into the end buckets), so data sharing a sign, exponent or high bits (timestamps, small
/// integers) still spread out without a min/max pass.
/// </para>
/// <para>
/// A window's keys may themselves be narrowed by one more sampled pass; below that, only bucket rounds run, so the
/// recursion is bounded whatever the data. Results are exact and independent of the thread count and the sample
/// (the sample only decides how fast): the keys found are the sorted run's.
/// </para>
/// </remarks>
internal static partial class BucketSelect
{
    /// <summary>Shortest run worth bucketing; shorter ones are quickselected (the bucket counters would dominate).</summary>
    public const long MinLength = 1 << 14;

    /// <summary>Evenly spaced elements sampled to place the first bucket round's buckets.</summary>
    private const int SampleSize = 4096;

    /// <summary>Elements per span handed to a pass kernel (spans are limited to int.MaxValue elements).</summary>
    private const int BlockLength = 1 << 24;

    /// <summary>
    /// Steps of a pass: as the settings allow, but at least <see cref="MinLength"/> elements each and at most
    /// <see cref="ExecutionSettings.MaxUsefulSteps"/>, so that settings such as <c>MaxDegreeOfParallelism = 65536,
    /// MinimumElementsPerTask = 1</c> cannot multiply the per-step counters and buffers (the result never depends on
    /// the step count).
    /// </summary>
    private static int Steps(ExecutionSettings settings, long length) =>
        (int)Math.Min(settings.StepCount(length), Math.Clamp(length / MinLength, 1, ExecutionSettings.MaxUsefulSteps));

    /// <summary>
    /// Writes into <paramref name="values"/> the elements at sorted positions <paramref name="ranks"/> (ascending,
    /// distinct, each in <c>[0, length)</c>) of the C-contiguous run <c>source[offset .. offset + length)</c>, in
    /// NumPy's order (-0.0 before 0.0). Returns false, writing nothing, when the run holds a NaN.
    /// </summary>
    /// <param name="source">The array holding the run (C-contiguous).</param>
    /// <param name="offset">First element of the run.</param>
    /// <param name="length">Elements in the run (≥ 1).</param>
    /// <param name="ranks">Sorted positions wanted.</param>
    /// <param name="values">Receives the element at each rank.</param>
    /// <param name="settings">Threads for the passes over the run.</param>
    /// <param name="tuning">Thresholds (tests shrink them to force every path); null: <see cref="Tuning.Default"/>.</param>
    public static bool Select<T>(NdArray<T> source, long offset, long length, ReadOnlySpan<long> ranks, Span<T> values, ExecutionSettings? settings, Tuning? tuning = null)
        where T : unmanaged
    {
        var keys = new ulong[ranks.Length];
        if (!Keys(source, offset, length, ranks, keys, ExecutionSettings.Resolve(settings), tuning ?? Tuning.Default, range: null, sampledRegions: true))
        {
            return false;
        }

        for (int i = 0; i < keys.Length; i++)
        {
            values[i] = OrderKey.FromKey<T>(keys[i]);
        }

        return true;
    }

    /// <summary>
    /// Keys at <paramref name="ranks"/> of a run: a sampled pass first when the run is long, then bucket rounds for
    /// whatever it missed (over <paramref name="range"/>'s buckets, or sampled ones when null); false on NaN.
    /// <paramref name="sampledRegions"/> lets the sampled pass narrow its windows with another sampled pass (one
    /// level only, so the recursion always ends in bucket rounds, which provably shrink).
    /// </summary>
    private static bool Keys<T>(NdArray<T> source, long offset, long length, ReadOnlySpan<long> ranks, Span<ulong> keys, ExecutionSettings settings, Tuning tuning, KeyBuckets? range, bool sampledRegions)
        where T : unmanaged
    {
        if (length < tuning.SampledMinLength)
        {
            return Round(source, offset, length, ranks, keys, range ?? Sample(source, offset, length), settings, tuning);
        }

        var found = new bool[ranks.Length];
        if (!Sampled(source, offset, length, ranks, keys, found, settings, tuning, sampledRegions))
        {
            return false;
        }

        // Ranks the sampled pass missed (a window guessed wrong or overflowed): bucket rounds over the whole run.
        int missing = found.Count(f => !f);
        if (missing == 0)
        {
            return true;
        }

        var missed = new long[missing];
        var missedKeys = new ulong[missing];
        for (int i = 0, w = 0; i < found.Length; i++)
        {
            if (!found[i])
            {
                missed[w++] = ranks[i];
            }
        }

        Round(source, offset, length, missed, missedKeys, range ?? Sample(source, offset, length), settings, tuning);
        for (int i = 0, w = 0; i < found.Length; i++)
        {
            if (!found[i])
            {
                keys[i] = missedKeys[w++];
            }
        }

        return true;
    }

    /// <summary>Thresholds of the selection; <see cref="Default"/> in production, smaller in tests to reach every path.</summary>
    /// <param name="SmallRegion">Regions this short are finished by quickselect on their keys.</param>
    /// <param name="SampledMinLength">Shortest run given a sampled pass first (shorter: bucket rounds only).</param>
    /// <param name="Margin">Half-width of a sampled window in standard deviations of the sample rank.</param>
    /// <param name="CapacityFactor">Room reserved per window, as a multiple of its expected size.</param>
    /// <param name="CapacitySlack">Room added per window and thread.</param>
    internal sealed record Tuning(int SmallRegion, long SampledMinLength, double Margin, double CapacityFactor, int CapacitySlack)
    {
        /// <summary>The production thresholds.</summary>
        public static Tuning Default { get; } = new(SmallRegion: 1 << 12, SampledMinLength: 1 << 16, Margin: 4.5, CapacityFactor: 1.3, CapacitySlack: 1024);
    }

    /// <summary>The first round's buckets, placed by the key range of evenly spaced non-NaN elements.</summary>
    private static KeyBuckets Sample<T>(NdArray<T> source, long offset, long length)
        where T : unmanaged
    {
        int bits = KeyBuckets.BitsFor(length);
        ref T first = ref source.DangerousGetReferenceForRead();
        long count = Math.Min(length, SampleSize);
        ulong min = ulong.MaxValue, max = 0;
        for (long i = 0; i < count; i++)
        {
            ulong key = OrderKey.ToKey(Unsafe.Add(ref first, (nint)(offset + (i * length / count))));
            if (ScalarCast.IsFloat<T>() && key == OrderKey.NaNKey)
            {
                continue;
            }

            min = Math.Min(min, key);
            max = Math.Max(max, key);
        }

        if (min > max)
        {
            // Only NaNs sampled: spread the buckets over the whole key space of the type.
            return new KeyBuckets(0, Math.Max(0, OrderKey.Bits<T>() - bits), bits, Clamped: true);
        }

        return KeyBuckets.FromSample(min, max, bits);
    }

    /// <summary>One narrowing round over <c>source[offset .. offset + length)</c> (see the remarks); false on NaN.</summary>
    private static bool Round<T>(NdArray<T> source, long offset, long length, ReadOnlySpan<long> ranks, Span<ulong> keys, KeyBuckets buckets, ExecutionSettings settings, Tuning tuning)
        where T : unmanaged
    {
        int steps = Steps(settings, length);
        var exactly = new ExecutionSettings(steps) { MinimumElementsPerTask = 1 };

        // Pass 1: per-step bucket counts (and NaNs).
        var counts = new long[steps][];
        var nans = new long[steps];
        ParallelRange.For(steps, new CountSteps<T>(source, offset, length, steps, buckets, counts, nans), exactly);
        if (nans.Sum() > 0)
        {
            return false;
        }

        var total = (long[])counts[0].Clone();
        for (int s = 1; s < steps; s++)
        {
            AddKernel<long>.Invoke(total, counts[s], total);
        }

        // Locate each rank's bucket and its rank inside it (ranks ascend, so one sweep over the buckets).
        int m = ranks.Length;
        var bucketOf = new int[m];
        var local = new long[m];
        long before = 0;
        int b = 0;
        for (int i = 0; i < m; i++)
        {
            while (before + total[b] <= ranks[i])
            {
                before += total[b];
                b++;
            }

            bucketOf[i] = b;
            local[i] = ranks[i] - before;
        }

        // Slots: the distinct wanted buckets that hold more than one key (a one-key bucket is its own answer).
        var slotOf = new short[buckets.Count];
        slotOf.AsSpan().Fill(-1);
        var slotBucket = new List<int>();
        for (int i = 0; i < m; i++)
        {
            if (buckets.IsSingleKey(bucketOf[i]))
            {
                keys[i] = buckets.Base + (ulong)bucketOf[i];
            }
            else if (slotOf[bucketOf[i]] < 0)
            {
                slotOf[bucketOf[i]] = (short)slotBucket.Count;
                slotBucket.Add(bucketOf[i]);
            }
        }

        int slots = slotBucket.Count;
        if (slots == 0)
        {
            return true;
        }

        // Pass 2: gather the slots' keys; slot j's region starts at start[j], and step s writes after steps 0..s-1.
        var start = new long[slots + 1];
        for (int j = 0; j < slots; j++)
        {
            start[j + 1] = start[j] + total[slotBucket[j]];
        }

        var cursors = new long[steps][];
        for (int s = 0; s < steps; s++)
        {
            cursors[s] = new long[slots];
            for (int j = 0; j < slots; j++)
            {
                cursors[s][j] = s == 0 ? start[j] : cursors[s - 1][j] + counts[s - 1][slotBucket[j]];
            }
        }

        using var gathered = NdArray.Empty<ulong>(start[slots]);
        ParallelRange.For(steps, new GatherSteps<T>(source, offset, length, steps, buckets, slotOf, gathered, cursors), exactly);

        // Narrow each slot's region for the ranks that fell in it (consecutive in the rank order).
        for (int i = 0; i < m;)
        {
            if (buckets.IsSingleKey(bucketOf[i]))
            {
                i++;
                continue;
            }

            int j = slotOf[bucketOf[i]];
            int end = i;
            while (end < m && bucketOf[end] == bucketOf[i])
            {
                end++;
            }

            Region(gathered, start[j], start[j + 1] - start[j], local.AsSpan(i, end - i), keys[i..end], settings, tuning, sampledRegions: false);
            i = end;
        }

        return true;
    }

    /// <summary>Keys at <paramref name="ranks"/> of a gathered region: quickselect when short, else another round.</summary>
    internal static void Region(NdArray<ulong> buffer, long offset, long length, ReadOnlySpan<long> ranks, Span<ulong> keys, ExecutionSettings settings, Tuning tuning, bool sampledRegions)
    {
        ref ulong first = ref Unsafe.Add(ref buffer.DangerousGetReferenceInternal(), (nint)offset);
        if (length <= tuning.SmallRegion)
        {
            var region = MemoryMarshal.CreateSpan(ref first, (int)length);
            var ks = new int[ranks.Length];
            for (int i = 0; i < ks.Length; i++)
            {
                ks[i] = (int)ranks[i];
            }

            SortKernel.SelectMany(region, ks);
            for (int i = 0; i < ks.Length; i++)
            {
                keys[i] = region[ks[i]];
            }

            return;
        }

        ulong min = ulong.MaxValue, max = 0;
        for (long at = 0; at < length; at += BlockLength)
        {
            var block = MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref first, (nint)at), (int)Math.Min(BlockLength, length - at));
            var (lo, hi) = MinMaxKernel.MinMax(block); // one pass, not TensorPrimitives.Min then Max
            min = Math.Min(min, lo);
            max = Math.Max(max, hi);
        }

        if (min == max)
        {
            keys.Fill(min);
            return;
        }

        var range = KeyBuckets.FromRange(min, max, KeyBuckets.BitsFor(length));
        if (sampledRegions)
        {
            Keys(buffer, offset, length, ranks, keys, settings, tuning, range, sampledRegions: false);
        }
        else
        {
            Round(buffer, offset, length, ranks, keys, range, settings, tuning);
        }
    }

    /// <summary>Pass 1 of steps <c>[start, end)</c>: each step counts its contiguous share of the run.</summary>
    private readonly struct CountSteps<T>(NdArray<T> source, long offset, long length, int steps, KeyBuckets buckets, long[][] counts, long[] nans) : IRangeAction
        where T : unmanaged
    {
        public void Invoke(long start, long end)
        {
            ref T first = ref source.DangerousGetReferenceForRead();
            for (long s = start; s < end; s++)
            {
                var c = new long[buckets.Count];
                long nan = 0;
                long lo = offset + (length * s / steps), hi = offset + (length * (s + 1) / steps);
                for (long at = lo; at < hi; at += BlockLength)
                {
                    var xs = MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref first, (nint)at), (int)Math.Min(BlockLength, hi - at));
                    nan += KeyBucketKernel.Count(xs, buckets, c);
                }

                counts[s] = c;
                nans[s] = nan;
            }
        }
    }

    /// <summary>Pass 2 of steps <c>[start, end)</c>: each step gathers its share's wanted keys at its own cursors.</summary>
    private readonly struct GatherSteps<T>(NdArray<T> source, long offset, long length, int steps, KeyBuckets buckets, short[] slotOf, NdArray<ulong> gathered, long[][] cursors) : IRangeAction
        where T : unmanaged
    {
        public void Invoke(long start, long end)
        {
            ref T first = ref source.DangerousGetReferenceForRead();
            ref ulong destination = ref gathered.DangerousGetReferenceInternal();
            for (long s = start; s < end; s++)
            {
                long lo = offset + (length * s / steps), hi = offset + (length * (s + 1) / steps);
                for (long at = lo; at < hi; at += BlockLength)
                {
                    var xs = MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref first, (nint)at), (int)Math.Min(BlockLength, hi - at));
                    KeyBucketKernel.Gather(xs, buckets, slotOf, ref destination, cursors[s]);
                }
            }
        }
    }
}
