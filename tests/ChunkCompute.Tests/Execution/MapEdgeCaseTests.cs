using ChunkCompute.Execution;

// Not "ChunkCompute.Tests.Execution": that namespace would shadow "Execution.ExecutionSettings" as written in Arrays tests.
namespace ChunkCompute.Tests.Executors;

/// <summary>Degenerate inputs (0 and 1 items, more loops than items, empty chunks), the parallelism limit, re-entrancy.</summary>
[TestFixtureSource(typeof(ExecutionTestHelpers), nameof(ExecutionTestHelpers.Executors))]
public class MapEdgeCaseTests(string executorName)
{
    private readonly IChunkExecutor _executor = ExecutionTestHelpers.Create(executorName);

    private MapOptions Options => new() { Executor = _executor };

    [Test]
    public async Task EveryEntryPointHandlesZeroItems()
    {
        int[] none = [];
        int calls = 0;
        Func<int, int> f = i => Interlocked.Increment(ref calls);
        var progress = new RecordingProgress();
        var o = Options with { Progress = progress };
        Assert.That(none.ParallelMap(f, o), Is.Empty);
        Assert.That(none.ParallelMapResults(f, o), Is.Empty);
        Assert.That(await none.ParallelMapAsync((i, ct) => new ValueTask<int>(f(i)), o), Is.Empty);
        Assert.That(none.MapReduce(0, f, (x, y) => x + y, o), Is.Zero);
        Assert.That(await ChunkScheduler.MapAsync(none, (i, item, ct) => new ValueTask<int>(f(i)), o), Is.Empty);
        await ChunkScheduler.RunAsync(0, (item, ct) => ValueTask.CompletedTask, o);
        var source = new CountingSource(0);
        int streamed = 0;
        await foreach (var _ in source.ParallelMapUnordered(f, o))
        {
            streamed++;
        }

        await foreach (var _ in none.ParallelMapUnordered(f, o))
        {
            streamed++;
        }

        Assert.That(streamed, Is.Zero);
        Assert.That(calls, Is.Zero);
        Assert.That(source.Disposed, Is.EqualTo(1));
        Assert.That(progress.Reports, Is.Empty, "nothing completed, nothing reported");
    }

    [Test]
    public async Task OneItem()
    {
        var progress = new RecordingProgress();
        Assert.That(new[] { 5 }.ParallelMap(i => i * 2, Options with { Progress = progress }), Is.EqualTo(new[] { 10 }));
        Assert.That(progress.Reports.Single().CompletedItems, Is.EqualTo(1));
        Assert.That(progress.Reports.Single().EstimatedRemaining, Is.EqualTo(TimeSpan.Zero));
        Assert.That(await new[] { 5 }.ParallelMapAsync((i, ct) => new ValueTask<int>(i + 1), Options), Is.EqualTo(new[] { 6 }));
        var one = new List<(int, int)>();
        await foreach (var r in new CountingSource(1).ParallelMapUnordered(i => i - 1, Options))
        {
            one.Add(r);
        }

        Assert.That(one, Is.EqualTo(new[] { (0, -1) }));
        var ex = Assert.Throws<ChunkFailedException>(() => new[] { 5 }.ParallelMap<int, int>(i => throw new FormatException("only"), Options));
        Assert.That(ex.Index, Is.Zero);
    }

    [TestCase(3, 64)]
    [TestCase(1, 16)]
    [TestCase(5, 6)]
    public async Task MoreLoopsThanItems(int count, int parallelism)
    {
        var calls = new int[count];
        var loops = new int[count];
        var o = Options with { MaxDegreeOfParallelism = parallelism };
        var results = await ChunkScheduler.MapAsync(Enumerable.Range(0, count).ToArray(), (i, item, ct) =>
        {
            Interlocked.Increment(ref calls[i]);
            loops[i] = item.Worker;
            return new ValueTask<int>(i * i);
        }, o);
        Assert.That(results, Is.EqualTo(Enumerable.Range(0, count).Select(i => i * i)));
        Assert.That(calls, Is.All.EqualTo(1));
        Assert.That(loops, Is.All.InRange(0, count - 1), "no more loops than items");
        Assert.That(Enumerable.Range(0, count).ParallelMap(i => -i, o), Is.EqualTo(Enumerable.Range(0, count).Select(i => -i)));
        Assert.That(await Enumerable.Range(0, count).ParallelMapAsync((i, ct) => new ValueTask<int>(-i), o), Is.EqualTo(Enumerable.Range(0, count).Select(i => -i)));
        int streamed = 0;
        await foreach (var _ in new CountingSource(count).ParallelMapUnordered(i => i, o))
        {
            streamed++;
        }

        Assert.That(streamed, Is.EqualTo(count));
    }

