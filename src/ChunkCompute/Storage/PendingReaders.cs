using System.Runtime.CompilerServices;

namespace ChunkCompute.Storage;

/// <summary>A deferred computation that reads some storages and must run before any of them changes.</summary>
internal interface IPendingReader
{
    /// <summary>True until the computation ran or was dropped.</summary>
    bool IsPending { get; }

    /// <summary>Number of elements the computation produces (what evaluating it costs, roughly).</summary>
    long PendingLength { get; }

    /// <summary>Runs the computation now (once; later calls return at once).</summary>
    void EvaluatePending();
}

/// <summary>
/// The pending readers of one storage: weak references to the deferred expressions that read it and have not been
/// evaluated. <see cref="Flush"/> evaluates them; the storage calls it before its elements may be written, before it
/// is disposed and when its raw memory is handed out (reads need no barrier: they cannot change what a reader sees).
/// </summary>
/// <remarks>
/// <para>References are weak, so an expression the program dropped costs nothing once collected. An expression that
/// was evaluated or disposed is not removed at once (that would scan the list, which holds every uncollected
/// registration: measured 1 ms per evaluation at 1M elements in a loop); its entry is inert and, like collected ones,
/// pruned when the list has doubled since the last pruning (amortised O(1) per registration) or at the next flush.</para>
/// <para>Intermediate results of an expression (<c>a * b</c> in <c>(a * b) + c</c>, or all of <c>a*a + b*b</c> once
/// <c>NdArray.Sqrt</c> fused it) are usually garbage by the time an input is written, but stay registered until the
/// GC notices. Evaluating them would waste a pass and an allocation each (what eager evaluation would have spent on
/// them anyway), so <see cref="Flush"/> first runs a full blocking collection and evaluates only the survivors when
/// that is cheaper (<see cref="ShouldCollect"/>): the pending work is at least <see cref="CollectThreshold"/> elements
/// and the estimated cost of a full collection (proportional to the managed heap: measured ~0.12 ms per MB of small
/// objects here, far less for the large-array heaps of numeric code) is below the estimated cost of the passes
/// (~0.5 ns per pending element). The worst case is thus the cheaper of the two, never more than eager evaluation.
/// A full collection, because intermediates that lived through an earlier one (allocation pressure of large
/// results triggers gen-2 collections) are not in the young generations any more.</para>
/// </remarks>
internal sealed class PendingReaders
{
    /// <summary>Pending elements from which a flush first collects dropped expressions (≈ 8 MB of float64).</summary>
    internal const long CollectThreshold = 1 << 20;

    /// <summary>Estimated nanoseconds of a full blocking collection per byte of managed heap (0.15 ms per MB, a bit above the measured 0.12).</summary>
    /// <remarks>Settable by tests, to exercise the collecting path whatever the test process's heap.</remarks>
    internal static double CollectNanosecondsPerHeapByte = 0.15e6 / (1 << 20);

    /// <summary>Estimated nanoseconds to evaluate one pending element (one memory-bound pass over a few operands).</summary>
    internal const double EvaluateNanosecondsPerElement = 0.5;

    /// <summary>
    /// True when a full collection (to drop unreachable pending expressions) is expected to cost less than evaluating
    /// <paramref name="pendingElements"/> elements: at least <see cref="CollectThreshold"/> of them, and a collection
    /// estimate of <paramref name="managedHeapBytes"/> × <see cref="CollectNanosecondsPerHeapByte"/> below the
    /// evaluation estimate.
    /// </summary>
    internal static bool ShouldCollect(long pendingElements, long managedHeapBytes) =>
        pendingElements >= CollectThreshold
        && managedHeapBytes * CollectNanosecondsPerHeapByte < pendingElements * EvaluateNanosecondsPerElement;

    private readonly List<WeakReference<IPendingReader>> _entries = [];
    private readonly object _flushGate = new();
    private int _count;
    private int _pruneAt = 8;

    /// <summary>True when nothing is registered (read without the lock: the fast path of every element access).</summary>
    public bool IsEmpty => Volatile.Read(ref _count) == 0;

    /// <summary>Registered entries, including dropped ones not yet pruned.</summary>
    public int Count => Volatile.Read(ref _count);

    public void Add(IPendingReader reader)
    {
        lock (_entries)
        {
            if (_entries.Count >= _pruneAt)
            {
                _entries.RemoveAll(w => !w.TryGetTarget(out var r) || !r.IsPending);
                _pruneAt = Math.Max(8, 2 * _entries.Count);
            }

            _entries.Add(new WeakReference<IPendingReader>(reader));
            Volatile.Write(ref _count, _entries.Count);
        }
    }

    /// <summary>Entries still reachable and pending (scans the list; for tests).</summary>
    public int PendingCount
    {
        get
        {
            lock (_entries)
            {
                return _entries.Count(w => w.TryGetTarget(out var r) && r.IsPending);
            }
        }
    }

    /// <summary>
    /// Evaluates every registered expression that is still reachable and pending. Concurrent flushes of the same
    /// storage wait for each other, so no caller proceeds (to write, say) while an evaluation still reads the old values.
    /// </summary>
    public void Flush()
    {
        long pending = PendingElements();
        if (pending >= CollectThreshold && ShouldCollect(pending, GC.GetTotalMemory(forceFullCollection: false)))
        {
            // Drop the intermediates nobody references any more before paying a pass for each (see remarks).
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: false);
        }

        lock (_flushGate)
        {
            List<IPendingReader>? live = null;
            lock (_entries)
            {
                foreach (var w in _entries)
                {
                    if (w.TryGetTarget(out var r) && r.IsPending)
                    {
                        (live ??= []).Add(r);
                    }
                }
            }

            // One that throws stays pending and registered, and is retried next time.
            if (live is not null)
            {
                foreach (var r in live)
                {
                    r.EvaluatePending();
                }
            }

            lock (_entries)
            {
                _entries.RemoveAll(w => !w.TryGetTarget(out var r) || !r.IsPending);
                _pruneAt = Math.Max(8, 2 * _entries.Count);
                Volatile.Write(ref _count, _entries.Count);
            }
        }
    }

    /// <summary>Elements the pending entries would compute; holds no strong reference past its return, so a collection can follow.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private long PendingElements()
    {
        long total = 0;
        lock (_entries)
        {
            foreach (var w in _entries)
            {
                if (w.TryGetTarget(out var r) && r.IsPending)
                {
                    total += r.PendingLength;
                }
            }
        }

        return total;
    }
}
