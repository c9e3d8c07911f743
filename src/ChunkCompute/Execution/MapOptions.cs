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
    /// use a synchronous <see cref="IProgress{T}"/> when order matters.
    /// </summary>
    public IProgress<MapProgress>? Progress { get; init; }

    /// <summary>
    /// Per-attempt time limit; <c>null</c> = none. When it elapses the item's token is cancelled and, once the item
    /// returns, the attempt fails with <see cref="TimeoutException"/> (retried only if <see cref="RetryOn"/> accepts it).
    /// Thread items that ignore their token cannot be stopped and keep their thread until they return.
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
