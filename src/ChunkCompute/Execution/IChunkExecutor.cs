namespace ChunkCompute.Execution;

// Design note — how maps run (layer 5 of DESIGN.md)
//
// An executor only decides WHERE the worker loops of a map run: on the calling thread (SequentialExecutor), on
// thread-pool threads (ThreadExecutor), or each loop bound to one worker process (ProcessPool), later a cluster node.
// It does not know what an item is. Everything a map promises — claiming items in batches, bounded pulling from a
// lazy source, ordering, exactly-once delivery, fail-fast or collect-all, retries, per-item timeouts, progress,
// cancellation and errors that name the chunk — lives once, in the IChunkWork the map hands to the executor
// (ParallelMap, ParallelMapAsync, ParallelMapUnordered, MapReduce and ChunkScheduler.MapAsync all build one).
//
//     map call ──builds──▶ IChunkWork ──given to──▶ IChunkExecutor.ExecuteAsync(work, workers, token)
//                                                     └─ runs work.RunWorkerAsync(w) for w in [0, workers)
//     RunWorkerAsync(w): loop { claim next batch of item indices (atomic counter, or a locked pull from an
//                               IEnumerable); for each item: call the item function with MapItem(index, worker w,
//                               attempt); deliver result / record failure; report progress }
//
// "Running item i" is the caller's function: for threads it invokes the user's delegate; for processes the pool's
// function sends descriptor i to the worker process of loop w and awaits its small reply (MapItem.Worker tells it
// which). So a process pool implements IChunkExecutor by running `workers` async loops (one per worker process) and
// builds its kernel maps with ChunkScheduler.MapAsync(pool, count, (i, item, ct) => SendToWorker(item.Worker, i, ct)).
//
// Contract kept by the work (for every executor):
// * Exactly once: every item index in [0, count) is claimed by exactly one loop and its result delivered exactly once
//   (a retried item delivers only its successful attempt); nothing is delivered (results, failures, progress) after
//   the map call returns.
// * Ordering: ordered maps return results by input index; unordered streams yield in completion order with the index.
// * Errors: a failing item surfaces as ChunkFailedException (index, ChunkInfo range when the item is an array chunk,
//   attempts, original exception as InnerException with its stack). Fail-fast: no item starts after the first failure
//   and in-flight items see their token cancelled. Collect-all: MapFailedException lists every failure by index.
// * Cancellation: the token passed to item functions fires when the caller's token fires, on fail-fast, or when the
//   item's timeout elapses; no new item starts afterwards. The call ends as soon as the in-flight items return, or, for
//   the ParallelMap family, after MapOptions.StopGracePeriod (500 ms) at most: items that ignore their token longer are
//   abandoned (left running, their outcome discarded) unless they run on the calling thread. ChunkScheduler maps
//   (executor-level items, e.g. a worker process's) always wait: their items must honour the token.
// * The caller's code failing is not an item failure: an exception from the source sequence or from the progress
//   callback stops the map (either error mode) and is thrown as itself.
// * Retries: an attempt failing with TransientChunkException (e.g. "worker process died") is retried up to
//   MapOptions.MaxRetries times; ordinary exceptions are deterministic and are not retried unless MapOptions.RetryOn says so.

/// <summary>
/// Runs the worker loops of a map somewhere: inline, on threads, in worker processes. One small interface so maps,
/// streaming, progress, errors and cancellation are written once and every executor gets them (see the design note
/// at the top of this file).
/// </summary>
/// <remarks>
/// <para>Implementations: <see cref="SequentialExecutor"/> (one loop on the calling thread, for debugging and tests),
/// <see cref="ThreadExecutor"/> (thread pool), and the process pool. The default for a call is
/// <see cref="MapOptions.Executor"/>, else <see cref="ChunkExecutor.Default"/>.</para>
/// <para>An implementation must call <see cref="IChunkWork.RunWorkerAsync"/> once for each worker index it decides to
/// run (at least one, at most <c>workers</c>, each index at most once), may run them concurrently in any order, and
/// must complete the returned task only after every loop it started has completed. Running fewer loops than asked is
/// allowed (the loops claim items dynamically, so all items still run).</para>
/// </remarks>
public interface IChunkExecutor
{
    /// <summary>
    /// Number of loops the executor runs when the caller sets no <see cref="MapOptions.MaxDegreeOfParallelism"/>:
    /// processors for threads, worker processes for a process pool, 1 for sequential.
    /// </summary>
    int MaxConcurrency { get; }

    /// <summary>
    /// Runs <c>work.RunWorkerAsync(w)</c> for worker indices <c>w</c> in <c>[0, workers)</c> (or a prefix of them when the
    /// executor is smaller) and completes when all started loops have completed.
    /// </summary>
    /// <param name="work">The map's loop body; it never throws for item failures (it records them).</param>
    /// <param name="workers">Loops asked for (≥ 1).</param>
    /// <param name="cancellationToken">
    /// Fires when the map stops early (cancelled or failed fast). Executors may use it to skip loops not yet started
    /// or to stop waiting for resources, but must still wait for every loop they started.
    /// </param>
    /// <returns>A task that completes when all loops are done; it faults only if a loop itself threw (a bug).</returns>
    ValueTask ExecuteAsync(IChunkWork work, int workers, CancellationToken cancellationToken);
}

/// <summary>
/// The loop body of one map, built by the map functions and handed to an <see cref="IChunkExecutor"/>. Each call claims
/// batches of items until none remain or the map stopped, runs them, and delivers their results.
/// </summary>
public interface IChunkWork
{
    /// <summary>
    /// Runs worker loop <paramref name="worker"/> until no item is left or the map stopped. Item failures are recorded,
    /// not thrown. Completes synchronously when every item does (no allocation on the thread path).
    /// </summary>
    ValueTask RunWorkerAsync(int worker);
}
