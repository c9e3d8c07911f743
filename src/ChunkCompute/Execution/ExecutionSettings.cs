namespace ChunkCompute.Execution;

/// <summary>
/// How much parallelism an operation may use: the partition policy, kept apart from the work (as ImageSharp's
/// <c>ParallelExecutionSettings</c>). <see cref="StepCount"/> is the one place that turns an element count into a
/// number of parallel steps; one step runs inline on the calling thread with no TPL overhead.
/// </summary>
/// <remarks>
/// Resolution order for an operation: an explicit <c>settings</c> argument, else <see cref="Current"/> (set for a
/// scope with <see cref="Use"/>, flows with async calls), else <see cref="Default"/> (process-wide).
/// Built-in reductions give the same bits whatever these settings are.
/// </remarks>
public sealed record ExecutionSettings
{
    private static ExecutionSettings s_default = new();
    private static readonly AsyncLocal<ExecutionSettings?> Ambient = new();

    /// <summary>
    /// Settings with <see cref="MaxDegreeOfParallelism"/> = <paramref name="maxDegreeOfParallelism"/> and the default minimum elements per task.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Not positive.</exception>
    public ExecutionSettings(int maxDegreeOfParallelism)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxDegreeOfParallelism);
        MaxDegreeOfParallelism = maxDegreeOfParallelism;
    }

    /// <summary>Settings using every processor.</summary>
    public ExecutionSettings()
        : this(Environment.ProcessorCount)
    {
    }

    /// <summary>Maximum number of threads an operation uses (default: <see cref="Environment.ProcessorCount"/>).</summary>
    public int MaxDegreeOfParallelism
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value, nameof(MaxDegreeOfParallelism));
            field = value;
        }
    }

    /// <summary>
    /// Fewest elements worth a task of their own (default 32,768: below that, scheduling costs more than it saves).
    /// </summary>
    public long MinimumElementsPerTask
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value, nameof(MinimumElementsPerTask));
            field = value;
        }
    } = 32_768;

    /// <summary>Settings that run everything on the calling thread (for debugging and tests).</summary>
    public static ExecutionSettings Sequential { get; } = new(1);

    /// <summary>The process-wide default.</summary>
    public static ExecutionSettings Default
    {
        get => Volatile.Read(ref s_default);
        set => Volatile.Write(ref s_default, value ?? throw new ArgumentNullException(nameof(value)));
    }

    /// <summary>The settings in force here: the innermost <see cref="Use"/> scope, else <see cref="Default"/>.</summary>
    public static ExecutionSettings Current => Ambient.Value ?? Default;

    /// <summary>Makes <paramref name="settings"/> current until the returned scope is disposed (flows into awaited calls).</summary>
    public static IDisposable Use(ExecutionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var previous = Ambient.Value;
        Ambient.Value = settings;
        return new Scope(previous);
    }

    /// <summary>Resolves an optional per-call argument against <see cref="Current"/>.</summary>
    public static ExecutionSettings Resolve(ExecutionSettings? settings) => settings ?? Current;

    /// <summary>
    /// Cap for kernels that keep per-step state (histogram counter tables, selection counters): four steps per
    /// processor, at least 64. More steps than that only multiply memory, whatever the settings ask.
    /// </summary>
    internal static int MaxUsefulSteps { get; } = Math.Max(64, 4 * Environment.ProcessorCount);

    /// <summary>
    /// Number of parallel steps for <paramref name="elements"/> elements of work:
    /// <c>clamp(ceil(elements / MinimumElementsPerTask), 1, MaxDegreeOfParallelism)</c>.
    /// </summary>
    public int StepCount(long elements)
    {
        if (elements <= MinimumElementsPerTask || MaxDegreeOfParallelism == 1)
        {
            return 1;
        }

        long steps = ((elements - 1) / MinimumElementsPerTask) + 1;
        return (int)Math.Min(steps, MaxDegreeOfParallelism);
    }

    private sealed class Scope(ExecutionSettings? previous) : IDisposable
    {
        private bool _disposed;

        public void Dispose()
        {
            if (!_disposed)
            {
                _disposed = true;
                Ambient.Value = previous;
            }
        }
    }
}
