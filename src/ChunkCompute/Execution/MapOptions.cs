namespace ChunkCompute.Execution;

/// <summary>
/// Options of one map call (<c>ParallelMap</c>, <c>ParallelMapAsync</c>, <c>ParallelMapUnordered</c>, <c>MapReduce</c>,
/// <see cref="ChunkScheduler"/>). Every property has a default, so <c>null</c> options mean "defaults".
/// </summary>
public sealed record MapOptions
{
    /// <summary>Shared instance with every default.</summary>
    public static MapOptions Default { get; } = new();

    /// <summary>Where the loops run; <c>null</c> = <see cref="ChunkExecutor.Default"/> (process-wide, settable).</summary>
    public IChunkExecutor? Executor { get; init; }

    /// <summary>
    /// Most items in flight at once (loops); <c>null</c> = the executor's <see cref="IChunkExecutor.MaxConcurrency"/>.
    /// May exceed the processor count for async I/O-bound functions.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a value ≤ 0.</exception>
    public int? MaxDegreeOfParallelism
    {
        get;
        init
        {
            if (value is { } v)
            {
                ArgumentOutOfRangeException.ThrowIfNegativeOrZero(v, nameof(MaxDegreeOfParallelism));
            }

            field = value;
        }
    }

    /// <summary>
    /// Items a loop claims at a time (<c>chunksize</c>); <c>null</c> = as <c>Pool.map</c>:
    /// <c>ceil(count / (4 × loops))</c> when the count is known, 1 for lazily pulled sources. With the default size
    /// over a known count, claims shrink near the end to half an even share of what is left (a guided schedule), so
    /// the loops finish together instead of one running a whole last batch alone; an explicit value gives fixed
    /// batches, exactly as <c>Pool.map</c>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a value ≤ 0.</exception>
    public int? BatchSize
    {
        get;
        init
        {
            if (value is { } v)
            {
                ArgumentOutOfRangeException.ThrowIfNegativeOrZero(v, nameof(BatchSize));
            }

            field = value;
        }
    }

    /// <summary>Cancels the map; passed (linked) to every item function. The call then throws <see cref="OperationCanceledException"/>.</summary>
    public CancellationToken CancellationToken { get; init; }

    /// <summary>
    /// Receives <see cref="MapProgress"/> after each completed batch (the last report of a map that ran to completion has
    /// <c>CompletedItems == TotalItems</c>); calls are made one at a time in
    /// order (monotonic). <see cref="Progress{T}"/> without a synchronization context may reorder them on the thread pool:
    /// use a synchronous <see cref="IProgress{T}"/> when order matters. If <c>Report</c> throws, the map stops (in either
    /// error mode: the callback is the caller's code, not an item) and the call throws that exception as it is.
    /// </summary>
    public IProgress<MapProgress>? Progress { get; init; }

    /// <summary>
    /// Per-attempt time limit; <c>null</c> = none. When it elapses the item's token is cancelled and the attempt fails
    /// with <see cref="TimeoutException"/> (retried only if <see cref="RetryOn"/> accepts it) — also when the item ignores
    /// the token and returns a value late: an attempt that has not finished within its limit never counts as a success.
    /// A synchronous item that ignores its token keeps its thread until it returns; an async one is waited for at most
    /// <see cref="StopGracePeriod"/> more, then abandoned.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Not positive.</exception>
    public TimeSpan? ItemTimeout
    {
        get;
        init
        {
            if (value is { } v && v <= TimeSpan.Zero && v != Timeout.InfiniteTimeSpan)
            {
                throw new ArgumentOutOfRangeException(nameof(ItemTimeout), v, "ItemTimeout must be positive");
            }

            field = value;
        }
    }

    /// <summary>
    /// After the map stops early (cancelled, failed fast, stream left by the consumer), how long the call waits for items
    /// still running to return; <c>null</c> = <see cref="DefaultStopGracePeriod"/> (500 ms). Items that honour their token
    /// return well within it, so normally nothing of the map runs once the call has returned. An item that ignores its token
    /// for longer is abandoned: the call returns (throwing as it would), the item keeps running in the background and its
    /// result or failure is discarded. The same bound applies to an async item that ignores its <see cref="ItemTimeout"/>:
    /// its attempt fails with <see cref="TimeoutException"/> and the loop moves on (so abandoned items may exceed
    /// <see cref="MaxDegreeOfParallelism"/>). An item that is an <see cref="NdArray"/> (an <c>ArraySplit</c> chunk) holds
    /// its storage while it runs, so disposing the source array after the call defers the release until the item returns.
    /// <see cref="Timeout.InfiniteTimeSpan"/> always waits for every item — use it when items write into other memory the
    /// caller frees after the call.
    /// </summary>
    /// <remarks>
    /// An item running synchronously on the calling thread cannot be abandoned (the call returns when it does): the single
    /// loop of <see cref="SequentialExecutor"/> and loop 0 of a synchronous <c>ParallelMap</c> on threads (which runs
    /// inline, as <c>Parallel.For</c>'s does). <c>ParallelMapAsync</c> and <c>ParallelMapUnordered</c> run no item on the
    /// caller's thread. Maps built by <see cref="ChunkScheduler"/> (executor-level item functions, e.g. a process pool's)
    /// always wait for every item: their items own executor resources that the executor frees after the map.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">Negative (other than <see cref="Timeout.InfiniteTimeSpan"/>).</exception>
    public TimeSpan? StopGracePeriod
    {
        get;
        init
        {
            if (value is { } v && v < TimeSpan.Zero && v != Timeout.InfiniteTimeSpan)
            {
                throw new ArgumentOutOfRangeException(nameof(StopGracePeriod), v, "StopGracePeriod must be zero or positive, or Timeout.InfiniteTimeSpan");
            }

            field = value;
        }
    }

    /// <summary>The <see cref="StopGracePeriod"/> used when none is set: 500 ms, half of the 1 s a map may take to return after it stops.</summary>
    public static TimeSpan DefaultStopGracePeriod { get; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Fail-fast (default) or collect-all.</summary>
    public MapErrorMode ErrorMode { get; init; }

    /// <summary>Retries per item after a retryable failure (default 2; see <see cref="RetryOn"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative.</exception>
    public int MaxRetries
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value, nameof(MaxRetries));
            field = value;
        }
    } = 2;

    /// <summary>
    /// Which failures are retried; <c>null</c> = only <see cref="TransientChunkException"/> (e.g. a worker process died).
    /// Exceptions thrown by the item function are deterministic and not retried by default.
    /// </summary>
    public Func<Exception, bool>? RetryOn { get; init; }

    internal bool IsRetryable(Exception exception) =>
        RetryOn is { } retryOn ? retryOn(exception) : exception is TransientChunkException;
}
