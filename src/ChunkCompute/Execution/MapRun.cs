using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;

namespace ChunkCompute.Execution;

/// <summary>Where a map's results go.</summary>
internal enum MapSink
{
    /// <summary>Results by index into an array; fail-fast or collect-all.</summary>
    Ordered,

    /// <summary>Results in completion order into a bounded channel (streaming).</summary>
    Unordered,
}

/// <summary>Batch sizes of item claims.</summary>
internal static class MapBatching
{
    /// <summary>
    /// A guided claim: <paramref name="batchSize"/> while much remains, then half of an even share of the remaining
    /// items (at least 1), so the loops run out of work together.
    /// </summary>
    public static int GuidedClaim(long remaining, int workers, int batchSize) =>
        (int)Math.Min(batchSize, Math.Max(1, remaining / (2L * workers)));
}

/// <summary>
/// One map call: the <see cref="IChunkWork"/> every map function builds (see the design note in IChunkExecutor.cs).
/// Claims batches of item indices (an atomic counter over a list — guided: default-size batches shrink near the end —
/// or a locked pull from an enumerator), runs each
/// item with retries and an optional timeout, delivers results exactly once, records failures, reports progress.
/// </summary>
/// <remarks>
/// Allocations per call: this object, the linked stop token, the result array, one closure for sync functions, and
/// per loop a scratch buffer only for lazily pulled sources; none per batch or item while items complete
/// synchronously without timeouts (a timeout reuses one token source per loop).
/// </remarks>
internal sealed class MapRun<TItem, TResult> : IChunkWork
{
    private readonly IReadOnlyList<TItem>? _list;
    private readonly TItem[]? _array; // _list when it is an array: direct indexing, no interface dispatch per item
    private readonly IEnumerator<TItem>? _enumerator;
    private readonly int _count; // -1 when pulled lazily
    private readonly Func<TItem, MapItem, CancellationToken, ValueTask<TResult>> _function;
    private readonly MapOptions _options;
    private readonly MapSink _sink;
    private readonly CancellationToken _userToken;
    private readonly CancellationToken _extraToken;
    private readonly CancellationTokenSource _stop;
    private readonly TimeSpan? _timeout;
    private readonly bool _guided; // default batch size over a known count: claims shrink near the end
    private readonly bool _trackSizes;
    private readonly long _startTimestamp;

    private readonly TResult[]? _results;
    private readonly ChunkFailedException?[]? _failures;
    private readonly List<ChunkFailedException>? _lazyFailures;
    private readonly Channel<(int Index, TResult Result)>? _channel;
    private readonly TItem[]?[]? _pullBuffers;

    private long _next;
    private int _pulled;
    private bool _sourceDone;
    private bool _dropped;
    private long _completedItems;
    private int _failureCount;
    private ChunkFailedException? _firstFailure;
    private ExceptionDispatchInfo? _sourceError;

    private readonly Lock _progressLock = new();
    private long _doneItems;
    private long _doneElements;
    private long _doneBytes;
    private readonly long? _totalElements;
    private readonly long? _totalBytes;

    public MapRun(
        IReadOnlyList<TItem>? list,
        IEnumerable<TItem>? lazy,
        int count,
        Func<TItem, MapItem, CancellationToken, ValueTask<TResult>> function,
        MapOptions options,
        MapSink sink,
        bool defaultBatchOfOne,
        CancellationToken extraToken)
    {
        _list = list;
        _array = list as TItem[];
        _function = function;
        _options = options;
        _sink = sink;
        _userToken = options.CancellationToken;
        _extraToken = extraToken;
        _stop = extraToken.CanBeCanceled
            ? CancellationTokenSource.CreateLinkedTokenSource(options.CancellationToken, extraToken)
            : CancellationTokenSource.CreateLinkedTokenSource(options.CancellationToken);
        _timeout = options.ItemTimeout is { } t && t != Timeout.InfiniteTimeSpan ? t : null;
        Executor = ChunkExecutor.Resolve(options);

        int maxLoops = options.MaxDegreeOfParallelism ?? Math.Max(1, Executor.MaxConcurrency);
        if (lazy is not null)
        {
            _enumerator = lazy.GetEnumerator();
            _count = -1;
            BatchSize = options.BatchSize ?? 1;
            Workers = maxLoops;
            _pullBuffers = new TItem[]?[Workers];
        }
        else
        {
            _count = count;
            BatchSize = options.BatchSize ?? (defaultBatchOfOne ? 1 : (int)Math.Max(1, ((long)count + (4L * maxLoops) - 1) / (4L * maxLoops)));
            _guided = options.BatchSize is null && BatchSize > 1;
            long batches = ((long)count + BatchSize - 1) / BatchSize;
            Workers = (int)Math.Clamp(batches, 1, maxLoops);
        }

        if (sink == MapSink.Ordered)
        {
            _results = new TResult[count];
            if (options.ErrorMode == MapErrorMode.CollectAll)
            {
                _failures = new ChunkFailedException?[count];
            }
        }
        else
        {
            _channel = Channel.CreateBounded<(int, TResult)>(new BoundedChannelOptions((int)Math.Min((long)Workers * BatchSize, 1 << 20))
            {
                SingleReader = true,
                SingleWriter = Workers == 1,
                FullMode = BoundedChannelFullMode.Wait,
            });
            if (options.ErrorMode == MapErrorMode.CollectAll)
            {
                _lazyFailures = [];
            }
        }

        _trackSizes = options.Progress is not null && ItemsMayBeArrays();
        if (options.Progress is not null && _list is not null && _trackSizes)
        {
            long elements = 0, bytes = 0;
            for (int i = 0; i < _list.Count; i++)
            {
                if (_list[i] is NdArray a)
                {
                    elements += a.Size;
                    bytes += a.NBytes;
                }
            }

            _totalElements = elements;
            _totalBytes = bytes;
        }
        else if (_count >= 0)
        {
            _totalElements = 0;
            _totalBytes = 0;
        }

        _startTimestamp = Stopwatch.GetTimestamp();
    }

