using System.Diagnostics;

namespace ChunkCompute.Execution.Processes;

/// <summary>
/// The coordinator's handle on one worker process: starts it, exchanges <see cref="WorkerProtocol"/> frames with it,
/// notices its death (end of its stdout, then its exit status) and kills it when asked. One request at a time.
/// </summary>
internal sealed class WorkerProcess : IDisposable
{
    private const int StderrLines = 40;
    private readonly Process _process;
    private readonly Stream _stdin;
    private readonly Stream _stdout;
    private readonly Queue<string> _stderr = new();
    private readonly HashSet<int> _loadedJobs = [];
    private readonly Lock _sendLock = new();
    private Task<Frame?>? _pendingRead;
    private volatile bool _dead;

    private WorkerProcess(Process process)
    {
        _process = process;
        _stdin = process.StandardInput.BaseStream;
        _stdout = process.StandardOutput.BaseStream;
        Pid = process.Id;
    }

    /// <summary>The worker's process id.</summary>
    public int Pid { get; }

    /// <summary>True once the worker was seen dead or was killed; a dead worker is replaced, never reused.</summary>
    public bool IsDead => _dead || _process.HasExited;

    /// <summary>Starts a worker and waits for its Ready frame.</summary>
    /// <exception cref="InvalidOperationException">The worker could not start or did not say Ready within <paramref name="startTimeout"/>.</exception>
    public static async Task<WorkerProcess> StartAsync(WorkerLaunch launch, TimeSpan startTimeout, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(launch.HostPath)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
        };
        if (launch.WorkerDll is not null)
        {
            info.ArgumentList.Add(launch.WorkerDll);
        }

        info.ArgumentList.Add(launch.LibraryDll);
        info.ArgumentList.Add("--parent");
        info.ArgumentList.Add(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        info.ArgumentList.Add("--temp");
        info.ArgumentList.Add(launch.TempDirectory);

        // Workstation, non-concurrent GC: a worker is one compute thread, not a server.
        info.Environment["DOTNET_gcServer"] = "0";
        info.Environment["DOTNET_gcConcurrent"] = "0";
        foreach (var (key, value) in launch.Environment)
        {
            info.Environment[key] = value;
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException("Process.Start returned null");
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new InvalidOperationException($"Could not start a worker process '{launch.Describe()}': {e.Message}", e);
        }

        var worker = new WorkerProcess(process);
        process.ErrorDataReceived += worker.OnStderr;
        process.BeginErrorReadLine();

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(startTimeout);
        try
        {
            Frame? ready = await worker.ReceiveOrDieAsync(timeout.Token).ConfigureAwait(false);
            if (ready is null || ready.Kind != MessageKind.Ready)
            {
                string why = ready is null ? await worker.DescribeExitAsync().ConfigureAwait(false) : $"it sent frame kind {ready.Kind} instead of Ready";
                worker.Kill();
                throw new InvalidOperationException($"Worker process '{launch.Describe()}' failed to start: {why}");
            }

            using var r = ready.Fields();
            int version = r.ReadInt32();
            if (version != WorkerProtocol.Version)
            {
                worker.Kill();
                throw new InvalidOperationException($"Worker '{launch.Describe()}' speaks protocol {version}, the coordinator {WorkerProtocol.Version}: the worker and ChunkCompute.dll come from different builds.");
            }

            return worker;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            worker.Kill();
            throw new InvalidOperationException($"Worker process '{launch.Describe()}' (pid {worker.Pid}) did not become ready within {startTimeout.TotalSeconds:0.#} s.{worker.StderrTail()}");
        }
        catch
        {
            worker.Kill();
            throw;
        }
    }

    /// <summary>True when job <paramref name="job"/> is loaded in this worker.</summary>
    public bool HasLoaded(int job) => _loadedJobs.Contains(job);

