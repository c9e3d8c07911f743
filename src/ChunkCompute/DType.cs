using System.Diagnostics.CodeAnalysis;

namespace ChunkCompute;

/// <summary>The kind of a <see cref="DType"/>, as NumPy's <c>dtype.kind</c> character.</summary>
public enum DTypeKind
{
    /// <summary>Boolean (<c>'b'</c>).</summary>
    Bool,
    /// <summary>Signed integer (<c>'i'</c>).</summary>
    SignedInteger,
    /// <summary>Unsigned integer (<c>'u'</c>).</summary>
    UnsignedInteger,
    /// <summary>IEEE 754 binary floating point (<c>'f'</c>).</summary>
    Float,
}

/// <summary>
/// The runtime element type of an array: NumPy's <c>dtype</c> restricted to the twelve numeric types ChunkCompute supports
/// (<c>f8 f4 f2 i8 i4 i2 i1 u8 u4 u2 u1 b1</c>). Instances are singletons; compare with <c>==</c>.
/// </summary>
public sealed class DType : IEquatable<DType>
{
    /// <summary>float64 (<c>&lt;f8</c>), CLR <see cref="double"/>.</summary>
    public static readonly DType Float64 = new("float64", 'f', 8, typeof(double), DTypeKind.Float, 0);
    /// <summary>float32 (<c>&lt;f4</c>), CLR <see cref="float"/>.</summary>
    public static readonly DType Float32 = new("float32", 'f', 4, typeof(float), DTypeKind.Float, 1);
    /// <summary>float16 (<c>&lt;f2</c>), CLR <see cref="System.Half"/>.</summary>
    public static readonly DType Float16 = new("float16", 'f', 2, typeof(Half), DTypeKind.Float, 2);
    /// <summary>int64 (<c>&lt;i8</c>), CLR <see cref="long"/>.</summary>
    public static readonly DType Int64 = new("int64", 'i', 8, typeof(long), DTypeKind.SignedInteger, 3);
    /// <summary>int32 (<c>&lt;i4</c>), CLR <see cref="int"/>.</summary>
    public static readonly DType Int32 = new("int32", 'i', 4, typeof(int), DTypeKind.SignedInteger, 4);
    /// <summary>int16 (<c>&lt;i2</c>), CLR <see cref="short"/>.</summary>
    public static readonly DType Int16 = new("int16", 'i', 2, typeof(short), DTypeKind.SignedInteger, 5);
    /// <summary>int8 (<c>|i1</c>), CLR <see cref="sbyte"/>.</summary>
    public static readonly DType Int8 = new("int8", 'i', 1, typeof(sbyte), DTypeKind.SignedInteger, 6);
    /// <summary>uint64 (<c>&lt;u8</c>), CLR <see cref="ulong"/>.</summary>
    public static readonly DType UInt64 = new("uint64", 'u', 8, typeof(ulong), DTypeKind.UnsignedInteger, 7);
    /// <summary>uint32 (<c>&lt;u4</c>), CLR <see cref="uint"/>.</summary>
    public static readonly DType UInt32 = new("uint32", 'u', 4, typeof(uint), DTypeKind.UnsignedInteger, 8);
    /// <summary>uint16 (<c>&lt;u2</c>), CLR <see cref="ushort"/>.</summary>
    public static readonly DType UInt16 = new("uint16", 'u', 2, typeof(ushort), DTypeKind.UnsignedInteger, 9);
    /// <summary>uint8 (<c>|u1</c>), CLR <see cref="byte"/>.</summary>
    public static readonly DType UInt8 = new("uint8", 'u', 1, typeof(byte), DTypeKind.UnsignedInteger, 10);
    /// <summary>bool (<c>|b1</c>), CLR <see cref="bool"/> (one byte, 0 or 1).</summary>
    public static readonly DType Bool = new("bool", 'b', 1, typeof(bool), DTypeKind.Bool, 11);

    /// <summary>All supported dtypes, in the order above.</summary>
    public static IReadOnlyList<DType> All { get; } =
        [Float64, Float32, Float16, Int64, Int32, Int16, Int8, UInt64, UInt32, UInt16, UInt8, Bool];

    private DType(string name, char kindChar, int itemSize, Type clrType, DTypeKind kind, int code)
    {
        Name = name;
        KindChar = kindChar;
        ItemSize = itemSize;
        ClrType = clrType;
        Kind = kind;
        Code = code;
    }

    /// <summary>NumPy's name, e.g. <c>float64</c>.</summary>
    public string Name { get; }

    /// <summary>NumPy's kind character: <c>f</c>, <c>i</c>, <c>u</c> or <c>b</c>.</summary>
    public char KindChar { get; }

    /// <summary>Size of one element in bytes.</summary>
    public int ItemSize { get; }

    /// <summary>The CLR element type.</summary>
    public Type ClrType { get; }

    /// <summary>The kind of number.</summary>
    public DTypeKind Kind { get; }

