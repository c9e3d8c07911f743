using ChunkCompute.Execution;

namespace ChunkCompute;

/// <summary>
/// <c>Pool.map</c>, <c>Executor.map</c>/<c>as_completed</c> and <c>asyncio.gather</c> for chunk lists, arrays and any
/// sequence: <c>a.ArraySplit(8).ParallelMap(c =&gt; Sum(c))</c>. Results come back in input order (or, unordered, in
/// completion order with their index); failures name the chunk; the token is passed to the function.
/// </summary>
/// <remarks>
/// <para>Where it runs: <see cref="MapOptions.Executor"/>, else <see cref="ChunkExecutor.Default"/> (threads per
/// <see cref="ExecutionSettings.Current"/>). Items are claimed in batches (<see cref="MapOptions.BatchSize"/>,
/// default <c>ceil(count / (4 × loops))</c> as <c>Pool.map</c>), so many tiny items cost O(1) allocations per call.</para>
/// <para>Items that are <see cref="NdArray"/> chunks add their <see cref="ChunkInfo"/> range to
/// <see cref="ChunkFailedException"/> and their elements and bytes to <see cref="MapProgress"/>. A sequence that is not
/// an <see cref="IReadOnlyList{T}"/> is read once into a list first (as <c>Pool.map</c> does), except by the unordered
/// stream, which pulls it lazily.</para>
/// <para>Stopping early (fail-fast, cancellation, leaving a stream): no new item starts, every item in flight sees its
/// token cancelled, and the call returns once they have returned — or after <see cref="MapOptions.StopGracePeriod"/>
/// (500 ms), leaving behind the items that ignore their token (their results are dropped). The synchronous
/// <c>ParallelMap</c> runs loop 0 on the calling thread (as <c>Parallel.For</c>), so an item there that ignores its token
/// delays the return until it returns; <c>ParallelMapAsync</c> and <c>ParallelMapUnordered</c> run nothing on the
/// caller's thread. Maps may nest: on threads, a map inside an item never waits for a free pool thread.</para>
/// </remarks>
public static class ParallelMapExtensions
{
    /// <summary>Maps <paramref name="function"/> over <paramref name="source"/> in parallel; results in input order.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> or <paramref name="function"/> is null.</exception>
    /// <exception cref="ChunkFailedException">Fail-fast (default): the first item that failed, its index, range and cause.</exception>
    /// <exception cref="MapFailedException">Collect-all: every failure by index; the successful results are in it.</exception>
    /// <exception cref="OperationCanceledException">The options' token fired before every item ran.</exception>
    public static TResult[] ParallelMap<TItem, TResult>(this IEnumerable<TItem> source, Func<TItem, TResult> function, MapOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(function);
        return Wait(Ordered(source, Wrap(function), options, MapRunFlags.None));
    }

    /// <summary>As <see cref="ParallelMap{TItem, TResult}(IEnumerable{TItem}, Func{TItem, TResult}, MapOptions?)"/> with the map's cancellation token passed to <paramref name="function"/>.</summary>
    public static TResult[] ParallelMap<TItem, TResult>(this IEnumerable<TItem> source, Func<TItem, CancellationToken, TResult> function, MapOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(function);
        return Wait(Ordered(source, (item, _, ct) => new ValueTask<TResult>(function(item, ct)), options, MapRunFlags.None));
    }

