using ChunkCompute;
using ChunkCompute.Execution;
using ChunkCompute.Kernels;

namespace ChunkCompute.Tests.Kernels.Reductions;

/// <summary>
/// Reductions against simple scalar references: every length 0..256 per element type, and seeded random shapes
/// up to rank 4 with every axis combination, keepdims, and strided/transposed/reversed views. Floating sums are
/// checked bit for bit against <see cref="ReproducibleSum.Sum(ReadOnlySpan{double})"/> of the gathered slice
/// (the definition of the result), everything else exactly.
/// </summary>
public class ReductionReferenceTests
{
    [Test]
    public void Float64EveryLength0To256()
    {
        for (int n = 0; n <= 256; n++)
        {
            using var a = new NdRandom((ulong)n).Normal([n], 0.5, 2);
            var x = a.ToArray();
            Assert.That(a.Sum(), Is.EqualTo(ReproducibleSum.Sum(x)), $"n={n}");
            if (n == 0)
            {
                Assert.That(double.IsNaN(a.Mean()), Is.True);
                Assert.That(a.Prod(), Is.EqualTo(1.0));
                Assert.Throws<ArgumentException>(() => a.Max());
                Assert.Throws<ArgumentException>(() => a.ArgMin());
                Assert.That(a.Any(), Is.False);
                Assert.That(a.All(), Is.True);
                continue;
            }

            double mean = ReproducibleSum.Sum(x) / n;
            Assert.That(a.Mean(), Is.EqualTo(mean), $"n={n}");
            double var = VarianceReference.M2(x) / n;
            Assert.That(a.Var(), Is.EqualTo(var), $"n={n}");
            Assert.That(a.Std(), Is.EqualTo(Math.Sqrt(var)), $"n={n}");
            Assert.That(a.Max(), Is.EqualTo(x.Max()), $"n={n}");
            Assert.That(a.Min(), Is.EqualTo(x.Min()), $"n={n}");
            Assert.That(a.ArgMax(), Is.EqualTo(Array.IndexOf(x, x.Max())), $"n={n}");
            Assert.That(a.ArgMin(), Is.EqualTo(Array.IndexOf(x, x.Min())), $"n={n}");
            Assert.That(a.CountNonzero(), Is.EqualTo(x.Count(v => v != 0)));
            double prod = 1;
            foreach (double v in x)
            {
                prod *= v;
            }

            Assert.That(a.Prod(), Is.EqualTo(prod).Within(1e-12 * Math.Abs(prod)), $"n={n}");
        }
    }

    [Test]
    public void Float64NaNPropagationAndFirstNaNWinsAtEveryPosition()
    {
        for (int n = 1; n <= 256; n += 5)
        {
            for (int k = 0; k < n; k += 7)
            {
                var x = Enumerable.Range(0, n).Select(i => (double)((i * 37) % 11)).ToArray();
                x[k] = double.NaN;
                if (k + 3 < n)
                {
                    x[k + 3] = double.NaN;
                }

                using var a = NdArray.FromArray(x);
                Assert.That(double.IsNaN(a.Max()) && double.IsNaN(a.Min()) && double.IsNaN(a.Sum()), Is.True);
                Assert.That(a.ArgMax(), Is.EqualTo(k), $"n={n} k={k}");
                Assert.That(a.ArgMin(), Is.EqualTo(k), $"n={n} k={k}");
                var clean = x.Where(v => !double.IsNaN(v)).ToArray();
                if (clean.Length > 0)
                {
                    Assert.That(a.NanMax(), Is.EqualTo(clean.Max()));
                    Assert.That(a.NanMin(), Is.EqualTo(clean.Min()));
                    Assert.That(a.NanMean(), Is.EqualTo(clean.Sum() / clean.Length).Within(1e-12));
                }
            }
        }
    }

