using System.Globalization;

namespace ChunkCompute.Execution.Processes;

/// <summary>
/// The per-pool temporary directory <c>&lt;root&gt;/chunkcompute-&lt;coordinator pid&gt;-&lt;random&gt;</c> holding in-memory
/// inputs written once as <c>.npy</c> and outputs created for transforms without a path.
/// </summary>
/// <remarks>
/// Removed by <see cref="ProcessPool.Dispose()"/> and at process exit; if the coordinator is killed, its workers remove
/// it as they exit, and whatever survives (all workers killed too) is removed by the next pool started under the same
/// root: directories whose pid is no longer a running process are stale.
/// </remarks>
internal static class PoolTempDirectory
{
    public const string Prefix = "chunkcompute-";

    public static string Create(string? root)
    {
        root = Path.GetFullPath(root ?? Path.GetTempPath());
        Directory.CreateDirectory(root);
        RemoveStale(root);
        string path = Path.Combine(root, $"{Prefix}{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..12]}");
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Deletes <c>chunkcompute-&lt;pid&gt;-*</c> directories under <paramref name="root"/> whose pid is not running.</summary>
    /// <returns>How many were removed.</returns>
    public static int RemoveStale(string root)
    {
        int removed = 0;
        IEnumerable<string> candidates;
        try
        {
            candidates = Directory.EnumerateDirectories(root, Prefix + "*");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }

        foreach (string dir in candidates)
        {
            string name = Path.GetFileName(dir);
            int dash = name.IndexOf('-', Prefix.Length);
            if (dash < 0 || !int.TryParse(name.AsSpan(Prefix.Length, dash - Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
            {
                continue;
            }

            if (pid == Environment.ProcessId || IsRunning(pid))
            {
                continue;
            }

            if (TryDelete(dir))
            {
                removed++;
            }
        }

        return removed;
    }

    public static bool TryDelete(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }

            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static bool IsRunning(int pid)
    {
        if (OperatingSystem.IsLinux())
        {
            return Directory.Exists($"/proc/{pid}");
        }

        try
        {
            using var p = System.Diagnostics.Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
