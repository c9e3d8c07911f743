using System.Numerics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using ChunkCompute;
using ChunkCompute.Execution;
using ChunkCompute.Kernels;

namespace ChunkCompute.Tests.Kernels.Statistics;

/// <summary>
/// Histogram counts against <see cref="HistogramReference"/> (NumPy's algorithm, one value at a time): every length
/// 0..256 (the 16-value vector chunks and their leftovers), bins 1..130 (pair and single counting), values on and
/// next to edges (the exact path), ±inf, NaN, given and automatic ranges, integer and float32 data, and long seeded
/// arrays split over 1..8 steps (the 1024-value blocks, the per-step counters).
/// Every test runs three times: with the widest vectors the machine has (AVX-512 here), with the AVX2 loops, and
/// with the scalar binner, so all three give NumPy's counts on this one machine (the reproducibility probe checks
/// the same under a JIT with AVX-512 or AVX2 really switched off).
/// </summary>
[TestFixture(512)]
[TestFixture(256)]
[TestFixture(0)]
public class HistogramTests(int maxVectorBits)
{
    [SetUp]
    public void LimitVectorWidth() => UniformBinner.MaxWidthForTests = maxVectorBits;

    [TearDown]
    public void RestoreVectorWidth() => UniformBinner.MaxWidthForTests = null;

    /// <summary>The fixture really runs the loops it names (as wide as the machine allows).</summary>
    [Test]
    public void BinnerRunsTheRequestedVectorWidth()
    {
        int widest = Vector512.IsHardwareAccelerated && Avx512DQ.IsSupported ? 512 : Vector256.IsHardwareAccelerated && Avx.IsSupported ? 256 : 0;
        var binner = UniformBinner.Create(0, 1, 10, 0.1, HistogramReference.Linspace(0, 1, 10), prefetch: false, inRange: false);
        Assert.That(binner.VectorBits, Is.EqualTo(Math.Min(widest, maxVectorBits)));
    }

    /// <summary>Values a binner told that every value is in range must still keep inside its table: outside the range, NaN, ±Inf.</summary>
    private static readonly double[][] OutsideValues =
    [
        [-3.37, 7.73, -0.4321, 1.4321, 3e9 + 0.37, -1e6 - 0.123],
        [double.NaN, -3.37, 7.73],
        [double.PositiveInfinity, double.NegativeInfinity, 7.73],
    ];

    /// <summary>
    /// A binner told that every value is in range (the automatic range of float data) leaves out the range test, so a
    /// value outside it (possible only if another thread writes the array while it is binned) gets a wrong bin
    /// from the arithmetic. Every index it writes must still lie inside the counter table: the fast loop clamps
    /// them. The outside values are chosen away from integral <c>(x - first) * norm</c> (a value next to an edge
    /// sends the block to the exact loop, which tests the range); NaN and infinities come in blocks of their own.
    /// Only the indices are written (no block to count), so a failure cannot touch memory.
    /// </summary>
    [Test]
    public void BinnerThatSkipsTheRangeTestStillWritesOnlyIndicesInsideItsTable([Values(10, 108, 110)] int bins)
    {
        var binner = UniformBinner.Create(0, 1, bins, 1.0 / bins, HistogramReference.Linspace(0, 1, bins), prefetch: false, inRange: true);
        foreach (var outside in OutsideValues)
        {
            var xs = new double[1024];
            for (int i = 0; i < xs.Length; i++)
            {
                xs[i] = i % 3 == 0 ? outside[i / 3 % outside.Length] : (i % 97 / 97.0) + 0.001;
            }

            var indices = new int[xs.Length / BinCounting.Chunk * binner.IndicesPerChunk];
            var table = new uint[binner.TableLength];
            binner.BinAndCount(xs, indices, ReadOnlySpan<int>.Empty, table);
            Assert.That(indices, Is.All.InRange(0, binner.TableLength - 1), $"outside values {string.Join(", ", outside)}");
            Assert.That(table, Is.All.EqualTo(0u), "no block was given to count");
        }
    }

