using System.Diagnostics;
using ChunkCompute.Execution;

// Not "ChunkCompute.Tests.Execution": that namespace would shadow "Execution.ExecutionSettings" as written in Arrays tests.
namespace ChunkCompute.Tests.Executors;

[TestFixtureSource(typeof(ExecutionTestHelpers), nameof(ExecutionTestHelpers.Executors))]
public class ParallelMapErrorTests(string executorName)
{
    private readonly IChunkExecutor _executor = ExecutionTestHelpers.Create(executorName);

    private MapOptions Options => new() { Executor = _executor };

    [TestCase(0)]
    [TestCase(3)]
    [TestCase(7)]
    public void FailureNamesTheChunkItsRangeAndKeepsTheOriginalException(int failing)
    {
        using var a = NdArray.Arange<double>(1000);
        var chunks = a.ArraySplit(8);
        var ex = Assert.Throws<ChunkFailedException>(() => chunks.ParallelMap(c => c.Chunk!.Value.Index == failing ? Thrower.Fail(c) : 1.0, Options));
        Assert.That(ex.Index, Is.EqualTo(failing));
        Assert.That(ex.Chunk, Is.EqualTo(chunks[failing].Chunk));
        Assert.That(ex.Attempts, Is.EqualTo(1));
        Assert.That(ex.Message, Does.Contain($"item {failing}").And.Contain($"[{chunks[failing].Chunk!.Value.Offset}:").And.Contain("boom at chunk"));
        Assert.That(ex.InnerException, Is.TypeOf<InvalidOperationException>());
        Assert.That(ex.InnerException!.StackTrace, Does.Contain(nameof(Thrower.Fail)), "original stack preserved");
    }

    [Test]
    public void FailFastStartsNoItemAfterTheFailureAndReturnsPromptly()
    {
        int count = 400;
        int startedAfterStop = 0;
        int started = 0;
        long failedAt = 0;
        var ex = Assert.Throws<ChunkFailedException>(() => Enumerable.Range(0, count).ParallelMap((i, ct) =>
        {
            if (ct.IsCancellationRequested)
            {
                Interlocked.Increment(ref startedAfterStop);
            }

            Interlocked.Increment(ref started);
            if (i == 20)
            {
                Volatile.Write(ref failedAt, Stopwatch.GetTimestamp());
                throw new InvalidOperationException("item 20 failed");
            }

            // The others take a minute unless cancelled: the map only returns promptly if they see the token.
            ExecutionTestHelpers.WaitForCancel(i > 20 ? TimeSpan.FromSeconds(60) : TimeSpan.Zero, ct);
            return i;
        }, Options with { BatchSize = 1 }));
        var sinceFailure = Stopwatch.GetElapsedTime(failedAt);
        Assert.That(ex.Index, Is.EqualTo(20));
        // A loop checks the stop flag right before calling the function, so at most one item per other loop can be
        // past that check when the stop lands (and then sees its token already cancelled); none may start later.
        Assert.That(startedAfterStop, Is.LessThanOrEqualTo(Math.Max(0, _executor.MaxConcurrency - 1)), "no item may start once the map stopped");
        Assert.That(started, Is.LessThan(count));
        Assert.That(sinceFailure, Is.LessThan(TimeSpan.FromSeconds(10)), "from the failure to the return: in-flight items were cancelled rather than waited out (a minute)");
    }

    [Test]
    public void CollectAllReportsEveryFailureByIndexAndKeepsTheSuccesses()
    {
        int[] failing = [0, 5, 6, 99];
        var ex = Assert.Throws<MapFailedException>(() => Enumerable.Range(0, 100).ParallelMap(i =>
        {
            Thread.SpinWait((100 - i) * 20);
            return failing.Contains(i) ? throw new ArgumentException($"bad {i}") : i * 2;
        }, Options with { ErrorMode = MapErrorMode.CollectAll }));
        Assert.That(ex.Failures.Select(f => f.Index), Is.EqualTo(failing));
        Assert.That(ex.InnerExceptions, Has.Count.EqualTo(4));
        Assert.That(ex.Failures.Select(f => f.InnerException!.Message), Is.EqualTo(failing.Select(i => $"bad {i}")));
        var results = ex.GetResults<int>();
        Assert.That(results, Has.Length.EqualTo(100));
        for (int i = 0; i < 100; i++)
        {
            Assert.That(results[i].Index, Is.EqualTo(i));
            Assert.That(results[i].Succeeded, Is.EqualTo(!failing.Contains(i)));
            if (results[i].Succeeded)
            {
                Assert.That(results[i].Value, Is.EqualTo(i * 2));
            }
            else
            {
                Assert.That(() => results[i].Value, Throws.TypeOf<ChunkFailedException>());
            }
        }

        Assert.That(() => ex.GetResults<double>(), Throws.InvalidOperationException);
    }

