namespace ChunkCompute.Execution.Processes;

/// <summary>
/// Settings of a <see cref="ProcessPool"/>: its size, where it keeps temporary files, and how it treats its workers.
/// The fault policy of a map (retries, per-chunk timeout, fail-fast or collect-all, progress, cancellation) is that
/// map's <see cref="MapOptions"/>, as for every executor.
/// </summary>
public sealed record ProcessPoolOptions
{
    /// <summary>Number of worker processes (default: <see cref="Environment.ProcessorCount"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not positive.</exception>
    public int Workers
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value, nameof(Workers));
            field = value;
        }
    } = Environment.ProcessorCount;

    /// <summary>
    /// Root under which the pool creates its directory <c>chunkcompute-&lt;pid&gt;-&lt;random&gt;</c> for in-memory inputs
    /// written once as <c>.npy</c> and for transform outputs created without a path; <c>null</c> =
    /// <see cref="Path.GetTempPath"/> (honours <c>TMPDIR</c>). Pick a disk with room for your largest in-memory input.
    /// </summary>
    public string? TempDirectory { get; init; }

    /// <summary>
    /// How long a running chunk may still finish after its token fires (the map was cancelled, stopped fast, or the
    /// chunk's <see cref="MapOptions.ItemTimeout"/> elapsed) before its worker is killed and replaced (default 1 s, so
    /// workers stop within 2 s of cancellation). A worker that finishes within the grace stays warm.
    /// </summary>
    public TimeSpan CancellationGrace { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest a worker may take to start and say Ready (default 30 s; a loaded machine is slow).</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Path of <c>ChunkCompute.Worker.dll</c>; <c>null</c> = found next to ChunkCompute.dll (see the remarks of <see cref="ProcessPool"/>).</summary>
    public string? WorkerPath { get; init; }

    /// <summary>Extra environment variables for worker processes (e.g. <c>DOTNET_TieredPGO</c>).</summary>
    public IReadOnlyDictionary<string, string> WorkerEnvironment { get; init; } = new Dictionary<string, string>();
}
