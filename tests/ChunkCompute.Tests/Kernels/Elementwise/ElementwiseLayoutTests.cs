using ChunkCompute.Execution;

namespace ChunkCompute.Tests.Kernels.Elementwise;

/// <summary>
/// Strided, transposed, negative-stride and broadcast operands give the same bits as contiguous copies (seeded
/// random layouts up to rank 4); broadcasting rules and errors; out, in place and overlapping outputs; thread counts.
/// </summary>
public sealed class ElementwiseLayoutTests
{
    /// <summary>A random view with the given shape: built from a larger base by slicing with steps, flips and a transpose.</summary>
    private static NdArray<double> RandomView(Random rng, long[] shape)
    {
        int rank = shape.Length;
        var perm = Enumerable.Range(0, rank).OrderBy(_ => rng.Next()).ToArray();
        var baseShape = new long[rank];
        var steps = new long[rank];
        for (int k = 0; k < rank; k++)
        {
            steps[k] = rng.Next(1, 3) * (rng.Next(3) == 0 ? -1 : 1);
            baseShape[perm[k]] = (shape[k] * Math.Abs(steps[k])) + rng.Next(0, 2);
        }

        var b = new NdRandom((ulong)rng.Next()).Uniform(baseShape, -3, 3);
        var slices = new Slice[rank];
        for (int d = 0; d < rank; d++)
        {
            int k = Array.IndexOf(perm, d);
            long len = shape[k], st = steps[k];
            slices[d] = st > 0 ? Slice.Range(0, len * st, st) : Slice.Range((len * -st) - 1, null, st);
        }

        var v = b.Slice(slices);
        var inv = new int[rank];
        for (int k = 0; k < rank; k++)
        {
            inv[k] = perm[k];
        }

        v = v.Transpose(inv);
        Assert.That(v.Shape.ToArray(), Is.EqualTo(shape));
        return v;
    }

    private static long[] RandomShape(Random rng) => Enumerable.Range(0, rng.Next(0, 5)).Select(_ => (long)rng.Next(1, 6)).ToArray();

    [Test]
    public void RandomLayoutsMatchContiguousCopies()
    {
        var rng = new Random(2024);
        for (int trial = 0; trial < 200; trial++)
        {
            var shape = RandomShape(rng);
            var x = RandomView(rng, shape);
            var y = RandomView(rng, shape);
            var z = RandomView(rng, shape);
            var xc = x.Copy();
            var yc = y.Copy();
            var zc = z.Copy();
            string where = $"trial {trial}, shape {x.Shape}, strides {string.Join(",", x.Strides.ToArray())}";
            Assert.That((x + y).ArrayEquals(xc + yc), where);
            Assert.That((x * y - z).ArrayEquals((xc * yc) - zc), where);
            Assert.That(NdArray.Exp(x).ArrayEquals(NdArray.Exp(xc)), where);
            Assert.That(NdArray.Sin(y).ArrayEquals(NdArray.Sin(yc)), where);
            Assert.That(NdArray.Maximum(x, z).ArrayEquals(NdArray.Maximum(xc, zc)), where);
            Assert.That(NdArray.FusedMultiplyAdd(x, y, z).ArrayEquals(NdArray.FusedMultiplyAdd(xc, yc, zc)), where);
            Assert.That(NdArray.Less(x, y).ArrayEquals(NdArray.Less(xc, yc)), where);

            // A strided destination too.
            var o = RandomView(rng, shape);
            NdArray.Add(x, y, @out: o);
            Assert.That(o.ArrayEquals(xc + yc), where);
        }
    }

