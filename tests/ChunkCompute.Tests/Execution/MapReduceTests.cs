using ChunkCompute.Execution;

// Not "ChunkCompute.Tests.Execution": that namespace would shadow "Execution.ExecutionSettings" as written in Arrays tests.
namespace ChunkCompute.Tests.Executors;

public class MapReduceTests
{
    [Test]
    public void CombineOrderIsAFixedTreeOverIndices()
    {
        string tree = Enumerable.Range(0, 5).MapReduce(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture), (a, b) => $"({a}+{b})", new MapOptions { Executor = new ThreadExecutor(2) });
        Assert.That(tree, Is.EqualTo("(((0+1)+(2+3))+4)"));
        Assert.That(ParallelMapExtensions.TreeCombine<string>(["a"], (a, b) => a + b), Is.EqualTo("a"));
        Assert.That(ParallelMapExtensions.TreeCombine<string>(["a", "b", "c"], (a, b) => $"({a}{b})"), Is.EqualTo("((ab)c)"));
    }

    [Test]
    public void SameBitsWhateverTheCompletionOrderOrExecutor()
    {
        using var a = new NdRandom(11).Uniform([200_001], -1e6, 1e6);
        foreach (int k in new[] { 1, 2, 7, 64, 300 })
        {
            long? reference = null;
            for (int trial = 0; trial < 4; trial++)
            {
                int[] spins = ExecutionTestHelpers.Spins(k, seed: trial, maxSpins: 3000);
                IChunkExecutor executor = trial == 0 ? SequentialExecutor.Instance : new ThreadExecutor(trial + 1);
                double total = a.MapReduce(k, c =>
                {
                    Thread.SpinWait(spins[c.Chunk!.Value.Index]);
                    return ExecutionTestHelpers.SpanSum(c);
                }, (x, y) => x + y, new MapOptions { Executor = executor, BatchSize = 1 });
                long bits = BitConverter.DoubleToInt64Bits(total);
                reference ??= bits;
                Assert.That(bits, Is.EqualTo(reference), $"k = {k}, trial {trial}");
            }

            double expected = ParallelMapExtensions.TreeCombine<double>(a.ArraySplit(k).Select(ExecutionTestHelpers.SpanSum).ToArray(), (x, y) => x + y);
            Assert.That(BitConverter.DoubleToInt64Bits(expected), Is.EqualTo(reference));
        }
    }

    [Test]
    public void SameBitsWhenTheFirstChunkIsForcedToCompleteLast()
    {
        // Deterministic completion order: chunk 0 waits until every other chunk has finished (two loops: one holds chunk
        // 0, the other runs the rest). A combine in completion order would add chunk 0 last.
        using var a = new NdRandom(13).Uniform([100_003], -1e6, 1e6);
        const int k = 16;
        double reference = a.MapReduce(k, ExecutionTestHelpers.SpanSum, (x, y) => x + y, new MapOptions { Executor = SequentialExecutor.Instance });
        int done = 0;
        var completion = new System.Collections.Concurrent.ConcurrentQueue<int>();
        double forced = a.MapReduce(k, c =>
        {
            int index = c.Chunk!.Value.Index;
            if (index == 0)
            {
                Assert.That(SpinWait.SpinUntil(() => Volatile.Read(ref done) == k - 1, TimeSpan.FromSeconds(30)), Is.True);
            }

            double s = ExecutionTestHelpers.SpanSum(c);
            completion.Enqueue(index);
            Interlocked.Increment(ref done);
            return s;
        }, (x, y) => x + y, new MapOptions { Executor = new ThreadExecutor(2), BatchSize = 1 });
        Assert.That(completion.Last(), Is.EqualTo(0), "the completion order was forced");
        Assert.That(BitConverter.DoubleToInt64Bits(forced), Is.EqualTo(BitConverter.DoubleToInt64Bits(reference)));
    }

    [Test]
    public void SingleItemIsReturnedWithoutCombining()
    {
        int combines = 0;
        Assert.That(new[] { 7 }.MapReduce(i => i * 2, (x, y) => { combines++; return x + y; }), Is.EqualTo(14));
        Assert.That(combines, Is.Zero);
        using var a = NdArray.Arange<double>(10);
        Assert.That(a.MapReduce(1, ExecutionTestHelpers.SpanSum, (x, y) => x + y), Is.EqualTo(45.0));
    }

    [Test]
    public void EmptySourceWithSeedReturnsTheSeed()
    {
        Assert.That(Array.Empty<int>().MapReduce(0L, i => (long)i, (x, y) => x + y), Is.EqualTo(0L));
        Assert.That(Enumerable.Range(1, 100).MapReduce(0L, i => (long)i, (x, y) => x + y), Is.EqualTo(5050L));
    }

    [Test]
    public void FailingMapNamesTheChunk()
    {
        using var a = NdArray.Arange<double>(100);
        var ex = Assert.Throws<ChunkFailedException>(() => a.MapReduce(10, c => c.Chunk!.Value.Index == 6 ? throw new DivideByZeroException() : 1.0, (x, y) => x + y));
        Assert.That(ex.Index, Is.EqualTo(6));
        Assert.That(ex.Chunk!.Value.Offset, Is.EqualTo(60));
        Assert.That(ex.Chunk!.Value.Length, Is.EqualTo(10));
    }
}
