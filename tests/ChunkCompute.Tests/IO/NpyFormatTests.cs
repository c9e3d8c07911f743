using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using ChunkCompute.IO;
using ChunkCompute.Storage;

namespace ChunkCompute.Tests.IO;

/// <summary>Header layout, round trips of every dtype and layout, and rejection of malformed or hostile files.</summary>
[TestFixture]
public class NpyFormatTests
{
    /// <summary>A raw .npy with the given header dictionary text (padded as NumPy pads) and data.</summary>
    internal static byte[] RawNpy(string dict, byte[]? data = null, int major = 1, bool pad = true)
    {
        var text = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetBytes(dict);
        int lenField = major == 1 ? 2 : 4;
        int hlen = text.Length + 1;
        int padlen = pad ? 64 - ((8 + lenField + hlen) % 64) : 0;
        var ms = new MemoryStream();
        ms.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', (byte)major, 0]);
        Span<byte> len = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(len, (uint)(hlen + padlen));
        ms.Write(len[..lenField]);
        ms.Write(text);
        for (int i = 0; i < padlen; i++)
        {
            ms.WriteByte((byte)' ');
        }

        ms.WriteByte((byte)'\n');
        ms.Write(data ?? []);
        return ms.ToArray();
    }

    private static T Fails<T>(byte[] file)
        where T : Exception
    {
        var e = Assert.Throws<T>(() => NdArray.Load(new MemoryStream(file)));
        return e!;
    }

    [TestCase(new long[0], "()")]
    [TestCase(new long[] { 3 }, "(3,)")]
    [TestCase(new long[] { 3, 4 }, "(3, 4)")]
    [TestCase(new long[] { 0, 1, 12345678901 }, "(0, 1, 12345678901)")]
    public void ShapeIsWrittenAsAPythonTuple(long[] shape, string repr)
    {
        byte[] h = NpyFormat.BuildHeader(DType.Float64, shape, false);
        string text = Encoding.ASCII.GetString(h, 10, h.Length - 10);
        Assert.That(text, Does.StartWith($"{{'descr': '<f8', 'fortran_order': False, 'shape': {repr}, }}"));
        Assert.That(text, Does.EndWith("\n"));
        Assert.That(h.Length % 64, Is.Zero);
        Assert.That(h[6], Is.EqualTo(1), "version 1.0 by default");
    }

    [Test]
    public void HeaderAlwaysAlignsDataTo64BytesForEveryVersion()
    {
        var rng = new Random(5);
        for (int trial = 0; trial < 300; trial++)
        {
            var shape = Enumerable.Range(0, rng.Next(0, 8)).Select(i => (long)rng.Next(0, 1 << rng.Next(1, i == 0 ? 31 : 7))).ToArray();
            foreach (int major in new[] { 1, 2, 3 })
            {
                foreach (var dtype in DType.All)
                {
                    byte[] h = NpyFormat.BuildHeader(dtype, shape, trial % 2 == 0, new Version(major, 0));
                    Assert.That(h.Length % 64, Is.Zero);
                    var parsed = NpyFormat.ReadHeader(new MemoryStream(h), "mem");
                    Assert.That(parsed.Shape.ToArray(), Is.EqualTo(shape));
                    Assert.That(parsed.DType, Is.EqualTo(dtype));
                    Assert.That(parsed.DataOffset, Is.EqualTo(h.Length));
                    Assert.That(parsed.FortranOrder, Is.EqualTo(trial % 2 == 0));
                    Assert.That(parsed.Version.Major, Is.EqualTo(major));
                }
            }
        }
    }

    [Test]
    public void UnsupportedVersionToWriteIsRejected()
    {
        Assert.Throws<ArgumentException>(() => NpyFormat.BuildHeader(DType.Int32, [3], false, new Version(4, 0)));
    }

    private static IEnumerable<TestCaseData> AllDTypes() => DType.All.Select(d => new TestCaseData(d).SetArgDisplayNames(d.Name));

