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

/// <summary>A lazily generated source that counts how far it has been pulled.</summary>
internal sealed class CountingSource(int count) : IEnumerable<int>
{
    private int _pulled;

    public int Pulled => Volatile.Read(ref _pulled);

    public IEnumerator<int> GetEnumerator()
    {
        for (int i = 0; i < count; i++)
        {
            Interlocked.Increment(ref _pulled);
            yield return i;
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
