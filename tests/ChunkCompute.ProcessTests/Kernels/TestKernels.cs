using System.Diagnostics;
using ChunkCompute.Execution.Processes;

namespace ChunkCompute.ProcessTests.Kernels;

/// <summary>
/// sum(sin(x)) of a chunk, sequentially in index order (deterministic bits in any process). Not named SumOfSines: the
/// README example type <c>ChunkCompute.ProcessTests.SumOfSines</c> would shadow it in the test namespaces.
/// </summary>
public sealed class SequentialSineSum : IChunkReduction<double, double>
{
    public double Reduce(NdArray<double> chunk)
    {
        double sum = 0;
        foreach (double x in chunk.ToArray())
        {
            sum += Math.Sin(x);
        }

        return sum;
    }
}

/// <summary>Per-chunk statistics as a struct result.</summary>
public struct ChunkStats
{
    public long Count;
    public double Min;
    public double Max;
    public int Index;
}

public sealed class StatsKernel : IChunkReduction<double, ChunkStats>
{
    public ChunkStats Reduce(NdArray<double> chunk)
    {
        var values = chunk.ToArray();
        return new ChunkStats
        {
            Count = values.Length,
            Min = values.Length == 0 ? double.NaN : values.Min(),
            Max = values.Length == 0 ? double.NaN : values.Max(),
            Index = chunk.Chunk!.Value.Index,
        };
    }
}

/// <summary>destination = x * Factor + Offset (parameters travel as JSON).</summary>
public sealed class Affine : IChunkTransform<double, double>
{
    public double Factor { get; set; } = 1;

    public double Offset { get; set; }

    public void Transform(NdArray<double> chunk, NdArray<double> destination)
    {
        var x = chunk.ToArray();
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = (x[i] * Factor) + Offset;
        }

        NdArray.FromArray(x, chunk.Shape.ToArray()).CopyTo(destination);
    }
}

/// <summary>A record kernel: parameters through its constructor.</summary>
public sealed record ScaledSum(double Scale) : IChunkReduction<int, double>
{
    public double Reduce(NdArray<int> chunk) => chunk.ToArray().Sum(v => (double)v) * Scale;
}

/// <summary>Base of the fault-injection kernels: attempt bookkeeping through marker files in <see cref="MarkerDirectory"/>.</summary>
public abstract class FaultKernel : IChunkReduction<double, double>
{
    /// <summary>Directory of marker files; one file per attempt at a faulty chunk: <c>attempt-&lt;chunk&gt;-&lt;n&gt;</c>.</summary>
    public string MarkerDirectory { get; set; } = string.Empty;

    /// <summary>The chunk that misbehaves.</summary>
    public int FaultChunk { get; set; }

    /// <summary>Number of attempts at <see cref="FaultChunk"/> that misbehave (int.MaxValue = always).</summary>
    public int FaultyAttempts { get; set; } = 1;

    public double Reduce(NdArray<double> chunk)
    {
        int index = chunk.Chunk!.Value.Index;
        if (index == FaultChunk)
        {
            int attempt = RecordAttempt(index);
            if (attempt <= FaultyAttempts)
            {
                Misbehave(chunk);
            }
        }

        return new SequentialSineSum().Reduce(chunk);
    }

    public static int Attempts(string markerDirectory, int chunk) =>
        Directory.Exists(markerDirectory) ? Directory.GetFiles(markerDirectory, $"attempt-{chunk}-*").Length : 0;

    protected abstract void Misbehave(NdArray<double> chunk);

    private int RecordAttempt(int chunk)
    {
        for (int n = 1; ; n++)
        {
            try
            {
                using var _ = new FileStream(Path.Combine(MarkerDirectory, $"attempt-{chunk}-{n}"), FileMode.CreateNew);
                return n;
            }
            catch (IOException) when (File.Exists(Path.Combine(MarkerDirectory, $"attempt-{chunk}-{n}")))
            {
            }
        }
    }
}

/// <summary>Kills its own process with SIGKILL.</summary>
public sealed class KillSelf : FaultKernel
{
    protected override void Misbehave(NdArray<double> chunk) => Process.GetCurrentProcess().Kill();
}

