using ChunkCompute;
using ChunkCompute.Tests.TestSupport;

namespace ChunkCompute.Tests.Arrays;

public class CreationTests
{
    private static IEnumerable<TestCaseData> Cases() =>
        Fixtures.JsonStatic("arrays", "creation.json").EnumerateArray()
            .Select((e, i) => new TestCaseData(i).SetName($"Creation_{i:000}_{e.GetProperty("func").GetString()}_{e.GetProperty("dtype").GetString()}"));

    [TestCaseSource(nameof(Cases))]
    public void ArangeAndLinspaceMatchNumPyBits(int i)
    {
        var e = Fixtures.JsonStatic("arrays", "creation.json")[i];
        string func = e.GetProperty("func").GetString()!;
        var dtype = DType.Parse(e.GetProperty("dtype").GetString()!);
        double[] args = e.GetProperty("args").EnumerateArray().Select(x => x.GetDouble()).ToArray();
        byte[] expected = Fixtures.Hex(e.GetProperty("data").GetString()!);
        NdArray actual = dtype.Code switch
        {
            0 => Make<double>(func, args),
            1 => Make<float>(func, args),
            2 => Make<Half>(func, args),
            3 => Make<long>(func, args),
            4 => Make<int>(func, args),
            5 => Make<short>(func, args),
            6 => Make<sbyte>(func, args),
            7 => Make<ulong>(func, args),
            8 => Make<uint>(func, args),
            9 => Make<ushort>(func, args),
            10 => Make<byte>(func, args),
            _ => Make<bool>(func, args),
        };
        Assert.That(actual.Size, Is.EqualTo(e.GetProperty("count").GetInt64()), $"{func}({string.Join(", ", args)}, dtype={dtype})");
        Assert.That(Convert.ToHexString(Fixtures.ToBytes(actual)), Is.EqualTo(Convert.ToHexString(expected)), $"{func}({string.Join(", ", args)}, dtype={dtype})");
    }

    private static NdArray<T> Make<T>(string func, double[] a) where T : unmanaged =>
        func == "arange" ? NdArray.Arange<T>(a[0], a[1], a[2]) : NdArray.Linspace<T>(a[0], a[1], (long)a[2], a[3] != 0);

