namespace ChunkCompute.Cli;

/// <summary>
/// An output written under a temporary name in the destination's folder and moved into place only by
/// <see cref="Commit"/>; disposing without committing (error, Ctrl-C) deletes the temporary file, so a failed or
/// cancelled command never leaves a partial or half-written destination.
/// </summary>
internal sealed class OutputFile : IDisposable
{
    private bool _committed;

    /// <summary>Reserves a temporary path beside <paramref name="destination"/>.</summary>
    public OutputFile(string destination, bool overwrite)
    {
        Destination = Path.GetFullPath(destination);
        string? folder = Path.GetDirectoryName(Destination);
        if (folder is null || !System.IO.Directory.Exists(folder))
        {
            throw new CliException($"output folder does not exist: {folder ?? destination}");
        }

        if (!overwrite && File.Exists(Destination))
        {
            throw new CliException($"output file already exists: {destination} (use --force to overwrite)");
        }

        string extension = Path.GetExtension(Destination);
        TempPath = Path.Combine(folder, $".{Path.GetFileNameWithoutExtension(Destination)}.partial-{Environment.ProcessId}-{Guid.NewGuid():N}{extension}");
    }

    /// <summary>The final path.</summary>
    public string Destination { get; }

    /// <summary>Where to write until <see cref="Commit"/>.</summary>
    public string TempPath { get; }

    /// <summary>Atomically renames the temporary file to the destination.</summary>
    public void Commit()
    {
        File.Move(TempPath, Destination, overwrite: true);
        _committed = true;
    }

    /// <summary>Deletes the temporary file unless committed.</summary>
    public void Dispose()
    {
        if (!_committed)
        {
            try
            {
                File.Delete(TempPath);
            }
            catch (IOException)
            {
                // Best effort: the file may be held by a mapping being torn down; nothing else to do.
            }
        }
    }
}
