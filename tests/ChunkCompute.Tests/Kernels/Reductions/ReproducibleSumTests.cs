using System.Diagnostics;
using System.Globalization;
using System.Runtime.Intrinsics;
using ChunkCompute;
using ChunkCompute.Execution;
using ChunkCompute.Kernels;

namespace ChunkCompute.Tests.Kernels.Reductions;

/// <summary>Accuracy and bit-reproducibility of <see cref="ReproducibleSum"/> and the reductions built on it.</summary>
public class ReproducibleSumTests
{
    /// <summary>Sum of doubles carried as an unevaluated double-double (TwoSum cascade): error ~ n·ε²·Σ|x|.</summary>
    internal static double ExactSum(ReadOnlySpan<double> x)
    {
        double hi = 0, lo = 0;
        foreach (double v in x)
        {
            double s = hi + v;
            double bp = s - hi;
            double err = (hi - (s - bp)) + (v - bp);
            hi = s;
            lo += err;
        }

        return hi + lo;
    }

    private static double PairwiseBound(ReadOnlySpan<double> x)
    {
        double abs = 0;
        foreach (double v in x)
        {
            abs += Math.Abs(v);
        }

        return (2 * Math.Pow(2, -52) * Math.Log2(Math.Max(x.Length, 2)) * abs);
    }

    private static double[] Data(int n, int seed)
    {
        var rnd = new Random(seed);
        var x = new double[n];
        for (int i = 0; i < n; i++)
        {
            // Wide dynamic range and both signs.
            x[i] = (rnd.NextDouble() - 0.3) * Math.Pow(10, (rnd.NextDouble() * 8) - 4);
        }

        return x;
    }

    [Test]
    public void EveryLength0To256AndBlockBoundariesWithinPairwiseBound()
    {
        foreach (int n in Enumerable.Range(0, 257).Concat([4095, 4096, 4097, 8191, 65537]))
        {
            var x = Data(n, n);
            double s = ReproducibleSum.Sum(x);
            Assert.That(Math.Abs(s - ExactSum(x)), Is.LessThanOrEqualTo(PairwiseBound(x)), $"n={n}");
            using var a = NdArray.FromArray(x);
            Assert.That(BitConverter.DoubleToInt64Bits(a.Sum()), Is.EqualTo(BitConverter.DoubleToInt64Bits(n == 0 ? 0.0 : s)), $"n={n}: NdArray.Sum differs from ReproducibleSum.Sum");
            var f = x.Select(v => (float)v).ToArray();
            double fs = ReproducibleSum.Sum(f);
            var fd = f.Select(v => (double)v).ToArray();
            Assert.That(BitConverter.DoubleToInt64Bits(fs), Is.EqualTo(BitConverter.DoubleToInt64Bits(ReproducibleSum.Sum(fd))), $"n={n}: float32 terms are widened exactly");
        }
    }

    [Test]
    public void EmptySumAndSumsOfNegativeZerosArePositiveZeroAsInNumPy()
    {
        Assert.That(double.IsNegative(ReproducibleSum.Sum(ReadOnlySpan<double>.Empty)), Is.False);
        Assert.That(double.IsNegative(ReproducibleSum.Sum([-0.0, -0.0, -0.0])), Is.False);
        Assert.That(double.IsNegative(ReproducibleSum.BlockPartial(Enumerable.Repeat(-0.0, 4096).ToArray())), Is.False);
    }

    [Test]
    public void Float64MillionElementsWithinTwoEpsLogNOfExact()
    {
        var x = Data(1_000_000, 42);
        double s = ReproducibleSum.Sum(x);
        double exact = ExactSum(x);
        Assert.That(Math.Abs(s - exact), Is.LessThanOrEqualTo(PairwiseBound(x)));
    }

    [Test]
    public void Float32TenMillionTenthsWithin2e5Relative()
    {
        using var a = NdArray.Full([10_000_000], 0.1f);
        var total = NdArray.Sum(a);
        Assert.That(total.DType, Is.EqualTo(DType.Float32));
        double s = a.Sum();
        double exact = 10_000_000 * (double)0.1f;
        Assert.That(Math.Abs(s - exact) / exact, Is.LessThan(2e-5));
    }

