using ChunkCompute.Cli.Commands;
using ChunkCompute.Execution;

namespace ChunkCompute.Cli.Stats;

/// <summary>The executor behind <c>--mode</c>: the library's sequential, thread or process executor.</summary>
internal static class Executors
{
    /// <summary>A disposable handle on the executor for <paramref name="options"/> (process pools are started here and stopped on dispose).</summary>
    public static ExecutorHandle Create(StatsOptions options, string path) => options.Mode switch
    {
        "sequential" => new ExecutorHandle(SequentialExecutor.Instance, null),
        "threads" => new ExecutorHandle(new ThreadExecutor(options.Workers), null),
        "processes" => throw new CliException("--mode processes is not available in this build: the library's ProcessPool has not landed"),
        _ => throw new CliException($"unknown --mode '{options.Mode}'"),
    };
}

/// <summary>An executor plus whatever must be disposed with it.</summary>
internal sealed class ExecutorHandle(IChunkExecutor executor, IDisposable? owner) : IDisposable
{
    public IChunkExecutor Executor { get; } = executor;

    public void Dispose() => owner?.Dispose();
}
