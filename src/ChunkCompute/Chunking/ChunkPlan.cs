namespace ChunkCompute.Chunking;

/// <summary>
/// The pure arithmetic of <c>numpy.array_split</c>: where each chunk of an axis of <see cref="Length"/> elements
/// starts and how long it is. No array is involved, so schedulers and process pools reuse it for ranges of files.
/// </summary>
/// <remarks>
/// <para>For <c>n</c> sections: <c>(each, extra) = divmod(length, n)</c>; the first <c>extra</c> chunks get
/// <c>each + 1</c> elements, the rest <c>each</c>; with <c>n &gt; length</c> the trailing chunks are empty.
/// Boundaries therefore depend on the length and <c>n</c> alone.</para>
/// <para>For explicit split indices <c>[i0, i1, …]</c> chunk <c>k</c> is the Python slice <c>[i(k-1):i(k)]</c>
/// (with 0 and the length at the ends): indices past the end are clipped, negative ones count from the end, and an
/// index smaller than its predecessor gives an empty chunk — exactly what NumPy returns.</para>
/// </remarks>
public sealed class ChunkPlan
{
    private readonly long[]? _starts;
    private readonly long[]? _lengths;
    private readonly long _each;
    private readonly long _extra;

    private ChunkPlan(long length, int count, long each, long extra)
    {
        Length = length;
        Count = count;
        _each = each;
        _extra = extra;
    }

    private ChunkPlan(long length, long[] starts, long[] lengths)
    {
        Length = length;
        Count = starts.Length;
        _starts = starts;
        _lengths = lengths;
    }

    /// <summary>Length of the axis being split.</summary>
    public long Length { get; }

    /// <summary>Number of chunks.</summary>
    public int Count { get; }

    /// <summary>
    /// NumPy's <c>array_split(length, sections)</c> boundaries: <paramref name="sections"/> chunks whose lengths differ by at most one.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="sections"/> is not positive, or <paramref name="length"/> is negative.</exception>
    public static ChunkPlan ArraySplit(long length, int sections)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (sections <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(sections), sections, "number of sections must be larger than 0");
        }

        long each = Math.DivRem(length, sections, out long extra);
        return new ChunkPlan(length, sections, each, extra);
    }

    /// <summary>
    /// NumPy's <c>split(length, sections)</c>: like <see cref="ArraySplit(long, int)"/> but the chunks must be equal.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="length"/> is not a multiple of <paramref name="sections"/>.</exception>
    public static ChunkPlan Split(long length, int sections)
    {
        var plan = ArraySplit(length, sections);
        if (plan._extra != 0)
        {
            throw new ArgumentException($"array split does not result in an equal division: {length} elements into {sections} sections", nameof(sections));
        }

        return plan;
    }

    /// <summary>NumPy's <c>array_split(length, indices)</c> (and <c>split</c> with indices): chunks between consecutive split points.</summary>
    public static ChunkPlan FromIndices(long length, IReadOnlyList<long> indices)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentNullException.ThrowIfNull(indices);
        int n = indices.Count + 1;
        var starts = new long[n];
        var lengths = new long[n];
        long? previous = 0;
        for (int k = 0; k < n; k++)
        {
            long? stop = k < indices.Count ? indices[k] : null;
            var (start, _, count) = Slice.Range(previous, stop).Resolve(length);
            starts[k] = count > 0 ? start : Math.Clamp(start, 0, length);
            lengths[k] = count;
            previous = stop;
        }

        return new ChunkPlan(length, starts, lengths);
    }

    /// <summary>Chunks of at most <paramref name="chunkLength"/> elements (the last may be shorter), as Dask's <c>chunks=</c>.</summary>
    public static ChunkPlan FixedSize(long length, long chunkLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunkLength);
        long count = length == 0 ? 1 : ((length - 1) / chunkLength) + 1;
        if (count > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(chunkLength), chunkLength, $"{length} elements in chunks of {chunkLength} would make {count} chunks, more than {int.MaxValue}");
        }

        var starts = new long[count];
        var lengths = new long[count];
        for (long k = 0; k < count; k++)
        {
            starts[k] = k * chunkLength;
            lengths[k] = Math.Min(chunkLength, length - starts[k]);
        }

        return new ChunkPlan(length, starts, lengths);
    }

    /// <summary>Index of the first element of chunk <paramref name="index"/>.</summary>
    public long Start(int index)
    {
        CheckIndex(index);
        if (_starts is not null)
        {
            return _starts[index];
        }

        return (index * _each) + Math.Min(index, _extra);
    }

    /// <summary>Number of elements in chunk <paramref name="index"/>.</summary>
    public long ChunkLength(int index)
    {
        CheckIndex(index);
        if (_lengths is not null)
        {
            return _lengths[index];
        }

        return _each + (index < _extra ? 1 : 0);
    }

    /// <summary>Start and length of chunk <paramref name="index"/>.</summary>
    public (long Start, long Length) this[int index] => (Start(index), ChunkLength(index));

    /// <summary>The index of the chunk containing element <paramref name="element"/> (for an even split).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The element is outside <c>[0, Length)</c>.</exception>
    public int ChunkOf(long element)
    {
        if ((ulong)element >= (ulong)Length)
        {
            throw new ArgumentOutOfRangeException(nameof(element), element, $"element {element} is outside [0, {Length})");
        }

        if (_starts is null)
        {
            long bigEnd = _extra * (_each + 1);
            return (int)(element < bigEnd ? element / (_each + 1) : _extra + ((element - bigEnd) / _each));
        }

        for (int k = 0; k < Count; k++)
        {
            if (element >= _starts[k] && element < _starts[k] + _lengths![k])
            {
                return k;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(element), element, $"element {element} is in no chunk of this plan");
    }

    private void CheckIndex(int index)
    {
        if ((uint)index >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"chunk index {index} is outside [0, {Count})");
        }
    }

    /// <summary>Summary such as <c>ChunkPlan(length=10, chunks=3: 4, 3, 3)</c>.</summary>
    public override string ToString()
    {
        var lengths = Enumerable.Range(0, Math.Min(Count, 8)).Select(i => ChunkLength(i).ToString(System.Globalization.CultureInfo.InvariantCulture));
        return $"ChunkPlan(length={Length}, chunks={Count}: {string.Join(", ", lengths)}{(Count > 8 ? ", ..." : "")})";
    }
}
