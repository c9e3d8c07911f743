using BenchmarkDotNet.Attributes;

namespace ChunkCompute.Bench.Harness.Kernels;

/// <summary>
/// The statistics the CLI reports, as whole-array library calls on a dataset loaded in memory (threads, the
/// process-wide default parallelism). NumPy counterparts in bench/numpy/run_all.py: a.sum(), a.mean()+a.std(),
/// np.histogram(a, 100) (over the finite range when the dataset has NaN), np.exp(a), np.median(a).
/// </summary>
[MemoryDiagnoser]
public class DatasetKernelBench
{
    private NdArray<double> _a = null!;

    [ParamsSource(nameof(Datasets))]
    public string Dataset { get; set; } = "";

    public static IEnumerable<string> Datasets() => HarnessDatasets.All();

    private (double Min, double Max)? _range;

    [GlobalSetup]
    public void Setup()
    {
        _a = NdArray.Load<double>(HarnessDatasets.PathOf(Dataset));

        // np.histogram(a, 100) raises on NaN (its automatic range would be NaN): such datasets are binned over
        // their finite range, NaN left out, as np.histogram(a, 100, range=(nanmin, nanmax)) in run_all.py.
        using var nan = NdArray.IsNaN(_a);
        if (nan.ToArray().Contains(true))
        {
            _range = (_a.NanMin(), _a.NanMax());
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _a.Dispose();

    [Benchmark]
    public double Sum() => _a.Sum();

    [Benchmark]
    public double MeanStd() => _a.Mean() + _a.Std();

    [Benchmark]
    public long Histogram100()
    {
        var (counts, edges) = NdArray.Histogram(_a, 100, _range);
        using (counts)
        using (edges)
        {
            return counts.Size;
        }
    }

    /// <summary>Allocating output, as <c>np.exp(a)</c>.</summary>
    [Benchmark]
    public long Exp()
    {
        using var e = NdArray.Exp(_a);
        return e.Size;
    }

    [Benchmark]
    public long Median()
    {
        using var m = NdArray.Median(_a);
        return m.Size;
    }
}
