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
