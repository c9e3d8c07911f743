namespace ChunkCompute.Execution;

/// <summary>
/// Which item an item function is running and where: passed to the item functions of
/// <see cref="ChunkScheduler"/> and the <c>ParallelMapAsync</c> overloads that take it.
/// </summary>
/// <param name="Index">The item's position in the input (0-based); results are delivered under this index.</param>
/// <param name="Worker">The loop running it, in <c>[0, workers)</c>: a process pool sends the item to worker process
/// <paramref name="Worker"/>; thread code can index per-worker scratch buffers with it. One loop runs one item at a time.</param>
/// <param name="Attempt">1 for the first attempt, 2 for the first retry, ...</param>
public readonly record struct MapItem(int Index, int Worker, int Attempt);
