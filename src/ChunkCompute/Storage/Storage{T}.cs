using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ChunkCompute.Storage;

/// <summary>
/// Where the elements of an array live: a flat run of <see cref="Length"/> elements of <typeparamref name="T"/>.
/// Arrays and their views address a storage by element offset and strides; a storage knows nothing about shapes.
/// </summary>
/// <remarks>
/// <para>Three kinds exist: <see cref="ManagedStorage{T}"/> (a GC array, for small arrays), <see cref="NativeStorage{T}"/>
/// (64-byte aligned native memory with transparent huge pages, any size) and <see cref="MappedStorage{T}"/>
/// (a memory-mapped file); the result of a deferred operator expression (<see cref="NdArray.IsDeferred"/>) has a
/// storage of its own that computes its elements on first access. Every storage hands out spans of at most
/// <see cref="int.MaxValue"/> elements for any range, and throws <see cref="ObjectDisposedException"/> once disposed
/// (never an access violation).</para>
/// <para><b>Pending readers.</b> A storage that is an input of a deferred expression not yet evaluated keeps weak
/// references to it; before its elements may be written (and before it is disposed) those expressions are evaluated,
/// so they see the values they were built from, as NumPy's eager operators would. The public accessors
/// (<see cref="DangerousGetReference"/>, <see cref="GetSpan"/>, <see cref="GetMemory"/>) also mark the storage
/// <i>exposed</i>: writes through raw memory cannot be tracked, so operators never defer over it afterwards.</para>
/// </remarks>
/// <typeparam name="T">The element type.</typeparam>
public abstract class Storage<T> : IDisposable where T : unmanaged
{
    private PendingReaders? _readers;
    private volatile bool _exposed;
    private int _leases; // running map items over this storage (TryAcquireLease)
    private int _disposeState; // 0 live, 1 Dispose() called but leases held, 2 released

    /// <summary>Number of elements.</summary>
    public abstract long Length { get; }

    /// <summary>True once <see cref="Dispose()"/> was called.</summary>
    public abstract bool IsDisposed { get; }

    /// <summary>True if the elements may be written.</summary>
    public virtual bool IsWriteable => true;

    /// <summary>
    /// True once raw access was handed out (<see cref="DangerousGetReference"/>, spans, memory, a wrapped user array or
    /// a file map): writes can then happen behind the library's back, so operators evaluate over it eagerly.
    /// </summary>
    internal bool IsExposed => _exposed;

    /// <summary>True while this storage is a deferred expression that has not been evaluated.</summary>
    internal virtual bool IsPending => false;

    /// <summary>
    /// A reference to element 0. The reference stays valid while this storage is reachable and not disposed;
    /// callers index it with <see cref="Unsafe.Add{T}(ref T, nint)"/> within <c>[0, Length)</c>.
    /// </summary>
    /// <remarks>Marks the storage exposed: later operator expressions over it are evaluated eagerly.</remarks>
    /// <exception cref="ObjectDisposedException">The storage was disposed.</exception>
    public ref T DangerousGetReference()
    {
        MarkExposed();
        return ref DangerousGetReferenceInternal();
    }

    /// <summary>A span over elements <c>[start, start + length)</c>.</summary>
    /// <remarks>Marks the storage exposed (see <see cref="DangerousGetReference"/>).</remarks>
    public Span<T> GetSpan(long start, int length)
    {
        MarkExposed();
        return GetSpanInternal(start, length);
    }

    /// <summary>A <see cref="Memory{T}"/> over elements <c>[start, start + length)</c>, for asynchronous code.</summary>
    /// <remarks>Marks the storage exposed (see <see cref="DangerousGetReference"/>).</remarks>
    public Memory<T> GetMemory(long start, int length)
    {
        MarkExposed();
        return GetMemoryInternal(start, length);
    }

    /// <summary>Releases the elements. Views of this storage throw <see cref="ObjectDisposedException"/> afterwards.</summary>
    /// <remarks>
    /// Deferred expressions that read this storage and are still pending are evaluated first. While a map item over
    /// this storage is still running (an item a <c>ParallelMap</c> abandoned after its stop grace period), the release
    /// waits until that item returns, so the item never reads freed memory; until then <see cref="IsDisposed"/> stays
    /// false and reads still succeed, and a map item starting after this call fails with
    /// <see cref="ObjectDisposedException"/>. A deferred release is done by the last item's thread (or, if that item
    /// never returns and nothing references the storage any more, by the finalizer).
    /// </remarks>
#pragma warning disable CA1816 // SuppressFinalize moves to Release(): a deferred release must keep the finalizer as its backstop
    public void Dispose()
    {
        _readers?.Flush();
        if (Interlocked.CompareExchange(ref _disposeState, 1, 0) == 0 && Volatile.Read(ref _leases) == 0)
        {
            Release();
        }

        // No GC.SuppressFinalize here: a release deferred to a lease holder that never returns is still done by the
        // finalizer once nothing references the storage (every Dispose(false) tolerates a Dispose(true) before it).
    }

