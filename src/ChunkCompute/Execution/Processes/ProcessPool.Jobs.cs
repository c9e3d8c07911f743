namespace ChunkCompute.Execution.Processes;

public sealed partial class ProcessPool
{
    /// <summary>Starts the worker of slot <paramref name="slot"/> if it is missing or dead.</summary>
    private async Task<WorkerProcess> EnsureWorkerAsync(int slot, CancellationToken cancellationToken)
    {
        var current = _workers[slot];
        if (current is { IsDead: false })
        {
            return current;
        }

        current?.Dispose();
        _workers[slot] = null;
        ObjectDisposedException.ThrowIf(_disposed, this);
        var worker = await WorkerProcess.StartAsync(_launch, _options.StartTimeout, cancellationToken).ConfigureAwait(false);
        Interlocked.Increment(ref _started);
        if (_disposed)
        {
            worker.Kill();
            worker.Dispose();
            ObjectDisposedException.ThrowIf(true, this);
        }

        _workers[slot] = worker;
        return worker;
    }

    /// <summary>Loads <paramref name="job"/> into the worker of <paramref name="slot"/> (starting it if needed).</summary>
    /// <exception cref="InvalidOperationException">The worker could not build the kernel (never retried).</exception>
    /// <exception cref="TransientChunkException">The worker died while loading.</exception>
    private async Task<WorkerProcess> EnsureLoadedAsync(Job job, int slot, CancellationToken cancellationToken)
    {
        var worker = await EnsureWorkerAsync(slot, cancellationToken).ConfigureAwait(false);
        if (!worker.HasLoaded(job.Id))
        {
            var error = await worker.LoadAsync(job.Id, job.WriteLoad, cancellationToken).ConfigureAwait(false);
            if (error is not null)
            {
                throw new InvalidOperationException(
                    $"Worker process {worker.Pid} could not load kernel '{job.Kernel.TypeName}' from '{job.Kernel.AssemblyPath}': {error.Type}: {error.Message}",
                    new RemoteKernelException(error, worker.Pid));
            }
        }

        return worker;
    }

    /// <summary>
    /// The first handshake: every worker the map will use loads the kernel and maps the arrays, so a kernel a worker
    /// cannot build fails the map before any chunk runs. A worker that dies here is replaced by the chunk that needs it.
    /// </summary>
    private async Task HandshakeAsync(Job job, CancellationToken cancellationToken)
    {
        int loops = Math.Min(_workers.Length, job.ChunkCount);
        var loads = new Task[loops];
        for (int s = 0; s < loops; s++)
        {
            loads[s] = LoadTolerantAsync(job, s, cancellationToken);
        }

        await Task.WhenAll(loads).ConfigureAwait(false);

        async Task LoadTolerantAsync(Job job, int slot, CancellationToken cancellationToken)
        {
            try
            {
                await RunOnSlotAsync(slot, () => EnsureLoadedAsync(job, slot, cancellationToken)).ConfigureAwait(false);
            }
            catch (TransientChunkException)
            {
                // Retried on a fresh worker by the chunk loop.
            }
        }
    }

    private async ValueTask<TResult> RunReductionAsync<TIn, TResult>(Job job, NdArray<TIn> chunk, MapItem item, CancellationToken cancellationToken)
        where TIn : unmanaged
        where TResult : unmanaged
    {
        var info = chunk.Chunk!.Value;
        byte[] bytes = await RunChunkAsync(job, item, info, cancellationToken).ConfigureAwait(false);
        return Decode<TResult>(bytes, info.Index);
    }

    private async ValueTask<bool> RunTransformAsync<TIn>(Job job, NdArray<TIn> chunk, MapItem item, CancellationToken cancellationToken)
        where TIn : unmanaged
    {
        _ = await RunChunkAsync(job, item, chunk.Chunk!.Value, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Runs one attempt of one chunk on the worker process of loop <see cref="MapItem.Worker"/>; a worker that died or
    /// was killed (timeout, cancellation) is dropped so the next attempt starts a fresh one.
    /// </summary>
    private Task<byte[]> RunChunkAsync(Job job, MapItem item, ChunkInfo chunk, CancellationToken cancellationToken) =>
        RunOnSlotAsync(item.Worker, async () =>
        {
            var worker = await EnsureLoadedAsync(job, item.Worker, cancellationToken).ConfigureAwait(false);
            return await worker.RunAsync(job.Id, chunk.Index, chunk.Count, chunk.Offset, chunk.Length, item.Attempt - 1, _options.CancellationGrace, cancellationToken).ConfigureAwait(false);
        });

    private async Task<T> RunOnSlotAsync<T>(int slot, Func<Task<T>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        finally
        {
            var worker = _workers[slot];
            if (worker is { IsDead: true })
            {
                _workers[slot] = null;
                worker.Dispose();
            }
        }
    }

    private void Unload(Job? job)
    {
        if (job is null)
        {
            return;
        }

        foreach (var w in _workers)
        {
            w?.Unload(job.Id);
        }
    }

    /// <summary>One map as the workers see it.</summary>
    private sealed class Job(int id, KernelOperation operation, KernelIdentity kernel, ArrayDescriptor input, ArrayDescriptor? output, NdArray[] chunks)
    {
        public int Id { get; } = id;

        public KernelIdentity Kernel { get; } = kernel;

        public int ChunkCount { get; } = chunks.Length;

        public void WriteLoad(BinaryWriter w)
        {
            w.Write((byte)operation);
            w.Write(Kernel.AssemblyPath);
            w.Write(Kernel.TypeName);
            w.Write(Kernel.InType.AssemblyQualifiedName!);
            w.Write(Kernel.OutType.AssemblyQualifiedName!);
            w.Write(Kernel.Json);
            w.Write(chunks.Length > 0 ? chunks[0].Chunk!.Value.Axis : 0);
            input.Write(w);
            w.Write(output is not null);
            output?.Write(w);
        }
    }
}
