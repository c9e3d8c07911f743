namespace ChunkCompute.IO;

/// <summary>
/// Writes a file atomically: the content goes to a temporary file in the destination's directory, which is renamed
/// over the destination only after everything was written. On any failure the temporary file is deleted and the
/// destination is untouched (either the old file or nothing) — never half-written.
/// </summary>
/// <remarks>
/// As <c>np.save</c>, a symbolic link is written through (the rename happens next to its final target), an existing
/// file keeps its permission bits, and a file this process may not open for writing is refused with
/// <see cref="UnauthorizedAccessException"/> before anything is written.
/// Atomicity is with respect to failures of this process (exceptions, a full disk); the data is not <c>fsync</c>ed
/// before the rename, as NumPy does not either.
/// </remarks>
internal static class AtomicFile
{
    private static readonly AsyncLocal<Func<Stream, Stream>?> s_wrapForTests = new();

    /// <summary>Test hook: wraps the temporary file's stream (e.g. with one that fails mid-write). Flows with the async context.</summary>
    internal static Func<Stream, Stream>? WrapStreamForTests
    {
        get => s_wrapForTests.Value;
        set => s_wrapForTests.Value = value;
    }

    /// <summary>Writes <paramref name="path"/> through <paramref name="write"/>; <paramref name="expectedLength"/> (if known) preallocates the file.</summary>
    public static void Write(string path, long expectedLength, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = Path.GetFullPath(path);

        // Write through a symbolic link to its final target (np.save writes through links; renaming over the link
        // would replace it with a regular file and leave the target's old data).
        if (new FileInfo(full).LinkTarget is not null && File.ResolveLinkTarget(full, returnFinalTarget: true) is { } target)
        {
            full = target.FullName;
        }

        // An existing destination keeps its permissions, and one we may not write is refused as np.save refuses it
        // (renaming over it would succeed in a writable directory and widen a 0600 file to the default mode).
        UnixFileMode? mode = null;
        if (File.Exists(full))
        {
            using (File.Open(full, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
            {
            }

            if (!OperatingSystem.IsWindows())
            {
                mode = File.GetUnixFileMode(full);
            }
        }

        string directory = Path.GetDirectoryName(full) ?? throw new ArgumentException($"'{path}' has no directory", nameof(path));
        string temp = Path.Combine(directory, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            var options = new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.None,
                BufferSize = 1 << 16,
                PreallocationSize = Math.Max(0, expectedLength),
            };
            using (var file = new FileStream(temp, options))
            {
                Stream stream = WrapStreamForTests?.Invoke(file) ?? file;
                write(stream);
                stream.Flush();
            }

            if (mode is { } m && !OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temp, m); // exact bits (a create mode would be masked by the umask)
            }

            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: the original failure is what the caller needs to see.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }
}