    [TestCaseSource(nameof(AllDTypes))]
    public void RoundTripsEveryDTypeAndLayout(DType dtype)
    {
        foreach (long[] shape in new[] { Array.Empty<long>(), [0], [1], [7], [3, 5], [2, 3, 4], [4, 0, 2] })
        {
            using var source = new NdRandom(42).Uniform(shape, -100, 100).AsType(dtype);
            foreach (bool fortran in new[] { false, true })
            {
                var ms = new MemoryStream();
                NdArray.Save(ms, source, fortran);
                ms.Position = 0;
                using var back = NdArray.Load(ms);
                Assert.That(back.DType, Is.EqualTo(dtype));
                Assert.That(back.Shape, Is.EqualTo(source.Shape));
                Assert.That(IOTestUtil.ElementTexts(back), Is.EqualTo(IOTestUtil.ElementTexts(source)), $"shape {Shape.Format(shape)} fortran={fortran}");
                Assert.That(ms.Position, Is.EqualTo(ms.Length), "the reader stops after the data");
            }
        }
    }

    [Test]
    public void SavesNonContiguousViews()
    {
        using var a = NdArray.Arange<int>(60).Reshape(3, 4, 5);
        foreach (var view in new[] { a["::2, 1:, ::-1"], a.Transpose(), a["1"], a[":, 2, :"], a.T["::-1"] })
        {
            foreach (bool fortran in new[] { false, true })
            {
                var ms = new MemoryStream();
                NdArray.Save(ms, view, fortran);
                ms.Position = 0;
                var back = NdArray.Load<int>(ms);
                Assert.That(back.ArrayEquals(view), Is.True, $"view of shape {view.Shape}, fortran={fortran}");
                Assert.That(fortran && view.NDim > 1 ? back.IsFContiguous : back.IsCContiguous, Is.True);
            }
        }
    }

    [Test]
    public void SeveralArraysFollowEachOtherInOneStream()
    {
        var ms = new MemoryStream();
        NdArray.Save(ms, NdArray.Arange<double>(5));
        NdArray.Save(ms, NdArray.Scalar<short>(-7));
        ms.Position = 0;
        Assert.That(NdArray.Load<double>(ms).ToArray(), Is.EqualTo(new[] { 0.0, 1, 2, 3, 4 }));
        Assert.That(NdArray.Load<short>(ms).ToArray(), Is.EqualTo(new short[] { -7 }));
    }

    [Test]
    public void BoolBytesOtherThanOneLoadAsTrue()
    {
        var file = RawNpy("{'descr': '|b1', 'fortran_order': False, 'shape': (4,), }", [0, 1, 2, 255]);
        Assert.That(NdArray.Load<bool>(new MemoryStream(file)).ToArray(), Is.EqualTo(new[] { false, true, true, true }));
    }

    [Test]
    public void AcceptsHeadersNumPyAccepts()
    {
        // Double quotes, no trailing comma, other key order, unpadded, 16-byte alignment, Python 2 long suffix.
        byte[] data = BitConverter.GetBytes(2.5).Concat(BitConverter.GetBytes(-1.0)).ToArray();
        foreach (string dict in new[]
        {
            "{\"shape\": (2,), \"fortran_order\": False, \"descr\": \"<f8\"}",
            "{'descr':'<f8','fortran_order':False,'shape':(2,)}",
            "{'descr': '<f8', 'fortran_order': False, 'shape': (2L,), }",
            "{ 'descr' : '=f8' ,\n 'fortran_order' : False , 'shape' : ( 2 , ) , }",
        })
        {
            foreach (bool pad in new[] { true, false })
            {
                var a = NdArray.Load<double>(new MemoryStream(RawNpy(dict, data, pad: pad)));
                Assert.That(a.ToArray(), Is.EqualTo(new[] { 2.5, -1.0 }), dict);
            }
        }
    }

