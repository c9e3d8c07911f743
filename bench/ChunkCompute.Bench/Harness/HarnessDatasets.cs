namespace ChunkCompute.Bench.Harness;

/// <summary>
/// The dataset files the harness suites are parameterised by: every float64 1-D <c>.npy</c> in <c>data/</c> and, when
/// present, in <c>data/generated/</c> (made by <c>bash data/generate_large.sh</c>). The environment variable
/// <see cref="Variable"/> (set by <c>--datasets a,b</c>) narrows the list by file name; it is inherited by the
/// benchmark processes BenchmarkDotNet starts.
/// </summary>
public static class HarnessDatasets
{
    /// <summary>Comma-separated file names (or paths relative to the repository) to benchmark.</summary>
    public const string Variable = "CHUNKCOMPUTE_BENCH_DATASETS";

    /// <summary>The repository root (the folder holding ChunkCompute.sln), found from the executable upwards, else the working directory upwards.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>Dataset names for <c>[ParamsSource]</c>: paths relative to <c>data/</c> (e.g. <c>normal_f8.npy</c>, <c>generated/normal_50m_f8.npy</c>).</summary>
    public static IEnumerable<string> All()
    {
        string data = Path.Combine(RepositoryRoot, "data");
        var names = new List<string>();
        foreach (string folder in new[] { data, Path.Combine(data, "generated") })
        {
            if (!Directory.Exists(folder))
            {
                continue;
            }

            foreach (string file in Directory.GetFiles(folder, "*.npy").Order(StringComparer.Ordinal))
            {
                var header = NdArray.ReadHeader(file);
                if (header.DType == DType.Float64 && header.Shape.Rank == 1 && !header.IsBigEndian)
                {
                    names.Add(Path.GetRelativePath(data, file));
                }
            }
        }

        string? filter = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(filter))
        {
            var wanted = filter.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            names = names.Where(n => wanted.Any(w => n == w || Path.GetFileName(n) == w || Path.GetFileNameWithoutExtension(n) == w)).ToList();
        }

        return names;
    }

    /// <summary>Full path of a dataset name returned by <see cref="All"/>.</summary>
    public static string PathOf(string name) => Path.Combine(RepositoryRoot, "data", name);

    /// <summary>Data bytes of a dataset (without the header), for GB/s.</summary>
    public static long DataBytes(string name) => NdArray.ReadHeader(PathOf(name)).DataLength;

    private static string FindRoot()
    {
        foreach (string start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "ChunkCompute.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
