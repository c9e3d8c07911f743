namespace ChunkCompute.IO;

/// <summary>
/// Writes a file atomically: the content goes to a temporary file in the destination's directory, which is renamed
/// over the destination only after everything was written. On any failure the temporary file is deleted and the
/// destination is untouched (either the old file or nothing) — never half-written.
/// </summary>
/// <remarks>
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
                Stream target = WrapStreamForTests?.Invoke(file) ?? file;
                write(target);
                target.Flush();
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
