using System.Numerics;
using ChunkCompute;
using ChunkCompute.Kernels;

namespace ChunkCompute.Tests.Kernels.Reductions;

/// <summary>
/// The vector argmax/argmin fold against the scalar one (the operators' <c>Accumulate</c>, one element at a time):
/// every length 1..256, the extreme planted at every position, ties (the first wins), NaN (the first NaN wins),
/// −0/+0 ties, spans across the kernel's 4096-element blocks, a running partial result coming in, and every vector
/// element type.
/// </summary>
public class ArgExtremeKernelTests
{
    [Test]
    public void EveryLengthAndPositionMatchesTheScalarFold()
    {
        var rng = new Random(31);
        for (int n = 1; n <= 256; n++)
        {
            for (int at = 0; at < n; at += Math.Max(1, n / 9))
            {
                var x = Enumerable.Range(0, n).Select(_ => rng.Next(-50, 50) / 4.0).ToArray();
                x[at] = 100;
                Check(x, $"n={n} max at {at}");
                x[at] = -100;
                Check(x, $"n={n} min at {at}");
                x[at] = double.NaN;
                Check(x, $"n={n} NaN at {at}");
                x[(at + (n / 2)) % n] = double.NaN;
                Check(x, $"n={n} two NaN");
            }
        }
    }

    [Test]
    public void TiesKeepTheFirstIncludingSignedZeros()
    {
        foreach (int n in new[] { 5, 64, 3000, 9000 })
        {
            var x = new double[n];
            Array.Fill(x, -1.0);
            x[n / 3] = -0.0;
            x[n / 2] = 0.0;
            x[n - 1] = 0.0;
            Check(x, $"n={n} zero ties");
            var y = Enumerable.Repeat(7.5, n).ToArray();
            Check(y, $"n={n} all equal");
        }
    }

    [Test]
    public void LongSpansAcrossBlocksMatchTheScalarFold([Values(4095, 4096, 4097, 8192, 8193, 10_001, 70_000)] int n)
    {
        var rng = new Random(n);
        var increasing = Enumerable.Range(0, n).Select(i => (double)i).ToArray();
        var decreasing = Enumerable.Range(0, n).Select(i => (double)-i).ToArray();
        var random = Enumerable.Range(0, n).Select(_ => rng.NextDouble()).ToArray();
        var lateNaN = (double[])random.Clone();
        lateNaN[n - 1] = double.NaN;
        var repeatedMax = Enumerable.Range(0, n).Select(i => i % 1000 == 999 ? 2.0 : rng.NextDouble()).ToArray();

        // Ties, zeros and NaN on both sides of the first block boundary (4096), and at the span's ends.
        int edge = Math.Min(4095, n - 2);
        var boundaryTie = (double[])random.Clone();
        boundaryTie[edge] = boundaryTie[edge + 1] = boundaryTie[n - 1] = 3.0;
        var boundaryZeros = Enumerable.Repeat(-1.0, n).ToArray();
        boundaryZeros[edge] = -0.0;
        boundaryZeros[edge + 1] = 0.0;
        var boundaryNaN = (double[])boundaryTie.Clone();
        boundaryNaN[edge + 1] = double.NaN;
        boundaryNaN[n - 1] = double.NaN;
        foreach (var (name, x) in new[] { ("increasing", increasing), ("decreasing", decreasing), ("random", random), ("late NaN", lateNaN), ("repeated max", repeatedMax), ("boundary tie", boundaryTie), ("boundary zeros", boundaryZeros), ("boundary NaN", boundaryNaN) })
        {
            Check(x, $"n={n} {name}");
        }
    }

