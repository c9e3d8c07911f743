using ChunkCompute.Cli.Commands;
using ChunkCompute.Execution;
using ChunkCompute.Execution.Processes;

namespace ChunkCompute.Cli.Stats;

/// <summary>The executor behind <c>--mode</c>: the library's sequential executor, a thread executor, or a process pool.</summary>
internal static class Executors
{
    /// <summary>The executor for <paramref name="options"/>; a process pool is started here and stopped when the handle is disposed.</summary>
    public static ExecutorHandle Create(StatsOptions options) => options.Mode switch
    {
        "sequential" => new ExecutorHandle(SequentialExecutor.Instance, null),
        "threads" => new ExecutorHandle(new ThreadExecutor(options.Workers), null),
        "processes" => CreatePool(options.Workers),
        _ => throw new CliException($"unknown --mode '{options.Mode}'"),
    };

    private static ExecutorHandle CreatePool(int workers)
    {
        var pool = new ProcessPool(workers);
        return new ExecutorHandle(pool, pool);
    }
}

/// <summary>An executor, and the process pool behind it when there is one (disposed with the handle).</summary>
internal sealed class ExecutorHandle(IChunkExecutor executor, ProcessPool? pool) : IDisposable
{
    public IChunkExecutor Executor { get; } = executor;

    public ProcessPool? Pool { get; } = pool;

    public void Dispose() => Pool?.Dispose();
}