    [Test]
    public void IntegerTypesEveryLength0To256()
    {
        for (int n = 0; n <= 256; n++)
        {
            using var i32 = new NdRandom((ulong)n).Integers<int>(int.MinValue, int.MaxValue, [n]);
            var x = i32.ToArray();
            Assert.That(NdArray.Sum(i32).DType, Is.EqualTo(DType.Int64));
            Assert.That(Scalar<long>(NdArray.Sum(i32)), Is.EqualTo(x.Sum(v => (long)v)), $"n={n}");
            Assert.That(i32.CountNonzero(), Is.EqualTo(x.Count(v => v != 0)));
            if (n > 0)
            {
                Assert.That(i32.Max(), Is.EqualTo(x.Max()));
                Assert.That(i32.Min(), Is.EqualTo(x.Min()));
                Assert.That(i32.ArgMax(), Is.EqualTo(Array.IndexOf(x, x.Max())));
                Assert.That(i32.Mean(), Is.EqualTo(ReproducibleSum.Sum(x.Select(v => (double)v).ToArray()) / n));
            }

            using var u8 = new NdRandom((ulong)(n + 1000)).Integers<byte>(0, 256, [n]);
            var b = u8.ToArray();
            Assert.That(NdArray.Sum(u8).DType, Is.EqualTo(DType.UInt64));
            Assert.That(Scalar<ulong>(NdArray.Sum(u8)), Is.EqualTo((ulong)b.Sum(v => (long)v)));
            long prod = 1;
            foreach (byte v in b)
            {
                prod = unchecked(prod * v);
            }

            Assert.That(Scalar<ulong>(NdArray.Prod(u8)), Is.EqualTo(unchecked((ulong)prod)));
            using var bools = u8.AsType<bool>();
            Assert.That(Scalar<long>(NdArray.Sum(bools)), Is.EqualTo(b.Count(v => v != 0)));
            Assert.That(bools.Any(), Is.EqualTo(b.Any(v => v != 0)));
            Assert.That(bools.All(), Is.EqualTo(b.All(v => v != 0)));
        }
    }

    [Test]
    public void Int64SumWrapsAround()
    {
        using var a = NdArray.FromArray(new[] { long.MaxValue, 1L, 1L });
        Assert.That(Scalar<long>(NdArray.Sum(a)), Is.EqualTo(long.MinValue + 1));
    }

    [Test]
    public void RandomShapesEveryAxisCombinationMatchReference()
    {
        var rnd = new Random(2024);
        for (int trial = 0; trial < 40; trial++)
        {
            int rank = 1 + (trial % 4);
            var shape = Enumerable.Range(0, rank).Select(_ => (long)rnd.Next(0, 6)).ToArray();
            if (trial % 5 == 0)
            {
                shape[rnd.Next(rank)] = 1;
            }

            using var baseArr = new NdRandom((ulong)trial).Normal(shape.Select(s => s + 1).ToArray(), 0, 1);
            // A non-contiguous view: drop the last index of every axis, reverse axis 0 and transpose.
            var view = baseArr[string.Join(",", shape.Select((s, i) => i == 0 && s > 0 ? $"{s - 1}::-1" : $"0:{s}"))];
            foreach (var arr in new[] { view, view.Transpose(), view.Copy() })
            {
                for (int mask = 0; mask < (1 << rank); mask++)
                {
                    var axes = Enumerable.Range(0, rank).Where(i => (mask & (1 << i)) != 0).ToArray();
                    foreach (bool keep in new[] { false, true })
                    {
                        CheckAgainstReference(arr, axes, keep, $"trial {trial} shape {arr.Shape} axes [{string.Join(",", axes)}] keepdims={keep}");
                    }
                }
            }
        }
    }

