using Spectre.Console;

namespace ChunkCompute.Cli;

/// <summary>
/// Where a command writes: standard output (results), standard error (diagnostics), and a Spectre.Console view of
/// standard output for tables. Progress bars are shown only when <see cref="IsTerminal"/> is true.
/// </summary>
internal sealed class CliConsole
{
    private CliConsole(TextWriter output, TextWriter error, IAnsiConsole ansi, bool isTerminal)
    {
        Out = output;
        Error = error;
        Ansi = ansi;
        IsTerminal = isTerminal;
    }

    /// <summary>Standard output: results only (tables, JSON).</summary>
    public TextWriter Out { get; }

    /// <summary>Standard error: one-line errors, warnings, verbose details.</summary>
    public TextWriter Error { get; }

    /// <summary>Spectre.Console over <see cref="Out"/>.</summary>
    public IAnsiConsole Ansi { get; }

    /// <summary>True when standard output is an interactive terminal: colours and progress bars are allowed.</summary>
    public bool IsTerminal { get; }

    /// <summary>The process's own standard streams.</summary>
    public static CliConsole FromProcess()
    {
        bool terminal = !Console.IsOutputRedirected;
        var ansi = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
            Out = new AnsiConsoleOutput(Console.Out),
        });
        if (!terminal)
        {
            ansi.Profile.Width = 120; // redirected output (files, pipes, CI logs): wide enough for the per-slice table
        }

        return new CliConsole(Console.Out, Console.Error, ansi, terminal);
    }

    /// <summary>Captured writers (tests): never a terminal, so no colour codes and no progress output.</summary>
    public static CliConsole ForWriters(TextWriter output, TextWriter error)
    {
        var ansi = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        ansi.Profile.Width = 120;
        return new CliConsole(output, error, ansi, isTerminal: false);
    }
}
