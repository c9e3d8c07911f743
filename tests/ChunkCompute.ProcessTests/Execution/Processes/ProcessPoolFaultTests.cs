using System.Diagnostics;
using ChunkCompute.Execution;
using ChunkCompute.Execution.Processes;
using ChunkCompute.ProcessTests.Kernels;
using static ChunkCompute.ProcessTests.ProcessTestHelpers;

namespace ChunkCompute.ProcessTests.Execution.Processes;

/// <summary>Deterministic fault injection: kernels that kill, crash, throw or hang on chosen attempts (marker files).</summary>
[TestFixture]
[NonParallelizable]
public sealed class ProcessPoolFaultTests
{
    private ProcessPool _pool = null!;
    private string _markers = null!;

    [OneTimeSetUp]
    public async Task StartPool()
    {
        _pool = new ProcessPool(2);
        await _pool.WarmUpAsync();
    }

    [OneTimeTearDown]
    public void StopPool() => _pool.Dispose();

    [SetUp]
    public void NewMarkers() => _markers = NewDirectory("cc-markers");

    [TearDown]
    public void DeleteMarkers() => DeleteDirectory(_markers);

    [Test]
    public async Task WorkerKilledMidMapIsReplacedAndTheResultIsExact()
    {
        using var data = Data(4_001);
        await _pool.WarmUpAsync();
        double[] expected = data.ArraySplit(8).Select(new SequentialSineSum().Reduce).ToArray();
        int started = _pool.WorkersStarted;

        double[] actual = _pool.Map(new KillSelf { MarkerDirectory = _markers, FaultChunk = 3 }, data, 8);

        Assert.That(actual, Is.EqualTo(expected));
        Assert.That(FaultKernel.Attempts(_markers, 3), Is.EqualTo(2));
        Assert.That(_pool.WorkersStarted, Is.EqualTo(started + 1), "one fresh worker replaced the killed one");
        Assert.That(_pool.WorkerProcessIds, Has.Count.EqualTo(2));
    }

    [Test]
    public void WorkerExitingWithAnErrorCodeIsRetried()
    {
        using var data = Data(1_000);
        double[] expected = data.ArraySplit(5).Select(new SequentialSineSum().Reduce).ToArray();

        double[] actual = _pool.Map(new ExitThree { MarkerDirectory = _markers, FaultChunk = 4, FaultyAttempts = 2 }, data, 5);

        Assert.That(actual, Is.EqualTo(expected));
        Assert.That(FaultKernel.Attempts(_markers, 4), Is.EqualTo(3));
    }

    [Test]
    public void PoisonChunkFailsNamingChunkAttemptsAndSignal()
    {
        using var data = Data(1_000);
        var kernel = new KillSelf { MarkerDirectory = _markers, FaultChunk = 2, FaultyAttempts = int.MaxValue };

        var e = Assert.Throws<ChunkFailedException>(() => _pool.Map(kernel, data, 6));

        Assert.That(e!.Index, Is.EqualTo(2));
        Assert.That(e.Attempts, Is.EqualTo(3), "MaxRetries (2) + 1");
        Assert.That(e.Chunk, Is.EqualTo(new ChunkInfo(2, 6, 0, 334, 167)));
        Assert.That(e.InnerException, Is.InstanceOf<TransientChunkException>());
        Assert.That(e.Message, Does.Contain("item 2").And.Contain("3 attempts").And.Contain("SIGKILL"));
        Assert.That(FaultKernel.Attempts(_markers, 2), Is.EqualTo(3));

        // The pool recovers: the next map runs on fresh workers.
        Assert.That(_pool.Map(new SequentialSineSum(), data, 6), Is.EqualTo(data.ArraySplit(6).Select(new SequentialSineSum().Reduce)));
    }

