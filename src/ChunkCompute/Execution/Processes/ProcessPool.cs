using System.Runtime.InteropServices;
using ChunkCompute.Storage;

namespace ChunkCompute.Execution.Processes;

/// <summary>
/// A pool of warm worker processes that run chunk kernels over memory-mapped arrays: Python's
/// <c>Pool(n).map(f, np.array_split(a, k))</c> without pickling the chunks, and without hanging when a worker dies.
/// </summary>
/// <remarks>
/// <para><b>What travels.</b> The kernel travels by identity (its public type's assembly path and name, plus its
/// System.Text.Json parameters; see <see cref="IChunkReduction{TIn, TResult}"/>). The data travels by memory map: a
/// file-backed input (a mapped <c>.npy</c>) is opened by every worker directly; an in-memory input is written once per
/// map to the pool's temporary directory (<see cref="ProcessPoolOptions.TempDirectory"/>) and never sent per chunk.
/// Per chunk only a ~40-byte Run frame goes out and the raw bytes of the small result come back
/// (<see cref="WorkerProtocol"/> documents the frames). Transforms write straight into a shared output file, each
/// worker into its own disjoint chunk ranges.</para>
/// <para><b>Workers</b> are started once (lazily, or by <see cref="WarmUpAsync"/>) and reused by every map; each keeps
/// the last four file-backed inputs it read mapped between maps (so repeated maps over one file do not fault its pages
/// into the worker again), released when the file changes or the pool is disposed. They are
/// <c>dotnet ChunkCompute.Worker.dll</c>, found next to ChunkCompute.dll without configuration (see
/// <see cref="ProcessPoolOptions.WorkerPath"/>). A pool runs one map at a time; concurrent calls wait their turn.</para>
/// <para><b>Faults.</b> A worker that dies (killed, crashed, OOM-killed) is noticed at once by the end of its output
/// pipe; its chunk is retried on a fresh worker up to <see cref="MapOptions.MaxRetries"/> times (default 2) and then fails
/// with a <see cref="ChunkFailedException"/> naming the chunk, the attempts and the exit code or signal. A kernel
/// exception comes back as <see cref="RemoteKernelException"/> (type, message, remote stack) inside the
/// <see cref="ChunkFailedException"/> and is not retried. A chunk over its <see cref="MapOptions.ItemTimeout"/> gets its
/// worker killed and replaced. <see cref="ProcessPool"/> is an <see cref="IChunkExecutor"/>: the map engine behind
/// <c>ParallelMap</c> (ordering, unordered streaming, progress, error modes, retries) drives its workers, one loop per
/// worker process. Cancellation lets running chunks finish for
/// <see cref="ProcessPoolOptions.CancellationGrace"/>, then kills their workers. Workers exit by themselves within a
/// second when the coordinator dies (end of stdin, and a <c>getppid()</c> watchdog), removing the pool's temporary
/// directory; stale directories of dead coordinators are removed when the next pool starts.</para>
/// </remarks>
public sealed partial class ProcessPool : IChunkExecutor, IDisposable
{
    private readonly ProcessPoolOptions _options;
    private readonly WorkerProcess?[] _workers;
    private readonly SemaphoreSlim _mapLock = new(1, 1);
    private readonly WorkerLaunch _launch;
    private int _nextJob;
    private int _started;
    private volatile bool _disposed;

    /// <summary>Creates a pool of <paramref name="workers"/> processes with default options.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="workers"/> is not positive.</exception>
    public ProcessPool(int workers)
        : this(new ProcessPoolOptions { Workers = workers })
    {
    }

