using ChunkCompute.Storage;

namespace ChunkCompute.Execution.Processes;

/// <summary>
/// The storage of a transform output the pool created in its temporary directory: a read-write map of that file which
/// deletes the file when disposed, so long-lived pools do not accumulate outputs. Still shareable by path, so an
/// output can be the input of the next process map.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class PoolOutputStorage<T> : Storage<T>
    where T : unmanaged
{
    private readonly MappedStorage<T> _map;

    public PoolOutputStorage(MappedStorage<T> map)
    {
        _map = map;
        MarkExposed(); // worker processes write the file
    }

    /// <summary>The mapped file.</summary>
    public MappedStorage<T> Map => _map;

    public override long Length => _map.Length;

    public override bool IsDisposed => _map.IsDisposed;

    public override bool IsWriteable => _map.IsWriteable;

    protected override ref T DangerousGetReferenceCore() => ref _map.DangerousGetReferenceForRead();

    protected override Memory<T> GetMemoryCore(long start, int length) => _map.GetMemoryInternal(start, length);

    protected override void Dispose(bool disposing)
    {
        if (_map.IsDisposed)
        {
            return;
        }

        _map.Dispose();
        try
        {
            File.Delete(_map.Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
