using ChunkCompute.Execution;
using ChunkCompute.Execution.Processes;
using ChunkCompute.ProcessTests.Kernels;
using static ChunkCompute.ProcessTests.ProcessTestHelpers;

namespace ChunkCompute.ProcessTests.Execution.Processes;

/// <summary>Results of process mode are those of the same kernels run in this process, bit for bit.</summary>
[TestFixture]
[NonParallelizable]
public sealed class ProcessPoolTests
{
    private ProcessPool _pool = null!;

    [OneTimeSetUp]
    public async Task StartPool()
    {
        _pool = new ProcessPool(2);
        await _pool.WarmUpAsync();
    }

    [OneTimeTearDown]
    public void StopPool() => _pool.Dispose();

    [TestCase(1, 1)]
    [TestCase(1_000, 1)]
    [TestCase(1_000, 7)]
    [TestCase(10_007, 64)]
    [TestCase(5, 8)]
    public void ReductionMatchesInProcessBitForBit(int length, int chunks)
    {
        using var data = Data(length);
        var kernel = new SequentialSineSum();
        double[] expected = data.ParallelMap(chunks, kernel.Reduce); // thread mode

        double[] actual = _pool.Map(kernel, data, chunks);

        Assert.That(actual, Has.Length.EqualTo(chunks));
        for (int i = 0; i < chunks; i++)
        {
            Assert.That(BitConverter.DoubleToInt64Bits(actual[i]), Is.EqualTo(BitConverter.DoubleToInt64Bits(expected[i])), $"chunk {i}");
        }
    }

    [Test]
    public void StructResultsComeBackInChunkOrderWithChunkInfo()
    {
        using var data = Data(1_003);
        var stats = _pool.Map<StatsKernel, double, ChunkStats>(data, 10);
        var chunks = data.ArraySplit(10);
        for (int i = 0; i < 10; i++)
        {
            Assert.That(stats[i].Index, Is.EqualTo(i));
            Assert.That(stats[i].Count, Is.EqualTo(chunks[i].Size));
            Assert.That(stats[i].Min, Is.EqualTo(chunks[i].ToArray().Min()));
            Assert.That(stats[i].Max, Is.EqualTo(chunks[i].ToArray().Max()));
        }
    }

    [Test]
    public void RecordKernelParametersTravelAsJson()
    {
        using var data = NdArray.Arange<int>(100);
        double[] sums = _pool.Map(new ScaledSum(0.5), data, 4);
        Assert.That(sums, Is.EqualTo(new[] { 300.0 / 2, 925.0 / 2, 1550.0 / 2, 2175.0 / 2 }));
    }

    [Test]
    public void TransformWritesTheOutputFileExactly()
    {
        using var data = Data(10_001);
        var kernel = new Affine { Factor = 2.5, Offset = -1 };
        using var expected = NdArray.Empty<double>(10_001);
        kernel.Transform(data, expected);

        using var output = _pool.Transform(kernel, data, 16);

        Assert.That(output.Shape, Is.EqualTo(data.Shape));
        Assert.That(output.ArrayEquals(expected), Is.True);
    }

    [Test]
    public void TwoDimensionalInputSplitAlongEitherAxis()
    {
        using var data = Data(60).Reshape(6, 10);
        var kernel = new SequentialSineSum();
        for (int axis = 0; axis < 2; axis++)
        {
            double[] expected = data.ArraySplit(4, axis).Select(kernel.Reduce).ToArray();
            Assert.That(_pool.Map(kernel, data, 4, axis: axis), Is.EqualTo(expected), $"axis {axis}");
        }
    }

    [Test]
    public void KernelOutputOnStdoutDoesNotCorruptTheProtocol()
    {
        using var data = Data(100);
        Assert.That(_pool.Map(new Chatty(), data, 5), Is.EqualTo(Enumerable.Repeat(20.0, 5)));
    }

    [Test]
    public void WorkersAreReusedAcrossMaps()
    {
        using var data = Data(1_000);
        _ = _pool.Map(new SequentialSineSum(), data, 4);
        var pids = _pool.WorkerProcessIds.ToArray();
        int started = _pool.WorkersStarted;
        for (int i = 0; i < 5; i++)
        {
            _ = _pool.Map(new SequentialSineSum(), data, 4);
        }

        Assert.That(_pool.WorkerProcessIds, Is.EquivalentTo(pids));
        Assert.That(_pool.WorkersStarted, Is.EqualTo(started));
    }

