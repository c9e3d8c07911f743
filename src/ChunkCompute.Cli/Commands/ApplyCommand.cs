using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using ChunkCompute.Execution;
using ChunkCompute.IO;
using ChunkCompute.Storage;

namespace ChunkCompute.Cli.Commands;

/// <summary>
/// <c>chunkcompute apply FUNC IN OUT</c>: an elementwise ufunc over a <c>.npy</c> of any size. The input is memory-mapped,
/// the output is created with <see cref="NdArray.CreateMapped{T}(string, long[])"/> (under a temporary name, renamed at
/// the end), and the array is processed in chunks along axis 0, mapped over threads with the library's
/// <c>ParallelMap</c>: each chunk calls the library's ufunc with the output chunk as <c>out</c>, so memory stays bounded.
/// </summary>
internal static class ApplyCommand
{
    /// <summary>The functions offered, by name: the library's untyped ufuncs (NumPy's promotion: integers give floats for exp/log/...).</summary>
    internal static readonly IReadOnlyDictionary<string, Func<NdArray, NdArray?, ExecutionSettings?, NdArray>> Functions =
        new SortedDictionary<string, Func<NdArray, NdArray?, ExecutionSettings?, NdArray>>(StringComparer.Ordinal)
        {
            ["abs"] = NdArray.Abs,
            ["ceil"] = NdArray.Ceil,
            ["cos"] = NdArray.Cos,
            ["exp"] = NdArray.Exp,
            ["floor"] = NdArray.Floor,
            ["log"] = NdArray.Log,
            ["log10"] = NdArray.Log10,
            ["log2"] = NdArray.Log2,
            ["negative"] = NdArray.Negate,
            ["round"] = NdArray.Round,
            ["sign"] = NdArray.Sign,
            ["sin"] = NdArray.Sin,
            ["sqrt"] = NdArray.Sqrt,
            ["tan"] = NdArray.Tan,
            ["tanh"] = NdArray.Tanh,
        };

    /// <summary>Elements per chunk by default (32 MB of float64).</summary>
    internal const long DefaultChunkElements = 4L << 20;

    /// <summary>Test hook: called after each chunk is written (cancellation tests).</summary>
    internal static Action<int>? ChunkWritten { get; set; }