    [Test]
    public void TransposedOperandsOfLargerShapesMatchContiguousCopiesUnderAnySettings()
    {
        // Large enough that a transposed operand's run stride is at least 16: the tiled walk (16 × 512 tiles), with
        // ragged edge tiles, several column tiles and several planes, a transposed output, and every arity.
        var rng = new Random(77);
        var settings = new[] { ExecutionSettings.Sequential, new ExecutionSettings(2) { MinimumElementsPerTask = 1 }, new ExecutionSettings(7) { MinimumElementsPerTask = 1 } };
        foreach (var shape in new long[][] { [37, 50], [40, 1100], [3, 33, 530], [2, 2, 17, 40] })
        {
            using var x = RandomView(rng, shape);
            using var y = RandomView(rng, shape);
            using var z = RandomView(rng, shape);
            using var t = new NdRandom(5).Uniform(shape.Reverse().ToArray(), -3, 3).Transpose();
            using var xc = x.Copy();
            using var yc = y.Copy();
            using var zc = z.Copy();
            using var tc = t.Copy();
            using var sum = NdArray.Add(xc, tc);
            using var exp = NdArray.Exp(tc);
            using var fma = NdArray.FusedMultiplyAdd(tc, yc, zc);
            using var scaled = NdArray.Multiply(xc, 2.5);
            foreach (var s in settings)
            {
                string where = $"shape ({string.Join(",", shape)}), {s}";
                using var a = NdArray.Add(x, t, settings: s);
                Assert.That(a.ArrayEquals(sum), $"x + t, {where}");
                using var e = NdArray.Exp(t, settings: s);
                Assert.That(e.ArrayEquals(exp), $"exp(t), {where}");
                using var f = NdArray.FusedMultiplyAdd(t, y, z, settings: s);
                Assert.That(f.ArrayEquals(fma), $"fma(t, y, z), {where}");
                using var dest = NdArray.Zeros<double>(shape.Reverse().ToArray());
                NdArray.Multiply(x, 2.5, dest.Transpose(), s);
                Assert.That(dest.Transpose().ArrayEquals(scaled), $"out= transposed, {where}");
            }
        }
    }

    [Test]
    public void BroadcastingMatrixMatchesExplicitTiling()
    {
        long[][] shapes = [[], [1], [3], [4, 1], [4, 3], [1, 3], [2, 1, 3], [2, 4, 1], [5, 1, 1, 3]];
        var rng = new NdRandom(5);
        foreach (var s1 in shapes)
        {
            foreach (var s2 in shapes)
            {
                var a = rng.Uniform(s1, -1, 1);
                var b = rng.Uniform(s2, -1, 1);
                bool ok = ChunkCompute.Kernels.Broadcasting.TryBroadcastShapes([a.Shape, b.Shape], out var shape);
                if (!ok)
                {
                    Assert.That(() => a + b, Throws.ArgumentException.With.Message.StartsWith("operands could not be broadcast together with shapes"));
                    continue;
                }

                var r = a - b;
                Assert.That(r.Shape.ToArray(), Is.EqualTo(shape));
                var ab = ChunkCompute.Kernels.Broadcasting.BroadcastTo(a, shape).Copy();
                var bb = ChunkCompute.Kernels.Broadcasting.BroadcastTo(b, shape).Copy();
                var ea = ab.ToArray();
                var eb = bb.ToArray();
                Assert.That(r.ToArray(), Is.EqualTo(ea.Zip(eb, (p, q) => p - q).ToArray()), $"{a.Shape} - {b.Shape}");
            }
        }
    }

    [Test]
    public void ShapeErrorsUseNumPyText()
    {
        var a = NdArray.Zeros<double>(3, 2);
        var b = NdArray.Zeros<double>(3);
        Assert.That(() => a + b, Throws.ArgumentException.With.Message.EqualTo("operands could not be broadcast together with shapes (3,2) (3,) "));
        Assert.That(() => NdArray.Add(a, b, @out: NdArray.Zeros<double>(3, 2)), Throws.ArgumentException.With.Message.EqualTo("operands could not be broadcast together with shapes (3,2) (3,) (3,2) "));
        Assert.That(() => NdArray.Add(a, NdArray.Zeros<double>(2), @out: NdArray.Zeros<double>(2)), Throws.ArgumentException.With.Message.EqualTo("non-broadcastable output operand with shape (2,) doesn't match the broadcast shape (3,2)"));
        Assert.That(() => NdArray.Where(NdArray.Zeros<bool>(3, 2), NdArray.Zeros<double>(3), NdArray.Zeros<double>(2)), Throws.ArgumentException.With.Message.EqualTo("operands could not be broadcast together with shapes (3,2) (3,) (2,) "));
    }

