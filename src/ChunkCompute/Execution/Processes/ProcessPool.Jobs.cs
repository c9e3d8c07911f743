using System.Collections.Concurrent;
using ChunkCompute.Chunking;

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
    /// <exception cref="KernelLoadFailure">The worker could not build the kernel: the whole map fails before any chunk.</exception>
    private async Task<WorkerProcess> EnsureLoadedAsync(Job job, int slot, CancellationToken cancellationToken)
    {
        var worker = await EnsureWorkerAsync(slot, cancellationToken).ConfigureAwait(false);
        if (!worker.HasLoaded(job.Id))
        {
            var error = await worker.LoadAsync(job.Id, job.WriteLoad, cancellationToken).ConfigureAwait(false);
            if (error is not null)
            {
                throw new KernelLoadFailure(
                    $"Worker process {worker.Pid} could not load kernel '{job.Kernel.TypeName}' from '{job.Kernel.AssemblyPath}': {error.Type}: {error.Message}",
                    new RemoteKernelException(error, worker.Pid));
            }
        }

        return worker;
    }

    /// <summary>Runs one attempt of one chunk on the worker of <paramref name="slot"/>; replaces the worker if it died.</summary>
    private async Task<byte[]> RunChunkAsync(Job job, int slot, int chunk, int attempt, CancellationToken cancellationToken)
    {
        WorkerProcess? worker = null;
        try
        {
            worker = await EnsureLoadedAsync(job, slot, cancellationToken).ConfigureAwait(false);
            var (start, length) = job.Plan[chunk];
            return await worker.RunAsync(job.Id, chunk, job.Plan.Count, start, length, attempt, _options.CancellationGrace, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (worker is { IsDead: true } && ReferenceEquals(_workers[slot], worker))
            {
                _workers[slot] = null;
                worker.Dispose();
            }
        }
    }

    /// <summary>
    /// Runs every chunk of <paramref name="job"/>: one loop per worker claims chunks, retries those whose worker died or
    /// timed out, and records failures; <paramref name="deliver"/> gets each result exactly once.
    /// </summary>
    private async Task RunJobAsync(Job job, Action<int, byte[]> deliver, CancellationToken cancellationToken)
    {
        int count = job.Plan.Count;
        int loops = Math.Min(_workers.Length, Math.Max(count, 1));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            // Handshake first: every worker loads the kernel, so a kernel it cannot build fails before any chunk runs.
            var loads = new Task[loops];
            for (int s = 0; s < loops; s++)
            {
                loads[s] = LoadTolerantAsync(job, s, stop.Token);
            }

            await Task.WhenAll(loads).ConfigureAwait(false);

            var state = new JobState(count);
            var tasks = new Task[loops];
            for (int s = 0; s < loops; s++)
            {
                int slot = s;
                tasks[s] = Task.Run(() => LoopAsync(job, slot, state, deliver, stop), CancellationToken.None);
            }

            await Task.WhenAll(tasks).ConfigureAwait(false);

            if (!_options.CollectAllErrors && state.FirstFailure is { } first)
            {
                throw first;
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (!state.Failures.IsEmpty)
            {
                var ordered = state.Failures.OrderBy(f => f.Index).ToArray();
                throw new AggregateException($"{ordered.Length} of {count} chunks failed (indices {string.Join(", ", ordered.Take(10).Select(f => f.Index))}); first: {ordered[0].Message}", ordered);
            }
        }
        catch (KernelLoadFailure e)
        {
            throw new InvalidOperationException(e.Message, e.InnerException);
        }
        finally
        {
            foreach (var w in _workers)
            {
                w?.Unload(job.Id);
            }
        }
    }

    /// <summary>Loads the job; a worker that dies while loading is replaced later by the chunk loop.</summary>
    private async Task LoadTolerantAsync(Job job, int slot, CancellationToken cancellationToken)
    {
        try
        {
            _ = await EnsureLoadedAsync(job, slot, cancellationToken).ConfigureAwait(false);
        }
        catch (TransientChunkException)
        {
            // The chunk loop retries on a fresh worker.
        }
    }

    private async Task LoopAsync(Job job, int slot, JobState state, Action<int, byte[]> deliver, CancellationTokenSource stop)
    {
        var token = stop.Token;
        while (!token.IsCancellationRequested && state.TryClaim(out int chunk))
        {
            int attempt = state.Attempts[chunk];
            using var attemptToken = _options.ChunkTimeout is { } timeout ? CancellationTokenSource.CreateLinkedTokenSource(token) : null;
            attemptToken?.CancelAfter(_options.ChunkTimeout!.Value);
            Exception? failure = null;
            bool retryable = false;
            try
            {
                byte[] bytes = await RunChunkAsync(job, slot, chunk, attempt, attemptToken?.Token ?? token).ConfigureAwait(false);
                deliver(chunk, bytes);
                continue;
            }
            catch (TransientChunkException e)
            {
                failure = e;
                retryable = true;
            }
            catch (RemoteKernelException e)
            {
                failure = e;
                retryable = _options.RetryKernelExceptions;
            }
            catch (OperationCanceledException) when (attemptToken is not null && attemptToken.IsCancellationRequested && !token.IsCancellationRequested)
            {
                failure = new TimeoutException($"chunk {chunk} did not finish within the chunk timeout of {_options.ChunkTimeout!.Value.TotalSeconds:0.###} s; its worker was killed");
                retryable = true;
            }
            catch (OperationCanceledException)
            {
                state.Release(chunk);
                break;
            }
            catch (KernelLoadFailure)
            {
                stop.Cancel();
                throw;
            }

            int attempts = attempt + 1;
            state.Attempts[chunk] = attempts;
            if (retryable && attempts <= _options.MaxRetries)
            {
                state.Retry(chunk);
                continue;
            }

            var (start, length) = job.Plan[chunk];
            var info = new ChunkInfo(chunk, job.Plan.Count, job.Axis, start, length);
            var error = new ChunkFailedException(chunk, info, attempts, failure, $"kernel {job.Kernel.TypeName}");
            state.Fail(error);
            if (!_options.CollectAllErrors)
            {
                stop.Cancel();
            }
        }
    }

    /// <summary>Work distribution of one job: a claim counter, a retry queue, attempts and failures per chunk.</summary>
    private sealed class JobState(int count)
    {
        private readonly ConcurrentQueue<int> _retries = new();
        private int _next;
        private ChunkFailedException? _first;

        public int[] Attempts { get; } = new int[count];

        public ConcurrentBag<ChunkFailedException> Failures { get; } = [];

        public ChunkFailedException? FirstFailure => Volatile.Read(ref _first);

        public bool TryClaim(out int chunk)
        {
            if (_retries.TryDequeue(out chunk))
            {
                return true;
            }

            chunk = Interlocked.Increment(ref _next) - 1;
            return chunk < count;
        }

        public void Retry(int chunk) => _retries.Enqueue(chunk);

        public void Release(int chunk) => _retries.Enqueue(chunk);

        public void Fail(ChunkFailedException error)
        {
            Failures.Add(error);
            Interlocked.CompareExchange(ref _first, error, null);
        }
    }

    /// <summary>One map as the workers see it.</summary>
    private sealed record Job(int Id, KernelOperation Operation, KernelIdentity Kernel, ArrayDescriptor Input, ArrayDescriptor? Output, int Axis, ChunkPlan Plan)
    {
        public void WriteLoad(BinaryWriter w)
        {
            w.Write((byte)Operation);
            w.Write(Kernel.AssemblyPath);
            w.Write(Kernel.TypeName);
            w.Write(Kernel.InType.AssemblyQualifiedName!);
            w.Write(Kernel.OutType.AssemblyQualifiedName!);
            w.Write(Kernel.Json);
            w.Write(Axis);
            Input.Write(w);
            w.Write(Output is not null);
            Output?.Write(w);
        }
    }

    /// <summary>A worker could not build the kernel (never retried; fails the map).</summary>
    private sealed class KernelLoadFailure(string message, Exception inner) : Exception(message, inner);
}
