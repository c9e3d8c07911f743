using ChunkCompute.Execution.Processes;

namespace ChunkCompute.ProcessTests.Readme;

/// <summary>The README's process-pool kernel: a public type the worker loads by name.</summary>
public sealed class SumOfSines : IChunkReduction<double, double>
{
    /// <inheritdoc/>
    public double Reduce(NdArray<double> chunk) => NdArray.Sin(chunk).Sum();
}

/// <summary>The README's ProcessPool snippet, statement for statement.</summary>
public class ReadmeProcessExampleTests
{
    [Test]
    public void ProcessPoolSnippet()
    {
        string dir = ChunkCompute.ProcessTests.ProcessTestHelpers.NewDirectory("cc-readme-pool");
        try
        {
            string path = Path.Combine(dir, "x.npy");
            var x = new NdRandom(seed: 42).Normal([100_003]);
            NdArray.Save(path, x);

            using var pool = new ProcessPool(workers: 2);
            using var big = NdArray.OpenMapped<double>(path);
            double[] partials = pool.Map<SumOfSines, double, double>(big, chunks: 64);

            double[] expected = x.ArraySplit(64).Select(c => new SumOfSines().Reduce(c)).ToArray();
            Assert.That(partials, Is.EqualTo(expected), "process mode gives the same bits as running the kernel in-process");
        }
        finally
        {
            ChunkCompute.ProcessTests.ProcessTestHelpers.DeleteDirectory(dir);
        }
    }
}
