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
