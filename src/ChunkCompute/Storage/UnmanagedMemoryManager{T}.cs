using System.Buffers;

namespace ChunkCompute.Storage;

/// <summary>Exposes a range of native or mapped memory as <see cref="Memory{T}"/>; the owning storage keeps it alive.</summary>
internal sealed unsafe class UnmanagedMemoryManager<T> : MemoryManager<T> where T : unmanaged
{
    private readonly Storage<T> _owner;
    private readonly long _start;
    private readonly int _length;

    public UnmanagedMemoryManager(Storage<T> owner, long start, int length)
    {
        _owner = owner;
        _start = start;
        _length = length;
    }

    public override Span<T> GetSpan() => _owner.GetSpanInternal(_start, _length);

    public override MemoryHandle Pin(int elementIndex = 0)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)elementIndex, (uint)_length, nameof(elementIndex));
        ref T element = ref System.Runtime.CompilerServices.Unsafe.Add(ref _owner.DangerousGetReferenceForRead(), (nint)(_start + elementIndex));
        // The handle holds this manager (its pinnable), and the manager its storage: the memory stays alive until the
        // handle is disposed, as a pinned managed array does.
        return new MemoryHandle(System.Runtime.CompilerServices.Unsafe.AsPointer(ref element), default, this);
    }

    public override void Unpin()
    {
        // Native and mapped memory does not move; the handle only kept the storage reachable.
    }

    protected override void Dispose(bool disposing)
    {
        // The storage owns the memory.
    }
}
