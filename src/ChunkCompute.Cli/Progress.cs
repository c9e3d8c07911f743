using Spectre.Console;

namespace ChunkCompute.Cli;

/// <summary>Runs work with a progress bar when standard output is a terminal, silently otherwise.</summary>
internal static class ProgressBar
{
    /// <summary>Runs <paramref name="work"/>, which reports completed units (bytes) through the callback.</summary>
    public static async Task RunAsync(CliConsole console, string description, long total, Func<Action<long>, Task> work)
    {
        if (!console.IsTerminal)
        {
            await work(static _ => { }).ConfigureAwait(false);
            return;
        }

        await console.Ansi.Progress()
            .AutoClear(true)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new TransferSpeedColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask(Markup.Escape(description), maxValue: Math.Max(1, total));
                long done = 0;
                await work(v =>
                {
                    Interlocked.Exchange(ref done, v);
                    task.Value = Interlocked.Read(ref done);
                }).ConfigureAwait(false);
                task.Value = task.MaxValue;
            }).ConfigureAwait(false);
    }
}