    [Test]
    public void BlockPartialsOfAnyBlockAlignedChunkingCombineToTheSameBits()
    {
        foreach (int n in new[] { 1, 4096, 4097, 300_000, 1_000_007 })
        {
            var x = Data(n, 7 * n);
            long expected = BitConverter.DoubleToInt64Bits(ReproducibleSum.Sum(x));
            var partials = new double[ReproducibleSum.BlockCount(n)];
            ReproducibleSum.BlockPartials(x, partials);
            Assert.That(BitConverter.DoubleToInt64Bits(ReproducibleSum.Combine(partials)), Is.EqualTo(expected), $"n={n}");

            // Chunks of 1, 3 and 17 blocks computed separately (as map tasks would) give the same partials.
            foreach (int blocksPerChunk in new[] { 1, 3, 17 })
            {
                var parts = new List<double>();
                for (int start = 0; start < n; start += blocksPerChunk * ReproducibleSum.BlockSize)
                {
                    int len = Math.Min(blocksPerChunk * ReproducibleSum.BlockSize, n - start);
                    var p = new double[ReproducibleSum.BlockCount(len)];
                    ReproducibleSum.BlockPartials(x.AsSpan(start, len), p);
                    parts.AddRange(p);
                }

                Assert.That(BitConverter.DoubleToInt64Bits(ReproducibleSum.Combine(parts.ToArray())), Is.EqualTo(expected), $"n={n}, chunk={blocksPerChunk} blocks");
            }
        }
    }

    [Test]
    public void WholeArrayReductionsGiveIdenticalBitsFor1To16Threads()
    {
        foreach (int n in new[] { 1_000_007, 2_100_001 })
        {
            using var x = new NdRandom(3).Normal([n], 2.0, 5.0);
            using var y = new NdRandom(4).Uniform([n], -1, 1);
            using var f = x.AsType<float>();
            string Run(ExecutionSettings s) => string.Join(",",
                Bits(x.Sum(s)), Bits(x.Mean(s)), Bits(x.Var(s)), Bits(x.Std(s, ddof: 1)), Bits(x.NanSum(s)), Bits(x.NanVar(s)),
                Bits(NdArray.Dot(x, y, s)), Bits(f.Sum(s)), Bits(f.Var(s)), Bits(x.Prod(s)), x.ArgMax(s), Bits(x.Max(s)));
            string reference = Run(ExecutionSettings.Sequential);
            for (int dop = 1; dop <= 16; dop++)
            {
                Assert.That(Run(new ExecutionSettings(dop) { MinimumElementsPerTask = 1 }), Is.EqualTo(reference), $"n={n}, dop={dop}");
            }
        }
    }

    [Test]
    public void AxisReductionsGiveIdenticalBitsUnderAnySettings()
    {
        using var m = new NdRandom(9).Normal([300, 1001], 0, 1);
        using var t = m.T;
        string Run(ExecutionSettings s) => string.Join(",",
            Hash(m.Sum(0, false, s)), Hash(m.Sum(1, false, s)), Hash(m.Var(0, 1, false, s)), Hash(m.Mean([0, 1], false, s)),
            Hash(t.Sum(0, false, s)), Hash(t.Std(1, 0, false, s)), Hash(m.NanMean(0, false, s)));
        string reference = Run(ExecutionSettings.Sequential);
        foreach (var s in new[] { new ExecutionSettings(2), new ExecutionSettings(3) { MinimumElementsPerTask = 1 }, new ExecutionSettings(7) { MinimumElementsPerTask = 100 }, new ExecutionSettings(16) { MinimumElementsPerTask = 1 } })
        {
            Assert.That(Run(s), Is.EqualTo(reference), s.ToString());
        }
    }

    [Test]
    public void OnePassVarianceOfDataFarFromZeroMatchesExactDecimalVariance()
    {
        // x = offset + k/4 for k = i*7919 mod 1000: every value, the mean and the deviations are exact in decimal.
        foreach (int n in new[] { 1, 2, 4095, 4096, 4097, 12289, 100_003 })
        {
            foreach (double offset in new[] { 0.0, 1e6, 1e9, -3e10 })
            {
                var x = new double[n];
                decimal sum = 0;
                for (int i = 0; i < n; i++)
                {
                    x[i] = offset + ((long)i * 7919 % 1000 / 4.0);
                    sum += (decimal)x[i];
                }

                decimal mean = sum / n;
                decimal m2 = 0;
                foreach (double v in x)
                {
                    m2 += ((decimal)v - mean) * ((decimal)v - mean);
                }

                double exact = (double)(m2 / n);
                using var a = NdArray.FromArray(x);
                double got = a.Var();
                double tol = 4 * double.Epsilon + (exact * 1e-13);
                Assert.That(got, Is.EqualTo(exact).Within(tol), $"n={n} offset={offset}");
                var (m, sd) = a.MeanStd();
                Assert.That(BitConverter.DoubleToInt64Bits(m), Is.EqualTo(BitConverter.DoubleToInt64Bits(a.Mean())), "MeanStd mean = Mean()");
                Assert.That(BitConverter.DoubleToInt64Bits(sd), Is.EqualTo(BitConverter.DoubleToInt64Bits(a.Std())), "MeanStd std = Std()");
            }
        }
    }

