using System.Runtime.CompilerServices;

namespace ChunkCompute.Execution;

/// <summary>
/// The map engine with the item function exposed as "run item i on worker loop w": what executors that cannot run
/// closures build on (a process pool sends item <c>i</c> to worker process <see cref="MapItem.Worker"/> and awaits its
/// reply). The <c>ParallelMap</c> family is these functions with the user's delegate as the item function.
/// </summary>
/// <remarks>
/// All of them keep the contract in the design note of <see cref="IChunkExecutor"/>: exactly-once delivery, ordering,
/// <see cref="ChunkFailedException"/> naming the item (and its <see cref="ChunkInfo"/> when the item is an
/// <see cref="NdArray"/> chunk), fail-fast or collect-all, retries of <see cref="TransientChunkException"/>,
/// per-item timeouts, progress and cancellation. The executor is <see cref="MapOptions.Executor"/> (or the default).
/// Batch size defaults to <c>Pool.map</c>'s <c>ceil(count / (4 × loops))</c>. Unlike the <c>ParallelMap</c> family,
/// these never abandon an item (<see cref="MapOptions.StopGracePeriod"/> does not apply): the item functions belong to
/// the executor, which may free what they use (a worker process, a job) only once they have all returned, so they must
/// honour their token.
/// </remarks>
public static class ChunkScheduler
{
    /// <summary>Maps every item with <paramref name="function"/> and returns the results in input order.</summary>
    /// <exception cref="ChunkFailedException">Fail-fast: the first item that failed.</exception>
    /// <exception cref="MapFailedException">Collect-all: every failure, by index.</exception>
    /// <exception cref="OperationCanceledException">The options' token fired before every item ran.</exception>
    public static ValueTask<TResult[]> MapAsync<TItem, TResult>(
        IReadOnlyList<TItem> items,
        Func<TItem, MapItem, CancellationToken, ValueTask<TResult>> function,
        MapOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(function);
        return new MapRun<TItem, TResult>(items, null, items.Count, function, options ?? MapOptions.Default, MapSink.Ordered, MapRunFlags.WaitForAll, default).RunOrderedAsync();
    }

    /// <summary>As <see cref="MapAsync{TItem, TResult}"/> in collect-all mode, returning every item's outcome instead of throwing for failed items.</summary>
    /// <exception cref="OperationCanceledException">The options' token fired before every item ran.</exception>
    public static ValueTask<MapResult<TResult>[]> MapResultsAsync<TItem, TResult>(
        IReadOnlyList<TItem> items,
        Func<TItem, MapItem, CancellationToken, ValueTask<TResult>> function,
        MapOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(function);
        var o = (options ?? MapOptions.Default) with { ErrorMode = MapErrorMode.CollectAll };
        return new MapRun<TItem, TResult>(items, null, items.Count, function, o, MapSink.Ordered, MapRunFlags.WaitForAll, default).RunResultsAsync();
    }

    /// <summary>
    /// Streams <c>(index, result)</c> in completion order. A list is claimed by index; any other sequence is pulled
    /// lazily, only as loops free up: at most <c>loops × batch</c> items run and <c>loops × batch</c> finished results
    /// wait for the consumer at any time. Leaving the loop early stops the map and waits for in-flight items.
    /// </summary>
    public static IAsyncEnumerable<(int Index, TResult Result)> MapUnorderedAsync<TItem, TResult>(
        IEnumerable<TItem> items,
        Func<TItem, MapItem, CancellationToken, ValueTask<TResult>> function,
        MapOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(function);
        return StreamAsync(items, function, options ?? MapOptions.Default, MapRunFlags.WaitForAll, cancellationToken);
    }

    /// <summary>Runs <paramref name="runItem"/> for every index in <c>[0, count)</c> (results delivered by the function itself).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public static ValueTask RunAsync(int count, Func<MapItem, CancellationToken, ValueTask> runItem, MapOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentNullException.ThrowIfNull(runItem);
        return RunCoreAsync(count, runItem, options);
    }

    private static async ValueTask RunCoreAsync(int count, Func<MapItem, CancellationToken, ValueTask> runItem, MapOptions? options)
    {
        await new MapRun<int, bool>(null, null, count, (_, item, ct) => Complete(runItem(item, ct)), options ?? MapOptions.Default, MapSink.Ordered, MapRunFlags.WaitForAll, default)
            .RunOrderedAsync().ConfigureAwait(false);

        static ValueTask<bool> Complete(ValueTask pending) =>
            pending.IsCompletedSuccessfully ? new ValueTask<bool>(true) : AwaitAsync(pending);

        static async ValueTask<bool> AwaitAsync(ValueTask pending)
        {
            await pending.ConfigureAwait(false);
            return true;
        }
    }

    internal static async IAsyncEnumerable<(int Index, TResult Result)> StreamAsync<TItem, TResult>(
        IEnumerable<TItem> items,
        Func<TItem, MapItem, CancellationToken, ValueTask<TResult>> function,
        MapOptions options,
        MapRunFlags flags,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var list = items as IReadOnlyList<TItem>;

        // Detached: no loop runs on the consumer's thread (an inline loop would block on the bounded channel).
        var run = new MapRun<TItem, TResult>(list, list is null ? items : null, list?.Count ?? -1, function, options, MapSink.Unordered, flags | MapRunFlags.Detached, cancellationToken);
        var task = run.RunUnorderedAsync();
        bool drained = false;
        try
        {
            var reader = run.Reader;
            while (await reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
            {
                while (reader.TryRead(out var next))
                {
                    yield return next;
                }
            }

            drained = true;
        }
        finally
        {
            if (!drained)
            {
                // The consumer left early (break, exception, dispose): stop, and wait for the items in flight (at most
                // the grace period for items that ignore their token) so that nothing runs after we return.
                run.Stop();
                try
                {
                    await task.ConfigureAwait(false);
                }
                catch (Exception)
                {
                    // The consumer abandoned the stream; its own exit reason wins.
                }
            }
        }

        await task.ConfigureAwait(false);
    }
}
