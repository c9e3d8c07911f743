using ChunkCompute.Cli.Commands;

namespace ChunkCompute.Cli.Stats;

/// <summary>Computes <see cref="StatsReport"/>s with the library's reductions, chunk by chunk on the chosen executor.</summary>
internal static class StatsEngine
{
    /// <summary>Default chunk count: fixed (not the worker count) so every mode gives the same bits.</summary>
    public const int DefaultChunks = 8;

    public static Task<StatsReport> ComputeAsync(string path, NdArray array, StatsOptions options, CancellationToken cancellationToken) =>
        throw new CliException("stats is not available in this build: the library's reductions have not landed");
}