    [Test]
    public void StridedAxisSumsEqualDenseSumsBitForBit()
    {
        foreach (int rows in new[] { 1, 2, 15, 16, 17, 255, 256, 257, 4095, 4096, 4097, 9000 })
        {
            foreach (int cols in new[] { 1, 3, 64, 65 })
            {
                using var m = new NdRandom((ulong)((rows * 100) + cols)).Normal([rows, cols], 1, 3);
                var s0 = m.Sum(0).ToArray();
                var v0 = m.Var(0).ToArray();
                var data = m.ToArray();
                for (int c = 0; c < cols; c++)
                {
                    var col = Enumerable.Range(0, rows).Select(r => data[(r * cols) + c]).ToArray();
                    double sum = ReproducibleSum.Sum(col);
                    Assert.That(BitConverter.DoubleToInt64Bits(s0[c]), Is.EqualTo(BitConverter.DoubleToInt64Bits(sum)), $"sum rows={rows} cols={cols} c={c}");
                    double var = VarianceReference.M2(col) / rows;
                    Assert.That(BitConverter.DoubleToInt64Bits(v0[c]), Is.EqualTo(BitConverter.DoubleToInt64Bits(var)), $"var rows={rows} cols={cols} c={c}");
                }
            }
        }
    }

    [Test]
    public void WidenedFloat32RowsAddLikeTheScalarLoopAtEveryLengthAndOffset()
    {
        // ColumnLanes.AddWidened (float32 column sums) widens in registers; every vector width's loop and every
        // remainder must give acc[c] + (double)x[c], the bits of the widened copy added by TensorPrimitives.Add.
        var rng = new Random(4242);
        var xs = Enumerable.Range(0, 300).Select(_ => (float)((rng.NextDouble() - 0.5) * Math.Pow(2, rng.Next(-30, 30)))).ToArray();
        xs[5] = float.NaN;
        xs[40] = float.PositiveInfinity;
        xs[41] = -0.0f;
        xs[77] = float.Epsilon;
        var acc0 = Enumerable.Range(0, 300).Select(_ => (rng.NextDouble() - 0.5) * 1e3).ToArray();
        for (int offset = 0; offset < 3; offset++)
        {
            for (int n = 0; n <= 256; n++)
            {
                var acc = acc0.AsSpan(offset, n).ToArray();
                var x = xs.AsSpan(offset, n);
                var expected = new double[n];
                for (int c = 0; c < n; c++)
                {
                    expected[c] = acc[c] + (double)x[c];
                }

                ColumnLanes.AddWidened(acc, x);
                for (int c = 0; c < n; c++)
                {
                    Assert.That(BitConverter.DoubleToInt64Bits(acc[c]), Is.EqualTo(BitConverter.DoubleToInt64Bits(expected[c])), $"n={n} offset={offset} c={c}");
                }
            }
        }

        Assert.That(() => ColumnLanes.AddWidened(new double[4], new float[3]), Throws.ArgumentException);
    }

    [Test]
    public void Float32ColumnSumsEqualTheWidenedColumnsDenseSumAtEveryWidth()
    {
        // Every width 1..40 (each vector loop and remainder) and 300 rows (more than one 256-row sub-block): the
        // column sum, rounded to float32, equals the dense reproducible sum of the widened column; a view with
        // strided rows (every other column) takes the gathering path and must agree.
        for (int cols = 1; cols <= 40; cols++)
        {
            using var wide = new NdRandom((ulong)(900 + cols)).Normal([300, 2 * cols], 3, 7).AsType<float>();
            using var f = wide[":, ::2"].Copy();
            var data = f.ToArray();
            using var t = wide[":, ::2"];
            var s0 = f.Sum(0).ToArray();
            var st = t.Sum(0).ToArray();
            for (int c = 0; c < cols; c++)
            {
                var col = Enumerable.Range(0, 300).Select(r => (double)data[(r * cols) + c]).ToArray();
                float expected = (float)ReproducibleSum.Sum(col);
                Assert.That(BitConverter.DoubleToInt64Bits(s0[c]), Is.EqualTo(BitConverter.DoubleToInt64Bits(expected)), $"cols={cols} c={c}");
                Assert.That(BitConverter.DoubleToInt64Bits(st[c]), Is.EqualTo(BitConverter.DoubleToInt64Bits(expected)), $"strided cols={cols} c={c}");
            }
        }
    }