    [Test]
    public void IncomingPartialResultIsRespected()
    {
        var x = new[] { 1.0, 5.0, 3.0, 5.0 };
        for (int rep = 0; rep < 6; rep++)
        {
            x = x.Concat(x).ToArray(); // 256 elements
        }

        var none = ArgPartial<double>.None;
        Assert.That(ArgExtremeKernel.ArgMax(none, x, 1000), Is.EqualTo(new ArgPartial<double>(5.0, 1001)));
        Assert.That(ArgExtremeKernel.ArgMax(new ArgPartial<double>(5.0, 7), x, 1000), Is.EqualTo(new ArgPartial<double>(5.0, 7)), "an equal earlier maximum stays");
        Assert.That(ArgExtremeKernel.ArgMax(new ArgPartial<double>(9.0, 7), x, 1000), Is.EqualTo(new ArgPartial<double>(9.0, 7)), "a greater earlier maximum stays");
        Assert.That(ArgExtremeKernel.ArgMax(new ArgPartial<double>(double.NaN, 3), x, 1000).Index, Is.EqualTo(3), "an earlier NaN stays");
        Assert.That(ArgExtremeKernel.ArgMin(new ArgPartial<double>(1.0, 7), x, 1000), Is.EqualTo(new ArgPartial<double>(1.0, 7)));
        Assert.That(ArgExtremeKernel.ArgMin(new ArgPartial<double>(2.0, 7), x, 1000), Is.EqualTo(new ArgPartial<double>(1.0, 1000)));
    }

    [Test]
    public void EveryVectorTypeMatchesTheScalarFold()
    {
        var rng = new Random(32);
        foreach (int n in new[] { 1, 7, 31, 64, 65, 255, 3001 })
        {
            var v = Enumerable.Range(0, n).Select(_ => rng.Next(-100, 100)).ToArray();
            Check(v.Select(e => (float)e).ToArray(), $"float n={n}");
            Check(v.ToArray(), $"int n={n}");
            Check(v.Select(e => (long)e * 1_000_000_007L).ToArray(), $"long n={n}");
            Check(v.Select(e => (ulong)(e + 100) * 3_000_000_000UL).ToArray(), $"ulong n={n}");
            Check(v.Select(e => (uint)(e + 100)).ToArray(), $"uint n={n}");
            Check(v.Select(e => (short)(e * 300)).ToArray(), $"short n={n}");
            Check(v.Select(e => (ushort)(e + 100)).ToArray(), $"ushort n={n}");
            Check(v.Select(e => (sbyte)e).ToArray(), $"sbyte n={n}");
            Check(v.Select(e => (byte)(e + 100)).ToArray(), $"byte n={n}");
        }
    }

    /// <summary>
    /// A span of int.MaxValue elements (the longest an axis reduction hands over): block offsets must not wrap.
    /// Costs 2 GiB of native memory for about 2 s, so it does not run beside other tests.
    /// </summary>
    [Test]
    [NonParallelizable]
    public void SpanOfIntMaxValueElements()
    {
        using var a = NdArray.Zeros<byte>(int.MaxValue);
        var span = a.AsSpan();
        span[^1] = 7;
        span[^2] = 7;
        Assert.That(ArgExtremeKernel.ArgMax(ArgPartial<byte>.None, a.AsReadOnlySpan(), 0).Index, Is.EqualTo(int.MaxValue - 2L));
        Assert.That(ArgExtremeKernel.ArgMin(ArgPartial<byte>.None, a.AsReadOnlySpan(), 10).Index, Is.EqualTo(10L));
        span[1000] = 9;
        Assert.That(ArgExtremeKernel.ArgMax(new ArgPartial<byte>(8, 3), a.AsReadOnlySpan(), 0).Index, Is.EqualTo(1000L));
    }

    private static void Check<T>(T[] x, string at)
        where T : unmanaged, INumber<T>
    {
        var max = ArgPartial<T>.None;
        var min = ArgPartial<T>.None;
        for (int i = 0; i < x.Length; i++)
        {
            max = ArgMaxOperator<T>.Accumulate(max, x[i], 40 + i);
            min = ArgMinOperator<T>.Accumulate(min, x[i], 40 + i);
        }

        Assert.That(ArgExtremeKernel.ArgMax(ArgPartial<T>.None, x, 40).Index, Is.EqualTo(max.Index), $"argmax {typeof(T).Name} {at}");
        Assert.That(ArgExtremeKernel.ArgMin(ArgPartial<T>.None, x, 40).Index, Is.EqualTo(min.Index), $"argmin {typeof(T).Name} {at}");
    }
}
