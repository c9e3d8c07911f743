using ChunkCompute;
using ChunkCompute.Tests.TestSupport;

namespace ChunkCompute.Tests.Arrays;

/// <summary><c>ToString()</c> against <c>repr()</c> strings made by NumPy 1.24 (Fixtures/arrays/reprs.json).</summary>
public class FormatTests
{
    private static IEnumerable<TestCaseData> Cases() =>
        Fixtures.JsonStatic("arrays", "reprs.json").EnumerateArray()
            .Select((e, i) => new TestCaseData(i).SetName($"Repr_{i:00}_{Sanitize(e.GetProperty("name").GetString()!)}"));

    [TestCaseSource(nameof(Cases))]
    public void MatchesNumPyRepr(int i)
    {
        var e = Fixtures.JsonStatic("arrays", "reprs.json")[i];
        var dtype = DType.Parse(e.GetProperty("dtype").GetString()!);
        long[] shape = e.GetProperty("shape").EnumerateArray().Select(x => x.GetInt64()).ToArray();
        var flat = Fixtures.FromBytes(dtype, Fixtures.Hex(e.GetProperty("data").GetString()!));
        string actual = Reshape(flat, shape).ToString()!;
        Assert.That(actual, Is.EqualTo(e.GetProperty("repr").GetString()), e.GetProperty("expr").GetString());
    }

    [Test]
    public void DisposedArraysSaySo()
    {
        var a = NdArray.Zeros<double>(200_000);
        a.Dispose();
        Assert.That(a.ToString(), Is.EqualTo("array(<disposed>, shape=(200000,), dtype=float64)"));
    }

    [Test]
    public void ViewsPrintTheirOwnElements()
    {
        var a = NdArray.Arange<long>(12).Reshape(3, 4);
        Assert.That(a["::-1, 1::2"].ToString(), Is.EqualTo("array([[ 9, 11],\n       [ 5,  7],\n       [ 1,  3]])"));
        Assert.That(a.T["0"].ToString(), Is.EqualTo("array([0, 4, 8])"));
    }

    private static NdArray Reshape(NdArray a, long[] shape) => a switch
    {
        NdArray<double> x => x.Reshape(shape),
        NdArray<float> x => x.Reshape(shape),
        NdArray<Half> x => x.Reshape(shape),
        NdArray<long> x => x.Reshape(shape),
        NdArray<int> x => x.Reshape(shape),
        NdArray<short> x => x.Reshape(shape),
        NdArray<sbyte> x => x.Reshape(shape),
        NdArray<ulong> x => x.Reshape(shape),
        NdArray<uint> x => x.Reshape(shape),
        NdArray<ushort> x => x.Reshape(shape),
        NdArray<byte> x => x.Reshape(shape),
        NdArray<bool> x => x.Reshape(shape),
        _ => throw new NotSupportedException(),
    };

    private static string Sanitize(string s) => new(s.Select(c => char.IsLetterOrDigit(c) ? c : '_').ToArray());
}