    [Test]
    public void WideAxisSumsAndVariancesEqualDenseColumnsBitForBitUnderAnySettings()
    {
        // Wider than one column tile of the sums (2048) and of the moments (256), with a ragged last tile and more
        // than one 4096-row block; float64 rows take the vector term path, float32 rows the converting one (float32
        // results are rounded to float32, as NumPy's).
        using var m = new NdRandom(77).Normal([4097, 2100], 5, 2);
        using var f = new NdRandom(78).Normal([300, 601], -1, 4).AsType<float>();
        var data = m.ToArray();
        var fdata = f.ToArray();
        var columns = Enumerable.Range(0, 2100).Select(c => Enumerable.Range(0, 4097).Select(r => data[(r * 2100) + c]).ToArray()).ToArray();
        var fcolumns = Enumerable.Range(0, 601).Select(c => Enumerable.Range(0, 300).Select(r => (double)fdata[(r * 601) + c]).ToArray()).ToArray();
        foreach (var s in new[] { ExecutionSettings.Sequential, new ExecutionSettings(2), new ExecutionSettings(3) { MinimumElementsPerTask = 1 } })
        {
            var s0 = m.Sum(0, false, s).ToArray();
            var v0 = m.Var(0, 0, false, s).ToArray();
            var fs0 = f.Sum(0, false, s).ToArray();
            var fv0 = f.Var(0, 0, false, s).ToArray();
            for (int c = 0; c < columns.Length; c++)
            {
                Assert.That(BitConverter.DoubleToInt64Bits(s0[c]), Is.EqualTo(BitConverter.DoubleToInt64Bits(ReproducibleSum.Sum(columns[c]))), $"sum c={c} {s}");
                Assert.That(BitConverter.DoubleToInt64Bits(v0[c]), Is.EqualTo(BitConverter.DoubleToInt64Bits(VarianceReference.M2(columns[c]) / 4097)), $"var c={c} {s}");
            }

            for (int c = 0; c < fcolumns.Length; c++)
            {
                Assert.That(BitConverter.DoubleToInt64Bits(fs0[c]), Is.EqualTo(BitConverter.DoubleToInt64Bits((float)ReproducibleSum.Sum(fcolumns[c]))), $"float32 sum c={c} {s}");
                Assert.That(BitConverter.DoubleToInt64Bits(fv0[c]), Is.EqualTo(BitConverter.DoubleToInt64Bits((float)(VarianceReference.M2(fcolumns[c]) / 300))), $"float32 var c={c} {s}");
            }
        }
    }

    [Test]
    [CancelAfter(300_000)]
    public void ChildProcessesWithoutAvx512AvxOrAnyHardwareIntrinsicsGiveIdenticalBits()
    {
        string probe = ProbeLocator.ProbePath();
        var baseline = RunProbe(probe, null);
        Assert.That(baseline["isa.Vector512"], Is.EqualTo(Vector512.IsHardwareAccelerated.ToString()), "default child sees the parent's ISA");

        // Knobs verified on .NET 10: DOTNET_EnableAVX512F=0 no longer switches AVX-512 off; DOTNET_EnableAVX512=0 does.
        var configs = new (string Knob, string Flag)[] { ("DOTNET_EnableAVX512", "isa.Vector512"), ("DOTNET_EnableAVX2", "isa.Vector256"), ("DOTNET_EnableHWIntrinsic", "isa.Vector128") };
        var parent = ParentLines();
        foreach (var line in parent)
        {
            Assert.That(baseline[line.Key], Is.EqualTo(line.Value), $"default child vs in-process: {line.Key}");
        }

        var controls = new HashSet<string> { baseline.First(kv => kv.Key.StartsWith("control.", StringComparison.Ordinal)).Value };
        foreach (var (knob, flag) in configs)
        {
            var child = RunProbe(probe, knob);
            TestContext.Out.WriteLine($"{knob}=0: {string.Join(" ", child.Where(kv => kv.Key.StartsWith("isa.", StringComparison.Ordinal)).Select(kv => $"{kv.Key}={kv.Value}"))}");
            if (flag == "isa.Vector512" && !Vector512.IsHardwareAccelerated)
            {
                Assert.Warn("this machine has no AVX-512: the AVX-512-off child runs the same code as the parent");
            }
            else
            {
                Assert.That(child[flag], Is.EqualTo("False"), $"{knob}=0 must switch {flag} off in the child");
            }

            foreach (var (key, value) in baseline)
            {
                if (key.StartsWith("isa.", StringComparison.Ordinal) || key.StartsWith("control.", StringComparison.Ordinal))
                {
                    continue;
                }

                Assert.That(child[key], Is.EqualTo(value), $"{knob}=0: {key}");
            }

            controls.Add(child.First(kv => kv.Key.StartsWith("control.", StringComparison.Ordinal)).Value);
        }

        // TensorPrimitives.Sum changes its bits with the ISA: proof that the children really ran different code.
        Assert.That(controls, Has.Count.GreaterThan(1), "control sum identical in every child: the ISA knobs had no effect");
    }

