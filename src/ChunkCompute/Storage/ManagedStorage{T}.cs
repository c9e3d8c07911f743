using System.Runtime.InteropServices;

namespace ChunkCompute.Storage;

/// <summary>Elements in a managed array (small arrays, and arrays wrapped from user data without a copy).</summary>
/// <typeparam name="T">The element type.</typeparam>
public sealed class ManagedStorage<T> : Storage<T> where T : unmanaged
{
    private readonly T[] _array;

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
    public override bool IsDisposed => false;

    /// <summary>The underlying array.</summary>
    internal T[] Array => _array;

    /// <inheritdoc/>
    protected override ref T DangerousGetReferenceCore() => ref MemoryMarshal.GetArrayDataReference(_array);

    /// <inheritdoc/>
    protected override Memory<T> GetMemoryCore(long start, int length) => new(_array, (int)start, length);

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        // Managed memory is reclaimed by the GC.
    }
}