    [Test]
    public void HundredConsecutiveMapsLeakNoProcessesDescriptorsOrFiles()
    {
        using var data = Data(2_000);
        _ = _pool.Map(new SequentialSineSum(), data, 8);
        _pool.Transform(new Affine(), data, 4).Dispose();
        var pids = _pool.WorkerProcessIds.ToArray();
        int fds = OpenFileDescriptors();
        int children = CountChildren();
        var workerFds = pids.ToDictionary(pid => pid, pid => Directory.GetFiles($"/proc/{pid}/fd").Length);

        for (int i = 0; i < 100; i++)
        {
            if (i % 2 == 0)
            {
                _ = _pool.Map(new SequentialSineSum(), data, 8);
            }
            else
            {
                using var output = _pool.Transform(new Affine { Factor = i }, data, 4);
            }
        }

        Assert.That(_pool.WorkerProcessIds, Is.EquivalentTo(pids));
        Assert.That(CountChildren(), Is.EqualTo(children));
        Assert.That(OpenFileDescriptors(), Is.LessThanOrEqualTo(fds + 2), $"file descriptors of the coordinator: {fds} before");
        Assert.That(Directory.GetFileSystemEntries(_pool.TemporaryDirectory), Is.Empty);
        foreach (int pid in pids)
        {
            var fdsNow = Directory.GetFiles($"/proc/{pid}/fd").Select(f => { try { return new FileInfo(f).LinkTarget; } catch (IOException) { return null; } }).ToArray();
            Assert.That(fdsNow, Has.Length.LessThanOrEqualTo(workerFds[pid] + 2), $"descriptors of worker {pid}: {workerFds[pid]} before, now {string.Join(", ", fdsNow)}");
        }
    }

    [Test]
    public void NonPublicKernelIsRejectedBeforeAnyChunk()
    {
        using var data = Data(10);
        var e = Assert.Throws<ArgumentException>(() => _pool.Map(new HiddenKernel(), data, 2));
        Assert.That(e!.Message, Does.Contain("HiddenKernel").And.Contain("not public"));
    }

    [Test]
    public void KernelWithoutUsableConstructorIsRejectedBeforeAnyChunk()
    {
        using var data = Data(10);
        var e = Assert.Throws<ArgumentException>(() => _pool.Map(new NoDefaultConstructor(1, 2), data, 2));
        Assert.That(e!.Message, Does.Contain("NoDefaultConstructor").And.Contain("System.Text.Json"));
    }

    [Test]
    public void KernelThatCannotBeBuiltInAWorkerFailsAtTheHandshake()
    {
        using var data = Data(10);
        var e = Assert.Throws<InvalidOperationException>(() => _pool.Map(new FailsInWorker(Environment.ProcessId), data, 2));
        Assert.That(e!.Message, Does.Contain("could not load kernel").And.Contain("FailsInWorker").And.Contain("refuses to be built"));

        // The pool stays usable.
        Assert.That(_pool.Map(new SequentialSineSum(), data, 2), Has.Length.EqualTo(2));
    }

    [Test]
    public async Task UnorderedStreamDeliversEveryChunkOnce()
    {
        using var data = Data(5_000);
        var kernel = new SequentialSineSum();
        double[] expected = data.ArraySplit(16).Select(kernel.Reduce).ToArray();
        var seen = new double?[16];

        await foreach (var (index, value) in _pool.MapUnordered(kernel, data, 16))
        {
            Assert.That(seen[index], Is.Null, $"chunk {index} delivered twice");
            seen[index] = value;
        }

        Assert.That(seen, Is.EqualTo(expected.Select(v => (double?)v)));
    }

    [Test]
    public void ProgressIsMonotonicAndEndsAtTheTotal()
    {
        using var data = Data(4_000);
        var reports = new List<MapProgress>();
        var progress = new SynchronousProgress(reports);

        _ = _pool.Map(new SequentialSineSum(), data, 10, new MapOptions { Progress = progress, BatchSize = 1 });

        Assert.That(reports, Is.Not.Empty);
        Assert.That(reports.Select(r => r.CompletedItems), Is.Ordered);
        Assert.That(reports[^1].CompletedItems, Is.EqualTo(10));
        Assert.That(reports[^1].CompletedElements, Is.EqualTo(4_000));
    }

    [Test]
    public void PoolIsAnExecutorForDelegateMapsToo()
    {
        using var data = Data(3_000);
        double[] viaPool = data.ParallelMap(6, c => c.ToArray().Sum(), new MapOptions { Executor = _pool });
        Assert.That(viaPool, Is.EqualTo(data.ArraySplit(6).Select(c => c.ToArray().Sum())));
        Assert.That(_pool.MaxConcurrency, Is.EqualTo(2));
    }

