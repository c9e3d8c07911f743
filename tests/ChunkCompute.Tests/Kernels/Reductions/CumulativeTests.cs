using ChunkCompute.Execution;

namespace ChunkCompute.Tests.Kernels.Reductions;

/// <summary>
/// CumSum/CumProd against a plain left-to-right loop in the result type (NumPy's definition: float32 and float16 add
/// in their own precision, integers widen to 64 bits and wrap), bit for bit: every length 0..256, seeded shapes up to
/// rank 4 along every axis, strided and transposed inputs, any thread count.
/// </summary>
public class CumulativeTests
{
    private static readonly ExecutionSettings[] Settings =
    [
        ExecutionSettings.Sequential,
        new ExecutionSettings(2) { MinimumElementsPerTask = 1 },
        new ExecutionSettings(7) { MinimumElementsPerTask = 1 },
    ];

    [Test]
    public void EveryLengthMatchesTheLeftToRightLoop()
    {
        var rng = new Random(5);
        for (int n = 0; n <= 256; n++)
        {
            var d = Enumerable.Range(0, n).Select(_ => (rng.NextDouble() - 0.3) * Math.Pow(10, rng.Next(-3, 4))).ToArray();
            using var a = NdArray.FromArray(d);
            Same(Run(a, null, false), Flat(d, (x, y) => x + y), $"f8 sum n={n}");
            Same(Run(a, null, true), Flat(d, (x, y) => x * y), $"f8 prod n={n}");

            var f = d.Select(v => (float)v).ToArray();
            using var af = NdArray.FromArray(f);
            Same(Run(af, null, false), Flat(f, (x, y) => x + y).Select(v => (double)v).ToArray(), $"f4 sum n={n}");

            var h = d.Select(v => (Half)v).ToArray();
            using var ah = NdArray.FromArray(h);
            Same(Run(ah, null, false), Flat(h, (x, y) => (Half)((float)x + (float)y)).Select(v => (double)v).ToArray(), $"f2 sum n={n}");

            var i = Enumerable.Range(0, n).Select(_ => rng.Next(int.MinValue, int.MaxValue)).ToArray();
            using var ai = NdArray.FromArray(i);
            Assert.That(((NdArray<long>)NdArray.CumSum(ai)).ToArray(), Is.EqualTo(Flat(i.Select(v => (long)v).ToArray(), (x, y) => unchecked(x + y))), $"i4 sum n={n}");

            var b = Enumerable.Range(0, n).Select(_ => (byte)rng.Next(256)).ToArray();
            using var ab = NdArray.FromArray(b);
            Assert.That(((NdArray<ulong>)NdArray.CumProd(ab)).ToArray(), Is.EqualTo(Flat(b.Select(v => (ulong)v).ToArray(), (x, y) => unchecked(x * y))), $"u1 prod n={n}");
        }
    }

    [Test]
    public void EveryAxisOfSeededShapesMatchesTheLoopUnderAnySettings()
    {
        var rng = new Random(11);
        for (int trial = 0; trial < 60; trial++)
        {
            int rank = 1 + rng.Next(4);
            var shape = Enumerable.Range(0, rank).Select(_ => (long)rng.Next(0, trial < 40 ? 7 : 70)).ToArray();
            using var a = new NdRandom((ulong)trial).Normal(shape, 0, 2);
            var values = a.ToArray();
            for (int axis = -1; axis < rank; axis++)
            {
                int? ax = axis < 0 ? null : axis;
                var want = Reference(values, shape, ax, (x, y) => x + y);
                foreach (var s in Settings)
                {
                    Same(Run(a, ax, false, s), want, $"shape ({string.Join(",", shape)}) axis {ax} {s}");
                }
            }
        }
    }

    [Test]
    public void StridedAndTransposedInputsGiveTheBitsOfContiguousCopies()
    {
        using var m = new NdRandom(3).Normal([37, 1100], 1, 3);
        using var t = m.T;
        using var stepped = m["::-2, 1::3"];
        foreach (var view in new[] { t, stepped })
        {
            using var copy = view.Copy();
            for (int axis = 0; axis < 2; axis++)
            {
                foreach (var s in Settings)
                {
                    Same(Run(view, axis, false, s), Run(copy, axis, false, ExecutionSettings.Sequential), $"axis {axis} {s}");
                    Same(Run(view, axis, true, s), Run(copy, axis, true, ExecutionSettings.Sequential), $"prod axis {axis} {s}");
                }
            }

            Same(Run(view, null, false), Run(copy, null, false), "flattened");
        }
    }

    [Test]
    public void OuterAxisRowScansOfEveryResultTypeMatchTheLoop()
    {
        // Along axis 0 the scan runs row by row (TensorPrimitives over the columns, converted rows for widened types).
        using var m = new NdRandom(21).Normal([23, 1030], 0, 3);
        var d = m.ToArray();
        var want = Reference(d, [23, 1030], 0, (x, y) => x + y);
        var wantProd = Reference(d, [23, 1030], 0, (x, y) => x * y);
        foreach (var s in Settings)
        {
            Same(Run(m, 0, false, s), want, $"f8 {s}");
            Same(Run(m, 0, true, s), wantProd, $"f8 prod {s}");
            using var f = m.AsType<float>();
            var fd = f.ToArray();
            Same(Run(f, 0, false, s), ReferenceOf(fd, 1030, (x, y) => x + y).Select(v => (double)v).ToArray(), $"f4 {s}");
            using var h = m.AsType<Half>();
            var hd = h.ToArray();
            Same(Run(h, 0, true, s), ReferenceOf(hd, 1030, (x, y) => (Half)((float)x * (float)y)).Select(v => (double)v).ToArray(), $"f2 prod {s}");
            using var i = (m * 1e8).AsType<int>();
            var id = i.ToArray().Select(v => (long)v).ToArray();
            Assert.That(((NdArray<long>)NdArray.CumProd(i, 0, s)).ToArray(), Is.EqualTo(ReferenceOf(id, 1030, (x, y) => unchecked(x * y))), $"i4 prod {s}");
            using var b = m > 0.5;
            var bd = b.ToArray().Select(v => v ? 1L : 0L).ToArray();
            Assert.That(((NdArray<long>)NdArray.CumSum(b, 0, s)).ToArray(), Is.EqualTo(ReferenceOf(bd, 1030, (x, y) => x + y)), $"bool {s}");
            using var u = (m * m * 20.0).AsType<byte>();
            var ud = u.ToArray().Select(v => (ulong)v).ToArray();
            Assert.That(((NdArray<ulong>)NdArray.CumSum(u, 0, s)).ToArray(), Is.EqualTo(ReferenceOf(ud, 1030, (x, y) => x + y)), $"u1 {s}");
        }
    }

