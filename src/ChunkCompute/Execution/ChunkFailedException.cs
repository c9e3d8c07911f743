namespace ChunkCompute.Execution;

/// <summary>
/// An item of a map failed. Names the item index, its range in the parent array when the item is an array chunk
/// (<see cref="Chunk"/>), and how many attempts were made; <see cref="Exception.InnerException"/> is the original
/// exception object, so its own stack trace is intact.
/// </summary>
public class ChunkFailedException : Exception
{
    /// <summary>Creates the exception for item <paramref name="index"/>.</summary>
    /// <param name="index">The failed item's position in the input.</param>
    /// <param name="chunk">Its range in the parent array when it is an array chunk.</param>
    /// <param name="attempts">Attempts made (≥ 1).</param>
    /// <param name="innerException">The cause.</param>
    public ChunkFailedException(int index, ChunkInfo? chunk, int attempts, Exception innerException)
        : this(index, chunk, attempts, innerException, null)
    {
    }

    /// <summary>Creates the exception with extra detail appended to the message (e.g. a worker's exit code).</summary>
    /// <param name="index">The failed item's position in the input.</param>
    /// <param name="chunk">Its range in the parent array when it is an array chunk.</param>
    /// <param name="attempts">Attempts made (≥ 1).</param>
    /// <param name="innerException">The cause.</param>
    /// <param name="detail">Extra text for the message, or <c>null</c>.</param>
    public ChunkFailedException(int index, ChunkInfo? chunk, int attempts, Exception innerException, string? detail)
        : base(FormatMessage(index, chunk, attempts, innerException, detail), innerException)
    {
        Index = index;
        Chunk = chunk;
        Attempts = attempts;
    }

    /// <summary>Creates the exception with a message only (serialization, tests).</summary>
    public ChunkFailedException()
        : base("an item of the map failed")
    {
        Index = -1;
    }

    /// <summary>Creates the exception with a message only.</summary>
    public ChunkFailedException(string message)
        : base(message)
    {
        Index = -1;
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public ChunkFailedException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Index = -1;
    }

    /// <summary>The failed item's position in the input (-1 when unknown).</summary>
    public int Index { get; }

    /// <summary>Where the chunk sits in its parent (index, axis, offset, length), when the item is an array chunk.</summary>
    public ChunkInfo? Chunk { get; }

    /// <summary>Number of attempts made, retries included.</summary>
    public int Attempts { get; }

    private static string FormatMessage(int index, ChunkInfo? chunk, int attempts, Exception inner, string? detail)
    {
        ArgumentNullException.ThrowIfNull(inner);
        string where = chunk is { } c ? $"item {index} ({c})" : $"item {index}";
        string tries = attempts == 1 ? "1 attempt" : $"{attempts} attempts";
        string extra = string.IsNullOrEmpty(detail) ? string.Empty : $" [{detail}]";
        return $"{where} failed after {tries}{extra}: {inner.GetType().FullName}: {inner.Message}";
    }
}
