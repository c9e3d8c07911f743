namespace ChunkCompute.Tests.Kernels.Reductions;

/// <summary>
/// Min/Max/NanMin/NanMax and integer sums along axis 0 (the column drivers' vector row folds) against the same reduction of each
/// column alone: every width 1..70 (vector bodies and remainders), NaN at the top, in the middle and in whole
/// columns, two NaNs of different payloads, ties of ±0, float64, float32 and int32, and tiles wider than one
/// thread's share.
/// </summary>
public class ColumnFoldTests
{
    [Test]
    public void EveryWidthMatchesEachColumnReducedAlone()
    {
        var rng = new Random(17);
        var pool = new[] { 0.0, -0.0, 1.5, -2.25, double.PositiveInfinity, double.NegativeInfinity, 3.0 };
        for (int w = 1; w <= 70; w++)
        {
            int rows = 1 + rng.Next(9);
            var d = new double[rows * w];
            for (int i = 0; i < d.Length; i++)
            {
                d[i] = pool[rng.Next(pool.Length)];
            }

            for (int c = 0; c < w; c++)
            {
                switch (c % 5)
                {
                    case 0:
                        d[c] = double.NaN; // NaN in the first row: the accumulator starts as NaN
                        break;
                    case 1:
                        d[((rows - 1) * w) + c] = double.NaN; // NaN in the last row
                        break;
                    case 3:
                        d[c] = double.NaN; // two NaNs of different payloads: the first one met stays, as in one column alone
                        d[((rows - 1) * w) + c] = BitConverter.Int64BitsToDouble(unchecked((long)0xFFF8_0000_0000_0001UL));
                        break;
                    case 2 when c % 10 == 2:
                        for (int r = 0; r < rows; r++)
                        {
                            d[(r * w) + c] = double.NaN; // a whole NaN column
                        }

                        break;
                }
            }

            using var m = NdArray.FromArray(d).Reshape(rows, w);
            using var f = m.AsType<float>();
            using var noNaN = NdArray.Where(NdArray.IsNaN(m), NdArray.Scalar(7.0), m);
            using var i32 = (noNaN * 1000.0).AsType<int>();
            for (int c = 0; c < w; c++)
            {
                using var col = m[.., c].Copy();
                using var fcol = f[.., c].Copy();
                Same(At(NdArray.Max(m, 0), c), Whole(NdArray.Max(col)), $"max w={w} c={c}");
                Same(At(NdArray.Min(m, 0), c), Whole(NdArray.Min(col)), $"min w={w} c={c}");
                Same(At(NdArray.NanMax(m, 0), c), Whole(NdArray.NanMax(col)), $"nanmax w={w} c={c}");
                Same(At(NdArray.NanMin(m, 0), c), Whole(NdArray.NanMin(col)), $"nanmin w={w} c={c}");
                Same(At(NdArray.Max(f, 0), c), Whole(NdArray.Max(fcol)), $"f4 max w={w} c={c}");
                Same(At(NdArray.Min(f, 0), c), Whole(NdArray.Min(fcol)), $"f4 min w={w} c={c}");
                Same(At(NdArray.NanMax(f, 0), c), Whole(NdArray.NanMax(fcol)), $"f4 nanmax w={w} c={c}");
                Same(At(NdArray.NanMin(f, 0), c), Whole(NdArray.NanMin(fcol)), $"f4 nanmin w={w} c={c}");
                using var icol = i32[.., c].Copy();
                Assert.That(At(NdArray.Max(i32, 0), c), Is.EqualTo(At(NdArray.Max(icol).Reshape(1), 0)), $"i4 max w={w} c={c}");
                Assert.That(At(NdArray.Min(i32, 0), c), Is.EqualTo(At(NdArray.Min(icol).Reshape(1), 0)), $"i4 min w={w} c={c}");
                Assert.That(((NdArray<long>)NdArray.Sum(i32, 0)).ToArray()[c], Is.EqualTo(icol.ToArray().Sum(v => (long)v)), $"i4 sum w={w} c={c}");
            }
        }
    }

    [Test]
    public void WideIntegerAndFloatColumnsMatchUnderAnySettings()
    {
        using var m = new NdRandom(4).Normal([301, 2500], 0, 1000);
        using var ints = m.AsType<int>();
        var data = m.ToArray();
        var idata = ints.ToArray();
        foreach (var s in new[] { ChunkCompute.Execution.ExecutionSettings.Sequential, new ChunkCompute.Execution.ExecutionSettings(3) { MinimumElementsPerTask = 1 } })
        {
            var max = ((NdArray<double>)NdArray.Max(m, 0, false, s)).ToArray();
            var imin = ((NdArray<int>)NdArray.Min(ints, 0, false, s)).ToArray();
            var isum = ((NdArray<long>)NdArray.Sum(ints, 0, false, s)).ToArray();
            using var longs = ints.AsType<long>() * 4_000_000_000_000_000L; // wraps: int64 sums wrap as NumPy's
            var lsum = ((NdArray<long>)NdArray.Sum(longs, 0, false, s)).ToArray();
            var ldata = longs.ToArray();
            for (int c = 0; c < 2500; c++)
            {
                Assert.That(max[c], Is.EqualTo(Enumerable.Range(0, 301).Max(r => data[(r * 2500) + c])), $"max c={c} {s}");
                Assert.That(imin[c], Is.EqualTo(Enumerable.Range(0, 301).Min(r => idata[(r * 2500) + c])), $"int min c={c} {s}");
                Assert.That(isum[c], Is.EqualTo(Enumerable.Range(0, 301).Sum(r => (long)idata[(r * 2500) + c])), $"int sum c={c} {s}");
                Assert.That(lsum[c], Is.EqualTo(Enumerable.Range(0, 301).Aggregate(0L, (acc, r) => unchecked(acc + ldata[(r * 2500) + c]))), $"int64 sum c={c} {s}");
            }
        }
    }

    private static double At(NdArray r, int c)
    {
        using (r)
        {
            return r switch
            {
                NdArray<double> d => d.ToArray()[c],
                NdArray<float> f => f.ToArray()[c],
                NdArray<int> i => i.ToArray()[c],
                _ => throw new InvalidOperationException(r.DType.Descr),
            };
        }
    }

    private static double Whole<T>(NdArray<T> r)
        where T : unmanaged => At(r.Reshape(1), 0);

    private static void Same(double actual, double expected, string what) =>
        Assert.That(BitConverter.DoubleToInt64Bits(actual), Is.EqualTo(BitConverter.DoubleToInt64Bits(expected)), $"{what}: {actual:R} vs {expected:R}");
}
