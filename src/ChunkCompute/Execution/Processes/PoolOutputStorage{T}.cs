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

    public PoolOutputStorage(MappedStorage<T> map) => _map = map;

    /// <summary>The mapped file.</summary>
    public MappedStorage<T> Map => _map;

    public override long Length => _map.Length;

    public override bool IsDisposed => _map.IsDisposed;

    public override bool IsWriteable => _map.IsWriteable;

    public override ref T DangerousGetReference() => ref _map.DangerousGetReference();

    public override Memory<T> GetMemory(long start, int length) => _map.GetMemory(start, length);

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
