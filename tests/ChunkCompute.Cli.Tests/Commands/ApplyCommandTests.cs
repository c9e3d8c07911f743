using ChunkCompute.Cli.Commands;

namespace ChunkCompute.Cli.Tests.Commands;

public class ApplyCommandTests
{
    [TestCase("exp", 1)]
    [TestCase("sqrt", 7)]
    [TestCase("abs", 3)]
    [TestCase("log", 64)]
    public async Task Apply_OnBundledData_MatchesMathAndKeepsShape(string func, int chunks)
    {
        using var tmp = new TempFolder();
        string input = CliRunner.Data(func == "exp" ? "uniform_f4.npy" : "normal_f8.npy");
        var r = await CliRunner.RunAsync("apply", func, input, tmp.File("out.npy"), "--chunks", $"{chunks}");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.ToString);
        Assert.That(r.Out, Does.Contain($"{func}("));
        using NdArray source = NdArray.Load(input);
        using NdArray<double> x = source.AsType<double>();
        using NdArray result = NdArray.Load(tmp.File("out.npy"));
        Assert.That(result.DType, Is.EqualTo(source.DType), "float in, same float out");
        Assert.That(result.Shape.ToArray(), Is.EqualTo(source.Shape.ToArray()));
        using NdArray<double> y = result.AsType<double>();
        double[] xs = x.ToArray(), ys = y.ToArray();
        Func<double, double> reference = func switch { "exp" => Math.Exp, "sqrt" => Math.Sqrt, "abs" => Math.Abs, _ => Math.Log };
        double rtol = source.DType == DType.Float32 ? 1e-6 : 1e-14;
        for (int i = 0; i < xs.Length; i++)
        {
            double e = reference(xs[i]);
            if (double.IsNaN(e))
            {
                Assert.That(ys[i], Is.NaN, $"element {i}: {func}({xs[i]})");
            }
            else if (Math.Abs(ys[i] - e) > rtol * Math.Abs(e))
            {
                Assert.Fail($"element {i}: {func}({xs[i]}) = {ys[i]}, expected {e}");
            }
        }
    }

    [Test]
    public async Task Apply_IntegerInput_PromotesToFloat64AsNumPy()
    {
        using var tmp = new TempFolder();
        var r = await CliRunner.RunAsync("apply", "sqrt", CliRunner.Data("integers_i4.npy"), tmp.File("out.npy"));
        Assert.That(r.ExitCode, Is.EqualTo(0), r.ToString);
        using NdArray<double> y = NdArray.Load<double>(tmp.File("out.npy"));
        using NdArray<int> x = NdArray.Load<int>(CliRunner.Data("integers_i4.npy"));
        int[] xs = x.ToArray();
        double[] ys = y.ToArray();
        Assert.That(ys, Has.Length.EqualTo(xs.Length));
        for (int i = 0; i < xs.Length; i += 997)
        {
            Assert.That(ys[i], xs[i] < 0 ? Is.NaN : Is.EqualTo(Math.Sqrt(xs[i])));
        }
    }

    [Test]
    public async Task Apply_TwoDimensional_ChunksAlongAxis0()
    {
        using var tmp = new TempFolder();
        var r = await CliRunner.RunAsync("apply", "negative", CliRunner.Data("matrix_f8.npy"), tmp.File("neg.npy"), "--chunks", "7", "--workers", "2");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.ToString);
        using NdArray<double> m = NdArray.Load<double>(CliRunner.Data("matrix_f8.npy"));
        using NdArray<double> n = NdArray.Load<double>(tmp.File("neg.npy"));
        Assert.That(n.Shape.ToArray(), Is.EqualTo(new long[] { 1000, 16 }));
        Assert.That(n.ToArray(), Is.EqualTo(m.ToArray().Select(v => -v).ToArray()));
    }

    [TestCase("cube", "normal_f8.npy", "out.npy", "'cube' not recognized")]
    [TestCase("exp", "missing.npy", "out.npy", "file not found")]
    [TestCase("exp", "normal_f8.npy", "out.txt", "OUT must be a .npy file")]
    public async Task Apply_BadInput_ExitsTwoWithOneLine(string func, string input, string output, string message)
    {
        using var tmp = new TempFolder();
        string inPath = input == "missing.npy" ? tmp.File(input) : CliRunner.Data(input);
        var r = await CliRunner.RunAsync("apply", func, inPath, tmp.File(output));
        Assert.That(r.ExitCode, Is.EqualTo(2), r.ToString);
        Assert.That(r.Error.TrimEnd().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(r.Error, Does.Contain(message));
        Assert.That(tmp.Files(), Is.Empty);
    }

    [Test]
    public async Task Apply_Cancelled_Exits130AndLeavesNoFile()
    {
        using var tmp = new TempFolder();
        using var cts = new CancellationTokenSource();
        ApplyCommand.ChunkWritten = _ => cts.Cancel();
        try
        {
            var r = await CliRunner.RunAsync(cts.Token, "apply", "exp", CliRunner.Data("normal_f8.npy"), tmp.File("out.npy"), "--chunks", "50", "--workers", "1");
            Assert.That(r.ExitCode, Is.EqualTo(130), r.ToString);
        }
        finally
        {
            ApplyCommand.ChunkWritten = null;
        }

        Assert.That(tmp.Files(), Is.Empty);
    }
}
