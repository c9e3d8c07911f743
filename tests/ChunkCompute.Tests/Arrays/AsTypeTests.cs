using ChunkCompute;
using ChunkCompute.Tests.TestSupport;

namespace ChunkCompute.Tests.Arrays;

/// <summary>The 12×12 <c>astype</c> table against NumPy 1.24 on x86-64 (Fixtures/arrays/cast_table.json).</summary>
public class AsTypeTests
{
    private static IEnumerable<TestCaseData> Sources() =>
        Fixtures.JsonStatic("arrays", "cast_table.json").EnumerateArray().Select(e => new TestCaseData(e.GetProperty("src").GetString()).SetName($"CastTable_From_{e.GetProperty("src").GetString()}"));

    [TestCaseSource(nameof(Sources))]
    public void MatchesNumPy(string src)
    {
        var entry = Fixtures.JsonStatic("arrays", "cast_table.json").EnumerateArray().First(e => e.GetProperty("src").GetString() == src);
        var source = Fixtures.FromBytes(DType.Parse(src), Fixtures.Hex(entry.GetProperty("data").GetString()!));
        Assert.That(source.Size, Is.EqualTo(entry.GetProperty("count").GetInt32()));
        var failures = new List<string>();
        foreach (var result in entry.GetProperty("results").EnumerateObject())
        {
            var dst = DType.Parse(result.Name);
            byte[] expected = Fixtures.Hex(result.Value.GetString()!);
            byte[] contiguous = Fixtures.ToBytes(source.AsType(dst));

            // Strided source (every other element of a doubled array) must give the same answer.
            byte[] strided = Fixtures.ToBytes(Repeat(source).AsType(dst));
            for (int i = 0; i < source.Size; i++)
            {
                int w = dst.ItemSize;
                if (!contiguous.AsSpan(i * w, w).SequenceEqual(expected.AsSpan(i * w, w)))
                {
                    failures.Add($"{src}->{dst}: element {i} ({Describe(source, i)}) gave {Hex(contiguous, i, w)}, numpy {Hex(expected, i, w)}");
                }
            }

            Assert.That(strided, Is.EqualTo(contiguous), $"{src}->{dst}: strided differs from contiguous");
        }

        Assert.That(failures, Is.Empty, string.Join("\n", failures));
    }

    /// <summary>
    /// float16 NaNs convert as NumPy's software conversions do: sign and payload kept, signalling NaNs not quieted, a
    /// payload that narrows to nothing becomes 1 (.NET's Half conversions set the quiet bit). Values from NumPy 1.24.
    /// </summary>
    [Test]
    public void Float16NaNsKeepTheirBitsAsNumPyDoes()
    {
        using var h = NdArray.FromArray(new ushort[] { 0x7C01, 0xFC01, 0x7D00, 0x7E00, 0xFE01 }.Select(BitConverter.UInt16BitsToHalf).ToArray());
        Assert.That(h.AsType<float>().ToArray().Select(BitConverter.SingleToUInt32Bits), Is.EqualTo(new uint[] { 0x7F802000, 0xFF802000, 0x7FA00000, 0x7FC00000, 0xFFC02000 }));
        Assert.That(h.AsType<double>().ToArray().Select(BitConverter.DoubleToUInt64Bits), Is.EqualTo(new ulong[] { 0x7FF0040000000000, 0xFFF0040000000000, 0x7FF4000000000000, 0x7FF8000000000000, 0xFFF8040000000000 }));
        using var f = NdArray.FromArray(new uint[] { 0xFF800001, 0x7FA00000, 0x7F800001, 0x7FC00000, 0x7F802000 }.Select(BitConverter.UInt32BitsToSingle).ToArray());
        Assert.That(f.AsType<Half>().ToArray().Select(BitConverter.HalfToUInt16Bits), Is.EqualTo(new ushort[] { 0xFC01, 0x7D00, 0x7C01, 0x7E00, 0x7C01 }));
        using var d = NdArray.FromArray(new ulong[] { 0xFFF0000000000001, 0x7FF4000000000000, 0x7FF0000000000001, 0x7FF8000000000000 }.Select(BitConverter.UInt64BitsToDouble).ToArray());
        Assert.That(d.AsType<Half>().ToArray().Select(BitConverter.HalfToUInt16Bits), Is.EqualTo(new ushort[] { 0xFC01, 0x7D00, 0x7C01, 0x7E00 }));

        // Through out= with a same-kind cast too: |x| of float32 signalling NaNs into a float16 array.
        using var o = NdArray.Zeros<Half>(2);
        using var s = NdArray.FromArray(new uint[] { 0xFF800001, 0x7FA00000 }.Select(BitConverter.UInt32BitsToSingle).ToArray());
        NdArray.Abs(s, o);
        Assert.That(o.ToArray().Select(BitConverter.HalfToUInt16Bits), Is.EqualTo(new ushort[] { 0x7C01, 0x7D00 }));
    }