    [Test]
    public void EightTebibyteClaimInA128ByteFileIsRejectedInstantly()
    {
        byte[] file = RawNpy("{'descr': '<f8', 'fortran_order': False, 'shape': (1099511627776,)}");
        Assert.That(file, Has.Length.EqualTo(128));
        using var dir = IOTestUtil.NewTempDir();
        string path = dir.File("huge.npy");
        File.WriteAllBytes(path, file);

        long before = GC.GetAllocatedBytesForCurrentThread();
        var sw = Stopwatch.StartNew();
        var e = Assert.Throws<NpyFormatException>(() => NdArray.Load(path));
        var e2 = Assert.Throws<NpyFormatException>(() => NdArray.Load(new MemoryStream(file)));
        var e3 = Assert.Throws<NpyFormatException>(() => NdArray.OpenMapped<double>(path));
        sw.Stop();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(allocated, Is.LessThan(1 << 20), "no allocation proportional to the claimed size");
        Assert.That(e!.Message, Does.Contain("8796093022208").And.Contain("0 are present").And.Contain("truncated"));
        Assert.That(e.Field, Is.EqualTo("data"));
        Assert.That(e2!.Message, Does.Contain("8796093022208"));
        Assert.That(e3!.Message, Does.Contain("8796093022208"));
    }

    [Test]
    public void TruncatedAndTrailingDataNameExpectedAndActualBytes()
    {
        using var dir = IOTestUtil.NewTempDir();
        string path = dir.File("a.npy");
        NdArray.Save(path, NdArray.Arange<int>(10));
        byte[] good = File.ReadAllBytes(path);

        File.WriteAllBytes(path, good[..^3]);
        var e = Assert.Throws<NpyFormatException>(() => NdArray.Load(path));
        Assert.That(e!.Message, Does.Contain("truncated").And.Contain("needs 40 bytes").And.Contain("37 are present"));
        Assert.Throws<NpyFormatException>(() => NdArray.Load(new MemoryStream(good[..^3])));

        File.WriteAllBytes(path, [.. good, 1, 2]);
        e = Assert.Throws<NpyFormatException>(() => NdArray.Load(path));
        Assert.That(e!.Message, Does.Contain("extra bytes").And.Contain("needs 40 bytes").And.Contain("42 are present"));
        Assert.Throws<NpyFormatException>(() => NdArray.OpenMapped<int>(path));
    }

