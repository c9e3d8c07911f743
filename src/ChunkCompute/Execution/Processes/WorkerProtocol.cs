using System.Buffers.Binary;

namespace ChunkCompute.Execution.Processes;

/// <summary>
/// The coordinator ⇄ worker wire protocol: length-prefixed binary frames on the worker's stdin (coordinator → worker)
/// and stdout (worker → coordinator). The worker redirects <see cref="Console.Out"/> to stderr at start, so a kernel
/// that prints cannot corrupt the stream; stderr is drained by the coordinator and its tail is quoted in errors.
/// </summary>
/// <remarks>
/// <code>
/// frame  := length:int32-LE  body[length]            (1 ≤ length ≤ 64 MiB)
/// body   := kind:byte  field*
/// fields := BinaryWriter encoding: int32/int64 little-endian, bool = 1 byte,
///           string = 7-bit-encoded UTF-8 byte count + bytes, bytes = int32 count + bytes
///
/// kind  dir  message     fields
///  1    W→C  Ready       int32 protocolVersion, int32 pid
///  2    C→W  Load        int32 job, byte operation (1 reduce, 2 transform), string assemblyPath, string typeName,
///                        string inType, string outType (assembly-qualified), string kernelJson, int32 axis,
///                        array input, bool hasOutput, [array output]
///  3    W→C  Loaded      int32 job
///  4    W→C  LoadFailed  int32 job, string exceptionType, string message, string stackTrace
///  5    C→W  Run         int32 job, int32 chunk, int32 chunkCount, int64 start, int64 length, int32 attempt
///  6    W→C  Result      int32 chunk, bytes result (the raw bytes of the unmanaged TResult; empty for transforms)
///  7    W→C  Failed      int32 chunk, string exceptionType, string message, string stackTrace
///  8    C→W  Unload      int32 job                    (no reply; releases the job's output mapping and kernel)
///  9    C→W  Shutdown                                 (no reply; the worker exits with code 0)
///
/// array := string path, int64 byteOffset (of element 0 in the file), int64 storageLength (elements mapped),
///          int64 offset (elements), int32 ndim, int64[ndim] shape, int64[ndim] strides (elements), bool cacheable
/// </code>
/// A worker handles one request at a time and answers in order (one outstanding Run per worker), so a worker that
/// dies is always blamed on exactly the chunk it was running. End of stdin means the coordinator is gone: the worker
/// exits at once (it also polls <c>getppid()</c>, so it exits within a second even if the pipe were kept open).
/// </remarks>
internal static class WorkerProtocol
{
    /// <summary>Bumped whenever the frame layout changes; coordinator and worker must agree.</summary>
    public const int Version = 1;

    /// <summary>Largest frame accepted (a corrupt length prefix must not allocate gigabytes).</summary>
    public const int MaxFrameLength = 64 << 20;

    public static Frame? Read(Stream stream)
    {
        Span<byte> prefix = stackalloc byte[4];
        if (!ReadExactly(stream, prefix))
        {
            return null;
        }

        int length = BinaryPrimitives.ReadInt32LittleEndian(prefix);
        CheckLength(length);
        var body = new byte[length];
        return ReadExactly(stream, body) ? new Frame(body) : null;
    }

    public static async ValueTask<Frame?> ReadAsync(Stream stream)
    {
        var prefix = new byte[4];
        if (!await ReadExactlyAsync(stream, prefix).ConfigureAwait(false))
        {
            return null;
        }

        int length = BinaryPrimitives.ReadInt32LittleEndian(prefix);
        CheckLength(length);
        var body = new byte[length];
        return await ReadExactlyAsync(stream, body).ConfigureAwait(false) ? new Frame(body) : null;
    }

    private static void CheckLength(int length)
    {
        if (length is < 1 or > MaxFrameLength)
        {
            throw new InvalidDataException($"worker protocol frame length {length} is outside [1, {MaxFrameLength}]; the stream is corrupt.");
        }
    }

