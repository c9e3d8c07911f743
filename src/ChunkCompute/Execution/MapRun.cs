using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
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

/// <summary>How a map call runs, beyond its sink.</summary>
[Flags]
internal enum MapRunFlags
{
    /// <summary>Synchronous caller: loop 0 may run inline on the calling thread; abandon items per the grace period.</summary>
    None = 0,

    /// <summary>Default batch size 1 (async item functions, which overlap by awaiting rather than by batching).</summary>
    BatchOfOne = 1,

    /// <summary>Start the executor on the thread pool, so no item runs on the caller's thread (async maps, streams).</summary>
    Detached = 2,

    /// <summary>
    /// Never abandon an item: the call returns only when every loop has ended. For executor-level item functions
    /// (<see cref="ChunkScheduler"/>), whose items own executor resources (a worker process) the executor frees afterwards.
    /// </summary>
    WaitForAll = 4,
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
/// <para>Allocations per call: this object, the linked stop token, the result array, one closure for sync functions, and
/// per loop a scratch buffer only for lazily pulled sources; none per batch or item while items complete
/// synchronously without timeouts (a timeout reuses one token source per loop).</para>
/// <para>Stopping: once the map stops early, the call waits at most the grace period
/// (<see cref="MapOptions.StopGracePeriod"/>) for loops still inside an item, then returns without them ("abandons"
/// them): from then on their deliveries, failures and progress are dropped, the source enumerator is released, and the
/// stop token source is disposed only when the last of them ends.</para>
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
    private readonly MapRunFlags _flags;
    private readonly TimeSpan _grace; // Timeout.InfiniteTimeSpan: never abandon

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
    private ExceptionDispatchInfo? _runError; // the source or the progress callback threw: not an item's failure
    private int _abandoned; // 1 once the call returned without waiting for every loop
    private int _cleanedUp;
    private bool _enumeratorDisposed;
    private bool _progressFailed; // guarded by _progressLock

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
        MapRunFlags flags,
        CancellationToken extraToken)
    {
        _list = list;
        _array = list as TItem[];
        _options = options;
        _sink = sink;
        _flags = flags;
        _grace = (flags & MapRunFlags.WaitForAll) != 0 ? Timeout.InfiniteTimeSpan : options.StopGracePeriod ?? MapOptions.DefaultStopGracePeriod;
        _function = MayBeArray ? Leased(function) : function;
        _userToken = options.CancellationToken;
        _extraToken = extraToken;
        _timeout = options.ItemTimeout is { } t && t != Timeout.InfiniteTimeSpan ? t : null;

        // The source's GetEnumerator may throw: call it before anything needs disposing.
        _enumerator = lazy?.GetEnumerator();
        _stop = extraToken.CanBeCanceled
            ? CancellationTokenSource.CreateLinkedTokenSource(options.CancellationToken, extraToken)
            : CancellationTokenSource.CreateLinkedTokenSource(options.CancellationToken);
        try
        {
            Executor = ChunkExecutor.Resolve(options);
            (Workers, BatchSize, _guided, _pullBuffers) = Plan(Executor, options, _enumerator is not null, count, flags);
            _count = _enumerator is not null ? -1 : count;
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
        }
        catch
        {
            // A user executor or list threw: release the source and the registration on the caller's token.
            Cleanup();
            throw;
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
        _runError?.Throw();
        if (Interlocked.Read(ref _completedItems) < _count)
        {
            ThrowStopped();
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
                        if (buffer is not null)
                        {
                            Array.Clear(buffer, k, n - k); // pulled but never run: do not keep them alive
                        }

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
        if (_count == 0)
        {
            Cleanup();
            return;
        }

        ValueTask loops;
        try
        {
            loops = (_flags & MapRunFlags.Detached) != 0
                ? new ValueTask(Task.Run(() => Executor.ExecuteAsync(this, Workers, _stop.Token).AsTask(), CancellationToken.None))
                : Executor.ExecuteAsync(this, Workers, _stop.Token);
        }
        catch
        {
            Cleanup();
            throw;
        }

        if (loops.IsCompleted)
        {
            try
            {
                loops.GetAwaiter().GetResult();
            }
            finally
            {
                Cleanup();
            }

            return;
        }

        await WaitForLoopsAsync(loops.AsTask()).ConfigureAwait(false);
    }

    /// <summary>Waits for every loop, or, once the map stopped, at most the grace period (then abandons the rest).</summary>
    private async Task WaitForLoopsAsync(Task loops)
    {
        if (_grace != Timeout.InfiniteTimeSpan)
        {
            if (!_stop.IsCancellationRequested)
            {
                // Wake when the loops end or the map stops, whichever comes first. Not loops.WaitAsync(_stop.Token) as in
                // AwaitItemAsync: that resumes inline on the thread that stops the map (a loop holding the source lock, an
                // item failing fast, the caller's Cancel), and with a zero grace would abandon and resume the caller there.
                var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                using (_stop.Token.UnsafeRegister(static s => ((TaskCompletionSource)s!).TrySetResult(), stopped))
                {
                    await Task.WhenAny(loops, stopped.Task).ConfigureAwait(false);
                }
            }

            if (!loops.IsCompleted)
            {
                // Stopped with items still running: they have the grace period to see their token, then are left behind.
                await loops.WaitAsync(_grace).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                if (!loops.IsCompleted)
                {
                    Abandon(loops);
                    return;
                }
            }
        }

        try
        {
            await loops.ConfigureAwait(false);
        }
        finally
        {
            Cleanup();
        }
    }

    /// <summary>Returns without the loops still running: drop what they deliver from now on, release what can be released.</summary>
    private void Abandon(Task loops)
    {
        Volatile.Write(ref _abandoned, 1);

        // Release the source now unless a loop is inside MoveNext (then it goes when the loops end).
        if (_enumerator is not null && Monitor.TryEnter(_enumerator))
        {
            try
            {
                _sourceDone = true;
                DisposeEnumerator();
            }
            finally
            {
                Monitor.Exit(_enumerator);
            }
        }

        _ = loops.ContinueWith(
            static (t, s) =>
            {
                _ = t.Exception; // observed: nobody waits for abandoned loops
                ((MapRun<TItem, TResult>)s!).Cleanup();
            },
            this,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    /// <summary>After the last loop ended: dispose the source enumerator and the stop token source (once).</summary>
    private void Cleanup()
    {
        if (Interlocked.Exchange(ref _cleanedUp, 1) != 0)
        {
            return;
        }

        if (_enumerator is not null)
        {
            lock (_enumerator)
            {
                DisposeEnumerator();
            }
        }

        _stop.Dispose();
    }

    /// <summary>Disposes the source enumerator once (caller holds its lock); a throwing Dispose is the source's error.</summary>
    private void DisposeEnumerator()
    {
        if (_enumeratorDisposed)
        {
            return;
        }

        _enumeratorDisposed = true;
        try
        {
            _enumerator!.Dispose();
        }
        catch (Exception e)
        {
            SetRunError(e);
        }
    }

    private void SetRunError(Exception error)
    {
        Interlocked.CompareExchange(ref _runError, ExceptionDispatchInfo.Capture(error), null);
        Stop();
    }

    private void ThrowIfFailed()
    {
        _runError?.Throw();
        if (Volatile.Read(ref _firstFailure) is { } first)
        {
            throw first;
        }

        long completed = Interlocked.Read(ref _completedItems);
        bool complete = _count < 0 ? Volatile.Read(ref _sourceDone) && completed >= Volatile.Read(ref _pulled) : completed >= _count;
        if (!complete || Volatile.Read(ref _dropped) || Volatile.Read(ref _abandoned) != 0)
        {
            ThrowStopped();
        }

        if (Volatile.Read(ref _failureCount) > 0)
        {
            IEnumerable<ChunkFailedException> failures = _failures is not null
                ? _failures.OfType<ChunkFailedException>()
                : _lazyFailures!;
            throw new MapFailedException(failures, _sink == MapSink.Ordered ? BuildResults() : null);
        }
    }

    /// <summary>The map stopped before every item was delivered: the caller's token (or the stream's), else a plain cancellation.</summary>
    [DoesNotReturn]
    private void ThrowStopped()
    {
        _userToken.ThrowIfCancellationRequested();
        _extraToken.ThrowIfCancellationRequested();
        throw new OperationCanceledException("the map was stopped before every item ran");
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
                _sourceDone = true;
                n = 0;
                SetRunError(e);
                return false;
            }

            _pulled += n;
            return n > 0;
        }
    }

    /// <summary>Whether an item may be an <see cref="NdArray"/> (chunks of <c>ArraySplit</c>), whose storage <see cref="Leased"/> holds.</summary>
    private static bool MayBeArray => !typeof(TItem).IsValueType && (typeof(NdArray).IsAssignableFrom(typeof(TItem)) || typeof(TItem).IsAssignableFrom(typeof(NdArray)));

    /// <summary>
    /// <paramref name="function"/> holding a lease on an array item's storage until the item returns (also after the
    /// map abandoned it): a caller that disposes the source array while the map runs, or once it has returned, then
    /// defers the release to that moment instead of freeing memory an item still reads; an item that would start
    /// after the source was disposed fails with <see cref="ObjectDisposedException"/>. No allocation per synchronous item.
    /// </summary>
    private static Func<TItem, MapItem, CancellationToken, ValueTask<TResult>> Leased(Func<TItem, MapItem, CancellationToken, ValueTask<TResult>> function) =>
        (item, mapItem, token) =>
        {
            if (item is not NdArray array)
            {
                return function(item, mapItem, token);
            }

            if (!array.TryAcquireStorageLease())
            {
                // Disposed before the item started: fail as its first access would have, rather than run without a
                // lease on memory a deferred release may free under it.
                return ValueTask.FromException<TResult>(new ObjectDisposedException("array storage", $"map item {mapItem.Index}: its array was disposed before the item started"));
            }

            ValueTask<TResult> pending;
            try
            {
                pending = function(item, mapItem, token);
            }
            catch
            {
                array.ReleaseStorageLease();
                throw;
            }

            if (pending.IsCompleted)
            {
                array.ReleaseStorageLease();
                return pending;
            }

            return ReleaseWhenDoneAsync(pending, array);
        };

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<TResult> ReleaseWhenDoneAsync(ValueTask<TResult> pending, NdArray array)
    {
        try
        {
            return await pending.ConfigureAwait(false);
        }
        finally
        {
            array.ReleaseStorageLease();
        }
    }

    /// <summary>The map is stopping: its stop token, or the caller's (whose cancellation reaches the stop token a moment later).</summary>
    private bool IsStopping => _stop.IsCancellationRequested || _userToken.IsCancellationRequested || _extraToken.IsCancellationRequested;

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
            bool timedOut = timer?.Finish(abandoned: false) ?? false;
            return await HandleFailureAsync(item, index, worker, timer, attempt, e, timedOut).ConfigureAwait(false);
        }

        return await AwaitItemAsync(item, index, worker, timer, attempt, pending).ConfigureAwait(false);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> AwaitItemAsync(TItem item, int index, int worker, ItemTimer? timer, int attempt, ValueTask<TResult> pending)
    {
        if (timer is not null && !pending.IsCompleted && _grace != Timeout.InfiniteTimeSpan)
        {
            // An async item under a timeout: once its token fires (timeout or stop) it has the grace period to return;
            // an item that ignores the token longer is left running and the attempt ends without it.
            var task = pending.AsTask();
            await ((Task)task.WaitAsync(timer.Token)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (!task.IsCompleted)
            {
                await ((Task)task.WaitAsync(_grace)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            if (!task.IsCompleted)
            {
                _ = task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                bool expired = timer.Finish(abandoned: true);
                Exception reason = expired
                    ? new TimeoutException(TimeoutMessage(index, attempt, "it ignored its cancellation and was abandoned, still running"))
                    : new OperationCanceledException(_stop.Token);
                return await HandleFailureAsync(item, index, worker, timer, attempt, reason, expired).ConfigureAwait(false);
            }

            pending = new ValueTask<TResult>(task);
        }

        TResult result;
        try
        {
            result = await pending.ConfigureAwait(false);
        }
        catch (Exception e)
        {
            bool timedOut = timer?.Finish(abandoned: false) ?? false;
            return await HandleFailureAsync(item, index, worker, timer, attempt, e, timedOut).ConfigureAwait(false);
        }

        if (timer is not null && timer.Finish(abandoned: false))
        {
            // It ignored its token and returned after the limit: a late value is not a success.
            var late = new TimeoutException(TimeoutMessage(index, attempt, "it ignored its cancellation and returned late"));
            return await HandleFailureAsync(item, index, worker, timer, attempt, late, true).ConfigureAwait(false);
        }

        await Deliver(index, result).ConfigureAwait(false);
        return true;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> HandleFailureAsync(TItem item, int index, int worker, ItemTimer? timer, int attempt, Exception error, bool timedOut)
    {
        if (error is OperationCanceledException && !timedOut && IsStopping)
        {
            // Stopped (cancelled or another item failed fast): not this item's failure; it is simply not delivered.
            // IsStopping also checks the caller's token: an item watching that token directly can see it fire before
            // the linked stop token does, and must not turn the caller's cancellation into a chunk failure.
            return false;
        }

        Exception cause = timedOut && error is OperationCanceledException
            ? new TimeoutException(TimeoutMessage(index, attempt, null), error)
            : error;
        if (attempt <= _options.MaxRetries && !IsStopping && _options.IsRetryable(cause))
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

    private string TimeoutMessage(int index, int attempt, string? note) =>
        $"item {index} did not finish within its timeout of {_timeout!.Value.TotalMilliseconds} ms (attempt {attempt}){(note is null ? string.Empty : "; " + note)}";

    private ValueTask Deliver(int index, TResult result)
    {
        if (Volatile.Read(ref _abandoned) != 0)
        {
            // The call already returned without this loop: nothing is delivered after that.
            return default;
        }

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
        catch (Exception e) when ((e is OperationCanceledException && _stop.IsCancellationRequested) || e is ChannelClosedException)
        {
            // The stream was left, cancelled or abandoned; the run ends with that outcome, never as "complete".
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

        Exception? error = null;
        lock (_progressLock)
        {
            if (_progressFailed || Volatile.Read(ref _abandoned) != 0)
            {
                return;
            }

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

            try
            {
                progress.Report(new MapProgress(_doneItems, totalItems, _doneElements, _totalElements, _doneBytes, _totalBytes, elapsed, remaining));
            }
            catch (Exception e)
            {
                // The caller's callback is broken: stop the map and surface its exception (no further reports).
                _progressFailed = true;
                error = e;
            }
        }

        if (error is not null)
        {
            SetRunError(error);
        }
    }

    /// <summary>Loops, batch size, guided or not, and pull buffers for a map of <paramref name="count"/> items (or a lazy source).</summary>
    private static (int Workers, int BatchSize, bool Guided, TItem[]?[]? PullBuffers) Plan(IChunkExecutor executor, MapOptions options, bool lazy, int count, MapRunFlags flags)
    {
        int maxLoops = options.MaxDegreeOfParallelism ?? Math.Max(1, executor.MaxConcurrency);
        if (lazy)
        {
            return (maxLoops, options.BatchSize ?? 1, false, new TItem[]?[maxLoops]);
        }

        bool batchOfOne = (flags & MapRunFlags.BatchOfOne) != 0;
        int batch = options.BatchSize ?? (batchOfOne ? 1 : (int)Math.Max(1, ((long)count + (4L * maxLoops) - 1) / (4L * maxLoops)));
        long batches = ((long)count + batch - 1) / batch;
        return ((int)Math.Clamp(batches, 1, maxLoops), batch, options.BatchSize is null && batch > 1, null);
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

        /// <summary>The current item's token.</summary>
        public CancellationToken Token => _cts.Token;

        /// <summary>Arms the timer and returns the item's token.</summary>
        public CancellationToken Start()
        {
            _cts.CancelAfter(_timeout);
            return _cts.Token;
        }

        /// <summary>
        /// Disarms it; returns whether the timeout (not a stop) fired during the item. An abandoned item keeps its token
        /// source (it may still watch the token), so a new one is made for the next item without disposing it.
        /// </summary>
        public bool Finish(bool abandoned)
        {
            bool timedOut = _cts.IsCancellationRequested && !_stop.IsCancellationRequested;
            if (abandoned || !_cts.TryReset())
            {
                _registration.Dispose();
                if (!abandoned)
                {
                    _cts.Dispose();
                }

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
