using ChunkCompute.Execution;
using ChunkCompute.Storage;

namespace ChunkCompute.Tests;

/// <summary>The API tour of README.md, statement for statement, so the README cannot drift from the code.</summary>
public class ReadmeExamplesTests
{
    private string _dir = "";

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("cc-readme-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public async Task ApiTour()
    {
        string path = Path.Combine(_dir, "x.npy");

        var a = NdArray.Arange<double>(10);
        NdArray<double>[] chunks = a.ArraySplit(3);
        Assert.That(chunks.Select(c => c.Size), Is.EqualTo(new long[] { 4, 3, 3 }));
        Assert.That(chunks[2].Chunk.ToString(), Is.EqualTo("chunk 2/3 [7:10] on axis 0"));
        var m = NdArray.Arange<double>(12).Reshape(3, 4);
        var col = m[.., 1];
        Assert.That(col.ToArray(), Is.EqualTo(new double[] { 1, 5, 9 }));
        var rev = m["::-1, 1:3"];
        Assert.That(rev.ToArray(), Is.EqualTo(new double[] { 9, 10, 5, 6, 1, 2 }));
        Assert.That(m.T.ToString(), Does.StartWith("array([[ 0.,  4.,  8.],"));

        var x = new NdRandom(seed: 42).Normal([1_000_000]);
        var y = new NdRandom(seed: 7).Uniform([1_000_000]);
        var r = NdArray.Sqrt(x * x + y * y);
        double total = r.Sum();
        using (ExecutionSettings.Use(ExecutionSettings.Sequential))
        {
            Assert.That(BitConverter.DoubleToInt64Bits(r.Sum()), Is.EqualTo(BitConverter.DoubleToInt64Bits(total)));
        }

        var colMeans = m.Mean(axis: 0);
        Assert.That(colMeans.ToArray(), Is.EqualTo(new double[] { 4, 5, 6, 7 }));
        var (counts, edges) = NdArray.Histogram(x, bins: 100);
        Assert.That(counts.ToArray().Sum(), Is.EqualTo(1_000_000));
        Assert.That(edges.Size, Is.EqualTo(101));
        var row = m["1"];
        row += 100.0;
        Assert.That(m["1"].ToArray(), Is.EqualTo(new double[] { 104, 105, 106, 107 }));

        double[] sums = x.ArraySplit(8).ParallelMap(c => c.Sum());
        Assert.That(sums, Has.Length.EqualTo(8));
        double fixedOrder = x.MapReduce(64, c => c.Sum(), (p, q) => p + q);
        Assert.That(fixedOrder, Is.EqualTo(x.Sum()).Within(1e-9).Percent);

        NdArray.Save(path, x);
        NdArray<double> back = NdArray.Load<double>(path);
        Assert.That(back.ArrayEquals(x), Is.True);
        using (var mapped = NdArray.OpenMapped<double>(path, MapMode.Read))
        {
            double mappedSum = mapped.Sum();
            Assert.That(mappedSum, Is.EqualTo(x.Sum()));
        }

        double[] all = await chunks.ParallelMapAsync(async (c, ct) => { await Task.Yield(); return c.Max(); });
        Assert.That(all, Is.EqualTo(new double[] { 3, 6, 9 }));
        var seen = new List<(int, double)>();
        await foreach (var (index, value) in chunks.ParallelMapUnordered(c => c.Max()))
        {
            seen.Add((index, value));
        }

        Assert.That(seen.OrderBy(s => s.Item1), Is.EqualTo(new[] { (0, 3.0), (1, 6.0), (2, 9.0) }));
    }
}