    /// <summary>
    /// The float32 binner told that every value lies in its range (the automatic range) skips the range test in its
    /// fast path: out-of-range values (a caller's data race), NaN and ±Inf must still give indices inside its table,
    /// on both vector widths.
    /// </summary>
    [Test]
    public void NarrowBinnerThatSkipsTheRangeTestStillWritesOnlyIndicesInsideItsTable([Values(10, 108, 110)] int bins, [Values(512, 256)] int width)
    {
        UniformBinner.MaxWidthForTests = width;
        try
        {
            var edges = HistogramReference.Linspace(0, 1, bins).Select(v => (double)(float)v).ToArray();
            var binner = new NarrowFloatBinner(0, 1, 0, 0, 1, bins, 1.0 / bins, edges, 32, (float)bins, 32, inRange: true);
            Assert.That(binner.VectorBits, Is.EqualTo(width));
            foreach (var outside in OutsideValues)
            {
                var xs = new double[1024];
                for (int i = 0; i < xs.Length; i++)
                {
                    xs[i] = (float)(i % 3 == 0 ? outside[i / 3 % outside.Length] : (i % 97 / 97.0) + 0.001);
                }

                var indices = new int[xs.Length / BinCounting.Chunk * binner.IndicesPerChunk];
                var table = new uint[binner.TableLength];
                binner.BinAndCount(xs, indices, ReadOnlySpan<int>.Empty, table);
                Assert.That(indices, Is.All.InRange(0, binner.TableLength - 1), $"outside values {string.Join(", ", outside)}");

                // The same block read as float32 (whole blocks of float32 data skip the conversion).
                Assert.That(binner.TakesSingles);
                indices.AsSpan().Fill(-1);
                binner.BinAndCountSingles(xs.Select(v => (float)v).ToArray(), indices, ReadOnlySpan<int>.Empty, table);
                Assert.That(indices, Is.All.InRange(0, binner.TableLength - 1), $"float32 lanes, outside values {string.Join(", ", outside)}");
            }
        }
        finally
        {
            UniformBinner.MaxWidthForTests = null;
        }
    }

    /// <summary>
    /// <see cref="BinCounting.Count"/> counts eight indices at a time and the rest one by one: every length 0..40
    /// (today's callers pass only multiples of 8) against a plain loop, with a guard slot that must stay zero.
    /// </summary>
    [Test]
    public void BinCountingCountsEveryIndexWhateverTheLength()
    {
        var rng = new Random(21);
        for (int n = 0; n <= 40; n++)
        {
            var indices = Enumerable.Range(0, n).Select(_ => rng.Next(0, 20)).ToArray();
            var table = new uint[21];
            BinCounting.Count(indices, table.AsSpan(0, 20));
            var expected = new uint[21];
            foreach (int i in indices)
            {
                expected[i]++;
            }

            Assert.That(table, Is.EqualTo(expected), $"n={n}");
        }
    }

    private static readonly ExecutionSettings[] Splits =
    [
        ExecutionSettings.Sequential,
        new ExecutionSettings(2) { MinimumElementsPerTask = 1 },
        new ExecutionSettings(3) { MinimumElementsPerTask = 1 },
        new ExecutionSettings(8) { MinimumElementsPerTask = 1 },
    ];

    /// <summary>Bin counts that cover both counting modes and their boundary (pairs up to 109 bins).</summary>
    private static readonly int[] SomeBins = [1, 2, 3, 7, 10, 16, 100, 108, 109, 110, 127, 130];

    /// <summary>The vectorised index arithmetic and the scalar NumPy algorithm (run on every length 0..256) agree, and thread counts do not matter.</summary>
    [Test]
    public void VectorAndScalarPathsAgreeOnValuesOnEdges()
    {
        for (int n = 0; n <= 256; n++)
        {
            // Values on edges of linspace(0, 1, 11) and just beside them.
            var x = Enumerable.Range(0, n).Select(i => (i % 11 / 10.0) + ((i % 3) - 1) * (i % 5 == 0 ? 1e-17 : 0)).ToArray();
            using var a = NdArray.FromArray(x);
            var (counts, edges) = NdArray.Histogram(a, 10, (0.0, 1.0));
            var e = edges.ToArray();
            var expected = new long[10];
            foreach (double v in x)
            {
                if (v < 0 || v > 1)
                {
                    continue;
                }

                int b = Array.FindLastIndex(e, edge => edge <= v);
                expected[Math.Min(b, 9)]++;
            }

            Assert.That(counts.ToArray(), Is.EqualTo(expected), $"n={n}");
        }
    }

    [Test]
    public void CountsDoNotDependOnThreads()
    {
        using var a = new NdRandom(8).Normal([2_000_003], 0, 1);
        var c1 = NdArray.Histogram(a, 100, null, ExecutionSettings.Sequential).Counts;
        var c8 = NdArray.Histogram(a, 100, null, new ExecutionSettings(8) { MinimumElementsPerTask = 1 }).Counts;
        Assert.That(c8.ArrayEquals(c1), Is.True);
        Assert.That(c1.Sum(), Is.EqualTo(2_000_003));
        var ints = new NdRandom(9).Integers<int>(-5, 6, [10_001]);
        Assert.That(NdArray.Histogram(ints, 11).Counts.Sum(), Is.EqualTo(10_001));
    }

