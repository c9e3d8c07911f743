using System.Diagnostics;

namespace ChunkCompute.Cli.Tests;

/// <summary>Issue 6 error policy: bad input → one line on stderr and exit 2; no stack trace unless --verbose; Ctrl-C → 130.</summary>
public class ErrorPolicyTests
{
    [TestCase("info", "/nonexistent/x.npy", "file not found: /nonexistent/x.npy")]
    [TestCase("stats", "/nonexistent/x.npy", "file not found: /nonexistent/x.npy")]
    [TestCase("info", "--bogus", "")]
    [TestCase("frobnicate", "", "")]
    [TestCase("stats", "--mode", "gpu")]
    [TestCase("stats", "--chunks", "many")]
    [TestCase("stats", "--chunks", "100000")]
    [TestCase("stats", "--workers", "2147483647")]
    public async Task BadInput_ExitsTwoWithOneLine(string command, string arg1, string arg2)
    {
        string[] args = new[] { command, arg1, arg2 }.Where(a => a.Length > 0).ToArray();
        var r = await CliRunner.RunAsync(args);
        Assert.That(r.ExitCode, Is.EqualTo(2), r.ToString);
        string[] lines = r.Error.TrimEnd().Split('\n');
        Assert.That(lines, Has.Length.EqualTo(1), r.ToString);
        Assert.That(lines[0], Does.StartWith("chunkcompute: error: "));
        Assert.That(r.Error, Does.Not.Contain("   at "), "no stack trace without --verbose");
    }

    /// <summary>A mistyped command name is reported as unrecognized, not as a missing command.</summary>
    [Test]
    public async Task MistypedCommand_NamesTheUnrecognizedToken()
    {
        var r = await CliRunner.RunAsync("stat", "x.npy");
        Assert.That(r.ExitCode, Is.EqualTo(2), r.ToString);
        Assert.That(r.Error, Does.Contain("Unrecognized command or argument 'stat'"));
    }

    [Test]
    public async Task WrongDtype_ExitsTwo()
    {
        using var tmp = new TempFolder();
        string path = tmp.File("flags.npy");
        using (var flags = NdArray.Zeros<bool>(10))
        {
            NdArray.Save(path, flags);
        }

        var r = await CliRunner.RunAsync("stats", path);
        Assert.That(r.ExitCode, Is.EqualTo(2), r.ToString);
        Assert.That(r.Error, Does.Contain("bool"));
    }

    [Test]
    public async Task Verbose_AddsTheStackTrace()
    {
        using var tmp = new TempFolder();
        string path = tmp.File("bad.npy");
        await File.WriteAllTextAsync(path, "not an npy file at all");
        var quiet = await CliRunner.RunAsync("info", path);
        var verbose = await CliRunner.RunAsync("info", path, "--verbose");
        Assert.That(quiet.ExitCode, Is.EqualTo(2));
        Assert.That(verbose.ExitCode, Is.EqualTo(2));
        Assert.That(quiet.Error.TrimEnd().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(verbose.Error, Does.Contain("   at "));
    }

    [Test]
    public async Task Help_ExitsZeroAndListsCommands()
    {
        var r = await CliRunner.RunAsync("--help");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.ToString);
        foreach (string c in new[] { "stats", "gen", "info", "convert", "apply", "bench" })
        {
            Assert.That(r.Out, Does.Contain(c));
        }
    }
}

/// <summary>The built tool launched as a process (what a user runs), including a real SIGINT.</summary>
public class LaunchedToolTests
{
    [Test]
    public async Task LaunchedTool_InfoAndMissingFile()
    {
        var ok = await CliRunner.RunProcessAsync("info", CliRunner.Data("normal_f8.npy"));
        Assert.That(ok.ExitCode, Is.EqualTo(0), ok.ToString);
        Assert.That(ok.Out, Does.Contain("(200000,)"));
        Assert.That(ok.Out, Does.Not.Contain("\u001b["), "no colour codes when stdout is not a terminal");

        var missing = await CliRunner.RunProcessAsync("info", "missing.npy");
        Assert.That(missing.ExitCode, Is.EqualTo(2), missing.ToString);
        Assert.That(missing.Error.TrimEnd().Split('\n'), Has.Length.EqualTo(1));
    }

    [Test]
    public async Task LaunchedTool_StatsWithoutArguments_RunsOnTheBundledSample()
    {
        var r = await CliRunner.RunProcessAsync("stats");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.ToString);
        Assert.That(r.Out, Does.Contain("seattle_hourly_temperature.npy").And.Contain("p50").And.Contain("█"));
        Assert.That(r.Out, Does.Not.Contain("\u001b["));
        Assert.That(r.Error, Is.Empty);
    }

    [Test]
    public async Task LaunchedTool_CtrlC_Exits130AndRemovesPartialOutput()
    {
        using var tmp = new TempFolder();
        // 60M float64 = 480 MB: takes seconds, so SIGINT arrives mid-generation.
        using Process process = CliRunner.Start("gen", "--n", "60M", "--workers", "1", "--out", tmp.File("big.npy"));
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        var watch = Stopwatch.StartNew();
        while (tmp.Files().Length == 0 && !process.HasExited && watch.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(20);
        }

        Assume.That(process.HasExited, Is.False, "gen finished before it could be interrupted");
        Assert.That(tmp.Files().Single(), Does.StartWith(".big.partial-"), "the output is written under a temporary name");
        using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        Assert.That(process.ExitCode, Is.EqualTo(130), await stderr);
        Assert.That(await stderr, Does.Contain("cancelled"));
        Assert.That(tmp.Files(), Is.Empty);
    }
}