    /// <summary>
    /// Contiguous float16 ↔ float32 casts run in vector lanes: every float16 and a sweep of floats (every 4099th bit
    /// pattern, NaN payloads included) give NumPy's cast results, the same as the strided element-by-element path,
    /// at every length that reaches the vector loops and their remainders.
    /// </summary>
    [Test]
    public void Float16AndFloat32CastsGiveNumPysBitsAtEveryLength()
    {
        static uint WidenBits(ushort h) => (h & 0x7FFF) > 0x7C00
            ? ((uint)(h & 0x8000) << 16) | 0x7F80_0000 | ((uint)(h & 0x3FF) << 13)
            : BitConverter.SingleToUInt32Bits((float)BitConverter.UInt16BitsToHalf(h));
        static ushort NarrowBits(uint f)
        {
            uint payload = (f >> 13) & 0x3FF;
            return float.IsNaN(BitConverter.UInt32BitsToSingle(f))
                ? (ushort)(((f >> 16) & 0x8000) | 0x7C00 | (payload == 0 ? 1 : payload))
                : BitConverter.HalfToUInt16Bits((Half)BitConverter.UInt32BitsToSingle(f));
        }

        ushort[] halves = Enumerable.Range(0, 65536).Select(i => (ushort)i).ToArray();
        uint[] floats = Enumerable.Range(0, 1 << 20).Select(i => (uint)(i * 4099L)).ToArray();
        using var h = NdArray.FromArray(halves.Select(BitConverter.UInt16BitsToHalf).ToArray());
        using var f = NdArray.FromArray(floats.Select(BitConverter.UInt32BitsToSingle).ToArray());
        Assert.That(h.AsType<float>().ToArray().Select(BitConverter.SingleToUInt32Bits), Is.EqualTo(halves.Select(WidenBits)), "float16 -> float32, every input");
        Assert.That(f.AsType<Half>().ToArray().Select(BitConverter.HalfToUInt16Bits), Is.EqualTo(floats.Select(NarrowBits)), "float32 -> float16");
        using var hs = h["::-1"];
        Assert.That(hs.AsType<float>().ToArray().Select(BitConverter.SingleToUInt32Bits), Is.EqualTo(halves.Reverse().Select(WidenBits)), "strided float16 -> float32");
        for (int n = 0; n <= 100; n++)
        {
            int start = (n * 613) % 60000;
            using var hp = h[$"{start}:{start + n}"];
            using var fp = f[$"{start}:{start + n}"];
            Assert.That(hp.AsType<float>().ToArray().Select(BitConverter.SingleToUInt32Bits), Is.EqualTo(halves.Skip(start).Take(n).Select(WidenBits)), $"n = {n}");
            Assert.That(fp.AsType<Half>().ToArray().Select(BitConverter.HalfToUInt16Bits), Is.EqualTo(floats.Skip(start).Take(n).Select(NarrowBits)), $"n = {n}");
        }
    }

    [Test]
    public void SameTypeWithoutCopyReturnsTheSameArray()
    {
        var a = NdArray.Arange<double>(5);
        Assert.That(a.AsType<double>(copy: false), Is.SameAs(a));
        var c = a.AsType<double>();
        Assert.That(c, Is.Not.SameAs(a));
        c[0] = 42;
        Assert.That(a[0], Is.EqualTo(0.0));
    }

    [Test]
    public void StridedAndLargeArraysConvertInParallelWithSameResult()
    {
        var a = NdArray.Arange<double>(-150_000, 150_000, 1.5).Reshape(400, 500)["::-1, 1::2"];
        NdArray<int> seq;
        using (Execution.ExecutionSettings.Use(Execution.ExecutionSettings.Sequential))
        {
            seq = a.AsType<int>();
        }

        using (Execution.ExecutionSettings.Use(new Execution.ExecutionSettings(8) { MinimumElementsPerTask = 1000 }))
        {
            NdAssert.AreEqual(seq, a.AsType<int>());
            Assert.That(a.AsType<int>()[0, 0], Is.EqualTo((int)a[0, 0]));
        }
    }

    private static NdArray Repeat(NdArray a) => a switch
    {
        NdArray<double> x => Rep(x),
        NdArray<float> x => Rep(x),
        NdArray<Half> x => Rep(x),
        NdArray<long> x => Rep(x),
        NdArray<int> x => Rep(x),
        NdArray<short> x => Rep(x),
        NdArray<sbyte> x => Rep(x),
        NdArray<ulong> x => Rep(x),
        NdArray<uint> x => Rep(x),
        NdArray<ushort> x => Rep(x),
        NdArray<byte> x => Rep(x),
        NdArray<bool> x => Rep(x),
        _ => throw new NotSupportedException(),
    };

    private static NdArray<T> Rep<T>(NdArray<T> x) where T : unmanaged
    {
        var d = NdArray.Zeros<T>(x.Size, 2);
        d[.., 0].Fill(default);
        x.CopyTo(d[.., 0]);
        return d.Ravel()["::2"];
    }

    private static string Describe(NdArray a, int i) => Convert.ToHexString(Fixtures.ToBytes(a).AsSpan(i * a.DType.ItemSize, a.DType.ItemSize));

    private static string Hex(byte[] b, int i, int w) => Convert.ToHexString(b.AsSpan(i * w, w));
}
