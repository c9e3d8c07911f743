using System.Diagnostics;

namespace ChunkCompute.Tests.TestSupport;

/// <summary>
/// Runs short scripts in the live reference NumPy (<c>/usr/bin/python3</c> with Debian's python3-numpy, which CI
/// installs), for tests that cross-check against NumPy on freshly generated inputs.
/// </summary>
internal static class LivePython
{
    /// <summary>The interpreter the reference NumPy belongs to.</summary>
    public const string Python = "/usr/bin/python3";

    /// <summary>Runs <c>python3 -c script</c> in <paramref name="workDir"/>; fails the test if it runs longer than the limit.</summary>
    /// <returns>The exit code and standard output followed by standard error.</returns>
    public static (int Code, string Output) Run(string script, string workDir, int timeoutSeconds = 120)
    {
        var psi = new ProcessStartInfo(Python, ["-c", script])
        {
            WorkingDirectory = workDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeoutSeconds * 1000))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail($"python did not finish within {timeoutSeconds} s");
        }

        return (p.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>Ignores the calling test (with the reason) when the interpreter or its numpy is missing.</summary>
    public static void RequireNumPy()
    {
        if (!File.Exists(Python))
        {
            Assert.Ignore($"{Python} not found");
        }

        var (code, output) = Run("import numpy; print(numpy.__version__)", Path.GetTempPath());
        if (code != 0)
        {
            Assert.Ignore($"numpy is not installed for {Python}: {output.Trim()}");
        }
    }
}
