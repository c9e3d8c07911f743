using ChunkCompute.IO;
using ChunkCompute.Storage;

namespace ChunkCompute.Tests.IO;

/// <summary>OpenMapped / CreateMapped: modes, orders, lifetime (dispose), and arrays beyond 2^31 elements.</summary>
[TestFixture]
public class MappedArrayTests
{
    [Test]
    public void ReadModeSeesTheFileAndIsNotWriteable()
    {
        using var dir = IOTestUtil.NewTempDir();
        string path = dir.File("a.npy");
        NdArray.Save(path, NdArray.Arange<double>(12).Reshape(3, 4));
        using var m = NdArray.OpenMapped<double>(path);
        Assert.That(m.Shape, Is.EqualTo(new Shape(3, 4)));
        Assert.That(m.IsWriteable, Is.False);
        Assert.That(m.OwnsStorage, Is.True);
        Assert.That(m.Storage, Is.InstanceOf<MappedStorage<double>>());
        Assert.That(m[2, 3], Is.EqualTo(11.0));
        Assert.That(m.AsReadOnlySpan().ToArray(), Is.EqualTo(Enumerable.Range(0, 12).Select(i => (double)i).ToArray()));
        Assert.Throws<InvalidOperationException>(() => m[0, 0] = 1);
        Assert.Throws<InvalidOperationException>(() => m.AsSpan());
        Assert.That(m.ArraySplit(2)[1].IsWriteable, Is.False, "chunks of a read-only map are read-only");
    }

    [Test]
    public void ReadWriteModeWritesReachTheFileAndCopyOnWriteStaysPrivate()
    {
        using var dir = IOTestUtil.NewTempDir();
        string path = dir.File("a.npy");
        NdArray.Save(path, NdArray.Arange<int>(10));
        using (var rw = NdArray.OpenMapped<int>(path, MapMode.ReadWrite))
        {
            rw[3] = -3;
            rw.ArraySplit(2)[1].AsSpan()[0] = -5;
            NdArray.Flush(rw);
        }

        Assert.That(NdArray.Load<int>(path).ToArray(), Is.EqualTo(new[] { 0, 1, 2, -3, 4, -5, 6, 7, 8, 9 }));

        using (var cow = NdArray.OpenMapped<int>(path, MapMode.CopyOnWrite))
        {
            Assert.That(cow.IsWriteable, Is.True);
            cow[0] = 100;
            Assert.That(cow[0], Is.EqualTo(100));
            NdArray.Flush(cow);
        }

        Assert.That(NdArray.Load<int>(path)[0], Is.EqualTo(0), "copy-on-write never reaches the file");
    }

    [Test]
    public void FortranOrderedFilesMapWithFortranStrides()
    {
        using var m = NdArray.OpenMapped<double>(IOTestUtil.Fixture("f8_le_F_v2.npy"));
        using var loaded = NdArray.Load<double>(IOTestUtil.Fixture("f8_le_F_v2.npy"));
        Assert.That(m.IsFContiguous, Is.True);
        Assert.That(m.ArrayEquals(loaded, equalNan: true), Is.True);
    }

    [Test]
    public void ZeroDAndEmptyFilesMap()
    {
        using (var s = NdArray.OpenMapped<long>(IOTestUtil.Fixture("i8_scalar.npy")))
        {
            Assert.That(s.NDim, Is.Zero);
            Assert.That(s[Array.Empty<long>()], Is.EqualTo(-1L));
        }

        using var e = NdArray.OpenMapped<float>(IOTestUtil.Fixture("f4_empty_0x3.npy"));
        Assert.That(e.Shape, Is.EqualTo(new Shape(0, 3)));
        Assert.That(e.ToArray(), Is.Empty);
    }

    [Test]
    public void BigEndianTypeMismatchAndMalformedFilesAreRejected()
    {
        var be = Assert.Throws<NotSupportedException>(() => NdArray.OpenMapped<int>(IOTestUtil.Fixture("i4_be_C_v1.npy")));
        Assert.That(be!.Message, Does.Contain(">i4").And.Contain("Load"));
        var mismatch = Assert.Throws<InvalidCastException>(() => NdArray.OpenMapped<float>(IOTestUtil.Fixture("f8_le_C_v1.npy")));
        Assert.That(mismatch!.Message, Does.Contain("float64"));
        using var dir = IOTestUtil.NewTempDir();
        File.WriteAllBytes(dir.File("x.npy"), [1, 2, 3]);
        Assert.Throws<NpyFormatException>(() => NdArray.OpenMapped<int>(dir.File("x.npy")));
        File.WriteAllBytes(dir.File("empty.npy"), []);
        Assert.Throws<NpyFormatException>(() => NdArray.OpenMapped<int>(dir.File("empty.npy")));
    }