    /// <summary>The executor this call runs on.</summary>
    public IChunkExecutor Executor { get; }

    /// <summary>Loops asked of the executor.</summary>
    public int Workers { get; }

    /// <summary>Items a loop claims at a time (at most; with the default size, claims shrink near the end).</summary>
    public int BatchSize { get; }

    /// <summary>The unordered results (completion order).</summary>
    public ChannelReader<(int Index, TResult Result)> Reader => _channel!.Reader;

    /// <summary>Stops the map: no new item starts, in-flight items see their token cancelled.</summary>
    public void Stop()
    {
        try
        {
            _stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The run already finished.
        }
        catch (AggregateException)
        {
            // A callback registered by an item function on its token threw; the token is cancelled all the same,
            // and the item will report its own failure. The loop that stops the map must not fault.
        }
    }

    /// <summary>Runs every loop on the executor and returns the ordered results (throws per the error mode).</summary>
    public async ValueTask<TResult[]> RunOrderedAsync()
    {
        await ExecuteAsync().ConfigureAwait(false);
        ThrowIfFailed();
        return _results!;
    }

    /// <summary>Runs every loop and returns one <see cref="MapResult{T}"/> per item (collect-all, never throws for items).</summary>
    public async ValueTask<MapResult<TResult>[]> RunResultsAsync()
    {
        await ExecuteAsync().ConfigureAwait(false);
        _sourceError?.Throw();
        if (_completedItems < _count)
        {
            _userToken.ThrowIfCancellationRequested();
            _extraToken.ThrowIfCancellationRequested();
        }

        return BuildResults();
    }

    /// <summary>Runs every loop, completing the channel when done (with the map's exception, if any).</summary>
    /// <remarks>The channel always completes without an error; the outcome (failure, cancellation) is this task's.</remarks>
    public async Task RunUnorderedAsync()
    {
        try
        {
            await ExecuteAsync().ConfigureAwait(false);
        }
        finally
        {
            _channel!.Writer.TryComplete();
        }

        ThrowIfFailed();
    }

    /// <inheritdoc/>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask RunWorkerAsync(int worker)
    {
        ItemTimer? timer = _timeout is { } t ? new ItemTimer(t, _stop.Token) : null;
        try
        {
            var token = _stop.Token;
            while (!token.IsCancellationRequested && TryClaim(worker, out long start, out int n))
            {
                long elements = 0, bytes = 0;
                int done = 0;
                TItem[]? buffer = _enumerator is null ? null : _pullBuffers![worker];
                for (int k = 0; k < n; k++)
                {
                    if (token.IsCancellationRequested)
                    {
                        break;
                    }

                    int index = (int)(start + k);
                    TItem item = _array is not null ? _array[index] : buffer is not null ? buffer[k] : _list is not null ? _list[index] : default!;
                    if (buffer is not null)
                    {
                        buffer[k] = default!;
                    }

                    var run = RunItemAsync(item, index, worker, timer);
                    bool settled = run.IsCompletedSuccessfully ? run.Result : await run.ConfigureAwait(false);
                    if (!settled)
                    {
                        continue;
                    }

                    done++;
                    if (_trackSizes && item is NdArray a)
                    {
                        elements += a.Size;
                        bytes += a.NBytes;
                    }
                }

                if (done > 0)
                {
                    Interlocked.Add(ref _completedItems, done);
                    ReportProgress(done, elements, bytes);
                }
            }
        }
        finally
        {
            timer?.Dispose();
        }
    }

