using System.Diagnostics.CodeAnalysis;

namespace ChunkCompute.Execution;

/// <summary>One item's outcome in a collect-all map: its value, or the <see cref="ChunkFailedException"/> naming why it failed.</summary>
/// <typeparam name="T">The result type.</typeparam>
public readonly struct MapResult<T> : IEquatable<MapResult<T>>
{
    private readonly T _value;

    /// <summary>A success.</summary>
    public MapResult(int index, T value)
    {
        Index = index;
        _value = value;
        Error = null;
    }

    /// <summary>A failure.</summary>
    public MapResult(int index, ChunkFailedException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        Index = index;
        _value = default!;
        Error = error;
    }

    /// <summary>The item's position in the input.</summary>
    public int Index { get; }

    /// <summary>Why it failed, or <c>null</c> on success.</summary>
    public ChunkFailedException? Error { get; }

    /// <summary>Whether the item produced a value.</summary>
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Error is null;

    /// <summary>The value.</summary>
    /// <exception cref="ChunkFailedException">The item failed (the stored exception is thrown).</exception>
    public T Value => Error is null ? _value : throw Error;

    /// <summary>The value, or <paramref name="fallback"/> when the item failed.</summary>
    public T GetValueOrDefault(T fallback) => Error is null ? _value : fallback;

    /// <inheritdoc/>
    public bool Equals(MapResult<T> other) =>
        Index == other.Index && ReferenceEquals(Error, other.Error) && EqualityComparer<T>.Default.Equals(_value, other._value);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is MapResult<T> other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Index, Error, _value);

    /// <summary><c>[3] 1.5</c> or <c>[3] failed: ...</c>.</summary>
    public override string ToString() => Error is null ? $"[{Index}] {_value}" : $"[{Index}] failed: {Error.Message}";

    /// <summary>Equality.</summary>
    public static bool operator ==(MapResult<T> left, MapResult<T> right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(MapResult<T> left, MapResult<T> right) => !left.Equals(right);
}
