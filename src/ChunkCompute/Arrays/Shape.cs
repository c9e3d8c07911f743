using System.Collections;
using System.Text;

namespace ChunkCompute;

/// <summary>
/// The lengths of an array's axes, like a NumPy shape tuple: immutable, 64-bit, printed as <c>(3, 4)</c>, <c>(5,)</c> or <c>()</c>.
/// </summary>
public readonly struct Shape : IReadOnlyList<long>, IEquatable<Shape>
{
    private readonly long[]? _dims;
    private readonly long _size;

    /// <summary>Creates a shape; every length must be non-negative and the product must fit in 64 bits.</summary>
    /// <exception cref="ArgumentException">A length is negative or the element count overflows.</exception>
    public Shape(params long[] dims)
    {
        ArgumentNullException.ThrowIfNull(dims);
        _dims = (long[])dims.Clone();
        _size = ComputeSize(_dims);
    }

    /// <summary>Creates a shape from 32-bit lengths.</summary>
    public Shape(params int[] dims)
        : this(Array.ConvertAll(dims ?? throw new ArgumentNullException(nameof(dims)), d => (long)d))
    {
    }

    private Shape(long[] dims, long size)
    {
        _dims = dims;
        _size = size;
    }

    /// <summary>The 0-d shape <c>()</c>.</summary>
    public static Shape Scalar => new([], 1);

    /// <summary>Number of axes (NumPy's <c>ndim</c>).</summary>
    public int Rank => _dims?.Length ?? 0;

    /// <summary>Number of elements: the product of the lengths (1 for a 0-d shape, including <c>default(Shape)</c>).</summary>
    public long Size => _dims is null ? 1 : _size;

    /// <inheritdoc/>
    public int Count => Rank;

    /// <summary>Length of axis <paramref name="axis"/>; negative axes count from the end.</summary>
    /// <exception cref="AxisOutOfRangeException"><paramref name="axis"/> is outside <c>[-Rank, Rank)</c>.</exception>
    public long this[int axis]
    {
        get
        {
            if (axis < -Rank || axis >= Rank)
            {
                ThrowHelper.ThrowAxisOutOfRange(axis, Rank);
            }

            return _dims![axis < 0 ? axis + Rank : axis];
        }
    }

    /// <summary>The lengths as a span.</summary>
    public ReadOnlySpan<long> AsSpan() => _dims;

    /// <summary>A copy of the lengths.</summary>
    public long[] ToArray() => _dims is null ? [] : (long[])_dims.Clone();

    /// <summary>Wraps an array the caller will never modify (no copy).</summary>
    internal static Shape Unsafe(long[] dims) => new(dims, ComputeSize(dims));

    internal long[] Dims => _dims ?? [];

    /// <summary>Product of the lengths with overflow checks; throws <see cref="ArgumentException"/> for a negative length.</summary>
    internal static long ComputeSize(ReadOnlySpan<long> dims)
    {
        long size = 1;
        for (int i = 0; i < dims.Length; i++)
        {
            if (dims[i] < 0)
            {
                throw new ArgumentException($"negative dimensions are not allowed: shape {Format(dims)} has length {dims[i]} on axis {i}", nameof(dims));
            }

            try
            {
                size = checked(size * dims[i]);
            }
            catch (OverflowException)
            {
                throw new ArgumentException($"array is too big: shape {Format(dims)} has more than {long.MaxValue} elements", nameof(dims));
            }
        }

        return size;
    }

    /// <summary>Formats lengths as NumPy prints a shape tuple.</summary>
    public static string Format(ReadOnlySpan<long> dims)
    {
        if (dims.Length == 1)
        {
            return $"({dims[0]},)";
        }

        var sb = new StringBuilder("(");
        for (int i = 0; i < dims.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(", ");
            }

            sb.Append(dims[i]);
        }

        return sb.Append(')').ToString();
    }

    /// <summary>Creates a shape from 64-bit lengths.</summary>
    public static implicit operator Shape(long[] dims) => new(dims);

    /// <summary>Creates a shape from 32-bit lengths.</summary>
    public static implicit operator Shape(int[] dims) => new(dims);

    /// <summary>Equality of lengths.</summary>
    public static bool operator ==(Shape left, Shape right) => left.Equals(right);

    /// <summary>Inequality of lengths.</summary>
    public static bool operator !=(Shape left, Shape right) => !left.Equals(right);

    /// <inheritdoc/>
    public bool Equals(Shape other) => AsSpan().SequenceEqual(other.AsSpan());

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Shape s && Equals(s);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (long d in AsSpan())
        {
            h.Add(d);
        }

        return h.ToHashCode();
    }

    /// <inheritdoc/>
    public IEnumerator<long> GetEnumerator() => ((IEnumerable<long>)Dims).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>NumPy tuple notation: <c>(3, 4)</c>, <c>(5,)</c>, <c>()</c>.</summary>
    public override string ToString() => Format(AsSpan());
}
