using System.Diagnostics;
using ChunkCompute.Execution;

// Not "ChunkCompute.Tests.Execution": that namespace would shadow "Execution.ExecutionSettings" as written in Arrays tests.
namespace ChunkCompute.Tests.Executors;

/// <summary>
/// What happens when a map stops (fail-fast, cancellation, a stream left early) while an item ignores its token: the
/// call returns within the grace period, leaving the item running, and drops what it delivers later. Also item
/// timeouts that are ignored, callbacks and sources that throw, and the caller's token racing the map's own.
/// </summary>
/// <remarks>
/// "Returned while the item was still running" is checked deterministically: the rogue item is blocked on a gate that
/// the test opens only after the assertion. The elapsed-time bounds are generous (the rogue would block 60 s).
/// </remarks>
[TestFixtureSource(typeof(ExecutionTestHelpers), nameof(ExecutionTestHelpers.Executors))]
public class MapStopTests(string executorName)
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(10);

    private readonly IChunkExecutor _executor = ExecutionTestHelpers.Create(executorName);

    private MapOptions Options => new() { Executor = _executor };

    [Test]
    public async Task AsyncMapReturnsOnCancellationWhileAnAsyncItemIgnoresItsToken()
    {
        // Async maps run no item on the caller's thread, so this holds for every executor, the sequential one included.
        using var cts = new CancellationTokenSource();
        using var rogue = new RogueGate();
        var run = Enumerable.Range(0, 50).ParallelMapAsync(async (i, ct) =>
        {
            if (i == 0)
            {
                await rogue.BlockAsync();
            }

            return i;
        }, Options with { CancellationToken = cts.Token, MaxDegreeOfParallelism = 2 });
        rogue.WaitStarted();
        long cancelledAt = Stopwatch.GetTimestamp();
        await cts.CancelAsync();
        await Assert.CatchAsync<OperationCanceledException>(async () => await run);
        Assert.That(Stopwatch.GetElapsedTime(cancelledAt), Is.LessThan(Generous));
        Assert.That(rogue.Finished, Is.False);
    }

    [Test]
    public async Task AsyncMapReturnsOnCancellationWhileASynchronousItemIgnoresItsToken()
    {
        // A blocking item inside ParallelMapAsync: the map runs detached from the caller, so it can still be left behind.
        using var cts = new CancellationTokenSource();
        using var rogue = new RogueGate();
        var run = Enumerable.Range(0, 50).ParallelMapAsync((i, ct) =>
        {
            if (i == 0)
            {
                rogue.Block();
            }

            return new ValueTask<int>(i);
        }, Options with { CancellationToken = cts.Token });
        rogue.WaitStarted();
        await cts.CancelAsync();
        await Assert.CatchAsync<OperationCanceledException>(async () => await run);
        Assert.That(rogue.Finished, Is.False);
    }

    [Test]
    public async Task LeavingAStreamReturnsWhileAnItemIgnoresItsTokenAndReleasesTheSource()
    {
        var source = new CountingSource(1000);
        using var rogue = new RogueGate();
        int received = 0;
        await foreach (var (index, _) in source.ParallelMapUnordered(i =>
        {
            if (i == 1)
            {
                rogue.Block();
            }

            return i;
        }, Options))
        {
            received++;
            rogue.WaitStarted();
            break;
        }

        Assert.That(received, Is.EqualTo(1));
        Assert.That(rogue.Finished, Is.False, "the stream's dispose did not wait for the rogue item");
        Assert.That(source.Disposed, Is.EqualTo(1), "the source enumerator is released when the stream is left");
    }

    [Test]
    public async Task LeavingAStreamDisposesTheSourceOnceAndStopsPulling()
    {
        var source = new CountingSource(100_000);
        await foreach (var _ in source.ParallelMapUnordered(i => i, Options with { StopGracePeriod = Timeout.InfiniteTimeSpan }))
        {
            break;
        }

        int pulled = source.Pulled;
        Assert.That(source.Disposed, Is.EqualTo(1));
        Assert.That(pulled, Is.LessThan(100_000));
        await Task.Delay(20);
        Assert.That(source.Pulled, Is.EqualTo(pulled), "nothing pulls from the source after the stream was left");
    }

    [TestCase(MapErrorMode.FailFast)]
    [TestCase(MapErrorMode.CollectAll)]
    public void SynchronousItemReturningAValueAfterItsTimeoutFailsWithTimeoutException(MapErrorMode mode)
    {
        // Item 2 ignores the cancellation of its token and returns a value after its limit: that is not a success.
        var calls = new int[5];
        Exception ex = Assert.Catch(() => Enumerable.Range(0, 5).ParallelMap((i, ct) =>
        {
            Interlocked.Increment(ref calls[i]);
            if (i == 2)
            {
                Assert.That(ExecutionTestHelpers.WaitForCancel(TimeSpan.FromSeconds(30), ct), Is.True);
                return 42;
            }

            return i;
        }, Options with { ItemTimeout = TimeSpan.FromMilliseconds(500), ErrorMode = mode, BatchSize = 1 }));
        var failure = mode == MapErrorMode.FailFast ? (ChunkFailedException)ex! : ((MapFailedException)ex!).Failures.Single();
        Assert.That(failure.Index, Is.EqualTo(2));
        Assert.That(failure.InnerException, Is.TypeOf<TimeoutException>());
        Assert.That(failure.InnerException!.Message, Does.Contain("returned late").And.Contain("item 2"));
        Assert.That(calls[2], Is.EqualTo(1));
        if (mode == MapErrorMode.CollectAll)
        {
            var results = ((MapFailedException)ex!).GetResults<int>();
            Assert.That(results.Where(r => r.Succeeded).Select(r => r.Value), Is.EqualTo(new[] { 0, 1, 3, 4 }));
        }
    }

    [Test]
    public async Task AsyncItemIgnoringItsTimeoutIsAbandonedAndTheLoopMovesOn()
    {
        using var rogue = new RogueGate();
        var ex = await Assert.ThrowsAsync<MapFailedException>(async () => await Enumerable.Range(0, 8).ParallelMapAsync(async (i, ct) =>
        {
            if (i == 3)
            {
                await rogue.BlockAsync();
            }

            return i * 10;
        }, Options with { ItemTimeout = TimeSpan.FromMilliseconds(500), StopGracePeriod = TimeSpan.FromMilliseconds(100), ErrorMode = MapErrorMode.CollectAll, MaxDegreeOfParallelism = 2 }));
        Assert.That(rogue.Finished, Is.False, "the map completed without waiting for the item that ignored its timeout");
        Assert.That(ex, Is.Not.Null);
        var failure = ex!.Failures.Single();
        Assert.That(failure.Index, Is.EqualTo(3));
        Assert.That(failure.InnerException, Is.TypeOf<TimeoutException>());
        Assert.That(failure.InnerException!.Message, Does.Contain("abandoned"));
        Assert.That(ex!.GetResults<int>().Where(r => r.Succeeded).Select(r => r.Value), Is.EqualTo(new[] { 0, 10, 20, 40, 50, 60, 70 }));
    }

    [Test]
    public async Task AsyncItemIgnoringItsTimeoutIsWaitedForWithAnInfiniteGracePeriod()
    {
        using var rogue = new RogueGate();
        var ex = await Assert.ThrowsAsync<ChunkFailedException>(async () => await new[] { 0, 1 }.ParallelMapAsync(async (i, ct) =>
        {
            if (i == 1)
            {
                rogue.OpenAfter(TimeSpan.FromSeconds(1.5)); // past the timeout plus the default grace period
                await rogue.BlockAsync();
            }

            return i;
        }, Options with { ItemTimeout = TimeSpan.FromMilliseconds(500), StopGracePeriod = Timeout.InfiniteTimeSpan }));
        Assert.That(rogue.Finished, Is.True);
        Assert.That(ex!.Index, Is.EqualTo(1));
        Assert.That(ex.InnerException!.Message, Does.Contain("returned late"));
    }

    [Test]
    public void ThrowingProgressCallbackStopsTheMapAndSurfacesAsItself()
    {
        int started = 0;
        var progress = new ThrowingProgress(throwOnReport: 3);
        var ex = Assert.Throws<InvalidDataException>(() => Enumerable.Range(0, 1000).ParallelMap(i =>
        {
            Interlocked.Increment(ref started);
            return i;
        }, Options with { Progress = progress, BatchSize = 1 }));
        Assert.That(ex.Message, Is.EqualTo("progress sink broke on report 3"));
        Assert.That(progress.Reports, Is.EqualTo(3), "no report after the one that threw");
        if (_executor is SequentialExecutor)
        {
            Assert.That(started, Is.EqualTo(3), "the map stopped at the failing report");
        }
    }

    [Test]
    public void ThrowingProgressCallbackFailsACollectAllMapToo()
    {
        var progress = new ThrowingProgress(throwOnReport: 1);
        Assert.Throws<InvalidDataException>(() => Enumerable.Range(0, 100).ParallelMapResults(i => i, Options with { Progress = progress, BatchSize = 1 }));
        Assert.Throws<InvalidDataException>(() => Enumerable.Range(0, 100).ParallelMap(i => i, Options with { Progress = new ThrowingProgress(1), ErrorMode = MapErrorMode.CollectAll }));
    }

    [Test]
    public async Task ThrowingProgressCallbackEndsAStream()
    {
        var source = new CountingSource(500);
        await Assert.ThrowsAsync<InvalidDataException>(async () =>
        {
            await foreach (var _ in source.ParallelMapUnordered(i => i, Options with { Progress = new ThrowingProgress(throwOnReport: 5) }))
            {
            }
        });
        Assert.That(source.Disposed, Is.EqualTo(1));
    }

    [Test]
    public void ThrowingProgressCallbackOnTheLastReportStillFailsTheCall()
    {
        // All items ran, but the caller's own callback failed: hiding that would hide a bug.
        Assert.Throws<InvalidDataException>(() => new[] { 1, 2, 3 }.ParallelMap(i => i, Options with { Progress = new ThrowingProgress(throwOnReport: 1), BatchSize = 3 }));
    }

    [Test]
    public void LazySourceThatThrowsIsReadBeforeAnyItemRunsForAnOrderedMap()
    {
        int calls = 0;
        var ex = Assert.Throws<InvalidDataException>(() => BrokenSource(5).ParallelMap(i => Interlocked.Increment(ref calls), Options));
        Assert.That(ex.Message, Is.EqualTo("source broke after 5 items"));
        Assert.That(calls, Is.Zero, "an ordered map reads the sequence first, as Pool.map does");
    }

    [Test]
    public async Task SourceWhoseGetEnumeratorThrowsFailsTheStreamAsItself()
    {
        var ex = await Assert.ThrowsAsync<InvalidDataException>(async () =>
        {
            await foreach (var _ in new UnopenableSource().ParallelMapUnordered(i => i, Options))
            {
            }
        });
        Assert.That(ex!.Message, Is.EqualTo("cannot open"));
    }

    [Test]
    public async Task SourceWhoseDisposeThrowsFailsTheStreamAfterEveryResult()
    {
        int received = 0;
        var ex = await Assert.ThrowsAsync<InvalidDataException>(async () =>
        {
            await foreach (var _ in new ThrowingDisposeSource(30).ParallelMapUnordered(i => i, Options))
            {
                received++;
            }
        });
        Assert.That(ex!.Message, Is.EqualTo("dispose broke"));
        Assert.That(received, Is.EqualTo(30));
    }

    [Test]
    public async Task SourceThatThrowsMidwayIsDisposedAndStopsTheStream()
    {
        int received = 0;
        await Assert.ThrowsAsync<InvalidDataException>(async () =>
        {
            await foreach (var _ in BrokenSource(10).ParallelMapUnordered(i => i, Options))
            {
                received++;
            }
        });
        Assert.That(received, Is.LessThanOrEqualTo(10));
    }

    private static IEnumerable<int> BrokenSource(int good)
    {
        for (int i = 0; i < good; i++)
        {
            yield return i;
        }

        throw new InvalidDataException($"source broke after {good} items");
    }

    private sealed class ThrowingProgress(int throwOnReport) : IProgress<MapProgress>
    {
        private int _reports;

        public int Reports => Volatile.Read(ref _reports);

        public void Report(MapProgress value)
        {
            int n = Interlocked.Increment(ref _reports);
            if (n == throwOnReport)
            {
                throw new InvalidDataException($"progress sink broke on report {n}");
            }
        }
    }

    private sealed class UnopenableSource : IEnumerable<int>
    {
        public IEnumerator<int> GetEnumerator() => throw new InvalidDataException("cannot open");

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    private sealed class ThrowingDisposeSource(int count) : IEnumerable<int>
    {
        public IEnumerator<int> GetEnumerator() => new Enumerator(count);

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        private sealed class Enumerator(int count) : IEnumerator<int>
        {
            public int Current { get; private set; } = -1;

            object System.Collections.IEnumerator.Current => Current;

            public bool MoveNext() => ++Current < count;

            public void Reset() => throw new NotSupportedException();

            public void Dispose() => throw new InvalidDataException("dispose broke");
        }
    }
}