    private async ValueTask ExecuteAsync()
    {
        try
        {
            if (_count != 0)
            {
                await Executor.ExecuteAsync(this, Workers, _stop.Token).ConfigureAwait(false);
            }
        }
        finally
        {
            _enumerator?.Dispose();
            _stop.Dispose();
        }
    }

    private void ThrowIfFailed()
    {
        _sourceError?.Throw();
        if (_firstFailure is { } first)
        {
            throw first;
        }

        bool complete = _count < 0 ? _sourceDone : _completedItems >= _count;
        if (!complete || Volatile.Read(ref _dropped) || (_count < 0 && _completedItems < _pulled))
        {
            _userToken.ThrowIfCancellationRequested();
            _extraToken.ThrowIfCancellationRequested();
            throw new OperationCanceledException("the map was stopped before every item ran");
        }

        if (_failureCount > 0)
        {
            IEnumerable<ChunkFailedException> failures = _failures is not null
                ? _failures.OfType<ChunkFailedException>()
                : _lazyFailures!;
            throw new MapFailedException(failures, _sink == MapSink.Ordered ? BuildResults() : null);
        }
    }

    private MapResult<TResult>[] BuildResults()
    {
        var results = new MapResult<TResult>[_count];
        for (int i = 0; i < results.Length; i++)
        {
            results[i] = _failures?[i] is { } f ? new MapResult<TResult>(i, f) : new MapResult<TResult>(i, _results![i]);
        }

        return results;
    }

    private bool TryClaim(int worker, out long start, out int n)
    {
        if (_enumerator is null)
        {
            if (!_guided)
            {
                start = Interlocked.Add(ref _next, BatchSize) - BatchSize;
                if (start >= _count)
                {
                    n = 0;
                    return false;
                }

                n = (int)Math.Min(BatchSize, _count - start);
                return true;
            }

            // Guided: batches of the default size while much remains, then shrinking to a share of what is left,
            // so the loops run out of work together instead of one finishing a whole last batch alone.
            while (true)
            {
                long current = Volatile.Read(ref _next);
                if (current >= _count)
                {
                    start = current;
                    n = 0;
                    return false;
                }

                n = MapBatching.GuidedClaim(_count - current, Workers, BatchSize);
                if (Interlocked.CompareExchange(ref _next, current + n, current) == current)
                {
                    start = current;
                    return true;
                }
            }
        }

        var buffer = _pullBuffers![worker] ??= new TItem[BatchSize];
        lock (_enumerator)
        {
            start = _pulled;
            n = 0;
            if (_sourceDone || _stop.IsCancellationRequested)
            {
                return false;
            }

            try
            {
                while (n < BatchSize && _enumerator.MoveNext())
                {
                    buffer[n++] = _enumerator.Current;
                }

                if (n < BatchSize)
                {
                    _sourceDone = true;
                }
            }
            catch (Exception e)
            {
                _sourceError = ExceptionDispatchInfo.Capture(e);
                _sourceDone = true;
                Stop();
                n = 0;
                return false;
            }

            _pulled += n;
            return n > 0;
        }
    }

