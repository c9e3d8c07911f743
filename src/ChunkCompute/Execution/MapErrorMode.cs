namespace ChunkCompute.Execution;

/// <summary>What a map does when an item fails.</summary>
public enum MapErrorMode
{
    /// <summary>
    /// Stop at the first failure (the default, as <c>Pool.map</c>): no item starts afterwards, in-flight items see their
    /// token cancelled, and the call throws that item's <see cref="ChunkFailedException"/>.
    /// </summary>
    FailFast = 0,

    /// <summary>
    /// Run every item (as <c>asyncio.gather(return_exceptions=True)</c>); if any failed, throw
    /// <see cref="MapFailedException"/> listing every failure by index with the successful results still available
    /// (or use <c>ParallelMapResults</c> to get one <see cref="MapResult{T}"/> per item without throwing).
    /// </summary>
    CollectAll = 1,
}
