using System.Runtime.InteropServices;
using ChunkCompute.Storage;

namespace ChunkCompute.Execution.Processes;

/// <summary>
/// The worker side of <see cref="ProcessPool"/>: the loop that <c>ChunkCompute.Worker.dll</c> calls. It reads
/// <see cref="WorkerProtocol"/> frames from stdin, maps the arrays named in each job, runs the kernel on the chunks it
/// is sent and answers on stdout. It exits when stdin ends, on a Shutdown frame, or when its parent process is gone.
/// </summary>
internal static partial class WorkerHost
{
    private static readonly Dictionary<string, CachedMap> InputCache = new(StringComparer.Ordinal);
    private static string? s_temp;

    /// <summary>Runs the worker loop. Arguments: <c>--parent &lt;pid&gt; [--temp &lt;dir&gt;]</c>.</summary>
    /// <returns>The process exit code.</returns>
    public static int Run(string[] args)
    {
        int parent = 0;
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--parent":
                    parent = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case "--temp":
                    s_temp = args[i + 1];
                    break;
            }
        }

        Stream input = Console.OpenStandardInput();
        Stream output = Console.OpenStandardOutput();

        // stdout carries frames; anything a kernel prints goes to stderr, which the coordinator drains.
        Console.SetOut(Console.Error);
        StartParentWatchdog(parent);

        using (var ready = new FrameWriter(MessageKind.Ready))
        {
            ready.Fields.Write(WorkerProtocol.Version);
            ready.Fields.Write(Environment.ProcessId);
            ready.SendTo(output);
        }

        var jobs = new Dictionary<int, IJobRunner>();
        while (true)
        {
            Frame? frame = WorkerProtocol.Read(input);
            if (frame is null)
            {
                // stdin closed without a Shutdown: the coordinator is gone.
                ParentGone();
                return 0;
            }

            using var r = frame.Fields();
            switch (frame.Kind)
            {
                case MessageKind.Load:
                    Load(r, jobs, output);
                    break;
                case MessageKind.Run:
                    RunChunk(r, jobs, output);
                    break;
                case MessageKind.Unload:
                    if (jobs.Remove(r.ReadInt32(), out var done))
                    {
                        done.Dispose();
                    }

                    break;
                case MessageKind.Shutdown:
                    foreach (var job in jobs.Values)
                    {
                        job.Dispose();
                    }

                    return 0;
                default:
                    Console.Error.WriteLine($"chunkcompute worker {Environment.ProcessId}: unexpected frame kind {(int)frame.Kind}");
                    return 65;
            }
        }
    }

    private static void Load(BinaryReader r, Dictionary<int, IJobRunner> jobs, Stream output)
    {
        int job = r.ReadInt32();
        try
        {
            var operation = (KernelOperation)r.ReadByte();
            string assemblyPath = r.ReadString();
            string typeName = r.ReadString();
            string inName = r.ReadString();
            string outName = r.ReadString();
            string json = r.ReadString();
            int axis = r.ReadInt32();
            var input = ArrayDescriptor.Read(r);
            ArrayDescriptor? outputArray = r.ReadBoolean() ? ArrayDescriptor.Read(r) : null;

            // Load the kernel's assembly first: the result type may live there.
            KernelLoader.LoadAssembly(assemblyPath);
            Type inType = KernelLoader.ResolveType(inName, assemblyPath);
            Type outType = KernelLoader.ResolveType(outName, assemblyPath);
            Type interfaceDefinition = operation == KernelOperation.Reduce ? typeof(IChunkReduction<,>) : typeof(IChunkTransform<,>);
            object kernel = KernelLoader.Create(assemblyPath, typeName, json, interfaceDefinition.MakeGenericType(inType, outType));
            Type runnerType = operation == KernelOperation.Reduce
                ? typeof(ReduceRunner<,>).MakeGenericType(inType, outType)
                : typeof(TransformRunner<,>).MakeGenericType(inType, outType);
            var runner = (IJobRunner)Activator.CreateInstance(runnerType, kernel, input, outputArray, axis)!;
            jobs[job] = runner;
            using var reply = new FrameWriter(MessageKind.Loaded);
            reply.Fields.Write(job);
            reply.SendTo(output);
        }
        catch (Exception e)
        {
            Exception cause = e is System.Reflection.TargetInvocationException { InnerException: { } inner } ? inner : e;
            using var reply = new FrameWriter(MessageKind.LoadFailed);
            reply.Fields.Write(job);
            WriteException(reply.Fields, cause);
            reply.SendTo(output);
        }
    }

    private static void RunChunk(BinaryReader r, Dictionary<int, IJobRunner> jobs, Stream output)
    {
        int job = r.ReadInt32();
        int chunk = r.ReadInt32();
        int count = r.ReadInt32();
        long start = r.ReadInt64();
        long length = r.ReadInt64();
        int attempt = r.ReadInt32();
        byte[] result;
        try
        {
            if (!jobs.TryGetValue(job, out var runner))
            {
                throw new InvalidOperationException($"worker {Environment.ProcessId} has no job {job} loaded");
            }

            result = runner.Run(chunk, count, start, length, attempt);
        }
        catch (Exception e)
        {
            using var failed = new FrameWriter(MessageKind.Failed);
            failed.Fields.Write(chunk);
            WriteException(failed.Fields, e);
            failed.SendTo(output);
            return;
        }

        using var reply = new FrameWriter(MessageKind.Result);
        reply.Fields.Write(chunk);
        reply.Fields.Write(result.Length);
        reply.Fields.Write(result);
        reply.SendTo(output);
    }

    private static void WriteException(BinaryWriter w, Exception e)
    {
        w.Write(e.GetType().FullName ?? e.GetType().Name);
        w.Write(e.Message);
        w.Write(e.ToString());
    }

    /// <summary>Maps <paramref name="d"/> read-only, reusing a mapping kept from an earlier job when the file is unchanged.</summary>
    internal static NdArray<T> MapInput<T>(ArrayDescriptor d)
        where T : unmanaged
    {
        Storage<T> storage;
        if (d.Cacheable)
        {
            var info = new FileInfo(d.Path);
            string key = $"{typeof(T).Name}|{d.ByteOffset}|{d.StorageLength}|{info.Length}|{info.LastWriteTimeUtc.Ticks}|{d.Path}";
            if (InputCache.TryGetValue(key, out var cached))
            {
                cached.LastUse = Environment.TickCount64;
                storage = (Storage<T>)cached.Storage;
            }
            else
            {
                storage = new MappedStorage<T>(d.Path, d.ByteOffset, d.StorageLength, MapMode.Read);
                if (InputCache.Count >= 4)
                {
                    var oldest = InputCache.MinBy(kv => kv.Value.LastUse);
                    InputCache.Remove(oldest.Key);
                    oldest.Value.Storage.Dispose();
                }

                InputCache[key] = new CachedMap(storage) { LastUse = Environment.TickCount64 };
            }

            return new NdArray<T>(storage, d.Shape, d.Strides, d.Offset, ownsStorage: false, writeable: false);
        }

        storage = new MappedStorage<T>(d.Path, d.ByteOffset, d.StorageLength, MapMode.Read);
        return new NdArray<T>(storage, d.Shape, d.Strides, d.Offset, ownsStorage: true, writeable: false);
    }

    /// <summary>The view of chunk <paramref name="index"/> (elements [start, start+length) of <paramref name="axis"/>).</summary>
    internal static NdArray<T> ChunkView<T>(NdArray<T> array, int axis, int index, int count, long start, long length)
        where T : unmanaged
    {
        var shape = array.Shape.ToArray();
        var strides = array.Strides.ToArray();
        long offset = array.Offset + (length > 0 ? start * strides[axis] : 0);
        shape[axis] = length;
        return array.View(shape, strides, offset, new ChunkInfo(index, count, axis, start, length));
    }

    private static void StartParentWatchdog(int parent)
    {
        if (parent <= 0 || !OperatingSystem.IsLinux())
        {
            return;
        }

        // PR_SET_PDEATHSIG is tied to the parent *thread* that forked us (a thread-pool thread may retire while the
        // pool lives), so instead poll getppid(): once the coordinator dies we are re-parented and leave within 250 ms.
        var thread = new Thread(() =>
        {
            while (true)
            {
                if (GetParentPid() != parent)
                {
                    ParentGone();
                }

                Thread.Sleep(250);
            }
        })
        {
            IsBackground = true,
            Name = "chunkcompute parent watchdog",
        };
        thread.Start();
    }

    /// <summary>The coordinator died: remove its temporary files (it cannot) and leave immediately.</summary>
    private static void ParentGone()
    {
        if (s_temp is not null)
        {
            try
            {
                Directory.Delete(s_temp, recursive: true);
            }
            catch (IOException)
            {
                // Another worker is deleting it, or it is gone: the next pool start removes leftovers.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            ExitNow(0);
        }

        Environment.Exit(0);
    }

    [LibraryImport("libc", EntryPoint = "getppid")]
    private static partial int GetParentPid();

    [LibraryImport("libc", EntryPoint = "_exit")]
    private static partial void ExitNow(int status);

    private sealed class CachedMap(IDisposable storage)
    {
        public IDisposable Storage { get; } = storage;

        public long LastUse { get; set; }
    }
}

