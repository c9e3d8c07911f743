using ChunkCompute.Execution;

namespace ChunkCompute.Tests.Executors;

/// <summary>Guided claims: every item claimed once, never more than the batch size, and a fine-grained finish.</summary>
public sealed class MapBatchingTests
{
    [Test]
    public void GuidedClaimsCoverEveryItemOnceAndShrinkToSingleItemsAtTheEnd()
    {
        for (int workers = 1; workers <= 8; workers++)
        {
            for (int count = 1; count <= 3000; count += count < 200 ? 1 : 37)
            {
                int batch = (int)Math.Max(1, (count + (4L * workers) - 1) / (4L * workers)); // Pool.map's chunksize
                long next = 0;
                int claims = 0;
                int last = 0;
                while (next < count)
                {
                    int n = MapBatching.GuidedClaim(count - next, workers, batch);
                    Assert.That(n, Is.InRange(1, batch), $"workers={workers} count={count} at {next}");
                    Assert.That(n, Is.LessThanOrEqualTo(Math.Max(1, (count - next) / (2 * workers))), "at most half an even share of what is left");
                    next += n;
                    last = n;
                    claims++;
                }

                Assert.That(next, Is.EqualTo(count), "claims cover the items exactly");
                Assert.That(last, Is.EqualTo(1), "the final claim is a single item");
                Assert.That(claims, Is.LessThanOrEqualTo((4 * workers) + (2 * workers * (int)Math.Ceiling(Math.Log2(batch + 1))) + (2 * workers) + 1), "O(workers log batch) claims beyond Pool.map's");
            }
        }
    }

    [Test]
    public void ExplicitBatchSizeKeepsFixedBatchesAndDefaultMapStillDeliversEverything()
    {
        var items = Enumerable.Range(0, 64).ToArray();
        var seen = new int[64];
        var results = items.ParallelMap(i => { Interlocked.Increment(ref seen[i]); return i * 2; }, new MapOptions { Executor = new ThreadExecutor(2) });
        Assert.That(results, Is.EqualTo(items.Select(i => i * 2).ToArray()));
        Assert.That(seen, Is.All.EqualTo(1));
        var fixedBatches = items.ParallelMap(i => i + 1, new MapOptions { Executor = new ThreadExecutor(2), BatchSize = 8 });
        Assert.That(fixedBatches, Is.EqualTo(items.Select(i => i + 1).ToArray()));

        // One progress report per claimed batch: on the sequential executor the reports show the claims themselves.
        var progress = new RecordingProgress();
        Enumerable.Range(0, 61).ToArray().ParallelMap(i => i, new MapOptions { Executor = SequentialExecutor.Instance, BatchSize = 8, MaxDegreeOfParallelism = 4, Progress = progress });
        Assert.That(progress.Reports.Select(r => r.CompletedItems), Is.EqualTo(new long[] { 8, 16, 24, 32, 40, 48, 56, 61 }), "fixed batches of 8, the last one short");
    }

    [TestCase(1000, 1)]
    [TestCase(1000, 4)]
    [TestCase(10, 4)]
    [TestCase(100_003, 2)]
    [TestCase(17, 3)]
    public void DefaultBatchIsPoolMapsChunksizeThenShrinks(int count, int workers)
    {
        // Pool.map: chunksize, extra = divmod(len, 4 * workers); if extra: chunksize += 1
        int chunksize = Math.DivRem(count, 4 * workers, out int extra) + (extra != 0 ? 1 : 0);
        var expected = new List<long>();
        long done = 0;
        while (done < count)
        {
            // Guided, as documented on MapOptions.BatchSize: the chunksize, at most half an even share of what is left.
            done += Math.Min(chunksize, Math.Max(1, (count - done) / (2 * workers)));
            expected.Add(done);
        }

        var progress = new RecordingProgress();
        Enumerable.Range(0, count).ToArray().ParallelMap(i => i, new MapOptions { Executor = SequentialExecutor.Instance, MaxDegreeOfParallelism = workers, Progress = progress });
        var reports = progress.Reports.Select(r => r.CompletedItems).ToArray();
        Assert.That(reports[0], Is.EqualTo(Math.Min(chunksize, Math.Max(1, count / (2 * workers)))), "the first claim is Pool.map's chunksize (unless the map is tiny)");
        Assert.That(reports, Is.EqualTo(expected));
    }
}
