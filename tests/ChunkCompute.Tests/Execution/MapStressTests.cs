using System.Collections.Concurrent;
using ChunkCompute.Execution;

// Not "ChunkCompute.Tests.Execution": that namespace would shadow "Execution.ExecutionSettings" as written in Arrays tests.
namespace ChunkCompute.Tests.Executors;

/// <summary>
/// Many seeded random scenarios — entry point, executor, size, batch, parallelism, error mode, failing items, a
/// cancellation fired from inside an item (so it races the failures), random delays — each checked against the
/// invariants of the map contract. A failing scenario names its seed, so it can be replayed alone.
/// </summary>
public class MapStressTests
{
    private enum Api
    {
        Ordered,
        Results,
        Async,
        StreamList,
        StreamLazy,
    }

    [Test]
    public async Task RandomScenariosKeepTheInvariants()
    {
        for (int seed = 0; seed < 400; seed++)
        {
            await RunScenarioAsync(seed);
        }
    }

    private static int F(int i) => (i * 7) + 3;

    private static async Task RunScenarioAsync(int seed)
    {
        var rng = new Random(seed);
        var api = (Api)rng.Next(5);
        IChunkExecutor executor = rng.Next(3) switch
        {
            0 => SequentialExecutor.Instance,
            1 => new ThreadExecutor(2),
            _ => new ThreadExecutor(3),
        };
        int count = rng.Next(4) == 0 ? rng.Next(0, 4) : rng.Next(4, 300);
        var mode = api == Api.Results || rng.Next(2) == 0 ? MapErrorMode.CollectAll : MapErrorMode.FailFast;
        double failureRate = rng.Next(3) switch { 0 => 0, 1 => 0.02, _ => 0.2 };
        bool[] failing = Enumerable.Range(0, count).Select(_ => rng.NextDouble() < failureRate).ToArray();
        int cancelRoll = rng.Next(10);
        bool cancelBeforeStart = cancelRoll == 0;
        int cancelAt = cancelRoll <= 3 && count > 0 ? rng.Next(count) : -1; // an item cancels the map when it runs
        int[] spins = Enumerable.Range(0, count).Select(_ => rng.Next(4) == 0 ? rng.Next(2000) : 0).ToArray();
        bool[] yields = Enumerable.Range(0, count).Select(_ => rng.Next(3) == 0).ToArray();
        int? batch = rng.Next(3) == 0 ? rng.Next(1, 9) : null;
        int? parallelism = rng.Next(3) == 0 ? rng.Next(1, 6) : null;
        string scenario = $"seed {seed}: {api} on {executor}, {count} items, {mode}, {failing.Count(f => f)} failing, cancel {(cancelBeforeStart ? "before start" : cancelAt >= 0 ? $"at item {cancelAt}" : "never")}, batch {batch?.ToString() ?? "default"}, parallelism {parallelism?.ToString() ?? "default"}";

        using var cts = new CancellationTokenSource();
        if (cancelBeforeStart)
        {
            await cts.CancelAsync();
        }

        var calls = new int[count];
        int active = 0;
        int returned = 0;
        int startedAfterReturn = 0;
        var progress = new RecordingProgress();
        var options = new MapOptions
        {
            Executor = executor,
            ErrorMode = mode,
            CancellationToken = cts.Token,
            BatchSize = batch,
            MaxDegreeOfParallelism = parallelism,
            Progress = progress,
            StopGracePeriod = Timeout.InfiniteTimeSpan, // every item here honours its token: nothing may be left running
        };

        int Item(int i, CancellationToken ct)
        {
            if (Volatile.Read(ref returned) != 0)
            {
                Interlocked.Increment(ref startedAfterReturn);
            }

            Interlocked.Increment(ref active);
            try
            {
                Interlocked.Increment(ref calls[i]);
                Thread.SpinWait(spins[i]);
                if (i == cancelAt)
                {
                    cts.Cancel();
                }

                return failing[i] ? throw new InvalidDataException($"item {i} failed") : F(i);
            }
            finally
            {
                Interlocked.Decrement(ref active);
            }
        }

        async ValueTask<int> ItemAsync(int i, CancellationToken ct)
        {
            if (yields[i])
            {
                await Task.Yield();
            }

            return Item(i, ct);
        }

        var items = Enumerable.Range(0, count).ToArray();
        var delivered = new ConcurrentDictionary<int, int>();
        int duplicateDeliveries = 0;
        int[]? ordered = null;
        MapResult<int>[]? outcomes = null;
        Exception? error = null;
        try
        {
            switch (api)
            {
                case Api.Ordered:
                    ordered = items.ParallelMap(Item, options);
                    break;
                case Api.Results:
                    outcomes = items.ParallelMapResults(i => Item(i, cts.Token), options);
                    break;
                case Api.Async:
                    ordered = await items.ParallelMapAsync(ItemAsync, options);
                    break;
                default:
                    IEnumerable<int> source = api == Api.StreamList ? items : new CountingSource(count);
                    await foreach (var (index, value) in source.ParallelMapUnordered(ItemAsync, options))
                    {
                        if (!delivered.TryAdd(index, value))
                        {
                            duplicateDeliveries++;
                        }
                    }

                    break;
            }
        }
        catch (Exception e)
        {
            error = e;
        }

        Volatile.Write(ref returned, 1);
        int activeAtReturn = Volatile.Read(ref active);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(activeAtReturn, Is.Zero, $"{scenario}: an item was still running when the call returned");
            Assert.That(calls, Is.All.InRange(0, 1), $"{scenario}: an item ran twice");
            Assert.That(duplicateDeliveries, Is.Zero, $"{scenario}: a result was delivered twice");
            if (cancelBeforeStart)
            {
                Assert.That(calls, Is.All.Zero, $"{scenario}: an item ran although the token had fired before the call");
            }

            foreach (var (index, value) in delivered)
            {
                Assert.That(value, Is.EqualTo(F(index)), $"{scenario}: wrong value delivered for {index}");
                Assert.That(calls[index], Is.EqualTo(1), $"{scenario}: {index} delivered but never ran");
                Assert.That(failing[index], Is.False, $"{scenario}: failed item {index} was delivered");
            }

            var reports = progress.Reports;
            for (int r = 1; r < reports.Count; r++)
            {
                Assert.That(reports[r].CompletedItems, Is.GreaterThan(reports[r - 1].CompletedItems), $"{scenario}: progress went backwards");
            }

            Assert.That(reports.Count == 0 || reports[^1].CompletedItems <= count, Is.True, $"{scenario}: progress beyond the total");

            bool anyFailing = failing.Any(f => f);
            switch (error)
            {
                case null:
                    // Success: every item ran once and nothing failed (a cancellation may have come after the last item);
                    // ParallelMapResults returns its failures instead of throwing them.
                    Assert.That(calls, Is.All.EqualTo(1), $"{scenario}: success although not every item ran");
                    Assert.That(anyFailing && outcomes is null, Is.False, $"{scenario}: success although an item failed");
                    if (ordered is not null)
                    {
                        Assert.That(ordered, Is.EqualTo(items.Select(F)), $"{scenario}: ordered results");
                    }

                    if (outcomes is not null)
                    {
                        Assert.That(outcomes.Where(o => o.Succeeded).Select(o => o.Value), Is.EqualTo(items.Where(i => !failing[i]).Select(F)), $"{scenario}: outcomes");
                    }

                    if (api is Api.StreamList or Api.StreamLazy)
                    {
                        Assert.That(delivered.Keys.Order(), Is.EqualTo(items), $"{scenario}: every index streamed once");
                    }

                    if (count > 0)
                    {
                        Assert.That(reports[^1].CompletedItems, Is.EqualTo(count), $"{scenario}: progress ends at the total");
                    }

                    break;

                case OperationCanceledException oce:
                    Assert.That(cts.IsCancellationRequested, Is.True, $"{scenario}: cancelled without a cancellation");
                    Assert.That(oce.CancellationToken, Is.EqualTo(cts.Token), $"{scenario}: the caller's token");
                    break;

                case ChunkFailedException cfe:
                    Assert.That(mode, Is.EqualTo(MapErrorMode.FailFast), $"{scenario}: a single failure in collect-all mode");
                    Assert.That(cfe.Index, Is.InRange(0, count - 1), scenario);
                    Assert.That(failing[cfe.Index], Is.True, $"{scenario}: item {cfe.Index} reported failed but did not fail");
                    Assert.That(calls[cfe.Index], Is.EqualTo(1), scenario);
                    Assert.That(cfe.InnerException, Is.TypeOf<InvalidDataException>().With.Message.EqualTo($"item {cfe.Index} failed"), scenario);
                    break;

                case MapFailedException mfe:
                    Assert.That(mode, Is.EqualTo(MapErrorMode.CollectAll), $"{scenario}: a failure list in fail-fast mode");
                    var indices = mfe.Failures.Select(f => f.Index).ToArray();
                    Assert.That(indices, Is.Ordered.And.Unique, $"{scenario}: failures by index");
                    Assert.That(indices.All(i => failing[i] && calls[i] == 1), Is.True, $"{scenario}: a reported failure that did not happen");

                    // Not cancelled before the end: every item ran, so every failing item is reported and every success kept.
                    Assert.That(calls, Is.All.EqualTo(1), $"{scenario}: collect-all ended with failures before running every item");
                    Assert.That(indices, Is.EqualTo(items.Where(i => failing[i])), $"{scenario}: every failure reported");
                    if (api is Api.Ordered or Api.Async)
                    {
                        var results = mfe.GetResults<int>();
                        Assert.That(results.Where(r => r.Succeeded).Select(r => r.Index), Is.EqualTo(items.Where(i => !failing[i])), $"{scenario}: successes kept");
                        Assert.That(results.Where(r => r.Succeeded).Select(r => r.Value), Is.EqualTo(items.Where(i => !failing[i]).Select(F)), scenario);
                    }
                    else
                    {
                        Assert.That(delivered.Keys.Order(), Is.EqualTo(items.Where(i => !failing[i])), $"{scenario}: every success streamed");
                    }

                    break;

                default:
                    Assert.Fail($"{scenario}: unexpected {error}");
                    break;
            }

            if (outcomes is not null)
            {
                Assert.That(outcomes.Select(o => o.Index), Is.EqualTo(items), scenario);
                Assert.That(outcomes.Where(o => !o.Succeeded).Select(o => o.Index), Is.EqualTo(items.Where(i => failing[i])), $"{scenario}: outcomes name every failure");
            }
        }

        // Loops have all ended (infinite grace period): nothing may start later either.
        await Task.Yield();
        Assert.That(Volatile.Read(ref startedAfterReturn), Is.Zero, $"{scenario}: an item started after the call returned");
    }
}
