using ChunkCompute.Execution;

// Not "ChunkCompute.Tests.Execution": that namespace would shadow "Execution.ExecutionSettings" as written in Arrays tests.
namespace ChunkCompute.Tests.Executors;

/// <summary>Shared pieces of the Execution tests: executors to run under, deterministic tiny delays, a synchronous progress sink.</summary>
internal static class ExecutionTestHelpers
{
    public static IEnumerable<TestFixtureData> Executors()
    {
        yield return new TestFixtureData("sequential").SetArgDisplayNames("sequential");
        yield return new TestFixtureData("threads2").SetArgDisplayNames("threads2");
        yield return new TestFixtureData("threads4").SetArgDisplayNames("threads4");
    }

    /// <summary>The executors that run items off the calling thread, for tests that need items in flight together.</summary>
    public static IEnumerable<TestFixtureData> ThreadedExecutors() => Executors().Where(f => (string)f.Arguments[0]! != "sequential");

    public static IChunkExecutor Create(string name) => name switch
    {
        "sequential" => SequentialExecutor.Instance,
        "threads2" => new ThreadExecutor(2),
        "threads4" => new ThreadExecutor(4),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown executor"),
    };

    /// <summary>Seeded per-index spin lengths in [0, maxSpins): a fixed but irregular completion order.</summary>
    public static int[] Spins(int count, int seed, int maxSpins)
    {
        var rng = new Random(seed);
        var spins = new int[count];
        for (int i = 0; i < count; i++)
        {
            spins[i] = rng.Next(maxSpins);
        }

        return spins;
    }

    /// <summary>Sum of a chunk's elements, in order, by a simple loop (the "kernel" of these tests).</summary>
    public static double SpanSum(NdArray<double> chunk)
    {
        double s = 0;
        foreach (double v in chunk.AsReadOnlySpan())
        {
            s += v;
        }

        return s;
    }

    /// <summary>Waits for <paramref name="token"/>, but at most <paramref name="limit"/>; returns whether it fired.</summary>
    public static bool WaitForCancel(TimeSpan limit, CancellationToken token) => token.WaitHandle.WaitOne(limit);
}

/// <summary>
/// An item that ignores its token: it blocks (synchronously or asynchronously) until the test opens the gate, at most
/// <see cref="Limit"/>. Tests check that the map returned while it was still blocked, then open the gate.
/// </summary>
internal sealed class RogueGate : IDisposable
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    private readonly ManualResetEventSlim _open = new();
    private readonly TaskCompletionSource _openTask = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ManualResetEventSlim _started = new();
    private int _finished;

    /// <summary>Whether the rogue item has returned.</summary>
    public bool Finished => Volatile.Read(ref _finished) != 0;

    /// <summary>Blocks the calling thread until the gate opens, ignoring every token.</summary>
    public void Block()
    {
        _started.Set();
        _open.Wait(Limit);
        Volatile.Write(ref _finished, 1);
    }

    /// <summary>Awaits the gate without a token.</summary>
    public async ValueTask BlockAsync()
    {
        _started.Set();
        await _openTask.Task.WaitAsync(Limit).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        Volatile.Write(ref _finished, 1);
    }

    /// <summary>Waits until the rogue item is blocked.</summary>
    public void WaitStarted() => Assert.That(_started.Wait(Limit), Is.True, "the rogue item never started");

    /// <summary>Opens the gate after <paramref name="delay"/> (from another thread).</summary>
    public void OpenAfter(TimeSpan delay) => _ = Task.Delay(delay).ContinueWith(_ => Open(), TaskScheduler.Default);

    /// <summary>Opens the gate and waits for the rogue item to return.</summary>
    public void OpenAndWaitFinished()
    {
        Open();
        Assert.That(SpinWait.SpinUntil(() => Finished, Limit), Is.True, "the rogue item did not return after the gate opened");
    }

    public void Open()
    {
        _open.Set();
        _openTask.TrySetResult();
    }

    public void Dispose()
    {
        Open();
        SpinWait.SpinUntil(() => Finished || !_started.IsSet, TimeSpan.FromSeconds(5));
    }
}

/// <summary>IProgress that records every report on the reporting thread (so order is the order of calls).</summary>
internal sealed class RecordingProgress : IProgress<MapProgress>
{
    private readonly List<MapProgress> _reports = [];

    public IReadOnlyList<MapProgress> Reports
    {
        get
        {
            lock (_reports)
            {
                return _reports.ToArray();
            }
        }
    }

    public void Report(MapProgress value)
    {
        lock (_reports)
        {
            _reports.Add(value);
        }
    }
}

/// <summary>A lazily generated source that counts how far it has been pulled and whether its enumerator was disposed.</summary>
internal sealed class CountingSource(int count) : IEnumerable<int>
{
    private int _pulled;
    private int _disposed;

    public int Pulled => Volatile.Read(ref _pulled);

    /// <summary>Enumerators disposed so far (the map must dispose the one it took, exactly once).</summary>
    public int Disposed => Volatile.Read(ref _disposed);

    public IEnumerator<int> GetEnumerator()
    {
        try
        {
            for (int i = 0; i < count; i++)
            {
                Interlocked.Increment(ref _pulled);
                yield return i;
            }
        }
        finally
        {
            Interlocked.Increment(ref _disposed);
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
