using System.Collections.Concurrent;
using ChunkCompute.Execution;

// Not "ChunkCompute.Tests.Execution": that namespace would shadow "Execution.ExecutionSettings" as written in Arrays tests.
namespace ChunkCompute.Tests.Executors;

/// <summary>
/// The partition policy: <see cref="ExecutionSettings.StepCount"/> (the one formula), resolution order (per-call
/// argument, <see cref="ExecutionSettings.Use"/> scope, process-wide default), validation, and
/// <see cref="ParallelRange.For"/> (one step inline on the calling thread; several steps cover every index once).
/// </summary>
[NonParallelizable] // Touches the process-wide default.
public sealed class ExecutionSettingsTests
{
    [Test]
    public void StepCountIsCeilOfElementsOverMinimumClampedToTheDegree()
    {
        var s = new ExecutionSettings(4) { MinimumElementsPerTask = 100 };
        Assert.That(s.StepCount(0), Is.EqualTo(1));
        Assert.That(s.StepCount(100), Is.EqualTo(1));
        Assert.That(s.StepCount(101), Is.EqualTo(2));
        Assert.That(s.StepCount(300), Is.EqualTo(3));
        Assert.That(s.StepCount(301), Is.EqualTo(4));
        Assert.That(s.StepCount(long.MaxValue), Is.EqualTo(4));
        Assert.That(ExecutionSettings.Sequential.StepCount(long.MaxValue), Is.EqualTo(1));
        Assert.That(new ExecutionSettings(16) { MinimumElementsPerTask = 1 }.StepCount(5), Is.EqualTo(5));
        Assert.That(new ExecutionSettings().MaxDegreeOfParallelism, Is.EqualTo(Environment.ProcessorCount));
    }

    [Test]
    public void InvalidValuesThrowNamingTheProperty()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new ExecutionSettings(0));
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new ExecutionSettings(2) { MinimumElementsPerTask = 0 });
        Assert.That(ex!.ParamName, Is.EqualTo(nameof(ExecutionSettings.MinimumElementsPerTask)));
        ex = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new ExecutionSettings(2) { MaxDegreeOfParallelism = -1 });
        Assert.That(ex!.ParamName, Is.EqualTo(nameof(ExecutionSettings.MaxDegreeOfParallelism)));
        Assert.Throws<ArgumentNullException>(() => ExecutionSettings.Default = null!);
    }

    [Test]
    public void ResolutionOrderIsArgumentThenScopeThenDefault()
    {
        var saved = ExecutionSettings.Default;
        try
        {
            var global = new ExecutionSettings(3);
            var scoped = new ExecutionSettings(5);
            var explicitOne = new ExecutionSettings(7);
            ExecutionSettings.Default = global;
            Assert.That(ExecutionSettings.Current, Is.SameAs(global));
            using (ExecutionSettings.Use(scoped))
            {
                Assert.That(ExecutionSettings.Current, Is.SameAs(scoped));
                Assert.That(ExecutionSettings.Resolve(null), Is.SameAs(scoped));
                Assert.That(ExecutionSettings.Resolve(explicitOne), Is.SameAs(explicitOne));
                using (ExecutionSettings.Use(ExecutionSettings.Sequential))
                {
                    Assert.That(ExecutionSettings.Current, Is.SameAs(ExecutionSettings.Sequential));
                }

                Assert.That(ExecutionSettings.Current, Is.SameAs(scoped), "inner scope restored the outer one");
            }

            Assert.That(ExecutionSettings.Current, Is.SameAs(global));
        }
        finally
        {
            ExecutionSettings.Default = saved;
        }
    }

    [Test]
    public void OneStepRunsInlineOnTheCallingThread()
    {
        var recorder = new Recorder(new ConcurrentBag<(long, long, int)>());
        ParallelRange.For(1000, recorder, new ExecutionSettings(8) { MinimumElementsPerTask = 1000 });
        Assert.That(recorder.Calls.Single(), Is.EqualTo((0L, 1000L, Environment.CurrentManagedThreadId)));

        // elementsPerIndex makes few indices of heavy work split, and Sequential never splits.
        var heavy = new Recorder(new ConcurrentBag<(long, long, int)>());
        ParallelRange.For(4, heavy, new ExecutionSettings(4) { MinimumElementsPerTask = 10 }, elementsPerIndex: 100);
        Assert.That(heavy.Calls, Has.Count.EqualTo(4));
        var seq = new Recorder(new ConcurrentBag<(long, long, int)>());
        ParallelRange.For(1_000_000, seq, ExecutionSettings.Sequential);
        Assert.That(seq.Calls.Single(), Is.EqualTo((0L, 1_000_000L, Environment.CurrentManagedThreadId)));
    }

    [Test]
    public void SeveralStepsCoverEveryIndexExactlyOnce()
    {
        foreach (long count in new long[] { 1, 2, 7, 100, 1001, 65_537 })
        {
            foreach (int dop in new[] { 2, 3, 16 })
            {
                var recorder = new Recorder(new ConcurrentBag<(long, long, int)>());
                var s = new ExecutionSettings(dop) { MinimumElementsPerTask = 1 };
                ParallelRange.For(count, recorder, s);
                var ranges = recorder.Calls.Select(c => (c.Start, c.End)).OrderBy(r => r.Start).ToArray();
                Assert.That(ranges, Has.Length.EqualTo(Math.Min(count, dop)), $"count={count} dop={dop}");
                long next = 0;
                foreach (var (start, end) in ranges)
                {
                    Assert.That(start, Is.EqualTo(next), $"count={count} dop={dop}: gap or overlap");
                    Assert.That(end, Is.GreaterThan(start));
                    next = end;
                }

                Assert.That(next, Is.EqualTo(count));
            }
        }
    }

    private readonly struct Recorder(ConcurrentBag<(long Start, long End, int Thread)> calls) : IRangeAction
    {
        public ConcurrentBag<(long Start, long End, int Thread)> Calls => calls;

        public void Invoke(long start, long end) => calls.Add((start, end, Environment.CurrentManagedThreadId));
    }
}
