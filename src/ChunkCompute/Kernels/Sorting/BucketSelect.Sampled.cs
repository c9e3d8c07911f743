using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ChunkCompute.Execution;

namespace ChunkCompute.Kernels;

// The sampled single pass that answers most ranks of a long run before any bucket round.
internal static partial class BucketSelect
{
    /// <summary>Keys per block of the window pass (16 KB: converted once, then scanned once per window while in L1).</summary>
    private const int WindowBlock = 2048;

    /// <summary>Largest share of the run a window may gather (its keys are copied as 8-byte keys): 1/8.</summary>
    private const double MaxGatheredShare = 0.125;

    /// <summary>
    /// One pass for all <paramref name="ranks"/>: a sorted random sample of the run says, for each rank, a key window
    /// that holds it with overwhelming probability (the sample ranks <c>±Margin</c> standard deviations around
    /// <c>rank·S/length</c>); the pass counts the keys below each window and copies out the keys inside it; a rank
    /// whose window's counts confirm it (<c>below ≤ rank &lt; below + inside</c>) is then selected among the window's
    /// keys alone. Sets <c>found[i]</c> for the ranks answered into <c>keys[i]</c>; the rest need another method.
    /// Returns false when the run holds a NaN.
    /// </summary>
    private static bool Sampled<T>(NdArray<T> source, long offset, long length, ReadOnlySpan<long> ranks, Span<ulong> keys, Span<bool> found, ExecutionSettings settings, Tuning tuning, bool sampledRegions)
        where T : unmanaged
    {
        // Stratified sample: one pseudo-random element (fixed seed) per equal stratum, so periodic data cannot fool it
        // and the reads go forward through memory.
        int sampleSize = (int)Math.Min(length, Math.Clamp(length / 64, 64, 65_536));
        var sample = new ulong[sampleSize];
        ref T first = ref source.DangerousGetReferenceForRead();
        ulong state = 0x9E37_79B9_7F4A_7C15UL;
        for (int i = 0; i < sampleSize; i++)
        {
            long lo = length * i / sampleSize, hi = length * (i + 1) / sampleSize;
            long at = lo + (long)(SplitMix64(ref state) % (ulong)(hi - lo));
            sample[i] = OrderKey.ToKey(Unsafe.Add(ref first, (nint)(offset + at)));
        }

        Array.Sort(sample);
        if (ScalarCast.IsFloat<T>() && sample[^1] == OrderKey.NaNKey)
        {
            return false;
        }

        // Windows [lo, hi] per rank; those of neighbouring ranks that overlap merge (ranks ascend, so windows do too).
        int m = ranks.Length;
        var windowOf = new int[m];
        var wLo = new List<ulong>();
        var wHi = new List<ulong>();
        for (int i = 0; i < m; i++)
        {
            double p = (double)ranks[i] * sampleSize / length;
            double sd = Math.Sqrt(p * (1 - (p / sampleSize)));
            long d = (long)Math.Ceiling(tuning.Margin * sd) + 2;
            long a = (long)Math.Floor(p) - d, b = (long)Math.Ceiling(p) + d;
            ulong lo = a < 0 ? 0 : sample[a];
            ulong hi = b >= sampleSize ? ulong.MaxValue : sample[b];
            if (wLo.Count > 0 && lo <= wHi[^1])
            {
                wHi[^1] = Math.Max(wHi[^1], hi);
            }
            else
            {
                wLo.Add(lo);
                wHi.Add(hi);
            }

            windowOf[i] = wLo.Count - 1;
        }

        int windows = wLo.Count;
        var width = new ulong[windows];
        for (int j = 0; j < windows; j++)
        {
            width[j] = wHi[j] - wLo[j];
        }

        // Room per (window, step): the window's share of the sample times the step's length, with a margin. A window
        // of one key needs no room: its counts alone answer its ranks. Nor does a window holding more than
        // MaxGatheredShare of the run (an open-ended first/last window over tied data, a median inside a large tie):
        // gathering it would copy most of the run as 8-byte keys, so its ranks are left to the bucket rounds.
        int steps = Steps(settings, length);
        var limit = new long[steps][];
        var cursor = new long[steps][];
        var windowStart = new long[windows];
        long total = 0;
        for (int s = 0; s < steps; s++)
        {
            limit[s] = new long[windows];
            cursor[s] = new long[windows];
        }

        for (int j = 0; j < windows; j++)
        {
            windowStart[j] = total;
            double share = width[j] == 0 ? 0 : (double)CountInRange(sample, wLo[j], wHi[j]) / sampleSize;
            bool gather = width[j] != 0 && share * tuning.CapacityFactor <= MaxGatheredShare;
            for (int s = 0; s < steps; s++)
            {
                long stepLength = (length * (s + 1) / steps) - (length * s / steps);
                long room = gather ? (long)Math.Min(stepLength, Math.Ceiling(share * stepLength * tuning.CapacityFactor) + tuning.CapacitySlack) : 0;
                cursor[s][j] = total;
                total += room;
                limit[s][j] = total;
            }
        }

        var below = new long[steps][];
        var inside = new long[steps][];
        var nans = new long[steps];
        using var gathered = NdArray.Empty<ulong>(Math.Max(total, 1));
        var pass = new WindowSteps<T>(source, offset, length, steps, [.. wLo], width, below, inside, nans, gathered, limit, cursor);
        ParallelRange.For(steps, pass, new ExecutionSettings(steps) { MinimumElementsPerTask = 1 });
        if (nans.Sum() > 0)
        {
            return false;
        }

        // Per window: totals, overflow, and the steps' pieces moved together (piece s follows piece s-1's keys).
        ref ulong buffer = ref gathered.DangerousGetReferenceInternal();
        var windowBelow = new long[windows];
        var windowInside = new long[windows];
        var complete = new bool[windows];
        for (int j = 0; j < windows; j++)
        {
            complete[j] = true;
            long write = windowStart[j];
            for (int s = 0; s < steps; s++)
            {
                windowBelow[j] += below[s][j];
                windowInside[j] += inside[s][j];
                long pieceStart = s == 0 ? windowStart[j] : limit[s - 1][j];
                long kept = cursor[s][j] - pieceStart;
                complete[j] &= kept == inside[s][j];
                if (write != pieceStart && kept > 0)
                {
                    Move(ref buffer, pieceStart, write, kept);
                }

                write += kept;
            }
        }

        // Confirm each rank in its window and select it among the window's keys (ranks of one window together).
        for (int i = 0; i < m;)
        {
            int j = windowOf[i];
            int end = i;
            while (end < m && windowOf[end] == j)
            {
                end++;
            }

            var local = new List<long>();
            var localAt = new List<int>();
            for (int r = i; r < end; r++)
            {
                long inWindow = ranks[r] - windowBelow[j];
                if (inWindow < 0 || inWindow >= windowInside[j])
                {
                    continue;
                }

                if (width[j] == 0)
                {
                    keys[r] = wLo[j];
                    found[r] = true;
                }
                else if (complete[j])
                {
                    local.Add(inWindow);
                    localAt.Add(r);
                }
            }

            if (local.Count > 0)
            {
                var localKeys = new ulong[local.Count];
                Region(gathered, windowStart[j], windowInside[j], local.ToArray(), localKeys, settings, tuning, sampledRegions);
                for (int q = 0; q < localAt.Count; q++)
                {
                    keys[localAt[q]] = localKeys[q];
                    found[localAt[q]] = true;
                }
            }

            i = end;
        }

        return true;
    }