    /// <summary>Creates a pool; no process starts until <see cref="WarmUpAsync"/> or the first map.</summary>
    /// <exception cref="FileNotFoundException">The worker host or the dotnet executable cannot be found.</exception>
    public ProcessPool(ProcessPoolOptions? options = null)
    {
        _options = options ?? new ProcessPoolOptions();
        _workers = new WorkerProcess?[_options.Workers];
        TemporaryDirectory = PoolTempDirectory.Create(_options.TempDirectory);
        try
        {
            _launch = WorkerLaunch.Resolve(_options, TemporaryDirectory);
        }
        catch
        {
            PoolTempDirectory.TryDelete(TemporaryDirectory);
            throw;
        }

        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    /// <summary>Number of worker processes.</summary>
    public int WorkerCount => _workers.Length;

    /// <summary>The options the pool was created with.</summary>
    public ProcessPoolOptions Options => _options;

    /// <summary>This pool's temporary directory (deleted by <see cref="Dispose"/>).</summary>
    public string TemporaryDirectory { get; }

    /// <summary>Process ids of the live workers.</summary>
    public IReadOnlyList<int> WorkerProcessIds =>
        _workers.Where(w => w is { IsDead: false }).Select(w => w!.Pid).ToArray();

    /// <summary>Worker processes started so far, replacements included.</summary>
    public int WorkersStarted => Volatile.Read(ref _started);

    /// <summary>Starts every worker that is not running and waits until all are ready.</summary>
    /// <exception cref="InvalidOperationException">A worker failed to start (the message quotes its stderr).</exception>
    public async Task WarmUpAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _mapLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var starts = new Task<WorkerProcess>[_workers.Length];
            for (int i = 0; i < starts.Length; i++)
            {
                starts[i] = EnsureWorkerAsync(i, cancellationToken);
            }

            await Task.WhenAll(starts).ConfigureAwait(false);
        }
        finally
        {
            _mapLock.Release();
        }
    }

    /// <summary>
    /// Runs <paramref name="kernel"/> on each of <paramref name="chunks"/> chunks of <paramref name="input"/>
    /// (<c>numpy.array_split</c> boundaries along <paramref name="axis"/>) in the worker processes.
    /// </summary>
    /// <param name="kernel">The kernel; its type and JSON parameters travel, not the instance.</param>
    /// <param name="input">The input: mapped by the workers if file-backed, else written once to a temporary <c>.npy</c>.</param>
    /// <param name="chunks">Number of chunks.</param>
    /// <param name="options">
    /// Retries (<see cref="MapOptions.MaxRetries"/>, default 2, for workers that died), per-chunk timeout
    /// (<see cref="MapOptions.ItemTimeout"/>: the worker is killed and replaced; add <see cref="TimeoutException"/> to
    /// <see cref="MapOptions.RetryOn"/> to retry), error mode, progress and cancellation. <see cref="MapOptions.Executor"/>
    /// is ignored: the map runs in this pool.
    /// </param>
    /// <param name="axis">Axis to split.</param>
    /// <returns>One result per chunk, in chunk order.</returns>
    /// <exception cref="ArgumentException">The kernel cannot run in a worker (the message says why), or a bad axis or chunk count.</exception>
    /// <exception cref="InvalidOperationException">A worker could not start or could not build the kernel (before any chunk ran).</exception>
    /// <exception cref="ChunkFailedException">Fail-fast: a chunk failed; its cause is a <see cref="RemoteKernelException"/>, a <see cref="TransientChunkException"/> naming the worker's exit code or signal, or a <see cref="TimeoutException"/>.</exception>
    /// <exception cref="MapFailedException">Collect-all: every failure by index, with the successful results.</exception>
    /// <exception cref="OperationCanceledException">The options' token fired.</exception>
    public TResult[] Map<TIn, TResult>(IChunkReduction<TIn, TResult> kernel, NdArray<TIn> input, int chunks, MapOptions? options = null, int axis = 0)
        where TIn : unmanaged
        where TResult : unmanaged =>
        MapAsync(kernel, input, chunks, options, axis).GetAwaiter().GetResult();

    /// <summary>Runs a kernel of type <typeparamref name="TKernel"/> (created with its parameterless constructor) over chunks.</summary>
    /// <inheritdoc cref="Map{TIn, TResult}(IChunkReduction{TIn, TResult}, NdArray{TIn}, int, MapOptions?, int)"/>
    public TResult[] Map<TKernel, TIn, TResult>(NdArray<TIn> input, int chunks, MapOptions? options = null, int axis = 0)
        where TKernel : IChunkReduction<TIn, TResult>, new()
        where TIn : unmanaged
        where TResult : unmanaged =>
        Map(new TKernel(), input, chunks, options, axis);

    /// <inheritdoc cref="Map{TIn, TResult}(IChunkReduction{TIn, TResult}, NdArray{TIn}, int, MapOptions?, int)"/>
    public async Task<TResult[]> MapAsync<TIn, TResult>(IChunkReduction<TIn, TResult> kernel, NdArray<TIn> input, int chunks, MapOptions? options = null, int axis = 0)
        where TIn : unmanaged
        where TResult : unmanaged
    {
        var identity = KernelLoader.Describe(kernel, typeof(IChunkReduction<,>), typeof(TIn), typeof(TResult));
        return await MapItemsAsync<TIn, TResult>(identity, input, Split(input, chunks, axis), options).ConfigureAwait(false);
    }

    private async Task<TResult[]> MapItemsAsync<TIn, TResult>(KernelIdentity identity, NdArray<TIn> input, NdArray<TIn>[] items, MapOptions? options)
        where TIn : unmanaged
        where TResult : unmanaged
    {
        var o = ForThisPool(options);
        await _mapLock.WaitAsync(o.CancellationToken).ConfigureAwait(false);
        string? tempInput = null;
        Job? job = null;
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            job = new Job(NextJobId(), KernelOperation.Reduce, identity, DescribeInput(input, out tempInput), null, items);
            await HandshakeAsync(job, o.CancellationToken).ConfigureAwait(false);
            return await ChunkScheduler.MapAsync(items, (chunk, item, ct) => RunReductionAsync<TIn, TResult>(job, chunk, item, ct), o).ConfigureAwait(false);
        }
        finally
        {
            Unload(job);
            DeleteTemporary(tempInput);
            _mapLock.Release();
        }
    }

    /// <summary>
    /// As <see cref="MapAsync{TIn, TResult}"/>, streaming <c>(chunk index, result)</c> in completion order
    /// (<c>imap_unordered</c>). Leaving the loop early stops the map; the pool is busy until the stream ends.
    /// </summary>
    /// <inheritdoc cref="Map{TIn, TResult}(IChunkReduction{TIn, TResult}, NdArray{TIn}, int, MapOptions?, int)"/>
    public async IAsyncEnumerable<(int Index, TResult Result)> MapUnordered<TIn, TResult>(IChunkReduction<TIn, TResult> kernel, NdArray<TIn> input, int chunks, MapOptions? options = null, int axis = 0)
        where TIn : unmanaged
        where TResult : unmanaged
    {
        var identity = KernelLoader.Describe(kernel, typeof(IChunkReduction<,>), typeof(TIn), typeof(TResult));
        var items = Split(input, chunks, axis);
        var o = ForThisPool(options);
        await _mapLock.WaitAsync(o.CancellationToken).ConfigureAwait(false);
        string? tempInput = null;
        Job? job = null;
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            job = new Job(NextJobId(), KernelOperation.Reduce, identity, DescribeInput(input, out tempInput), null, items);
            await HandshakeAsync(job, o.CancellationToken).ConfigureAwait(false);
            await foreach (var result in ChunkScheduler.MapUnorderedAsync(items, (chunk, item, ct) => RunReductionAsync<TIn, TResult>(job, chunk, item, ct), o).ConfigureAwait(false))
            {
                yield return result;
            }
        }
        finally
        {
            Unload(job);
            DeleteTemporary(tempInput);
            _mapLock.Release();
        }
    }

    /// <summary>
    /// Runs an elementwise <paramref name="kernel"/> over chunks of <paramref name="input"/>; the workers write the output
    /// straight into a memory-mapped <c>.npy</c> of <paramref name="input"/>'s shape (C order), each into its own chunks.
    /// </summary>
    /// <param name="kernel">The transform.</param>
    /// <param name="input">The input array (file-backed inputs are mapped by the workers; others are written once to a temporary file).</param>
    /// <param name="chunks">Number of chunks.</param>
    /// <param name="options">As for <see cref="Map{TIn, TResult}(IChunkReduction{TIn, TResult}, NdArray{TIn}, int, MapOptions?, int)"/>.</param>
    /// <param name="axis">Axis to split.</param>
    /// <param name="outputPath">
    /// Where to create the output <c>.npy</c> (kept after the array is disposed); <c>null</c> = a file in
    /// <see cref="TemporaryDirectory"/> that disposing the returned array deletes.
    /// </param>
    /// <returns>The output, mapped read-write. It can be the input of the next process map without a copy.</returns>
    /// <exception cref="ChunkFailedException">A chunk failed; the partial output file is deleted.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; the partial output file is deleted.</exception>
    public NdArray<TOut> Transform<TIn, TOut>(IChunkTransform<TIn, TOut> kernel, NdArray<TIn> input, int chunks, MapOptions? options = null, int axis = 0, string? outputPath = null)
        where TIn : unmanaged
        where TOut : unmanaged =>
        TransformAsync(kernel, input, chunks, options, axis, outputPath).GetAwaiter().GetResult();

    /// <inheritdoc cref="Transform{TIn, TOut}(IChunkTransform{TIn, TOut}, NdArray{TIn}, int, MapOptions?, int, string?)"/>
    public async Task<NdArray<TOut>> TransformAsync<TIn, TOut>(IChunkTransform<TIn, TOut> kernel, NdArray<TIn> input, int chunks, MapOptions? options = null, int axis = 0, string? outputPath = null)
        where TIn : unmanaged
        where TOut : unmanaged
    {
        var identity = KernelLoader.Describe(kernel, typeof(IChunkTransform<,>), typeof(TIn), typeof(TOut));
        var items = Split(input, chunks, axis);
        var o = ForThisPool(options);
        await _mapLock.WaitAsync(o.CancellationToken).ConfigureAwait(false);
        string? tempInput = null;
        NdArray<TOut>? output = null;
        Job? job = null;
        string path = outputPath is null ? Path.Combine(TemporaryDirectory, $"output-{NextJobId()}.npy") : Path.GetFullPath(outputPath);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var inputDescriptor = DescribeInput(input, out tempInput);
            output = CreateOutput<TOut>(path, input.Shape.ToArray(), deleteOnDispose: outputPath is null, out var outputDescriptor);
            job = new Job(NextJobId(), KernelOperation.Transform, identity, inputDescriptor, outputDescriptor, items);
            await HandshakeAsync(job, o.CancellationToken).ConfigureAwait(false);
            await ChunkScheduler.MapAsync(items, (chunk, item, ct) => RunTransformAsync(job, chunk, item, ct), o).ConfigureAwait(false);
            var done = output;
            output = null;
            return done;
        }
        finally
        {
            Unload(job);
            if (output is not null)
            {
                // Failed or cancelled: never leave a half-written output behind.
                output.Dispose();
                DeleteTemporary(path);
            }

            DeleteTemporary(tempInput);
            _mapLock.Release();
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Runs one loop per worker process (at most <see cref="WorkerCount"/>). Kernel maps (<see cref="Map{TIn, TResult}(IChunkReduction{TIn, TResult}, NdArray{TIn}, int, MapOptions?, int)"/>,
    /// <see cref="Transform{TIn, TOut}(IChunkTransform{TIn, TOut}, NdArray{TIn}, int, MapOptions?, int, string?)"/>) send
    /// each item to the worker of its loop. A delegate cannot cross a process boundary, so <c>ParallelMap</c> with a
    /// delegate and this executor runs the delegate on threads of this process, one loop per worker.
    /// </remarks>
    public int MaxConcurrency => _workers.Length;

    /// <inheritdoc/>
    public async ValueTask ExecuteAsync(IChunkWork work, int workers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(workers);
        int loops = Math.Min(workers, _workers.Length);
        var tasks = new Task[loops];
        for (int w = 0; w < loops; w++)
        {
            int worker = w;
            tasks[w] = Task.Run(async () => await work.RunWorkerAsync(worker).ConfigureAwait(false), CancellationToken.None);
        }

        await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    /// <summary>"ProcessPool(2 workers)".</summary>
    public override string ToString() => $"ProcessPool({_workers.Length} workers)";

    /// <summary>Stops the workers (Shutdown, then kill after 1 s) and deletes the temporary directory.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        ShutdownWorkers(TimeSpan.FromSeconds(1));
        PoolTempDirectory.TryDelete(TemporaryDirectory);
    }

    private void OnProcessExit(object? sender, EventArgs e)
    {
        _disposed = true;
        foreach (var w in _workers)
        {
            w?.Kill();
        }

        PoolTempDirectory.TryDelete(TemporaryDirectory);
    }

    private void ShutdownWorkers(TimeSpan wait)
    {
        // Ask all first, then wait: workers exit in parallel.
        var shutdowns = new List<Task>();
        for (int i = 0; i < _workers.Length; i++)
        {
            var w = Interlocked.Exchange(ref _workers[i], null);
            if (w is not null)
            {
                shutdowns.Add(Task.Run(() => w.Shutdown(wait)));
            }
        }

        Task.WaitAll(shutdowns);
    }

    private static NdArray<T>[] Split<T>(NdArray<T> input, int chunks, int axis)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.NDim == 0)
        {
            throw new ArgumentException("cannot split a 0-d array into chunks", nameof(input));
        }

        if (input.IsDisposed)
        {
            ThrowHelper.ThrowObjectDisposed("array");
        }

        // The chunk views carry their ChunkInfo, so failures and progress name ranges and count elements and bytes.
        return input.ArraySplit(chunks, axis);
    }

    private MapOptions ForThisPool(MapOptions? options) => (options ?? MapOptions.Default) with { Executor = this };

    private int NextJobId() => Interlocked.Increment(ref _nextJob);

    private static unsafe TResult Decode<TResult>(byte[] bytes, int chunk)
        where TResult : unmanaged
    {
        if (bytes.Length != sizeof(TResult))
        {
            throw new InvalidDataException($"worker returned {bytes.Length} bytes for chunk {chunk}; {typeof(TResult).Name} has {sizeof(TResult)}");
        }

        return MemoryMarshal.Read<TResult>(bytes);
    }

    private ArrayDescriptor DescribeInput<T>(NdArray<T> input, out string? temporaryFile)
        where T : unmanaged
    {
        if (input.IsDisposed)
        {
            ThrowHelper.ThrowObjectDisposed("array");
        }

        var mapped = input.Storage switch
        {
            MappedStorage<T> { Mode: not MapMode.CopyOnWrite } m => m,
            PoolOutputStorage<T> o => o.Map,
            _ => null,
        };
        if (mapped is not null)
        {
            // Shared file-backed map: workers map the same file; writes made through a read-write map are in the
            // shared page cache, so workers see them without a flush.
            temporaryFile = null;
            return new ArrayDescriptor(mapped.Path, mapped.ByteOffset, mapped.Length, input.Offset, input.Shape.ToArray(), input.Strides.ToArray(), Cacheable: true);
        }

        // In memory (or copy-on-write with private changes): write it once as .npy, C order, for the workers to map.
        temporaryFile = Path.Combine(TemporaryDirectory, $"input-{NextJobId()}.npy");
        NdArray.Save(temporaryFile, input);
        var header = NdArray.ReadHeader(temporaryFile);
        long[] shape = input.Shape.ToArray();
        return new ArrayDescriptor(temporaryFile, header.DataOffset, input.Size, 0, shape, NdArray.CStrides(shape), Cacheable: false);
    }

    private static NdArray<TOut> CreateOutput<TOut>(string path, long[] shape, bool deleteOnDispose, out ArrayDescriptor descriptor)
        where TOut : unmanaged
    {
        var created = NdArray.CreateMapped<TOut>(path, shape);
        var map = (MappedStorage<TOut>)created.Storage;
        long[] strides = created.Strides.ToArray();
        descriptor = new ArrayDescriptor(map.Path, map.ByteOffset, map.Length, 0, shape, strides, Cacheable: false);
        return deleteOnDispose
            ? new NdArray<TOut>(new PoolOutputStorage<TOut>(map), shape, strides, 0, ownsStorage: true)
            : created;
    }

    private static void DeleteTemporary(string? path)
    {
        if (path is null)
        {
            return;
        }

        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