    [Test]
    public void IntegerSumsWrapAroundAndBoolCountsUp()
    {
        using var big = NdArray.FromArray(new[] { long.MaxValue, 1L, 1L });
        Assert.That(((NdArray<long>)NdArray.CumSum(big)).ToArray(), Is.EqualTo(new[] { long.MaxValue, long.MinValue, long.MinValue + 1 }));
        using var mask = NdArray.FromArray(new[] { true, false, true, true });
        var counts = NdArray.CumSum(mask);
        Assert.That(counts.DType.Descr, Is.EqualTo("<i8"));
        Assert.That(((NdArray<long>)counts).ToArray(), Is.EqualTo(new long[] { 1, 1, 2, 3 }));
    }

    [Test]
    public void ShapesAndErrorsFollowNumPy()
    {
        using var m = NdArray.Zeros<double>(2, 3, 0);
        Assert.That(NdArray.CumSum(m, 1).Shape.ToArray(), Is.EqualTo(new long[] { 2, 3, 0 }));
        Assert.That(NdArray.CumSum(m).Shape.ToArray(), Is.EqualTo(new long[] { 0 }));
        using var s = NdArray.Scalar(2.5);
        Assert.That(((NdArray<double>)NdArray.CumSum(s)).ToArray(), Is.EqualTo(new[] { 2.5 }));

        // NumPy scans a 0-d array as shape (1,): axis 0 and -1 work, any other axis is out of bounds for dimension 1.
        Assert.That(((NdArray<double>)NdArray.CumSum(s, 0)).ToArray(), Is.EqualTo(new[] { 2.5 }));
        Assert.That(((NdArray<double>)NdArray.CumProd(s, -1)).ToArray(), Is.EqualTo(new[] { 2.5 }));
        Assert.That(Assert.Throws<AxisOutOfRangeException>(() => NdArray.CumSum(s, 1))!.Message, Does.StartWith("axis 1 is out of bounds for array of dimension 1"));
        Assert.That(Assert.Throws<AxisOutOfRangeException>(() => NdArray.CumProd(s, -3))!.Message, Does.StartWith("axis -3 is out of bounds for array of dimension 1"));
        var e = Assert.Throws<AxisOutOfRangeException>(() => NdArray.CumSum(m, 3));
        Assert.That(e!.Message, Does.Contain("axis 3 is out of bounds for array of dimension 3"));
    }

    private static double[] Run<T>(NdArray<T> a, int? axis, bool product, ExecutionSettings? s = null)
        where T : unmanaged
    {
        using var r = product ? NdArray.CumProd(a, axis, s) : NdArray.CumSum(a, axis, s);
        return r switch
        {
            NdArray<double> d => d.ToArray(),
            NdArray<float> f => f.ToArray().Select(v => (double)v).ToArray(),
            NdArray<Half> h => h.ToArray().Select(v => (double)v).ToArray(),
            _ => throw new InvalidOperationException(r.DType.Descr),
        };
    }

    private static T[] Flat<T>(T[] x, Func<T, T, T> op)
    {
        var r = (T[])x.Clone();
        for (int i = 1; i < r.Length; i++)
        {
            r[i] = op(r[i - 1], r[i]);
        }

        return r;
    }

    /// <summary>The scan along axis 0 of C-ordered rows of <paramref name="width"/> values, in the values' own type.</summary>
    private static T[] ReferenceOf<T>(T[] values, int width, Func<T, T, T> op)
    {
        var r = (T[])values.Clone();
        for (int i = width; i < r.Length; i++)
        {
            r[i] = op(r[i - width], r[i]);
        }

        return r;
    }

    /// <summary>The scan of C-ordered <paramref name="values"/> of <paramref name="shape"/> along one axis (null: flattened).</summary>
    private static double[] Reference(double[] values, long[] shape, int? axis, Func<double, double, double> op)
    {
        if (axis is null)
        {
            return Flat(values, op);
        }

        var r = (double[])values.Clone();
        long inner = 1;
        for (int d = axis.Value + 1; d < shape.Length; d++)
        {
            inner *= shape[d];
        }

        long n = shape[axis.Value];
        for (long i = 0; i < r.Length; i++)
        {
            if (i / inner % n != 0)
            {
                r[i] = op(r[i - inner], r[i]);
            }
        }

        return r;
    }

    private static void Same(double[] actual, double[] expected, string what)
    {
        Assert.That(actual.Length, Is.EqualTo(expected.Length), what);
        for (int i = 0; i < actual.Length; i++)
        {
            if (BitConverter.DoubleToInt64Bits(actual[i]) != BitConverter.DoubleToInt64Bits(expected[i]))
            {
                Assert.Fail($"{what}: element {i} is {actual[i]:R}, expected {expected[i]:R}");
            }
        }
    }
}
