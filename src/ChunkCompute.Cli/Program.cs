namespace ChunkCompute.Cli;

/// <summary>Process entry point of the <c>chunkcompute</c> tool.</summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        using var cts = new CancellationTokenSource();
        int interrupts = 0;
        Console.CancelKeyPress += (_, e) =>
        {
            // First Ctrl-C: cancel cooperatively (commands delete partial output and exit 130).
            // Second Ctrl-C: let the runtime terminate the process.
            if (Interlocked.Increment(ref interrupts) == 1)
            {
                e.Cancel = true;
                cts.Cancel();
            }
        };

        return await CliApp.RunAsync(args, CliConsole.FromProcess(), cts.Token).ConfigureAwait(false);
    }
}
