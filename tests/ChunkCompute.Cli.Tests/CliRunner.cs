using System.Diagnostics;
using ChunkCompute.Cli;

namespace ChunkCompute.Cli.Tests;

/// <summary>The result of one CLI run: exit code and captured standard output and error.</summary>
internal sealed record CliResult(int ExitCode, string Out, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Error}";
}

/// <summary>Runs <c>chunkcompute</c> in-process (through the same entry method as the tool) or as a launched process.</summary>
internal static class CliRunner
{
    /// <summary>Folder of the test assembly: the CLI and its bundled data/ are copied here by the project reference.</summary>
    public static string BaseDirectory => AppContext.BaseDirectory;

    /// <summary>The bundled sample datasets (copied next to the CLI assembly).</summary>
    public static string DataDirectory => Path.Combine(BaseDirectory, "data");

    public static string Data(string name) => Path.Combine(DataDirectory, name);

    public static async Task<CliResult> RunAsync(params string[] args) => await RunAsync(CancellationToken.None, args);

    public static async Task<CliResult> RunAsync(CancellationToken cancellationToken, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = await CliApp.RunAsync(args, CliConsole.ForWriters(output, error), cancellationToken);
        return new CliResult(code, output.ToString(), error.ToString());
    }

    /// <summary>Starts the built tool (<c>dotnet ChunkCompute.Cli.dll ...</c>) with redirected streams.</summary>
    public static Process Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = BaseDirectory,
        };
        info.ArgumentList.Add(Path.Combine(BaseDirectory, "ChunkCompute.Cli.dll"));
        foreach (string a in args)
        {
            info.ArgumentList.Add(a);
        }

        return Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet");
    }

    /// <summary>Runs the built tool to completion (60 s cap).</summary>
    public static async Task<CliResult> RunProcessAsync(params string[] args)
    {
        using var process = Start(args);
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }
}

/// <summary>A fresh temporary folder per test, deleted afterwards.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "chunkcompute-cli-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string[] Files() => Directory.GetFiles(Path).Select(System.IO.Path.GetFileName).ToArray()!;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
