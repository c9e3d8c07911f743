using System.CommandLine;
using System.CommandLine.Help;
using ChunkCompute.Cli.Commands;

namespace ChunkCompute.Cli;

/// <summary>
/// The command tree and the error policy of <c>chunkcompute</c>: bad input (missing or malformed file, wrong dtype,
/// bad option) prints one line on standard error and exits 2; Ctrl-C exits 130 after deleting partial output;
/// stack traces only with <c>--verbose</c>.
/// </summary>
internal static class CliApp
{
    /// <summary>Parses <paramref name="args"/>, runs the command and returns the process exit code.</summary>
    /// <remarks>Tests call this in-process with captured writers; <see cref="Program"/> calls it with the real console.</remarks>
    public static async Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellationToken)
    {
        var verbose = new Option<bool>("--verbose", "-v")
        {
            Description = "Print stack traces and extra diagnostics on errors.",
            Recursive = true,
        };

        // A plain Command named "chunkcompute" (RootCommand would take the assembly's name, ChunkCompute.Cli, for usage lines).
        var root = new Command("chunkcompute", "NumPy-style statistics and elementwise functions over .npy arrays of any size, in chunks, on threads or processes.")
        {
            verbose,
            new HelpOption(),
            new VersionOption(),
        };
        root.Subcommands.Add(StatsCommand.Create(console));
        root.Subcommands.Add(GenCommand.Create(console));
        root.Subcommands.Add(InfoCommand.Create(console));
        root.Subcommands.Add(ConvertCommand.Create(console));
        root.Subcommands.Add(ApplyCommand.Create(console));
        root.Subcommands.Add(BenchCommand.Create(console));

        ParseResult parse = root.Parse(args);
        bool isVerbose = parse.Errors.Count == 0 ? parse.GetValue(verbose) : args.Contains("--verbose") || args.Contains("-v");
        if (parse.Errors.Count > 0)
        {
            string command = string.Join(' ', EnumerateCommandPath(parse.CommandResult.Command));
            // An unrecognized token explains the rest ("stat x.npy" is an unknown command, not a missing one).
            var error = parse.Errors.FirstOrDefault(e => e.Message.StartsWith("Unrecognized", StringComparison.Ordinal)) ?? parse.Errors[0];
            await console.Error.WriteLineAsync($"chunkcompute: error: {OneLine(error.Message)} (see '{command} --help')").ConfigureAwait(false);
            return ExitCodes.UserError;
        }

        var config = new InvocationConfiguration
        {
            Output = console.Out,
            Error = console.Error,
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = null, // Program handles Ctrl-C and passes the token.
        };

        try
        {
            return await parse.InvokeAsync(config, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            return Report(ex, console.Error, isVerbose, cancellationToken);
        }
    }

    private static List<string> EnumerateCommandPath(Command command)
    {
        var names = new List<string>();
        for (Symbol? s = command; s is Command c; s = c.Parents.FirstOrDefault())
        {
            names.Add(c.Name);
        }

        names.Reverse();
        return names;
    }

    /// <summary>Classifies a failure: user error (2), cancellation (130) or internal error (1), printing one line.</summary>
    internal static int Report(Exception exception, TextWriter error, bool verbose, CancellationToken cancellationToken)
    {
        Exception cause = Unwrap(exception);
        int code;
        string line;
        if (cause is OperationCanceledException && (cancellationToken.IsCancellationRequested || exception is OperationCanceledException))
        {
            code = ExitCodes.Cancelled;
            line = "chunkcompute: cancelled; partial output was removed";
        }
        else if (IsUserError(cause))
        {
            code = ExitCodes.UserError;
            line = $"chunkcompute: error: {OneLine(cause.Message)}";
        }
        else
        {
            code = ExitCodes.InternalError;
            line = $"chunkcompute: internal error: {cause.GetType().Name}: {OneLine(cause.Message)}" + (verbose ? string.Empty : " (run with --verbose for details)");
        }

        error.WriteLine(line);
        if (verbose && code != ExitCodes.Cancelled)
        {
            error.WriteLine(exception.ToString());
        }

        return code;
    }

    private static Exception Unwrap(Exception exception)
    {
        Exception e = exception;
        while (true)
        {
            if (e is AggregateException { InnerExceptions.Count: 1 } agg)
            {
                e = agg.InnerExceptions[0];
            }
            else if (e.InnerException is not null && e.GetType().Name is "ChunkFailedException" or "TargetInvocationException")
            {
                e = e.InnerException;
            }
            else
            {
                return e;
            }
        }
    }

    private static bool IsUserError(Exception e) =>
        e is CliException or IOException or InvalidDataException or NotSupportedException or FormatException
            or ArgumentException or UnauthorizedAccessException or Parquet.ParquetException or OverflowException
            or InvalidCastException;

    private static string OneLine(string message) => System.Text.RegularExpressions.Regex.Replace(message, @"\s+", " ").Trim();
}
