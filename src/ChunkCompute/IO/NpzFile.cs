using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.IO.Compression;

namespace ChunkCompute.IO;

/// <summary>
/// An open <c>.npz</c> archive (NumPy's <c>NpzFile</c>): a read-only dictionary from array name (member name without
/// <c>.npy</c>) to array. Members are read lazily on first access and cached; nothing is ever extracted to disk and
/// member names are never used as paths. Dispose to close the archive (arrays already read stay valid and are owned
/// by the caller).
/// </summary>
/// <remarks>
/// A member may not decompress to more than its declared size, and no declared size may exceed the cap given to
/// <see cref="NdArray.LoadNpz(string, long, int)"/>, so zip bombs are rejected before any allocation. Corrupt members
/// raise <see cref="NpyFormatException"/>. Like <see cref="System.IO.Compression.ZipArchive"/>, an instance is not thread-safe.
/// </remarks>
[SuppressMessage("Naming", "CA1710:Identifiers should have correct suffix", Justification = "Named after NumPy's NpzFile.")]
public sealed class NpzFile : IReadOnlyDictionary<string, NdArray>, IDisposable
{
    private readonly ZipArchive _zip;
    private readonly string _path;
    private readonly long _maxMemberBytes;
    private readonly int _maxHeaderSize;
    private readonly Dictionary<string, ZipArchiveEntry> _entries = new(StringComparer.Ordinal);
    private readonly List<string> _keys = [];
    private readonly Dictionary<string, NdArray> _loaded = new(StringComparer.Ordinal);
    private bool _disposed;

    internal NpzFile(Stream stream, string path, long maxMemberBytes, int maxHeaderSize)
    {
        _path = path;
        _maxMemberBytes = maxMemberBytes;
        _maxHeaderSize = maxHeaderSize;
        try
        {
            _zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: false);
            foreach (var entry in _zip.Entries)
            {
                string name = entry.FullName;
                string key = name.EndsWith(".npy", StringComparison.Ordinal) ? name[..^4] : name;
                if (!_entries.TryAdd(key, entry))
                {
                    throw new NpyFormatException($"{path}: the archive holds member '{name}' twice", null, "member");
                }

                _keys.Add(key);
            }
        }
        catch (InvalidDataException e)
        {
            stream.Dispose();
            throw new NpyFormatException($"{path}: not a valid .npz (zip) archive: {e.Message}", null, "zip", e);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>The archive's path.</summary>
    public string Path => _path;

    /// <summary>Array names in archive order (NumPy's <c>NpzFile.files</c>).</summary>
    public IEnumerable<string> Keys => _keys;

    /// <summary>The arrays, read on demand, in archive order.</summary>
    public IEnumerable<NdArray> Values => _keys.Select(k => this[k]);

    /// <summary>Number of members.</summary>
    public int Count => _keys.Count;

    /// <summary>The array called <paramref name="key"/> (or <c>key + ".npy"</c>, as NumPy also accepts), read on first access.</summary>
    /// <exception cref="KeyNotFoundException">No such member (the message lists the names).</exception>
    /// <exception cref="NpyFormatException">The member is corrupt, not a <c>.npy</c>, or exceeds the size cap.</exception>
    /// <exception cref="NotSupportedException">The member's dtype is not supported.</exception>
    public NdArray this[string key]
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            key = Resolve(key);
            if (_loaded.TryGetValue(key, out var cached))
            {
                return cached;
            }

            if (!_entries.TryGetValue(key, out var entry))
            {
                throw new KeyNotFoundException($"{_path} has no array '{key}'; it holds: {string.Join(", ", _keys)}");
            }

            var array = ReadMember(entry);
            _loaded[key] = array;
            return array;
        }
    }

    /// <summary>A member's key: <paramref name="key"/> itself, or without <c>.npy</c> (NumPy takes both "a" and "a.npy").</summary>
    private string Resolve(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return !_entries.ContainsKey(key) && key.EndsWith(".npy", StringComparison.Ordinal) && _entries.ContainsKey(key[..^4]) ? key[..^4] : key;
    }

    /// <summary>The array called <paramref name="key"/> as <typeparamref name="T"/>.</summary>
    /// <exception cref="InvalidCastException">The member holds another dtype (named in the message).</exception>
    public NdArray<T> Get<T>(string key) where T : unmanaged
    {
        var a = this[key];
        return a as NdArray<T> ?? throw new InvalidCastException($"{_path}: array '{key}' holds {a.DType} data, not {DType.Of<T>()}; call AsType<{typeof(T).Name}>().");
    }

    /// <inheritdoc/>
    public bool ContainsKey(string key) => _entries.ContainsKey(Resolve(key));

    /// <inheritdoc/>
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out NdArray value)
    {
        if (ContainsKey(key))
        {
            value = this[key];
            return true;
        }

        value = null;
        return false;
    }

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<string, NdArray>> GetEnumerator() =>
        _keys.Select(k => new KeyValuePair<string, NdArray>(k, this[k])).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Closes the archive. Arrays already read remain valid.</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _zip.Dispose();
        }
    }

    private NdArray ReadMember(ZipArchiveEntry entry)
    {
        string source = $"{_path}[{entry.FullName}]";
        long declared = entry.Length;
        if (declared > _maxMemberBytes)
        {
            throw new NpyFormatException(
                $"{source}: member declares {declared} uncompressed bytes, more than the cap of {_maxMemberBytes} (raise maxMemberBytes for trusted files)", null, "member");
        }

        try
        {
            using var raw = entry.Open();
            using var bounded = new BoundedReadStream(raw, declared);
            return ReadMemberChecked(entry, bounded, declared, source);
        }
        catch (InvalidDataException e)
        {
            throw new NpyFormatException($"{source}: corrupt member: {e.Message}", null, "member", e);
        }
    }

    /// <summary>
    /// The member's array, after checking its CRC-32 against the archive's (ZipArchive does not): a flipped bit in a
    /// stored member would otherwise load as a wrong number (np.load raises BadZipFile there).
    /// </summary>
    private NdArray ReadMemberChecked(ZipArchiveEntry entry, BoundedReadStream bounded, long declared, string source)
    {
        var header = NpyFormat.ReadHeader(bounded, source, _maxHeaderSize);
        long expected = header.DataOffset + header.DataLength;
        if (expected != declared)
        {
            throw new NpyFormatException(
                $"{source}: header promises {header.DataLength} data bytes (shape {header.Shape} of '{header.Descr}') after byte {header.DataOffset}, but the member declares {declared} bytes in total",
                header.DataOffset, "data");
        }

        var array = NdArray.ReadMemberData(bounded, header, source);
        uint crc = bounded.Crc32;
        if (crc != entry.Crc32)
        {
            array.Dispose();
            throw new NpyFormatException(
                $"{source}: corrupt member: its data's CRC-32 is {crc:X8}, the archive records {entry.Crc32:X8}", null, "member");
        }

        return array;
    }

    /// <summary>Reads at most a fixed number of bytes from a (decompressing) stream; the decompressor never runs past it.</summary>
    private sealed class BoundedReadStream(Stream inner, long limit) : Stream
    {
        private readonly System.IO.Hashing.Crc32 _crc = new();
        private long _position;

        /// <summary>CRC-32 of the bytes read so far.</summary>
        public uint Crc32 => _crc.GetCurrentHashAsUInt32();

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => limit;

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            long left = limit - _position;
            if (left <= 0 || buffer.Length == 0)
            {
                return 0;
            }

            int n = inner.Read(buffer[..(int)Math.Min(buffer.Length, left)]);
            _crc.Append(buffer[..n]);
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
