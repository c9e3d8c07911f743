namespace ChunkCompute.Execution;

/// <summary>
/// A collect-all map (<see cref="MapErrorMode.CollectAll"/>) finished with failures: every
/// <see cref="ChunkFailedException"/> ordered by item index, and the successful results (<see cref="GetResults{T}"/>).
/// </summary>
public sealed class MapFailedException : AggregateException
{
    private readonly Array? _results;

    /// <summary>Creates the exception from failures (any order; they are sorted by index) and the per-item results.</summary>
    /// <param name="failures">The failures.</param>
    /// <param name="results">A <c>MapResult&lt;T&gt;[]</c> with one entry per item, or <c>null</c>.</param>
    public MapFailedException(IEnumerable<ChunkFailedException> failures, Array? results)
        : this(Sort(failures), results)
    {
    }

    /// <summary>Creates an empty exception (serialization, tests).</summary>
    public MapFailedException()
        : this([], null)
    {
    }

    private MapFailedException(ChunkFailedException[] sorted, Array? results)
        : base(FormatMessage(sorted, results), sorted)
    {
        Failures = sorted;
        _results = results;
    }

    /// <summary>The failures, ordered by <see cref="ChunkFailedException.Index"/>.</summary>
    public IReadOnlyList<ChunkFailedException> Failures { get; }

    /// <summary>One <see cref="MapResult{T}"/> per item, in input order (successes keep their values).</summary>
    /// <exception cref="InvalidOperationException">The map produced results of another type, or none were kept.</exception>
    public MapResult<T>[] GetResults<T>() =>
        _results as MapResult<T>[] ?? throw new InvalidOperationException(
            $"the results of this map are {(_results is null ? "not available" : _results.GetType().Name)}, not MapResult<{typeof(T).Name}>[]");

    private static ChunkFailedException[] Sort(IEnumerable<ChunkFailedException> failures)
    {
        ArgumentNullException.ThrowIfNull(failures);
        var array = failures.ToArray();
        Array.Sort(array, static (a, b) => a.Index.CompareTo(b.Index));
        return array;
    }

    private static string FormatMessage(ChunkFailedException[] failures, Array? results)
    {
        string total = results is null ? string.Empty : $" of {results.Length}";
        string first = failures.Length > 0 ? $"; first: {failures[0].Message}" : string.Empty;
        return $"{failures.Length}{total} items failed (indices {string.Join(", ", failures.Take(10).Select(f => f.Index))}{(failures.Length > 10 ? ", ..." : string.Empty)}){first}";
    }
}
