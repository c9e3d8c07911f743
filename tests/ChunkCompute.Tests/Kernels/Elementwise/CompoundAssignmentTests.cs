using ChunkCompute.Tests.Kernels.Expressions;

namespace ChunkCompute.Tests.Kernels.Elementwise;

/// <summary>
/// The compound assignments of <see cref="NdArray{T}"/> (<c>+= -= *= /= %= &amp;= |= ^=</c>) as NumPy's in-place
/// operators: they write into the left array (and through a view into its parent), keep the variable bound to the
/// same array, give the binary operator's bits at every length, follow NumPy's output rules (broadcast to the left
/// shape, same_kind casting, read-only), read overlapping operands as they were, and leave deferred expressions
/// built earlier with the old values.
/// </summary>
[NonParallelizable] // one test lowers the process-wide deferral threshold
public sealed class CompoundAssignmentTests
{
    [Test]
    public void EveryLength0To256GivesTheBinaryOperatorsBitsInPlace()
    {
        var rng = new Random(5);
        for (int n = 0; n <= 256; n++)
        {
            var x = Enumerable.Range(0, n).Select(_ => rng.Next(12) == 0 ? double.NaN : (rng.NextDouble() - 0.5) * 8).ToArray();
            var y = Enumerable.Range(0, n).Select(_ => (rng.NextDouble() - 0.5) * 8).ToArray();
            var b = NdArray.FromArray(y, n);
            Same(x, b, (p, q) => p + q, (p, q) => p += q, n, "+=");
            Same(x, b, (p, q) => p - q, (p, q) => p -= q, n, "-=");
            Same(x, b, (p, q) => p * q, (p, q) => p *= q, n, "*=");
            Same(x, b, (p, q) => p / q, (p, q) => p /= q, n, "/=");
            Same(x, b, (p, q) => p % q, (p, q) => p %= q, n, "%=");

            var xf = x.Select(v => (float)v).ToArray();
            var a32 = NdArray.FromArray(xf, n);
            var before = a32;
            a32 *= 0.3f;
            Assert.That(a32, Is.SameAs(before));
            Assert.That(a32.ArrayEquals(NdArray.FromArray(xf, n) * 0.3f, equalNan: true), $"float32 *= n={n}");

            var xi = Enumerable.Range(0, n).Select(_ => rng.Next(int.MinValue, int.MaxValue)).ToArray();
            var yi = Enumerable.Range(0, n).Select(_ => rng.Next(1, 1000) * (rng.Next(2) == 0 ? -1 : 1)).ToArray();
            var ai = NdArray.FromArray(xi, n);
            var bi = NdArray.FromArray(yi, n);
            ai += bi;
            ai *= 3;
            ai %= bi;
            ai ^= 0x55;
            var expected = xi.Select((v, i) => PyMod(unchecked((v + yi[i]) * 3), yi[i]) ^ 0x55).ToArray();
            Assert.That(ai.ToArray(), Is.EqualTo(expected), $"int32 n={n}");
        }
    }

    private static void Same(double[] x, NdArray<double> b, Func<NdArray<double>, NdArray<double>, NdArray<double>> op, Action<NdArray<double>, NdArray<double>> compound, int n, string name)
    {
        var a = NdArray.FromArray(x, n);
        var expected = op(NdArray.FromArray(x, n), b);
        var view = a[":"];
        compound(view, b);
        Assert.That(a.ArrayEquals(expected, equalNan: true), $"{name} n={n}");
    }

    private static int PyMod(int v, int m)
    {
        int r = v % m;
        return r != 0 && (r < 0) != (m < 0) ? r + m : r;
    }

    [Test]
    public void ViewsWriteIntoTheirParentAndTheVariableIsNotRebound()
    {
        // NumPy: m = np.arange(12).reshape(3, 4); r = m[1]; r += 10; m[::2, 1::2] *= -1
        var m = NdArray.Arange<int>(12).Reshape(3, 4);
        var r = m["1"];
        var before = r;
        r += 10;
        Assert.That(r, Is.SameAs(before));
        var corners = m["::2, 1::2"];
        corners *= -1;
        Assert.That(m.ToArray(), Is.EqualTo(new[] { 0, -1, 2, -3, 14, 15, 16, 17, 8, -9, 10, -11 }));

        // A transposed, reversed view of float data.
        var f = NdArray.Arange<double>(6).Reshape(2, 3);
        var t = f.T["::-1"];
        t -= NdArray.FromArray(new[] { 100.0, 200.0 }, 2);
        Assert.That(f.ToArray(), Is.EqualTo(new[] { -100.0, -99, -98, -197, -196, -195 }));
    }

