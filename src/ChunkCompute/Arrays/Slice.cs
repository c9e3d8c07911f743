using System.Globalization;

namespace ChunkCompute;

/// <summary>
/// One entry of a NumPy index expression: a range <c>start:stop:step</c> (any part omitted, negative values count
/// from the end, negative steps reverse), a single integer index (which removes the axis), or <see cref="NewAxis"/>.
/// </summary>
/// <remarks>C# ranges convert implicitly: <c>a[1..^1, ..]</c> is NumPy's <c>a[1:-1, :]</c>; <c>a["::-1, 2"]</c> parses NumPy text.</remarks>
public readonly struct Slice : IEquatable<Slice>
{
    private Slice(long? start, long? stop, long step, bool isIndex, bool isNewAxis, bool isEllipsis = false)
    {
        Start = start;
        Stop = stop;
        Step = step;
        IsIndex = isIndex;
        IsNewAxis = isNewAxis;
        IsEllipsis = isEllipsis;
    }

    /// <summary>Start, or null for the default (0, or the end for negative steps).</summary>
    public long? Start { get; }

    /// <summary>Stop (exclusive), or null for the default (the end, or before the start for negative steps).</summary>
    public long? Stop { get; }

    /// <summary>Step (never 0).</summary>
    public long Step { get; }

    /// <summary>True for a single integer index (<see cref="Start"/> holds it).</summary>
    public bool IsIndex { get; }

    /// <summary>True for <see cref="NewAxis"/>.</summary>
    public bool IsNewAxis { get; }

    /// <summary>True for <see cref="Ellipsis"/>.</summary>
    public bool IsEllipsis { get; }

    /// <summary>As many whole axes as needed to index every axis (<c>...</c>); at most one per index.</summary>
    public static Slice Ellipsis => new(null, null, 1, false, false, isEllipsis: true);

    /// <summary>The whole axis (<c>:</c>).</summary>
    public static Slice All => new(null, null, 1, false, false);

    /// <summary>Inserts an axis of length 1 (<c>np.newaxis</c>).</summary>
    public static Slice NewAxis => new(null, null, 1, false, true);

    /// <summary>A range <c>start:stop:step</c>.</summary>
    /// <exception cref="ArgumentException"><paramref name="step"/> is 0.</exception>
    public static Slice Range(long? start, long? stop, long step = 1)
    {
        if (step == 0)
        {
            throw new ArgumentException("slice step cannot be zero", nameof(step));
        }

        return new(start, stop, step, false, false);
    }

    /// <summary>A single index; negative values count from the end.</summary>
    public static Slice Index(long index) => new(index, null, 1, true, false);

    /// <summary>Converts an integer to an index.</summary>
    public static implicit operator Slice(long index) => Index(index);

    /// <summary>Converts a C# range: <c>1..^1</c> is <c>1:-1</c>, <c>..</c> is <c>:</c>.</summary>
    public static implicit operator Slice(System.Range range)
    {
        // ^0 as a start means "at the end" (an empty selection); Python has no negative zero, so use a start past any end.
        long? start = range.Start.IsFromEnd ? (range.Start.Value == 0 ? long.MaxValue : -range.Start.Value) : range.Start.Value;
        long? stop = range.End.IsFromEnd ? (range.End.Value == 0 ? null : -range.End.Value) : range.End.Value;
        return new(start, stop, 1, false, false);
    }

    /// <summary>Parses NumPy index text: <c>"1:3, ::-1, 2, None, ..."</c> (ranges, integers, <c>None</c>/<c>np.newaxis</c>, <c>...</c>).</summary>
    /// <exception cref="FormatException">The text is not an index expression.</exception>
    public static Slice[] ParseMany(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            return [];
        }

        string[] parts = trimmed.Split(',');
        if (parts.Length > 1 && parts[^1].Trim().Length == 0)
        {
            parts = parts[..^1]; // a trailing comma as in a[1,] (a tuple)
        }

        var result = new Slice[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            result[i] = ParseOne(parts[i].Trim(), text);
        }

        return result;
    }

    private static Slice ParseOne(string p, string whole)
    {
        if (p is "None" or "newaxis" or "np.newaxis")
        {
            return NewAxis;
        }

        if (p is "..." or "Ellipsis")
        {
            return Ellipsis;
        }

        if (!p.Contains(':', StringComparison.Ordinal))
        {
            return Index(ParseLong(p, whole));
        }

        string[] f = p.Split(':');
        if (f.Length > 3)
        {
            throw new FormatException($"invalid slice '{p}' in index '{whole}'");
        }

        long? start = f[0].Trim().Length == 0 ? null : ParseLong(f[0], whole);
        long? stop = f[1].Trim().Length == 0 ? null : ParseLong(f[1], whole);
        long step = f.Length == 3 && f[2].Trim().Length > 0 ? ParseLong(f[2], whole) : 1;
        if (step == 0)
        {
            throw new FormatException($"slice step cannot be zero in index '{whole}'");
        }

        return new(start, stop, step, false, false);
    }

    private static long ParseLong(string s, string whole) =>
        long.TryParse(s.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v)
            ? v
            : throw new FormatException($"'{s.Trim()}' is not an integer in index '{whole}'");

    /// <summary>
    /// Resolves this range against an axis of <paramref name="length"/> as Python's <c>slice.indices</c>:
    /// returns the first index, the step and the number of selected elements.
    /// </summary>
    public (long Start, long Step, long Count) Resolve(long length)
    {
        long step = Step;
        long start, stop;
        if (step > 0)
        {
            start = Start is long s ? (s < 0 ? Math.Max(s + length, 0) : Math.Min(s, length)) : 0;
            stop = Stop is long e ? (e < 0 ? Math.Max(e + length, 0) : Math.Min(e, length)) : length;
            long count = stop > start ? ((stop - start - 1) / step) + 1 : 0;
            return (start, step, count);
        }
        else
        {
            start = Start is long s ? (s < 0 ? Math.Max(s + length, -1) : Math.Min(s, length - 1)) : length - 1;
            stop = Stop is long e ? (e < 0 ? Math.Max(e + length, -1) : Math.Min(e, length - 1)) : -1;
            long count = start > stop ? ((start - stop - 1) / -step) + 1 : 0;
            return (start, step, count);
        }
    }

    /// <inheritdoc/>
    public bool Equals(Slice other) =>
        Start == other.Start && Stop == other.Stop && Step == other.Step && IsIndex == other.IsIndex && IsNewAxis == other.IsNewAxis && IsEllipsis == other.IsEllipsis;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Slice s && Equals(s);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Start, Stop, Step, IsIndex, IsNewAxis, IsEllipsis);

    /// <summary>Equality.</summary>
    public static bool operator ==(Slice left, Slice right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(Slice left, Slice right) => !left.Equals(right);

    /// <summary>NumPy notation.</summary>
    public override string ToString() => IsNewAxis ? "None" : IsEllipsis ? "..." : IsIndex ? $"{Start}" : $"{Start}:{Stop}" + (Step != 1 ? $":{Step}" : "");
}