    private static bool ReadExactly(Stream stream, Span<byte> buffer)
    {
        int read = 0;
        while (read < buffer.Length)
        {
            int n = stream.Read(buffer[read..]);
            if (n == 0)
            {
                return false;
            }

            read += n;
        }

        return true;
    }

    private static async ValueTask<bool> ReadExactlyAsync(Stream stream, Memory<byte> buffer)
    {
        int read = 0;
        while (read < buffer.Length)
        {
            int n = await stream.ReadAsync(buffer[read..]).ConfigureAwait(false);
            if (n == 0)
            {
                return false;
            }

            read += n;
        }

        return true;
    }
}

/// <summary>Message kinds of <see cref="WorkerProtocol"/>.</summary>
internal enum MessageKind : byte
{
    Ready = 1,
    Load = 2,
    Loaded = 3,
    LoadFailed = 4,
    Run = 5,
    Result = 6,
    Failed = 7,
    Unload = 8,
    Shutdown = 9,
}

/// <summary>What a worker is asked to run per chunk.</summary>
internal enum KernelOperation : byte
{
    Reduce = 1,
    Transform = 2,
}

/// <summary>One received frame: the kind byte and a reader over the fields.</summary>
internal sealed class Frame
{
    private readonly byte[] _body;

    public Frame(byte[] body)
    {
        _body = body;
        Kind = (MessageKind)body[0];
    }

    public MessageKind Kind { get; }

    public BinaryReader Fields() => new(new MemoryStream(_body, 1, _body.Length - 1, writable: false));
}

/// <summary>Builds one frame and writes it with its length prefix in a single write.</summary>
internal sealed class FrameWriter : IDisposable
{
    private readonly MemoryStream _buffer = new();

    public FrameWriter(MessageKind kind)
    {
        _buffer.Write([0, 0, 0, 0, (byte)kind]);
        Fields = new BinaryWriter(_buffer);
    }

    public BinaryWriter Fields { get; }

    public void SendTo(Stream stream)
    {
        Fields.Flush();
        byte[] bytes = _buffer.GetBuffer();
        int total = (int)_buffer.Length;
        BinaryPrimitives.WriteInt32LittleEndian(bytes, total - 4);
        stream.Write(bytes, 0, total);
        stream.Flush();
    }

    public void Dispose() => Fields.Dispose();
}

/// <summary>Where a worker finds an array: a file to map and the array's layout in it.</summary>
/// <param name="Path">The file (an <c>.npy</c> or any file whose elements start at <paramref name="ByteOffset"/>).</param>
/// <param name="ByteOffset">Byte offset of element 0 of the mapped storage.</param>
/// <param name="StorageLength">Number of elements the storage maps.</param>
/// <param name="Offset">Element offset of the array's first element in the storage.</param>
/// <param name="Shape">Array shape.</param>
/// <param name="Strides">Array strides in elements.</param>
/// <param name="Cacheable">True when the file outlives the map, so a worker may keep it mapped for the next map.</param>
internal sealed record ArrayDescriptor(string Path, long ByteOffset, long StorageLength, long Offset, long[] Shape, long[] Strides, bool Cacheable)
{
    public void Write(BinaryWriter w)
    {
        w.Write(Path);
        w.Write(ByteOffset);
        w.Write(StorageLength);
        w.Write(Offset);
        w.Write(Shape.Length);
        foreach (long s in Shape)
        {
            w.Write(s);
        }

        foreach (long s in Strides)
        {
            w.Write(s);
        }

        w.Write(Cacheable);
    }

    public static ArrayDescriptor Read(BinaryReader r)
    {
        string path = r.ReadString();
        long byteOffset = r.ReadInt64();
        long storageLength = r.ReadInt64();
        long offset = r.ReadInt64();
        int ndim = r.ReadInt32();
        var shape = new long[ndim];
        var strides = new long[ndim];
        for (int i = 0; i < ndim; i++)
        {
            shape[i] = r.ReadInt64();
        }

        for (int i = 0; i < ndim; i++)
        {
            strides[i] = r.ReadInt64();
        }

        return new ArrayDescriptor(path, byteOffset, storageLength, offset, shape, strides, r.ReadBoolean());
    }
}
