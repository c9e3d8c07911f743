using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ChunkCompute.IO;
using ChunkCompute.Storage;
using Microsoft.Win32.SafeHandles;

namespace ChunkCompute;

/// <summary>
/// <c>.npy</c> reading and writing (<c>np.load</c>, <c>np.save</c>) and memory-mapped arrays
/// (<c>np.load(mmap_mode=...)</c>, <c>open_memmap</c>). The format is described on <see cref="NpyFormat"/>.
/// </summary>
/// <remarks>
/// Errors: malformed files raise <see cref="NpyFormatException"/> (an <see cref="IOException"/>) naming the offset and
/// field; valid files of an unsupported dtype raise <see cref="NotSupportedException"/>; a typed load of a file of
/// another dtype raises <see cref="InvalidCastException"/>; file-system failures raise the usual <see cref="IOException"/>s.
/// </remarks>
public abstract partial class NdArray
{
    /// <summary>Bytes read or written per system call (a multiple of every item size; below the 2 GiB span limit).</summary>
    private const int IoBlockBytes = 1 << 30;

    /// <summary>Reads the header of the <c>.npy</c> file at <paramref name="path"/> without loading the data (checks the file length too).</summary>
    /// <param name="path">The file.</param>
    /// <param name="maxHeaderSize">Cap on the header length (NumPy's <c>max_header_size</c>).</param>
    /// <exception cref="NpyFormatException">The file is malformed, truncated or has trailing bytes.</exception>
    /// <exception cref="NotSupportedException">The dtype is not one of the twelve supported.</exception>
    public static NpyHeader ReadHeader(string path, int maxHeaderSize = NpyFormat.DefaultMaxHeaderSize)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return ReadFileHeader(handle, path, maxHeaderSize);
    }

    /// <summary>Loads a <c>.npy</c> file (<c>np.load</c>) into a new array of the file's dtype; big-endian data is byte-swapped.</summary>
    /// <param name="path">The file.</param>
    /// <param name="maxHeaderSize">Cap on the header length (NumPy's <c>max_header_size</c>).</param>
    /// <returns>An <see cref="NdArray{T}"/> of the file's dtype, C-ordered or Fortran-ordered as stored.</returns>
    /// <exception cref="NpyFormatException">The file is malformed, truncated or has trailing bytes.</exception>
    /// <exception cref="NotSupportedException">The dtype is not one of the twelve supported.</exception>
    public static NdArray Load(string path, int maxHeaderSize = NpyFormat.DefaultMaxHeaderSize)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.SequentialScan);
        var header = ReadFileHeader(handle, path, maxHeaderSize);
        return ReadData(header, new FileSource(handle, header.DataOffset));
    }

    /// <summary>Loads a <c>.npy</c> file whose dtype is <typeparamref name="T"/>.</summary>
    /// <exception cref="InvalidCastException">The file holds another dtype (named in the message); load it untyped and call <c>AsType</c>.</exception>
    /// <inheritdoc cref="Load(string, int)"/>
    public static NdArray<T> Load<T>(string path, int maxHeaderSize = NpyFormat.DefaultMaxHeaderSize) where T : unmanaged
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.SequentialScan);
        var header = ReadFileHeader(handle, path, maxHeaderSize);
        CheckDType<T>(header, path, "Load");
        return ReadData<T>(header, new FileSource(handle, header.DataOffset));
    }

    /// <summary>
    /// Reads one <c>.npy</c> array from <paramref name="stream"/> at its current position, leaving the stream after the
    /// data (as <c>np.load</c> on a file object: several arrays may follow each other). A seekable stream is checked for
    /// enough remaining bytes before anything is allocated.
    /// </summary>
    /// <exception cref="NpyFormatException">The data is malformed or ends early.</exception>
    /// <exception cref="NotSupportedException">The dtype is not one of the twelve supported.</exception>
    public static NdArray Load(Stream stream, int maxHeaderSize = NpyFormat.DefaultMaxHeaderSize)
    {
        ArgumentNullException.ThrowIfNull(stream);
        long start = stream.CanSeek ? stream.Position : 0;
        var header = NpyFormat.ReadHeader(stream, "stream", maxHeaderSize);
        return LoadFromStream(header, stream, start, "stream");
    }

    /// <summary>Reads one <c>.npy</c> array of dtype <typeparamref name="T"/> from <paramref name="stream"/>.</summary>
    /// <exception cref="InvalidCastException">The stream holds another dtype.</exception>
    /// <inheritdoc cref="Load(Stream, int)"/>
    public static NdArray<T> Load<T>(Stream stream, int maxHeaderSize = NpyFormat.DefaultMaxHeaderSize) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(stream);
        long start = stream.CanSeek ? stream.Position : 0;
        var header = NpyFormat.ReadHeader(stream, "stream", maxHeaderSize);
        CheckDType<T>(header, "stream", "Load");
        return (NdArray<T>)LoadFromStream(header, stream, start, "stream");
    }

    /// <summary>
    /// Saves <paramref name="array"/> as a <c>.npy</c> file (<c>np.save</c>), byte-identical to what NumPy writes.
    /// The file is written to a temporary name in the same directory and renamed, so a failure never leaves a
    /// half-written destination. Non-contiguous arrays (views, transposes) are written in the requested order.
    /// </summary>
    /// <param name="path">Destination (replaced if it exists).</param>
    /// <param name="array">The array.</param>
    /// <param name="fortranOrder">
    /// Write the data in Fortran (column-major) order with <c>fortran_order: True</c>, as <c>np.save(path, np.asfortranarray(a))</c>;
    /// false writes C order. Null (the default) does what <c>np.save</c> does with the array's layout: Fortran order for
    /// an array that is Fortran- but not C-contiguous (a loaded Fortran-order file, a transpose), C order otherwise.
    /// Where Fortran and C order coincide (0-d, 1-d, empty, at most one axis longer than 1) the header says <c>False</c>, as NumPy writes it.
    /// </param>
    /// <param name="version">Format version 1.0, 2.0 or 3.0; null chooses as NumPy does (1.0 unless the header is too long).</param>
    public static void Save(string path, NdArray array, bool? fortranOrder = null, Version? version = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(array);
        bool fortran = WritesFortranOrder(array, fortranOrder);
        byte[] header = NpyFormat.BuildHeader(array.DType, array.Shape.AsSpan(), fortran, version);
        AtomicFile.Write(path, header.Length + array.NBytes, stream =>
        {
            stream.Write(header);
            array.WriteBytesTo(stream, fortran);
        });
    }

    /// <summary>Writes <paramref name="array"/> in <c>.npy</c> format to <paramref name="stream"/> at its current position.</summary>
    /// <inheritdoc cref="Save(string, NdArray, bool?, Version?)"/>
    public static void Save(Stream stream, NdArray array, bool? fortranOrder = null, Version? version = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(array);
        bool fortran = WritesFortranOrder(array, fortranOrder);
        stream.Write(NpyFormat.BuildHeader(array.DType, array.Shape.AsSpan(), fortran, version));
        array.WriteBytesTo(stream, fortran);
    }

    /// <summary>
    /// Maps a little-endian <c>.npy</c> file into memory (<c>np.load(path, mmap_mode=...)</c>): nothing is read until
    /// touched, and the file may be larger than RAM. The returned array owns the mapping: dispose it to unmap; views
    /// and chunks then throw <see cref="ObjectDisposedException"/>.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="mode"><see cref="MapMode.Read"/> (array not writeable), <see cref="MapMode.ReadWrite"/> (writes reach the file) or <see cref="MapMode.CopyOnWrite"/> (private writes).</param>
    /// <param name="maxHeaderSize">Cap on the header length.</param>
    /// <remarks>
    /// Elements are used as stored: bool bytes other than 0 and 1 (never written by NumPy) are not normalised as
    /// <see cref="Load(string, int)"/> does. If another process truncates the file while it is mapped, touching the
    /// lost pages raises SIGBUS, as with any memory map (NumPy included).
    /// </remarks>
    /// <exception cref="NpyFormatException">The file is malformed, truncated or has trailing bytes.</exception>
    /// <exception cref="NotSupportedException">The file is big-endian (load it with <see cref="Load(string, int)"/> instead) or of an unsupported dtype.</exception>
    /// <exception cref="InvalidCastException">The file holds another dtype than <typeparamref name="T"/>.</exception>
    public static NdArray<T> OpenMapped<T>(string path, MapMode mode = MapMode.Read, int maxHeaderSize = NpyFormat.DefaultMaxHeaderSize) where T : unmanaged
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!Enum.IsDefined(mode))
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "unknown map mode");
        }

        NpyHeader header;
        using (var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        {
            header = ReadFileHeader(handle, path, maxHeaderSize);
        }

        CheckDType<T>(header, path, "OpenMapped");
        if (header.IsBigEndian)
        {
            throw new NotSupportedException($"{path}: big-endian data ('{header.Descr}') cannot be memory-mapped as native values; use NdArray.Load, which byte-swaps.");
        }

        var storage = new MappedStorage<T>(path, header.DataOffset, header.Size, mode);
        long[] shape = header.Shape.ToArray();
        long[] strides = header.FortranOrder ? FStrides(shape) : CStrides(shape);
        return new NdArray<T>(storage, shape, strides, 0, ownsStorage: true, writeable: mode != MapMode.Read);
    }

    /// <summary>
    /// Creates a <c>.npy</c> file of <paramref name="shape"/> filled with zeros and maps it read-write
    /// (<c>numpy.lib.format.open_memmap(path, mode="w+")</c>). The file's blocks are allocated now
    /// (<c>posix_fallocate</c>), so a full disk raises <see cref="IOException"/> here rather than a crash on a later write.
    /// </summary>
    /// <param name="path">The file (replaced if it exists).</param>
    /// <param name="shape">The array shape.</param>
    /// <exception cref="ArgumentException">A negative length, or the array needs more than <see cref="long.MaxValue"/> bytes.</exception>
    /// <exception cref="IOException">The file cannot be created or the disk is full.</exception>
    public static NdArray<T> CreateMapped<T>(string path, params long[] shape) where T : unmanaged
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(shape);
        shape = (long[])shape.Clone();
        var dtype = DType.Of<T>();
        long size = Shape.ComputeSize(shape);
        long nbytes = size <= long.MaxValue / dtype.ItemSize ? size * dtype.ItemSize
            : throw new ArgumentException($"array is too big: shape {Shape.Format(shape)} of {dtype} needs more than {long.MaxValue} bytes", nameof(shape));
        byte[] header = NpyFormat.BuildHeader(dtype, shape, fortranOrder: false);
        long total = header.Length + nbytes;
        try
        {
            var options = new FileStreamOptions
            {
                Mode = FileMode.Create,
                Access = FileAccess.ReadWrite,
                Share = FileShare.Read,
                PreallocationSize = total,
            };
            using var file = new FileStream(path, options);
            file.Write(header);
            file.SetLength(total);
        }
        catch
        {
            try
            {
                File.Delete(path);
            }
            catch (IOException)
            {
                // The original failure matters more.
            }

            throw;
        }

        var storage = new MappedStorage<T>(path, header.Length, size, MapMode.ReadWrite);
        return new NdArray<T>(storage, shape, CStrides(shape), 0, ownsStorage: true);
    }

    /// <summary>
    /// Writes the changed pages of a memory-mapped array (or any view of one) to its file, as NumPy's <c>memmap.flush</c>.
    /// Does nothing for arrays that are not mapped read-write.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The mapping was disposed.</exception>
    public static void Flush<T>(NdArray<T> array) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(array);
        if (array.Storage is MappedStorage<T> mapped)
        {
            mapped.Flush();
        }
    }

    /// <summary>
    /// NumPy writes <c>fortran_order: True</c> only for arrays that are F- but not C-contiguous; with no request, the
    /// array's own layout decides, as in <c>np.save</c>. Also refuses what NumPy cannot load (more than 32 axes).
    /// </summary>
    private static bool WritesFortranOrder(NdArray array, bool? requested)
    {
        if (array.NDim > MaxNumPyDimensions)
        {
            ThrowHelper.ThrowArgument($"NumPy reads at most {MaxNumPyDimensions} dimensions; this array has {array.NDim} (shape {array.Shape})", nameof(array));
        }

        if (!(requested ?? (array.IsFContiguous && !array.IsCContiguous)) || array.Size == 0)
        {
            return false;
        }

        int longAxes = 0;
        foreach (long n in array.Shape.AsSpan())
        {
            longAxes += n > 1 ? 1 : 0;
        }

        return longAxes > 1;
    }

    /// <summary>NumPy 1.24's <c>NPY_MAXDIMS</c>: a file with more axes cannot be loaded there.</summary>
    private const int MaxNumPyDimensions = 32;

    /// <summary>Reads and validates the header of an open file, including the exact data length.</summary>
    internal static NpyHeader ReadFileHeader(SafeFileHandle handle, string path, int maxHeaderSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxHeaderSize);
        long fileLength = RandomAccess.GetLength(handle);

        // The header reader takes the prefix, then exactly header_len bytes: a raised cap never reads more of the file.
        using var stream = new HandleReadStream(handle, fileLength);
        var header = NpyFormat.ReadHeader(stream, path, maxHeaderSize);
        CheckLength(header, fileLength - header.DataOffset, path);
        return header;
    }

    /// <summary>A read-only, seekable view of a file handle that does not own it (the header reader's input).</summary>
    private sealed class HandleReadStream(SafeFileHandle handle, long length) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => true;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position { get; set; }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int n = Position >= length ? 0 : RandomAccess.Read(handle, buffer, Position);
            Position += n;
            return n;
        }

        public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => Position + offset,
            _ => length + offset,
        };

        public override void Flush()
        {
        }

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private static void CheckLength(NpyHeader header, long available, string source)
    {
        if (available == header.DataLength)
        {
            return;
        }

        string what = available < header.DataLength ? "truncated" : "followed by extra bytes";
        throw new NpyFormatException(
            $"{source}: data is {what}: shape {header.Shape} of '{header.Descr}' needs {header.DataLength} bytes after the header (at byte {header.DataOffset}), but {available} are present",
            header.DataOffset + Math.Min(available, header.DataLength),
            "data");
    }

    private static void CheckDType<T>(NpyHeader header, string source, string method) where T : unmanaged
    {
        var want = DType.Of<T>();
        if (header.DType != want)
        {
            throw new InvalidCastException(
                $"{source} holds {header.DType} ('{header.Descr}') data, not {want}: call {method}<{header.DType.ClrType.Name}> or NdArray.Load(path).AsType<{typeof(T).Name}>().");
        }
    }

    private static NdArray LoadFromStream(NpyHeader header, Stream stream, long start, string source)
    {
        if (stream.CanSeek)
        {
            long available = stream.Length - stream.Position;
            if (available < header.DataLength)
            {
                CheckLength(header, available, source);
            }

            return ReadData(header, new StreamSource(stream, start + header.DataOffset, source));
        }

        // Without a length, never allocate what the header merely claims: buffer what actually arrives first
        // (in 16 MiB blocks, so more than 2 GiB works), then allocate the array and copy.
        if (header.DataLength > 64L << 20)
        {
            const int blockSize = 16 << 20;
            var blocks = new List<byte[]>();
            for (long remaining = header.DataLength; remaining > 0;)
            {
                var block = new byte[(int)Math.Min(blockSize, remaining)];
                int filled = 0;
                while (filled < block.Length)
                {
                    int n = stream.Read(block, filled, block.Length - filled);
                    if (n == 0)
                    {
                        CheckLength(header, header.DataLength - remaining + filled, source);
                    }

                    filled += n;
                }

                blocks.Add(block);
                remaining -= block.Length;
            }

            return ReadData(header, new BlockSource(blocks, blockSize));
        }

        return ReadData(header, new StreamSource(stream, start + header.DataOffset, source));
    }

    private static NdArray ReadData<TSource>(NpyHeader header, TSource source) where TSource : IByteSource => header.DType.Code switch
    {
        0 => ReadData<double, TSource>(header, source),
        1 => ReadData<float, TSource>(header, source),
        2 => ReadData<Half, TSource>(header, source),
        3 => ReadData<long, TSource>(header, source),
        4 => ReadData<int, TSource>(header, source),
        5 => ReadData<short, TSource>(header, source),
        6 => ReadData<sbyte, TSource>(header, source),
        7 => ReadData<ulong, TSource>(header, source),
        8 => ReadData<uint, TSource>(header, source),
        9 => ReadData<ushort, TSource>(header, source),
        10 => ReadData<byte, TSource>(header, source),
        _ => ReadData<bool, TSource>(header, source),
    };

    private static NdArray<T> ReadData<T>(NpyHeader header, FileSource source) where T : unmanaged => ReadData<T, FileSource>(header, source);

    /// <summary>Allocates the array and reads the data straight into its memory (no intermediate buffer), then fixes byte order and bools.</summary>
    private static NdArray<T> ReadData<T, TSource>(NpyHeader header, TSource source) where T : unmanaged where TSource : IByteSource
    {
        long[] shape = header.Shape.ToArray();
        var array = Allocate<T>(shape, zero: false);
        if (header.FortranOrder && shape.Length > 1)
        {
            array = new NdArray<T>(array.Storage, shape, FStrides(shape), 0, ownsStorage: true);
        }

        try
        {
            ref byte bytes = ref Unsafe.As<T, byte>(ref array.Storage.DangerousGetReferenceInternal());
            for (long done = 0; done < header.DataLength;)
            {
                int n = (int)Math.Min(IoBlockBytes, header.DataLength - done);
                var block = MemoryMarshal.CreateSpan(ref Unsafe.Add(ref bytes, (nint)done), n);
                source.Read(block, done, header);
                FixUp<T>(block, header.IsBigEndian);
                done += n;
            }
        }
        catch
        {
            array.Dispose();
            throw;
        }

        return array;
    }

    /// <summary>Byte-swaps big-endian elements and normalises bools to 0/1 (NumPy treats any non-zero byte as True).</summary>
    private static void FixUp<T>(Span<byte> block, bool bigEndian) where T : unmanaged
    {
        if (typeof(T) == typeof(bool))
        {
            foreach (ref byte b in block)
            {
                b = b != 0 ? (byte)1 : (byte)0;
            }

            return;
        }

        if (!bigEndian)
        {
            return;
        }

        switch (Unsafe.SizeOf<T>())
        {
            case 2:
                var s16 = MemoryMarshal.Cast<byte, ushort>(block);
                BinaryPrimitives.ReverseEndianness(s16, s16);
                break;
            case 4:
                var s32 = MemoryMarshal.Cast<byte, uint>(block);
                BinaryPrimitives.ReverseEndianness(s32, s32);
                break;
            case 8:
                var s64 = MemoryMarshal.Cast<byte, ulong>(block);
                BinaryPrimitives.ReverseEndianness(s64, s64);
                break;
        }
    }

    /// <summary>Where data bytes come from: positional file reads or a stream.</summary>
    private interface IByteSource
    {
        /// <summary>Fills <paramref name="destination"/> with data bytes starting at data byte <paramref name="dataPosition"/>.</summary>
        void Read(Span<byte> destination, long dataPosition, NpyHeader header);
    }

    private readonly struct FileSource(SafeFileHandle handle, long dataOffset) : IByteSource
    {
        public void Read(Span<byte> destination, long dataPosition, NpyHeader header)
        {
            int total = 0;
            while (total < destination.Length)
            {
                int n = RandomAccess.Read(handle, destination[total..], dataOffset + dataPosition + total);
                if (n == 0)
                {
                    CheckLength(header, dataPosition + total, "file");
                }

                total += n;
            }
        }
    }

    private readonly struct BlockSource(List<byte[]> blocks, int blockSize) : IByteSource
    {
        public void Read(Span<byte> destination, long dataPosition, NpyHeader header)
        {
            int total = 0;
            while (total < destination.Length)
            {
                long at = dataPosition + total;
                byte[] block = blocks[(int)(at / blockSize)];
                int offset = (int)(at % blockSize);
                int n = Math.Min(block.Length - offset, destination.Length - total);
                block.AsSpan(offset, n).CopyTo(destination[total..]);
                total += n;
            }
        }
    }

    private readonly struct StreamSource(Stream stream, long dataOffset, string source) : IByteSource
    {
        public void Read(Span<byte> destination, long dataPosition, NpyHeader header)
        {
            int total = 0;
            while (total < destination.Length)
            {
                int n = stream.Read(destination[total..]);
                if (n == 0)
                {
                    throw new NpyFormatException(
                        $"{source}: data is truncated: shape {header.Shape} of '{header.Descr}' needs {header.DataLength} bytes after the header, but the stream ends after {dataPosition + total}",
                        dataOffset + dataPosition + total,
                        "data");
                }

                total += n;
            }
        }
    }
}
