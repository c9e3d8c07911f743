using ChunkCompute.Execution;

// Not "ChunkCompute.Tests.Execution": that namespace would shadow "Execution.ExecutionSettings" as written in Arrays tests.
namespace ChunkCompute.Tests.Executors;

[TestFixtureSource(typeof(ExecutionTestHelpers), nameof(ExecutionTestHelpers.Executors))]
public class ParallelMapTests(string executorName)
{
    private readonly IChunkExecutor _executor = ExecutionTestHelpers.Create(executorName);

    private MapOptions Options => new() { Executor = _executor };

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(7)]
    [TestCase(64)]
    [TestCase(1000)]
    [TestCase(10_000)]
    public void ResultsComeBackInInputOrder_WithRandomPerItemDelays(int count)
    {
        int[] spins = ExecutionTestHelpers.Spins(count, seed: count, maxSpins: count <= 1000 ? 2000 : 200);
        var items = Enumerable.Range(0, count).ToArray();
        long[] results = items.ParallelMap(i =>
        {
            Thread.SpinWait(spins[i]);
            return (i * 3L) + 1;
        }, Options);
        Assert.That(results, Is.EqualTo(items.Select(i => (i * 3L) + 1).ToArray()));
    }

    [TestCase(1, null)]
    [TestCase(10_000, null)]
    [TestCase(10_000, 1)]
    [TestCase(10_000, 7)]
    [TestCase(333, 1000)]
    public void EveryItemRunsExactlyOnce(int count, int? batchSize)
    {
        var calls = new int[count];
        var results = Enumerable.Range(0, count).ParallelMap(i =>
        {
            Interlocked.Increment(ref calls[i]);
            return i;
        }, Options with { BatchSize = batchSize });
        Assert.That(calls, Is.All.EqualTo(1));
        Assert.That(results, Is.EqualTo(Enumerable.Range(0, count).ToArray()));
    }

    [Test]
    public void NonListSourceIsMaterializedAndOrdered()
    {
        var results = Enumerable.Range(0, 500).Where(i => i % 3 != 0).ParallelMap(i => -i, Options);
        Assert.That(results, Is.EqualTo(Enumerable.Range(0, 500).Where(i => i % 3 != 0).Select(i => -i).ToArray()));
    }

    [Test]
    public void EmptySourceGivesEmptyResult()
    {
        Assert.That(Array.Empty<int>().ParallelMap(i => i, Options), Is.Empty);
        Assert.That(Array.Empty<int>().ParallelMapResults(i => i, Options), Is.Empty);
    }

    [TestCase(1)]
    [TestCase(3)]
    [TestCase(8)]
    [TestCase(64)]
    [TestCase(1001)]
    public void ChunkListsOfAnArrayMatchASequentialLoop(int sections)
    {
        using var a = new NdRandom(42).Uniform([1000], -1, 1);
        var chunks = a.ArraySplit(sections);
        double[] expected = chunks.Select(ExecutionTestHelpers.SpanSum).ToArray();
        double[] fromList = chunks.ParallelMap(ExecutionTestHelpers.SpanSum, Options);
        double[] fromArray = a.ParallelMap(sections, ExecutionTestHelpers.SpanSum, Options);
        Assert.That(fromList, Is.EqualTo(expected));
        Assert.That(fromArray, Is.EqualTo(expected));
    }

    [Test]
    public void SplitsAlongTheGivenAxis()
    {
        var m = NdArray.Arange<double>(24).Reshape(4, 6);
        long[] offsets = m.ParallelMap(3, c => c.Chunk!.Value.Offset, Options, axis: 1);
        Assert.That(offsets, Is.EqualTo(new long[] { 0, 2, 4 }));
    }

    [Test]
    public void TokenOverloadReceivesTheMapsToken()
    {
        using var cts = new CancellationTokenSource();
        bool[] canBeCanceled = Enumerable.Range(0, 20).ParallelMap((i, ct) => ct.CanBeCanceled, Options with { CancellationToken = cts.Token });
        Assert.That(canBeCanceled, Is.All.True);
    }

    [Test]
    public void ProgressIsMonotonicAndEndsAtTheTotal()
    {
        using var a = NdArray.Arange<double>(10_007);
        var chunks = a.ArraySplit(37);
        var progress = new RecordingProgress();
        chunks.ParallelMap(c =>
        {
            Thread.SpinWait(100);
            return ExecutionTestHelpers.SpanSum(c);
        }, Options with { Progress = progress, BatchSize = 2 });

        var reports = progress.Reports;
        Assert.That(reports, Is.Not.Empty);
        for (int i = 1; i < reports.Count; i++)
        {
            Assert.That(reports[i].CompletedItems, Is.GreaterThan(reports[i - 1].CompletedItems));
            Assert.That(reports[i].CompletedElements, Is.GreaterThanOrEqualTo(reports[i - 1].CompletedElements));
            Assert.That(reports[i].CompletedBytes, Is.GreaterThanOrEqualTo(reports[i - 1].CompletedBytes));
            Assert.That(reports[i].Elapsed, Is.GreaterThanOrEqualTo(reports[i - 1].Elapsed));
        }

        var last = reports[^1];
        Assert.That(last.CompletedItems, Is.EqualTo(37));
        Assert.That(last.TotalItems, Is.EqualTo(37));
        Assert.That(last.CompletedElements, Is.EqualTo(10_007));
        Assert.That(last.TotalElements, Is.EqualTo(10_007));
        Assert.That(last.CompletedBytes, Is.EqualTo(10_007 * 8));
        Assert.That(last.TotalBytes, Is.EqualTo(10_007 * 8));
        Assert.That(last.EstimatedRemaining, Is.EqualTo(TimeSpan.Zero));
        Assert.That(last.Fraction, Is.EqualTo(1.0));
        Assert.That(reports.Count(r => r.CompletedItems == 37), Is.EqualTo(1), "exactly one final report");
    }

    [Test]
    public void ProgressOverPlainItemsCountsItems()
    {
        var progress = new RecordingProgress();
        Enumerable.Range(0, 100).ParallelMap(i => i, Options with { Progress = progress });
        var last = progress.Reports[^1];
        Assert.That(last.CompletedItems, Is.EqualTo(100));
        Assert.That(last.CompletedElements, Is.Zero);
        Assert.That(last.Fraction, Is.EqualTo(1.0));
    }

    [Test]
    public void NestedMapsComplete()
    {
        long[] sums = Enumerable.Range(0, 12).ParallelMap(i => Enumerable.Range(0, 100 * i).ParallelMap(j => (long)j, Options).Sum(), Options);
        Assert.That(sums, Is.EqualTo(Enumerable.Range(0, 12).Select(i => (long)(100 * i) * ((100 * i) - 1) / 2)));
    }

    [Test]
    public async Task ProgressOverALazyStreamHasNoTotals()
    {
        var progress = new RecordingProgress();
        int n = 0;
        await foreach (var _ in new CountingSource(64).ParallelMapUnordered(i => i, Options with { Progress = progress }))
        {
            n++;
        }

        Assert.That(n, Is.EqualTo(64));
        var last = progress.Reports[^1];
        Assert.That(last.CompletedItems, Is.EqualTo(64));
        Assert.That(last.TotalItems, Is.Null);
        Assert.That(last.EstimatedRemaining, Is.Null);
        Assert.That(last.Fraction, Is.Null);
    }

    [Test]
    public void MapItemNamesIndexWorkerAndAttempt()
    {
        int workers = Math.Max(1, _executor.MaxConcurrency);
        var busy = new int[workers];
        var seen = ChunkScheduler.MapAsync(Enumerable.Range(0, 300).ToArray(), (i, item, ct) =>
        {
            Assert.That(item.Worker, Is.InRange(0, workers - 1));
            Assert.That(Interlocked.Increment(ref busy[item.Worker]), Is.EqualTo(1), "one item at a time per loop");
            Thread.SpinWait(50);
            Interlocked.Decrement(ref busy[item.Worker]);
            return new ValueTask<(int, int)>((item.Index, item.Attempt));
        }, Options).AsTask().GetAwaiter().GetResult();
        Assert.That(seen.Select(s => s.Item1), Is.EqualTo(Enumerable.Range(0, 300)));
        Assert.That(seen.Select(s => s.Item2), Is.All.EqualTo(1));
    }

    [Test]
    public void RunAsyncRunsEveryIndexOnce()
    {
        var calls = new int[1234];
        ChunkScheduler.RunAsync(calls.Length, (item, ct) =>
        {
            Interlocked.Increment(ref calls[item.Index]);
            return ValueTask.CompletedTask;
        }, Options).AsTask().GetAwaiter().GetResult();
        Assert.That(calls, Is.All.EqualTo(1));
    }
}

