using System.Diagnostics;
using ChunkCompute.Execution;

// Not "ChunkCompute.Tests.Execution": that namespace would shadow "Execution.ExecutionSettings" as written in Arrays tests.
namespace ChunkCompute.Tests.Executors;

[TestFixtureSource(typeof(ExecutionTestHelpers), nameof(ExecutionTestHelpers.Executors))]
public class ParallelMapUnorderedTests(string executorName)
{
    private readonly IChunkExecutor _executor = ExecutionTestHelpers.Create(executorName);

    private MapOptions Options => new() { Executor = _executor };

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(17)]
    [TestCase(3000)]
    public async Task StreamsEveryResultExactlyOnceWithItsIndex(int count)
    {
        int[] spins = ExecutionTestHelpers.Spins(count, seed: 5, maxSpins: 500);
        var seen = new int[count];
        await foreach (var (index, result) in Enumerable.Range(0, count).ToArray().ParallelMapUnordered(i =>
        {
            Thread.SpinWait(spins[i]);
            return i * 10L;
        }, Options))
        {
            Assert.That(result, Is.EqualTo(index * 10L));
            seen[index]++;
        }

        Assert.That(seen, Is.All.EqualTo(1));
    }

    [Test]
    public async Task LazySourceIsPulledOnlyAsWorkersFreeUp()
    {
        var source = new CountingSource(10_000);
        int loops = Math.Max(1, _executor.MaxConcurrency);
        int consumed = 0;
        int maxAhead = 0;
        var indices = new HashSet<int>();
        await foreach (var (index, result) in source.ParallelMapUnordered(i => i + 1, Options))
        {
            consumed++;
            Assert.That(result, Is.EqualTo(index + 1));
            Assert.That(indices.Add(index), Is.True, "each index once");
            maxAhead = Math.Max(maxAhead, source.Pulled - consumed);
            if (consumed % 500 == 0)
            {
                await Task.Delay(1);
            }
        }

        Assert.That(consumed, Is.EqualTo(10_000));
        // Bound: loops running one item each (batch 1) + `loops` results waiting in the channel + one in the consumer's hand.
        Assert.That(maxAhead, Is.LessThanOrEqualTo((2 * loops) + 1), $"pulled at most {maxAhead} items ahead of the consumer");
    }

    [Test]
    public async Task SlowConsumerHoldsBackTheSource()
    {
        var source = new CountingSource(1_000_000);
        int consumed = 0;
        await foreach (var _ in source.ParallelMapUnordered(i => i, Options with { BatchSize = 4 }))
        {
            if (++consumed == 20)
            {
                await Task.Delay(50);
                break;
            }
        }

        int loops = Math.Max(1, _executor.MaxConcurrency);
        // loops × 4 items running + loops × 4 results waiting + the batch the consumer was reading.
        Assert.That(source.Pulled, Is.LessThanOrEqualTo(20 + (8 * loops) + 4), "a million-item source must not be read eagerly");
    }

    [Test]
    public async Task BreakingOutStopsTheMapAndWaitsForInFlightItems()
    {
        int running = 0;
        int finished = 0;
        await foreach (var (index, _) in Enumerable.Range(0, 10_000).ParallelMapUnordered((i, ct) =>
        {
            Interlocked.Increment(ref running);
            Thread.SpinWait(200);
            Interlocked.Decrement(ref running);
            Interlocked.Increment(ref finished);
            return new ValueTask<int>(i);
        }, Options with { BatchSize = 1 }))
        {
            if (index >= 0)
            {
                break;
            }
        }

        Assert.That(Volatile.Read(ref running), Is.Zero, "nothing runs after the stream is disposed");
        int after = Volatile.Read(ref finished);
        await Task.Delay(20);
        Assert.That(Volatile.Read(ref finished), Is.EqualTo(after));
        Assert.That(after, Is.LessThan(10_000));
    }

    [Test]
    public async Task CancellationDuringTheStreamThrowsPromptly()
    {
        using var cts = new CancellationTokenSource();
        int received = 0;
        long cancelledAt = 0;
        var source = new CountingSource(100_000);
        var ex = await Assert.CatchAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in source.ParallelMapUnordered((i, ct) =>
            {
                ExecutionTestHelpers.WaitForCancel(i >= 5 ? TimeSpan.FromSeconds(60) : TimeSpan.Zero, ct);
                return new ValueTask<int>(i);
            }, Options with { CancellationToken = cts.Token }))
            {
                if (++received == 3)
                {
                    cancelledAt = Stopwatch.GetTimestamp();
                    cts.Cancel();
                }
            }
        });
        Assert.That(ex!.CancellationToken, Is.EqualTo(cts.Token));
        Assert.That(Stopwatch.GetElapsedTime(cancelledAt), Is.LessThan(TimeSpan.FromSeconds(10)), "from the cancellation to the end of the stream (uncancelled items take a minute)");
        Assert.That(source.Disposed, Is.EqualTo(1));
    }

    [Test]
    public async Task FailureEndsTheStreamWithTheChunkError()
    {
        var seen = new List<int>();
        var ex = await Assert.ThrowsAsync<ChunkFailedException>(async () =>
        {
            await foreach (var (index, _) in new CountingSource(50).ParallelMapUnordered(i => i == 30 ? throw new InvalidDataException("bad 30") : i, Options))
            {
                seen.Add(index);
            }
        });
        Assert.That(ex!.Index, Is.EqualTo(30));
        Assert.That(ex.InnerException, Is.TypeOf<InvalidDataException>());
        Assert.That(seen, Does.Not.Contain(30));
        Assert.That(seen.Distinct().Count(), Is.EqualTo(seen.Count));
    }

    [Test]
    public async Task CollectAllStreamsTheSuccessesThenReportsEveryFailure()
    {
        var seen = new List<int>();
        var ex = await Assert.ThrowsAsync<MapFailedException>(async () =>
        {
            await foreach (var (index, _) in new CountingSource(40).ParallelMapUnordered(i => i % 13 == 0 ? throw new InvalidDataException($"bad {i}") : i,
                Options with { ErrorMode = MapErrorMode.CollectAll }))
            {
                seen.Add(index);
            }
        });
        Assert.That(ex!.Failures.Select(f => f.Index), Is.EqualTo(new[] { 0, 13, 26, 39 }));
        Assert.That(seen.Order(), Is.EqualTo(Enumerable.Range(0, 40).Where(i => i % 13 != 0)));
    }

    [Test]
    public async Task SourceExceptionsPropagateAsThemselves()
    {
        static IEnumerable<int> Broken()
        {
            yield return 1;
            yield return 2;
            throw new InvalidDataException("source broke");
        }

        var ex = await Assert.ThrowsAsync<InvalidDataException>(async () =>
        {
            await foreach (var _ in Broken().ParallelMapUnordered(i => i, Options))
            {
            }
        });
        Assert.That(ex!.Message, Is.EqualTo("source broke"));
    }
}
