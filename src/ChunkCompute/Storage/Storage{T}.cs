using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ChunkCompute.Storage;

/// <summary>
/// Where the elements of an array live: a flat run of <see cref="Length"/> elements of <typeparamref name="T"/>.
/// Arrays and their views address a storage by element offset and strides; a storage knows nothing about shapes.
/// </summary>
/// <remarks>
/// Three kinds exist: <see cref="ManagedStorage{T}"/> (a GC array, for small arrays), <see cref="NativeStorage{T}"/>
/// (64-byte aligned native memory with transparent huge pages, any size) and <see cref="MappedStorage{T}"/>
/// (a memory-mapped file). Every storage hands out spans of at most <see cref="int.MaxValue"/> elements for any range,
/// and throws <see cref="ObjectDisposedException"/> once disposed (never an access violation).
/// </remarks>
/// <typeparam name="T">The element type.</typeparam>
public abstract class Storage<T> : IDisposable where T : unmanaged
{
    /// <summary>Number of elements.</summary>
    public abstract long Length { get; }

    /// <summary>True once <see cref="Dispose()"/> was called.</summary>
    public abstract bool IsDisposed { get; }

    /// <summary>True if the elements may be written.</summary>
    public virtual bool IsWriteable => true;

    /// <summary>
    /// A reference to element 0. The reference stays valid while this storage is reachable and not disposed;
    /// callers index it with <see cref="Unsafe.Add{T}(ref T, nint)"/> within <c>[0, Length)</c>.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The storage was disposed.</exception>
    public abstract ref T DangerousGetReference();

    /// <summary>A span over elements <c>[start, start + length)</c>.</summary>
    public Span<T> GetSpan(long start, int length)
    {
        if ((ulong)start > (ulong)Length || (ulong)length > (ulong)(Length - start))
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(start), start, $"range [{start}, {start + length}) is outside storage of length {Length}");
        }

        return MemoryMarshal.CreateSpan(ref Unsafe.Add(ref DangerousGetReference(), (nint)start), length);
    }

    /// <summary>A <see cref="Memory{T}"/> over elements <c>[start, start + length)</c>, for asynchronous code.</summary>
    public abstract Memory<T> GetMemory(long start, int length);

    /// <summary>Releases the elements. Views of this storage throw <see cref="ObjectDisposedException"/> afterwards.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases resources.</summary>
    /// <param name="disposing">True from <see cref="Dispose()"/>, false from a finalizer.</param>
    protected abstract void Dispose(bool disposing);

    /// <summary>Validates a range for <see cref="GetMemory"/>.</summary>
    protected void CheckRange(long start, int length)
    {
        if ((ulong)start > (ulong)Length || (ulong)length > (ulong)(Length - start))
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(start), start, $"range [{start}, {start + length}) is outside storage of length {Length}");
        }
    }
}