    /// <summary>Every length 0..256 with a given range: tenths (many values exactly on edges), outside values, ±inf and NaN.</summary>
    [Test]
    public void EveryLengthWithGivenRangeMatchesNumPyAlgorithm()
    {
        var rng = new Random(11);
        for (int n = 0; n <= 256; n++)
        {
            var tenths = Enumerable.Range(0, n).Select(_ => rng.Next(-3, 14) / 10.0).ToArray();
            var specials = Enumerable.Range(0, n).Select(_ => Special(rng)).ToArray();
            foreach (int bins in SomeBins.Append((n % 130) + 1))
            {
                Check(tenths, bins, (0.0, 1.0), $"tenths n={n}");
                Check(specials, bins, (-2.0, 3.0), $"specials n={n}");
            }
        }
    }

    /// <summary>Every length 1..256 with the range from the data: float64, float32, int32, int64 near 2^62, all-equal values.</summary>
    [Test]
    public void EveryLengthWithAutoRangeMatchesNumPyAlgorithm()
    {
        var rng = new Random(12);
        for (int n = 1; n <= 256; n++)
        {
            var doubles = Enumerable.Range(0, n).Select(_ => rng.NextDouble() < 0.2 ? rng.Next(-4, 5) / 4.0 : (rng.NextDouble() * 2) - 1).ToArray();
            var floats = doubles.Select(v => (float)(v * 3.3)).ToArray();
            var ints = Enumerable.Range(0, n).Select(_ => rng.Next(-50, 51)).ToArray();
            var bigs = Enumerable.Range(0, n).Select(_ => (1L << 62) + rng.NextInt64(-1L << 40, 1L << 40)).ToArray();
            var equal = Enumerable.Repeat(2.5, n).ToArray();
            foreach (int bins in SomeBins.Append((n % 130) + 1))
            {
                CheckAuto(doubles, bins, $"doubles n={n}");
                CheckAuto(floats, bins, $"floats n={n}");
                CheckAuto(ints, bins, $"ints n={n}");
                CheckAuto(bigs, bins, $"int64 near 2^62 n={n}");
                CheckAuto(equal, bins, $"equal n={n}");
            }
        }
    }

    /// <summary>Bins 1..130 on one array with values on every kind of edge, counted as pairs (≤ 109 bins) and as singles.</summary>
    [Test]
    public void EveryBinCountFrom1To130MatchesNumPyAlgorithm()
    {
        var rng = new Random(13);
        var x = Enumerable.Range(0, 3000).Select(_ => rng.NextDouble() < 0.5 ? rng.Next(-5, 106) / 100.0 : Special(rng)).ToArray();
        var ints = Enumerable.Range(0, 3000).Select(_ => rng.Next(-7, 300)).ToArray();
        for (int bins = 1; bins <= 130; bins++)
        {
            Check(x, bins, (0.0, 1.0), "hundredths");
            CheckAuto(ints, bins, "ints");
        }
    }

    /// <summary>
    /// Seeded arrays across block (1024) and step boundaries, split over 1, 2, 3 and 8 steps: identical counts, equal
    /// to the reference. The "mixed" data puts values on edges in some blocks only, so fast and exact blocks alternate.
    /// </summary>
    [Test]
    public void LongArraysAcrossBlocksAndStepsMatchNumPyAlgorithm([Values(1023, 1024, 1025, 2047, 3077, 16_401, 100_003)] int n)
    {
        var rng = new Random(n);
        var normal = Enumerable.Range(0, n).Select(_ => Gaussian(rng)).ToArray();
        var mixed = Enumerable.Range(0, n).Select(i => i / 1024 % 3 == 1 ? rng.Next(-20, 20) / 8.0 : Gaussian(rng)).ToArray();
        var outliers = Enumerable.Range(0, n).Select(i => i % 97 == 0 ? double.NaN : Gaussian(rng) * 2).ToArray();
        var ints = Enumerable.Range(0, n).Select(_ => rng.NextInt64(-1_000_000, 1_000_000)).ToArray();
        var floats = normal.Select(v => (float)v).ToArray();
        foreach (int bins in new[] { 7, 100, 128 })
        {
            CheckAuto(normal, bins, $"normal n={n}");
            CheckAuto(mixed, bins, $"mixed n={n}");
            Check(outliers, bins, (-1.5, 2.0), $"outliers n={n}");
            CheckAuto(ints, bins, $"ints n={n}");
            CheckAuto(floats, bins, $"floats n={n}");
        }
    }

    /// <summary>Every edge of several geometries, its neighbours one ulp away and random values: the blocks that hold them take the exact path.</summary>
    [Test]
    public void ValuesNextToEdgesMatchNumPyAlgorithm([Values(1, 7, 100, 109, 500)] int bins)
    {
        var rng = new Random(bins);
        foreach (var (first, last) in new[] { (-3.7, 5.1), (0.0, 1.0), (1e-3, 1e-3 + 1e-9), (-1e6, 2e6), (10.0, 1000.0) })
        {
            var e = HistogramReference.Linspace(first, last, bins);
            var x = new List<double>();
            foreach (double edge in e)
            {
                x.AddRange([edge, Math.BitDecrement(edge), Math.BitIncrement(edge)]);
            }

            x.AddRange(Enumerable.Range(0, 5000).Select(_ => first + ((last - first) * rng.NextDouble())));
            var shuffled = x.OrderBy(_ => rng.Next()).ToArray();
            Check(shuffled, bins, (first, last), $"[{first}, {last}]");
            Check(x.ToArray(), bins, (first, last), $"[{first}, {last}] in order");
        }
    }

