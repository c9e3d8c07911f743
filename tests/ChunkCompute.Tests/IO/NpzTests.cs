using System.IO.Compression;
using System.Text;
using ChunkCompute.IO;

namespace ChunkCompute.Tests.IO;

/// <summary>.npz archives: names, stored and deflated members, and rejection of hostile archives.</summary>
[TestFixture]
public class NpzTests
{
    [TestCase(false)]
    [TestCase(true)]
    public void RoundTripsPositionalAndNamedArrays(bool compressed)
    {
        using var dir = IOTestUtil.NewTempDir();
        string path = dir.File("a.npz");
        var a = NdArray.Arange<double>(1000);
        var b = NdArray.Arange<int>(12).Reshape(3, 4).T;
        var c = NdArray.Scalar(true);
        if (compressed)
        {
            NdArray.SaveNpzCompressed(path, a, b, c);
        }
        else
        {
            NdArray.SaveNpz(path, a, b, c);
        }

        using (var zip = ZipFile.OpenRead(path))
        {
            Assert.That(zip.Entries.Select(e => e.FullName), Is.EqualTo(new[] { "arr_0.npy", "arr_1.npy", "arr_2.npy" }));
            Assert.That(zip.Entries[0].CompressedLength < zip.Entries[0].Length, Is.EqualTo(compressed));
        }

        using (var npz = NdArray.LoadNpz(path))
        {
            Assert.That(npz.Keys, Is.EqualTo(new[] { "arr_0", "arr_1", "arr_2" }));
            Assert.That(npz.Count, Is.EqualTo(3));
            Assert.That(npz.Get<double>("arr_0").ArrayEquals(a), Is.True);
            Assert.That(npz.Get<int>("arr_1").ArrayEquals(b), Is.True);
            Assert.That(npz.Get<bool>("arr_2").ToArray(), Is.EqualTo(new[] { true }));
            Assert.That(ReferenceEquals(npz["arr_0"], npz["arr_0"]), Is.True, "members are cached");
            Assert.That(npz.ContainsKey("arr_3"), Is.False);
            var missing = Assert.Throws<KeyNotFoundException>(() => _ = npz["nope"]);
            Assert.That(missing!.Message, Does.Contain("arr_0, arr_1, arr_2"));
            Assert.Throws<InvalidCastException>(() => npz.Get<float>("arr_0"));
        }

        var named = new Dictionary<string, NdArray> { ["x"] = a, ["../../etc/passwd"] = c };
        NdArray.SaveNpz(path, named, compressed);
        using var npz2 = NdArray.LoadNpz(path);
        Assert.That(npz2.Keys, Is.EqualTo(new[] { "x", "../../etc/passwd" }), "names are dictionary keys, never paths");
        Assert.That(npz2["x"].Size, Is.EqualTo(1000));
        Assert.That(Directory.GetFiles(dir.Path), Is.EqualTo(new[] { path }), "nothing extracted");
    }

    [Test]
    public void NpzWrittenByUsLoadsAfterDisposeOfArchiveArraysStayValid()
    {
        using var dir = IOTestUtil.NewTempDir();
        string path = dir.File("a.npz");
        NdArray.SaveNpz(path, NdArray.Arange<float>(5));
        NdArray arr;
        using (var npz = NdArray.LoadNpz(path))
        {
            arr = npz["arr_0"];
        }

        Assert.That(((NdArray<float>)arr).ToArray(), Is.EqualTo(new[] { 0f, 1, 2, 3, 4 }));
    }

