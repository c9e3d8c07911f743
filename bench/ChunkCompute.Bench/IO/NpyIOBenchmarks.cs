using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using ChunkCompute.Storage;
using Microsoft.Win32.SafeHandles;

namespace ChunkCompute.Bench.IO;

/// <summary>
/// <c>.npy</c> load and save of a 400 MB float64 file (50,000,000 elements) against raw reads and writes of the same
/// bytes into/from the same kind of memory (64-byte-aligned native blocks from <see cref="NativeAllocator"/>), plus
/// <see cref="File.ReadAllBytes"/>. Throughput = 400,000,128 bytes / mean time. The file is in the page cache after the
/// first iteration, so these measure the copy path (syscalls, allocation, page faults), not the disk.
/// </summary>
[MemoryDiagnoser]
public class NpyIOBenchmarks
{
    /// <summary>50,000,000 float64 = 400 MB.</summary>
    public const long Elements = 50_000_000;

    private string _dir = string.Empty;
    private string _bigPath = string.Empty;
    private string _savePath = string.Empty;
    private string _rawPath = string.Empty;
    private NdArray<double> _array = null!;
    private long _fileLength;

    [GlobalSetup]
    public void Setup()
    {
        _dir = Path.Combine(Path.GetTempPath(), "cc-bench-io-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
        _bigPath = Path.Combine(_dir, "big.npy");
        _savePath = Path.Combine(_dir, "saved.npy");
        _rawPath = Path.Combine(_dir, "raw.bin");
        _array = new NdRandom(1).Uniform([Elements], 0, 1);
        NdArray.Save(_bigPath, _array);
        _fileLength = new FileInfo(_bigPath).Length;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _array.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>Baseline: <c>File.ReadAllBytes</c> (allocates a new managed array each time).</summary>
    [Benchmark]
    public int Raw_FileReadAllBytes() => File.ReadAllBytes(_bigPath).Length;

    /// <summary>Baseline: <c>RandomAccess.Read</c> of the whole file into a native block (as Load does, without parsing).</summary>
    [Benchmark(Baseline = true)]
    public unsafe long Raw_RandomAccessRead()
    {
        void* p = NativeAllocator.Allocate(_fileLength);
        try
        {
            using SafeFileHandle h = File.OpenHandle(_bigPath, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
            long done = 0;
            while (done < _fileLength)
            {
                int n = (int)Math.Min(1 << 30, _fileLength - done);
                int got = RandomAccess.Read(h, new Span<byte>((byte*)p + done, n), done);
                if (got == 0)
                {
                    break;
                }

                done += got;
            }

            return done;
        }
        finally
        {
            NativeAllocator.Free(p, _fileLength);
        }
    }

    /// <summary><see cref="NdArray.Load(string, int)"/> of the 400 MB file.</summary>
    [Benchmark]
    public long Npy_Load()
    {
        using var a = NdArray.Load(_bigPath);
        return a.Size;
    }

    /// <summary>Baseline for saving: write the same 400 MB from native memory with a <see cref="FileStream"/> (no temp file, no rename).</summary>
    [Benchmark]
    public unsafe long Raw_Write()
    {
        using var f = new FileStream(_rawPath, FileMode.Create, FileAccess.Write, FileShare.None, 1);
        ref byte b = ref System.Runtime.CompilerServices.Unsafe.As<double, byte>(ref _array.DangerousGetReference());
        long total = Elements * sizeof(double);
        for (long done = 0; done < total;)
        {
            int n = (int)Math.Min(1 << 24, total - done);
            f.Write(MemoryMarshal.CreateReadOnlySpan(ref System.Runtime.CompilerServices.Unsafe.Add(ref b, (nint)done), n));
            done += n;
        }

        return f.Length;
    }

    /// <summary><see cref="NdArray.Save(string, NdArray, bool, Version?)"/> of the 400 MB array (temp file + rename).</summary>
    [Benchmark]
    public long Npy_Save()
    {
        NdArray.Save(_savePath, _array);
        return _array.Size;
    }
}

/// <summary><see cref="NdArray.OpenMapped{T}"/> (open + first element + dispose) of a 4 MB and a 400 MB file: should not grow with size.</summary>
public class OpenMappedBenchmarks
{
    private string _dir = string.Empty;

    /// <summary>File size in MB.</summary>
    [Params(4, 400)]
    public int SizeMB { get; set; }

    private string _path = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _dir = Path.Combine(Path.GetTempPath(), "cc-bench-map-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
        _path = Path.Combine(_dir, "m.npy");
        using var m = NdArray.CreateMapped<double>(_path, SizeMB * 125_000L);
        m.Fill(1.0);
        NdArray.Flush(m);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_dir, recursive: true);

    [Benchmark]
    public double OpenMapped()
    {
        using var m = NdArray.OpenMapped<double>(_path);
        return m[0];
    }
}
