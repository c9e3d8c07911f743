using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace ChunkCompute.IO;

/// <summary>
/// The NumPy <c>.npy</c> binary format: reading and writing its header. This comment is the format's definition
/// as ChunkCompute implements it (after <c>numpy/lib/format.py</c>, NumPy 1.24).
/// </summary>
/// <remarks>
/// <para><b>Layout.</b> A <c>.npy</c> file is</para>
/// <list type="number">
/// <item><description>the magic string: the byte <c>0x93</c> followed by the ASCII letters <c>NUMPY</c> (6 bytes);</description></item>
/// <item><description>the format version: one unsigned byte major, one unsigned byte minor. Versions 1.0, 2.0 and 3.0 exist;</description></item>
/// <item><description>the header length <c>HEADER_LEN</c>: a little-endian <c>uint16</c> in version 1.0, a little-endian
/// <c>uint32</c> in versions 2.0 and 3.0 (2.0 was introduced for headers longer than 65535 bytes);</description></item>
/// <item><description><c>HEADER_LEN</c> bytes of header: an ASCII (1.0, 2.0: latin-1) or UTF-8 (3.0) string holding a Python literal
/// dictionary, padded with spaces (<c>0x20</c>) and terminated by a newline (<c>\n</c>) so that the total of magic,
/// version, length field and header is a multiple of 64 bytes (NumPy's <c>ARRAY_ALIGN</c>; older writers used 16,
/// readers accept any length);</description></item>
/// <item><description>the data: <c>prod(shape) * itemsize</c> bytes, elements in C (row-major) order, or in Fortran
/// (column-major) order when <c>fortran_order</c> is true, with no gaps and nothing after them.</description></item>
/// </list>
/// <para><b>Header dictionary.</b> Exactly three keys:</para>
/// <list type="bullet">
/// <item><description><c>'descr'</c>: the dtype descriptor string (<c>numpy.lib.format.dtype_to_descr</c>): a byte-order character
/// (<c>&lt;</c> little-endian, <c>&gt;</c> big-endian, <c>|</c> not applicable for one-byte types, <c>=</c> native), a kind character
/// (<c>f</c> float, <c>i</c> signed, <c>u</c> unsigned, <c>b</c> bool) and the item size in bytes: <c>&lt;f8 &lt;f4 &lt;f2 &lt;i8 &lt;i4 &lt;i2 |i1
/// &lt;u8 &lt;u4 &lt;u2 |u1 |b1</c>. Other kinds (<c>O</c> pickled objects, <c>V</c> and list descriptors for structured types,
/// <c>S</c>/<c>U</c> strings, <c>c</c> complex, <c>M</c>/<c>m</c> datetimes) are valid NumPy files that ChunkCompute rejects
/// with <see cref="NotSupportedException"/>.</description></item>
/// <item><description><c>'fortran_order'</c>: <c>True</c> or <c>False</c>.</description></item>
/// <item><description><c>'shape'</c>: a tuple of non-negative integers: <c>()</c> for a 0-d array (one element), <c>(3,)</c>, <c>(3, 4)</c>.</description></item>
/// </list>
/// <para><b>What NumPy writes</b> (and <see cref="BuildHeader"/> reproduces byte for byte): the keys in sorted order,
/// each as <c>'key': repr(value), </c> inside braces, e.g. <c>{'descr': '&lt;f8', 'fortran_order': False, 'shape': (3, 4), }</c>;
/// then <c>21 - len(repr(n))</c> spaces of room to grow the first axis in place (the last axis in Fortran order; none for
/// 0-d arrays); then the alignment padding and <c>\n</c>. Version 1.0 is chosen unless the header exceeds 65535 bytes
/// (then 2.0), and 3.0 only when the header is not latin-1 encodable — which never happens for numeric dtypes.</para>
/// <para><b>Reading safely.</b> The header is parsed by a strict parser of the literal subset above (never evaluated);
/// its length is capped (<see cref="DefaultMaxHeaderSize"/> = 10,000 bytes, as NumPy's <c>max_header_size</c>); shape
/// entries must be non-negative integers whose product times the item size fits in 64 bits; the data length must equal
/// the file length minus the data offset exactly. Every violation raises <see cref="NpyFormatException"/> naming the
/// offset and field, before any array memory is allocated.</para>
/// <para><b>Byte order.</b> ChunkCompute arrays are native (little-endian); big-endian files are byte-swapped on load,
/// and files are always written little-endian.</para>
/// <para><b>.npz</b> files are zip archives (stored or deflated) of <c>.npy</c> members named <c>&lt;key&gt;.npy</c>;
/// <c>numpy.savez(file, a, b)</c> names positional arrays <c>arr_0</c>, <c>arr_1</c>, ….</para>
/// </remarks>
public static class NpyFormat
{
    /// <summary>NumPy's default cap on the header length (<c>max_header_size</c>): 10,000 bytes.</summary>
    public const int DefaultMaxHeaderSize = 10_000;

