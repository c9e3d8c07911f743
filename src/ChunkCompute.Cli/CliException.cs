namespace ChunkCompute.Cli;

/// <summary>
/// A user-facing error (bad option value, missing file, wrong dtype …): the CLI prints its message as one line on
/// standard error and exits with <see cref="ExitCodes.UserError"/>.
/// </summary>
internal sealed class CliException : Exception
{
    public CliException(string message)
        : base(message)
    {
    }

    public CliException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CliException()
    {
    }
}

/// <summary>Process exit codes of the CLI.</summary>
internal static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>An unexpected internal failure (a bug): reported with its type; stack trace with <c>--verbose</c>.</summary>
    public const int InternalError = 1;

    /// <summary>Bad input: missing or malformed file, unsupported dtype, bad option.</summary>
    public const int UserError = 2;

    /// <summary>Cancelled by Ctrl-C (128 + SIGINT, as shells report it).</summary>
    public const int Cancelled = 130;
}

/// <summary>Upper bounds of count options: beyond them a run only multiplies per-chunk and per-worker state.</summary>
internal static class CliLimits
{
    /// <summary>Most chunks (<c>--chunks</c>); a stats chunk returns 8 KB of histogram counts.</summary>
    public const int MaxChunks = 65_536;

    /// <summary>Most workers (<c>--workers</c>).</summary>
    public const int MaxWorkers = 1_024;

    /// <summary>Throws the one-line error for a count option outside <c>[1, max]</c>.</summary>
    public static void Check(string option, int value, int max)
    {
        if (value < 1 || value > max)
        {
            throw new CliException($"{option} must be between 1 and {max}, got {value}");
        }
    }
}