    [Test]
    public void EmptyArrayAndMoreSectionsThanElementsGiveEmptyChunks()
    {
        // numpy.array_split(np.zeros(0), 3) -> three empty arrays; array_split(np.arange(2), 4) -> [0], [1], [], [].
        using var empty = NdArray.Zeros<double>(0);
        var progress = new RecordingProgress();
        Assert.That(empty.ParallelMap(3, c => c.Size, Options with { Progress = progress }), Is.EqualTo(new long[] { 0, 0, 0 }));
        Assert.That(progress.Reports[^1].CompletedItems, Is.EqualTo(3));
        Assert.That(progress.Reports[^1].TotalElements, Is.Zero);
        Assert.That(progress.Reports[^1].Fraction, Is.EqualTo(1.0));
        using var two = NdArray.Arange<double>(2);
        Assert.That(two.ParallelMap(4, c => c.Size, Options), Is.EqualTo(new long[] { 1, 1, 0, 0 }));
        Assert.That(two.MapReduce(4, ExecutionTestHelpers.SpanSum, (x, y) => x + y, Options), Is.EqualTo(1.0));
    }

    [Test]
    public void ParallelismLimitIsRespectedBySynchronousMaps()
    {
        int current = 0;
        int peak = 0;
        var results = Enumerable.Range(0, 300).ParallelMap(i =>
        {
            int now = Interlocked.Increment(ref current);
            int seen;
            while (now > (seen = Volatile.Read(ref peak)) && Interlocked.CompareExchange(ref peak, now, seen) != seen)
            {
            }

            Thread.SpinWait(300);
            Interlocked.Decrement(ref current);
            return i;
        }, Options with { MaxDegreeOfParallelism = 2, BatchSize = 1 });
        Assert.That(results, Is.EqualTo(Enumerable.Range(0, 300)));
        Assert.That(peak, Is.InRange(1, 2));
    }

    [Test]
    public void ProgressEstimatesTheTimeLeftFromTheFractionDone()
    {
        using var a = NdArray.Arange<double>(4000);
        var chunks = a.ArraySplit(40);
        var progress = new RecordingProgress();
        chunks.ParallelMap(c =>
        {
            Thread.SpinWait(2000);
            return c.Size;
        }, Options with { Progress = progress, BatchSize = 1 });
        var reports = progress.Reports;
        Assert.That(reports, Has.Count.EqualTo(40), "one report per batch of one");
        foreach (var r in reports)
        {
            Assert.That(r.TotalItems, Is.EqualTo(40));
            Assert.That(r.CompletedElements, Is.EqualTo(r.CompletedItems * 100), "equal chunks: elements follow items");
            Assert.That(r.Fraction, Is.EqualTo(r.CompletedItems / 40.0).Within(1e-12));
            Assert.That(r.EstimatedRemaining, Is.Not.Null);

            // Elapsed × (1 − f) / f, to the tick.
            double f = r.Fraction!.Value;
            long expected = (long)(r.Elapsed.Ticks * ((1 - f) / f));
            Assert.That(r.EstimatedRemaining!.Value.Ticks, Is.InRange(expected - 1, expected + 1));
        }

        Assert.That(reports.Select(r => r.Fraction), Is.Ordered);
    }