    /// <summary>Runs one item to its outcome; true when it settled (delivered or failed), false when the map stopped first.</summary>
    private ValueTask<bool> RunItemAsync(TItem item, int index, int worker, ItemTimer? timer)
    {
        if (timer is null)
        {
            // Fast path: first attempt, synchronous completion, no timeout: no allocation.
            ValueTask<TResult> pending;
            try
            {
                pending = _function(item, new MapItem(index, worker, 1), _stop.Token);
                if (pending.IsCompletedSuccessfully)
                {
                    var delivered = Deliver(index, pending.Result);
                    return delivered.IsCompletedSuccessfully ? new ValueTask<bool>(true) : AwaitDeliveryAsync(delivered);
                }
            }
            catch (Exception e)
            {
                return HandleFailureAsync(item, index, worker, null, 1, e, false);
            }

            return AwaitItemAsync(item, index, worker, null, 1, pending);
        }

        return RunAttemptAsync(item, index, worker, timer, 1);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<bool> AwaitDeliveryAsync(ValueTask delivered)
    {
        await delivered.ConfigureAwait(false);
        return true;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> RunAttemptAsync(TItem item, int index, int worker, ItemTimer? timer, int attempt)
    {
        var token = timer is null ? _stop.Token : timer.Start();
        ValueTask<TResult> pending;
        try
        {
            pending = _function(item, new MapItem(index, worker, attempt), token);
        }
        catch (Exception e)
        {
            bool timedOut = timer?.Finish() ?? false;
            return await HandleFailureAsync(item, index, worker, timer, attempt, e, timedOut).ConfigureAwait(false);
        }

        return await AwaitItemAsync(item, index, worker, timer, attempt, pending).ConfigureAwait(false);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> AwaitItemAsync(TItem item, int index, int worker, ItemTimer? timer, int attempt, ValueTask<TResult> pending)
    {
        TResult result;
        try
        {
            result = await pending.ConfigureAwait(false);
        }
        catch (Exception e)
        {
            bool timedOut = timer?.Finish() ?? false;
            return await HandleFailureAsync(item, index, worker, timer, attempt, e, timedOut).ConfigureAwait(false);
        }

        timer?.Finish();
        await Deliver(index, result).ConfigureAwait(false);
        return true;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> HandleFailureAsync(TItem item, int index, int worker, ItemTimer? timer, int attempt, Exception error, bool timedOut)
    {
        if (error is OperationCanceledException && _stop.IsCancellationRequested && !timedOut)
        {
            // Stopped (cancelled or another item failed fast): not this item's failure; it is simply not delivered.
            return false;
        }

        Exception cause = timedOut && error is OperationCanceledException
            ? new TimeoutException($"item {index} did not finish within its timeout of {_timeout!.Value.TotalMilliseconds} ms (attempt {attempt})", error)
            : error;
        if (attempt <= _options.MaxRetries && !_stop.IsCancellationRequested && _options.IsRetryable(cause))
        {
            return await RunAttemptAsync(item, index, worker, timer, attempt + 1).ConfigureAwait(false);
        }

        var failure = new ChunkFailedException(index, (item as NdArray)?.Chunk, attempt, cause);
        Interlocked.Increment(ref _failureCount);
        if (_options.ErrorMode == MapErrorMode.FailFast)
        {
            Interlocked.CompareExchange(ref _firstFailure, failure, null);
            Stop();
        }
        else if (_failures is not null)
        {
            _failures[index] = failure;
        }
        else
        {
            lock (_lazyFailures!)
            {
                _lazyFailures.Add(failure);
            }
        }

        return true;
    }

    private ValueTask Deliver(int index, TResult result)
    {
        if (_results is not null)
        {
            _results[index] = result;
            return default;
        }

        var writer = _channel!.Writer;
        if (writer.TryWrite((index, result)))
        {
            return default;
        }

        return WriteSlowAsync(writer, index, result);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask WriteSlowAsync(ChannelWriter<(int, TResult)> writer, int index, TResult result)
    {
        try
        {
            await writer.WriteAsync((index, result), _stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // The stream was abandoned or cancelled; the run ends with that outcome, never as "complete".
            Volatile.Write(ref _dropped, true);
        }
    }

    private void ReportProgress(int items, long elements, long bytes)
    {
        var progress = _options.Progress;
        if (progress is null)
        {
            return;
        }

        lock (_progressLock)
        {
            _doneItems += items;
            _doneElements += elements;
            _doneBytes += bytes;
            var elapsed = Stopwatch.GetElapsedTime(_startTimestamp);
            long? totalItems = _count >= 0 ? _count : null;
            TimeSpan? remaining = null;
            if (totalItems is { } total)
            {
                double fraction = _totalElements is > 0 ? (double)_doneElements / _totalElements.Value : (double)_doneItems / Math.Max(1, total);
                if (fraction > 0)
                {
                    remaining = TimeSpan.FromTicks((long)(elapsed.Ticks * Math.Max(0, (1 - fraction) / fraction)));
                }
            }

            progress.Report(new MapProgress(_doneItems, totalItems, _doneElements, _totalElements, _doneBytes, _totalBytes, elapsed, remaining));
        }
    }

    private static bool ItemsMayBeArrays() => !typeof(TItem).IsValueType && (typeof(TItem).IsAssignableFrom(typeof(NdArray)) || typeof(NdArray).IsAssignableFrom(typeof(TItem)));

    /// <summary>Per-loop timeout token source, reset between items (one allocation per loop, not per item).</summary>
    private sealed class ItemTimer : IDisposable
    {
        private readonly TimeSpan _timeout;
        private readonly CancellationToken _stop;
        private CancellationTokenSource _cts;
        private CancellationTokenRegistration _registration;

        public ItemTimer(TimeSpan timeout, CancellationToken stop)
        {
            _timeout = timeout;
            _stop = stop;
            _cts = new CancellationTokenSource();
            _registration = stop.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), _cts);
        }

        /// <summary>Arms the timer and returns the item's token.</summary>
        public CancellationToken Start()
        {
            _cts.CancelAfter(_timeout);
            return _cts.Token;
        }

        /// <summary>Disarms it; returns whether the timeout (not a stop) fired during the item.</summary>
        public bool Finish()
        {
            bool timedOut = _cts.IsCancellationRequested && !_stop.IsCancellationRequested;
            if (!_cts.TryReset())
            {
                _registration.Dispose();
                _cts.Dispose();
                _cts = new CancellationTokenSource();
                _registration = _stop.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), _cts);
            }

            return timedOut;
        }

        public void Dispose()
        {
            _registration.Dispose();
            _cts.Dispose();
        }
    }
}
