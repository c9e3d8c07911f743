using ChunkCompute.Execution.Processes;
using ChunkCompute.ProcessTests.Kernels;

namespace ChunkCompute.ProcessTests;

/// <summary>
/// Entry point used only when a test starts this assembly as a separate coordinator process
/// (<c>dotnet ChunkCompute.ProcessTests.dll coordinator &lt;tempRoot&gt; &lt;markerDir&gt;</c>): it starts a pool, prints
/// "pids &lt;pid&gt; …" and "temp &lt;dir&gt;", then runs a map that hangs until the test kills this process.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length == 3 && args[0] == "coordinator")
        {
            using var pool = new ProcessPool(new ProcessPoolOptions { Workers = 2, TempDirectory = args[1] });
            pool.WarmUpAsync().GetAwaiter().GetResult();
            Console.WriteLine("pids " + string.Join(' ', pool.WorkerProcessIds));
            Console.WriteLine("temp " + pool.TemporaryDirectory);
            Console.Out.Flush();

            // An in-memory input, so the pool's temp directory holds a file while the map hangs.
            using var data = NdArray.Arange<double>(10_000);
            pool.Map(new Sleeper { MarkerDirectory = args[2], FaultChunk = 1, FaultyAttempts = int.MaxValue }, data, 4);
            return 0;
        }

        Console.Error.WriteLine("This is a test assembly; run it with `dotnet test`.");
        return 2;
    }
}
