using System.Runtime.InteropServices;

namespace ChunkCompute.Storage;

/// <summary>Elements in a managed array (small arrays, and arrays wrapped from user data without a copy).</summary>
/// <typeparam name="T">The element type.</typeparam>
public sealed class ManagedStorage<T> : Storage<T> where T : unmanaged
{
    private readonly T[] _array;
    private volatile bool _disposed;

    /// <summary>Wraps <paramref name="array"/>; writes through the storage are visible in it.</summary>
    public ManagedStorage(T[] array)
    {
        ArgumentNullException.ThrowIfNull(array);
        _array = array;
    }

    /// <summary>Allocates <paramref name="length"/> elements, zeroed when <paramref name="zero"/> is true.</summary>
    public ManagedStorage(int length, bool zero)
    {
        _array = zero ? new T[length] : GC.AllocateUninitializedArray<T>(length);
    }

    /// <inheritdoc/>
    public override long Length => _array.Length;

    /// <inheritdoc/>
    public override bool IsDisposed => _disposed;

    /// <summary>The underlying array.</summary>
    internal T[] Array => _array;

    /// <inheritdoc/>
    protected override ref T DangerousGetReferenceCore()
    {
        ThrowIfDisposed();
        return ref MemoryMarshal.GetArrayDataReference(_array);
    }

    /// <inheritdoc/>
    protected override Memory<T> GetMemoryCore(long start, int length)
    {
        ThrowIfDisposed();
        return new(_array, (int)start, length);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The GC reclaims the array; disposal only marks the storage, so that a disposed array and its views throw
    /// <see cref="ObjectDisposedException"/> whatever their size, as native and mapped storage do.
    /// </remarks>
    protected override void Dispose(bool disposing) => _disposed = true;

    private void ThrowIfDisposed()
    {
        if (_disposed)
        {
            ThrowHelper.ThrowObjectDisposed("managed array storage");
        }
    }
}