    [Test]
    public void HeaderLengthIsCappedAndTheCapIsConfigurable()
    {
        string dict = "{'descr': '<i4', 'fortran_order': False, 'shape': (1,), }" + new string(' ', 15000);
        byte[] file = RawNpy(dict, [1, 0, 0, 0], major: 2);
        var e = Fails<NpyFormatException>(file);
        Assert.That(e.Message, Does.Contain("10000").And.Contain("max_header_size"));
        Assert.That(e.Field, Is.EqualTo("header_len"));
        Assert.That(NdArray.Load<int>(new MemoryStream(file), maxHeaderSize: 20000).ToArray(), Is.EqualTo(new[] { 1 }));

        // A version 2.0 length field of 4 GiB is refused before reading or allocating it.
        byte[] huge = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 2, 0, 0xff, 0xff, 0xff, 0xff];
        Assert.That(Fails<NpyFormatException>(huge).Message, Does.Contain("4294967295"));
    }

    [TestCase("|O", "object")]
    [TestCase("<U3", "unicode")]
    [TestCase("|S3", "byte string")]
    [TestCase("<c16", "complex")]
    [TestCase("<M8[ns]", "datetime64")]
    [TestCase("<m8[s]", "timedelta64")]
    [TestCase("|V8", "void")]
    [TestCase("<f16", "<f16")]
    [TestCase("<i16", "<i16")]
    public void UnsupportedDTypesAreNamed(string descr, string words)
    {
        var e = Fails<NotSupportedException>(RawNpy($"{{'descr': '{descr}', 'fortran_order': False, 'shape': (1,), }}", new byte[16]));
        Assert.That(e.Message, Does.Contain(descr).And.Contain(words));
    }

    [Test]
    public void StructuredDTypeIsNotSupported()
    {
        var e = Fails<NotSupportedException>(RawNpy("{'descr': [('a', '<f8'), ('b', '<i4')], 'fortran_order': False, 'shape': (1,), }", new byte[12]));
        Assert.That(e.Message, Does.Contain("structured").And.Contain("'a'"));
    }

    [TestCase("{'descr': '<f8', 'fortran_order': False, 'shape': (-1,), }", "shape", "-1")]
    [TestCase("{'descr': '<f8', 'fortran_order': False, 'shape': [2], }", "shape", "[2]")]
    [TestCase("{'descr': '<f8', 'fortran_order': False, 'shape': (2), }", "shape", "2")]
    [TestCase("{'descr': '<f8', 'fortran_order': False, 'shape': (2.0,), }", "header", "2.0")]
    [TestCase("{'descr': '<f8', 'fortran_order': False, 'shape': (True,), }", "shape", "True")]
    [TestCase("{'descr': '<f8', 'fortran_order': 0, 'shape': (2,), }", "fortran_order", "0")]
    [TestCase("{'descr': '<f8', 'fortran_order': 'False', 'shape': (2,), }", "fortran_order", "'False'")]
    [TestCase("{'descr': '<f8', 'shape': (2,), }", "fortran_order", "missing 'fortran_order'")]
    [TestCase("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), 'x': 1}", "x", "unexpected 'x'")]
    [TestCase("{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", "header", "twice")]
    [TestCase("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), ", "header", "not closed")]
    [TestCase("{'descr': '<f8, 'fortran_order': False, 'shape': (2,), }", "header", "")]
    [TestCase("('<f8', False, (2,))", "header", "not a Python dictionary")]
    [TestCase("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), } x", "header", "after the header")]
    [TestCase("{'descr': 8, 'fortran_order': False, 'shape': (2,), }", "descr", "8")]
    [TestCase("{'descr': '<x8', 'fortran_order': False, 'shape': (2,), }", "descr", "<x8")]
    [TestCase("{'descr': '', 'fortran_order': False, 'shape': (2,), }", "descr", "''")]
    [TestCase("{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999,), }", "header", "64 bits")]
    [TestCase("{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296), }", "shape", "needs more than")]
    [TestCase("{'descr': '<f8', 'fortran_order': False, 'shape': (0, 4294967296, 4294967296), }", "shape", "needs more than")]
    [TestCase("{'descr': '<f8', 'fortran_order': False, 'shape': (02,), }", "header", "leading zeros")]
    [TestCase("{'descr': __import__('os'), 'fortran_order': False, 'shape': (2,), }", "header", "unexpected character")]
    [TestCase("[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]", "header", "nested")]
    public void MalformedHeadersRaiseNpyFormatExceptionNamingTheField(string dict, string field, string words)
    {
        var e = Fails<NpyFormatException>(RawNpy(dict, new byte[16]));
        Assert.That(e.Field, Is.EqualTo(field));
        Assert.That(e.Message, Does.Contain(words));
        Assert.That(e.Offset, Is.Not.Null);
    }

    [Test]
    public void BadMagicVersionAndEncodingAreReported()
    {
        byte[] good = RawNpy("{'descr': '<f8', 'fortran_order': False, 'shape': (), }", new byte[8]);
        var bad = (byte[])good.Clone();
        bad[1] = (byte)'X';
        Assert.That(Fails<NpyFormatException>(bad).Field, Is.EqualTo("magic"));
        bad = (byte[])good.Clone();
        bad[6] = 4;
        Assert.That(Fails<NpyFormatException>(bad).Message, Does.Contain("version 4.0"));
        bad = (byte[])good.Clone();
        bad[7] = 1;
        Assert.That(Fails<NpyFormatException>(bad).Field, Is.EqualTo("version"));
        Assert.That(Fails<NpyFormatException>([]).Message, Does.Contain("ends at byte 0"));
        Assert.That(Fails<NpyFormatException>(good[..20]).Message, Does.Contain("ends at byte 20"));

        // Version 3.0 headers are UTF-8: a non-ASCII string is fine, invalid UTF-8 is not.
        var v3 = RawNpy("{'descr': '<f8', 'fortran_order': False, 'shape': (), }", new byte[8], major: 3);
        Assert.That(NdArray.Load<double>(new MemoryStream(v3)).ToArray(), Is.EqualTo(new[] { 0.0 }));
        var v3bad = RawNpy("{'descr': '<f8', 'fortran_order': False, 'shape': (), }", new byte[8], major: 3);
        v3bad[15] = 0xff;
        Assert.That(Fails<NpyFormatException>(v3bad).Message, Does.Contain("UTF-8"));
        var v3unicode = RawNpy("{'descr': '<f8', 'fortran_order': False, 'shape': (), 'é': 1}", new byte[8], major: 3);
        Assert.That(Fails<NpyFormatException>(v3unicode).Message, Does.Contain("'é'"));
    }
}