    private static byte[] Zip(params (string Name, byte[] Data, bool Deflate)[] members)
    {
        var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, data, deflate) in members)
            {
                var e = zip.CreateEntry(name, deflate ? CompressionLevel.Optimal : CompressionLevel.NoCompression);
                using var s = e.Open();
                s.Write(data);
            }
        }

        return ms.ToArray();
    }

    private static byte[] Npy(NdArray a)
    {
        var ms = new MemoryStream();
        NdArray.Save(ms, a);
        return ms.ToArray();
    }

    [Test]
    public void ZipBombIsRejectedByTheDeclaredSizeCap()
    {
        // 64 MiB of zeros deflates to ~64 KiB; with a 1 MiB cap it must be refused before decompressing.
        var bomb = Zip(("arr_0.npy", Npy(NdArray.Zeros<byte>(64L << 20)), true));
        Assert.That(bomb.Length, Is.LessThan(1 << 20));
        using var npz = NdArray.LoadNpz(new MemoryStream(bomb), maxMemberBytes: 1 << 20);
        var e = Assert.Throws<NpyFormatException>(() => _ = npz["arr_0"]);
        Assert.That(e!.Message, Does.Contain("67108992").And.Contain("1048576"));
    }

    [Test]
    public void MemberWhoseHeaderDisagreesWithItsDeclaredSizeIsRejected()
    {
        byte[] npy = Npy(NdArray.Arange<int>(10));
        var tooLong = Zip(("a.npy", [.. npy, 0, 0, 0, 0], false));
        using (var npz = NdArray.LoadNpz(new MemoryStream(tooLong)))
        {
            Assert.That(Assert.Throws<NpyFormatException>(() => _ = npz["a"])!.Message, Does.Contain("declares"));
        }

        var tooShort = Zip(("a.npy", npy[..^4], true));
        using (var npz = NdArray.LoadNpz(new MemoryStream(tooShort)))
        {
            Assert.Throws<NpyFormatException>(() => _ = npz["a"]);
        }

        var notNpy = Zip(("readme.txt", Encoding.ASCII.GetBytes("hello"), false));
        using (var npz = NdArray.LoadNpz(new MemoryStream(notNpy)))
        {
            Assert.That(npz.Keys, Is.EqualTo(new[] { "readme.txt" }));
            Assert.Throws<NpyFormatException>(() => _ = npz["readme.txt"]);
        }
    }

    [Test]
    public void CorruptArchivesAndMembersRaiseNpyFormatException()
    {
        Assert.Throws<NpyFormatException>(() => NdArray.LoadNpz(new MemoryStream(Encoding.ASCII.GetBytes("not a zip at all"))));
        Assert.Throws<NpyFormatException>(() => NdArray.LoadNpz(new MemoryStream([])));

        var good = Zip(("a.npy", Npy(NdArray.Arange<double>(4000)), true));
        var rng = new Random(7);
        int errors = 0;
        for (int trial = 0; trial < 300; trial++)
        {
            var bad = (byte[])good.Clone();
            int flips = rng.Next(1, 4);
            for (int f = 0; f < flips; f++)
            {
                bad[rng.Next(30, bad.Length - 22)] ^= (byte)(1 << rng.Next(8));
            }

            try
            {
                using var npz = NdArray.LoadNpz(new MemoryStream(bad));
                foreach (var k in npz.Keys)
                {
                    _ = npz[k];
                }
            }
            catch (NpyFormatException)
            {
                errors++;
            }
            catch (NotSupportedException)
            {
                errors++;
            }
        }

        Assert.That(errors, Is.GreaterThan(100), "most flips inside deflated data are detected (CRC or deflate errors)");
    }

    /// <summary>
    /// A flipped bit in a stored member's data, or a wrong CRC-32 recorded for a deflated member, is reported (NumPy:
    /// BadZipFile, Bad CRC-32) instead of loading wrong numbers: the reader checks each member's CRC-32.
    /// </summary>
    [Test]
    public void MemberWhoseCrcDoesNotMatchIsReported()
    {
        var npy = Npy(NdArray.Arange<double>(4));
        var stored = Zip(("a.npy", npy, false));
        int data = stored.AsSpan().IndexOf("NUMPY"u8) - 1 + 128 + 8 + 6; // a bit of element 1
        stored[data] ^= 0x40;
        var e = Assert.Throws<NpyFormatException>(() =>
        {
            using var npz = NdArray.LoadNpz(new MemoryStream(stored));
            _ = npz["a"];
        });
        Assert.That(e!.Message, Does.Contain("CRC-32"));

        var deflated = Zip(("a.npy", npy, true));
        var intact = (byte[])deflated.Clone();
        int local = deflated.AsSpan().IndexOf("PK\x03\x04"u8);
        deflated[local + 14] ^= 0x01; // the local header's CRC-32 field
        int central = deflated.AsSpan().IndexOf("PK\x01\x02"u8);
        deflated[central + 16] ^= 0x01; // and the central directory's
        Assert.Throws<NpyFormatException>(() =>
        {
            using var npz = NdArray.LoadNpz(new MemoryStream(deflated));
            _ = npz["a"];
        });
        using var ok = NdArray.LoadNpz(new MemoryStream(intact));
        Assert.That(((NdArray<double>)ok["a"]).ToArray(), Is.EqualTo(new[] { 0.0, 1, 2, 3 }));
    }

    /// <summary>As NumPy's NpzFile, a member is found by its name with or without ".npy".</summary>
    [Test]
    public void MembersAreFoundWithOrWithoutTheNpySuffix()
    {
        var zip = Zip(("a.npy", Npy(NdArray.Arange<double>(3)), false));
        using var npz = NdArray.LoadNpz(new MemoryStream(zip));
        Assert.That(npz.Keys, Is.EqualTo(new[] { "a" }));
        Assert.That(npz.ContainsKey("a.npy"), Is.True);
        Assert.That(ReferenceEquals(npz["a.npy"], npz["a"]), Is.True);
        Assert.That(npz.TryGetValue("a.npy", out var v) && v.Size == 3, Is.True);
        Assert.Throws<KeyNotFoundException>(() => _ = npz["b.npy"]);
    }

    [Test]
    public void DuplicateMemberNamesAreRejected()
    {
        byte[] npy = Npy(NdArray.Arange<int>(3));
        var dup = Zip(("a.npy", npy, false), ("a.npy", npy, false));
        var e = Assert.Throws<NpyFormatException>(() => NdArray.LoadNpz(new MemoryStream(dup)));
        Assert.That(e!.Message, Does.Contain("twice"));
    }
}