public class ExecutorEquivalenceTests
{
    [Test]
    public void SequentialAndThreadExecutorsGiveIdenticalResults()
    {
        using var a = new NdRandom(7).Uniform([100_003], -10, 10);
        foreach (int k in new[] { 1, 2, 5, 64, 257 })
        {
            var chunks = a.ArraySplit(k);
            double[] seq = chunks.ParallelMap(ExecutionTestHelpers.SpanSum, new MapOptions { Executor = SequentialExecutor.Instance });
            double[] thr = chunks.ParallelMap(ExecutionTestHelpers.SpanSum, new MapOptions { Executor = new ThreadExecutor(3) });
            Assert.That(thr.Select(BitConverter.DoubleToInt64Bits), Is.EqualTo(seq.Select(BitConverter.DoubleToInt64Bits)), $"k = {k}");
        }
    }

    [Test]
    public void SequentialExecutorRunsInOrderOnTheCallingThread()
    {
        int thread = Environment.CurrentManagedThreadId;
        var order = new List<int>();
        Enumerable.Range(0, 50).ParallelMap(i =>
        {
            Assert.That(Environment.CurrentManagedThreadId, Is.EqualTo(thread));
            order.Add(i);
            return i;
        }, new MapOptions { Executor = SequentialExecutor.Instance });
        Assert.That(order, Is.EqualTo(Enumerable.Range(0, 50)));
    }