    [Test]
    public async Task KernelExceptionComesBackWithRemoteTypeMessageAndStackAndIsNotRetried()
    {
        using var data = Data(1_000);
        await _pool.WarmUpAsync(); // replace workers an earlier test killed
        int started = _pool.WorkersStarted;

        var e = Assert.Throws<ChunkFailedException>(() => _pool.Map(new Thrower { MarkerDirectory = _markers, FaultChunk = 4 }, data, 8));

        Assert.That(e!.Index, Is.EqualTo(4));
        Assert.That(e.Attempts, Is.EqualTo(1));
        var remote = e.InnerException as RemoteKernelException;
        Assert.That(remote, Is.Not.Null);
        Assert.That(remote!.RemoteType, Is.EqualTo("System.InvalidOperationException"));
        Assert.That(remote.RemoteMessage, Is.EqualTo("boom at chunk 4/8 [500:625] on axis 0"));
        Assert.That(remote.RemoteStackTrace, Does.Contain("Thrower.Misbehave").And.Contain("FaultKernel.Reduce"));
        Assert.That(remote.WorkerProcessId, Is.Not.EqualTo(Environment.ProcessId));
        Assert.That(FaultKernel.Attempts(_markers, 4), Is.EqualTo(1));
        Assert.That(_pool.WorkersStarted, Is.EqualTo(started), "a kernel exception does not cost a worker");
    }

    [Test]
    public void CollectAllModeRunsEveryOtherChunkAndListsFailuresByIndex()
    {
        using var data = Data(1_000);
        double[] expected = data.ArraySplit(5).Select(new SequentialSineSum().Reduce).ToArray();
        var options = new MapOptions { ErrorMode = MapErrorMode.CollectAll, MaxRetries = 1 };

        var e = Assert.Throws<MapFailedException>(() => _pool.Map(new KillSelf { MarkerDirectory = _markers, FaultChunk = 1, FaultyAttempts = int.MaxValue }, data, 5, options));

        var failure = e!.Failures.Single();
        Assert.That(failure.Index, Is.EqualTo(1));
        Assert.That(failure.Attempts, Is.EqualTo(2));
        Assert.That(FaultKernel.Attempts(_markers, 1), Is.EqualTo(2));
        var results = e.GetResults<double>();
        for (int i = 0; i < 5; i++)
        {
            if (i != 1)
            {
                Assert.That(results[i].Value, Is.EqualTo(expected[i]), $"chunk {i} completed");
            }
        }
    }

    [Test]
    public void HungChunkTimesOutIsKilledAndRetried()
    {
        using var data = Data(1_000);
        double[] expected = data.ArraySplit(3).Select(new SequentialSineSum().Reduce).ToArray();
        var options = new MapOptions { ItemTimeout = TimeSpan.FromSeconds(1), RetryOn = e => e is TimeoutException or TransientChunkException };

        double[] actual = _pool.Map(new Sleeper { MarkerDirectory = _markers, FaultChunk = 1 }, data, 3, options);

        Assert.That(actual, Is.EqualTo(expected));
        Assert.That(FaultKernel.Attempts(_markers, 1), Is.EqualTo(2));
    }

    [Test]
    public void ChunkThatAlwaysHangsFailsWithATimeout()
    {
        using var data = Data(100);
        var options = new MapOptions { ItemTimeout = TimeSpan.FromSeconds(0.5) };

        var e = Assert.Throws<ChunkFailedException>(() => _pool.Map(new Sleeper { MarkerDirectory = _markers, FaultChunk = 0, FaultyAttempts = int.MaxValue }, data, 2, options));

        Assert.That(e!.Index, Is.EqualTo(0));
        Assert.That(e.InnerException, Is.InstanceOf<TimeoutException>());
    }