    /// <summary>
    /// Splits <paramref name="array"/> into <paramref name="sections"/> chunks along <paramref name="axis"/> (exactly as
    /// <c>numpy.array_split</c>) and maps <paramref name="function"/> over them; results in chunk order.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="sections"/> ≤ 0.</exception>
    public static TResult[] ParallelMap<T, TResult>(this NdArray<T> array, int sections, Func<NdArray<T>, TResult> function, MapOptions? options = null, int axis = 0)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(function);
        return Split(array, sections, axis).ParallelMap(function, options);
    }

    /// <summary>
    /// Collect-all map that never throws for failed items (<c>return_exceptions=True</c>): one <see cref="MapResult{T}"/>
    /// per item in input order, holding the value or the <see cref="ChunkFailedException"/>.
    /// </summary>
    /// <exception cref="OperationCanceledException">The options' token fired before every item ran.</exception>
    public static MapResult<TResult>[] ParallelMapResults<TItem, TResult>(this IEnumerable<TItem> source, Func<TItem, TResult> function, MapOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(function);
        var list = AsList(source);
        var o = (options ?? MapOptions.Default) with { ErrorMode = MapErrorMode.CollectAll };
        return Wait(new MapRun<TItem, TResult>(list, null, list.Count, Wrap(function), o, MapSink.Ordered, MapRunFlags.None, default).RunResultsAsync());
    }

    /// <summary>
    /// Maps an async <paramref name="function"/> (I/O-bound work per chunk) with at most
    /// <see cref="MapOptions.MaxDegreeOfParallelism"/> items in flight (<c>asyncio.gather</c> with a semaphore);
    /// results in input order. In fail-fast mode the first failure cancels the token of every other item in flight.
    /// Batch size defaults to 1 here.
    /// </summary>
    /// <exception cref="ChunkFailedException">Fail-fast: the first item that failed.</exception>
    /// <exception cref="MapFailedException">Collect-all: every failure by index.</exception>
    /// <exception cref="OperationCanceledException">The options' token fired before every item ran.</exception>
    public static async Task<TResult[]> ParallelMapAsync<TItem, TResult>(this IEnumerable<TItem> source, Func<TItem, CancellationToken, ValueTask<TResult>> function, MapOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(function);

        // Return to the caller at once; the loops (one may run inline on the executor) continue on the thread pool,
        // off the caller's synchronization context.
        await Task.CompletedTask.ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
        return await Ordered(source, (item, _, ct) => function(item, ct), options, MapRunFlags.BatchOfOne | MapRunFlags.Detached).ConfigureAwait(false);
    }

    /// <summary>As <see cref="ParallelMapAsync{TItem, TResult}(IEnumerable{TItem}, Func{TItem, CancellationToken, ValueTask{TResult}}, MapOptions?)"/>, with the item's index, loop and attempt.</summary>
    public static async Task<TResult[]> ParallelMapAsync<TItem, TResult>(this IEnumerable<TItem> source, Func<TItem, MapItem, CancellationToken, ValueTask<TResult>> function, MapOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(function);
        await Task.CompletedTask.ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
        return await Ordered(source, function, options, MapRunFlags.BatchOfOne | MapRunFlags.Detached).ConfigureAwait(false);
    }

    /// <summary>
    /// Streams <c>(Index, Result)</c> in completion order (<c>imap_unordered</c>, <c>as_completed</c>) with bounded
    /// in-flight work: a sequence that is not a list is pulled only as loops free up — at most <c>loops × batch</c> items
    /// run and <c>loops × batch</c> results wait for the consumer — never read eagerly. Leaving the loop early stops the map.
    /// </summary>
    /// <remarks>Failures and cancellation are thrown by the enumerator after the results that completed before them.</remarks>
    public static IAsyncEnumerable<(int Index, TResult Result)> ParallelMapUnordered<TItem, TResult>(this IEnumerable<TItem> source, Func<TItem, TResult> function, MapOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(function);
        return ChunkScheduler.StreamAsync(source, Wrap(function), options ?? MapOptions.Default, MapRunFlags.None, default);
    }

    /// <summary>As <see cref="ParallelMapUnordered{TItem, TResult}(IEnumerable{TItem}, Func{TItem, TResult}, MapOptions?)"/> with an async function (batch size defaults to 1).</summary>
    public static IAsyncEnumerable<(int Index, TResult Result)> ParallelMapUnordered<TItem, TResult>(this IEnumerable<TItem> source, Func<TItem, CancellationToken, ValueTask<TResult>> function, MapOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(function);
        return ChunkScheduler.StreamAsync<TItem, TResult>(source, (item, _, ct) => function(item, ct), options ?? MapOptions.Default, MapRunFlags.BatchOfOne, default);
    }

    /// <summary>
    /// Maps every item to a partial result, then combines the partials in a fixed binary tree over the item indices
    /// (<c>((p0∘p1)∘(p2∘p3))∘…</c>), so the value — bits included — never depends on completion order or executor.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="source"/> is empty (there is nothing to combine; use the overload with a seed).</exception>
    public static TPartial MapReduce<TItem, TPartial>(this IEnumerable<TItem> source, Func<TItem, TPartial> map, Func<TPartial, TPartial, TPartial> combine, MapOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(combine);
        var partials = source.ParallelMap(map, options);
        if (partials.Length == 0)
        {
            ThrowHelper.ThrowArgument("MapReduce of an empty sequence has no value; pass an identity seed", nameof(source));
        }

        return TreeCombine(partials, combine);
    }

    /// <summary>As <see cref="MapReduce{TItem, TPartial}(IEnumerable{TItem}, Func{TItem, TPartial}, Func{TPartial, TPartial, TPartial}, MapOptions?)"/>, returning <paramref name="identity"/> for an empty source.</summary>
    public static TPartial MapReduce<TItem, TPartial>(this IEnumerable<TItem> source, TPartial identity, Func<TItem, TPartial> map, Func<TPartial, TPartial, TPartial> combine, MapOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(combine);
        var partials = source.ParallelMap(map, options);
        return partials.Length == 0 ? identity : TreeCombine(partials, combine);
    }

    /// <summary>Splits <paramref name="array"/> as <c>numpy.array_split</c>, maps the chunks and tree-combines the partials.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="sections"/> ≤ 0.</exception>
    public static TPartial MapReduce<T, TPartial>(this NdArray<T> array, int sections, Func<NdArray<T>, TPartial> map, Func<TPartial, TPartial, TPartial> combine, MapOptions? options = null, int axis = 0)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(combine);
        return Split(array, sections, axis).MapReduce(map, combine, options);
    }

    /// <summary>
    /// Combines <paramref name="partials"/> pairwise in a fixed tree: level by level, <c>p[2i] ∘ p[2i+1]</c>, an odd last
    /// element carried up unchanged. The order of operations depends only on the count.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="partials"/> is empty.</exception>
    public static TPartial TreeCombine<TPartial>(ReadOnlySpan<TPartial> partials, Func<TPartial, TPartial, TPartial> combine)
    {
        ArgumentNullException.ThrowIfNull(combine);
        if (partials.IsEmpty)
        {
            ThrowHelper.ThrowArgument("cannot combine zero partial results", nameof(partials));
        }

        var level = partials.ToArray();
        int n = level.Length;
        while (n > 1)
        {
            int half = n / 2;
            for (int i = 0; i < half; i++)
            {
                level[i] = combine(level[2 * i], level[(2 * i) + 1]);
            }

            if ((n & 1) != 0)
            {
                level[half] = level[n - 1];
            }

            n = half + (n & 1);
        }

        return level[0];
    }

    private static ValueTask<TResult[]> Ordered<TItem, TResult>(IEnumerable<TItem> source, Func<TItem, MapItem, CancellationToken, ValueTask<TResult>> function, MapOptions? options, MapRunFlags flags)
    {
        ArgumentNullException.ThrowIfNull(source);
        var list = AsList(source);
        return new MapRun<TItem, TResult>(list, null, list.Count, function, options ?? MapOptions.Default, MapSink.Ordered, flags, default).RunOrderedAsync();
    }

    private static Func<TItem, MapItem, CancellationToken, ValueTask<TResult>> Wrap<TItem, TResult>(Func<TItem, TResult> function) =>
        (item, _, _) => new ValueTask<TResult>(function(item));

    private static IReadOnlyList<TItem> AsList<TItem>(IEnumerable<TItem> source) => source as IReadOnlyList<TItem> ?? source.ToList();

    private static NdArray<T>[] Split<T>(NdArray<T> array, int sections, int axis)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(array);
        if (sections <= 0)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(sections), sections, $"number of sections must be larger than 0, got {sections}");
        }

        return array.ArraySplit(sections, axis);
    }

    private static T Wait<T>(ValueTask<T> pending) => pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
}