    [Test]
    public void DefaultExecutorIsConfigurableProcessWideAndPerCall()
    {
        var previous = ChunkExecutor.Default;
        var counting = new CountingExecutor(SequentialExecutor.Instance);
        try
        {
            ChunkExecutor.Default = counting;
            Enumerable.Range(0, 10).ParallelMap(i => i);
            Assert.That(counting.Calls, Is.EqualTo(1));
            Enumerable.Range(0, 10).ParallelMap(i => i, new MapOptions { Executor = new ThreadExecutor(2) });
            Assert.That(counting.Calls, Is.EqualTo(1), "a per-call executor wins over the default");
        }
        finally
        {
            ChunkExecutor.Default = previous;
        }

        Assert.That(ChunkExecutor.Default, Is.SameAs(previous));
        Assert.Throws<ArgumentNullException>(() => ChunkExecutor.Default = null!);
    }

    [Test]
    public void ThreadExecutorFollowsAmbientExecutionSettings()
    {
        using (ExecutionSettings.Use(ExecutionSettings.Sequential))
        {
            Assert.That(ThreadExecutor.Shared.MaxConcurrency, Is.EqualTo(1));
            int thread = Environment.CurrentManagedThreadId;
            var threads = Enumerable.Range(0, 100).ParallelMap(_ => Environment.CurrentManagedThreadId, new MapOptions { Executor = ThreadExecutor.Shared });
            Assert.That(threads, Is.All.EqualTo(thread));
        }

        Assert.That(new ThreadExecutor(3).MaxConcurrency, Is.EqualTo(3));
    }

    [Test]
    public void ThreadExecutorRunsLoopsConcurrently()
    {
        // Two items that each wait for the other: only completes if both loops run at once.
        using var barrier = new Barrier(2);
        var ok = new[] { 0, 1 }.ParallelMap(_ => barrier.SignalAndWait(TimeSpan.FromSeconds(20)), new MapOptions { Executor = new ThreadExecutor(2), BatchSize = 1 });
        Assert.That(ok, Is.All.True);
    }

    [Test]
    public void ExecutorsMayRunFewerLoopsThanAskedInAnyOrder()
    {
        var calls = new int[5000];
        var executor = new TwoLoopsReversedExecutor();
        var results = Enumerable.Range(0, calls.Length).ParallelMap(i =>
        {
            Interlocked.Increment(ref calls[i]);
            return i;
        }, new MapOptions { Executor = executor, MaxDegreeOfParallelism = 6, BatchSize = 3 });
        Assert.That(executor.Asked, Is.EqualTo(6));
        Assert.That(calls, Is.All.EqualTo(1));
        Assert.That(results, Is.EqualTo(Enumerable.Range(0, calls.Length)));
    }

    /// <summary>Runs only loops 5 and 4 of the six asked, on two tasks (as a smaller pool would).</summary>
    private sealed class TwoLoopsReversedExecutor : IChunkExecutor
    {
        public int Asked;

        public int MaxConcurrency => 2;

        public async ValueTask ExecuteAsync(IChunkWork work, int workers, CancellationToken cancellationToken)
        {
            Asked = workers;
            var a = Task.Run(async () => await work.RunWorkerAsync(workers - 1), CancellationToken.None);
            var b = Task.Run(async () => await work.RunWorkerAsync(workers - 2), CancellationToken.None);
            await Task.WhenAll(a, b);
        }
    }

    private sealed class CountingExecutor(IChunkExecutor inner) : IChunkExecutor
    {
        public int Calls;

        public int MaxConcurrency => inner.MaxConcurrency;

        public ValueTask ExecuteAsync(IChunkWork work, int workers, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Calls);
            return inner.ExecuteAsync(work, workers, cancellationToken);
        }
    }
}

/// <summary>The <see cref="ParallelMapTests"/> cases that need two items in flight together: thread executors only.</summary>
[TestFixtureSource(typeof(ExecutionTestHelpers), nameof(ExecutionTestHelpers.ThreadedExecutors))]
public class ParallelMapThreadedTests(string executorName)
{
    private readonly IChunkExecutor _executor = ExecutionTestHelpers.Create(executorName);

    private MapOptions Options => new() { Executor = _executor };

    [Test]
    public void ThrowingCancellationCallbackDoesNotBreakFailFast()
    {
        var ex = Assert.Throws<ChunkFailedException>(() => Enumerable.Range(0, 4).ParallelMap((i, ct) =>
        {
            if (i == 0)
            {
                using var r = ct.Register(() => throw new InvalidOperationException("callback"));
                ExecutionTestHelpers.WaitForCancel(TimeSpan.FromSeconds(30), ct);
                return i;
            }

            Thread.Sleep(20);
            return i == 1 ? throw new FormatException("item 1") : i;
        }, Options with { BatchSize = 1 }));
        Assert.That(ex.Index, Is.EqualTo(1));
    }
}