    [Test]
    public void CreateMappedPreallocatesAZeroFilledNpyThatNumPyCanRead()
    {
        using var dir = IOTestUtil.NewTempDir();
        string path = dir.File("new.npy");
        using (var m = NdArray.CreateMapped<float>(path, 5, 3))
        {
            Assert.That(m.IsWriteable, Is.True);
            Assert.That(m.ToArray(), Is.All.EqualTo(0f));
            m[4, 2] = 7.5f;
            m["0"].Fill(1f);
            NdArray.Flush(m);
        }

        var header = NdArray.ReadHeader(path);
        Assert.That(header.DataOffset, Is.EqualTo(128));
        Assert.That(new FileInfo(path).Length, Is.EqualTo(128 + (15 * 4)));
        using var back = NdArray.Load<float>(path);
        Assert.That(back[4, 2], Is.EqualTo(7.5f));
        Assert.That(back[0, 1], Is.EqualTo(1f));
        Assert.That(File.ReadAllBytes(path)[..128], Is.EqualTo(NpyFormat.BuildHeader(DType.Float32, [5, 3], false)));

        using (var empty = NdArray.CreateMapped<bool>(dir.File("e.npy"), 0))
        {
            Assert.That(empty.Size, Is.Zero);
        }

        Assert.Throws<ArgumentException>(() => NdArray.CreateMapped<double>(dir.File("neg.npy"), 3, -1));
        Assert.Throws<ArgumentException>(() => NdArray.CreateMapped<double>(dir.File("big.npy"), 1L << 62, 4));
    }

    [Test]
    public void CreateMappedOnAFullOrMissingLocationIsAnIOExceptionNow()
    {
        // The directory does not exist: a plain IOException at creation, no file left behind.
        using var dir = IOTestUtil.NewTempDir();
        string path = Path.Combine(dir.Path, "missing", "x.npy");
        Assert.Throws<DirectoryNotFoundException>(() => NdArray.CreateMapped<double>(path, 10));

        // Preallocation larger than the file system can hold fails at once (posix_fallocate), not later with SIGBUS.
        // 1 EiB exceeds every disk; the exception must be an IOException and no file may remain.
        string huge = dir.File("huge.npy");
        Assert.Throws(Is.InstanceOf<IOException>(), () => NdArray.CreateMapped<byte>(huge, 1L << 60));
        Assert.That(File.Exists(huge), Is.False);
    }

    [Test]
    public void ViewsAndChunksThrowObjectDisposedAfterTheOwnerIsDisposed()
    {
        using var dir = IOTestUtil.NewTempDir();
        string path = dir.File("a.npy");
        NdArray.Save(path, NdArray.Arange<double>(100).Reshape(10, 10));
        var m = NdArray.OpenMapped<double>(path, MapMode.ReadWrite);
        var view = m["2:8, ::2"];
        var chunk = m.ArraySplit(3)[1];
        var rowView = m["3"];
        Assert.That(view[0, 1], Is.EqualTo(22.0), "views work while the owner lives");
        m.Dispose();
        m.Dispose(); // idempotent

        Assert.That(m.IsDisposed, Is.True);
        Assert.That(view.IsDisposed, Is.True);
        Assert.Throws<ObjectDisposedException>(() => _ = m[0, 0]);
        Assert.Throws<ObjectDisposedException>(() => _ = view[0, 0]);
        Assert.Throws<ObjectDisposedException>(() => view[0, 0] = 1);
        Assert.Throws<ObjectDisposedException>(() => _ = chunk[0, 0]);
        Assert.Throws<ObjectDisposedException>(() => chunk.AsSpan());
        Assert.Throws<ObjectDisposedException>(() => rowView.AsReadOnlySpan());
        Assert.Throws<ObjectDisposedException>(() => view.ToArray());
        Assert.Throws<ObjectDisposedException>(() => _ = m["1:3"][0, 0]);
        Assert.Throws<ObjectDisposedException>(() => chunk.Copy());
        Assert.Throws<ObjectDisposedException>(() => NdArray.Flush(view));
        Assert.Throws<ObjectDisposedException>(() => chunk.Fill(0));
        Assert.Throws<ObjectDisposedException>(() => NdArray.Save(dir.File("b.npy"), view));
        Assert.That(File.Exists(dir.File("b.npy")), Is.False);
        Assert.Throws<ObjectDisposedException>(() => chunk.AsMemory());
    }