    [Test]
    public void ParallelMapResultsNeverThrowsForItems()
    {
        var calls = new int[50];
        var results = Enumerable.Range(0, 50).ParallelMapResults(i =>
        {
            Interlocked.Increment(ref calls[i]);
            return i % 10 == 9 ? throw new FormatException("x") : (double)i;
        }, Options);
        Assert.That(calls, Is.All.EqualTo(1));
        Assert.That(results.Where(r => !r.Succeeded).Select(r => r.Index), Is.EqualTo(new[] { 9, 19, 29, 39, 49 }));
        Assert.That(results.Where(r => r.Succeeded).Select(r => r.Value), Is.EqualTo(Enumerable.Range(0, 50).Where(i => i % 10 != 9).Select(i => (double)i)));
    }

    [Test]
    public void CancellationBeforeStartRunsNothing()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        int calls = 0;
        var ex = Assert.Throws<OperationCanceledException>(() => Enumerable.Range(0, 100).ParallelMap(i => Interlocked.Increment(ref calls), Options with { CancellationToken = cts.Token }));
        Assert.That(ex.CancellationToken, Is.EqualTo(cts.Token));
        Assert.That(calls, Is.Zero);
    }

    [Test]
    public void CancellationMidRunStopsPromptlyAndStartsNothingNew()
    {
        using var cts = new CancellationTokenSource();
        int startedAfterCancel = 0;
        int started = 0;
        long cancelledAt = 0;
        Assert.Throws<OperationCanceledException>(() => Enumerable.Range(0, 1000).ParallelMap((i, ct) =>
        {
            if (cts.IsCancellationRequested && ct.IsCancellationRequested)
            {
                Interlocked.Increment(ref startedAfterCancel);
            }

            if (Interlocked.Increment(ref started) == 10)
            {
                Volatile.Write(ref cancelledAt, Stopwatch.GetTimestamp());
                cts.Cancel();
            }

            ExecutionTestHelpers.WaitForCancel(i >= 10 ? TimeSpan.FromSeconds(60) : TimeSpan.Zero, ct);
            ct.ThrowIfCancellationRequested();
            return i;
        }, Options with { CancellationToken = cts.Token, BatchSize = 1 }));
        var sinceCancel = Stopwatch.GetElapsedTime(cancelledAt);
        Assert.That(startedAfterCancel, Is.LessThanOrEqualTo(Math.Max(0, _executor.MaxConcurrency - 1)), "see FailFastStartsNoItemAfterTheFailureAndReturnsPromptly");
        Assert.That(started, Is.LessThan(1000));
        Assert.That(sinceCancel, Is.LessThan(TimeSpan.FromSeconds(10)), "from the cancellation to the return (uncancelled items take a minute)");
    }

    [Test]
    public void CancellationAfterEveryItemRanIsNotAnError()
    {
        using var cts = new CancellationTokenSource();
        var results = Enumerable.Range(0, 10).ParallelMap(i =>
        {
            if (i == 9)
            {
                cts.Cancel();
            }

            return i;
        }, Options with { CancellationToken = cts.Token, BatchSize = 10 });
        Assert.That(results, Is.EqualTo(Enumerable.Range(0, 10)));
    }

    [Test]
    public void TransientFailuresAreRetriedAndOthersAreNot()
    {
        var attempts = new int[20];
        var results = Enumerable.Range(0, 20).ToArray().ParallelMapAsync((i, item, ct) =>
        {
            Interlocked.Increment(ref attempts[i]);
            return i % 4 == 0 && item.Attempt <= 2 ? throw new TransientChunkException("worker died") : new ValueTask<int>(i * item.Attempt);
        }, Options).GetAwaiter().GetResult();
        Assert.That(results, Is.EqualTo(Enumerable.Range(0, 20).Select(i => i % 4 == 0 ? i * 3 : i)));
        Assert.That(attempts, Is.EqualTo(Enumerable.Range(0, 20).Select(i => i % 4 == 0 ? 3 : 1)));

        int deterministic = 0;
        var ex = Assert.Throws<ChunkFailedException>(() => new[] { 1 }.ParallelMap(_ =>
        {
            Interlocked.Increment(ref deterministic);
            return Thrower.Fail(null);
        }, Options));
        Assert.That(deterministic, Is.EqualTo(1), "ordinary exceptions are not retried");
        Assert.That(ex.Attempts, Is.EqualTo(1));
    }

    [Test]
    public void RetriesStopAtMaxRetriesAndTheErrorCountsAttempts()
    {
        int calls = 0;
        var ex = Assert.Throws<ChunkFailedException>(() => new[] { 0, 1, 2 }.ParallelMap(
            i => i == 1 ? (Interlocked.Increment(ref calls) > 0 ? throw new TransientChunkException("killed by signal 9") : 0) : i,
            Options with { MaxRetries = 3 }));
        Assert.That(calls, Is.EqualTo(4));
        Assert.That(ex.Index, Is.EqualTo(1));
        Assert.That(ex.Attempts, Is.EqualTo(4));
        Assert.That(ex.Message, Does.Contain("4 attempts").And.Contain("killed by signal 9"));
    }

    [Test]
    public void RetryOnSelectsRetryableExceptions()
    {
        var attempts = new int[5];
        var results = Enumerable.Range(0, 5).ParallelMap(i => Interlocked.Increment(ref attempts[i]) < 2 ? throw new IOException("flaky") : i,
            Options with { RetryOn = e => e is IOException, MaxRetries = 1 });
        Assert.That(results, Is.EqualTo(Enumerable.Range(0, 5)));
        Assert.That(attempts, Is.All.EqualTo(2));
    }

    [Test]
    public void ItemTimeoutCancelsTheItemAndFailsWithTimeoutException()
    {
        var ex = Assert.Throws<ChunkFailedException>(() => Enumerable.Range(0, 6).ParallelMap((i, ct) =>
        {
            if (i == 4)
            {
                Assert.That(ExecutionTestHelpers.WaitForCancel(TimeSpan.FromSeconds(30), ct), Is.True);
                ct.ThrowIfCancellationRequested();
            }

            return i;
        }, Options with { ItemTimeout = TimeSpan.FromMilliseconds(500) })); // long enough that no trivial item is ever late
        Assert.That(ex.Index, Is.EqualTo(4));
        Assert.That(ex.InnerException, Is.TypeOf<TimeoutException>());
        Assert.That(ex.InnerException!.InnerException, Is.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public void TimedOutItemIsRetriedWhenRetryOnAcceptsTimeouts()
    {
        var attempts = new int[3];
        var results = Enumerable.Range(0, 3).ToArray().ParallelMapAsync(async (i, item, ct) =>
        {
            Interlocked.Increment(ref attempts[i]);
            if (i == 1 && item.Attempt == 1)
            {
                await Task.Delay(TimeSpan.FromSeconds(30), ct);
            }

            return i;
        }, Options with { ItemTimeout = TimeSpan.FromMilliseconds(500), RetryOn = e => e is TimeoutException }).GetAwaiter().GetResult();
        Assert.That(results, Is.EqualTo(new[] { 0, 1, 2 }));
        Assert.That(attempts, Is.EqualTo(new[] { 1, 2, 1 }));
    }

    [Test]
    public void ItemsWithinTheirTimeoutSucceed()
    {
        var results = Enumerable.Range(0, 200).ParallelMap(i => i + 1, Options with { ItemTimeout = TimeSpan.FromSeconds(30) });
        Assert.That(results, Is.EqualTo(Enumerable.Range(1, 200)));
    }
}

public class ParallelMapArgumentTests
{
    [Test]
    public void BadArgumentsNameTheParameter()
    {
        int[] items = [1, 2, 3];
        var a = NdArray.Arange<double>(10);
        Assert.That(Assert.Throws<ArgumentNullException>(() => items.ParallelMap((Func<int, int>)null!))!.ParamName, Is.EqualTo("function"));
        Assert.That(Assert.Throws<ArgumentNullException>(() => ((int[])null!).ParallelMap(i => i))!.ParamName, Is.EqualTo("source"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => a.ParallelMap(0, c => 1))!.ParamName, Is.EqualTo("sections"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => a.ParallelMap(-3, c => 1))!.Message, Does.Contain("-3"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => a.MapReduce(0, c => 1, (x, y) => x + y))!.ParamName, Is.EqualTo("sections"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => _ = new MapOptions { MaxDegreeOfParallelism = -1 })!.ParamName, Is.EqualTo("MaxDegreeOfParallelism"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => _ = new MapOptions { MaxDegreeOfParallelism = 0 })!.ParamName, Is.EqualTo("MaxDegreeOfParallelism"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => _ = new MapOptions { BatchSize = 0 })!.ParamName, Is.EqualTo("BatchSize"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => _ = new MapOptions { MaxRetries = -1 })!.ParamName, Is.EqualTo("MaxRetries"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => _ = new MapOptions { ItemTimeout = TimeSpan.Zero })!.ParamName, Is.EqualTo("ItemTimeout"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => _ = new ThreadExecutor(0))!.ParamName, Is.EqualTo("maxConcurrency"));
        Assert.That(Assert.Throws<ArgumentNullException>(() => items.MapReduce(i => i, null!))!.ParamName, Is.EqualTo("combine"));
        Assert.That(Assert.Throws<ArgumentException>(() => Array.Empty<int>().MapReduce(i => i, (x, y) => x + y))!.ParamName, Is.EqualTo("source"));
        Assert.That(Assert.Throws<ArgumentNullException>(() => items.ParallelMapUnordered((Func<int, int>)null!))!.ParamName, Is.EqualTo("function"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => ChunkScheduler.RunAsync(-1, (_, _) => ValueTask.CompletedTask).AsTask())!.ParamName, Is.EqualTo("count"));
    }
}

public class ParallelMapEveryEntryPointArgumentTests
{
    [Test]
    public void NullsNameTheParameterOnEveryEntryPoint()
    {
        int[] items = [1, 2, 3];
        int[] none = null!;
        NdArray<double> noArray = null!;
        using var a = NdArray.Arange<double>(10);
        Assert.That(Assert.Throws<ArgumentNullException>(() => items.MapReduce((Func<int, int>)null!, (x, y) => x + y))!.ParamName, Is.EqualTo("map"));
        Assert.That(Assert.Throws<ArgumentNullException>(() => items.MapReduce(0, (Func<int, int>)null!, (x, y) => x + y))!.ParamName, Is.EqualTo("map"));
        Assert.That(Assert.Throws<ArgumentNullException>(() => items.MapReduce(0, i => i, null!))!.ParamName, Is.EqualTo("combine"));
        Assert.That(Assert.Throws<ArgumentNullException>(() => none.MapReduce(i => i, (x, y) => x + y))!.ParamName, Is.EqualTo("source"));
        Assert.That(Assert.Throws<ArgumentNullException>(() => a.MapReduce(2, (Func<NdArray<double>, double>)null!, (x, y) => x + y))!.ParamName, Is.EqualTo("map"));
        Assert.That(Assert.Throws<ArgumentNullException>(() => a.MapReduce(2, c => 1.0, null!))!.ParamName, Is.EqualTo("combine"));
        Assert.That(Assert.Throws<ArgumentNullException>(() => noArray.ParallelMap(2, c => 1.0))!.ParamName, Is.EqualTo("array"));
        Assert.That(Assert.Throws<ArgumentNullException>(() => a.ParallelMap(2, (Func<NdArray<double>, double>)null!))!.ParamName, Is.EqualTo("function"));
        Assert.That(Assert.Throws<ArgumentNullException>(() => items.ParallelMap((Func<int, CancellationToken, int>)null!))!.ParamName, Is.EqualTo("function"));
        Assert.That(Assert.Throws<ArgumentNullException>(() => none.ParallelMap((i, ct) => i))!.ParamName, Is.EqualTo("source"));
        Assert.That(Assert.Throws<ArgumentNullException>(() => none.ParallelMapResults(i => i))!.ParamName, Is.EqualTo("source"));
        Assert.That(Assert.Throws<ArgumentNullException>(() => items.ParallelMapResults((Func<int, int>)null!))!.ParamName, Is.EqualTo("function"));
        Assert.That(Assert.Throws<ArgumentNullException>(() => none.ParallelMapUnordered(i => i))!.ParamName, Is.EqualTo("source"));
        Assert.That(Assert.Throws<ArgumentNullException>(() => items.ParallelMapUnordered((Func<int, CancellationToken, ValueTask<int>>)null!))!.ParamName, Is.EqualTo("function"));
        Assert.That(Assert.Throws<ArgumentNullException>(() => ParallelMapExtensions.TreeCombine<int>([1], null!))!.ParamName, Is.EqualTo("combine"));
        Assert.That(Assert.Throws<ArgumentException>(() => ParallelMapExtensions.TreeCombine<int>([], (x, y) => x))!.ParamName, Is.EqualTo("partials"));
        Assert.That(Assert.Throws<ArgumentNullException>(() => ChunkScheduler.MapAsync<int, int>(null!, (i, item, ct) => default).AsTask())!.ParamName, Is.EqualTo("items"));
        Assert.That(Assert.Throws<ArgumentNullException>(() => ChunkScheduler.MapAsync<int, int>(items, null!).AsTask())!.ParamName, Is.EqualTo("function"));
        Assert.That(Assert.Throws<ArgumentNullException>(() => ChunkScheduler.MapUnorderedAsync<int, int>(null!, (i, item, ct) => default))!.ParamName, Is.EqualTo("items"));
        Assert.That(Assert.Throws<ArgumentNullException>(() => ChunkScheduler.RunAsync(3, null!).AsTask())!.ParamName, Is.EqualTo("runItem"));
        Assert.That(Assert.Throws<ArgumentNullException>(() => new ThreadExecutor(2).ExecuteAsync(null!, 1, default).AsTask())!.ParamName, Is.EqualTo("work"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => SequentialExecutor.Instance.ExecuteAsync(new NoWork(), 0, default).AsTask())!.ParamName, Is.EqualTo("workers"));
        var negative = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new MapOptions { StopGracePeriod = TimeSpan.FromSeconds(-1) });
        Assert.That(negative!.ParamName, Is.EqualTo("StopGracePeriod"));
        Assert.That(negative.Message, Does.Contain("-00:00:01"));
        Assert.That(new MapOptions { StopGracePeriod = Timeout.InfiniteTimeSpan }.StopGracePeriod, Is.EqualTo(Timeout.InfiniteTimeSpan));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => _ = new MapOptions { ItemTimeout = TimeSpan.FromSeconds(-2) })!.Message, Does.Contain("-00:00:02"));
        var badAxis = Assert.Catch<ArgumentException>(() => a.ParallelMap(2, c => 1.0, axis: 3));
        Assert.That(badAxis!.Message, Does.Contain("3"), "the axis is named");
    }

    private sealed class NoWork : IChunkWork
    {
        public ValueTask RunWorkerAsync(int worker) => default;
    }
}

public class ParallelMapAsyncArgumentTests
{
    [Test]
    public async Task NullAsyncFunctionIsRejected()
    {
        int[] items = [1, 2, 3];
        var ex = await Assert.ThrowsAsync<ArgumentNullException>(async () => await items.ParallelMapAsync((Func<int, CancellationToken, ValueTask<int>>)null!));
        Assert.That(ex!.ParamName, Is.EqualTo("function"));
    }
}

internal static class Thrower
{
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    public static double Fail(NdArray<double>? chunk) =>
        throw new InvalidOperationException($"boom at chunk {chunk?.Chunk?.Index}");
}