    /// <summary>The probe's lines for the seeded cases, computed in this process (same formulas as ProbeCases).</summary>
    private static Dictionary<string, string> ParentLines()
    {
        var lines = new Dictionary<string, string>();
        foreach (int n in new[] { 0, 1, 17, 255, 256, 1000, 4097, 1_000_007 })
        {
            using var x = new NdRandom((ulong)(1000 + n)).Normal([n], 1.5, 3.0);
            using var y = new NdRandom((ulong)(5000 + n)).Uniform([n], -1.0, 1.0);
            using var f = x.AsType<float>();
            lines[$"sum.f8.{n}"] = Bits(x.Sum());
            lines[$"var.f8.{n}"] = Bits(x.Var());
            lines[$"dot.f8.{n}"] = Bits(NdArray.Dot(x, y));
            lines[$"sum.f4.{n}"] = Bits(f.Sum());
        }

        return lines;
    }

    private static Dictionary<string, string> RunProbe(string probe, string? knob)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(probe);
        foreach (var k in new[] { "DOTNET_EnableAVX512", "DOTNET_EnableAVX512F", "DOTNET_EnableAVX2", "DOTNET_EnableHWIntrinsic" })
        {
            psi.Environment.Remove(k);
        }

        if (knob != null)
        {
            psi.Environment[knob] = "0";
        }

        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(240_000))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail($"probe with {knob ?? "no knob"} timed out");
        }

        Assert.That(p.ExitCode, Is.Zero, $"probe with {knob ?? "no knob"} failed: {stderr.Result}");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('=', 2)).ToDictionary(kv => kv[0], kv => kv[1].Trim());
    }

    internal static string Bits(double d) => BitConverter.DoubleToInt64Bits(d).ToString("x16", CultureInfo.InvariantCulture);

    internal static string Hash(NdArray<double> a)
    {
        ulong h = 1469598103934665603UL;
        foreach (double d in a.ToArray())
        {
            h = (h ^ (ulong)BitConverter.DoubleToInt64Bits(d)) * 1099511628211UL;
        }

        return h.ToString("x16", CultureInfo.InvariantCulture);
    }
}

/// <summary>Finds (and if needed builds) tests/ChunkCompute.ReproProbe for the configuration the tests run in.</summary>
internal static class ProbeLocator
{
    private static readonly object Gate = new();

    public static string ProbePath()
    {
        string dir = AppContext.BaseDirectory;
        string config = dir.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
        var root = new DirectoryInfo(dir);
        while (root != null && !File.Exists(Path.Combine(root.FullName, "ChunkCompute.sln")))
        {
            root = root.Parent;
        }

        Assert.That(root, Is.Not.Null, "repository root (ChunkCompute.sln) not found above " + dir);
        string project = Path.Combine(root!.FullName, "tests", "ChunkCompute.ReproProbe");
        string dll = Path.Combine(project, "bin", config, "net10.0", "ChunkCompute.ReproProbe.dll");
        lock (Gate)
        {
            // Rebuild when missing or when its copy of the library differs from the one under test (deterministic builds).
            string probeLib = Path.Combine(Path.GetDirectoryName(dll)!, "ChunkCompute.dll");
            string testLib = typeof(NdArray).Assembly.Location;
            if (!File.Exists(dll) || !File.Exists(probeLib) || !File.ReadAllBytes(probeLib).AsSpan().SequenceEqual(File.ReadAllBytes(testLib)))
            {
                var psi = new ProcessStartInfo("dotnet", ["build", project, "-c", config, "-nologo", "-v", "q"]) { UseShellExecute = false, RedirectStandardOutput = true };
                using var p = Process.Start(psi)!;
                string log = p.StandardOutput.ReadToEnd();
                p.WaitForExit();
                Assert.That(p.ExitCode, Is.Zero, "building the probe failed: " + log);
            }
        }

        return dll;
    }
}