    /// <summary>A small dense code (0..11) for table lookups.</summary>
    internal int Code { get; }

    /// <summary>True for float16/32/64.</summary>
    public bool IsFloatingPoint => Kind == DTypeKind.Float;

    /// <summary>True for signed and unsigned integers (not bool).</summary>
    public bool IsInteger => Kind is DTypeKind.SignedInteger or DTypeKind.UnsignedInteger;

    /// <summary>
    /// The little-endian <c>.npy</c> descriptor, e.g. <c>&lt;f8</c>; one-byte types use <c>|</c> (no byte order), as NumPy writes them.
    /// </summary>
    public string Descr => ItemSize == 1 ? $"|{KindChar}1" : $"<{KindChar}{ItemSize}";

    /// <summary>The dtype of CLR type <typeparamref name="T"/>.</summary>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is not one of the twelve supported element types.</exception>
    public static DType Of<T>() where T : unmanaged => DTypeCache<T>.Value
        ?? throw new NotSupportedException($"Element type {typeof(T)} is not supported; use one of: {string.Join(", ", All.Select(d => d.ClrType.Name))}.");

    /// <summary>The dtype of a CLR type, or throws <see cref="NotSupportedException"/>.</summary>
    public static DType FromClrType(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        foreach (var d in All)
        {
            if (d.ClrType == type)
            {
                return d;
            }
        }

        throw new NotSupportedException($"Element type {type} is not supported; use one of: {string.Join(", ", All.Select(d => d.ClrType.Name))}.");
    }

    /// <summary>
    /// Finds a dtype as <c>np.dtype(text)</c> does for the twelve supported types: names (<c>float64</c>, <c>int32</c>,
    /// <c>bool</c>), short codes with an optional byte-order mark (<c>f8</c>, <c>&lt;i4</c>, <c>|b1</c>), one-character
    /// type codes (<c>d f e q l i h b Q L I H B ?</c>, case-sensitive) and NumPy's C-style aliases (<c>double</c>,
    /// <c>float</c> = float64, <c>single</c>, <c>half</c>, <c>int</c> and <c>long</c> = int64, <c>intc</c> = int32,
    /// <c>short</c>, <c>byte</c> = int8 as in NumPy, <c>ubyte</c>, <c>uint</c> = uint64, ...). <c>sbyte</c> (C#) is int8.
    /// </summary>
    /// <remarks>Big-endian marks (<c>&gt;f8</c>) name the same element type; byte order is a property of files, not of arrays.</remarks>
    public static bool TryParse(string text, [NotNullWhen(true)] out DType? dtype)
    {
        dtype = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        string t = text.Trim();
        if (t.Length > 1 && (t[0] is '<' or '>' or '|' or '='))
        {
            t = t[1..];
        }

        if (t.Length == 1)
        {
            dtype = t[0] switch
            {
                'd' => Float64,
                'f' => Float32,
                'e' => Float16,
                'q' or 'l' => Int64,
                'i' => Int32,
                'h' => Int16,
                'b' => Int8,
                'Q' or 'L' => UInt64,
                'I' => UInt32,
                'H' => UInt16,
                'B' => UInt8,
                '?' => Bool,
                _ => null,
            };
            return dtype is not null;
        }

        // Short codes are case-sensitive as in NumPy ("U8" is a string type, not uint64); names are not.
        string code = t;
        t = t.ToLowerInvariant();
        foreach (var d in All)
        {
            if (d.Name == t || $"{d.KindChar}{d.ItemSize}" == code)
            {
                dtype = d;
                return true;
            }
        }

        dtype = t switch
        {
            "double" or "float" or "float_" or "longfloat" => Float64,
            "single" => Float32,
            "half" => Float16,
            "int" or "int_" or "long" or "longlong" or "intp" => Int64,
            "intc" => Int32,
            "short" => Int16,
            "byte" or "sbyte" => Int8,
            "uint" or "ulong" or "ulonglong" or "uintp" => UInt64,
            "uintc" => UInt32,
            "ushort" => UInt16,
            "ubyte" => UInt8,
            "bool_" or "bool8" => Bool,
            _ => null,
        };
        return dtype is not null;
    }

    /// <summary>Parses a dtype name, throwing <see cref="ArgumentException"/> that lists the accepted names.</summary>
    public static DType Parse(string text) => TryParse(text, out var d) ? d
        : throw new ArgumentException($"Unknown dtype '{text}'; expected one of: {string.Join(", ", All.Select(x => x.Name))}.", nameof(text));

    /// <inheritdoc/>
    public bool Equals(DType? other) => ReferenceEquals(this, other);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => ReferenceEquals(this, obj);

    /// <inheritdoc/>
    public override int GetHashCode() => Code;

    /// <summary>NumPy's name, e.g. <c>float64</c>.</summary>
    public override string ToString() => Name;

    private static class DTypeCache<T> where T : unmanaged
    {
        public static readonly DType? Value = All.FirstOrDefault(d => d.ClrType == typeof(T));
    }
}
