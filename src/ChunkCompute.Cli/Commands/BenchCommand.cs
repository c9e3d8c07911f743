using System.CommandLine;

namespace ChunkCompute.Cli.Commands;

/// <summary><c>chunkcompute bench</c>: runs the benchmark harness on the sample datasets.</summary>
internal static class BenchCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("bench", "Run the benchmark harness (bench/ChunkCompute.Bench) on the sample datasets.");
        _ = console;
        return command;
    }
}
