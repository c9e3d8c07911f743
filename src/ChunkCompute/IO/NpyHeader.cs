namespace ChunkCompute.IO;

/// <summary>
/// The parsed header of a <c>.npy</c> file (see <see cref="NpyFormat"/> for the layout), as returned by
/// <see cref="NdArray.ReadHeader(string, int)"/>.
/// </summary>
/// <param name="Version">Format version: 1.0, 2.0 or 3.0.</param>
/// <param name="DType">The element type.</param>
/// <param name="IsBigEndian">True when the file stores multi-byte elements big-endian (<c>&gt;</c> descriptors); they are byte-swapped on load.</param>
/// <param name="FortranOrder">True when the data is in Fortran (column-major) order.</param>
/// <param name="Shape">The array shape (<c>()</c> for a 0-d array).</param>
/// <param name="DataOffset">Byte offset of the first element: magic + version + length field + header (a multiple of 64 for files NumPy writes).</param>
/// <param name="DataLength">Number of data bytes the header promises: <c>Shape.Size * DType.ItemSize</c>.</param>
public sealed record NpyHeader(Version Version, DType DType, bool IsBigEndian, bool FortranOrder, Shape Shape, long DataOffset, long DataLength)
{
    /// <summary>The descriptor as it appears in the file, e.g. <c>&lt;f8</c>, <c>&gt;i4</c>, <c>|b1</c>.</summary>
    public string Descr { get; init; } = DType.Descr;

    /// <summary>Number of elements.</summary>
    public long Size => Shape.Size;
}
