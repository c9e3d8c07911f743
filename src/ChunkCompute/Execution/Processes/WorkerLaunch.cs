using System.Runtime.InteropServices;

namespace ChunkCompute.Execution.Processes;

/// <summary>
/// How to start a worker: <c>&lt;dotnet host&gt; &lt;ChunkCompute.Worker.dll&gt; &lt;ChunkCompute.dll&gt; --parent &lt;pid&gt; --temp &lt;dir&gt;</c>.
/// </summary>
/// <remarks>
/// <para><b>Finding the worker without configuration.</b> ChunkCompute.csproj references the worker project with
/// <c>ReferenceOutputAssembly=false</c> and ships its output (<c>ChunkCompute.Worker.dll</c>, <c>.runtimeconfig.json</c>,
/// <c>.deps.json</c>) as content in the subfolder <c>chunkcompute-worker/</c>, which MSBuild copies into the output of
/// every project that references ChunkCompute (and the NuGet package carries as <c>contentFiles</c>). The worker has no
/// compile-time reference to ChunkCompute (it loads the ChunkCompute.dll the coordinator runs, by path), so there is no
/// reference cycle and the two can never be from different builds.</para>
/// <para>Lookup order: <see cref="ProcessPoolOptions.WorkerPath"/>, the <c>CHUNKCOMPUTE_WORKER_PATH</c> environment
/// variable, <c>&lt;dir of ChunkCompute.dll&gt;/chunkcompute-worker/ChunkCompute.Worker.dll</c>,
/// <c>&lt;dir of ChunkCompute.dll&gt;/ChunkCompute.Worker.dll</c>. The host is the <c>dotnet</c> executable of the running
/// runtime (<c>DOTNET_HOST_PATH</c>, the current process when it is <c>dotnet</c>, or the install root of the shared
/// framework the coordinator runs on).</para>
/// </remarks>
internal sealed record WorkerLaunch(string HostPath, string? WorkerDll, string LibraryDll, string TempDirectory, IReadOnlyDictionary<string, string> Environment)
{
    public const string WorkerFileName = "ChunkCompute.Worker.dll";
    public const string WorkerFolder = "chunkcompute-worker";

    public string Describe() => WorkerDll is null ? HostPath : $"{HostPath} {WorkerDll}";

    /// <exception cref="FileNotFoundException">The worker or the dotnet host cannot be found (the message lists where it looked).</exception>
    public static WorkerLaunch Resolve(ProcessPoolOptions options, string tempDirectory)
    {
        string library = typeof(WorkerLaunch).Assembly.Location;
        if (string.IsNullOrEmpty(library))
        {
            throw new FileNotFoundException("ProcessPool needs ChunkCompute.dll as a file on disk (it is not, e.g. in a single-file app); set ProcessPoolOptions.WorkerPath and publish without PublishSingleFile.");
        }

        string libraryDirectory = Path.GetDirectoryName(library)!;
        var candidates = new List<string>();
        if (options.WorkerPath is { } configured)
        {
            candidates.Add(configured);
        }

        if (System.Environment.GetEnvironmentVariable("CHUNKCOMPUTE_WORKER_PATH") is { Length: > 0 } fromEnvironment)
        {
            candidates.Add(fromEnvironment);
        }

        candidates.Add(Path.Combine(libraryDirectory, WorkerFolder, WorkerFileName));
        candidates.Add(Path.Combine(libraryDirectory, WorkerFileName));
        string worker = candidates.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException($"The process-pool worker {WorkerFileName} was not found; looked at: {string.Join(", ", candidates)}. " +
                "It is copied next to ChunkCompute.dll by the build (folder chunkcompute-worker/); set ProcessPoolOptions.WorkerPath or CHUNKCOMPUTE_WORKER_PATH if you moved it.");

        return new WorkerLaunch(FindHost(), Path.GetFullPath(worker), library, tempDirectory, options.WorkerEnvironment);
    }

    private static string FindHost()
    {
        string exe = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "dotnet.exe" : "dotnet";
        var tried = new List<string>();
        if (System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath)
        {
            tried.Add(hostPath);
        }

        if (System.Environment.ProcessPath is { } self && Path.GetFileName(self) == exe)
        {
            tried.Add(self);
        }

        // <root>/shared/Microsoft.NETCore.App/<version>/System.Private.CoreLib.dll → <root>/dotnet
        string runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location) ?? string.Empty;
        if (runtimeDirectory.Length > 0)
        {
            tried.Add(Path.GetFullPath(Path.Combine(runtimeDirectory, "..", "..", "..", exe)));
        }

        if (System.Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } root)
        {
            tried.Add(Path.Combine(root, exe));
        }

        foreach (string dir in (System.Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            tried.Add(Path.Combine(dir, exe));
        }

        return tried.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException($"The dotnet host needed to start process-pool workers was not found; looked at: {string.Join(", ", tried.Take(6))}…");
    }
}