    /// <summary>
    /// A range far from zero against its width (edges rounded to a coarse grid): NumPy's one-step correction
    /// then differs from a sorted search, and the kernel must follow NumPy (its fast path switches itself off).
    /// </summary>
    [Test]
    public void IllConditionedRangeFollowsNumPyNotTheSortedSearch()
    {
        var x = Enumerable.Range(0, 2000).Select(k => 1e15 + (k % 9 / 8.0)).ToArray();
        Check(x, 100, (1e15, 1e15 + 1), "1e15 + k/8");
        CheckAuto(x, 100, "1e15 + k/8 auto");
        var e = HistogramReference.Linspace(1e15, 1e15 + 1, 100);
        Assert.That(HistogramReference.Uniform(x, 100, 1e15, 1e15 + 1, 1), Is.Not.EqualTo(HistogramReference.Edges(x, e)), "the case must tell the two definitions apart");
    }

    /// <summary>Explicit edges for every length 0..256: linspace edges (sent to the uniform kernel), uneven, repeated and infinite edges.</summary>
    [Test]
    public void ExplicitEdgesMatchNumPyDefinition()
    {
        var rng = new Random(14);
        var edgeSets = new[]
        {
            HistogramReference.Linspace(-1, 2, 30),
            HistogramReference.Linspace(0, 1, 100),
            [0.0, 0.5, 1.0, 2.5, 2.5, 10.0],
            [-1.0, -0.25, 0.0, 0.0, 0.0, 0.3, 1.0, 1.0],
            [double.NegativeInfinity, -1, 0, 1, double.PositiveInfinity],
            [0.5, 0.5],
            Enumerable.Range(0, 301).Select(i => Math.Sqrt(i) - 5).ToArray(),
        };
        for (int n = 0; n <= 256; n++)
        {
            var x = Enumerable.Range(0, n).Select(_ => rng.NextDouble() < 0.3 ? rng.Next(-8, 40) / 4.0 : Special(rng)).ToArray();
            foreach (var edges in edgeSets)
            {
                CheckEdges(x, edges, $"n={n} edges={edges.Length}");
            }
        }
    }

    [Test]
    public void ExplicitEdgesOnLongArraysDoNotDependOnThreads([Values(1025, 40_003)] int n)
    {
        var rng = new Random(n);
        var x = Enumerable.Range(0, n).Select(_ => rng.NextDouble() < 0.1 ? rng.Next(-8, 40) / 4.0 : Gaussian(rng) * 3).ToArray();
        CheckEdges(x, HistogramReference.Linspace(-4, 4, 64), "linspace");
        CheckEdges(x, Enumerable.Range(0, 200).Select(i => (i * i / 4000.0) - 3).ToArray(), "quadratic");
        CheckEdges(x.Select(v => (float)v).ToArray(), [-2.0, -1, 0, 0.5, 0.75, 4], "float32");
    }

    /// <summary>Every element type converts to float64 as <c>astype(float64)</c> does, including 64-bit values above 2^53.</summary>
    [Test]
    public void EveryIntegerTypeMatchesNumPyAlgorithm()
    {
        var rng = new Random(15);
        CheckAuto(Enumerable.Range(0, 1000).Select(_ => (sbyte)rng.Next(-128, 128)).ToArray(), 50, "int8");
        CheckAuto(Enumerable.Range(0, 1000).Select(_ => (byte)rng.Next(0, 256)).ToArray(), 50, "uint8");
        CheckAuto(Enumerable.Range(0, 1000).Select(_ => (short)rng.Next(-30000, 30000)).ToArray(), 50, "int16");
        CheckAuto(Enumerable.Range(0, 1000).Select(_ => (ushort)rng.Next(0, 65536)).ToArray(), 50, "uint16");
        CheckAuto(Enumerable.Range(0, 1000).Select(_ => (uint)rng.NextInt64(0, uint.MaxValue)).ToArray(), 50, "uint32");
        CheckAuto(Enumerable.Range(0, 1000).Select(_ => ulong.MaxValue - (ulong)rng.NextInt64(0, 1L << 40)).ToArray(), 100, "uint64 near 2^64");
        CheckAuto(Enumerable.Range(0, 1000).Select(_ => rng.NextInt64(long.MinValue, long.MaxValue)).ToArray(), 100, "int64 full range");
        CheckAuto(Enumerable.Range(0, 1000).Select(_ => (Half)(rng.NextDouble() * 8)).ToArray(), 10, "float16");
    }