    /// <summary>Data starts at a multiple of this many bytes in files NumPy writes (<c>ARRAY_ALIGN</c>).</summary>
    public const int ArrayAlign = 64;

    /// <summary>Spare header room NumPy leaves to grow the first axis in place (<c>GROWTH_AXIS_MAX_DIGITS</c>).</summary>
    internal const int GrowthAxisMaxDigits = 21;

    /// <summary>Length of the magic string plus the two version bytes.</summary>
    internal const int MagicLength = 8;

    /// <summary>The six magic bytes <c>\x93NUMPY</c>.</summary>
    internal static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    private static readonly Encoding s_latin1 = Encoding.Latin1;
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// The header bytes NumPy writes for an array of <paramref name="dtype"/> and <paramref name="shape"/>
    /// (magic, version, length, padded dictionary and <c>\n</c>); the data follows.
    /// </summary>
    /// <param name="dtype">Element type (written little-endian).</param>
    /// <param name="shape">Array shape.</param>
    /// <param name="fortranOrder">Value of <c>fortran_order</c>.</param>
    /// <param name="version">1.0, 2.0 or 3.0; null lets NumPy's rule choose (1.0 unless the header is too long).</param>
    /// <exception cref="ArgumentException">An unsupported version, or the header does not fit the requested version.</exception>
    public static byte[] BuildHeader(DType dtype, ReadOnlySpan<long> shape, bool fortranOrder, Version? version = null)
    {
        ArgumentNullException.ThrowIfNull(dtype);
        var sb = new StringBuilder(128);
        sb.Append("{'descr': '").Append(dtype.Descr).Append("', 'fortran_order': ").Append(fortranOrder ? "True" : "False").Append(", 'shape': ");
        sb.Append(PythonTupleRepr(shape)).Append(", }");
        if (shape.Length > 0)
        {
            long growthAxis = shape[fortranOrder ? shape.Length - 1 : 0];
            int digits = growthAxis.ToString(CultureInfo.InvariantCulture).Length;
            sb.Append(' ', Math.Max(0, GrowthAxisMaxDigits - digits));
        }

        string header = sb.ToString();
        if (version is null)
        {
            // NumPy's _wrap_header_guess_version: 1.0 if it fits, else 2.0, and 3.0 only for non-latin-1 text.
            return Wrap(header, 1) ?? Wrap(header, 2)!;
        }

        int major = CheckVersion(version);
        return Wrap(header, major) ?? throw new ArgumentException($"a header of {header.Length} bytes does not fit .npy version {version}", nameof(version));
    }

    /// <summary>NumPy's <c>repr</c> of a shape tuple: <c>()</c>, <c>(3,)</c>, <c>(3, 4)</c>.</summary>
    internal static string PythonTupleRepr(ReadOnlySpan<long> shape)
    {
        if (shape.Length == 0)
        {
            return "()";
        }

        var sb = new StringBuilder("(");
        for (int i = 0; i < shape.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(", ");
            }

            sb.Append(shape[i].ToString(CultureInfo.InvariantCulture));
        }