    [Test]
    public void DTypeErrorsAreClear()
    {
        var f = NdArray.Zeros<double>(3);
        var i = NdArray.Zeros<int>(3);
        Assert.That(() => NdArray.Add(f, f, @out: i), Throws.ArgumentException.With.Message.StartsWith("Cannot cast ufunc 'add' output from dtype('float64') to dtype('int32') with casting rule 'same_kind'"));
        Assert.That(() => NdArray.BitwiseAnd(f, f), Throws.ArgumentException.With.Message.Contains("ufunc 'bitwise_and' not supported"));
        Assert.That(() => i / i, Throws.InvalidOperationException.With.Message.Contains("NdArray.Divide"));
        Assert.That(NdArray.Divide(i, i).DType, Is.EqualTo(DType.Float64));
        Assert.That(() => NdArray.Zeros<bool>(2) - NdArray.Zeros<bool>(2), Throws.ArgumentException.With.Message.Contains("numpy boolean subtract"));
        Assert.That(() => NdArray.Power(i, NdArray.FromArray(new[] { 1, -1, 2 }, 3)), Throws.ArgumentException.With.Message.EqualTo("Integers to negative integer powers are not allowed. (Parameter 'y')"));
        Assert.That(() => NdArray.Add(f, f, @out: NdArray.Zeros<double>(4)), Throws.ArgumentException.With.Message.EqualTo("operands could not be broadcast together with shapes (3,) (3,) (4,) "));
        // As NumPy, a larger out broadcasts the inputs to its shape.
        var wide = NdArray.Zeros<double>(2, 3);
        NdArray.Add(NdArray.Arange<double>(3), 1.0, @out: wide);
        Assert.That(wide.ToArray(), Is.EqualTo(new double[] { 1, 2, 3, 1, 2, 3 }));
    }

    [Test]
    public void IntegerDivisionByZeroGivesZeroAndOverflowWraps()
    {
        var x = NdArray.FromArray(new[] { 5, -5, int.MinValue, int.MaxValue }, 4);
        var z = NdArray.FromArray(new[] { 0, 0, -1, 1 }, 4);
        Assert.That(NdArray.FloorDivide(x, z).ToArray(), Is.EqualTo(new[] { 0, 0, int.MinValue, int.MaxValue }));
        Assert.That((x % z).ToArray(), Is.EqualTo(new[] { 0, 0, 0, 0 }));
        Assert.That((x + 1).ToArray(), Is.EqualTo(new[] { 6, -4, int.MinValue + 1, int.MinValue }));
        Assert.That((-x).ToArray()[2], Is.EqualTo(int.MinValue));
        Assert.That(NdArray.Abs(x).ToArray()[2], Is.EqualTo(int.MinValue));
    }

    [Test]
    public void OverlappingOutputsMatchNumPy()
    {
        // a = np.arange(10.); a[1:] += a[:-1]  ->  [0, 1, 3, 5, ..., 17] (NumPy buffers the overlapping input).
        var a = NdArray.Arange<double>(10);
        NdArray.Add(a["1:"], a[":-1"], @out: a["1:"]);
        Assert.That(a.ToArray(), Is.EqualTo(new double[] { 0, 1, 3, 5, 7, 9, 11, 13, 15, 17 }));

        // a[:-1] += a[1:]  ->  [1, 3, 5, ..., 17, 9]
        var b = NdArray.Arange<double>(10);
        NdArray.Add(b[":-1"], b["1:"], @out: b[":-1"]);
        Assert.That(b.ToArray(), Is.EqualTo(new double[] { 1, 3, 5, 7, 9, 11, 13, 15, 17, 9 }));

        // Reversed view as output of its own base: a[::-1] = a + 0 ... np: b = arange(6); np.add(b, b[::-1], out=b) -> [5]*6
        var c = NdArray.Arange<double>(6);
        NdArray.Add(c, c["::-1"], @out: c);
        Assert.That(c.ToArray(), Is.EqualTo(Enumerable.Repeat(5.0, 6).ToArray()));

        // Transposed in place: m += m.T on a square matrix.
        var m = NdArray.Arange<double>(9).Reshape(3, 3);
        var expected = (m + m.T).ToArray();
        NdArray.Add(m, m.T, @out: m);
        Assert.That(m.ToArray(), Is.EqualTo(expected));

        // Exactly in place (same elements) needs no temporary and works.
        var e = NdArray.Arange<double>(100);
        NdArray.Exp(e, @out: e);
        Assert.That(e[3], Is.EqualTo(Math.Exp(3)).Within(1).Ulps);
    }

