using System.Diagnostics;
using ChunkCompute.Execution;

// Not "ChunkCompute.Tests.Execution": that namespace would shadow "Execution.ExecutionSettings" as written in Arrays tests.
namespace ChunkCompute.Tests.Executors;

[TestFixtureSource(typeof(ExecutionTestHelpers), nameof(ExecutionTestHelpers.Executors))]
public class ParallelMapAsyncTests(string executorName)
{
    private readonly IChunkExecutor _executor = ExecutionTestHelpers.Create(executorName);

    private MapOptions Options => new() { Executor = _executor };

    /// <summary>Loops the executor really runs for a limit: the sequential executor runs one loop whatever is asked.</summary>
    private int Loops(int limit) => _executor is SequentialExecutor ? 1 : limit;

    [TestCase(1)]
    [TestCase(3)]
    [TestCase(8)]
    public async Task ConcurrencyLimitIsRespectedAndReached(int limit)
    {
        int current = 0;
        int peak = 0;
        var results = await Enumerable.Range(0, 40).ParallelMapAsync(async (i, ct) =>
        {
            int now = Interlocked.Increment(ref current);
            InterlockedMax(ref peak, now);
            await Task.Delay(5, ct);
            Interlocked.Decrement(ref current);
            return i * i;
        }, Options with { MaxDegreeOfParallelism = limit });
        Assert.That(results, Is.EqualTo(Enumerable.Range(0, 40).Select(i => i * i)));
        Assert.That(peak, Is.LessThanOrEqualTo(limit));

        // Items await (5 ms each), so every loop has one in flight at once: the limit is reached.
        Assert.That(peak, Is.EqualTo(Loops(limit)));
    }

    [Test]
    public async Task OrderingWithRandomAsyncDelays()
    {
        var rng = new Random(3);
        int[] delays = Enumerable.Range(0, 300).Select(_ => rng.Next(3)).ToArray();
        var results = await Enumerable.Range(0, 300).ParallelMapAsync(async (i, ct) =>
        {
            if (delays[i] > 0)
            {
                await Task.Delay(delays[i], ct);
            }
            else
            {
                await Task.Yield();
            }

            return -i;
        }, Options with { MaxDegreeOfParallelism = 16 });
        Assert.That(results, Is.EqualTo(Enumerable.Range(0, 300).Select(i => -i)));
    }

    [Test]
    public async Task FailFastCancelsTheOthersInFlight()
    {
        int cancelled = 0;
        long failedAt = 0;
        var ex = await Assert.ThrowsAsync<ChunkFailedException>(async () => await Enumerable.Range(0, 50).ParallelMapAsync(async (i, ct) =>
        {
            if (i < 3)
            {
                return i;
            }

            if (i == 3)
            {
                await Task.Delay(20, CancellationToken.None);
                Volatile.Write(ref failedAt, Stopwatch.GetTimestamp());
                throw new InvalidOperationException("item 3");
            }

            try
            {
                await Task.Delay(TimeSpan.FromSeconds(60), ct);
            }
            catch (OperationCanceledException)
            {
                Interlocked.Increment(ref cancelled);
                throw;
            }

            return i;
        }, Options with { MaxDegreeOfParallelism = 8 }));
        Assert.That(ex!.Index, Is.EqualTo(3));
        // With 8 loops, items 4..10 are in flight when item 3 fails; all are cancelled (asyncio would leave them running).
        Assert.That(cancelled, Is.EqualTo(Loops(8) - 1));
        Assert.That(Stopwatch.GetElapsedTime(failedAt), Is.LessThan(TimeSpan.FromSeconds(10)), "from the failure to the return (uncancelled items take a minute)");
    }

    [Test]
    public async Task CancellationBeforeStart()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        int calls = 0;
        await Assert.CatchAsync<OperationCanceledException>(async () => await Enumerable.Range(0, 10).ParallelMapAsync((i, ct) =>
        {
            Interlocked.Increment(ref calls);
            return new ValueTask<int>(i);
        }, Options with { CancellationToken = cts.Token }));
        Assert.That(calls, Is.Zero);
    }

    [Test]
    public async Task CancellationMidRunReachesAwaitingItems()
    {
        using var cts = new CancellationTokenSource();
        int started = 0;
        var run = Enumerable.Range(0, 100).ParallelMapAsync(async (i, ct) =>
        {
            Interlocked.Increment(ref started);
            await Task.Delay(TimeSpan.FromSeconds(60), ct);
            return i;
        }, Options with { CancellationToken = cts.Token, MaxDegreeOfParallelism = 4 });
        while (Volatile.Read(ref started) < Loops(4))
        {
            await Task.Delay(1);
        }

        long cancelledAt = Stopwatch.GetTimestamp();
        await cts.CancelAsync();
        await Assert.CatchAsync<OperationCanceledException>(async () => await run);
        Assert.That(started, Is.EqualTo(Loops(4)));
        Assert.That(Stopwatch.GetElapsedTime(cancelledAt), Is.LessThan(TimeSpan.FromSeconds(10)), "from the cancellation to the return (uncancelled items take a minute)");
    }

    [Test]
    public async Task ItemsRunOffTheCallersSynchronizationContext()
    {
        var previous = SynchronizationContext.Current;
        var context = new SynchronizationContext();
        SynchronizationContext.SetSynchronizationContext(context);
        try
        {
            var contexts = await new[] { 1, 2, 3 }.ParallelMapAsync((i, ct) => new ValueTask<SynchronizationContext?>(SynchronizationContext.Current), Options);
            Assert.That(contexts, Is.All.Not.SameAs(context));
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    [Test]
    public async Task ReturnsToTheCallerBeforeRunningItems()
    {
        using var gate = new ManualResetEventSlim();
        var run = new[] { 1, 2 }.ParallelMapAsync((i, ct) =>
        {
            gate.Wait(TimeSpan.FromSeconds(30), ct);
            return new ValueTask<int>(i);
        }, Options);
        gate.Set();
        Assert.That(await run, Is.EqualTo(new[] { 1, 2 }));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
