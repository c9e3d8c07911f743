using System.Runtime.InteropServices;
using ChunkCompute.Execution;
using ChunkCompute.Kernels;

namespace ChunkCompute.Tests.Kernels.Sorting;

/// <summary>
/// <see cref="OrderKey"/> and <see cref="BucketSelect"/> (the parallel bucket selection behind large quantiles)
/// against a sort: every length 1..300 and a few long runs, each element type, random bits, few distinct values,
/// ±inf, ±0, forced narrowing rounds (tiny quickselect regions) and forced thread splits.
/// </summary>
public class BucketSelectTests
{
    private static readonly ExecutionSettings ThreeSteps = new(3) { MinimumElementsPerTask = 1 };

    /// <summary>
    /// Production thresholds, then ones that force every path on short runs: sampled passes everywhere, narrow
    /// windows that often miss the rank, cramped windows that overflow (both fall back to bucket rounds), and
    /// quickselect only on regions of 1..3 keys (so bucket rounds nest several deep).
    /// </summary>
    private static readonly (ExecutionSettings Settings, BucketSelect.Tuning Tuning)[] Configurations =
    [
        (ExecutionSettings.Sequential, BucketSelect.Tuning.Default),
        (ThreeSteps, new BucketSelect.Tuning(SmallRegion: 1, SampledMinLength: 1, Margin: 4.5, CapacityFactor: 1.3, CapacitySlack: 1024)),
        (ThreeSteps, new BucketSelect.Tuning(SmallRegion: 3, SampledMinLength: 16, Margin: 0.5, CapacityFactor: 1.0, CapacitySlack: 1)),
        (ExecutionSettings.Sequential, new BucketSelect.Tuning(SmallRegion: 2, SampledMinLength: 8, Margin: 3, CapacityFactor: 0.3, CapacitySlack: 0)),
        (ThreeSteps, new BucketSelect.Tuning(SmallRegion: 40, SampledMinLength: long.MaxValue, Margin: 4.5, CapacityFactor: 1.3, CapacitySlack: 1024)),
    ];

    [Test]
    public void KeysRoundTripAndFollowTheValueOrder()
    {
        KeysFollowOrder<double>();
        KeysFollowOrder<float>();
        KeysFollowOrder<Half>();
        KeysFollowOrder<long>();
        KeysFollowOrder<int>();
        KeysFollowOrder<short>();
        KeysFollowOrder<sbyte>();
        KeysFollowOrder<ulong>();
        KeysFollowOrder<uint>();
        KeysFollowOrder<ushort>();
        KeysFollowOrder<byte>();
        Assert.That(OrderKey.FromKey<bool>(OrderKey.ToKey(true)), Is.True);
        Assert.That(OrderKey.ToKey(false), Is.LessThan(OrderKey.ToKey(true)));
    }

    [Test]
    public void FloatKeysPutSignedZerosInfinitiesAndEveryNaNWhereNumPySortsThem()
    {
        double[] ordered = [double.NegativeInfinity, -double.MaxValue, -1, -double.Epsilon, -0.0, 0.0, double.Epsilon, 1, double.MaxValue, double.PositiveInfinity];
        for (int i = 1; i < ordered.Length; i++)
        {
            Assert.That(OrderKey.ToKey(ordered[i - 1]), Is.LessThan(OrderKey.ToKey(ordered[i])), $"{ordered[i - 1]} < {ordered[i]}");
        }

        foreach (ulong bits in new[] { 0x7FF8_0000_0000_0000UL, 0xFFF8_0000_0000_0000UL, 0x7FF0_0000_0000_0001UL, 0xFFFF_FFFF_FFFF_FFFFUL })
        {
            Assert.That(OrderKey.ToKey(BitConverter.UInt64BitsToDouble(bits)), Is.EqualTo(OrderKey.NaNKey), $"NaN 0x{bits:X16}");
        }

        Assert.That(OrderKey.ToKey(float.NaN), Is.EqualTo(OrderKey.NaNKey));
        Assert.That(OrderKey.ToKey(-float.NaN), Is.EqualTo(OrderKey.NaNKey));
        Assert.That(OrderKey.ToKey(Half.NaN), Is.EqualTo(OrderKey.NaNKey));
        Assert.That(OrderKey.ToKey(float.PositiveInfinity), Is.LessThan(OrderKey.NaNKey));
        Assert.That(OrderKey.ToKey(Half.NegativeZero), Is.LessThan(OrderKey.ToKey(Half.Zero)));
    }

