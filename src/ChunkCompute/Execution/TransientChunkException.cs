namespace ChunkCompute.Execution;

/// <summary>
/// An attempt failed for a reason outside the item itself (a worker process died or was replaced), so running it again
/// may succeed. Maps retry these up to <see cref="MapOptions.MaxRetries"/> times. Executors may derive their own.
/// </summary>
public class TransientChunkException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public TransientChunkException()
        : base("the attempt failed for a transient reason")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public TransientChunkException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and the cause.</summary>
    public TransientChunkException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
