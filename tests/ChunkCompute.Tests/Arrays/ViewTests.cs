using ChunkCompute;
using ChunkCompute.Tests.TestSupport;

namespace ChunkCompute.Tests.Arrays;

public class ViewTests
{
    [Test]
    public void SeededSliceSweepMatchesNumPy()
    {
        var cases = Fixtures.Json("arrays", "slices.json");
        int n = 0;
        foreach (var c in cases.EnumerateArray())
        {
            long[] shape = c.GetProperty("shape").EnumerateArray().Select(x => x.GetInt64()).ToArray();
            string pre = c.GetProperty("pre").GetString()!;
            string index = c.GetProperty("index").GetString()!;
            var baseArray = NdArray.Arange<long>(new Shape(shape).Size).Reshape(shape);
            var src = pre switch
            {
                "T" => baseArray.T,
                "s" => baseArray.Slice(Enumerable.Range(0, shape.Length).Select(k => k % 2 == 0 ? Slice.Range(null, null, -1) : Slice.All).ToArray()),
                _ => baseArray,
            };
            string what = $"shape {Shape.Format(shape)} pre '{pre}' index [{index}]";
            var v = src[index];
            Assert.That(v.Shape.ToArray(), Is.EqualTo(c.GetProperty("result_shape").EnumerateArray().Select(x => x.GetInt64()).ToArray()), what);
            Assert.That(v.ToArray(), Is.EqualTo(c.GetProperty("values").EnumerateArray().Select(x => x.GetInt64()).ToArray()), what);
            Assert.That(v.IsCContiguous, Is.EqualTo(c.GetProperty("c").GetBoolean()), what + " C-contiguous");
            Assert.That(v.IsFContiguous, Is.EqualTo(c.GetProperty("f").GetBoolean()), what + " F-contiguous");
            if (v.Size > 0)
            {
                long[] npStrides = c.GetProperty("strides").EnumerateArray().Select(x => x.GetInt64()).ToArray();
                for (int d = 0; d < v.NDim; d++)
                {
                    if (v.Shape[d] > 1)
                    {
                        Assert.That(v.Strides[d], Is.EqualTo(npStrides[d]), $"{what} stride of axis {d}");
                    }
                }
            }

            n++;
        }

        Assert.That(n, Is.GreaterThan(500));
    }

    [Test]
    public void RangeSyntaxAndSliceObjects()
    {
        var a = NdArray.Arange<int>(10);
        Assert.That(a[1..^1].ToArray(), Is.EqualTo(new[] { 1, 2, 3, 4, 5, 6, 7, 8 }));
        Assert.That(a[^3..].ToArray(), Is.EqualTo(new[] { 7, 8, 9 }));
        Assert.That(a[..2].ToArray(), Is.EqualTo(new[] { 0, 1 }));
        Assert.That(a[^0..].Size, Is.EqualTo(0));
        Assert.That(a[Slice.Range(null, null, -3)].ToArray(), Is.EqualTo(new[] { 9, 6, 3, 0 }));
        Assert.That(a[Slice.Range(-2, null, -1)].ToArray(), Is.EqualTo(new[] { 8, 7, 6, 5, 4, 3, 2, 1, 0 }));
        Assert.That(a[Slice.Range(100, -100, -1)].Size, Is.EqualTo(10));
        Assert.That(a[Slice.Range(long.MinValue, long.MaxValue, long.MaxValue)].ToArray(), Is.EqualTo(new[] { 0 }));
        Assert.That(a[Slice.Range(long.MaxValue, long.MinValue, long.MinValue)].ToArray(), Is.EqualTo(new[] { 9 }));
        var m = NdArray.Arange<int>(12).Reshape(3, 4);
        Assert.That(m[1..^1, ..].ToArray(), Is.EqualTo(new[] { 4, 5, 6, 7 }));
        Assert.That(m[Slice.NewAxis, 1].Shape.ToString(), Is.EqualTo("(1, 4)"));
        Assert.That(m[Slice.Ellipsis, 2].ToArray(), Is.EqualTo(new[] { 2, 6, 10 }));
        Assert.That(m["..., None"].Shape.ToString(), Is.EqualTo("(3, 4, 1)"));
        Assert.That(m["-1"].ToArray(), Is.EqualTo(new[] { 8, 9, 10, 11 }));
        Assert.That(m["1,"].ToArray(), Is.EqualTo(new[] { 4, 5, 6, 7 }));
        Assert.That(m[" 0 : 2 , -1 "].ToArray(), Is.EqualTo(new[] { 3, 7 }));
        Assert.That(m[1, 2], Is.EqualTo(6));
        Assert.That(m[-1, -4], Is.EqualTo(8));
        Assert.Throws<ArgumentException>(() => Slice.Range(0, 1, 0));
        Assert.Throws<FormatException>(() => _ = m["1:2:0"]);
        Assert.Throws<FormatException>(() => _ = m["x"]);
        Assert.That(Assert.Throws<ArgumentException>(() => _ = m["..., 1, ..."])!.Message, Does.Contain("single ellipsis"));
        Assert.That(Assert.Throws<ArgumentException>(() => _ = m["1, 2, 3"])!.Message, Does.Contain("too many indices for array: array is 2-dimensional, but 3 were indexed"));
    }

