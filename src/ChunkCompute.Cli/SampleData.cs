namespace ChunkCompute.Cli;

/// <summary>
/// The sample datasets bundled with the tool (copied from the repository's <c>data/</c> folder next to the
/// executable), so <c>chunkcompute stats</c> needs no argument.
/// </summary>
internal static class SampleData
{
    /// <summary>File name of the dataset <c>stats</c> uses when no FILE is given.</summary>
    public const string DefaultFileName = "seattle_hourly_temperature.npy";

    /// <summary>Human description of the default dataset.</summary>
    public const string DefaultDescription = "NOAA 1981-2010 hourly temperature normals, Seattle (°C)";

    /// <summary>Folder of the bundled datasets: <c>data/</c> beside the executable, else <c>data/</c> in the working directory.</summary>
    public static string Directory
    {
        get
        {
            string beside = Path.Combine(AppContext.BaseDirectory, "data");
            return System.IO.Directory.Exists(beside) ? beside : Path.GetFullPath("data");
        }
    }

    /// <summary>Full path of the default dataset.</summary>
    public static string DefaultFile => Path.Combine(Directory, DefaultFileName);

    /// <summary>All bundled <c>.npy</c> files, sorted by name.</summary>
    public static IReadOnlyList<string> All() =>
        System.IO.Directory.Exists(Directory)
            ? System.IO.Directory.GetFiles(Directory, "*.npy").Order(StringComparer.Ordinal).ToArray()
            : [];
}
