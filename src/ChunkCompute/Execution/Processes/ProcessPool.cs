using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ChunkCompute.Chunking;
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
/// <para><b>Workers</b> are started once (lazily, or by <see cref="WarmUpAsync"/>) and reused by every map. They are
/// <c>dotnet ChunkCompute.Worker.dll</c>, found next to ChunkCompute.dll without configuration (see
/// <see cref="ProcessPoolOptions.WorkerPath"/>). A pool runs one map at a time; concurrent calls wait their turn.</para>
/// <para><b>Faults.</b> A worker that dies (killed, crashed, OOM-killed) is noticed at once by the end of its output
/// pipe; its chunk is retried on a fresh worker up to <see cref="ProcessPoolOptions.MaxRetries"/> times and then fails
/// with a <see cref="ChunkFailedException"/> naming the chunk, the attempts and the exit code or signal. A kernel
/// exception comes back as <see cref="RemoteKernelException"/> (type, message, remote stack) inside the
/// <see cref="ChunkFailedException"/>. Cancellation lets running chunks finish for
/// <see cref="ProcessPoolOptions.CancellationGrace"/>, then kills their workers. Workers exit by themselves within a
/// second when the coordinator dies (end of stdin, and a <c>getppid()</c> watchdog), removing the pool's temporary
/// directory; stale directories of dead coordinators are removed when the next pool starts.</para>
/// </remarks>
public sealed partial class ProcessPool : IDisposable
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
    /// <returns>One result per chunk, in chunk order.</returns>
    /// <exception cref="ArgumentException">The kernel cannot run in a worker (the message says why), or a bad axis or chunk count.</exception>
    /// <exception cref="ChunkFailedException">A chunk failed (fail-fast mode).</exception>
    /// <exception cref="AggregateException">Chunks failed (collect-all mode): every <see cref="ChunkFailedException"/> by index.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired.</exception>
    public TResult[] Map<TIn, TResult>(IChunkReduction<TIn, TResult> kernel, NdArray<TIn> input, int chunks, int axis = 0, CancellationToken cancellationToken = default)
        where TIn : unmanaged
        where TResult : unmanaged =>
        MapAsync(kernel, input, chunks, axis, cancellationToken).GetAwaiter().GetResult();

    /// <summary>Runs a kernel of type <typeparamref name="TKernel"/> (created with its parameterless constructor) over chunks.</summary>
    /// <inheritdoc cref="Map{TIn, TResult}(IChunkReduction{TIn, TResult}, NdArray{TIn}, int, int, CancellationToken)"/>
    public TResult[] Map<TKernel, TIn, TResult>(NdArray<TIn> input, int chunks, int axis = 0, CancellationToken cancellationToken = default)
        where TKernel : IChunkReduction<TIn, TResult>, new()
        where TIn : unmanaged
        where TResult : unmanaged =>
        Map(new TKernel(), input, chunks, axis, cancellationToken);

    /// <inheritdoc cref="Map{TIn, TResult}(IChunkReduction{TIn, TResult}, NdArray{TIn}, int, int, CancellationToken)"/>
    public async Task<TResult[]> MapAsync<TIn, TResult>(IChunkReduction<TIn, TResult> kernel, NdArray<TIn> input, int chunks, int axis = 0, CancellationToken cancellationToken = default)
        where TIn : unmanaged
        where TResult : unmanaged
    {
        var identity = KernelLoader.Describe(kernel, typeof(IChunkReduction<,>), typeof(TIn), typeof(TResult));
        var (plan, normalizedAxis) = Plan(input, chunks, axis);
        await _mapLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        string? tempInput = null;
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var inputDescriptor = DescribeInput(input, out tempInput);
            var job = new Job(Interlocked.Increment(ref _nextJob), KernelOperation.Reduce, identity, inputDescriptor, null, normalizedAxis, plan);
            var results = new TResult[plan.Count];
            await RunJobAsync(job, (chunk, bytes) => results[chunk] = Decode<TResult>(bytes, chunk), cancellationToken).ConfigureAwait(false);
            return results;
        }
        finally
        {
            DeleteTemporary(tempInput);
            _mapLock.Release();
        }
    }

    /// <summary>
    /// Runs an elementwise <paramref name="kernel"/> over chunks of <paramref name="input"/>; the workers write the output
    /// straight into a memory-mapped file of <paramref name="input"/>'s shape (C order), each into its own chunks.
    /// </summary>
    /// <param name="kernel">The transform.</param>
    /// <param name="input">The input array (file-backed inputs are mapped by the workers; others are written once to a temporary file).</param>
    /// <param name="chunks">Number of chunks.</param>
    /// <param name="axis">Axis to split.</param>
    /// <param name="cancellationToken">Cancels the map; the partial output file is deleted.</param>
    /// <returns>
    /// The output, mapped read-write from a file in <see cref="TemporaryDirectory"/>; disposing it deletes the file
    /// (so does disposing the pool). It can be the input of the next process map without a copy.
    /// </returns>
    /// <exception cref="ChunkFailedException">A chunk failed; the partial output file is deleted.</exception>
    public NdArray<TOut> Transform<TIn, TOut>(IChunkTransform<TIn, TOut> kernel, NdArray<TIn> input, int chunks, int axis = 0, CancellationToken cancellationToken = default)
        where TIn : unmanaged
        where TOut : unmanaged =>
        TransformAsync(kernel, input, chunks, axis, cancellationToken).GetAwaiter().GetResult();

    /// <inheritdoc cref="Transform{TIn, TOut}(IChunkTransform{TIn, TOut}, NdArray{TIn}, int, int, CancellationToken)"/>
    public async Task<NdArray<TOut>> TransformAsync<TIn, TOut>(IChunkTransform<TIn, TOut> kernel, NdArray<TIn> input, int chunks, int axis = 0, CancellationToken cancellationToken = default)
        where TIn : unmanaged
        where TOut : unmanaged
    {
        var identity = KernelLoader.Describe(kernel, typeof(IChunkTransform<,>), typeof(TIn), typeof(TOut));
        var (plan, normalizedAxis) = Plan(input, chunks, axis);
        await _mapLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        string? tempInput = null;
        NdArray<TOut>? output = null;
        string? outputPath = null;
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var inputDescriptor = DescribeInput(input, out tempInput);
            int jobId = Interlocked.Increment(ref _nextJob);
            outputPath = Path.Combine(TemporaryDirectory, $"output-{jobId}.bin");
            output = CreateOutput<TOut>(outputPath, input.Shape.ToArray(), out var outputDescriptor);
            var job = new Job(jobId, KernelOperation.Transform, identity, inputDescriptor, outputDescriptor, normalizedAxis, plan);
            await RunJobAsync(job, static (_, _) => { }, cancellationToken).ConfigureAwait(false);
            var done = output;
            output = null;
            return done;
        }
        finally
        {
            if (output is not null)
            {
                // Failed or cancelled: never leave a half-written output behind.
                output.Dispose();
                DeleteTemporary(outputPath);
            }

            DeleteTemporary(tempInput);
            _mapLock.Release();
        }
    }

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

    private static (ChunkPlan Plan, int Axis) Plan<T>(NdArray<T> input, int chunks, int axis)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.NDim == 0)
        {
            throw new ArgumentException("cannot split a 0-d array into chunks", nameof(input));
        }

        int a = axis < 0 ? axis + input.NDim : axis;
        if ((uint)a >= (uint)input.NDim)
        {
            throw new AxisOutOfRangeException(axis, input.NDim);
        }

        return (ChunkPlan.ArraySplit(input.Shape[a], chunks), a);
    }

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

        // In memory (or copy-on-write with private changes): write it once, C order, for the workers to map.
        temporaryFile = Path.Combine(TemporaryDirectory, $"input-{Interlocked.Increment(ref _nextJob)}.bin");
        using (var stream = new FileStream(temporaryFile, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 1 << 16))
        {
            input.WriteBytesTo(stream, fortranOrder: false);
        }

        long[] shape = input.Shape.ToArray();
        return new ArrayDescriptor(temporaryFile, 0, input.Size, 0, shape, NdArray.CStrides(shape), Cacheable: false);
    }

    private static NdArray<TOut> CreateOutput<TOut>(string path, long[] shape, out ArrayDescriptor descriptor)
        where TOut : unmanaged
    {
        long size = 1;
        foreach (long d in shape)
        {
            size = checked(size * d);
        }

        using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.ReadWrite))
        {
            stream.SetLength(checked(size * Unsafe.SizeOf<TOut>()));
        }

        var storage = new PoolOutputStorage<TOut>(new MappedStorage<TOut>(path, 0, size, MapMode.ReadWrite));
        long[] strides = NdArray.CStrides(shape);
        descriptor = new ArrayDescriptor(path, 0, size, 0, shape, strides, Cacheable: false);
        return new NdArray<TOut>(storage, shape, strides, 0, ownsStorage: true);
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