    /// <summary>Sends a Load frame and waits for its answer.</summary>
    /// <returns>Null when loaded; otherwise the remote error (type, message, stack).</returns>
    /// <exception cref="TransientChunkException">The worker died while loading.</exception>
    public async Task<RemoteError?> LoadAsync(int job, Action<BinaryWriter> writeLoad, CancellationToken cancellationToken)
    {
        using (var frame = new FrameWriter(MessageKind.Load))
        {
            frame.Fields.Write(job);
            writeLoad(frame.Fields);
            Send(frame);
        }

        Frame? reply;
        try
        {
            reply = await ReceiveOrDieAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The answer is still on its way; a worker with an unread reply cannot be reused.
            Kill();
            throw;
        }

        if (reply is null)
        {
            throw new TransientChunkException($"worker pid {Pid} died while loading the kernel: {await DescribeExitAsync().ConfigureAwait(false)}");
        }

        if (reply.Kind is not (MessageKind.Loaded or MessageKind.LoadFailed))
        {
            Kill();
            throw new TransientChunkException($"worker pid {Pid} answered Load with frame kind {reply.Kind}; it was replaced");
        }

        using var r = reply.Fields();
        _ = r.ReadInt32();
        if (reply.Kind == MessageKind.Loaded)
        {
            _loadedJobs.Add(job);
            return null;
        }

        return RemoteError.Read(r);
    }

    /// <summary>Runs one chunk and returns the Result frame's bytes.</summary>
    /// <exception cref="TransientChunkException">The worker died (its exit code or signal is in the message).</exception>
    /// <exception cref="RemoteKernelException">The kernel threw in the worker.</exception>
    /// <exception cref="OperationCanceledException">The token fired; the worker was given <paramref name="grace"/> to finish, then killed.</exception>
    public async Task<byte[]> RunAsync(int job, int chunk, int count, long start, long length, int attempt, TimeSpan grace, CancellationToken cancellationToken)
    {
        using (var frame = new FrameWriter(MessageKind.Run))
        {
            var w = frame.Fields;
            w.Write(job);
            w.Write(chunk);
            w.Write(count);
            w.Write(start);
            w.Write(length);
            w.Write(attempt);
            Send(frame);
        }

        Frame? reply;
        try
        {
            reply = await ReceiveOrDieAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Let a kernel that is about to finish finish (the worker stays warm); kill one that does not.
            bool finished = false;
            try
            {
                finished = await _pendingRead!.WaitAsync(grace, CancellationToken.None).ConfigureAwait(false) is not null;
            }
            catch (Exception e) when (e is TimeoutException or IOException or InvalidDataException or ObjectDisposedException)
            {
            }

            if (finished)
            {
                _pendingRead = null;
            }
            else
            {
                Kill();
            }

            throw;
        }

        if (reply is null)
        {
            throw new TransientChunkException($"worker pid {Pid} died running chunk {chunk} (attempt {attempt + 1}): {await DescribeExitAsync().ConfigureAwait(false)}");
        }

        using var r = reply.Fields();
        int replyChunk = r.ReadInt32();
        if (replyChunk != chunk || reply.Kind is not (MessageKind.Result or MessageKind.Failed))
        {
            Kill();
            throw new TransientChunkException($"worker pid {Pid} answered chunk {replyChunk} instead of {chunk}; it was replaced");
        }

        if (reply.Kind == MessageKind.Failed)
        {
            throw new RemoteKernelException(RemoteError.Read(r), Pid);
        }

        return r.ReadBytes(r.ReadInt32());
    }

    /// <summary>Tells the worker to drop job <paramref name="job"/> (no reply).</summary>
    public void Unload(int job)
    {
        if (!_loadedJobs.Remove(job) || IsDead)
        {
            return;
        }

        using var frame = new FrameWriter(MessageKind.Unload);
        frame.Fields.Write(job);
        TrySend(frame);
    }

    /// <summary>Asks the worker to exit, waits up to <paramref name="wait"/>, then kills it.</summary>
    public void Shutdown(TimeSpan wait)
    {
        if (!IsDead)
        {
            using (var frame = new FrameWriter(MessageKind.Shutdown))
            {
                TrySend(frame);
            }

            try
            {
                _stdin.Dispose();
            }
            catch (IOException)
            {
            }

            if (!_process.WaitForExit(wait))
            {
                Kill();
            }
        }

        Dispose();
    }