    private static void CheckAgainstReference(NdArray<double> a, int[] axes, bool keep, string what)
    {
        var groups = Gather(a, axes, out var outShape);
        var expectedShape = keep ? Enumerable.Range(0, a.NDim).Select(i => axes.Contains(i) ? 1 : a.Shape[i]).ToArray() : outShape;
        var sum = NdArray.Sum(a, axes, keep);
        Assert.That(sum.Shape.ToArray(), Is.EqualTo(expectedShape), what);
        var s = ((NdArray<double>)sum).ToArray();
        var v = ((NdArray<double>)NdArray.Var(a, axes, 1, keep)).ToArray();
        var cnt = NdArray.CountNonzero(a, axes, keep).ToArray();
        for (int o = 0; o < groups.Length; o++)
        {
            var g = groups[o].ToArray();
            Assert.That(BitConverter.DoubleToInt64Bits(s[o]), Is.EqualTo(BitConverter.DoubleToInt64Bits(g.Length == 0 ? 0.0 : ReproducibleSum.Sum(g))), $"{what}: sum[{o}]");
            if (g.Length > 0)
            {
                double var = VarianceReference.M2(g) / Math.Max(g.Length - 1, 0);
                Assert.That(v[o].Equals(var), Is.True, $"{what}: var[{o}] {v[o]} vs {var}");
            }

            Assert.That(cnt[o], Is.EqualTo(g.Count(x => x != 0)), $"{what}: count[{o}]");
        }

        // NumPy raises for an empty reduction whenever the reduced length is 0, even when the result is empty too.
        long reducedLength = axes.Aggregate(1L, (n, ax) => n * a.Shape[ax]);
        if (reducedLength > 0)
        {
            var mx = NdArray.Max(a, axes, keep).ToArray();
            var mn = NdArray.Min(a, axes, keep).ToArray();
            for (int o = 0; o < groups.Length; o++)
            {
                Assert.That(mx[o], Is.EqualTo(groups[o].Max()), $"{what}: max[{o}]");
                Assert.That(mn[o], Is.EqualTo(groups[o].Min()), $"{what}: min[{o}]");
            }

            if (axes.Length == 1)
            {
                var am = NdArray.ArgMax(a, axes[0], keep).ToArray();
                for (int o = 0; o < groups.Length; o++)
                {
                    Assert.That(am[o], Is.EqualTo(groups[o].IndexOf(groups[o].Max())), $"{what}: argmax[{o}]");
                }
            }
        }
        else
        {
            var ex = Assert.Throws<ArgumentException>(() => NdArray.Max(a, axes, keep));
            Assert.That(ex!.Message, Is.EqualTo("zero-size array to reduction operation maximum which has no identity"));
            if (axes.Length == 1)
            {
                ex = Assert.Throws<ArgumentException>(() => NdArray.ArgMin(a, axes[0], keep));
                Assert.That(ex!.Message, Is.EqualTo("attempt to get argmin of an empty sequence"));
            }
        }
    }

    /// <summary>The elements of each output in C order of the reduced axes, by a plain walk over every element.</summary>
    private static List<double>[] Gather(NdArray<double> a, int[] axes, out long[] outShape)
    {
        int nd = a.NDim;
        var kept = Enumerable.Range(0, nd).Where(i => !axes.Contains(i)).ToArray();
        outShape = kept.Select(i => a.Shape[i]).ToArray();
        long outSize = outShape.Aggregate(1L, (x, y) => x * y);
        var groups = Enumerable.Range(0, (int)outSize).Select(_ => new List<double>()).ToArray();
        var idx = new long[nd];
        for (long flat = 0; flat < a.Size; flat++)
        {
            long r = flat;
            for (int d = nd - 1; d >= 0; d--)
            {
                idx[d] = r % a.Shape[d];
                r /= a.Shape[d];
            }

            long o = 0;
            foreach (int k in kept)
            {
                o = (o * a.Shape[k]) + idx[k];
            }

            groups[o].Add(a[idx]);
        }

        return groups;
    }