/// <summary>One loaded job in a worker: the kernel and its mapped arrays.</summary>
internal interface IJobRunner : IDisposable
{
    /// <summary>Runs one chunk; returns the result bytes (empty for transforms).</summary>
    byte[] Run(int index, int count, long start, long length, int attempt);
}

/// <summary>Runs an <see cref="IChunkReduction{TIn, TResult}"/> on chunks of a mapped input.</summary>
internal sealed class ReduceRunner<TIn, TResult>(object kernel, ArrayDescriptor input, ArrayDescriptor? output, int axis) : IJobRunner
    where TIn : unmanaged
    where TResult : unmanaged
{
    private readonly IChunkReduction<TIn, TResult> _kernel = (IChunkReduction<TIn, TResult>)kernel;
    private readonly NdArray<TIn> _input = WorkerHost.MapInput<TIn>(input);
    private readonly ArrayDescriptor? _unused = output;

    public byte[] Run(int index, int count, long start, long length, int attempt)
    {
        TResult result = _kernel.Reduce(WorkerHost.ChunkView(_input, axis, index, count, start, length));
        return MemoryMarshal.AsBytes(new ReadOnlySpan<TResult>(in result)).ToArray();
    }

    public void Dispose() => _input.Dispose();
}

/// <summary>Runs an <see cref="IChunkTransform{TIn, TOut}"/> from a mapped input into a mapped output file.</summary>
internal sealed class TransformRunner<TIn, TOut> : IJobRunner
    where TIn : unmanaged
    where TOut : unmanaged
{
    private readonly IChunkTransform<TIn, TOut> _kernel;
    private readonly NdArray<TIn> _input;
    private readonly NdArray<TOut> _output;
    private readonly int _axis;

    public TransformRunner(object kernel, ArrayDescriptor input, ArrayDescriptor? output, int axis)
    {
        _kernel = (IChunkTransform<TIn, TOut>)kernel;
        _axis = axis;
        _input = WorkerHost.MapInput<TIn>(input);
        var d = output ?? throw new InvalidDataException("a transform job needs an output array");
        var storage = new MappedStorage<TOut>(d.Path, d.ByteOffset, d.StorageLength, MapMode.ReadWrite);
        _output = new NdArray<TOut>(storage, d.Shape, d.Strides, d.Offset, ownsStorage: true);
    }

    public byte[] Run(int index, int count, long start, long length, int attempt)
    {
        var destination = WorkerHost.ChunkView(_output, _axis, index, count, start, length);
        if (attempt > 0)
        {
            // A killed attempt may have written part of this chunk; start from the bytes a fresh file has.
            destination.Fill(default);
        }

        _kernel.Transform(WorkerHost.ChunkView(_input, _axis, index, count, start, length), destination);
        return [];
    }

    public void Dispose()
    {
        _input.Dispose();
        _output.Dispose();
    }
}