    [Test]
    public void FileBackedInputIsMappedByTheWorkersAndOutputCanBeKept()
    {
        string dir = NewDirectory("cc-npy");
        try
        {
            string inputPath = Path.Combine(dir, "in.npy");
            using (var source = Data(12_345))
            {
                NdArray.Save(inputPath, source);
            }

            using var mapped = NdArray.OpenMapped<double>(inputPath);
            var kernel = new SequentialSineSum();
            Assert.That(_pool.Map(kernel, mapped, 7), Is.EqualTo(mapped.ParallelMap(7, kernel.Reduce)));
            Assert.That(Directory.GetFileSystemEntries(_pool.TemporaryDirectory), Is.Empty, "a file-backed input is not copied");

            string outputPath = Path.Combine(dir, "out.npy");
            using (var output = _pool.Transform(new Affine { Factor = 3 }, mapped, 5, outputPath: outputPath))
            {
                Assert.That(output.Storage, Is.InstanceOf<ChunkCompute.Storage.MappedStorage<double>>());
            }

            using var reloaded = NdArray.Load<double>(outputPath);
            Assert.That(reloaded.ToArray(), Is.EqualTo(mapped.ToArray().Select(v => v * 3)));

            // An output is a valid input of the next process map (mapped, not copied).
            using var chained = _pool.Transform(new Affine { Factor = 2 }, mapped, 3);
            using var again = _pool.Transform(new Affine { Offset = 1 }, chained, 3);
            Assert.That(again.ToArray(), Is.EqualTo(mapped.ToArray().Select(v => (v * 2) + 1)));
        }
        finally
        {
            DeleteDirectory(dir);
        }
    }

    private sealed class SynchronousProgress(List<MapProgress> reports) : IProgress<MapProgress>
    {
        public void Report(MapProgress value) => reports.Add(value);
    }

    [TestCase(1)]
    [TestCase(4_095)]
    [TestCase(4_096)]
    [TestCase(262_144)]
    [TestCase(262_149)]
    [TestCase(3 * 262_144 + 4_097)]
    [TestCase(5_000_003)]
    public void BuiltInSumHasTheBitsOfThreadMode(int length)
    {
        using var data = Data(length, seed: length);
        double threads = data.Sum();
        double sequential = data.Sum(ExecutionSettings.Sequential);

        double processes = _pool.Sum(data);

        Assert.That(BitConverter.DoubleToInt64Bits(processes), Is.EqualTo(BitConverter.DoubleToInt64Bits(threads)));
        Assert.That(BitConverter.DoubleToInt64Bits(processes), Is.EqualTo(BitConverter.DoubleToInt64Bits(sequential)));
    }

    [Test]
    public void BuiltInSumOfMappedFloat32AndStridedInputs()
    {
        string dir = NewDirectory("cc-sum");
        try
        {
            string path = Path.Combine(dir, "f.npy");
            using (var source = Data(1_000_003, seed: 5).AsType<float>())
            {
                NdArray.Save(path, source);
            }

            using var mapped = NdArray.OpenMapped<float>(path);
            Assert.That(_pool.Sum(mapped), Is.EqualTo(mapped.Sum()));

            using var matrix = Data(600 * 701, seed: 6).Reshape(600, 701);
            var transposed = matrix.T;
            Assert.That(BitConverter.DoubleToInt64Bits(_pool.Sum(transposed)), Is.EqualTo(BitConverter.DoubleToInt64Bits(transposed.Sum())));
            Assert.That(_pool.Sum(NdArray.Empty<double>(0)), Is.EqualTo(0.0));
        }
        finally
        {
            DeleteDirectory(dir);
        }
    }

    [Test]
    public void BadArgumentsNameTheValues()
    {
        using var data = Data(10);
        Assert.Throws<AxisOutOfRangeException>(() => _pool.Map(new SequentialSineSum(), data, 2, axis: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => _pool.Map(new SequentialSineSum(), data, 0));
        Assert.Throws<ArgumentNullException>(() => _pool.Map<double, double>(null!, data, 2));
    }

    private static int CountChildren()
    {
        int self = Environment.ProcessId;
        int count = 0;
        foreach (string dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid))
            {
                continue;
            }

            try
            {
                string stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (int.Parse(fields[1]) == self && fields[0] != "Z")
                {
                    count++;
                }
            }
            catch (IOException)
            {
            }
        }

        return count;
    }
}