/// <summary>Loading from streams that cannot seek (pipes, sockets, decompressors).</summary>
[TestFixture]
public class NpyNonSeekableStreamTests
{
    private sealed class ForwardOnlyStream(byte[] data) : Stream
    {
        private readonly MemoryStream _inner = new(data);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, Math.Min(count, 1000));

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Test]
    public void LoadsFromAForwardOnlyStreamInPieces()
    {
        var ms = new MemoryStream();
        NdArray.Save(ms, NdArray.Arange<int>(5000).Reshape(50, 100), fortranOrder: true);
        var a = NdArray.Load<int>(new ForwardOnlyStream(ms.ToArray()));
        Assert.That(a.ArrayEquals(NdArray.Arange<int>(5000).Reshape(50, 100)), Is.True);
    }

    [Test]
    public void HugeClaimOnAForwardOnlyStreamFailsWithoutAllocatingTheClaim()
    {
        byte[] file = NpyFormatTests.RawNpy("{'descr': '<f8', 'fortran_order': False, 'shape': (1099511627776,), }", new byte[5000]);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<ChunkCompute.IO.NpyFormatException>(() => NdArray.Load(new ForwardOnlyStream(file)));
        Assert.That(e!.Message, Does.Contain("8796093022208").And.Contain("5000"));
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.LessThan(20 << 20), "what arrived plus one 16 MiB block, not the claim");
    }
}

