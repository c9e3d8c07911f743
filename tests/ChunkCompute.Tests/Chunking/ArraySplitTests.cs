using ChunkCompute;
using ChunkCompute.Tests.TestSupport;

namespace ChunkCompute.Tests.Chunking;

public class ArraySplitTests
{
    // numpy/lib/tests/test_shape_base.py TestArraySplit.test_integer_split: arange(10) into 1..11 parts.
    private static readonly long[][][] NumPyIntegerSplit =
    [
        [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]],
        [[0, 1, 2, 3, 4], [5, 6, 7, 8, 9]],
        [[0, 1, 2, 3], [4, 5, 6], [7, 8, 9]],
        [[0, 1, 2], [3, 4, 5], [6, 7], [8, 9]],
        [[0, 1], [2, 3], [4, 5], [6, 7], [8, 9]],
        [[0, 1], [2, 3], [4, 5], [6, 7], [8], [9]],
        [[0, 1], [2, 3], [4, 5], [6], [7], [8], [9]],
        [[0, 1], [2, 3], [4], [5], [6], [7], [8], [9]],
        [[0, 1], [2], [3], [4], [5], [6], [7], [8], [9]],
        [[0], [1], [2], [3], [4], [5], [6], [7], [8], [9]],
        [[0], [1], [2], [3], [4], [5], [6], [7], [8], [9], []],
    ];

    [Test]
    public void NumPyTestShapeBaseIntegerSplit()
    {
        var a = NdArray.Arange<long>(10);
        for (int n = 1; n <= 11; n++)
        {
            var chunks = a.ArraySplit(n);
            Assert.That(chunks.Select(c => c.ToArray()), Is.EqualTo(NumPyIntegerSplit[n - 1]), $"{n} sections");
            Assert.That(chunks.All(c => c.NDim == 1));
        }
    }

    [Test]
    public void EveryLengthAndSectionCountGivesViewsWithChunkInfo()
    {
        for (int length = 0; length <= 40; length++)
        {
            var a = NdArray.Arange<int>(length);
            for (int sections = 1; sections <= 45; sections++)
            {
                var chunks = a.ArraySplit(sections);
                Assert.That(chunks, Has.Length.EqualTo(sections));
                long offset = 0;
                for (int k = 0; k < sections; k++)
                {
                    var info = chunks[k].Chunk!.Value;
                    long expected = (length / sections) + (k < length % sections ? 1 : 0);
                    if (info.Index != k || info.Count != sections || info.Axis != 0 || info.Offset != offset || info.Length != expected || chunks[k].Size != expected)
                    {
                        Assert.Fail($"length {length}, sections {sections}, chunk {k}: {info}, size {chunks[k].Size}");
                    }

                    if (expected > 0 && chunks[k][0] != offset)
                    {
                        Assert.Fail($"length {length}, sections {sections}, chunk {k} starts with {chunks[k][0]}");
                    }

                    offset += expected;
                }
            }
        }
    }

    [Test]
    public void TwoDimensionalAlongAxis0GivesContiguousSpanBackedChunks()
    {
        var a = NdArray.Arange<double>(30).Reshape(10, 3);
        var chunks = a.ArraySplit(4);
        Assert.That(chunks.Select(c => c.Shape.ToString()), Is.EqualTo(new[] { "(3, 3)", "(3, 3)", "(2, 3)", "(2, 3)" }));
        foreach (var c in chunks)
        {
            Assert.That(c.IsCContiguous, Is.True);
            Assert.That(c.IsFContiguous, Is.False);
            Assert.That(c.TryGetSpan(out var span), Is.True);
            Assert.That(span.Length, Is.EqualTo(c.Size));
        }

        Assert.That(chunks[2].AsReadOnlySpan().ToArray(), Is.EqualTo(new double[] { 18, 19, 20, 21, 22, 23 }));
    }

    [TestCase(1)]
    [TestCase(-1)]
    public void TwoDimensionalAlongLastAxisGivesStridedViews(int axis)
    {
        var a = NdArray.Arange<double>(12).Reshape(3, 4);
        var chunks = a.ArraySplit(3, axis);

        // NumPy: [a[:, 0:2], a[:, 2:3], a[:, 3:4]]; shapes (3, 2), (3, 1), (3, 1); flags as numpy gives them.
        Assert.That(chunks.Select(c => c.Shape.ToString()), Is.EqualTo(new[] { "(3, 2)", "(3, 1)", "(3, 1)" }));
        Assert.That(chunks.Select(c => c.IsCContiguous), Is.EqualTo(new[] { false, false, false }));
        Assert.That(chunks.Select(c => c.IsFContiguous), Is.EqualTo(new[] { false, false, false }));
        Assert.That(chunks[0].TryGetSpan(out _), Is.False);
        Assert.That(chunks[0].ToArray(), Is.EqualTo(new double[] { 0, 1, 4, 5, 8, 9 }));
        Assert.That(chunks[2].ToArray(), Is.EqualTo(new double[] { 3, 7, 11 }));
        Assert.That(chunks[1].Chunk!.Value.Axis, Is.EqualTo(1));
        Assert.That(chunks[1].Chunk!.Value.Offset, Is.EqualTo(2));
        Assert.That(chunks[1].Strides.ToArray(), Is.EqualTo(new long[] { 4, 1 }));
        var ex = Assert.Throws<InvalidOperationException>(() => chunks[0].AsSpan());
        Assert.That(ex!.Message, Does.Contain("(3, 2)").And.Contain("(4, 1)"));
    }

    [Test]
    public void SplitAlongAxis1OfFortranArrayIsContiguous()
    {
        var a = NdArray.Arange<double>(12).Reshape(4, 3).T; // (3, 4), F-contiguous
        var chunks = a.ArraySplit(2, axis: 1);
        Assert.That(chunks.All(c => c.IsFContiguous && !c.IsCContiguous));
    }

    [Test]
    public void WritesThroughChunksAreVisibleInTheParent()
    {
        var a = NdArray.Zeros<int>(4, 6);
        var rows = a.ArraySplit(3);
        rows[1].Fill(7);
        var cols = a.ArraySplit(2, axis: 1);
        cols[1][0, 0] = 9;
        cols[0].AsType<double>(); // reading a strided chunk
        Assert.That(a.ToArray(), Is.EqualTo(new[]
        {
            0, 0, 0, 9, 0, 0,
            0, 0, 0, 0, 0, 0,
            7, 7, 7, 7, 7, 7,
            0, 0, 0, 0, 0, 0,
        }));
    }

    [Test]
    public void EmptyArraysSplitIntoEmptyChunks()
    {
        var a = NdArray.Zeros<double>(0, 3);
        var chunks = a.ArraySplit(3);
        Assert.That(chunks.Select(c => c.Shape.ToString()), Is.EqualTo(new[] { "(0, 3)", "(0, 3)", "(0, 3)" }));
        Assert.That(chunks.All(c => c.IsCContiguous && c.IsFContiguous));
        var cols = a.ArraySplit(2, axis: 1);
        Assert.That(cols.Select(c => c.Shape.ToString()), Is.EqualTo(new[] { "(0, 2)", "(0, 1)" }));
        var b = NdArray.Zeros<float>(5, 0);
        Assert.That(b.ArraySplit(7, axis: -1).Select(c => c.Shape.ToString()), Has.All.EqualTo("(5, 0)"));
    }

    [Test]
    public void ErrorsNameTheValues()
    {
        var a = NdArray.Arange<double>(12).Reshape(3, 4);
        var axisEx = Assert.Throws<AxisOutOfRangeException>(() => a.ArraySplit(2, axis: 2));
        Assert.That(axisEx!.Message, Does.Contain("axis 2 is out of bounds for array of dimension 2"));
        Assert.That(axisEx.Axis, Is.EqualTo(2));
        Assert.That(axisEx.NDim, Is.EqualTo(2));
        Assert.Throws<AxisOutOfRangeException>(() => a.ArraySplit(2, axis: -3));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => a.ArraySplit(0))!.Message, Does.Contain("number of sections must be larger than 0"));
        Assert.That(Assert.Throws<ArgumentException>(() => a.Split(2, axis: 0))!.Message, Does.StartWith("array split does not result in an equal division"));
        Assert.That(a.Split(2, axis: 1).Select(c => c.Shape.ToString()), Is.EqualTo(new[] { "(3, 2)", "(3, 2)" }));
        Assert.Throws<ArgumentException>(() => NdArray.Scalar(1.0).ArraySplit(2));
        var planEx = Assert.Throws<ArgumentException>(() => a.SplitBy(ChunkCompute.Chunking.ChunkPlan.ArraySplit(5, 2), 1));
        Assert.That(planEx!.Message, Does.Contain("length 5").And.Contain("(3, 4)"));
    }

    [Test]
    public void IndexListSplitsAlongAnAxis()
    {
        var a = NdArray.Arange<int>(20).Reshape(4, 5);
        var parts = a.ArraySplit([3, 1, 9], axis: 1);
        Assert.That(parts.Select(p => p.Shape.ToString()), Is.EqualTo(new[] { "(4, 3)", "(4, 0)", "(4, 4)", "(4, 0)" }));
        Assert.That(parts[2].ToArray(), Is.EqualTo(new[] { 1, 2, 3, 4, 6, 7, 8, 9, 11, 12, 13, 14, 16, 17, 18, 19 }));
        Assert.That(parts[2].Chunk!.Value.Offset, Is.EqualTo(1));
        var neg = a.ArraySplit([-1], axis: 0);
        Assert.That(neg.Select(p => p.Shape.ToString()), Is.EqualTo(new[] { "(3, 5)", "(1, 5)" }));
    }

    [Test]
    public void ChunksOfNativeArraysOutliveNothing()
    {
        // A chunk of a disposed native array throws instead of touching freed memory.
        var a = NdArray.Zeros<double>(300_000);
        var chunks = a.ArraySplit(4);
        a.Dispose();
        Assert.Throws<ObjectDisposedException>(() => _ = chunks[1][0]);
        Assert.Throws<ObjectDisposedException>(() => chunks[1].Fill(1));
        Assert.That(chunks[1].IsDisposed, Is.True);
    }
}