    [Test]
    public async Task CancellationStopsHungWorkersAndDeletesThePartialOutput()
    {
        using var data = Data(1_000);
        using var cts = new CancellationTokenSource();
        var kernel = new Sleeper { MarkerDirectory = _markers, FaultChunk = 0, FaultyAttempts = int.MaxValue };
        var task = _pool.MapAsync(kernel, data, 4, new MapOptions { CancellationToken = cts.Token });
        Assert.That(WaitUntil(() => FaultKernel.Attempts(_markers, 0) == 1, TimeSpan.FromSeconds(20)), Is.True, "chunk 0 started");
        var pidsBefore = _pool.WorkerProcessIds.ToArray();

        var watch = Stopwatch.StartNew();
        cts.Cancel();
        await Assert.ThrowsAsync<OperationCanceledException>(async () => await task);
        watch.Stop();

        // Grace is 1 s, then the hung worker is killed (bound generous for a loaded machine).
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)));
        Assert.That(pidsBefore.Count(IsAlive), Is.EqualTo(1), "the hung worker was killed, the idle one kept");

        // A cancelled transform leaves no output file behind.
        using var cts2 = new CancellationTokenSource();
        var transform = _pool.TransformAsync(new HalfWriteThenDieSleeper(_markers), data, 4, new MapOptions { CancellationToken = cts2.Token });
        Assert.That(WaitUntil(() => File.Exists(Path.Combine(_markers, "sleeping")), TimeSpan.FromSeconds(20)), Is.True);
        cts2.Cancel();
        await Assert.ThrowsAsync<OperationCanceledException>(async () => await transform);
        Assert.That(Directory.GetFileSystemEntries(_pool.TemporaryDirectory), Is.Empty);
    }

    [Test]
    public void RetriedChunkOutputIsExactAfterAHalfWrite()
    {
        using var data = Data(3_000);
        var x = data.ToArray();
        var expected = x.Select(v => v >= 0 ? v * v : 0.0).ToArray();

        using var output = _pool.Transform(new HalfWriteThenDie { MarkerDirectory = _markers, FaultChunk = 2 }, data, 4);

        Assert.That(File.Exists(Path.Combine(_markers, "half")), Is.True, "the first attempt half-wrote and died");
        Assert.That(output.ToArray(), Is.EqualTo(expected));
    }

    [Test]
    public void SegfaultingWorkerIsRetriedAndAPersistentOneIsNamed()
    {
        using var data = Data(1_000);
        double[] expected = data.ArraySplit(4).Select(new SequentialSineSum().Reduce).ToArray();
        Assert.That(_pool.Map(new SegfaultSelf { MarkerDirectory = _markers, FaultChunk = 2 }, data, 4), Is.EqualTo(expected));
        Assert.That(FaultKernel.Attempts(_markers, 2), Is.EqualTo(2), "the first attempt crashed the worker");

        var e = Assert.Throws<ChunkFailedException>(() => _pool.Map(new SegfaultSelf { MarkerDirectory = _markers, FaultChunk = 3, FaultyAttempts = int.MaxValue }, data, 4, new MapOptions { MaxRetries = 0 }));
        Assert.That(e!.Index, Is.EqualTo(3));
        Assert.That(e.Message, Does.Contain("SIGSEGV").Or.Contain("SIGABRT"));
        TestContext.Out.WriteLine(e.Message);
    }

    [Test]
    public void KernelFromAnAssemblyWithoutAFileIsRejectedBeforeAnyChunk()
    {
        var assembly = System.Reflection.Emit.AssemblyBuilder.DefineDynamicAssembly(new System.Reflection.AssemblyName("CcDynamicKernels"), System.Reflection.Emit.AssemblyBuilderAccess.Run);
        var module = assembly.DefineDynamicModule("CcDynamicKernels");
        var builder = module.DefineType("DynamicKernel", System.Reflection.TypeAttributes.Public | System.Reflection.TypeAttributes.Sealed);
        var iface = typeof(IChunkReduction<double, double>);
        builder.AddInterfaceImplementation(iface);
        var method = builder.DefineMethod("Reduce", System.Reflection.MethodAttributes.Public | System.Reflection.MethodAttributes.Virtual | System.Reflection.MethodAttributes.Final | System.Reflection.MethodAttributes.HideBySig | System.Reflection.MethodAttributes.NewSlot, typeof(double), [typeof(NdArray<double>)]);
        var il = method.GetILGenerator();
        il.Emit(System.Reflection.Emit.OpCodes.Ldc_R8, 1.0);
        il.Emit(System.Reflection.Emit.OpCodes.Ret);
        builder.DefineMethodOverride(method, iface.GetMethod("Reduce")!);
        builder.DefineDefaultConstructor(System.Reflection.MethodAttributes.Public);
        var kernel = (IChunkReduction<double, double>)Activator.CreateInstance(builder.CreateType())!;
        using var data = Data(10);
        Assert.That(kernel.Reduce(data), Is.EqualTo(1.0));

        var e = Assert.Throws<ArgumentException>(() => _pool.Map(kernel, data, 2));
        Assert.That(e!.Message, Does.Contain("DynamicKernel").And.Contain("no file on disk"));
    }

    [Test]
    public void KilledCoordinatorLeavesNoWorkersAndNoTemporaryFiles()
    {
        string root = NewDirectory("cc-root");
        try
        {
            string assembly = typeof(ProcessPoolFaultTests).Assembly.Location;
            var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            info.ArgumentList.Add(assembly);
            info.ArgumentList.Add("coordinator");
            info.ArgumentList.Add(root);
            info.ArgumentList.Add(_markers);
            using var coordinator = Process.Start(info)!;
            string pidsLine = coordinator.StandardOutput.ReadLine() ?? throw new InvalidOperationException("coordinator said nothing: " + coordinator.StandardError.ReadToEnd());
            string tempLine = coordinator.StandardOutput.ReadLine()!;
            int[] pids = pidsLine["pids ".Length..].Split(' ').Select(int.Parse).ToArray();
            string temp = tempLine["temp ".Length..];
            Assert.That(pids, Has.Length.EqualTo(2));
            Assert.That(pids.All(IsAlive), Is.True);
            Assert.That(WaitUntil(() => FaultKernel.Attempts(_markers, 1) == 1, TimeSpan.FromSeconds(20)), Is.True, "the map is running");
            Assert.That(Directory.Exists(temp), Is.True);

            coordinator.Kill(); // SIGKILL: no finalizers, no ProcessExit, no Dispose.
            coordinator.WaitForExit();

            Assert.That(WaitUntil(() => !pids.Any(IsAlive), TimeSpan.FromSeconds(5)), Is.True, "workers exit within 5 s of the coordinator's death");
            Assert.That(WaitUntil(() => !Directory.Exists(temp), TimeSpan.FromSeconds(5)), Is.True, "the workers removed the pool's temporary directory");
            Assert.That(Directory.GetFileSystemEntries(root), Is.Empty);
        }
        finally
        {
            DeleteDirectory(root);
        }
    }

    [Test]
    public void StaleTemporaryDirectoriesOfDeadCoordinatorsAreRemovedAtStart()
    {
        string root = NewDirectory("cc-root");
        try
        {
            using var finished = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
            finished.WaitForExit();
            string stale = Path.Combine(root, $"chunkcompute-{finished.Id}-0123456789ab");
            Directory.CreateDirectory(stale);
            File.WriteAllText(Path.Combine(stale, "input-1.bin"), "left over");
            string live = Path.Combine(root, $"chunkcompute-{Environment.ProcessId}-ba9876543210");
            Directory.CreateDirectory(live);

            using (var pool = new ProcessPool(new ProcessPoolOptions { Workers = 1, TempDirectory = root }))
            {
                Assert.That(Directory.Exists(stale), Is.False);
                Assert.That(Directory.Exists(live), Is.True, "a live process's directory is kept");
                Assert.That(Directory.Exists(pool.TemporaryDirectory), Is.True);
            }

            Assert.That(Directory.GetDirectories(root), Is.EqualTo(new[] { live }));
        }
        finally
        {
            DeleteDirectory(root);
        }
    }
}