    [Test]
    public void MapsNestThreeDeepWithoutDeadlock()
    {
        var o = Options with { MaxDegreeOfParallelism = 8, BatchSize = 1 };
        long[] sums = Enumerable.Range(0, 8).ParallelMap(i =>
            Enumerable.Range(0, 8).ParallelMap(j =>
                Enumerable.Range(0, 50).ParallelMap(k => (long)(i * 10_000) + (j * 100) + k, o).Sum(), o).Sum(), o);
        long[] expected = Enumerable.Range(0, 8).Select(i => Enumerable.Range(0, 8).Sum(j => Enumerable.Range(0, 50).Sum(k => (long)(i * 10_000) + (j * 100) + k))).ToArray();
        Assert.That(sums, Is.EqualTo(expected));
    }

    [Test]
    public async Task StreamHonoursWithCancellation()
    {
        using var cts = new CancellationTokenSource();
        var source = new CountingSource(100_000);
        int received = 0;
        var ex = await Assert.CatchAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in source.ParallelMapUnordered(async (i, ct) =>
            {
                // Awaiting, not blocking: blocked pool threads would starve the consumer's continuation for seconds.
                await Task.Delay(i >= 5 ? TimeSpan.FromSeconds(60) : TimeSpan.Zero, ct);
                return i;
            }, Options).WithCancellation(cts.Token))
            {
                if (++received == 2)
                {
                    await cts.CancelAsync();
                }
            }
        });
        Assert.That(ex!.CancellationToken, Is.EqualTo(cts.Token), "the consumer's token reaches the items");
        Assert.That(source.Pulled, Is.LessThan(100_000));
    }
}

/// <summary>The thread executor's re-entrancy guarantee, tested with a thread pool that never runs anything.</summary>
public class ThreadExecutorStarvationTests
{
    [Test]
    public void MapCompletesWhenThePoolNeverStartsTheExtraLoops()
    {
        // A nested map on a pool whose threads are all busy with outer items: its extra loops are queued but never start.
        // The calling thread must finish the map alone rather than wait for them.
        var queued = new List<IThreadPoolWorkItem>();
        var executor = new ThreadExecutor(4, item =>
        {
            lock (queued)
            {
                queued.Add(item);
            }
        });
        var calls = new int[100];
        int[]? results = null;
        var map = Task.Factory.StartNew(
            () => results = Enumerable.Range(0, 100).ParallelMap(i => { Interlocked.Increment(ref calls[i]); return i * 2; }, new MapOptions { Executor = executor, BatchSize = 3 }),
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        bool completed = map.Wait(TimeSpan.FromSeconds(30));
        lock (queued)
        {
            Assert.That(queued, Has.Count.EqualTo(3), "three extra loops were queued");
            foreach (var item in queued)
            {
                item.Execute(); // a starved pool that finally runs them: they must find nothing to do
            }
        }

        map.Wait(TimeSpan.FromSeconds(30));
        Assert.That(completed, Is.True, "the map waited for loops the pool never started");
        Assert.That(results, Is.EqualTo(Enumerable.Range(0, 100).Select(i => i * 2)));
        Assert.That(calls, Is.All.EqualTo(1));
    }

    [Test]
    public async Task AsyncLoopsStartWithoutWaitingForThePool()
    {
        // Async items: the calling thread starts every loop it can, so a starved pool does not cap the concurrency.
        var queued = new List<IThreadPoolWorkItem>();
        var executor = new ThreadExecutor(4, item =>
        {
            lock (queued)
            {
                queued.Add(item);
            }
        });
        using var allIn = new CountdownEvent(4);
        var map = Enumerable.Range(0, 8).ParallelMapAsync(async (i, ct) =>
        {
            if (i < 4)
            {
                allIn.Signal();
                Assert.That(await Task.Run(() => allIn.Wait(TimeSpan.FromSeconds(30)), ct), Is.True, "four items in flight at once");
            }

            return i;
        }, new MapOptions { Executor = executor });

        // Without the calling thread starting them, loops 1-3 would never run and the map would never complete.
        Assert.That(await Task.WhenAny(map, Task.Delay(TimeSpan.FromSeconds(30))), Is.SameAs(map), "the map waited for loops the pool never started");
        Assert.That(await map, Is.EqualTo(Enumerable.Range(0, 8)));
    }
}