/// <summary>
/// The <see cref="MapStopTests"/> cases that need an item running off the calling thread (the sequential executor runs
/// every item on the caller, so it cannot leave one behind): run under the thread executors only.
/// </summary>
[TestFixtureSource(typeof(ExecutionTestHelpers), nameof(ExecutionTestHelpers.ThreadedExecutors))]
public class MapStopThreadedTests(string executorName)
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(10);

    private readonly IChunkExecutor _executor = ExecutionTestHelpers.Create(executorName);

    private MapOptions Options => new() { Executor = _executor };

    [Test]
    public void FailFastReturnsWhileAnItemIgnoringItsTokenStillRuns()
    {
        int caller = Environment.CurrentManagedThreadId;
        int rogueTaken = 0;
        int lateDeliveries = 0;
        long failedAt = 0;
        bool returned = false;
        using var rogue = new RogueGate();
        var ex = Assert.Throws<ChunkFailedException>(() => Enumerable.Range(0, 200).ParallelMap((i, ct) =>
        {
            if (Environment.CurrentManagedThreadId != caller && Interlocked.CompareExchange(ref rogueTaken, 1, 0) == 0)
            {
                rogue.Block();
                if (Volatile.Read(ref returned))
                {
                    Interlocked.Increment(ref lateDeliveries);
                }

                return -1;
            }

            if (Environment.CurrentManagedThreadId == caller)
            {
                rogue.WaitStarted();
                failedAt = Stopwatch.GetTimestamp();
                throw new InvalidOperationException($"item {i} failed");
            }

            return i;
        }, Options with { BatchSize = 1 }));
        var sinceFailure = Stopwatch.GetElapsedTime(failedAt);
        Volatile.Write(ref returned, true);

        Assert.That(rogue.Finished, Is.False, "the call returned while the rogue item was still running");
        Assert.That(ex.InnerException, Is.TypeOf<InvalidOperationException>());
        Assert.That(sinceFailure, Is.LessThan(Generous), "returned within the grace period of the failure, not when the rogue item returned");
        rogue.OpenAndWaitFinished();
        Assert.That(lateDeliveries, Is.EqualTo(1), "the rogue item did return later (its result was dropped)");
    }

    [Test]
    public void InfiniteGracePeriodWaitsForEveryItem()
    {
        int caller = Environment.CurrentManagedThreadId;
        int rogueTaken = 0;
        using var rogue = new RogueGate();
        Assert.Throws<ChunkFailedException>(() => Enumerable.Range(0, 200).ParallelMap((i, ct) =>
        {
            if (Environment.CurrentManagedThreadId != caller && Interlocked.CompareExchange(ref rogueTaken, 1, 0) == 0)
            {
                rogue.Block();
                return -1;
            }

            if (Environment.CurrentManagedThreadId == caller)
            {
                rogue.WaitStarted();
                rogue.OpenAfter(TimeSpan.FromSeconds(1)); // longer than the default grace period of 500 ms
                throw new InvalidOperationException("fail");
            }

            return i;
        }, Options with { BatchSize = 1, StopGracePeriod = Timeout.InfiniteTimeSpan }));
        Assert.That(rogue.Finished, Is.True, "with an infinite grace period the call returns only after every item");
    }

    [Test]
    public void CancellationReturnsWhileAnItemIgnoringItsTokenStillRuns()
    {
        int caller = Environment.CurrentManagedThreadId;
        int rogueTaken = 0;
        long cancelledAt = 0;
        using var cts = new CancellationTokenSource();
        using var rogue = new RogueGate();
        var ex = Assert.Throws<OperationCanceledException>(() => Enumerable.Range(0, 200).ParallelMap((i, ct) =>
        {
            if (Environment.CurrentManagedThreadId != caller && Interlocked.CompareExchange(ref rogueTaken, 1, 0) == 0)
            {
                rogue.Block();
                return -1;
            }

            if (Environment.CurrentManagedThreadId == caller && !cts.IsCancellationRequested)
            {
                rogue.WaitStarted();
                cancelledAt = Stopwatch.GetTimestamp();
                cts.Cancel();
            }

            return i;
        }, Options with { BatchSize = 1, CancellationToken = cts.Token }));
        var sinceCancel = Stopwatch.GetElapsedTime(cancelledAt);
        Assert.That(rogue.Finished, Is.False);
        Assert.That(ex.CancellationToken, Is.EqualTo(cts.Token));
        Assert.That(sinceCancel, Is.LessThan(Generous));
    }

    [Test]
    public void CallersTokenSeenDirectlyByAnItemIsACancellationNotAChunkFailure()
    {
        // Cancel() runs callbacks newest first, so a callback registered after the map started runs before the one that
        // cancels the map's own token. While it sleeps, the caller's token is cancelled but the map's is not: an item
        // that watches the caller's token directly and throws must still count as cancelled, not as a failed chunk.
        using var cts = new CancellationTokenSource();
        var user = cts.Token;
        var ex = Assert.Catch(() => Enumerable.Range(0, 2).ParallelMap((i, ct) =>
        {
            if (i == 0)
            {
                SpinWait.SpinUntil(() => user.IsCancellationRequested, TimeSpan.FromSeconds(30));
                throw new OperationCanceledException(user);
            }

            using (user.Register(() => Thread.Sleep(300)))
            {
                cts.Cancel();
            }

            return i;
        }, Options with { CancellationToken = user, BatchSize = 1, MaxDegreeOfParallelism = 2 }));
        Assert.That(ex, Is.InstanceOf<OperationCanceledException>(), ex.ToString());
    }
}
