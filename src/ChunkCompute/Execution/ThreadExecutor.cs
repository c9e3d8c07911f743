namespace ChunkCompute.Execution;

/// <summary>
/// Runs a map's loops on thread-pool threads, loop 0 inline on the calling thread (as <c>Parallel.For</c>).
/// Allocates O(1) per map call (one run object queued once per extra loop), nothing per item or batch while items
/// complete synchronously; async items that await use pooled loop state.
/// </summary>
/// <remarks>
/// Re-entrant: a map inside a map item never waits for a free pool thread. When loop 0 returns, the calling thread
/// also runs every loop the pool has not started yet (they find the items claimed, or the map stopped, and end at once;
/// the queued work items then find nothing left to start), so a nested map completes on its caller's thread even when
/// every pool thread is busy with outer items.
/// </remarks>
public sealed class ThreadExecutor : IChunkExecutor
{
    private readonly int? _maxConcurrency;
    private readonly Action<IThreadPoolWorkItem>? _queue; // test seam: where extra loops are queued (default: the thread pool)

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

    /// <summary>An executor that queues its extra loops with <paramref name="queue"/> instead of the thread pool (tests simulate a starved pool).</summary>
    internal ThreadExecutor(int? maxConcurrency, Action<IThreadPoolWorkItem> queue)
        : this(maxConcurrency)
    {
        _queue = queue;
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
            if (_queue is { } queue)
            {
                queue(run);
            }
            else
            {
                ThreadPool.UnsafeQueueUserWorkItem(run, preferLocal: false);
            }
        }

        run.Start(0);

        // Loops the pool has not started yet run here: with the items claimed they end at once, so completion never
        // waits for a pool thread (nested maps on a busy pool), and async loops start without waiting for one.
        while (run.TryTakeWorker(out int worker))
        {
            run.Start(worker);
        }

        return new ValueTask(run.Completion.Task);
    }

    /// <summary><c>ThreadExecutor(2)</c> or <c>ThreadExecutor(ambient)</c>.</summary>
    public override string ToString() => $"ThreadExecutor({(_maxConcurrency is { } m ? m.ToString(System.Globalization.CultureInfo.InvariantCulture) : "ambient")})";

    /// <summary>
    /// State of one ExecuteAsync call, queued once per extra loop. Each worker index in [1, workers) is taken exactly
    /// once, by a pool thread (Execute) or by the calling thread (TryTakeWorker); an Execute that finds none left does nothing.
    /// </summary>
    private sealed class Run(IChunkWork work, int workers) : IThreadPoolWorkItem
    {
        private readonly int _workers = workers;
        private int _nextWorker;
        private int _remaining = workers;
        private Exception? _error;

        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Execute()
        {
            if (TryTakeWorker(out int worker))
            {
                Start(worker);
            }
        }

        public bool TryTakeWorker(out int worker)
        {
            if (Volatile.Read(ref _nextWorker) >= _workers - 1)
            {
                worker = 0;
                return false;
            }

            worker = Interlocked.Increment(ref _nextWorker);
            return worker < _workers;
        }

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
