namespace ChunkCompute.Execution;

/// <summary>
/// Runs a map's loops on thread-pool threads, loop 0 inline on the calling thread (as <c>Parallel.For</c>).
/// Allocates O(1) per map call (one run object queued once per extra loop), nothing per item or batch while items
/// complete synchronously; async items that await use pooled loop state.
/// </summary>
public sealed class ThreadExecutor : IChunkExecutor
{
    private readonly int? _maxConcurrency;

    /// <summary>
    /// An executor using <paramref name="maxConcurrency"/> threads, or, when <c>null</c>, the ambient
    /// <see cref="ExecutionSettings.Current"/>'s <see cref="ExecutionSettings.MaxDegreeOfParallelism"/> at each call.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxConcurrency"/> ≤ 0.</exception>
    public ThreadExecutor(int? maxConcurrency = null)
    {
        if (maxConcurrency is { } m)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(m, nameof(maxConcurrency));
        }

        _maxConcurrency = maxConcurrency;
    }

    /// <summary>The shared instance following <see cref="ExecutionSettings.Current"/>.</summary>
    public static ThreadExecutor Shared { get; } = new();

    /// <inheritdoc/>
    public int MaxConcurrency => _maxConcurrency ?? ExecutionSettings.Current.MaxDegreeOfParallelism;

    /// <inheritdoc/>
    public ValueTask ExecuteAsync(IChunkWork work, int workers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(workers);
        if (workers == 1)
        {
            return work.RunWorkerAsync(0);
        }

        var run = new Run(work, workers);
        for (int i = 1; i < workers; i++)
        {
            ThreadPool.UnsafeQueueUserWorkItem(run, preferLocal: false);
        }

        run.Start(0);
        return new ValueTask(run.Completion.Task);
    }

    /// <summary><c>ThreadExecutor(2)</c> or <c>ThreadExecutor(ambient)</c>.</summary>
    public override string ToString() => $"ThreadExecutor({(_maxConcurrency is { } m ? m.ToString(System.Globalization.CultureInfo.InvariantCulture) : "ambient")})";

    /// <summary>State of one ExecuteAsync call, queued once per extra loop; each Execute takes the next worker index.</summary>
    private sealed class Run(IChunkWork work, int workers) : IThreadPoolWorkItem
    {
        private int _nextWorker;
        private int _remaining = workers;
        private Exception? _error;

        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Execute() => Start(Interlocked.Increment(ref _nextWorker));

        public void Start(int worker)
        {
            ValueTask loop;
            try
            {
                loop = work.RunWorkerAsync(worker);
            }
            catch (Exception e)
            {
                Finish(e);
                return;
            }

            if (loop.IsCompletedSuccessfully)
            {
                loop.GetAwaiter().GetResult();
                Finish(null);
            }
            else
            {
                _ = AwaitLoop(loop);
            }
        }

        private async Task AwaitLoop(ValueTask loop)
        {
            Exception? error = null;
            try
            {
                await loop.ConfigureAwait(false);
            }
            catch (Exception e)
            {
                error = e;
            }

            Finish(error);
        }

        private void Finish(Exception? error)
        {
            if (error is not null)
            {
                Interlocked.CompareExchange(ref _error, error, null);
            }

            if (Interlocked.Decrement(ref _remaining) == 0)
            {
                if (_error is { } e)
                {
                    Completion.TrySetException(e);
                }
                else
                {
                    Completion.TrySetResult();
                }
            }
        }
    }
}
