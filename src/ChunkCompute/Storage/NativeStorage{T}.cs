using System.Runtime.CompilerServices;

namespace ChunkCompute.Storage;

/// <summary>
/// Elements in 64-byte aligned native memory from <see cref="NativeAllocator"/>: any size (also beyond 2^31 elements),
/// huge pages for large blocks, freed by <see cref="Storage{T}.Dispose()"/> or, as a safety net, by the finalizer.
/// </summary>
/// <remarks>
/// The finalizer only runs once neither this storage nor any array or view over it is reachable, so views keep the
/// memory alive. After an explicit <see cref="Storage{T}.Dispose()"/>, <see cref="Storage{T}.DangerousGetReference"/> throws
/// <see cref="ObjectDisposedException"/>. Disposing while another thread is still using the memory is a caller bug
/// (as with any <see cref="IDisposable"/>); it is not detected.
/// </remarks>
/// <typeparam name="T">The element type.</typeparam>
public sealed unsafe class NativeStorage<T> : Storage<T> where T : unmanaged
{
    private readonly long _length;
    private readonly long _bytes;
    private nint _pointer;

    /// <summary>Allocates <paramref name="length"/> elements, zeroed when <paramref name="zero"/> is true.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative.</exception>
    /// <exception cref="ArgumentException"><c>length * sizeof(T)</c> does not fit in 64 bits.</exception>
    /// <exception cref="OutOfMemoryException">The system cannot provide the memory.</exception>
    public NativeStorage(long length, bool zero)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (length > long.MaxValue / sizeof(T))
        {
            throw new ArgumentException($"array is too big: {length} elements of {sizeof(T)} bytes need more than {long.MaxValue} bytes", nameof(length));
        }

        _length = length;
        _bytes = length * sizeof(T);
        _pointer = (nint)NativeAllocator.Allocate(_bytes, out bool zeroed);
        if (zero && !zeroed)
        {
            Clear((byte*)_pointer, _bytes);
            zeroed = true;
        }

        IsKnownZero = zeroed;
    }

    /// <summary>Finalizer: returns the memory if the owner forgot to dispose.</summary>
    ~NativeStorage() => Dispose(false);

    /// <inheritdoc/>
    public override long Length => _length;

    /// <inheritdoc/>
    public override bool IsDisposed => Volatile.Read(ref _pointer) == 0;

    /// <summary>True when the memory was all zero when this storage was created (a fresh mapping, or cleared on request).</summary>
    internal bool IsKnownZero { get; }

    /// <inheritdoc/>
    protected override ref T DangerousGetReferenceCore()
    {
        nint p = Volatile.Read(ref _pointer);
        if (p == 0)
        {
            ThrowHelper.ThrowObjectDisposed("native array storage");
        }

        return ref Unsafe.AsRef<T>((void*)p);
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        nint p = Interlocked.Exchange(ref _pointer, 0);
        NativeAllocator.Free((void*)p, _bytes);
    }

    private static void Clear(byte* p, long bytes)
    {
        while (bytes > 0)
        {
            uint n = (uint)Math.Min(bytes, 1L << 30);
            Unsafe.InitBlockUnaligned(p, 0, n);
            p += n;
            bytes -= n;
        }
    }
}
