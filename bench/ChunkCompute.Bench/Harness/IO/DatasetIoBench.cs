using BenchmarkDotNet.Attributes;
using ChunkCompute.Storage;

namespace ChunkCompute.Bench.Harness.IO;

/// <summary>Reading a dataset file: <c>np.load</c> (<see cref="NdArray.Load(string, int)"/>), a memory map, and the raw-read baseline.</summary>
[MemoryDiagnoser]
public class DatasetIoBench
{
    [ParamsSource(nameof(Datasets))]
    public string Dataset { get; set; } = "";

    public static IEnumerable<string> Datasets() => HarnessDatasets.All();

    private string _path = "";

    [GlobalSetup]
    public void Setup() => _path = HarnessDatasets.PathOf(Dataset);

    [Benchmark(Baseline = true, Description = "RawReadAllBytes")]
    public int RawRead() => File.ReadAllBytes(_path).Length;

    [Benchmark]
    public long Load()
    {
        using var a = NdArray.Load<double>(_path);
        return a.Size;
    }

    /// <summary>Opening a map is O(1) in the file size: nothing is read.</summary>
    [Benchmark]
    public long OpenMapped()
    {
        using var a = NdArray.OpenMapped<double>(_path, MapMode.Read);
        return a.Size;
    }
}