    public static Command Create(CliConsole console)
    {
        var func = new Argument<string>("FUNC") { Description = "Elementwise function: " + string.Join(", ", Functions.Keys) + ".", HelpName = "FUNC" };
        func.AcceptOnlyFromAmong([.. Functions.Keys]);
        var input = new Argument<string>("IN") { Description = "Input .npy file (memory-mapped)." };
        var output = new Argument<string>("OUT") { Description = "Output .npy file (memory-mapped, written chunk by chunk)." };
        var chunks = new Option<int?>("--chunks") { Description = "Number of chunks along axis 0 (default: about 4M elements each)." };
        var workers = new Option<int>("--workers") { Description = "Threads.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var force = new Option<bool>("--force", "-f") { Description = "Overwrite OUT if it exists." };
        var command = new Command("apply", "Apply an elementwise function (exp, log, sqrt, abs, ...) to a .npy file of any size, chunk by chunk, into a memory-mapped output.")
        {
            func, input, output, chunks, workers, force,
        };
        command.SetAction(async (parse, ct) => await RunAsync(
            console,
            parse.GetValue(func)!,
            parse.GetValue(input)!,
            parse.GetValue(output)!,
            parse.GetValue(chunks),
            parse.GetValue(workers),
            parse.GetValue(force),
            ct).ConfigureAwait(false));
        return command;
    }

    internal static async Task<int> RunAsync(CliConsole console, string name, string inPath, string outPath, int? chunkCount, int workers, bool force, CancellationToken cancellationToken)
    {
        CliLimits.Check("--workers", workers, CliLimits.MaxWorkers);
        if (chunkCount is { } c)
        {
            CliLimits.Check("--chunks", c, CliLimits.MaxChunks);
        }

        if (!outPath.EndsWith(".npy", StringComparison.OrdinalIgnoreCase))
        {
            throw new CliException($"OUT must be a .npy file, got '{outPath}'");
        }

        if (Path.GetFullPath(outPath) == Path.GetFullPath(inPath))
        {
            throw new CliException("OUT must differ from IN (the input is memory-mapped while the output is written)");
        }

        var function = Functions[name];
        var watch = Stopwatch.StartNew();
        using NdArray source = ArrayFile.Open(inPath, out NpyHeader header);
        // The result dtype is the library's (NumPy's promotion): ask it with an empty array of the input dtype.
        DType resultType;
        using (NdArray probeInput = DTypeDispatch.Invoke(source.DType, new EmptyFunc()))
        using (NdArray probe = function(probeInput, null, ExecutionSettings.Sequential))
        {
            resultType = probe.DType;
        }

        long rows = source.NDim == 0 ? 1 : source.Shape[0];
        int sections = chunkCount ?? (int)Math.Clamp((source.Size + DefaultChunkElements - 1) / DefaultChunkElements, 1, Math.Max(1, rows));
        using (var file = new OutputFile(outPath, force))
        {
            await DTypeDispatch.Invoke(resultType, new ApplyFunc(console, function, source, file.TempPath, sections, workers, name, cancellationToken)).ConfigureAwait(false);
            file.Commit();
        }

        double seconds = watch.Elapsed.TotalSeconds;
        long bytes = source.NBytes + (source.Size * resultType.ItemSize);
        await console.Out.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"wrote {outPath}: {name}({Path.GetFileName(inPath)}) -> {source.Shape} {resultType}, {sections} chunk(s) on {workers} thread(s), {seconds * 1000:0.0} ms ({bytes / 1e9 / Math.Max(seconds, 1e-9):0.00} GB/s read+write)")).ConfigureAwait(false);
        _ = header;
        return ExitCodes.Ok;
    }

    private sealed class ApplyFunc(
        CliConsole console, Func<NdArray, NdArray?, ExecutionSettings?, NdArray> function, NdArray source, string path, int sections, int workers, string name, CancellationToken cancellationToken)
        : ITypedFunc<Task>
    {
        public async Task Invoke<TOut>() where TOut : unmanaged
        {
            using NdArray<TOut> target = NdArray.CreateMapped<TOut>(path, source.Shape.ToArray());
            if (source.Size > 0)
            {
                NdArray<TOut>[] outChunks = source.NDim == 0 ? [target] : target.ArraySplit(sections);
                NdArray[] inChunks = source.NDim == 0 ? [source] : SplitUntyped(source, sections);
                long done = 0;
                long total = source.NBytes;
                await ProgressBar.RunAsync(console, $"{name} {Path.GetFileName(path)}", total, async report =>
                {
                    var options = new MapOptions { Executor = new ThreadExecutor(workers), CancellationToken = cancellationToken, BatchSize = 1 };
                    await Task.Run(
                        () => Enumerable.Range(0, inChunks.Length).ParallelMap(
                            i =>
                            {
                                // The ufunc writes straight into the mapped output chunk (its `out`); nothing else is allocated.
                                _ = function(inChunks[i], outChunks[i], ExecutionSettings.Sequential);
                                report(Interlocked.Add(ref done, inChunks[i].NBytes));
                                ChunkWritten?.Invoke(i);
                                return i;
                            },
                            options),
                        cancellationToken).ConfigureAwait(false);
                }).ConfigureAwait(false);
            }

            if (target.Storage is MappedStorage<TOut> mapped)
            {
                mapped.Flush();
            }
        }

        private static NdArray[] SplitUntyped(NdArray array, int sections) => DTypeDispatch.Invoke(array.DType, new SplitFunc(array, sections));
    }

    private sealed class EmptyFunc : ITypedFunc<NdArray>
    {
        public NdArray Invoke<T>() where T : unmanaged => NdArray.Empty<T>(0);
    }

    private sealed class SplitFunc(NdArray array, int sections) : ITypedFunc<NdArray[]>
    {
        public NdArray[] Invoke<T>() where T : unmanaged => ((NdArray<T>)array).ArraySplit(sections);
    }
}
