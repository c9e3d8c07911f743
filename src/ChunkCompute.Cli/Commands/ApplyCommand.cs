using System.CommandLine;

namespace ChunkCompute.Cli.Commands;

/// <summary><c>chunkcompute apply FUNC IN OUT</c>: an elementwise function over a .npy of any size, chunked into a memory-mapped output.</summary>
internal static class ApplyCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("apply", "Apply an elementwise function (exp, log, sqrt, abs, ...) to a .npy file, chunk by chunk, into a memory-mapped output.");
        _ = console;
        return command;
    }
}
