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
    public void LiveCrossCheckOfRandomArraysWithNumPy()
    {
        // Seeded random arrays of every dtype, 0-3 axes, mixed magnitudes and non-finite values; NumPy prints them live.
        var rng = new Random(2024);
        const int count = 200;
        var arrays = new List<NdArray>();
        for (int k = 0; k < count; k++)
        {
            var dtype = DType.All[rng.Next(DType.All.Count)];
            int ndim = rng.Next(4);
            long[] shape = Enumerable.Range(0, ndim).Select(_ => (long)rng.Next(0, k % 7 == 0 ? 40 : 7)).ToArray();
            long size = shape.Aggregate(1L, (x, y) => x * y);
            double scale = Math.Pow(10, rng.Next(-6, 10));
            var values = new double[size];
            for (long i = 0; i < size; i++)
            {
                double r = rng.NextDouble();
                values[i] = r < 0.03 ? double.NaN : r < 0.05 ? double.NegativeInfinity : r < 0.3 ? Math.Round((rng.NextDouble() - 0.5) * 20) : (rng.NextDouble() - 0.3) * scale;
            }

            var d = NdArray.FromArray(values, shape);
            arrays.Add(dtype.IsFloatingPoint ? d.AsType(dtype) : NdArray.FromArray(values.Select(v => double.IsFinite(v) ? Math.Truncate(v % 1e6) : 3).ToArray(), shape).AsType(dtype));
        }

        var script = new System.Text.StringBuilder("import numpy as np\n");
        foreach (var a in arrays)
        {
            script.Append($"a = np.frombuffer(bytes.fromhex('{Convert.ToHexString(Fixtures.ToBytes(a))}'), dtype='{a.DType.Descr}').reshape({a.Shape})\n");
            script.Append("print(repr(repr(a)))\n");
        }

        string[] lines = Fixtures.RunNumPy(script.ToString()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(arrays.Count));
        var mismatches = new List<string>();
        for (int k = 0; k < arrays.Count; k++)
        {
            string expected = System.Text.RegularExpressions.Regex.Unescape(lines[k].Trim()[1..^1]);
            string actual = arrays[k].ToString()!;
            if (expected != actual)
            {
                mismatches.Add($"#{k} {arrays[k].DType} {arrays[k].Shape}:\nnumpy:\n{expected}\nours:\n{actual}");
            }
        }

        Assert.That(mismatches, Is.Empty, string.Join("\n\n", mismatches));
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