    /// <summary>
    /// 64-bit integer limits that differ as integers but not as float64 (2^63 - 2 and 2^63 - 1) are not "equal": NumPy
    /// compares them in their own type, so there is no ±0.5 widening, every edge is the same float64, and NumPy's one
    /// correction step puts every value in bin 1 (values NumPy 1.24.2 printed). Equal limits are still widened.
    /// </summary>
    [Test]
    public void SixtyFourBitLimitsThatDifferOnlyBelowFloat64PrecisionAreNotWidened()
    {
        ExpectInt(new[] { long.MaxValue, long.MaxValue - 1 }, 63, 1, 2, Math.ScaleB(1, 63));
        ExpectInt(new[] { 1L << 62, (1L << 62) + 1 }, 63, 1, 2, Math.ScaleB(1, 62));
        ExpectInt(new[] { ulong.MaxValue, ulong.MaxValue - 1 }, 10, 1, 2, Math.ScaleB(1, 64));
        ExpectInt(new[] { long.MinValue, long.MinValue + 1 }, 3, 1, 2, -Math.ScaleB(1, 63));
        ExpectInt(new[] { 1UL << 63, (1UL << 63) + 5, (1UL << 63) + 700 }, 5, 1, 3, Math.ScaleB(1, 63));
        ExpectInt(new[] { (1L << 55) + 1, (1L << 55) + 1, (1L << 55) + 1, (1L << 55) + 2 }, 4, 1, 4, Math.ScaleB(1, 55));
        ExpectInt(new[] { (1L << 55) + 1, (1L << 55) + 1, (1L << 55) + 1, (1L << 55) + 2 }, 1, 0, 4, Math.ScaleB(1, 55));

        // np.histogram(np.array([2**60, 2**60 + 1000, 2**60 + 3]), 7): distinct float64 limits, ordinary bins.
        var (c, e) = NdArray.Histogram(NdArray.FromArray(new[] { 1L << 60, (1L << 60) + 1000, (1L << 60) + 3 }, 3), 7);
        Assert.That(c.ToArray(), Is.EqualTo(new long[] { 2, 0, 0, 0, 0, 0, 1 }));
        Assert.That(e.ToArray()[1], Is.EqualTo(BitConverter.Int64BitsToDouble(0x43B0000000000001)));

        // Limits equal as integers are widened by ±0.5 (here 3 and 3: edges 2.5 .. 3.5).
        var (c3, e3) = NdArray.Histogram(NdArray.FromArray(new[] { 3L, 3L }, 2), 2);
        Assert.That(c3.ToArray(), Is.EqualTo(new long[] { 0, 2 }));
        Assert.That(e3.ToArray(), Is.EqualTo(new[] { 2.5, 3, 3.5 }));

        static void ExpectInt<T>(T[] values, int bins, int bin, long count, double edge)
            where T : unmanaged
        {
            var (counts, edges) = NdArray.Histogram(NdArray.FromArray(values, values.Length), bins);
            var expected = new long[bins];
            expected[bin] = count;
            Assert.That(counts.ToArray(), Is.EqualTo(expected), $"{typeof(T).Name} [{string.Join(", ", values)}], {bins} bins");
            Assert.That(edges.ToArray(), Is.All.EqualTo(edge));

            // The reversed view (a negative stride) gives the same counts.
            var (r, _) = NdArray.Histogram(NdArray.FromArray(values, values.Length)["::-1"], bins);
            Assert.That(r.ToArray(), Is.EqualTo(expected));
        }
    }