    [Test]
    public void LinspaceEndpointIsExactAndSmallCounts()
    {
        var a = NdArray.Linspace<double>(0.1, 0.7, 7);
        Assert.That(a[-1], Is.EqualTo(0.7));
        Assert.That(NdArray.Linspace<double>(2, 3, 0).Shape.ToString(), Is.EqualTo("(0,)"));
        Assert.That(NdArray.Linspace<double>(2, 3, 1).ToArray(), Is.EqualTo(new[] { 2.0 }));
        Assert.That(NdArray.Linspace<double>(2, 3, 1, endpoint: false).ToArray(), Is.EqualTo(new[] { 2.0 }));
        Assert.That(NdArray.Linspace<double>(0, 1, 4, endpoint: false).ToArray(), Is.EqualTo(new[] { 0, 0.25, 0.5, 0.75 }));
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => NdArray.Linspace<double>(0, 1, -1));
        Assert.That(ex!.Message, Does.Contain("Number of samples, -1, must be non-negative."));
    }

    [Test]
    public void ArangeErrors()
    {
        Assert.That(Assert.Throws<ArgumentException>(() => NdArray.Arange<double>(0, 1, 0))!.Message, Does.Contain("step=0"));
        Assert.Throws<ArgumentException>(() => NdArray.Arange<double>(double.NaN));
        Assert.That(Assert.Throws<ArgumentException>(() => NdArray.Arange<double>(0, 1e300, 1e-300))!.Message, Does.Contain("Maximum allowed size exceeded"));
        Assert.That(Assert.Throws<ArgumentException>(() => NdArray.Arange<bool>(3))!.Message, Does.Contain("at most length 2"));
        Assert.That(NdArray.Arange<bool>(2).ToArray(), Is.EqualTo(new[] { false, true }));
    }

    [Test]
    public void ZerosOnesFullEmpty()
    {
        Assert.That(NdArray.Zeros<double>(2, 3).ToArray(), Is.All.EqualTo(0.0));
        Assert.That(NdArray.Ones<int>(4).ToArray(), Is.All.EqualTo(1));
        Assert.That(NdArray.Ones<bool>(2).ToArray(), Is.All.True);
        Assert.That(NdArray.Ones<Half>(2).ToArray(), Is.All.EqualTo(Half.One));
        Assert.That(NdArray.Full([2, 2], (sbyte)-3).ToArray(), Is.All.EqualTo((sbyte)-3));
        var e = NdArray.Empty<float>(3, 0, 2);
        Assert.That(e.Size, Is.EqualTo(0));
        Assert.That(e.Shape.ToString(), Is.EqualTo("(3, 0, 2)"));
        var s = NdArray.Scalar(2.5);
        Assert.That(s.NDim, Is.EqualTo(0));
        Assert.That(s.Size, Is.EqualTo(1));
        Assert.That(s.ToScalar(), Is.EqualTo(2.5));
        Assert.That(s[Array.Empty<long>()], Is.EqualTo(2.5));
        Assert.That(NdArray.Zeros<double>().Shape.ToString(), Is.EqualTo("()"));
    }

    [TestCase(1L << 17)] // managed (1 MiB)
    [TestCase(3_000_001L)] // native, not a multiple of anything
    public void ZerosAreZeroEvenWhenTheBlockIsReused(long n)
    {
        for (int round = 0; round < 3; round++)
        {
            var dirty = NdArray.Full([n], 123.0);
            dirty.Dispose();
            using var z = NdArray.Zeros<double>(n);
            var span = z.AsReadOnlySpan();
            Assert.That(span.IndexOfAnyExcept(0.0), Is.EqualTo(-1), $"round {round}: a non-zero element");
        }
    }

    [Test]
    public void FromArrayCopiesAndWrapShares()
    {
        double[] data = [1, 2, 3, 4, 5, 6];
        var copy = NdArray.FromArray(data, 2, 3);
        var wrap = NdArray.Wrap(data, 3, 2);
        data[0] = 100;
        Assert.That(copy[0, 0], Is.EqualTo(1.0));
        Assert.That(wrap[0, 0], Is.EqualTo(100.0));
        wrap[2, 1] = -1;
        Assert.That(data[5], Is.EqualTo(-1.0));
        Assert.That(NdArray.FromArray(new int[] { 1, 2, 3 }).Shape.ToString(), Is.EqualTo("(3,)"));
        var ex = Assert.Throws<ArgumentException>(() => NdArray.FromArray(data, 4, 2));
        Assert.That(ex!.Message, Does.Contain("cannot reshape array of size 6 into shape (4, 2)"));
        var two = NdArray.FromArray(new[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        Assert.That(two.Shape.ToString(), Is.EqualTo("(2, 3)"));
        Assert.That(two[1, 0], Is.EqualTo(4));
    }

    [Test]
    public void ShapeArithmeticIsCheckedFor64Bits()
    {
        // More than 2^31 elements: the shape arithmetic works without allocating.
        var shape = new Shape(3, 1L << 31);
        Assert.That(shape.Size, Is.EqualTo(3L << 31));
        var ex = Assert.Throws<ArgumentException>(() => NdArray.Empty<double>(1L << 32, 1L << 32));
        Assert.That(ex!.Message, Does.Contain("array is too big").And.Contain("(4294967296, 4294967296)"));
        var bytes = Assert.Throws<ArgumentException>(() => NdArray.Empty<double>(1L << 61));
        Assert.That(bytes!.Message, Does.Contain("array is too big").And.Contain("bytes"));
        var neg = Assert.Throws<ArgumentException>(() => NdArray.Zeros<double>(3, -1));
        Assert.That(neg!.Message, Does.Contain("negative dimensions").And.Contain("(3, -1)"));
    }
}
