namespace ChunkCompute.Execution;

/// <summary>The process-wide default executor and how a call picks its executor.</summary>
public static class ChunkExecutor
{
    private static IChunkExecutor s_default = ThreadExecutor.Shared;

    /// <summary>
    /// The executor used when <see cref="MapOptions.Executor"/> is <c>null</c>: initially <see cref="ThreadExecutor.Shared"/>
    /// (threads per <see cref="ExecutionSettings.Current"/>). Set it to <see cref="SequentialExecutor.Instance"/> to debug.
    /// </summary>
    /// <exception cref="ArgumentNullException">Set to <c>null</c>.</exception>
    public static IChunkExecutor Default
    {
        get => Volatile.Read(ref s_default);
        set => Volatile.Write(ref s_default, value ?? throw new ArgumentNullException(nameof(value)));
    }

    /// <summary>The executor a call with <paramref name="options"/> uses.</summary>
    public static IChunkExecutor Resolve(MapOptions? options) => options?.Executor ?? Default;
}