    [Test]
    public void ElementAccessErrorsNameIndexAxisAndSize()
    {
        var m = NdArray.Arange<int>(12).Reshape(3, 4);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => _ = m[1, 4]);
        Assert.That(ex!.Message, Does.Contain("index 4 is out of bounds for axis 1 with size 4"));
        ex = Assert.Throws<ArgumentOutOfRangeException>(() => _ = m[-4, 0]);
        Assert.That(ex!.Message, Does.Contain("index -4 is out of bounds for axis 0 with size 3"));
        ex = Assert.Throws<ArgumentOutOfRangeException>(() => _ = m["5"]);
        Assert.That(ex!.Message, Does.Contain("index 5 is out of bounds for axis 0 with size 3"));
        var argEx = Assert.Throws<ArgumentException>(() => _ = m[1]);
        Assert.That(argEx!.Message, Does.Contain("1 indices given for an array of dimension 2 (shape (3, 4))"));
        m[-1, -1] = 99;
        Assert.That(m[2, 3], Is.EqualTo(99));
    }

    [Test]
    public void ReshapeMatchesNumPyViewVersusCopy()
    {
        var bases = new Dictionary<string, Func<NdArray<long>>>
        {
            ["arange24"] = () => NdArray.Arange<long>(24).Reshape(2, 3, 4),
            ["T"] = () => NdArray.Arange<long>(24).Reshape(2, 3, 4).T,
            ["sliced_step"] = () => NdArray.Arange<long>(48).Reshape(4, 3, 4)["::2"],
            ["sliced_inner"] = () => NdArray.Arange<long>(24).Reshape(2, 3, 4)[":, :, 1:3"],
            ["sliced_last"] = () => NdArray.Arange<long>(24).Reshape(4, 6)[":, ::2"],
            ["swap"] = () => NdArray.Arange<long>(24).Reshape(2, 3, 4).SwapAxes(0, 1),
            ["rev"] = () => NdArray.Arange<long>(24).Reshape(2, 3, 4)["::-1"],
            ["ones"] = () => NdArray.Arange<long>(6).Reshape(1, 6, 1)[":, ::2"],
        };
        int n = 0;
        foreach (var c in Fixtures.Json("arrays", "reshapes.json").EnumerateArray())
        {
            var b = bases[c.GetProperty("base").GetString()!]();
            var targetJson = c.GetProperty("target");
            bool ravel = targetJson[0].ValueKind == System.Text.Json.JsonValueKind.String;
            long[] target = ravel ? [] : targetJson.EnumerateArray().Select(x => x.GetInt64()).ToArray();
            string what = $"{c.GetProperty("base").GetString()} {b.Shape} -> {(ravel ? "ravel" : Shape.Format(target))}";
            var r = ravel ? b.Ravel() : b.Reshape(target);
            Assert.That(r.Shape.ToArray(), Is.EqualTo(c.GetProperty("result_shape").EnumerateArray().Select(x => x.GetInt64()).ToArray()), what);
            Assert.That(r.ToArray(), Is.EqualTo(c.GetProperty("values").EnumerateArray().Select(x => x.GetInt64()).ToArray()), what);
            bool isView = ReferenceEquals(r.Storage, b.Storage);
            Assert.That(isView, Is.EqualTo(c.GetProperty("view").GetBoolean()), what + " view");
            Assert.That(r.OwnsStorage, Is.EqualTo(!isView), what + " owns");
            if (isView && c.GetProperty("strides").ValueKind == System.Text.Json.JsonValueKind.Array)
            {
                long[] st = c.GetProperty("strides").EnumerateArray().Select(x => x.GetInt64()).ToArray();
                for (int d = 0; d < r.NDim; d++)
                {
                    if (r.Shape[d] > 1)
                    {
                        Assert.That(r.Strides[d], Is.EqualTo(st[d]), $"{what} stride {d}");
                    }
                }
            }

            n++;
        }

        Assert.That(n, Is.GreaterThan(40));
    }

    [Test]
    public void ReshapeErrors()
    {
        var a = NdArray.Arange<double>(12);
        Assert.That(Assert.Throws<ArgumentException>(() => a.Reshape(5, -1))!.Message, Does.Contain("cannot reshape array of size 12 into shape (5, -1)"));
        Assert.That(Assert.Throws<ArgumentException>(() => a.Reshape(5, 2))!.Message, Does.Contain("cannot reshape array of size 12 into shape (5, 2)"));
        Assert.That(Assert.Throws<ArgumentException>(() => a.Reshape(-1, -1))!.Message, Does.Contain("can only specify one unknown dimension"));
        Assert.That(Assert.Throws<ArgumentException>(() => a.Reshape(-2, 6))!.Message, Does.Contain("negative dimensions"));
        Assert.That(Assert.Throws<ArgumentException>(() => NdArray.Zeros<double>(0, 4).Reshape(-1, 2, 0))!.Message, Does.Contain("cannot reshape array of size 0 into shape (-1, 2, 0)"));
        Assert.Throws<ArgumentException>(() => NdArray.Zeros<double>(0, 4).Reshape(2, -1, 0));
        Assert.That(NdArray.Zeros<double>(0, 4).Reshape(-1, 2).Shape.ToString(), Is.EqualTo("(0, 2)"));
        Assert.That(a.Reshape(3, -1).Shape.ToString(), Is.EqualTo("(3, 4)"));
        Assert.Throws<ArgumentException>(() => a.Reshape());
        Assert.That(NdArray.Scalar(1.0).Reshape(1, 1, -1).Shape.ToString(), Is.EqualTo("(1, 1, 1)"));
    }

    [Test]
    public void TransposeSwapAxesSqueezeExpandDims()
    {
        var a = NdArray.Arange<int>(24).Reshape(2, 3, 4);
        var t = a.Transpose(1, -1, 0);
        Assert.That(t.Shape.ToString(), Is.EqualTo("(3, 4, 2)"));
        Assert.That(t[2, 1, 1], Is.EqualTo(a[1, 2, 1]));
        Assert.That(a.T.Shape.ToString(), Is.EqualTo("(4, 3, 2)"));
        Assert.That(a.T.IsFContiguous && !a.T.IsCContiguous);
        Assert.That(a.SwapAxes(0, -1).Shape.ToString(), Is.EqualTo("(4, 3, 2)"));
        Assert.That(Assert.Throws<ArgumentException>(() => a.Transpose(0, 0, 1))!.Message, Does.Contain("repeated axis"));
        Assert.That(Assert.Throws<ArgumentException>(() => a.Transpose(0, 1))!.Message, Does.Contain("axes don't match array"));
        Assert.Throws<AxisOutOfRangeException>(() => a.Transpose(0, 1, 3));
        var s = NdArray.Zeros<double>(1, 3, 1, 2);
        Assert.That(s.Squeeze().Shape.ToString(), Is.EqualTo("(3, 2)"));
        Assert.That(s.Squeeze(2).Shape.ToString(), Is.EqualTo("(1, 3, 2)"));
        Assert.That(s.Squeeze(-4).Shape.ToString(), Is.EqualTo("(3, 1, 2)"));
        Assert.That(Assert.Throws<ArgumentException>(() => s.Squeeze(1))!.Message, Does.Contain("cannot select an axis to squeeze out which has size not equal to one"));
        Assert.That(a.ExpandDims(0).Shape.ToString(), Is.EqualTo("(1, 2, 3, 4)"));
        Assert.That(a.ExpandDims(-1).Shape.ToString(), Is.EqualTo("(2, 3, 4, 1)"));
        Assert.That(a.ExpandDims(2).Shape.ToString(), Is.EqualTo("(2, 3, 1, 4)"));
        Assert.That(a.ExpandDims(2).IsCContiguous);
        Assert.Throws<AxisOutOfRangeException>(() => a.ExpandDims(5));
        var e = a.ExpandDims(1);
        e[1, 0, 2, 3] = -5;
        Assert.That(a[1, 2, 3], Is.EqualTo(-5));
    }

    [Test]
    public void RavelFlattenCopyAsContiguous()
    {
        var a = NdArray.Arange<int>(12).Reshape(3, 4);
        var r = a.Ravel();
        Assert.That(r.Storage, Is.SameAs(a.Storage));
        var f = a.Flatten();
        Assert.That(f.Storage, Is.Not.SameAs(a.Storage));
        Assert.That(f.OwnsStorage);
        var t = a.T;
        Assert.That(t.Ravel().ToArray(), Is.EqualTo(new[] { 0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11 }));
        Assert.That(t.Ravel().Storage, Is.Not.SameAs(a.Storage));
        Assert.That(t.AsContiguous().IsCContiguous);
        Assert.That(a.AsContiguous(), Is.SameAs(a));
        var c = t.Copy();
        Assert.That(c.IsCContiguous && c.OwnsStorage);
        c[0, 0] = 42;
        Assert.That(a[0, 0], Is.EqualTo(0));
    }

    [Test]
    public void FlagsFollowNumPyForEmptyAndLengthOneAxes()
    {
        Assert.That(NdArray.Zeros<double>(0, 3)[":, ::2"].IsCContiguous, Is.True);
        Assert.That(NdArray.Zeros<double>(0, 3)[":, ::2"].IsFContiguous, Is.True);
        var one = NdArray.Zeros<double>(3, 1)[":, ::5"];
        Assert.That(one.IsCContiguous && one.IsFContiguous, Is.True); // numpy: a length-1 axis's stride is ignored
        Assert.That(NdArray.Zeros<double>(3, 1).IsCContiguous, Is.True);
        Assert.That(NdArray.Zeros<double>(3, 1).IsFContiguous, Is.True);
        Assert.That(NdArray.Zeros<double>(1, 1).IsFContiguous, Is.True);
        Assert.That(NdArray.Scalar(1.0).IsCContiguous && NdArray.Scalar(1.0).IsFContiguous);
        Assert.That(NdArray.Arange<double>(10)["::2"].IsCContiguous, Is.False);
        Assert.That(NdArray.Arange<double>(10)["3:4"].IsCContiguous, Is.True);
        Assert.That(NdArray.Arange<double>(10)["::-1"].IsCContiguous, Is.False);
        Assert.That(NdArray.Arange<double>(10).IsWriteable, Is.True);
    }

    [Test]
    public void SpansNeedContiguousArrays()
    {
        var a = NdArray.Arange<double>(12).Reshape(3, 4);
        Assert.That(a.AsSpan().Length, Is.EqualTo(12));
        Assert.That(a.TryGetSpan(out var s) && s.Length == 12);
        Assert.That(a["1:"].AsReadOnlySpan()[0], Is.EqualTo(4.0));
        Assert.That(a[":, 1"].TryGetReadOnlySpan(out _), Is.False);
        var ex = Assert.Throws<InvalidOperationException>(() => a.T.AsSpan());
        Assert.That(ex!.Message, Does.Contain("C-contiguous").And.Contain("(4, 3)"));
        Assert.That(a.AsMemory().Length, Is.EqualTo(12));
        Assert.Throws<InvalidOperationException>(() => a.T.AsMemory());
        Assert.That(NdArray.Zeros<double>(0).AsSpan().Length, Is.EqualTo(0));
    }

    [Test]
    public void CopyToHandlesOverlapAndShapes()
    {
        var a = NdArray.Arange<int>(10);
        a[":-1"].CopyTo(a["1:"]); // numpy: a[1:] = a[:-1]
        Assert.That(a.ToArray(), Is.EqualTo(new[] { 0, 0, 1, 2, 3, 4, 5, 6, 7, 8 }));
        var b = NdArray.Arange<int>(10);
        b["::-1"].CopyTo(b);
        Assert.That(b.ToArray(), Is.EqualTo(new[] { 9, 8, 7, 6, 5, 4, 3, 2, 1, 0 }));
        var c = NdArray.Arange<int>(10);
        c["::2"].CopyTo(c["1::2"]); // disjoint but interleaved
        Assert.That(c.ToArray(), Is.EqualTo(new[] { 0, 0, 2, 2, 4, 4, 6, 6, 8, 8 }));
        var ex = Assert.Throws<ArgumentException>(() => a.CopyTo(NdArray.Zeros<int>(9)));
        Assert.That(ex!.Message, Does.Contain("could not copy array of shape (10,) into destination of shape (9,)"));
    }

    [Test]
    public void LargeFillAndCopyAreParallelAndCorrect()
    {
        using var a = NdArray.Arange<double>(999_919);
        using var b = NdArray.Zeros<double>(999_919);
        using (Execution.ExecutionSettings.Use(new Execution.ExecutionSettings(4) { MinimumElementsPerTask = 10_000 }))
        {
            a.CopyTo(b);
            NdAssert.AreEqual(a, b);
            var strided = b.Reshape(1009, 991)[":, ::-3"];
            strided.Fill(-1);
            Assert.That(b.Reshape(1009, 991)[":, 990"].ToArray(), Is.All.EqualTo(-1.0));
            Assert.That(b.Reshape(1009, 991)[":, 989"].ToArray(), Is.EqualTo(a.Reshape(1009, 991)[":, 989"].ToArray()));
        }
    }
}

