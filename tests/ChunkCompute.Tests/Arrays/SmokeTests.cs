using ChunkCompute;

namespace ChunkCompute.Tests.Arrays;

public class SmokeTests
{
    [Test]
    public void ArangeReshapeSliceSplit()
    {
        var a = NdArray.Arange<double>(12).Reshape(3, 4);
        Assert.That(a.Shape.ToString(), Is.EqualTo("(3, 4)"));
        Assert.That(a[1, 2], Is.EqualTo(6.0));
        var t = a.T;
        Assert.That(t.Shape.ToString(), Is.EqualTo("(4, 3)"));
        Assert.That(t.IsFContiguous, Is.True);
        Assert.That(t[2, 1], Is.EqualTo(6.0));
        var r = a["::-1, 1:3"];
        Assert.That(r.ToArray(), Is.EqualTo(new double[] { 9, 10, 5, 6, 1, 2 }));
        var chunks = NdArray.Arange<double>(10).ArraySplit(3);
        Assert.That(chunks.Select(c => c.Size), Is.EqualTo(new long[] { 4, 3, 3 }));
        Assert.That(chunks[2].Chunk!.Value.Offset, Is.EqualTo(7));
        Assert.That(a.ToString(), Is.EqualTo("array([[ 0.,  1.,  2.,  3.],\n       [ 4.,  5.,  6.,  7.],\n       [ 8.,  9., 10., 11.]])"));
        Assert.That(t.Reshape(12).ToArray()[1], Is.EqualTo(4.0));
    }
}
