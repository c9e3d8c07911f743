using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using ChunkCompute.Execution;
using ChunkCompute.Storage;

namespace ChunkCompute.Cli.Commands;

/// <summary>
/// <c>chunkcompute gen</c>: a large seeded random array streamed into a memory-mapped <c>.npy</c>
/// (<see cref="NdArray.CreateMapped{T}(string, long[])"/>) block by block, so memory stays bounded whatever <c>--n</c> is.
/// </summary>
/// <remarks>
/// Block <c>b</c> (elements <c>[b·2^20, (b+1)·2^20)</c>) is drawn from <c>new NdRandom(seed + φ·(b+1))</c>, so the
/// file for a seed is the same for any number of workers. The output is written under a temporary name and renamed
/// at the end; an error or Ctrl-C deletes it.
/// </remarks>
internal static class GenCommand
{
    /// <summary>Elements per generated block (8 MiB of float64): bounds memory per worker.</summary>
    internal const int BlockElements = 1 << 20;

    /// <summary>Test hook: called after each block is written, with the block index (cancellation tests).</summary>
    internal static Action<long>? BlockWritten { get; set; }

    public static Command Create(CliConsole console)
    {
        var dist = new Option<string>("--dist") { Description = "Distribution: normal, uniform or integers.", DefaultValueFactory = _ => "normal" };
        dist.AcceptOnlyFromAmong("normal", "uniform", "integers");
        var n = new Option<long>("--n")
        {
            Description = "Number of elements (accepts 50000000, 50_000_000, 50M, 1.5G, 1e9).",
            Required = true,
            CustomParser = r =>
            {
                string text = r.Tokens.Count > 0 ? r.Tokens[0].Value : string.Empty;
                if (!CountParser.TryParse(text, out long v))
                {
                    r.AddError($"--n: '{text}' is not a non-negative element count (examples: 1000, 50M, 1e9)");
                }

                return v;
            },
        };
        var dtype = new Option<string?>("--dtype") { Description = "Element type (default float64; int64 for --dist integers)." };
        var seed = new Option<ulong>("--seed") { Description = "Seed: the same seed gives the same file.", DefaultValueFactory = _ => 0 };
        var low = new Option<double?>("--low") { Description = "Lower bound (uniform: default 0; integers: default 0, inclusive)." };
        var high = new Option<double?>("--high") { Description = "Upper bound, exclusive (uniform: default 1; integers: default 100)." };
        var loc = new Option<double>("--loc") { Description = "Mean of the normal distribution.", DefaultValueFactory = _ => 0.0 };
        var scale = new Option<double>("--scale") { Description = "Standard deviation of the normal distribution.", DefaultValueFactory = _ => 1.0 };
        var workers = new Option<int>("--workers") { Description = "Threads generating blocks.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var output = new Option<string>("--out", "-o") { Description = "Output .npy file.", Required = true };
        var force = new Option<bool>("--force", "-f") { Description = "Overwrite the output file if it exists." };

        var command = new Command("gen", "Generate a large seeded random array into a memory-mapped .npy file (bounded memory, progress bar).")
        {
            dist, n, dtype, seed, low, high, loc, scale, workers, output, force,
        };
        command.SetAction(async (parse, ct) =>
        {
            var request = new GenRequest(
                parse.GetValue(dist)!,
                parse.GetValue(n),
                parse.GetValue(dtype),
                parse.GetValue(seed),
                parse.GetValue(low),
                parse.GetValue(high),
                parse.GetValue(loc),
                parse.GetValue(scale),
                parse.GetValue(workers),
                parse.GetValue(output)!,
                parse.GetValue(force));
            return await RunAsync(console, request, ct).ConfigureAwait(false);
        });
        return command;
    }

    internal sealed record GenRequest(
        string Dist, long N, string? DType, ulong Seed, double? Low, double? High, double Loc, double Scale, int Workers, string Output, bool Force);

    internal static async Task<int> RunAsync(CliConsole console, GenRequest request, CancellationToken cancellationToken)
    {
        bool integers = request.Dist == "integers";
        DType dtype = request.DType is null ? (integers ? ChunkCompute.DType.Int64 : ChunkCompute.DType.Float64) : DTypeDispatch.ParseDType(request.DType);
        if (!integers && !dtype.IsFloatingPoint)
        {
            throw new CliException($"--dist {request.Dist} produces real numbers; --dtype {dtype} is not a float type (use float64, float32 or float16, or --dist integers)");
        }

        if (dtype == ChunkCompute.DType.Bool)
        {
            throw new CliException("--dtype bool is not supported by gen");
        }

        CliLimits.Check("--workers", request.Workers, CliLimits.MaxWorkers);

        if (request.Dist == "normal" && !(request.Scale >= 0))
        {
            throw new CliException($"--scale must be non-negative, got {request.Scale.ToString(CultureInfo.InvariantCulture)}");
        }

        double lowValue = request.Low ?? 0;
        double highValue = request.High ?? (integers ? 100 : 1);
        if (request.Dist != "normal" && !(highValue > lowValue))
        {
            throw new CliException($"--high ({highValue.ToString(CultureInfo.InvariantCulture)}) must be greater than --low ({lowValue.ToString(CultureInfo.InvariantCulture)})");
        }

        if (integers && (lowValue != Math.Floor(lowValue) || highValue != Math.Floor(highValue)))
        {
            throw new CliException("--low and --high must be whole numbers for --dist integers");
        }

        if (integers && (lowValue < -9.2233720368547758e18 || highValue > 9.2233720368547758e18))
        {
            throw new CliException(string.Create(
                CultureInfo.InvariantCulture,
                $"--low {lowValue} / --high {highValue}: --dist integers draws within the int64 range [-2^63, 2^63)"));
        }

        if (dtype.IsFloatingPoint && request.Dist != "normal")
        {
            double limit = dtype == DType.Float16 ? (double)Half.MaxValue : dtype == DType.Float32 ? float.MaxValue : double.MaxValue;
            if (Math.Max(Math.Abs(lowValue), Math.Abs(highValue)) > limit)
            {
                throw new CliException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"--low {lowValue} / --high {highValue} do not fit in {dtype}, whose largest finite value is {limit}"));
            }
        }

