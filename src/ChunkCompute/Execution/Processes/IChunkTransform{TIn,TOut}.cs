namespace ChunkCompute.Execution.Processes;

/// <summary>
/// A per-chunk elementwise (shape-preserving) operation that can run in a worker process: it reads one input chunk
/// and writes the matching chunk of the output, which in process mode is a memory-mapped file shared by all workers.
/// </summary>
/// <typeparam name="TIn">Element type of the input array.</typeparam>
/// <typeparam name="TOut">Element type of the output array.</typeparam>
/// <remarks>
/// The type rules of <see cref="IChunkReduction{TIn, TResult}"/> apply (public type, assembly on disk, parameterless
/// constructor or System.Text.Json parameters). <see cref="Transform"/> should write every element of
/// <c>destination</c>; when a chunk is retried after a worker died mid-write, the worker zeroes the chunk's output first,
/// so the final bytes are those of a single clean run.
/// </remarks>
public interface IChunkTransform<TIn, TOut>
    where TIn : unmanaged
    where TOut : unmanaged
{
    /// <summary>Computes <paramref name="destination"/> from <paramref name="chunk"/> (both have the chunk's shape).</summary>
    /// <param name="chunk">The input chunk (a view carrying its <see cref="NdArray.Chunk"/> info).</param>
    /// <param name="destination">The matching chunk of the output array (writeable).</param>
    void Transform(NdArray<TIn> chunk, NdArray<TOut> destination);
}