    [Test]
    public void ErrorsNameTheValues()
    {
        using var m = NdArray.Zeros<double>(2, 3);
        var ex = Assert.Throws<AxisOutOfRangeException>(() => m.Sum(2));
        Assert.That(ex!.Message, Does.StartWith("axis 2 is out of bounds for array of dimension 2"));
        Assert.Throws<AxisOutOfRangeException>(() => m.Mean(-3));
        var dup = Assert.Throws<ArgumentException>(() => m.Sum([0, -2]));
        Assert.That(dup!.Message, Does.Contain("duplicate value in 'axis'"));
        using var e = NdArray.Zeros<double>(0);
        Assert.That(Assert.Throws<ArgumentException>(() => e.Min())!.Message, Does.StartWith("zero-size array to reduction operation minimum which has no identity"));
        Assert.That(Assert.Throws<ArgumentException>(() => e.ArgMax())!.Message, Does.StartWith("attempt to get argmax of an empty sequence"));
        Assert.That(Assert.Throws<ArgumentException>(() => NdArray.Dot(NdArray.Zeros<double>(3), NdArray.Zeros<double>(4)))!.Message, Does.StartWith("shapes (3,) and (4,) not aligned: 3 (dim 0) != 4 (dim 0)"));
        Assert.That(Assert.Throws<ArgumentException>(() => NdArray.Dot(NdArray.Ones<double>(2, 3), NdArray.Ones<double>(3)))!.Message, Does.StartWith("Dot takes 1-D operands, got shapes (2, 3) and (3,); use MatMul for matrices"));
        Assert.Throws<ArgumentOutOfRangeException>(() => NdArray.Quantile(m, 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => NdArray.Percentile(m, -1));
        Assert.Throws<ArgumentException>(() => NdArray.Histogram(m, 0));
        Assert.That(Assert.Throws<ArgumentException>(() => NdArray.Histogram(NdArray.FromArray(new[] { 1.0, double.NaN })))!.Message, Does.StartWith("autodetected range of [nan, nan] is not finite"));
        Assert.That(Assert.Throws<ArgumentException>(() => NdArray.Histogram(m, new[] { 0.0, 2.0, 1.0 }))!.Message, Does.StartWith("`bins` must increase monotonically"));
        Assert.That(Assert.Throws<ArgumentException>(() => NdArray.Histogram(m, new[] { 0.0, double.NaN, 1.0 }))!.Message, Does.StartWith("`bins` must not contain NaN (edge 1 is nan)"));

        // NumPy: np.histogram(m, bins=[1]) -> (array([], dtype=int64), array([1])); bins=[] likewise: no bins, no error.
        foreach (var few in new[] { new[] { 1.0 }, Array.Empty<double>() })
        {
            var (counts, edges) = NdArray.Histogram(m, few);
            Assert.That(counts.Shape.ToArray(), Is.EqualTo(new long[] { 0 }));
            Assert.That(edges.ToArray(), Is.EqualTo(few));
        }
    }

    [Test]
    public void AxisReductionsOnLargeArraysMatchSequential()
    {
        using var m = new NdRandom(77).Normal([2048, 600], 0, 1);
        var par = new ExecutionSettings(4) { MinimumElementsPerTask = 1 };
        Assert.That(m.Max(0, false, par).ArrayEquals(m.Max(0, false, ExecutionSettings.Sequential)), Is.True);
        Assert.That(m.ArgMin(1, false, par).ArrayEquals(m.ArgMin(1, false, ExecutionSettings.Sequential)), Is.True);
        Assert.That(m.Prod(0, false, par).ArrayEquals(m.Prod(0, false, ExecutionSettings.Sequential), equalNan: true), Is.True);
    }

    private static T Scalar<T>(NdArray r)
        where T : unmanaged => ((NdArray<T>)r).ToArray()[0];

    /// <summary>
    /// NumPy divides the (empty, so 0) sum of squares by <c>max(n - ddof, 0)</c>: an empty or all-NaN slice gives NaN
    /// for ddof ≥ 0 and 0.0 for a negative ddof (np.var, np.std, np.nanvar).
    /// </summary>
    [Test]
    public void EmptyAndAllNaNSlicesWithNegativeDdofGiveZeroAsNumPy()
    {
        using var empty = NdArray.Zeros<double>(0);
        using var columns = NdArray.Zeros<double>(0, 3);
        using var nans = NdArray.FromArray([double.NaN, double.NaN]);
        using var ints = NdArray.Zeros<int>(0);
        Assert.That(((NdArray<double>)NdArray.Var(empty, ddof: -1)).ToScalar(), Is.EqualTo(0.0));
        Assert.That(((NdArray<double>)NdArray.Var(empty)).ToScalar(), Is.NaN);
        Assert.That(((NdArray<double>)NdArray.Std(empty, ddof: -2)).ToScalar(), Is.EqualTo(0.0));
        Assert.That(((NdArray<double>)NdArray.Var(columns, 0, ddof: -1)).ToArray(), Is.EqualTo(new[] { 0.0, 0.0, 0.0 }));
        Assert.That(((NdArray<double>)NdArray.Var(ints, ddof: -1)).ToScalar(), Is.EqualTo(0.0));
        Assert.That(((NdArray<double>)NdArray.NanVar(empty, ddof: -1)).ToScalar(), Is.EqualTo(0.0));
        Assert.That(((NdArray<double>)NdArray.NanVar(nans, ddof: -1)).ToScalar(), Is.EqualTo(0.0));
        Assert.That(((NdArray<double>)NdArray.NanVar(nans)).ToScalar(), Is.NaN);
    }
}
