using ChunkCompute.Cli.Commands;

namespace ChunkCompute.Cli.Tests.Commands;

public class GenCommandTests
{
    [Test]
    public async Task Gen_SameSeed_SameBytesForAnyWorkerCount()
    {
        using var tmp = new TempFolder();
        // 1.5 blocks, so the last block is partial.
        string n = (GenCommandTestsHelper.Block * 3 / 2).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var r1 = await CliRunner.RunAsync("gen", "--n", n, "--seed", "7", "--workers", "1", "--out", tmp.File("a.npy"));
        var r2 = await CliRunner.RunAsync("gen", "--n", n, "--seed", "7", "--workers", "2", "--out", tmp.File("b.npy"));
        var r3 = await CliRunner.RunAsync("gen", "--n", n, "--seed", "8", "--workers", "2", "--out", tmp.File("c.npy"));
        Assert.That(r1.ExitCode, Is.EqualTo(0), r1.ToString);
        Assert.That(r2.ExitCode, Is.EqualTo(0), r2.ToString);
        Assert.That(r3.ExitCode, Is.EqualTo(0), r3.ToString);
        byte[] a = await File.ReadAllBytesAsync(tmp.File("a.npy"));
        Assert.That(await File.ReadAllBytesAsync(tmp.File("b.npy")), Is.EqualTo(a));
        Assert.That(await File.ReadAllBytesAsync(tmp.File("c.npy")), Is.Not.EqualTo(a));
        Assert.That(tmp.Files(), Is.EquivalentTo(new[] { "a.npy", "b.npy", "c.npy" }), "no temporary files left");
    }

    [TestCase("normal", "float64", "0", "1")]
    [TestCase("uniform", "float32", "-2", "3")]
    [TestCase("integers", "int16", "-5", "5")]
    [TestCase("integers", "uint8", "10", "20")]
    public async Task Gen_WritesRequestedDistributionAndDtype(string dist, string dtype, string low, string high)
    {
        using var tmp = new TempFolder();
        string path = tmp.File("x.npy");
        string[] bounds = dist == "normal" ? ["--loc", low, "--scale", high] : ["--low", low, "--high", high];
        var r = await CliRunner.RunAsync(["gen", "--dist", dist, "--dtype", dtype, "--n", "100k", "--seed", "1", "--out", path, .. bounds]);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.ToString);
        Assert.That(r.Out, Does.Contain("100,000"));
        using NdArray array = NdArray.Load(path);
        Assert.That(array.DType.Name, Is.EqualTo(dtype));
        Assert.That(array.Shape.ToArray(), Is.EqualTo(new long[] { 100_000 }));
        using NdArray<double> values = array.AsType<double>();
        double[] v = values.ToArray();
        double lo = double.Parse(low, System.Globalization.CultureInfo.InvariantCulture);
        double hi = double.Parse(high, System.Globalization.CultureInfo.InvariantCulture);
        double mean = v.Average();
        if (dist == "normal")
        {
            Assert.That(mean, Is.EqualTo(lo).Within(0.02));
        }
        else
        {
            Assert.That(v.Min(), Is.GreaterThanOrEqualTo(lo));
            Assert.That(v.Max(), Is.LessThan(hi));
            double expected = dist == "integers" ? (lo + hi - 1) / 2 : (lo + hi) / 2;
            Assert.That(mean, Is.EqualTo(expected).Within((hi - lo) * 0.01));
        }
    }

    [TestCase("--dist", "normal", "--dtype", "int32", "not a float type")]
    [TestCase("--dist", "uniform", "--low", "3", "--high", "1", "must be greater than --low")]
    [TestCase("--dist", "gamma", "gamma")]
    [TestCase("--dtype", "complex128", "unknown dtype 'complex128'")]
    [TestCase("--workers", "0", "--workers must be between 1 and 1024, got 0")]
    [TestCase("--workers", "2147483647", "--workers must be between 1 and 1024")]
    [TestCase("--dist", "integers", "--dtype", "int8", "--low", "0", "--high", "1000", "do not fit in int8, whose range is [-128, 127]")]
    [TestCase("--dist", "integers", "--dtype", "uint16", "--low", "-1", "--high", "5", "do not fit in uint16")]
    [TestCase("--dist", "integers", "--dtype", "uint64", "--low", "0", "--high", "1e19", "draws within the int64 range")]
    [TestCase("--dist", "integers", "--dtype", "float64", "--low", "0", "--high", "1e30", "draws within the int64 range")]
    [TestCase("--dist", "integers", "--dtype", "float16", "--low", "0", "--high", "100000", "do not fit in float16")]
    [TestCase("--dist", "uniform", "--dtype", "float32", "--high", "1e39", "do not fit in float32")]
    public async Task Gen_BadOptions_ExitTwoWithOneLineAndNoFile(params string[] argsAndMessage)
    {
        using var tmp = new TempFolder();
        string message = argsAndMessage[^1];
        var r = await CliRunner.RunAsync(["gen", "--n", "1000", "--out", tmp.File("x.npy"), .. argsAndMessage[..^1]]);
        Assert.That(r.ExitCode, Is.EqualTo(2), r.ToString);
        Assert.That(r.Error.TrimEnd().Split('\n'), Has.Length.EqualTo(1), r.ToString);
        Assert.That(r.Error, Does.Contain(message));
        Assert.That(tmp.Files(), Is.Empty);
    }

    [Test]
    public async Task Gen_RefusesToOverwriteWithoutForce()
    {
        using var tmp = new TempFolder();
        string path = tmp.File("x.npy");
        await File.WriteAllTextAsync(path, "keep me");
        var r = await CliRunner.RunAsync("gen", "--n", "10", "--out", path);
        Assert.That(r.ExitCode, Is.EqualTo(2), r.ToString);
        Assert.That(r.Error, Does.Contain("already exists"));
        Assert.That(await File.ReadAllTextAsync(path), Is.EqualTo("keep me"));
    }

    [Test]
    public async Task Gen_CancelledMidway_ExitsWith130AndLeavesNoFile()
    {
        using var tmp = new TempFolder();
        using var cts = new CancellationTokenSource();
        GenCommand.BlockWritten = _ => cts.Cancel();
        try
        {
            var r = await CliRunner.RunAsync(cts.Token, "gen", "--n", "20M", "--workers", "1", "--out", tmp.File("big.npy"));
            Assert.That(r.ExitCode, Is.EqualTo(130), r.ToString);
            Assert.That(r.Error, Does.Contain("cancelled"));
        }
        finally
        {
            GenCommand.BlockWritten = null;
        }

        Assert.That(tmp.Files(), Is.Empty, "neither the output nor its temporary file may remain");
    }

    /// <summary>--high is exclusive for float dtypes too: draws that round up to it in float16 are kept below it.</summary>
    [Test]
    public async Task Gen_UniformFloat16_StaysBelowTheExclusiveHigh()
    {
        using var tmp = new TempFolder();
        var r = await CliRunner.RunAsync("gen", "--dist", "uniform", "--dtype", "float16", "--n", "200000", "--seed", "3", "--out", tmp.File("u.npy"));
        Assert.That(r.ExitCode, Is.EqualTo(0), r.ToString);
        using var a = NdArray.Load<Half>(tmp.File("u.npy"));
        var values = a.ToArray();
        Assert.That(values.Max(), Is.LessThan((Half)1));
        Assert.That(values.Min(), Is.GreaterThanOrEqualTo((Half)0));
    }
}

internal static class GenCommandTestsHelper
{
    public const long Block = Cli.Commands.GenCommand.BlockElements;
}