    [Test]
    public void EveryLengthUpTo300MatchesASortForEveryType()
    {
        var rng = new Random(20240611);
        for (int n = 1; n <= 300; n++)
        {
            SweepAllTypes(rng, n);
        }
    }

    [Test]
    public void LongRunsMatchASort()
    {
        var rng = new Random(77);
        foreach (int n in new[] { 4095, 4097, 16_384, 65_537, 300_001 })
        {
            SweepAllTypes(rng, n);
        }
    }

    /// <summary>
    /// Large ties: constant runs, one outlier in a constant run, and a run half of which is one value. The first and
    /// last ranks' open-ended windows, and a median window inside the tie, would hold most of the run; they are left
    /// to the bucket rounds instead of being copied out (at most 1/8 of a run is gathered), and must still be exact.
    /// </summary>
    [Test]
    public void RanksInsideLargeTiesAreExact()
    {
        const int n = 200_003;
        var constant = Enumerable.Repeat(7.0, n).ToArray();
        var outlier = Enumerable.Repeat(0.0, n).ToArray();
        outlier[n - 1] = 9;
        var rng = new Random(5);
        var half = Enumerable.Range(0, n).Select(i => i % 2 == 0 ? 0.0 : rng.NextDouble()).ToArray();
        foreach (var values in new[] { constant, outlier, half })
        {
            var sorted = values.Order().ToArray();
            long[] ranks = [0, 1, n / 4, (n / 2) - 1, n / 2, n - 2, n - 1];
            using var a = NdArray.FromArray(values);
            foreach (var (settings, tuning) in Configurations)
            {
                var got = new double[ranks.Length];
                Assert.That(BucketSelect.Select(a, 0, n, ranks, got, settings, tuning), Is.True);
                Assert.That(got, Is.EqualTo(ranks.Select(r => sorted[r]).ToArray()), $"{tuning}, steps {settings.MaxDegreeOfParallelism}");
            }
        }
    }

    [Test]
    public void ANaNAnywhereIsReported()
    {
        var rng = new Random(5);
        foreach (int n in new[] { 1, 2, 7, 300, 20_000 })
        {
            foreach (int pos in new[] { 0, n / 2, n - 1 })
            {
                var data = Enumerable.Range(0, n).Select(_ => rng.NextDouble()).ToArray();
                data[pos] = pos % 2 == 0 ? double.NaN : -double.NaN;
                using var a = NdArray.FromArray(data);
                foreach (var (settings, tuning) in Configurations)
                {
                    var got = new double[1];
                    Assert.That(BucketSelect.Select(a, 0, n, [n / 3], got, settings, tuning), Is.False, $"n={n}, NaN at {pos}, {tuning}");
                    Assert.That(got[0], Is.Zero, "nothing written");
                }
            }
        }
    }

    [Test]
    public void ARunInsideALargerArrayIgnoresItsNeighbours()
    {
        // Rows of the quantile row copy are runs at an offset: the neighbours (huge, tiny, NaN) must not leak in.
        var rng = new Random(9);
        var data = Enumerable.Range(0, 5000).Select(_ => rng.NextDouble()).ToArray();
        data.AsSpan(0, 1000).Fill(double.NaN);
        data.AsSpan(4000).Fill(-1e300);
        using var a = NdArray.FromArray(data);
        var sorted = data[1000..4000].Order().ToArray();
        long[] ranks = [0, 1, 1500, 2998, 2999];
        var got = new double[ranks.Length];
        foreach (var (settings, tuning) in Configurations)
        {
            Assert.That(BucketSelect.Select(a, 1000, 3000, ranks, got, settings, tuning), Is.True);
            Assert.That(got, Is.EqualTo(ranks.Select(r => sorted[r]).ToArray()), tuning.ToString());
        }
    }

    private static void SweepAllTypes(Random rng, int n)
    {
        Sweep<double>(rng, n);
        Sweep<float>(rng, n);
        Sweep<Half>(rng, n);
        Sweep<long>(rng, n);
        Sweep<int>(rng, n);
        Sweep<short>(rng, n);
        Sweep<sbyte>(rng, n);
        Sweep<ulong>(rng, n);
        Sweep<uint>(rng, n);
        Sweep<ushort>(rng, n);
        Sweep<byte>(rng, n);
        Sweep<bool>(rng, n);
    }

