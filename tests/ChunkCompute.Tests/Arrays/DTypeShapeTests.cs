using ChunkCompute;

namespace ChunkCompute.Tests.Arrays;

public class DTypeShapeTests
{
    [TestCase("float64", "float64")]
    [TestCase("<f8", "float64")]
    [TestCase(">f4", "float32")]
    [TestCase("|b1", "bool")]
    [TestCase("?", "bool")]
    [TestCase("d", "float64")]
    [TestCase("e", "float16")]
    [TestCase("B", "uint8")]
    [TestCase("b", "int8")]
    [TestCase("H", "uint16")]
    [TestCase("int", "int64")]
    [TestCase("intc", "int32")]
    [TestCase("uint", "uint64")]
    [TestCase("byte", "int8")]
    [TestCase("ubyte", "uint8")]
    [TestCase("float", "float64")]
    [TestCase("single", "float32")]
    [TestCase("UInt16", "uint16")]
    public void ParseFollowsNumPyDtypeNames(string text, string expected) =>
        Assert.That(DType.Parse(text).Name, Is.EqualTo(expected));

    [TestCase("")]
    [TestCase("complex128")]
    [TestCase("O")]
    [TestCase("<U8")]
    [TestCase("x")]
    public void UnknownNamesAreRejected(string text)
    {
        Assert.That(DType.TryParse(text, out _), Is.False);
        Assert.That(Assert.Throws<ArgumentException>(() => DType.Parse(text))!.Message, Does.Contain("float64"));
    }

    [Test]
    public void DescriptorsAndSizes()
    {
        Assert.That(DType.All.Select(d => d.Descr), Is.EqualTo(new[] { "<f8", "<f4", "<f2", "<i8", "<i4", "<i2", "|i1", "<u8", "<u4", "<u2", "|u1", "|b1" }));
        Assert.That(DType.All.Select(d => d.ItemSize), Is.EqualTo(new[] { 8, 4, 2, 8, 4, 2, 1, 8, 4, 2, 1, 1 }));
        Assert.That(DType.Of<Half>(), Is.SameAs(DType.Float16));
        Assert.That(DType.FromClrType(typeof(ushort)), Is.SameAs(DType.UInt16));
        Assert.Throws<NotSupportedException>(() => DType.Of<decimal>());
        Assert.Throws<NotSupportedException>(() => DType.FromClrType(typeof(string)));
        Assert.That(DType.All.Select(d => d.Code), Is.EqualTo(Enumerable.Range(0, 12)));
    }

    [Test]
    public void ShapeBehavesLikeATuple()
    {
        Assert.That(new Shape(3, 4).ToString(), Is.EqualTo("(3, 4)"));
        Assert.That(new Shape(5).ToString(), Is.EqualTo("(5,)"));
        Assert.That(Shape.Scalar.ToString(), Is.EqualTo("()"));
        Assert.That(Shape.Scalar.Size, Is.EqualTo(1));
        Assert.That(default(Shape).Size, Is.EqualTo(1));
        Assert.That(default(Shape).Rank, Is.EqualTo(0));
        Assert.That(new Shape(2, 0, 3).Size, Is.EqualTo(0));
        Assert.That(new Shape(2, 3)[-1], Is.EqualTo(3));
        Assert.That(Assert.Throws<AxisOutOfRangeException>(() => _ = new Shape(2, 3)[2])!.Message, Does.Contain("axis 2 is out of bounds for array of dimension 2"));
        Assert.Throws<AxisOutOfRangeException>(() => _ = default(Shape)[0]);
        Assert.That(new Shape(2, 3) == new Shape(2L, 3L));
        Assert.That(new Shape(2, 3).GetHashCode(), Is.EqualTo(new Shape(2L, 3L).GetHashCode()));
        Assert.That(new Shape(2, 3) != new Shape(3, 2));
        Assert.That(Assert.Throws<ArgumentException>(() => _ = new Shape(1L << 32, 1L << 32))!.Message, Does.Contain("array is too big"));
        Assert.That(Assert.Throws<ArgumentException>(() => _ = new Shape(2, -1))!.Message, Does.Contain("negative dimensions").And.Contain("axis 1"));
    }

    [Test]
    public void ScalarCastHelpersAndAllClose()
    {
        var a = NdArray.FromArray([1.0, double.NaN, double.PositiveInfinity, 1e-9]);
        var b = NdArray.FromArray([1.0 + 1e-9, double.NaN, double.PositiveInfinity, 0]);
        Assert.That(a.AllClose(b), Is.False);
        Assert.That(a.AllClose(b, equalNan: true), Is.True);
        Assert.That(a.ArrayEquals(a), Is.False); // NaN != NaN
        Assert.That(a.ArrayEquals(a, equalNan: true), Is.True);
        Assert.That(NdArray.FromArray([0.0]).ArrayEquals(NdArray.FromArray([-0.0])), Is.True);
        Assert.That(a.AllClose(NdArray.FromArray([1.0, double.NaN, double.NegativeInfinity, 0]), equalNan: true), Is.False);
        Assert.That(a.ArrayEquals(a.Reshape(2, 2)), Is.False);

        // Any layouts: a transposed copy equals the transposed view; one changed element is found.
        var m = NdArray.Arange<int>(60).Reshape(6, 10);
        var t = m.T.Copy();
        Assert.That(t.ArrayEquals(m.T), Is.True);
        Assert.That(m["::-1, 1::3"].ArrayEquals(m["::-1, 1::3"].Copy()), Is.True);
        t[9, 5] = -1;
        Assert.That(t.ArrayEquals(m.T), Is.False);
        var f = NdArray.Arange<float>(60).Reshape(6, 10);
        var g = f.Copy();
        g[0, 1] += 1e-4f;
        Assert.That(f.AllClose(g), Is.False);
        Assert.That(f.AllClose(g, rtol: 1e-5, atol: 1e-3), Is.True);
        Assert.That(NdArray.Zeros<double>(0, 3).ArrayEquals(NdArray.Zeros<double>(0, 3)), Is.True);
    }
}