    /// <summary>Sample keys in <c>[lo, hi]</c> (the sample is sorted).</summary>
    private static int CountInRange(ulong[] sorted, ulong lo, ulong hi)
    {
        int a = LowerBound(sorted, lo), b = hi == ulong.MaxValue ? sorted.Length : LowerBound(sorted, hi + 1);
        return b - a;
    }

    /// <summary>First index whose key is at least <paramref name="key"/>.</summary>
    private static int LowerBound(ulong[] sorted, ulong key)
    {
        int l = 0, r = sorted.Length;
        while (l < r)
        {
            int mid = (l + r) >>> 1;
            if (sorted[mid] < key)
            {
                l = mid + 1;
            }
            else
            {
                r = mid;
            }
        }

        return l;
    }

    /// <summary>Moves <paramref name="count"/> keys from <paramref name="from"/> down to <paramref name="to"/> (to ≤ from).</summary>
    private static void Move(ref ulong buffer, long from, long to, long count)
    {
        for (long done = 0; done < count; done += BlockLength)
        {
            int n = (int)Math.Min(BlockLength, count - done);
            MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref buffer, (nint)(from + done)), n)
                .CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref buffer, (nint)(to + done)), n));
        }
    }

    /// <summary>SplitMix64: a fixed-seed generator for the sample positions (deterministic, not cryptographic).</summary>
    private static ulong SplitMix64(ref ulong state) => NdRandom.Mix(state += 0x9E37_79B9_7F4A_7C15UL);

    /// <summary>The window pass over steps <c>[start, end)</c>: each step converts its share to keys block by block and counts/gathers them.</summary>
    private readonly struct WindowSteps<T>(
        NdArray<T> source, long offset, long length, int steps, ulong[] lo, ulong[] width,
        long[][] below, long[][] inside, long[] nans, NdArray<ulong> gathered, long[][] limit, long[][] cursor) : IRangeAction
        where T : unmanaged
    {
        public void Invoke(long start, long end)
        {
            ref T first = ref source.DangerousGetReferenceForRead();
            ref ulong destination = ref gathered.DangerousGetReferenceInternal();
            Span<ulong> keys = stackalloc ulong[WindowBlock];
            for (long s = start; s < end; s++)
            {
                var b = new long[lo.Length];
                var h = new long[lo.Length];
                long nan = 0;
                long from = offset + (length * s / steps), to = offset + (length * (s + 1) / steps);
                for (long at = from; at < to; at += WindowBlock)
                {
                    int n = (int)Math.Min(WindowBlock, to - at);
                    var block = keys[..n];
                    nan += KeyWindowKernel.ToKeys(MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref first, (nint)at), n), block);
                    KeyWindowKernel.CountWindows(block, lo, width, b, h, ref destination, limit[s], cursor[s]);
                }

                below[s] = b;
                inside[s] = h;
                nans[s] = nan;
            }
        }
    }
}