    [Test]
    public void TheRightOperandBroadcastsToTheLeftShapeOnly()
    {
        var m = NdArray.Zeros<double>(2, 3);
        m += NdArray.FromArray(new[] { 1.0, 2, 3 }, 3);
        m *= NdArray.FromArray(new[] { 10.0, -1 }, 2, 1);
        Assert.That(m.ToArray(), Is.EqualTo(new[] { 10.0, 20, 30, -1, -2, -3 }));

        var row = NdArray.Zeros<double>(3);
        Assert.That(() => row += m, Throws.ArgumentException.With.Message.StartsWith("non-broadcastable output operand with shape (3,) doesn't match the broadcast shape (2,3)"));
        Assert.That(row.ToArray(), Is.EqualTo(new double[3]), "nothing written");
        Assert.That(() => m += NdArray.Zeros<double>(4), Throws.ArgumentException.With.Message.StartsWith("operands could not be broadcast together with shapes (2,3) (4,)"));
    }

    [Test]
    public void OutputRulesAreNumPys()
    {
        // Integer true division gives float64, which does not cast back (NumPy: UFuncTypeError).
        var i = NdArray.Arange<int>(4);
        Assert.That(() => i /= 2, Throws.ArgumentException.With.Message.StartsWith("Cannot cast ufunc 'divide' output from dtype('float64') to dtype('int32') with casting rule 'same_kind'"));
        Assert.That(() => i /= NdArray.Arange<int>(4), Throws.ArgumentException.With.Message.StartsWith("Cannot cast ufunc 'divide' output from dtype('float64') to dtype('int32')").And.Message.Contains("NdArray.FloorDivide(a, b, @out: a)"));
        var flags = NdArray.FromArray(new[] { true, false }, 2);
        Assert.That(() => flags /= true, Throws.ArgumentException.With.Message.StartsWith("Cannot cast ufunc 'divide' output from dtype('float64') to dtype('bool')"));
        Assert.That(i.ToArray(), Is.EqualTo(new[] { 0, 1, 2, 3 }));

        // Integers wrap.
        var s = NdArray.FromArray(new sbyte[] { 127, -128 }, 2);
        s += 1;
        Assert.That(s.ToArray(), Is.EqualTo(new sbyte[] { -128, -127 }));

        // Bools: + is or, * is and, - is NumPy's error.
        var t = NdArray.FromArray(new[] { true, false, false }, 3);
        t += NdArray.FromArray(new[] { false, true, false }, 3);
        Assert.That(t.ToArray(), Is.EqualTo(new[] { true, true, false }));
        t *= NdArray.FromArray(new[] { true, false, true }, 3);
        Assert.That(t.ToArray(), Is.EqualTo(new[] { true, false, false }));
        t ^= true;
        Assert.That(t.ToArray(), Is.EqualTo(new[] { false, true, true }));
        Assert.That(() => t -= true, Throws.ArgumentException.With.Message.StartsWith("numpy boolean subtract"));

        // Bitwise operators need integers or bools.
        var d = NdArray.Zeros<double>(2);
        Assert.That(() => d &= 1.0, Throws.ArgumentException);

        // A broadcast view is read-only.
        var b = ChunkCompute.Kernels.Broadcasting.BroadcastTo(NdArray.Arange<double>(3), 2, 3);
        Assert.That(() => b += 1.0, Throws.InvalidOperationException.With.Message.EqualTo("output array is read-only"));
    }

    [Test]
    public void OverlappingOperandsAreReadAsTheyWere()
    {
        // NumPy: a = np.arange(8.); a[1:] += a[:-1] -> [0, 1, 3, 5, 7, 9, 11, 13]; and the other direction.
        var a = NdArray.Arange<double>(8);
        var tail = a["1:"];
        tail += a[":-1"];
        Assert.That(a.ToArray(), Is.EqualTo(new[] { 0.0, 1, 3, 5, 7, 9, 11, 13 }));

        var c = NdArray.Arange<long>(8);
        var head = c[":-1"];
        head -= c["1:"];
        Assert.That(c.ToArray(), Is.EqualTo(new long[] { -1, -1, -1, -1, -1, -1, -1, 7 }));

        var r = NdArray.Arange<double>(6);
        r *= r["::-1"];
        Assert.That(r.ToArray(), Is.EqualTo(new[] { 0.0, 4, 6, 6, 4, 0 }));
    }

    [Test]
    public void DeferredExpressionsKeepTheOldValuesAndDeferredResultsCanBeUpdated()
    {
        using var deferral = Deferral.From(1);
        var x = NdArray.Arange<double>(100);
        var d = x * 2.0;
        Assert.That(d.IsDeferred);
        x += 1.0;
        Assert.That(d.ToArray(), Is.EqualTo(Enumerable.Range(0, 100).Select(v => v * 2.0).ToArray()), "built before the update");
        Assert.That(x.ToArray(), Is.EqualTo(Enumerable.Range(1, 100).Select(v => (double)v).ToArray()));

        var e = x * 3.0;
        Assert.That(e.IsDeferred);
        e -= x;
        Assert.That(e.ToArray(), Is.EqualTo(Enumerable.Range(1, 100).Select(v => v * 2.0).ToArray()));
    }
}