    [Test]
    public void ChunksKeepTheMappingAliveWhenTheOwnerIsUnreachable()
    {
        using var dir = IOTestUtil.NewTempDir();
        string path = dir.File("a.npy");
        NdArray.Save(path, NdArray.Arange<long>(1000));
        var chunks = MapAndSplit(path);
        for (int i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        Assert.That(chunks[3].IsDisposed, Is.False);
        Assert.That(chunks[3][0], Is.EqualTo(750L));
        Assert.That(chunks[0].AsReadOnlySpan()[^1], Is.EqualTo(249L));
        chunks[0].Storage.Dispose(); // the storage is what the owner would release
        Assert.Throws<ObjectDisposedException>(() => _ = chunks[3][0]);

        static NdArray<long>[] MapAndSplit(string p) => NdArray.OpenMapped<long>(p).ArraySplit(4);
    }

    [Test]
    public void MappedFileCanBeDeletedOrReplacedWhileMappedOnLinux()
    {
        using var dir = IOTestUtil.NewTempDir();
        string path = dir.File("a.npy");
        NdArray.Save(path, NdArray.Arange<int>(4));
        using var m = NdArray.OpenMapped<int>(path);
        NdArray.Save(path, NdArray.Arange<int>(4, 8)); // atomic replace: the map keeps the old inode
        Assert.That(m.ToArray(), Is.EqualTo(new[] { 0, 1, 2, 3 }));
        Assert.That(NdArray.Load<int>(path).ToArray(), Is.EqualTo(new[] { 4, 5, 6, 7 }));
    }

    [Test]
    public void ArrayOfMoreThan2To31ElementsInASparseFile()
    {
        const long n = (1L << 31) + 5;
        using var dir = IOTestUtil.NewTempDir();
        string path = dir.File("big.npy");
        byte[] header = NpyFormat.BuildHeader(DType.UInt8, [n], false);
        using (var f = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
        {
            f.Write(header);
            f.SetLength(header.Length + n); // sparse: no disk blocks
        }

        Assert.That(NdArray.ReadHeader(path).Size, Is.EqualTo(n));
        using (var m = NdArray.OpenMapped<byte>(path, MapMode.ReadWrite))
        {
            Assert.That(m.Size, Is.EqualTo(n));
            Assert.That(m[n - 1], Is.Zero);
            m[n - 1] = 201;
            m[-2] = 202;
            m[int.MaxValue] = 203;
            m[(long)int.MaxValue + 1] = 204;
            Assert.That(m[-1], Is.EqualTo(201));
            Assert.That(m[n - 2], Is.EqualTo(202));

            var whole = Assert.Throws<InvalidOperationException>(() => m.AsSpan());
            Assert.That(whole!.Message, Does.Contain(n.ToString(System.Globalization.CultureInfo.InvariantCulture)).And.Contain("ArraySplit"));
            Assert.That(m.TryGetSpan(out _), Is.False);

            var chunks = m.ArraySplit(4);
            Assert.That(chunks.Select(c => c.Size), Is.EqualTo(Enumerable.Range(0, 4).Select(i => (n / 4) + (i < n % 4 ? 1 : 0)).ToArray()));
            var last = chunks[3].AsSpan();
            Assert.That(last[^1], Is.EqualTo(201));
            Assert.That(last[^2], Is.EqualTo(202));
            last[^3] = 200;
            Assert.That(chunks[0].AsSpan()[0], Is.Zero);
            var tail = m[^3..];
            Assert.That(tail.ToArray(), Is.EqualTo(new byte[] { 200, 202, 201 }));
            NdArray.Flush(m);
        }

        using var r = NdArray.OpenMapped<byte>(path);
        Assert.That(r[n - 3], Is.EqualTo(200));
        Assert.That(r[int.MaxValue], Is.EqualTo(203));
        Assert.That(r[(long)int.MaxValue + 1], Is.EqualTo(204));
        Assert.That(r[12345], Is.Zero);
    }
}