public class ReadOnlyArrayTests
{
    [Test]
    public void ReadOnlyArraysAndTheirViewsRefuseWrites()
    {
        var data = new double[] { 1, 2, 3, 4, 5, 6 };
        var a = new NdArray<double>(new ChunkCompute.Storage.ManagedStorage<double>(data), [2, 3], [3, 1], 0, ownsStorage: false, writeable: false);
        Assert.That(a.IsWriteable, Is.False);
        var views = new[] { a.T, a["::-1"], a.Reshape(6), a.ArraySplit(2)[0], a.ExpandDims(0), a.Ravel() };
        Assert.That(views.All(v => !v.IsWriteable));
        var ex = Assert.Throws<InvalidOperationException>(() => a.Fill(0));
        Assert.That(ex!.Message, Does.Contain("assignment destination is read-only"));
        Assert.Throws<InvalidOperationException>(() => a[0, 0] = 1);
        Assert.Throws<InvalidOperationException>(() => a.AsSpan());
        Assert.Throws<InvalidOperationException>(() => a.T.Copy().CopyTo(a.T));
        Assert.That(a.TryGetSpan(out _), Is.False);
        Assert.That(a.TryGetReadOnlySpan(out var ro) && ro.Length == 6);
        Assert.That(a.AsReadOnlySpan()[5], Is.EqualTo(6.0));
        Assert.Throws<InvalidOperationException>(() => a.AsMemory());
        Assert.That(a.AsReadOnlyMemory().Span[5], Is.EqualTo(6.0));

        // Copies and conversions are writeable again.
        Assert.That(a.Copy().IsWriteable && a.AsType<float>().IsWriteable && a.Flatten().IsWriteable);
        Assert.That(data, Is.EqualTo(new double[] { 1, 2, 3, 4, 5, 6 }));
    }
}