        if (integers && dtype.IsInteger)
        {
            (double min, double max) = dtype.Kind == DTypeKind.SignedInteger
                ? (-Math.Pow(2, (8 * dtype.ItemSize) - 1), Math.Pow(2, (8 * dtype.ItemSize) - 1) - 1)
                : (0, Math.Pow(2, 8 * dtype.ItemSize) - 1);
            if (lowValue < min || highValue - 1 > max)
            {
                throw new CliException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"--low {lowValue} / --high {highValue} (exclusive) do not fit in {dtype}, whose range is [{min}, {max}]"));
            }
        }

        var plan = new GenPlan(request with { Low = lowValue, High = highValue }, dtype);
        var watch = Stopwatch.StartNew();
        using (var outputFile = new OutputFile(request.Output, request.Force))
        {
            await DTypeDispatch.Invoke(dtype, new GenerateFunc(console, plan, outputFile.TempPath, cancellationToken)).ConfigureAwait(false);
            outputFile.Commit();
        }

        double seconds = watch.Elapsed.TotalSeconds;
        long bytes = request.N * dtype.ItemSize;
        await console.Out.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"wrote {request.Output}: {request.N:N0} x {dtype} ({request.Dist}, seed {request.Seed}) = {bytes / 1e6:0.###} MB in {seconds:0.00} s ({bytes / 1e9 / Math.Max(seconds, 1e-9):0.00} GB/s)")).ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    private sealed record GenPlan(GenRequest Request, DType DType);

    private sealed class GenerateFunc(CliConsole console, GenPlan plan, string path, CancellationToken cancellationToken) : ITypedFunc<Task>
    {
        public Task Invoke<T>() where T : unmanaged => GenerateAsync<T>(console, plan, path, cancellationToken);
    }

    private static async Task GenerateAsync<T>(CliConsole console, GenPlan plan, string path, CancellationToken cancellationToken)
        where T : unmanaged
    {
        GenRequest r = plan.Request;
        long blocks = (r.N + BlockElements - 1) / BlockElements;
        using NdArray<T> target = NdArray.CreateMapped<T>(path, r.N);
        long bytesDone = 0;
        await ProgressBar.RunAsync(console, $"gen {Path.GetFileName(r.Output)}", r.N * plan.DType.ItemSize, async report =>
        {
            // Blocks are independent: the library's ParallelMap runs them on a thread executor of --workers threads.
            var options = new MapOptions { Executor = new ThreadExecutor(r.Workers), CancellationToken = cancellationToken, BatchSize = 1 };
            await Task.Run(
                () => Enumerable.Range(0, checked((int)blocks)).ParallelMap(
                    b =>
                    {
                        long start = (long)b * BlockElements;
                        long length = Math.Min(BlockElements, r.N - start);
                        using NdArray<T> block = Block<T>(r, b, length);
                        block.CopyTo(target[Slice.Range(start, start + length)]);
                        report(Interlocked.Add(ref bytesDone, length * plan.DType.ItemSize));
                        BlockWritten?.Invoke(b);
                        return length;
                    },
                    options),
                cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);

        if (target.Storage is MappedStorage<T> mapped)
        {
            mapped.Flush();
        }
    }

    /// <summary>Block <paramref name="index"/> of the output: a pure function of (dist, parameters, seed, index).</summary>
    private static NdArray<T> Block<T>(GenRequest r, long index, long length)
        where T : unmanaged
    {
        var rng = new NdRandom(unchecked(r.Seed + (0x9E3779B97F4A7C15UL * (ulong)(index + 1))));
        long[] shape = [length];
        if (r.Dist == "integers")
        {
            if (typeof(T) == typeof(double) || typeof(T) == typeof(float) || typeof(T) == typeof(Half))
            {
                using var ints = rng.Integers<long>((long)r.Low!.Value, (long)r.High!.Value, shape);
                return ints.AsType<T>();
            }

            return rng.Integers<T>((long)r.Low!.Value, (long)r.High!.Value, shape);
        }

        NdArray<double> values = r.Dist == "normal" ? rng.Normal(shape, r.Loc, r.Scale) : rng.Uniform(shape, r.Low!.Value, r.High!.Value);
        if (typeof(T) == typeof(double))
        {
            return (NdArray<T>)(NdArray)values;
        }

        using (values)
        {
            var narrowed = values.AsType<T>();
            double high = r.High!.Value;
            if (r.Dist == "uniform" && typeof(T) == typeof(float) && (float)high >= high)
            {
                // A draw just below --high can round up to it in float32: keep the bound exclusive.
                var below = (NdArray<float>)(NdArray)narrowed;
                NdArray.Minimum(below, MathF.BitDecrement((float)high), below);
            }
            else if (r.Dist == "uniform" && typeof(T) == typeof(Half) && (double)(Half)high >= high)
            {
                var below = (NdArray<Half>)(NdArray)narrowed;
                NdArray.Minimum(below, Half.BitDecrement((Half)high), below);
            }

            return narrowed;
        }
    }
}