/// <summary>Exits its process with code 3 (as a crashing native library might).</summary>
public sealed class ExitThree : FaultKernel
{
    protected override void Misbehave(NdArray<double> chunk) => Environment.Exit(3);
}

/// <summary>Throws a deterministic exception.</summary>
public sealed class Thrower : FaultKernel
{
    protected override void Misbehave(NdArray<double> chunk) =>
        throw new InvalidOperationException($"boom at {chunk.Chunk}");
}

/// <summary>Hangs (sleeps a minute) — for timeouts and cancellation.</summary>
public sealed class Sleeper : FaultKernel
{
    protected override void Misbehave(NdArray<double> chunk) => Thread.Sleep(TimeSpan.FromMinutes(1));
}

/// <summary>Writes half of its output chunk, then kills itself: a retried chunk must still come out exact.</summary>
public sealed class HalfWriteThenDie : IChunkTransform<double, double>
{
    public string MarkerDirectory { get; set; } = string.Empty;

    public int FaultChunk { get; set; }

    public void Transform(NdArray<double> chunk, NdArray<double> destination)
    {
        var x = chunk.ToArray();
        if (chunk.Chunk!.Value.Index == FaultChunk && !File.Exists(Path.Combine(MarkerDirectory, "half")))
        {
            File.WriteAllText(Path.Combine(MarkerDirectory, "half"), "1");
            var garbage = destination[Slice.Range(0, x.Length / 2)];
            garbage.Fill(-12345.0);
            Process.GetCurrentProcess().Kill();
        }

        // Writes only the non-negative elements' squares: relies on the pool zeroing a retried chunk for the rest.
        for (long i = 0; i < x.Length; i++)
        {
            if (x[i] >= 0)
            {
                destination[i] = x[i] * x[i];
            }
        }
    }
}

/// <summary>Prints to stdout (must not corrupt the frame protocol).</summary>
public sealed class Chatty : IChunkReduction<double, double>
{
    public double Reduce(NdArray<double> chunk)
    {
        Console.WriteLine($"hello from chunk {chunk.Chunk}");
        Console.Out.Flush();
        return chunk.Size;
    }
}

/// <summary>Throws in its constructor when not in the coordinator: the worker-side handshake must reject it.</summary>
public sealed record FailsInWorker : IChunkReduction<double, double>
{
    public FailsInWorker(int coordinatorPid)
    {
        if (Environment.ProcessId != coordinatorPid)
        {
            throw new NotSupportedException($"this kernel refuses to be built outside process {coordinatorPid}");
        }

        CoordinatorPid = coordinatorPid;
    }

    public int CoordinatorPid { get; }

    public double Reduce(NdArray<double> chunk) => 0;
}

/// <summary>Not public: cannot be created by a worker.</summary>
internal sealed class HiddenKernel : IChunkReduction<double, double>
{
    public double Reduce(NdArray<double> chunk) => 0;
}

/// <summary>No parameterless constructor and constructor parameters that do not match properties.</summary>
public sealed class NoDefaultConstructor : IChunkReduction<double, double>
{
    private readonly double _secret;

    public NoDefaultConstructor(double secret, int other) => _secret = secret + other;

    public double Reduce(NdArray<double> chunk) => _secret;
}

/// <summary>A transform that hangs at chunk 0 after announcing it (for cancellation of transforms).</summary>
public sealed class HalfWriteThenDieSleeper : IChunkTransform<double, double>
{
    public HalfWriteThenDieSleeper(string markerDirectory) => MarkerDirectory = markerDirectory;

    public string MarkerDirectory { get; }

    public void Transform(NdArray<double> chunk, NdArray<double> destination)
    {
        if (chunk.Chunk!.Value.Index == 0)
        {
            File.WriteAllText(Path.Combine(MarkerDirectory, "sleeping"), "1");
            Thread.Sleep(TimeSpan.FromMinutes(1));
        }

        chunk.CopyTo(destination);
    }
}

/// <summary>Segfaults in native code (memset through a null pointer), as a crashing native library would.</summary>
public sealed partial class SegfaultSelf : FaultKernel
{
    protected override void Misbehave(NdArray<double> chunk) => _ = MemSet(0, 0, 64);

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "memset")]
    private static partial nint MemSet(nint destination, int value, nuint count);
}