    [Test]
    public void ThreadCountsGiveIdenticalResults()
    {
        var rng = new NdRandom(77);
        var a = rng.Uniform([1001, 37], -5, 5);
        var b = rng.Uniform([37], -5, 5);
        var serial = new ExecutionSettings(1);
        var many = new ExecutionSettings(4) { MinimumElementsPerTask = 64 };
        foreach (var (x, y) in new[] { (a, b), (a.T.Copy().T, b), (a["::-1, ::2"].Copy(), b["::2"]) })
        {
            var e1 = NdArray.Add(NdArray.Sin(x, settings: serial), y, settings: serial);
            var e2 = NdArray.Add(NdArray.Sin(x, settings: many), y, settings: many);
            Assert.That(e2.ArrayEquals(e1));
        }

        var big = rng.Uniform([100_003], -5, 5);
        Assert.That(NdArray.Exp(big, settings: many).ArrayEquals(NdArray.Exp(big, settings: serial)));
        Assert.That(NdArray.Exp(big["::3"], settings: many).ArrayEquals(NdArray.Exp(big["::3"].Copy(), settings: serial)));
    }

    [Test]
    public void EmptyAndScalarShapes()
    {
        var e = NdArray.Zeros<double>(0, 3);
        Assert.That((e + 1.0).Shape.ToArray(), Is.EqualTo(new long[] { 0, 3 }));
        Assert.That(NdArray.Exp(NdArray.Scalar(1.0)).ToArray()[0], Is.EqualTo(Math.E).Within(1).Ulps);
        Assert.That((NdArray.Scalar(2) * NdArray.Arange<int>(3)).ToArray(), Is.EqualTo(new[] { 0, 2, 4 }));
        Assert.That(() => NdArray.Zeros<double>(0) + NdArray.Zeros<double>(2), Throws.ArgumentException.With.Message.EqualTo("operands could not be broadcast together with shapes (0,) (2,) "));
    }

    [Test]
    public void UntypedOperationsPromote()
    {
        NdArray i8 = NdArray.FromArray(new sbyte[] { 100, -100 }, 2);
        NdArray f4 = NdArray.FromArray(new float[] { 0.5f, 1.5f }, 2);
        NdArray i4 = NdArray.FromArray(new[] { 1, 2 }, 2);
        NdArray u8 = NdArray.FromArray(new ulong[] { 1, 2 }, 2);
        NdArray i64 = NdArray.FromArray(new long[] { 1, 2 }, 2);
        Assert.That(NdArray.Add(i4, f4).DType, Is.EqualTo(DType.Float64));
        Assert.That(NdArray.Add(u8, i64).DType, Is.EqualTo(DType.Float64));
        Assert.That(NdArray.Add(i8, i8).DType, Is.EqualTo(DType.Int8));
        Assert.That(((NdArray<sbyte>)NdArray.Add(i8, i8)).ToArray(), Is.EqualTo(new sbyte[] { -56, 56 }));
        Assert.That(NdArray.Add(i8, 1000.0).DType, Is.EqualTo(DType.Int16));
        Assert.That(NdArray.Add(i4, 0.5).DType, Is.EqualTo(DType.Float64));
        Assert.That(NdArray.Sqrt(i8).DType, Is.EqualTo(DType.Float16));
        Assert.That(NdArray.Sqrt(i4).DType, Is.EqualTo(DType.Float64));
        Assert.That(NdArray.Divide(i4, i4).DType, Is.EqualTo(DType.Float64));
    }
}
