namespace ChunkCompute.IO;

/// <summary>
/// A <c>.npy</c> or <c>.npz</c> file is malformed: bad magic, unknown version, header too long or not a valid
/// dictionary, bad shape, data truncated or followed by extra bytes, corrupt zip member, or a member larger than
/// its declared size or the configured cap. This is the only exception type the readers throw for malformed input;
/// the message names the file, the byte offset and the header field involved.
/// </summary>
/// <remarks>
/// It derives from <see cref="IOException"/> so that code catching IO failures also catches bad files.
/// A well-formed file whose dtype ChunkCompute does not support (object, structured, string, complex, datetime …)
/// raises <see cref="NotSupportedException"/> instead, naming the descriptor.
/// </remarks>
public sealed class NpyFormatException : IOException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong, naming the values involved.</param>
    /// <param name="offset">Byte offset in the file (or stream) where the problem is, if known.</param>
    /// <param name="field">The header field involved (<c>descr</c>, <c>shape</c>, <c>fortran_order</c>, <c>magic</c> …), if any.</param>
    /// <param name="innerException">The underlying failure (e.g. a corrupt deflate stream), if any.</param>
    public NpyFormatException(string message, long? offset = null, string? field = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Offset = offset;
        Field = field;
    }

    /// <summary>Creates the exception with a message only.</summary>
    public NpyFormatException()
        : this("malformed .npy file")
    {
    }

    /// <summary>Creates the exception with a message only.</summary>
    public NpyFormatException(string message)
        : this(message, null, null, null)
    {
    }

    /// <summary>Creates the exception with a message and the underlying failure.</summary>
    public NpyFormatException(string message, Exception innerException)
        : this(message, null, null, innerException)
    {
    }

    /// <summary>Byte offset of the problem in the file or stream, when known.</summary>
    public long? Offset { get; }

    /// <summary>The header field involved, when the problem is in one (<c>descr</c>, <c>shape</c>, <c>fortran_order</c>, <c>magic</c>, <c>header_len</c>, <c>data</c>).</summary>
    public string? Field { get; }
}
