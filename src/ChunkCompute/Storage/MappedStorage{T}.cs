using System.IO.MemoryMappedFiles;
using System.Runtime.CompilerServices;
using Microsoft.Win32.SafeHandles;

namespace ChunkCompute.Storage;

/// <summary>How a memory-mapped array may be used, as NumPy's <c>mmap_mode</c>.</summary>
public enum MapMode
{
    /// <summary>Read only (<c>mmap_mode="r"</c>); writes throw <see cref="InvalidOperationException"/>.</summary>
    Read,
    /// <summary>Read and write; writes reach the file (<c>mmap_mode="r+"</c>).</summary>
    ReadWrite,
    /// <summary>Copy on write; writes stay in memory and never reach the file (<c>mmap_mode="c"</c>).</summary>
    CopyOnWrite,
}

/// <summary>
/// Elements in a memory-mapped file (file-backed, shareable between processes; named maps do not work on Linux).
/// The mapping covers the whole file and the elements start at a byte offset (the <c>.npy</c> header length).
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
public sealed unsafe class MappedStorage<T> : Storage<T> where T : unmanaged
{
    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private readonly SafeMemoryMappedViewHandle _handle;
    private readonly long _length;
    private readonly MapMode _mode;
    private nint _pointer;

    /// <summary>
    /// Maps <paramref name="path"/> and exposes <paramref name="length"/> elements starting at byte <paramref name="byteOffset"/>.
    /// </summary>
    /// <exception cref="IOException">The file is shorter than <c>byteOffset + length * sizeof(T)</c>, or cannot be mapped.</exception>
    public MappedStorage(string path, long byteOffset, long length, MapMode mode)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentOutOfRangeException.ThrowIfNegative(byteOffset);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Path = System.IO.Path.GetFullPath(path);
        ByteOffset = byteOffset;
        _length = length;
        _mode = mode;

        // Another process (or another map of the file) may write it at any time: never defer operators over it.
        MarkExposed();

        long needed = checked(byteOffset + (length * sizeof(T)));
        var fileAccess = mode == MapMode.ReadWrite ? FileAccess.ReadWrite : FileAccess.Read;
        using var stream = new FileStream(Path, FileMode.Open, fileAccess, FileShare.ReadWrite | FileShare.Delete);
        if (stream.Length < needed)
        {
            throw new IOException($"'{Path}' has {stream.Length} bytes but {needed} are needed ({length} elements of {sizeof(T)} bytes at offset {byteOffset}).");
        }

        var (mapAccess, viewAccess) = mode switch
        {
            MapMode.Read => (MemoryMappedFileAccess.Read, MemoryMappedFileAccess.Read),
            MapMode.ReadWrite => (MemoryMappedFileAccess.ReadWrite, MemoryMappedFileAccess.ReadWrite),
            _ => (MemoryMappedFileAccess.Read, MemoryMappedFileAccess.CopyOnWrite),
        };

        // A zero-length file cannot be mapped; an empty array needs no memory, so point at a dummy instead.
        if (stream.Length == 0 || needed == 0)
        {
            _file = null!;
            _view = null!;
            _handle = null!;
            _pointer = (nint)NativeAllocator.Allocate(NativeAllocator.Alignment);
            _emptyDummy = true;
            return;
        }

        _file = MemoryMappedFile.CreateFromFile(stream, mapName: null, capacity: 0, mapAccess, HandleInheritability.None, leaveOpen: false);
        try
        {
            _view = _file.CreateViewAccessor(0, 0, viewAccess);
            _handle = _view.SafeMemoryMappedViewHandle;
            byte* basePtr = null;
            _handle.AcquirePointer(ref basePtr);
            _pointer = (nint)(basePtr + _view.PointerOffset + byteOffset);
        }
        catch
        {
            _view?.Dispose();
            _file.Dispose();
            throw;
        }
    }

    private readonly bool _emptyDummy;

    /// <summary>Finalizer: releases the mapping if the owner forgot to dispose.</summary>
    ~MappedStorage() => Dispose(false);

    /// <summary>Full path of the mapped file.</summary>
    public string Path { get; }

    /// <summary>Byte offset of element 0 in the file.</summary>
    public long ByteOffset { get; }

    /// <summary>The mode the file was mapped with.</summary>
    public MapMode Mode => _mode;

    /// <inheritdoc/>
    public override long Length => _length;

    /// <inheritdoc/>
    public override bool IsDisposed => _pointer == 0;

    /// <inheritdoc/>
    public override bool IsWriteable => _mode != MapMode.Read;

    /// <inheritdoc/>
    protected override ref T DangerousGetReferenceCore()
    {
        nint p = _pointer;
        if (p == 0)
        {
            ThrowHelper.ThrowObjectDisposed("memory-mapped array");
        }

        return ref Unsafe.AsRef<T>((void*)p);
    }

    /// <summary>Writes changed pages to the file (no-op for read-only and copy-on-write maps).</summary>
    public void Flush()
    {
        if (_pointer == 0)
        {
            ThrowHelper.ThrowObjectDisposed("memory-mapped array");
        }

        if (_mode == MapMode.ReadWrite && !_emptyDummy)
        {
            _view.Flush();
        }
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        nint p = Interlocked.Exchange(ref _pointer, 0);
        if (p == 0)
        {
            return;
        }

        if (_emptyDummy)
        {
            NativeAllocator.Free((void*)p, NativeAllocator.Alignment);
            return;
        }

        _handle.ReleasePointer();
        if (disposing)
        {
            _view.Dispose();
            _file.Dispose();
        }
    }
}
