using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using ChunkCompute.Execution.Processes;
using ChunkCompute.IO;

namespace ChunkCompute.Bench.Processes;

/// <summary>
/// Larger than RAM: <c>sum(sin(x))</c> over a stream-written float64 <c>.npy</c> of
/// <c>CHUNKCOMPUTE_OUT_OF_CORE_GB</c> gigabytes (default 0.25, so <c>--filter *</c> stays cheap) with
/// <c>ProcessPool(2)</c>, sampling the private (anonymous) memory of the coordinator and the workers
/// (<c>RssAnon</c> in <c>/proc/&lt;pid&gt;/status</c>; mapped file pages are reclaimable page cache and are not private).
/// The one-off measured run: <c>CHUNKCOMPUTE_OUT_OF_CORE_GB=36 dotnet run -c Release --project bench/ChunkCompute.Bench -- --filter "*OutOfCore*"</c>.
/// The file (in <c>CHUNKCOMPUTE_OUT_OF_CORE_DIR</c> or the temp dir) is deleted afterwards.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 0, iterationCount: 1, invocationCount: 1)]
public class ProcessPoolOutOfCore
{
    private const int BlockElements = 8 << 20; // 64 MiB of doubles, written repeatedly
    private string _path = null!;
    private long _length;
    private double _expected;
    private ProcessPool _pool = null!;

    [GlobalSetup]
    public void Setup()
    {
        double gigabytes = double.Parse(Environment.GetEnvironmentVariable("CHUNKCOMPUTE_OUT_OF_CORE_GB") ?? "0.25", CultureInfo.InvariantCulture);
        string dir = Environment.GetEnvironmentVariable("CHUNKCOMPUTE_OUT_OF_CORE_DIR") ?? Path.GetTempPath();
        _path = Path.Combine(dir, $"cc-out-of-core-{gigabytes.ToString(CultureInfo.InvariantCulture)}gb.npy");
        _length = (long)(gigabytes * (1L << 30) / sizeof(double));

        using var block = new NdRandom(7).Uniform([BlockElements], -10, 10);
        var values = block.ToArray();
        double blockSum = values.Sum(Math.Sin);
        long fullBlocks = _length / BlockElements;
        int tail = (int)(_length % BlockElements);
        _expected = (blockSum * fullBlocks) + values.Take(tail).Sum(Math.Sin);

        byte[] header = NpyFormat.BuildHeader(DType.Float64, [_length], fortranOrder: false);
        if (File.Exists(_path) && new FileInfo(_path).Length == header.Length + (_length * sizeof(double)))
        {
            Console.WriteLine($"// out-of-core: reusing {_path}");
        }
        else
        {
            Write(values, header, fullBlocks, tail);
        }

        GC.Collect();
        _pool = new ProcessPool(2);
        _pool.WarmUpAsync().GetAwaiter().GetResult();
    }

    private void Write(double[] values, byte[] header, long fullBlocks, int tail)
    {
        var watch = Stopwatch.StartNew();
        using (var file = new FileStream(_path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 20))
        {
            file.Write(header);
            var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan());
            for (long b = 0; b < fullBlocks; b++)
            {
                file.Write(bytes);
            }

            file.Write(bytes[..(tail * sizeof(double))]);
        }

        Console.WriteLine($"// out-of-core: wrote {_length * 8.0 / (1L << 30):0.00} GiB ({_length} float64) to {_path} in {watch.Elapsed.TotalSeconds:0.0} s");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _pool?.Dispose();
        File.Delete(_path);
        Console.WriteLine($"// out-of-core: deleted {_path}");
    }

    [Benchmark]
    public double SumOfSinesLargerThanRam()
    {
        var peaks = new Dictionary<string, long>();
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(() => Sample(peaks, stop.Token));
        var watch = Stopwatch.StartNew();

        using var mapped = NdArray.OpenMapped<double>(_path);
        int chunks = (int)Math.Max(2, mapped.NBytes / (256L << 20));
        double total = _pool.Map(new SumOfSinesKernel(), mapped, chunks).Sum();

        watch.Stop();
        stop.Cancel();
        sampler.Wait();
        double gib = mapped.NBytes / (double)(1L << 30);
        Console.WriteLine($"// out-of-core: {gib:0.00} GiB in {chunks} chunks: {watch.Elapsed.TotalSeconds:0.00} s = {gib / watch.Elapsed.TotalSeconds:0.00} GiB/s; sum {total:R} (expected {_expected:R}, rel. diff {Math.Abs(total - _expected) / Math.Abs(_expected):E1})");
        foreach (var (who, kb) in peaks.OrderBy(p => p.Key))
        {
            Console.WriteLine($"// out-of-core: peak {who} = {kb / 1024.0:0.0} MiB");
        }

        return total;
    }

    private void Sample(Dictionary<string, long> peaks, CancellationToken token)
    {
        while (!token.IsCancellationRequested)
        {
            Record(peaks, "coordinator RssAnon", Environment.ProcessId, "RssAnon:");
            Record(peaks, "coordinator RssFile", Environment.ProcessId, "RssFile:");
            foreach (int pid in _pool.WorkerProcessIds)
            {
                Record(peaks, $"worker {pid} RssAnon", pid, "RssAnon:");
                Record(peaks, $"worker {pid} RssFile", pid, "RssFile:");
            }

            Thread.Sleep(50);
        }
    }

    private static void Record(Dictionary<string, long> peaks, string who, int pid, string field)
    {
        try
        {
            foreach (string line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith(field, StringComparison.Ordinal))
                {
                    long kb = long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                    peaks[who] = Math.Max(peaks.GetValueOrDefault(who), kb);
                }
            }
        }
        catch (IOException)
        {
        }
    }
}
