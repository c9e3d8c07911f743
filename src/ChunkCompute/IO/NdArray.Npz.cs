using System.Globalization;
using System.IO.Compression;
using ChunkCompute.IO;

namespace ChunkCompute;

/// <summary><c>.npz</c> archives: <c>np.load</c> on a zip of arrays, <c>np.savez</c> and <c>np.savez_compressed</c>.</summary>
public abstract partial class NdArray
{
    /// <summary>
    /// Default cap on a member's declared uncompressed size for <see cref="LoadNpz(string, long, int)"/>: 4 GiB.
    /// A member is also never decompressed past its declared size, so together they bound what a hostile archive can make us allocate.
    /// </summary>
    public const long DefaultMaxNpzMemberBytes = 4L << 30;

    /// <summary>
    /// Opens a <c>.npz</c> archive. Members are read lazily through the returned dictionary; dispose it to close the file.
    /// </summary>
    /// <param name="path">The archive.</param>
    /// <param name="maxMemberBytes">Members declaring more uncompressed bytes than this are rejected (zip-bomb guard).</param>
    /// <param name="maxHeaderSize">Cap on each member's <c>.npy</c> header length.</param>
    /// <exception cref="NpyFormatException">The archive is not a valid zip or has duplicate members.</exception>
    public static NpzFile LoadNpz(string path, long maxMemberBytes = DefaultMaxNpzMemberBytes, int maxHeaderSize = NpyFormat.DefaultMaxHeaderSize)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfNegative(maxMemberBytes);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        return new NpzFile(stream, path, maxMemberBytes, maxHeaderSize);
    }

    /// <summary>Opens a <c>.npz</c> archive from a seekable stream (the <see cref="NpzFile"/> takes ownership of it).</summary>
    /// <inheritdoc cref="LoadNpz(string, long, int)"/>
    public static NpzFile LoadNpz(Stream stream, long maxMemberBytes = DefaultMaxNpzMemberBytes, int maxHeaderSize = NpyFormat.DefaultMaxHeaderSize)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfNegative(maxMemberBytes);
        return new NpzFile(stream, "stream", maxMemberBytes, maxHeaderSize);
    }

    /// <summary>Saves arrays uncompressed as <c>arr_0.npy</c>, <c>arr_1.npy</c>, … in a zip archive (<c>np.savez(path, *arrays)</c>), atomically.</summary>
    public static void SaveNpz(string path, params NdArray[] arrays) => SaveNpz(path, Positional(arrays), compressed: false);

    /// <summary>Saves arrays deflate-compressed as <c>arr_0.npy</c>, … (<c>np.savez_compressed(path, *arrays)</c>), atomically.</summary>
    public static void SaveNpzCompressed(string path, params NdArray[] arrays) => SaveNpz(path, Positional(arrays), compressed: true);

    /// <summary>
    /// Saves named arrays as <c>&lt;name&gt;.npy</c> members of a zip archive (<c>np.savez(path, **arrays)</c>, or
    /// <c>np.savez_compressed</c> when <paramref name="compressed"/>). The archive is written to a temporary file and renamed.
    /// </summary>
    /// <exception cref="ArgumentException">A name is empty.</exception>
    public static void SaveNpz(string path, IReadOnlyDictionary<string, NdArray> arrays, bool compressed = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(arrays);
        foreach (var (name, array) in arrays)
        {
            if (string.IsNullOrEmpty(name))
            {
                throw new ArgumentException("array names in an .npz must not be empty", nameof(arrays));
            }

            ArgumentNullException.ThrowIfNull(array, $"{nameof(arrays)}[{name}]");
        }

        AtomicFile.Write(path, -1, stream => WriteNpz(stream, arrays, compressed));
    }

    /// <summary>Writes an <c>.npz</c> archive of named arrays to a stream.</summary>
    public static void SaveNpz(Stream stream, IReadOnlyDictionary<string, NdArray> arrays, bool compressed = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(arrays);
        WriteNpz(stream, arrays, compressed);
    }

    private static void WriteNpz(Stream stream, IReadOnlyDictionary<string, NdArray> arrays, bool compressed)
    {
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var (name, array) in arrays)
        {
            var entry = zip.CreateEntry(name + ".npy", compressed ? CompressionLevel.Optimal : CompressionLevel.NoCompression);
            using var member = entry.Open();
            Save(member, array);
        }
    }

    private static Dictionary<string, NdArray> Positional(NdArray[] arrays)
    {
        ArgumentNullException.ThrowIfNull(arrays);
        var named = new Dictionary<string, NdArray>(arrays.Length);
        for (int i = 0; i < arrays.Length; i++)
        {
            named.Add(string.Create(CultureInfo.InvariantCulture, $"arr_{i}"), arrays[i]);
        }

        return named;
    }

    /// <summary>Reads the data for an already-parsed header from a stream (used by <see cref="NpzFile"/>).</summary>
    internal static NdArray ReadMemberData(Stream stream, NpyHeader header, string source) =>
        ReadData(header, new StreamSource(stream, header.DataOffset, source));
}