    /// <summary>
    /// Keeps the elements from being released by <see cref="Dispose()"/> until <see cref="ReleaseLease"/>: a map item
    /// holds one while it runs. False (and no lease) when the storage is already disposed.
    /// </summary>
    internal bool TryAcquireLease()
    {
        Interlocked.Increment(ref _leases);
        if (Volatile.Read(ref _disposeState) != 0)
        {
            ReleaseLease();
            return false;
        }

        return true;
    }

    /// <summary>Ends a lease of <see cref="TryAcquireLease"/>; the last one performs a release that <see cref="Dispose()"/> deferred.</summary>
    internal void ReleaseLease()
    {
        if (Interlocked.Decrement(ref _leases) == 0 && Volatile.Read(ref _disposeState) == 1)
        {
            Release();
        }
    }

    private void Release()
    {
        if (Interlocked.Exchange(ref _disposeState, 2) == 1)
        {
            _readers?.Flush(); // a lease holder may have built deferred readers after Dispose() flushed
            Dispose(true);
            GC.SuppressFinalize(this);
        }
    }
#pragma warning restore CA1816

    /// <summary>
    /// The library's accessor for code that may write: evaluates pending readers first (the write barrier), then
    /// returns element 0 (computing a deferred storage's elements on first use). Does not mark the storage exposed.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal ref T DangerousGetReferenceInternal()
    {
        if (_readers is { IsEmpty: false } readers)
        {
            readers.Flush();
        }

        return ref DangerousGetReferenceCore();
    }

    /// <summary>
    /// Element 0 for code that only reads (computing a deferred storage's elements on first use): reading cannot
    /// change what a pending reader will see, so no barrier. The evaluator reads its inputs this way too.
    /// </summary>
    internal ref T DangerousGetReferenceForRead() => ref DangerousGetReferenceCore();

    /// <summary>
    /// <see cref="GetSpan"/> without marking the storage exposed or the barrier: for read-only spans, and for spans
    /// of memory already exposed (whose pending readers were evaluated when it was exposed, and which gets no new ones).
    /// </summary>
    internal Span<T> GetSpanInternal(long start, int length)
    {
        CheckRange(start, length);
        return MemoryMarshal.CreateSpan(ref Unsafe.Add(ref DangerousGetReferenceForRead(), (nint)start), length);
    }

    /// <summary><see cref="GetMemory"/> without marking the storage exposed or the barrier (as <see cref="GetSpanInternal"/>).</summary>
    internal Memory<T> GetMemoryInternal(long start, int length)
    {
        CheckRange(start, length);
        _ = DangerousGetReferenceForRead();
        return GetMemoryCore(start, length);
    }

    /// <summary>Marks the storage exposed (sticky) and evaluates its pending readers, since raw writes may follow.</summary>
    internal void MarkExposed()
    {
        _exposed = true;
        _readers?.Flush();
    }

    /// <summary>Registers a deferred expression that reads this storage (weakly: dropped expressions are pruned).</summary>
    internal void AddReader(IPendingReader reader)
    {
        var readers = _readers;
        if (readers is null)
        {
            Interlocked.CompareExchange(ref _readers, new PendingReaders(), null);
            readers = _readers;
        }

        readers.Add(reader);
    }

    /// <summary>Registered readers, including dropped, evaluated and disposed ones not yet pruned (for tests).</summary>
    internal int ReaderCount => _readers?.Count ?? 0;

    /// <summary>Registered readers that are reachable and still pending (for tests).</summary>
    internal int PendingReaderCount => _readers?.PendingCount ?? 0;

    /// <summary>Element 0 of the storage itself (no barrier, no exposure).</summary>
    /// <exception cref="ObjectDisposedException">The storage was disposed.</exception>
    protected abstract ref T DangerousGetReferenceCore();

    /// <summary>A <see cref="Memory{T}"/> over a validated range; by default one that goes through <see cref="GetSpanInternal"/>.</summary>
    protected virtual Memory<T> GetMemoryCore(long start, int length) => new UnmanagedMemoryManager<T>(this, start, length).Memory;

    /// <summary>Releases resources.</summary>
    /// <param name="disposing">True from <see cref="Dispose()"/>, false from a finalizer.</param>
    protected abstract void Dispose(bool disposing);

    /// <summary>Validates a range for <see cref="GetSpan"/> and <see cref="GetMemory"/>.</summary>
    protected void CheckRange(long start, int length)
    {
        if ((ulong)start > (ulong)Length || (ulong)length > (ulong)(Length - start))
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(start), start, $"range [{start}, {start + length}) is outside storage of length {Length}");
        }
    }
}