    /// <summary>
    /// float32 and float16 data are binned in their own type, as NumPy does (values NumPy printed, 1.24.2): values next
    /// to an edge land where float32 arithmetic puts them, range bounds are rounded to the data's type before the
    /// range test, the edges are the float64 linspace rounded to that type, a bound beyond float16 makes the bin type
    /// float32, and constant data widened by ±0.5 is float64 (so float32 edges 2, 2.5, 3).
    /// </summary>
    [Test]
    public void Float32AndFloat16AreBinnedInTheirOwnTypeAsNumPy()
    {
        Expect([0f, 0.8333333f, 1f], 6, null, [1, 0, 0, 0, 0, 2], [0.0, 0.16666667f, 0.33333334f, 0.5, 0.6666667f, 0.8333333f, 1.0]);
        Expect([-0.3f, 0f, 0.3f], 3, (-0.3, 0.3), [1, 1, 1], [-0.3f, -0.1f, 0.1f, 0.3f]);
        Expect([67f, 80f, 105f], 3, (67, 105), [1, 1, 1], [67.0, 79.66666412353516, 92.33333587646484, 105.0]);
        Expect([2.5f, 2.5f], 2, null, [0, 2], [2.0, 2.5, 3.0]);
        Expect([(Half)0.1, (Half)0.3, (Half)0.2], 3, (0.1, 0.3), [1, 1, 1], [0.0999755859375, 0.1666259765625, 0.2332763671875, 0.300048828125]);
        Expect([(Half)0.5, (Half)20000, (Half)60000, (Half)0.0999], 4, (0.1, 70000.0), [1, 1, 0, 1], [0.10000000149011612, 17500.07421875, 35000.05078125, 52500.0234375, 70000.0]);

        // NumPy: non-empty bins 0, 22, 299 (its float16 edges 21 and 22 are both 83.0); float64 arithmetic gave bin 21.
        using var h = NdArray.FromArray(new[] { (Half)83, (Half)82, (Half)96 });
        var counts = NdArray.Histogram(h, 300, (82.0, 96.0)).Counts.ToArray();
        Assert.That(Enumerable.Range(0, 300).Where(i => counts[i] != 0), Is.EqualTo(new[] { 0, 22, 299 }));

        // Where NumPy's own arithmetic fails (float16 0.1 passes its float16 range test but lies below the float32
        // first edge: a negative index, "bincount: no negative elements"), the value is counted in the first bin.
        Expect([(Half)0.1, (Half)0.5, (Half)60000], 4, (0.1, 70000.0), [2, 0, 0, 1], null);

        static void Expect<T>(T[] x, int bins, (double, double)? range, long[] counts, double[]? edges)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            using var a = NdArray.FromArray(x);
            foreach (var s in Splits)
            {
                var (c, e) = NdArray.Histogram(a, bins, range, s);
                Assert.That(c.ToArray(), Is.EqualTo(counts), $"{typeof(T).Name} [{string.Join(", ", x)}] bins={bins}");
                if (edges != null)
                {
                    Assert.That(e.ToArray(), Is.EqualTo(edges), $"{typeof(T).Name} [{string.Join(", ", x)}] bins={bins}: edges");
                }
            }

            Assert.That(NdArray.Histogram(a, bins, range).Counts.ToArray(), Is.EqualTo(HistogramReference.Narrow(x, bins, range).Counts));
        }
    }

    /// <summary>
    /// Seeded float32 and float16 arrays (normal, tenths, values on and one ulp beside the float32 edges, integers,
    /// constant) with automatic and given ranges, every length 0..256 and long arrays over 1..8 steps, on every vector
    /// width: the counts and edges of <see cref="HistogramReference.Narrow{T}"/> (NumPy's arithmetic in C#'s float and Half).
    /// </summary>
    [Test]
    public void Float32AndFloat16MatchNumPyAlgorithmAtEveryLengthAndWidth([Values(512, 256, 0)] int width)
    {
        UniformBinner.MaxWidthForTests = width;
        try
        {
            var rng = new Random(31 + width);
            for (int n = 0; n <= 256; n++)
            {
                var normal = Enumerable.Range(0, n).Select(_ => (float)(Gaussian(rng) * 3)).ToArray();
                var tenths = Enumerable.Range(0, n).Select(_ => rng.Next(-3, 14) / 10f).ToArray();
                var half = Enumerable.Range(0, n).Select(_ => (Half)(rng.Next(-300, 300) / 8.0)).ToArray();
                int bins = (n % 130) + 1;
                CheckNarrow(normal, bins, null, $"normal n={n}");
                CheckNarrow(tenths, bins, n % 2 == 0 ? null : (-0.3, 1.3), $"tenths n={n}");
                CheckNarrow(half, bins, n % 3 == 0 ? (-20.1, 30.7) : null, $"float16 n={n}");
            }

            foreach (int n in new[] { 1023, 1024, 1025, 3077, 40_003 })
            {
                var normal = Enumerable.Range(0, n).Select(_ => (float)Gaussian(rng)).ToArray();
                float step = 8f / 100;
                var edgy = Enumerable.Range(0, n).Select(i => i % 3 == 0 ? (float)Gaussian(rng) : MathF.BitIncrement(((i % 101) * step) - 4f) + (i % 2 == 0 ? 0 : -2 * float.Epsilon)).ToArray();
                var half = Enumerable.Range(0, n).Select(_ => (Half)(Gaussian(rng) * 100)).ToArray();
                foreach (int bins in new[] { 7, 100, 128 })
                {
                    CheckNarrow(normal, bins, null, $"normal n={n}");
                    CheckNarrow(normal, bins, (-1.0, 1.5), $"normal range n={n}");
                    CheckNarrow(edgy, bins, (-4.0, 4.0), $"edges n={n}");
                    CheckNarrow(half, bins, null, $"float16 n={n}");
                }
            }
        }
        finally
        {
            UniformBinner.MaxWidthForTests = null;
        }
    }

    /// <summary>
    /// A review's cases for the vector loops (each run on AVX-512, AVX2 and the scalar path): float16 data with a bound
    /// past float16's range (its range test runs in float16, its index in float32: the vector loops must not take it;
    /// they once dropped the values, or wrote before or past the counter table), and float32 data whose
    /// <c>x - first</c> overflows float32 (an infinite <c>f</c> once crashed the AVX2 loop). Where NumPy raises, the
    /// values are counted in the nearest bin.
    /// </summary>
    [Test]
    public void NarrowGeometriesTheVectorLoopsMustNotTakeAreCountedExactly([Values(512, 256, 0)] int width)
    {
        UniformBinner.MaxWidthForTests = width;
        try
        {
            Expect(Enumerable.Repeat((Half)64000, 2048).ToArray(), 4, (-65000, 63984.5), 3, "NumPy: [0 0 0 2048]");
            Expect(Enumerable.Repeat((Half)64992, 2048).ToArray(), 1000, (64999.99, 65504), 0, "NumPy: ValueError, negative index");
            Expect(Enumerable.Repeat((Half)64000, 2048).ToArray(), 10_000, (-65000, 63984.5), 9999, "NumPy: IndexError, index 10001");
            Expect(Enumerable.Repeat(3.3e38f, 2048).ToArray(), 10, (-3.3e38, 3.3e38), 9, "NumPy: IndexError, x - first overflows float32");
        }
        finally
        {
            UniformBinner.MaxWidthForTests = null;
        }

        static void Expect<T>(T[] x, int bins, (double, double) range, int bin, string what)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            using var a = NdArray.FromArray(x);
            var counts = NdArray.Histogram(a, bins, range).Counts.ToArray();
            var expected = new long[bins];
            expected[bin] = x.Length;
            Assert.That(counts, Is.EqualTo(expected), what);
            Assert.That(counts, Is.EqualTo(HistogramReference.Narrow(x, bins, range).Counts), what + ": reference");
        }
    }

    private static void CheckNarrow<T>(T[] x, int bins, (double, double)? range, string what)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (expected, expectedEdges) = HistogramReference.Narrow(x, bins, range);
        using var a = NdArray.FromArray(x);
        foreach (var s in Splits)
        {
            var (counts, edges) = NdArray.Histogram(a, bins, range, s);
            Assert.That(counts.ToArray(), Is.EqualTo(expected), $"{what} bins={bins} steps≤{s.MaxDegreeOfParallelism}");
            Assert.That(edges.ToArray(), Is.EqualTo(expectedEdges), $"{what} bins={bins}: edges");
        }
    }

    [Test]
    public void RangeWhoseWidthOverflowsIsRejected()
    {
        using var a = NdArray.FromArray([-1e308, 0, 1e308]);
        var ex = Assert.Throws<ArgumentException>(() => NdArray.Histogram(a, 10));
        Assert.That(ex!.Message, Does.StartWith("the range [-1E+308, 1E+308] is too wide: its width overflows float64"));
        using var b = NdArray.FromArray([0.0]);
        Assert.That(Assert.Throws<ArgumentException>(() => NdArray.Histogram(b, 4, (-1.5e308, 1.5e308)))!.Message, Does.StartWith("the range [-1.5E+308, 1.5E+308] is too wide"));
    }

    /// <summary>
    /// Widths that leave no finite scale (NumPy fails with an IndexError): equal values of magnitude 2^53 or more,
    /// whose ±0.5 widening rounds away, and subnormal widths, whose bins / width overflows. The values are counted
    /// against the returned edges, as the explicit-edges form counts them.
    /// </summary>
    [Test]
    public void RangeWithoutAFiniteScaleIsCountedAgainstItsEdges()
    {
        CheckAgainstOwnEdges(NdArray.FromArray(Enumerable.Repeat(1e17, 5).ToArray()), 7, null, [0, 0, 0, 0, 0, 0, 5], "five equal 1e17");
        CheckAgainstOwnEdges(NdArray.FromArray(Enumerable.Repeat(1L << 62, 3).ToArray()), 3, null, [0, 0, 3], "int64 2^62");
        CheckAgainstOwnEdges(NdArray.FromArray([1e17, 0.0, 2e17]), 4, (1e17, 1e17), [0, 0, 0, 1], "given range of width 0");
        CheckAgainstOwnEdges(NdArray.FromArray([0.0, 5e-324, 1e-323, 1.5e-323]), 10, null, null, "subnormal width");
        CheckAgainstOwnEdges(NdArray.FromArray([-1e-320, 0.0, 3e-321, 1e-320, 2e-320]), 3, (-1e-320, 1e-320), null, "given subnormal range");
    }

    private static void CheckAgainstOwnEdges<T>(NdArray<T> a, int bins, (double, double)? range, long[]? expected, string what)
        where T : unmanaged
    {
        using (a)
        {
            var (counts, edges) = NdArray.Histogram(a, bins, range);
            var e = edges.ToArray();
            var x = a.AsType<double>().ToArray();
            Assert.That(counts.ToArray(), Is.EqualTo(HistogramReference.Edges(x, e)), what);
            Assert.That(counts.ToArray(), Is.EqualTo(NdArray.Histogram(a, e).Counts.ToArray()), what + ": explicit edges");
            if (expected != null)
            {
                Assert.That(counts.ToArray(), Is.EqualTo(expected), what);
            }
        }
    }

    /// <summary>
    /// Float64 input above <see cref="HistogramKernel.PrefetchMinBytes"/>, where the binner prefetches ahead of its
    /// blocks (and past the end of the data in the last ones): normal values with blocks of eighths (exact path),
    /// NaN and outliers for a given range, linspace edges, a short last block, over 1..8 steps.
    /// </summary>
    [Test]
    public void LargeFloat64InputOnThePrefetchingPathMatchesNumPyAlgorithm()
    {
        const int n = 6_600_003;
        Assert.That((long)n * sizeof(double), Is.GreaterThan(HistogramKernel.PrefetchMinBytes), "the case must reach the prefetching path");
        var rng = new Random(14);
        var x = new double[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = i % 9973 == 0 ? double.NaN : i / 1024 % 5 == 3 ? rng.Next(-24, 25) / 8.0 : Gaussian(rng);
        }

        Check(x, 100, (-2.5, 2.75), "large, given range");
        var finite = x.Select(v => double.IsNaN(v) ? 0.5 : v).ToArray();
        CheckAuto(finite, 100, "large, auto range");
        CheckEdges(finite, HistogramReference.Linspace(-3, 3, 64), "large, linspace edges");
    }

    [Test]
    public void NonContiguousInputIsBinnedAsItsValues()
    {
        using var m = new NdRandom(3).Normal([300, 7], 0, 1);
        using var t = m.Transpose();
        var expected = HistogramReference.Auto(t.ToArray(), 20);
        var (counts, edges) = NdArray.Histogram(t, 20);
        Assert.That(counts.ToArray(), Is.EqualTo(expected.Counts));
        Assert.That(edges.ToArray(), Is.EqualTo(expected.Edges));
    }

    /// <summary>A value from a mix that stresses the edges of ranges near [-2, 3]: on edges, ±inf, NaN, outside, ±0.</summary>
    private static double Special(Random rng) => rng.Next(12) switch
    {
        0 => double.NaN,
        1 => double.PositiveInfinity,
        2 => double.NegativeInfinity,
        3 => rng.Next(-4, 8) / 2.0,
        4 => -0.0,
        5 => rng.Next(-30, 40) / 10.0,
        6 => Math.BitIncrement(rng.Next(0, 11) / 10.0),
        7 => Math.BitDecrement(rng.Next(0, 11) / 10.0),
        _ => (rng.NextDouble() * 6) - 2.5,
    };

    private static double Gaussian(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    private static void Check(double[] x, int bins, (double, double) range, string what)
    {
        var expected = HistogramReference.Uniform(x, bins, range.Item1, range.Item2, range.Item2 - range.Item1);
        using var a = NdArray.FromArray(x);
        foreach (var s in Splits)
        {
            var (counts, edges) = NdArray.Histogram(a, bins, range, s);
            Assert.That(counts.ToArray(), Is.EqualTo(expected), $"{what} bins={bins} steps≤{s.MaxDegreeOfParallelism}");
            Assert.That(edges.ToArray(), Is.EqualTo(HistogramReference.Linspace(range.Item1, range.Item2, bins)), $"{what} bins={bins}: edges");
        }
    }

    private static void CheckAuto<T>(T[] x, int bins, string what)
        where T : unmanaged, INumber<T>
    {
        var (expected, expectedEdges) = HistogramReference.Auto(x, bins);
        using var a = NdArray.FromArray(x);
        foreach (var s in Splits)
        {
            var (counts, edges) = NdArray.Histogram(a, bins, null, s);
            Assert.That(counts.ToArray(), Is.EqualTo(expected), $"{what} bins={bins} steps≤{s.MaxDegreeOfParallelism}");
            Assert.That(edges.ToArray(), Is.EqualTo(expectedEdges), $"{what} bins={bins}: edges");
        }
    }

    private static void CheckEdges<T>(T[] x, double[] edges, string what)
        where T : unmanaged, INumber<T>
    {
        var expected = HistogramReference.Edges(x.Select(double.CreateTruncating).ToArray(), edges);
        using var a = NdArray.FromArray(x);
        foreach (var s in Splits)
        {
            var (counts, e) = NdArray.Histogram(a, edges, s);
            Assert.That(counts.ToArray(), Is.EqualTo(expected), $"{what} steps≤{s.MaxDegreeOfParallelism}");
            Assert.That(e.ToArray(), Is.EqualTo(edges));
        }
    }
}