    /// <summary>Kills the worker (SIGKILL) and reaps it; safe to call more than once.</summary>
    public void Kill()
    {
        _dead = true;
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
            }

            _process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
        }
        catch (System.ComponentModel.Win32Exception)
        {
        }
    }

    /// <summary>How the worker ended: exit code or signal, and the tail of its stderr.</summary>
    public async Task<string> DescribeExitAsync()
    {
        _dead = true;
        using (var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            try
            {
                await _process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // stdout closed but the process lingers: it is useless, so kill it.
                Kill();
            }
        }

        if (!_process.HasExited)
        {
            return $"it closed its output and was killed{StderrTail()}";
        }

        return DescribeExitCode(_process.ExitCode) + StderrTail();
    }

    /// <summary>"exit code 3" or "killed by signal 9 (SIGKILL)" (.NET reports a signal as 128 + its number).</summary>
    public static string DescribeExitCode(int code)
    {
        if (code is > 128 and < 128 + 65 && OperatingSystem.IsLinux())
        {
            int signal = code - 128;
            string name = signal switch
            {
                1 => "SIGHUP",
                2 => "SIGINT",
                4 => "SIGILL",
                6 => "SIGABRT",
                7 => "SIGBUS",
                8 => "SIGFPE",
                9 => "SIGKILL",
                11 => "SIGSEGV",
                13 => "SIGPIPE",
                15 => "SIGTERM",
                _ => "signal " + signal,
            };
            string hint = signal == 9 ? ", e.g. kill -9 or the OOM killer" : signal == 6 ? ", e.g. an unhandled exception or abort()" : string.Empty;
            return $"killed by signal {signal} ({name}{hint}), exit status {code}";
        }

        return $"exit code {code}";
    }

    public void Dispose()
    {
        _dead = true;
        try
        {
            _process.CancelErrorRead();
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
    }

    private string StderrTail()
    {
        lock (_stderr)
        {
            return _stderr.Count == 0 ? string.Empty : $"; worker stderr:{Environment.NewLine}{string.Join(Environment.NewLine, _stderr)}";
        }
    }

    private void OnStderr(object sender, DataReceivedEventArgs e)
    {
        if (e.Data is null)
        {
            return;
        }

        lock (_stderr)
        {
            if (_stderr.Count == StderrLines)
            {
                _stderr.Dequeue();
            }

            _stderr.Enqueue(e.Data);
        }
    }

    private void Send(FrameWriter frame)
    {
        try
        {
            lock (_sendLock)
            {
                frame.SendTo(_stdin);
            }
        }
        catch (IOException e)
        {
            // Broken pipe: the worker is dead; the read that follows reports how it ended.
            _dead = true;
            _ = e;
        }
        catch (ObjectDisposedException)
        {
            _dead = true;
        }
    }

    private void TrySend(FrameWriter frame) => Send(frame);

    private Task<Frame?> ReceiveAsync()
    {
        _pendingRead ??= WorkerProtocol.ReadAsync(_stdout).AsTask();
        return _pendingRead;
    }

    private async Task<Frame?> ReceiveOrDieAsync(CancellationToken cancellationToken)
    {
        Task<Frame?> read = ReceiveAsync();
        Frame? frame;
        try
        {
            frame = await read.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ObjectDisposedException)
        {
            // A broken or corrupt stream: the worker is useless either way.
            _pendingRead = null;
            Kill();
            return null;
        }

        _pendingRead = null;
        return frame;
    }
}

/// <summary>An exception thrown in a worker, as text.</summary>
/// <param name="Type">Full name of the exception type.</param>
/// <param name="Message">Its message.</param>
/// <param name="StackTrace">Its <c>ToString()</c> (type, message, inner exceptions and stack).</param>
internal sealed record RemoteError(string Type, string Message, string StackTrace)
{
    public static RemoteError Read(BinaryReader r) => new(r.ReadString(), r.ReadString(), r.ReadString());
}