        return sb.Append(shape.Length == 1 ? ",)" : ")").ToString();
    }

    private static int CheckVersion(Version version)
    {
        if (version is not { Major: 1 or 2 or 3, Minor: 0 } || version.Build > 0 || version.Revision > 0)
        {
            throw new ArgumentException($"unsupported .npy version {version}; use 1.0, 2.0 or 3.0", nameof(version));
        }

        return version.Major;
    }

    /// <summary>NumPy's <c>_wrap_header</c>: encode, pad with spaces and <c>\n</c> to a multiple of 64; null when the length field overflows.</summary>
    private static byte[]? Wrap(string header, int major)
    {
        Encoding encoding = major == 3 ? s_strictUtf8 : s_latin1;
        int lengthFieldSize = major == 1 ? 2 : 4;
        int textBytes = encoding.GetByteCount(header);
        long hlen = textBytes + 1L;
        long padlen = ArrayAlign - ((MagicLength + lengthFieldSize + hlen) % ArrayAlign);
        long total = hlen + padlen;
        if (total > (major == 1 ? ushort.MaxValue : uint.MaxValue))
        {
            return null;
        }

        var bytes = new byte[MagicLength + lengthFieldSize + total];
        Magic.CopyTo(bytes);
        bytes[6] = (byte)major;
        bytes[7] = 0;
        if (major == 1)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)total);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), (uint)total);
        }

        int start = MagicLength + lengthFieldSize;
        encoding.GetBytes(header, bytes.AsSpan(start));
        bytes.AsSpan(start + textBytes, (int)padlen).Fill((byte)' ');
        bytes[^1] = (byte)'\n';
        return bytes;
    }

    /// <summary>
    /// Reads and validates a header from <paramref name="stream"/> at its current position, leaving the stream at the
    /// first data byte. <see cref="NpyHeader.DataOffset"/> counts from the position where the header starts.
    /// </summary>
    /// <param name="stream">The stream.</param>
    /// <param name="source">Name of the file or stream, for messages.</param>
    /// <param name="maxHeaderSize">Cap on <c>HEADER_LEN</c>.</param>
    /// <exception cref="NpyFormatException">The header is malformed.</exception>
    /// <exception cref="NotSupportedException">The dtype is valid NumPy but not supported.</exception>
    public static NpyHeader ReadHeader(Stream stream, string source, int maxHeaderSize = DefaultMaxHeaderSize)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfNegative(maxHeaderSize);
        Span<byte> prefix = stackalloc byte[12];
        ReadExactly(stream, prefix[..8], 0, source, "magic");
        if (!prefix[..6].SequenceEqual(Magic))
        {
            throw new NpyFormatException(
                $"{source}: not a .npy file: the first 6 bytes are {Convert.ToHexString(prefix[..6])}, expected 934E554D5059 (\\x93NUMPY)", 0, "magic");
        }

        int major = prefix[6], minor = prefix[7];
        if (major is not (1 or 2 or 3) || minor != 0)
        {
            throw new NpyFormatException($"{source}: unsupported .npy format version {major}.{minor} at byte 6; ChunkCompute reads 1.0, 2.0 and 3.0", 6, "version");
        }

        long headerLength;
        int lengthFieldSize;
        if (major == 1)
        {
            lengthFieldSize = 2;
            ReadExactly(stream, prefix[8..10], 8, source, "header_len");
            headerLength = BinaryPrimitives.ReadUInt16LittleEndian(prefix[8..]);
        }
        else
        {
            lengthFieldSize = 4;
            ReadExactly(stream, prefix[8..12], 8, source, "header_len");
            headerLength = BinaryPrimitives.ReadUInt32LittleEndian(prefix[8..]);
        }

        long headerStart = MagicLength + lengthFieldSize;
        if (headerLength > maxHeaderSize)
        {
            throw new NpyFormatException(
                $"{source}: header length {headerLength} (at byte 8) exceeds the limit of {maxHeaderSize} bytes (NumPy's max_header_size); raise the limit only for trusted files",
                8, "header_len");
        }

        // Never allocate more than the stream can deliver (the cap may have been raised for trusted files).
        if ((stream.CanSeek && headerLength > stream.Length - stream.Position) || headerLength > Array.MaxLength)
        {
            long available = stream.CanSeek ? stream.Length - stream.Position : 0;
            throw new NpyFormatException(
                $"{source}: file ends at byte {headerStart + available} inside the header (header length {headerLength}, read at byte 8, needs bytes {headerStart}..{headerStart + headerLength})",
                headerStart + available,
                "header");
        }

        var headerBytes = new byte[headerLength];
        ReadExactly(stream, headerBytes, headerStart, source, "header");
        string text;
        try
        {
            text = major == 3 ? s_strictUtf8.GetString(headerBytes) : s_latin1.GetString(headerBytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new NpyFormatException($"{source}: version 3.0 header is not valid UTF-8 (bytes {headerStart}..{headerStart + headerLength})", headerStart, "header", e);
        }

        return ParseHeaderText(text, new Version(major, minor), headerStart, headerStart + headerLength, source);
    }

    /// <summary>Validates the header dictionary text and computes the data length.</summary>
    internal static NpyHeader ParseHeaderText(string text, Version version, long headerStart, long dataOffset, string source)
    {
        object? literal = PythonLiteral.Parse(text, headerStart, source);
        if (literal is not Dictionary<string, object?> dict)
        {
            throw new NpyFormatException($"{source}: header at byte {headerStart} is not a Python dictionary: {Shorten(text)}", headerStart, "header");
        }

        string[] expected = ["descr", "fortran_order", "shape"];
        var missing = expected.Where(k => !dict.ContainsKey(k)).ToList();
        var extra = dict.Keys.Where(k => !expected.Contains(k)).ToList();
        if (missing.Count > 0 || extra.Count > 0)
        {
            throw new NpyFormatException(
                $"{source}: header at byte {headerStart} must have exactly the keys 'descr', 'fortran_order', 'shape'"
                + (missing.Count > 0 ? $"; missing {string.Join(", ", missing.Select(k => $"'{k}'"))}" : string.Empty)
                + (extra.Count > 0 ? $"; unexpected {string.Join(", ", extra.Select(k => $"'{Shorten(k)}'"))}" : string.Empty),
                headerStart,
                missing.Count > 0 ? missing[0] : extra[0]);
        }

        var (dtype, bigEndian, descr) = ParseDescr(dict["descr"], headerStart, source);

        if (dict["fortran_order"] is not bool fortranOrder)
        {
            throw new NpyFormatException($"{source}: header field 'fortran_order' must be True or False, found {Repr(dict["fortran_order"])}", headerStart, "fortran_order");
        }

        if (dict["shape"] is not PyTuple tuple)
        {
            throw new NpyFormatException($"{source}: header field 'shape' must be a tuple of non-negative integers, found {Repr(dict["shape"])}", headerStart, "shape");
        }

        var shape = new long[tuple.Items.Count];
        long size = 1;
        bool overflow = false;
        for (int i = 0; i < shape.Length; i++)
        {
            if (tuple.Items[i] is not long n || n < 0)
            {
                throw new NpyFormatException(
                    $"{source}: header field 'shape' must hold non-negative integers; entry {i} is {Repr(tuple.Items[i])}", headerStart, "shape");
            }

            shape[i] = n;
            if (n != 0 && !overflow)
            {
                overflow = size > long.MaxValue / n;
                size = overflow ? size : size * n;
            }
        }

        if (overflow || size > long.MaxValue / dtype.ItemSize)
        {
            throw new NpyFormatException(
                $"{source}: shape {NpyFormat.PythonTupleRepr(shape)} of {descr} needs more than {long.MaxValue} bytes", headerStart, "shape");
        }

        if (shape.Contains(0))
        {
            size = 0;
        }

        long dataLength = size * dtype.ItemSize;
        return new NpyHeader(version, dtype, bigEndian, fortranOrder, new Shape(shape), dataOffset, dataLength) { Descr = descr };
    }

    private static (DType DType, bool BigEndian, string Descr) ParseDescr(object? value, long headerStart, string source)
    {
        if (value is PyList)
        {
            throw new NotSupportedException($"{source}: structured dtype {Shorten(Repr(value))} is not supported; ChunkCompute reads the numeric dtypes f8 f4 f2 i8 i4 i2 i1 u8 u4 u2 u1 b1");
        }

        if (value is not string descr)
        {
            throw new NpyFormatException($"{source}: header field 'descr' must be a dtype string such as '<f8', found {Repr(value)}", headerStart, "descr");
        }

        ReadOnlySpan<char> s = descr;
        char order = '|';
        if (s.Length > 0 && s[0] is '<' or '>' or '|' or '=')
        {
            order = s[0];
            s = s[1..];
        }

        if (s.Length == 0)
        {
            throw new NpyFormatException($"{source}: invalid dtype descriptor '{Shorten(descr)}' in header field 'descr'", headerStart, "descr");
        }

        char kind = s[0];
        string what = kind switch
        {
            'O' => "object (pickled Python objects; NumPy loads them only with allow_pickle=True)",
            'V' => "void/structured",
            'S' or 'a' => "byte string",
            'U' => "unicode string",
            'c' => "complex",
            'M' => "datetime64",
            'm' => "timedelta64",
            _ => string.Empty,
        };
        if (what.Length > 0)
        {
            throw new NotSupportedException($"{source}: dtype '{Shorten(descr)}' ({what}) is not supported; ChunkCompute reads the numeric dtypes f8 f4 f2 i8 i4 i2 i1 u8 u4 u2 u1 b1");
        }

        var digits = s[1..];
        if (kind is not ('f' or 'i' or 'u' or 'b') || digits.Length is 0 or > 3 || !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out int itemSize))
        {
            throw new NpyFormatException($"{source}: invalid dtype descriptor '{Shorten(descr)}' in header field 'descr'", headerStart, "descr");
        }

        DType? dtype = DType.All.FirstOrDefault(d => d.KindChar == kind && d.ItemSize == itemSize);
        if (dtype is null)
        {
            throw new NotSupportedException($"{source}: dtype '{Shorten(descr)}' is not supported; ChunkCompute reads the numeric dtypes f8 f4 f2 i8 i4 i2 i1 u8 u4 u2 u1 b1");
        }

        bool bigEndian = (order == '>' && itemSize > 1) || (order == '=' && itemSize > 1 && !BitConverter.IsLittleEndian);
        return (dtype, bigEndian, descr);
    }

    /// <summary>Fills <paramref name="buffer"/> from the stream or throws <see cref="NpyFormatException"/> naming the field and offsets.</summary>
    internal static void ReadExactly(Stream stream, Span<byte> buffer, long offset, string source, string field)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = stream.Read(buffer[total..]);
            if (n == 0)
            {
                throw new NpyFormatException(
                    $"{source}: file ends at byte {offset + total} inside the {field} (bytes {offset}..{offset + buffer.Length} expected)", offset + total, field);
            }

            total += n;
        }
    }

    private static string Repr(object? value) => value switch
    {
        null => "None",
        bool b => b ? "True" : "False",
        string s => $"'{Shorten(s)}'",
        long l => l.ToString(CultureInfo.InvariantCulture),
        PyTuple t => Shorten("(" + string.Join(", ", t.Items.Select(Repr)) + (t.Items.Count == 1 ? ",)" : ")")),
        PyList l => Shorten("[" + string.Join(", ", l.Items.Select(Repr)) + "]"),
        Dictionary<string, object?> d => Shorten("{" + string.Join(", ", d.Select(kv => $"'{kv.Key}': {Repr(kv.Value)}")) + "}"),
        _ => value.ToString() ?? string.Empty,
    };

    private static string Shorten(string s) => s.Length <= 60 ? s : s[..57] + "...";
}
