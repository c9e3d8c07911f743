namespace ChunkCompute.Execution;

/// <summary>
/// Runs a map's single loop on the calling thread, items one after another in input order — for debugging and tests
/// (as Dask's synchronous scheduler). Results are identical to the other executors'.
/// </summary>
public sealed class SequentialExecutor : IChunkExecutor
{
    /// <summary>The shared instance (the executor has no state).</summary>
    public static SequentialExecutor Instance { get; } = new();

    /// <summary>Always 1.</summary>
    public int MaxConcurrency => 1;

    /// <summary>Runs loop 0 inline; the other loops asked for are not needed (loop 0 claims every item).</summary>
    public ValueTask ExecuteAsync(IChunkWork work, int workers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(workers);
        return work.RunWorkerAsync(0);
    }

    /// <summary><c>SequentialExecutor</c>.</summary>
    public override string ToString() => nameof(SequentialExecutor);
}
