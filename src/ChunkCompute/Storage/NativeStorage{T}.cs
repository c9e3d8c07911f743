using System.Runtime.CompilerServices;

namespace ChunkCompute.Storage;

/// <summary>
/// Elements in 64-byte aligned native memory from <see cref="NativeAllocator"/>: any size (also beyond 2^31 elements),
/// huge pages for large blocks, freed by <see cref="Storage{T}.Dispose()"/> or, as a safety net, by the finalizer.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
public sealed unsafe class NativeStorage<T> : Storage<T> where T : unmanaged
{
    private readonly long _length;
    private nint _pointer;

    /// <summary>Allocates <paramref name="length"/> elements, zeroed when <paramref name="zero"/> is true.</summary>
    public NativeStorage(long length, bool zero)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        _length = length;
        long bytes = checked(length * sizeof(T));
        _pointer = (nint)NativeAllocator.Allocate(bytes);
        if (zero)
        {
            Clear((T*)_pointer, bytes);
        }
    }

    /// <summary>Finalizer: returns the memory if the owner forgot to dispose.</summary>
    ~NativeStorage() => Dispose(false);

    /// <inheritdoc/>
    public override long Length => _length;

    /// <inheritdoc/>
    public override bool IsDisposed => _pointer == 0;

    /// <inheritdoc/>
    public override ref T DangerousGetReference()
    {
        nint p = _pointer;
        if (p == 0)
        {
            ThrowHelper.ThrowObjectDisposed("native array storage");
        }

        return ref Unsafe.AsRef<T>((void*)p);
    }

    /// <inheritdoc/>
    public override Memory<T> GetMemory(long start, int length)
    {
        CheckRange(start, length);
        return new UnmanagedMemoryManager<T>(this, start, length).Memory;
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        nint p = Interlocked.Exchange(ref _pointer, 0);
        NativeAllocator.Free((void*)p, _length * sizeof(T));
    }

    private static void Clear(T* p, long bytes)
    {
        byte* b = (byte*)p;
        while (bytes > 0)
        {
            uint n = (uint)Math.Min(bytes, 1L << 30);
            Unsafe.InitBlockUnaligned(b, 0, n);
            b += n;
            bytes -= n;
        }
    }
}
