using System.Diagnostics;
using ChunkCompute.IO;

namespace ChunkCompute.Tests.IO;

/// <summary>Save writes a temp file and renames it: a failure mid-write leaves the old destination (or none) and no temp file.</summary>
[TestFixture]
[NonParallelizable]
public class AtomicSaveTests
{
    /// <summary>A stream that throws after a given number of bytes, as a full disk would.</summary>
    private sealed class FailingStream(Stream inner, long failAfter) : Stream
    {
        private long _written;

        public override bool CanRead => false;

        public override bool CanSeek => inner.CanSeek;

        public override bool CanWrite => true;

        public override long Length => inner.Length;

        public override long Position
        {
            get => inner.Position;
            set => inner.Position = value;
        }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

        public override void SetLength(long value) => inner.SetLength(value);

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (_written + buffer.Length > failAfter)
            {
                int part = (int)(failAfter - _written);
                inner.Write(buffer[..part]);
                _written += part;
                throw new IOException("No space left on device (injected)");
            }

            inner.Write(buffer);
            _written += buffer.Length;
        }
    }

    [TearDown]
    public void Reset() => AtomicFile.WrapStreamForTests = null;

    [TestCase(0)]
    [TestCase(50)]
    [TestCase(128)]
    [TestCase(5000)]
    public void FailureMidWriteKeepsTheOldFileAndRemovesTheTemp(long failAfter)
    {
        using var dir = IOTestUtil.NewTempDir();
        string path = dir.File("a.npy");
        NdArray.Save(path, NdArray.Arange<double>(3));
        byte[] before = File.ReadAllBytes(path);

        AtomicFile.WrapStreamForTests = s => new FailingStream(s, failAfter);
        var e = Assert.Throws<IOException>(() => NdArray.Save(path, NdArray.Arange<double>(1000)));
        Assert.That(e!.Message, Does.Contain("injected"));
        Assert.That(File.ReadAllBytes(path), Is.EqualTo(before), "destination untouched");
        Assert.That(Directory.GetFiles(dir.Path), Is.EqualTo(new[] { path }), "no temp file left");

        var npz = dir.File("b.npz");
        Assert.Throws<IOException>(() => NdArray.SaveNpz(npz, NdArray.Arange<double>(1000)));
        Assert.That(File.Exists(npz), Is.False, "no destination created");
        Assert.That(Directory.GetFiles(dir.Path), Is.EqualTo(new[] { path }));

        AtomicFile.WrapStreamForTests = null;
        NdArray.Save(path, NdArray.Arange<double>(1000));
        Assert.That(NdArray.Load<double>(path).Size, Is.EqualTo(1000));
    }

    [Test]
    public void FailureAtTheRenameRemovesTheTemp()
    {
        // The destination is a directory: everything is written, then the rename fails.
        using var dir = IOTestUtil.NewTempDir();
        string path = dir.File("taken");
        Directory.CreateDirectory(path);
        Assert.Throws(Is.InstanceOf<IOException>().Or.InstanceOf<UnauthorizedAccessException>(), () => NdArray.Save(path, NdArray.Arange<int>(5)));
        Assert.That(Directory.GetFiles(dir.Path), Is.Empty, "temp file removed");
        Assert.That(Directory.Exists(path), Is.True);
    }

    [Test]
    public void SaveReplacesAnExistingFileAndPreallocates()
    {
        using var dir = IOTestUtil.NewTempDir();
        string path = dir.File("a.npy");
        File.WriteAllText(path, "old content that is longer than the new array file would be? no, shorter");
        NdArray.Save(path, NdArray.Arange<short>(2));
        Assert.That(NdArray.Load<short>(path).ToArray(), Is.EqualTo(new short[] { 0, 1 }));
        Assert.That(new FileInfo(path).Length, Is.EqualTo(128 + 4));
    }

    [Test]
    public void CreateMappedAllocatesDiskBlocksUpFront()
    {
        if (!OperatingSystem.IsLinux() || !File.Exists("/usr/bin/stat"))
        {
            Assert.Ignore("checks st_blocks with stat(1) on Linux");
        }

        using var dir = IOTestUtil.NewTempDir();
        string path = dir.File("m.npy");
        const long n = 8L << 20;
        using (NdArray.CreateMapped<byte>(path, n))
        {
        }

        var psi = new ProcessStartInfo("/usr/bin/stat", ["-c", "%b %B", path]) { RedirectStandardOutput = true };
        using var p = Process.Start(psi)!;
        string[] parts = p.StandardOutput.ReadToEnd().Trim().Split(' ');
        p.WaitForExit();
        long allocated = long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture) * long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(allocated, Is.GreaterThanOrEqualTo(n), "blocks are allocated (posix_fallocate), not a sparse file");
    }

    /// <summary>
    /// As np.save: a symbolic link is written through (it stays a link, its target gets the data), and an existing
    /// file keeps its permission bits (a private 0600 file does not become 0644).
    /// </summary>
    [Test]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void SaveWritesThroughLinksAndKeepsPermissions()
    {
        using var dir = IOTestUtil.NewTempDir();
        Directory.CreateDirectory(dir.File("target"));
        Directory.CreateDirectory(dir.File("links"));
        string target = dir.File("target/data.npy");
        string link = dir.File("links/data.npy");
        NdArray.Save(target, NdArray.Arange<double>(2));
        File.CreateSymbolicLink(link, "../target/data.npy");
        File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        NdArray.Save(link, NdArray.Arange<double>(4));

        Assert.That(new FileInfo(link).LinkTarget, Is.EqualTo("../target/data.npy"), "the link stays a link");
        using var back = NdArray.Load<double>(target);
        Assert.That(back.ToArray(), Is.EqualTo(new[] { 0.0, 1, 2, 3 }));
        Assert.That(File.GetUnixFileMode(target), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        Assert.That(Directory.GetFiles(dir.File("target")).Concat(Directory.GetFiles(dir.File("links"))).Where(f => f.EndsWith(".tmp", StringComparison.Ordinal)), Is.Empty);
    }
}