    /// <summary>Random-bit data, then the same drawn from eight distinct values, checked at several settings.</summary>
    private static void Sweep<T>(Random rng, int n)
        where T : unmanaged
    {
        var data = RandomValues<T>(rng, n);
        var pool = RandomValues<T>(rng, 8);
        var fewDistinct = Enumerable.Range(0, n).Select(_ => pool[rng.Next(pool.Length)]).ToArray();
        foreach (var values in new[] { data, fewDistinct })
        {
            long[] ranks = Ranks(rng, n);
            var sorted = values.Order(Comparer<T>.Default).ToArray();
            using var a = NdArray.FromArray(values);
            foreach (var (settings, tuning) in Configurations)
            {
                var got = new T[ranks.Length];
                Assert.That(BucketSelect.Select(a, 0, n, ranks, got, settings, tuning), Is.True, $"{typeof(T).Name} n={n}: unexpected NaN");
                for (int i = 0; i < ranks.Length; i++)
                {
                    // Equal as values (±0 compare equal; their order is unspecified, as in NumPy).
                    Assert.That(EqualityComparer<T>.Default.Equals(got[i], sorted[ranks[i]]), Is.True,
                        $"{typeof(T).Name} n={n} rank {ranks[i]} (steps {settings.MaxDegreeOfParallelism}, {tuning}): got {got[i]}, sorted {sorted[ranks[i]]}");
                }
            }
        }
    }

    /// <summary>All ranks of short runs; else the ends, the middle and a few random ones (ascending, distinct).</summary>
    private static long[] Ranks(Random rng, int n) =>
        n <= 40
            ? [.. Enumerable.Range(0, n).Select(i => (long)i)]
            : [.. new long[] { 0, 1, n / 2, n - 2, n - 1 }.Concat(Enumerable.Range(0, 6).Select(_ => (long)rng.Next(n))).Distinct().Order()];

    /// <summary>Values from random bits (floats: NaN replaced by ±inf, and some ±0), covering each type's whole range.</summary>
    private static T[] RandomValues<T>(Random rng, int n)
        where T : unmanaged
    {
        var values = new T[n];
        rng.NextBytes(MemoryMarshal.AsBytes(values.AsSpan()));
        if (typeof(T) == typeof(bool))
        {
            var bytes = MemoryMarshal.AsBytes(values.AsSpan());
            for (int i = 0; i < bytes.Length; i++)
            {
                bytes[i] &= 1;
            }
        }

        if (ScalarCast.IsFloat<T>())
        {
            for (int i = 0; i < n; i++)
            {
                int r = rng.Next(16);
                if (ScalarCast.IsNaN(values[i]) || r == 0)
                {
                    values[i] = ScalarCast.FromDouble<T>(rng.Next(2) == 0 ? double.PositiveInfinity : double.NegativeInfinity);
                }
                else if (r == 1)
                {
                    values[i] = ScalarCast.FromDouble<T>(rng.Next(2) == 0 ? 0.0 : -0.0);
                }
            }
        }

        return values;
    }

    private static void KeysFollowOrder<T>()
        where T : unmanaged
    {
        var rng = new Random(typeof(T).Name.Length);
        var values = RandomValues<T>(rng, 2000);
        foreach (T x in values)
        {
            T back = OrderKey.FromKey<T>(OrderKey.ToKey(x));
            Assert.That(MemoryMarshal.AsBytes(new[] { back }.AsSpan()).ToArray(), Is.EqualTo(MemoryMarshal.AsBytes(new[] { x }.AsSpan()).ToArray()), $"{typeof(T).Name} {x} round trip");
        }

        for (int i = 1; i < values.Length; i++)
        {
            T x = values[i - 1], y = values[i];
            int c = Comparer<T>.Default.Compare(x, y);
            ulong kx = OrderKey.ToKey(x), ky = OrderKey.ToKey(y);
            if (c != 0)
            {
                Assert.That(Math.Sign(kx.CompareTo(ky)), Is.EqualTo(Math.Sign(c)), $"{typeof(T).Name}: {x} vs {y}");
            }
        }
    }
}
