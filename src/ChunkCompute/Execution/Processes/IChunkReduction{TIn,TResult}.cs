namespace ChunkCompute.Execution.Processes;

/// <summary>
/// A per-chunk reduction that can run in a worker process: it reads one chunk and returns a small unmanaged result
/// (a sum, a histogram bucket struct, min and max, …) that travels back over the worker's pipe.
/// </summary>
/// <typeparam name="TIn">Element type of the input array.</typeparam>
/// <typeparam name="TResult">The per-chunk result; copied as raw bytes, so it must be unmanaged.</typeparam>
/// <remarks>
/// <para>The kernel travels by identity, as <c>multiprocessing.Pool</c> pickles a function by reference: the worker loads
/// the implementing type's assembly by path and its type by name. The type must therefore be <b>public</b>, non-abstract,
/// non-generic (or closed generic), live in an assembly file on disk, and be constructible either through a public
/// parameterless constructor or from its System.Text.Json serialization (public properties or constructor parameters):
/// the pool serializes the instance you pass and each worker deserializes its own copy. State kept in private fields is
/// not transferred.</para>
/// <para>The same instance can also run in thread mode, so <see cref="Reduce"/> should be thread-safe and must not
/// depend on running in any particular process.</para>
/// </remarks>
public interface IChunkReduction<TIn, TResult>
    where TIn : unmanaged
    where TResult : unmanaged
{
    /// <summary>Reduces one chunk (a view carrying its <see cref="NdArray.Chunk"/> info) to a result.</summary>
    /// <param name="chunk">The chunk; read only when it comes from a memory-mapped file.</param>
    TResult Reduce(NdArray<TIn> chunk);
}
