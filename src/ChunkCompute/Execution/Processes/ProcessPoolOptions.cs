namespace ChunkCompute.Execution.Processes;

/// <summary>Settings of a <see cref="ProcessPool"/>: its size, where it keeps temporary files, and its fault policy.</summary>
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

    /// <summary>Retries of a chunk whose worker died or timed out (default 2, so at most 3 attempts).</summary>
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
    /// Longest a chunk may run before its worker is killed and replaced; <c>null</c> (default) = no limit. A timed-out
    /// chunk is retried (up to <see cref="MaxRetries"/>) and then fails with a <see cref="TimeoutException"/> cause.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Not positive.</exception>
    public TimeSpan? ChunkTimeout
    {
        get;
        init
        {
            if (value is { } v && v <= TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(ChunkTimeout), v, "ChunkTimeout must be positive");
            }

            field = value;
        }
    }

    /// <summary>
    /// True to retry chunks whose kernel threw (default false: kernel exceptions are deterministic, so the chunk fails at
    /// once with the remote exception).
    /// </summary>
    public bool RetryKernelExceptions { get; init; }

    /// <summary>
    /// False (default) = fail fast: the first failed chunk stops the map (running chunks get
    /// <see cref="CancellationGrace"/> to finish) and is thrown as <see cref="ChunkFailedException"/>. True = run every
    /// chunk and throw an <see cref="AggregateException"/> of every <see cref="ChunkFailedException"/>, ordered by index.
    /// </summary>
    public bool CollectAllErrors { get; init; }

    /// <summary>
    /// How long a running chunk may still finish after the map is cancelled (or stops fast) before its worker is
    /// killed (default 1 s, so workers stop within 2 s of cancellation).
    /// </summary>
    public TimeSpan CancellationGrace { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest a worker may take to start and say Ready (default 30 s; a loaded machine is slow).</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Path of <c>ChunkCompute.Worker.dll</c>; <c>null</c> = found next to ChunkCompute.dll (see the remarks of <see cref="ProcessPool"/>).</summary>
    public string? WorkerPath { get; init; }

    /// <summary>Extra environment variables for worker processes (e.g. <c>DOTNET_TieredPGO</c>).</summary>
    public IReadOnlyDictionary<string, string> WorkerEnvironment { get; init; } = new Dictionary<string, string>();
}