/// <summary>A raised header cap never makes the reader allocate what the file does not hold.</summary>
[TestFixture]
public class NpyHeaderCapTests
{
    [Test]
    public void RaisedCapStillChecksTheHeaderAgainstTheFileLength()
    {
        byte[] file = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 2, 0, 0xff, 0xff, 0xff, 0x7f, (byte)'{'];
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<ChunkCompute.IO.NpyFormatException>(() => NdArray.Load(new MemoryStream(file), maxHeaderSize: int.MaxValue));
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.LessThan(1 << 20));
        Assert.That(e!.Message, Does.Contain("2147483647").And.Contain("ends at byte 13"));
        using var dir = IOTestUtil.NewTempDir();
        File.WriteAllBytes(dir.File("h.npy"), file);
        Assert.Throws<ChunkCompute.IO.NpyFormatException>(() => NdArray.ReadHeader(dir.File("h.npy"), int.MaxValue));
    }

    /// <summary>
    /// A raised cap reads the prefix and the header only, never the data: a (sparse) 3 GB file's header comes back with
    /// little allocated, and the file maps, where the old reader read up to cap bytes and overflowed beyond 2 GiB.
    /// </summary>
    [Test]
    public void RaisedCapReadsOnlyTheHeaderOfALargeFile()
    {
        using var dir = IOTestUtil.NewTempDir();
        string path = dir.File("big.npy");
        var header = ChunkCompute.IO.NpyFormat.BuildHeader(DType.UInt8, [3_000_000_000L], fortranOrder: false);
        using (var f = File.Create(path))
        {
            f.Write(header);
            f.SetLength(header.Length + 3_000_000_000L); // sparse: no disk blocks
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        var h = NdArray.ReadHeader(path, int.MaxValue);
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.LessThan(1 << 20));
        Assert.That(h.Shape.ToArray(), Is.EqualTo(new[] { 3_000_000_000L }));
        using var mapped = NdArray.OpenMapped<byte>(path, MapMode.Read, int.MaxValue);
        Assert.That(mapped.Size, Is.EqualTo(3_000_000_000L));
        Assert.That(mapped[2_999_999_999L], Is.EqualTo((byte)0));
    }

    /// <summary>
    /// Like np.save, the default order follows the array: a Fortran- but not C-contiguous array (a transpose, a loaded
    /// Fortran-order file) is written in Fortran order, so saving what was loaded reproduces the file; an explicit
    /// order still wins. More than 32 axes (which NumPy cannot load) are refused.
    /// </summary>
    [Test]
    public void DefaultOrderFollowsTheArraysLayoutAsNpSave()
    {
        using var m = NdArray.Arange<double>(6).Reshape(2, 3);
        using var t = m.Transpose();
        var auto = new MemoryStream();
        NdArray.Save(auto, t);
        var fortran = new MemoryStream();
        NdArray.Save(fortran, t, fortranOrder: true);
        Assert.That(auto.ToArray(), Is.EqualTo(fortran.ToArray()));
        Assert.That(Encoding.ASCII.GetString(auto.ToArray()), Does.Contain("'fortran_order': True"));
        auto.Position = 0;
        using var back = NdArray.Load<double>(auto);
        Assert.That(back.IsFContiguous && !back.IsCContiguous, Is.True);
        var again = new MemoryStream();
        NdArray.Save(again, back);
        Assert.That(again.ToArray(), Is.EqualTo(fortran.ToArray()), "saving a loaded Fortran-order array reproduces the file");

        var c = new MemoryStream();
        NdArray.Save(c, t, fortranOrder: false);
        Assert.That(Encoding.ASCII.GetString(c.ToArray()), Does.Contain("'fortran_order': False"));
        var plain = new MemoryStream();
        NdArray.Save(plain, m);
        Assert.That(Encoding.ASCII.GetString(plain.ToArray()), Does.Contain("'fortran_order': False"));

        using var deep = NdArray.Zeros<double>(Enumerable.Repeat(1L, 33).ToArray());
        var e = Assert.Throws<ArgumentException>(() => NdArray.Save(new MemoryStream(), deep));
        Assert.That(e!.Message, Does.StartWith("NumPy reads at most 32 dimensions; this array has 33"));
    }

    /// <summary>Parentheses around a single value only group it, as Python (and np.load) reads them.</summary>
    [Test]
    public void ParenthesizedHeaderValuesAreTheValues()
    {
        foreach (string dict in new[]
        {
            "{'descr': '<f8', 'fortran_order': (False), 'shape': (3,), }",
            "{'descr': ('<f8'), 'fortran_order': False, 'shape': (3,), }",
            "{'descr': '<f8', 'fortran_order': False, 'shape': ((3),), }",
        })
        {
            string text = dict.PadRight(117) + "\n";
            var bytes = new List<byte> { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, (byte)text.Length, 0 };
            bytes.AddRange(Encoding.ASCII.GetBytes(text));
            bytes.AddRange(new byte[24]);
            using var a = NdArray.Load<double>(new MemoryStream(bytes.ToArray()));
            Assert.That(a.Shape.ToArray(), Is.EqualTo(new long[] { 3 }), dict);
        }
    }

    /// <summary>A version 1.0 file cut inside its 2-byte header length names that field.</summary>
    [Test]
    public void FileCutInsideTheHeaderLengthNamesIt()
    {
        var header = ChunkCompute.IO.NpyFormat.BuildHeader(DType.Float64, [3], fortranOrder: false);
        var e = Assert.Throws<ChunkCompute.IO.NpyFormatException>(() => NdArray.Load(new MemoryStream(header[..9])));
        Assert.That(e!.Field, Is.EqualTo("header_len"));
        Assert.That(e.Message, Does.Contain("file ends at byte 9 inside the header_len"));
    }
}

/// <summary>Large data through a forward-only stream goes through the block buffer.</summary>
[TestFixture]
public class NpyForwardOnlyLargeTests
{
    private sealed class PipeLike(Stream inner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, Math.Min(count, 3_000_001));

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Test]
    public void EightyMegabytesThroughAForwardOnlyStream()
    {
        using var a = NdArray.Arange<double>(10_000_003);
        var ms = new MemoryStream();
        NdArray.Save(ms, a);
        ms.Position = 0;
        using var back = NdArray.Load<double>(new PipeLike(ms));
        Assert.That(back.Size, Is.EqualTo(10_000_003));
        Assert.That(back[0], Is.Zero);
        Assert.That(back[16 << 17], Is.EqualTo(16 << 17));
        Assert.That(back[-1], Is.EqualTo(10_000_002.0));
        Assert.That(back.AsReadOnlySpan().SequenceEqual(a.AsReadOnlySpan()), Is.True);
    }
}
