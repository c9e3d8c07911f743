using System.Globalization;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using ChunkCompute;
using ChunkCompute.Kernels;

namespace ChunkCompute.ReproProbe;

/// <summary>
/// Prints the instruction sets the JIT uses and the bit patterns of reproducible reductions and matrix products of
/// seeded arrays, one <c>name=hex</c> line each. The reproducibility test runs it with DOTNET_EnableAVX512=0,
/// DOTNET_EnableAVX2=0 and DOTNET_EnableHWIntrinsic=0 and compares the lines bit for bit.
/// </summary>
public static class Program
{
    public static int Main()
    {
        Console.WriteLine($"isa.Vector512={Vector512.IsHardwareAccelerated}");
        Console.WriteLine($"isa.Vector256={Vector256.IsHardwareAccelerated}");
        Console.WriteLine($"isa.Vector128={Vector128.IsHardwareAccelerated}");
        Console.WriteLine($"isa.Avx512F={Avx512F.IsSupported}");
        Console.WriteLine($"isa.Avx2={Avx2.IsSupported}");
        Console.WriteLine($"isa.Avx={Avx.IsSupported}");
        foreach (var line in ProbeCases.Lines())
        {
            Console.WriteLine(line);
        }

        return 0;
    }
}

/// <summary>The seeded cases (the NUnit test computes the same lines in-process; keep both in step).</summary>
public static class ProbeCases
{
    public static IEnumerable<string> Lines()
    {
        var lengths = Enumerable.Range(0, 257).Concat([1000, 4095, 4096, 4097, 65537, 262_145, 1_000_007]);
        foreach (int n in lengths)
        {
            using var x = new NdRandom((ulong)(1000 + n)).Normal([n], 1.5, 3.0);
            using var y = new NdRandom((ulong)(5000 + n)).Uniform([n], -1.0, 1.0);
            using var f = x.AsType<float>();
            yield return $"sum.f8.{n}={Bits(x.Sum())}";
            yield return $"mean.f8.{n}={Bits(x.Mean())}";
            yield return $"var.f8.{n}={Bits(x.Var())}";
            yield return $"std.f8.{n}={Bits(x.Std(ddof: 1))}";
            yield return $"nansum.f8.{n}={Bits(x.NanSum())}";
            yield return $"dot.f8.{n}={Bits(NdArray.Dot(x, y))}";
            yield return $"sum.f4.{n}={Bits(f.Sum())}";
            if (n == 1_000_007)
            {
                // Control: TensorPrimitives.Sum is not reproducible across instruction sets; this line shows that
                // the knobs really changed the code the JIT produced.
                yield return $"control.tensorprimitives.sum.f8.{n}={Bits(System.Numerics.Tensors.TensorPrimitives.Sum(x.AsReadOnlySpan()))}";
            }

            yield return $"var.f4.{n}={Bits(f.Var())}";
            if (n >= 1000)
            {
                var (counts, edges) = NdArray.Histogram(x, 100);
                yield return $"hist.f8.{n}={string.Join(",", counts.ToArray())}|{Bits(edges)}";
                foreach (string line in HistogramLines(x.ToArray(), n))
                {
                    yield return line;
                }
            }

            // Integer and bool sums in widened vector lanes, or the scalar fold without vector hardware.
            using (var i1 = (x * 40.0).AsType<sbyte>())
            using (var u2 = (x * 9000.0).AsType<ushort>())
            using (var b = NdArray.Greater(x, 1.5))
            {
                yield return $"isum.{n}={NdArray.Sum(i1)}|{NdArray.Sum(u2)}|{NdArray.Sum(b)}";
            }

            // float32 rows widened into float64 column lanes in registers (each width has its own loop).
            var widened = y.ToArray();
            ChunkCompute.Kernels.ColumnLanes.AddWidened(widened, f.AsReadOnlySpan());
            yield return $"widen.f4.{n}={Bits(NdArray.FromArray(widened))}";

            if (n % 7 == 0 && n > 0)
            {
                using var m = x.Reshape(7, n / 7);
                using var m4 = f.Reshape(7, n / 7);
                yield return $"sum0.f8.{n}={Bits(m.Sum(axis: 0))}";
                yield return $"sum0.f4.{n}={Bits(m4.Sum(axis: 0).AsType<double>())}";
                using (var i1 = (m * 40.0).AsType<sbyte>())
                using (var u2 = (m * 9000.0).AsType<ushort>())
                {
                    yield return $"isum0.{n}={Bits(((NdArray<long>)NdArray.Sum(i1, 0)).AsType<double>())}|{Bits(((NdArray<ulong>)NdArray.Sum(u2, 0)).AsType<double>())}";
                }

                yield return $"var1.f8.{n}={Bits(m.Var(axis: 1))}";

                // Column terms in vector lanes (widths n / 7 are rarely multiples of a vector): shifted and squared
                // deviations, NaN to zero, and the row folds of max / nanmin with NaN planted in the first row.
                var planted = m.ToArray();
                planted[0] = double.NaN;
                using var withNaN = NdArray.FromArray(planted).Reshape(7, n / 7);
                yield return $"var0.f8.{n}={Bits(m.Var(axis: 0))}";
                yield return $"nansum0.f8.{n}={Bits(withNaN.NanSum(axis: 0))}";
                yield return $"nanvar0.f8.{n}={Bits(withNaN.NanVar(axis: 0))}";
                yield return $"max0.f8.{n}={Bits(NdArray.Max(withNaN, 0))}|{Bits(NdArray.NanMin(withNaN, 0))}";
            }
        }

        foreach (string line in MatMulLines())
        {
            yield return line;
        }

        foreach (string line in DivisionLines())
        {
            yield return line;
        }
    }

    /// <summary>
    /// int32 <c>//</c> and <c>%</c> by one divisor: AVX-512 and AVX2 run the multiply-high loops (positive divisors)
    /// or the float64 reciprocal (negative ones), without either the blocked float64 path, without hardware
    /// intrinsics the scalar operators; all must give the same integers. Dividends: the extremes, neighbours of
    /// multiples of each divisor, seeded values; lengths cover every vector remainder. Then float32 <c>Power</c>
    /// (<c>PowSingleOperator</c>) over bases and exponents whose results span underflow to overflow, with NaN
    /// exponents and irregular bases mixed in.
    /// </summary>
    private static IEnumerable<string> DivisionLines()
    {
        var rng = new Random(4242);
        foreach (int d in new[] { 1, 2, 3, 7, 10, 641, 1 << 20, (1 << 20) + 1, 123_456_789, (1 << 30) + 1, int.MaxValue, -1, -7, int.MinValue })
        {
            foreach (int n in new[] { 0, 1, 7, 15, 16, 17, 31, 33, 255, 1000, 4099 })
            {
                var xs = new int[n];
                for (int i = 0; i < n; i++)
                {
                    long k = rng.NextInt64(int.MinValue, (long)int.MaxValue + 1) / Math.Max(1L, Math.Abs((long)d));
                    xs[i] = (i % 5) switch
                    {
                        0 => rng.Next(int.MinValue, int.MaxValue),
                        1 => (int)Math.Clamp((k * d) + rng.Next(-1, 2), int.MinValue, int.MaxValue),
                        2 => new[] { int.MinValue, int.MinValue + 1, int.MaxValue, -1, 0, 1 }[rng.Next(6)],
                        _ => rng.Next(-100_000, 100_000),
                    };
                }

                using var x = NdArray.FromArray(xs);
                using var q = NdArray.FloorDivide(x, NdArray.Scalar(d));
                using var r = NdArray.Remainder(x, NdArray.Scalar(d));
                yield return $"idiv.{d}.{n}={Hash(q.ToArray())}|{Hash(r.ToArray())}";
            }
        }

        // float32 Power: the table lookup differs per width (vpermt2pd, AVX2 gathers, element loads), the rest must not.
        foreach (int n in new[] { 1, 3, 7, 15, 16, 17, 33, 1000, 4099 })
        {
            var bases = new float[n];
            var exps = new float[n];
            for (int i = 0; i < n; i++)
            {
                bases[i] = (float)Math.Pow(2, (rng.NextDouble() * 280) - 150) * (float)(1 + rng.NextDouble());
                exps[i] = i % 7 == 3 ? float.NaN : (float)((rng.NextDouble() - 0.5) * 300 / Math.Max(1, Math.Abs(Math.Log2(bases[i]))));
            }

            bases[n / 2] = n % 2 == 0 ? -2f : 0f;
            using var xb = NdArray.FromArray(bases);
            using var ye = NdArray.FromArray(exps);
            using var pw = NdArray.Power(xb, ye);
            yield return $"powf.{n}={Hash(pw.ToArray().Select(BitConverter.SingleToInt32Bits).ToArray())}";
        }

        // float64 Power (PowDoubleOperator: its 512- and 256-bit bodies and every instruction set must agree).
        foreach (int n in new[] { 1, 5, 9, 1000, 4099 })
        {
            var bases = new double[n];
            var exps = new double[n];
            for (int i = 0; i < n; i++)
            {
                bases[i] = Math.Pow(2, (rng.NextDouble() * 2000) - 1000) * (1 + rng.NextDouble());
                exps[i] = i % 5 == 1 ? 3 : (rng.NextDouble() - 0.5) * 1400 / Math.Max(1, Math.Abs(Math.Log(bases[i])));
            }

            using var xb = NdArray.FromArray(bases);
            using var ye = NdArray.FromArray(exps);
            using var pw = NdArray.Power(xb, ye);
            using var p3 = NdArray.Power(xb, 3.0);
            yield return $"pow.f8.{n}={Bits(pw)}|{Bits(p3)}";
        }

        // About 4 in a million cubes came out differently with vrcp14pd (AVX-512) than with the division (review
        // finding, fixed): a million of them, and the reviewer's example first.
        var cubes = new double[1_000_000];
        cubes[0] = 4664.198220326026;
        for (int i = 1; i < cubes.Length; i++)
        {
            cubes[i] = 1 + (rng.NextDouble() * 9999);
        }

        using (var xc = NdArray.FromArray(cubes))
        using (var pc = NdArray.Power(xc, 3.0))
        {
            yield return $"pow.f8.cubes={Bits(pc)}|{BitConverter.DoubleToInt64Bits(pc[0]):x16}";
        }

        // float32 Tanh (TanhSingleOperator shares Power's Exp2 and its table lookups): every 4099th float and its negation.
        var tanhIn = Enumerable.Range(0, (0x7F800000 / 4099) + 1).Select(i => BitConverter.Int32BitsToSingle(i * 4099)).SelectMany(v => new[] { v, -v }).ToArray();
        using (var ta = NdArray.FromArray(tanhIn))
        using (var th = NdArray.Tanh(ta))
        {
            yield return $"tanhf={Hash(th.ToArray().Select(BitConverter.SingleToInt32Bits).ToArray())}";
        }

        // float32 Tan (TanSingleOperator: reduction by pi/2 and a rational function in double lanes), same inputs.
        using (var ta = NdArray.FromArray(tanhIn))
        using (var tn = NdArray.Tan(ta))
        {
            yield return $"tanf={Hash(tn.ToArray().Select(BitConverter.SingleToInt32Bits).ToArray())}";
        }

        // float64 Tan (TanDoubleOperator: double-double reduction, rational function, refined reciprocal): seeded
        // values over many magnitudes, both signs, with specials and lanes past the vector limit among them.
        var tanD = new double[100_003];
        for (int i = 0; i < tanD.Length; i++)
        {
            tanD[i] = (i % 97) switch
            {
                0 => double.NaN,
                1 => 3e9,
                2 => -0.0,
                _ => (rng.Next(2) == 0 ? -1 : 1) * Math.Pow(2, (rng.NextDouble() * 50) - 30),
            };
        }

        using (var td = NdArray.FromArray(tanD))
        using (var tt = NdArray.Tan(td))
        {
            yield return $"tan.f8={Bits(tt)}";
        }

        // sin/cos/tan of large float64 arguments (LargeArgumentTrig: Payne-Hanek with 64-bit multiplies, FMAs).
        var large = new double[20_003];
        for (int i = 0; i < large.Length; i++)
        {
            large[i] = (rng.Next(2) == 0 ? -1 : 1) * Math.Pow(10, 5 + (rng.NextDouble() * 303));
        }

        large[0] = 6381956970095103.0 * Math.Pow(2, 797);
        using (var la = NdArray.FromArray(large))
        using (var ls = NdArray.Sin(la))
        using (var lc = NdArray.Cos(la))
        using (var lt = NdArray.Tan(la))
        {
            yield return $"trig.large.f8={Bits(ls)}/{Bits(lc)}/{Bits(lt)}";
        }

        // float64 Log2/Log10 (VectorLogBase on DoubleDoubleLog): every magnitude, subnormals (scaled in the vector),
        // values near 1, and zeros, negatives, infinities and NaN among them.
        var logIn = new double[100_003];
        for (int i = 0; i < logIn.Length; i++)
        {
            logIn[i] = (i % 101) switch
            {
                0 => double.NaN,
                1 => -0.0,
                2 => -3.5,
                3 => double.PositiveInfinity,
                4 => 1 + ((rng.NextDouble() - 0.5) * 1e-9),
                _ => Math.Pow(2, (rng.NextDouble() * 2098) - 1075) * (1 + rng.NextDouble()),
            };
        }

        using (var ld = NdArray.FromArray(logIn))
        using (var l2 = NdArray.Log2(ld))
        using (var l10 = NdArray.Log10(ld))
        {
            yield return $"log2.f8={Bits(l2)}|log10.f8={Bits(l10)}";
        }

        // float32 Log2/Log10 (VectorLogBaseSingle): every 4099th float and its negation (subnormals, zeros, NaN, Inf).
        using (var lf = NdArray.FromArray(tanhIn))
        using (var l2f = NdArray.Log2(lf))
        using (var l10f = NdArray.Log10(lf))
        {
            yield return $"log2.f4={Hash(l2f.ToArray().Select(BitConverter.SingleToInt32Bits).ToArray())}|log10.f4={Hash(l10f.ToArray().Select(BitConverter.SingleToInt32Bits).ToArray())}";
        }

        // float16: the lookup tables (built from the float64 kernels) over every input, and + * / ** in float32 lanes
        // (HalfConversion's 512/256/128-bit and scalar paths) over every input against a shuffled partner.
        var halves = new Half[65536 + 7];
        var partners = new Half[halves.Length];
        for (int i = 0; i < halves.Length; i++)
        {
            halves[i] = BitConverter.UInt16BitsToHalf((ushort)i);
            partners[i] = BitConverter.UInt16BitsToHalf((ushort)(i * 40503));
        }

        using (var hx = NdArray.FromArray(halves))
        using (var hy = NdArray.FromArray(partners))
        {
            var unary = new (string Name, Func<NdArray<Half>, NdArray<Half>> F)[]
            {
                ("exp", a => NdArray.Exp(a)), ("log", a => NdArray.Log(a)), ("log2", a => NdArray.Log2(a)), ("log10", a => NdArray.Log10(a)),
                ("sin", a => NdArray.Sin(a)), ("cos", a => NdArray.Cos(a)), ("tan", a => NdArray.Tan(a)), ("tanh", a => NdArray.Tanh(a)), ("sqrt", a => NdArray.Sqrt(a)),
                ("abs", a => NdArray.Abs(a)), ("negate", a => NdArray.Negate(a)), ("sign", a => NdArray.Sign(a)),
            };
            yield return string.Join("|", unary.Select(u =>
            {
                using var r = u.F(hx);
                return $"{u.Name}.f2={HalfHash(r)}";
            }));
            using var add = NdArray.Add(hx, hy);
            using var sub = NdArray.Subtract(hx, hy);
            using var mul = NdArray.Multiply(hx, hy);
            using var div = NdArray.Divide(hx, hy);
            using var pow = NdArray.Power(hx, hy);
            yield return $"add.f2={HalfHash(add)}|subtract.f2={HalfHash(sub)}|multiply.f2={HalfHash(mul)}|divide.f2={HalfHash(div)}|power.f2={HalfHash(pow)}";

            // float16 <-> float32 casts (vector lanes, NumPy's NaN rule): every float16 widened, and it narrowed back
            // after scaling by 1.0009765625 (so rounding, overflow and NaN payloads are all exercised).
            using var wide = hx.AsType<float>();
            using var scaled = NdArray.Multiply(wide, NdArray.Scalar(1.0009765625f));
            using var narrow = scaled.AsType<Half>();
            yield return $"astype.f2f4={Hash(wide.ToArray().Select(BitConverter.SingleToInt32Bits).ToArray())}|astype.f4f2={HalfHash(narrow)}";
        }
    }

    /// <summary>
    /// Histogram and min/max cases beyond normal data (each vector width has its own loops): eighths in every third
    /// 1024-value block (values on edges: the exact loop), NaN and values outside a given range, explicit linspace
    /// edges (the uniform kernel) and uneven ones, 7 bins (one index per value, not pairs), and the one-pass
    /// min/max with a NaN or a −0 planted.
    /// </summary>
    private static IEnumerable<string> HistogramLines(double[] values, int n)
    {
        var mixed = values.Select((v, i) => i / 1024 % 3 == 1 ? ((i % 41) - 20) / 8.0 : i % 97 == 0 ? double.NaN : v).ToArray();
        using var m = NdArray.FromArray(mixed);
        yield return $"hist.mixed.range.{n}={Counts(NdArray.Histogram(m, 100, (-2.5, 4.0)).Counts)}";
        yield return $"hist.mixed.bins7.{n}={Counts(NdArray.Histogram(m, 7, (-2.5, 4.0)).Counts)}";
        var linspace = Enumerable.Range(0, 65).Select(i => (i * (6.0 / 64)) - 3.0).ToArray();
        linspace[^1] = 3.0;
        yield return $"hist.mixed.edges.{n}={Counts(NdArray.Histogram(m, linspace).Counts)}";
        yield return $"hist.mixed.uneven.{n}={Counts(NdArray.Histogram(m, [-3.0, -1.0, -0.125, 0.0, 0.5, 2.0, 2.5]).Counts)}";
        var finite = mixed.Select(v => double.IsNaN(v) ? 0.25 : v).ToArray();
        using var f = NdArray.FromArray(finite);
        var (counts, edges) = NdArray.Histogram(f, 100);
        yield return $"hist.mixed.auto.{n}={Counts(counts)}|{Bits(edges)}";
        using var singles = NdArray.FromArray(finite.Select(v => (float)v).ToArray());
        var (countsF4, edgesF4) = NdArray.Histogram(singles, 100);
        yield return $"hist.f4.auto.{n}={Counts(countsF4)}|{Bits(edgesF4)}";
        yield return $"hist.f4.range.{n}={Counts(NdArray.Histogram(singles, 100, (-2.5, 4.0)).Counts)}";
        using var halves = singles.AsType<Half>();
        yield return $"hist.f2.{n}={Counts(NdArray.Histogram(halves, 50).Counts)}";
        using var scaled = NdArray.FromArray(finite.Select(v => Math.Round(v * 37)).ToArray());
        yield return $"hist.f4.{n}={Counts(NdArray.Histogram(scaled.AsType<float>(), 100).Counts)}";
        yield return $"hist.i4.{n}={Counts(NdArray.Histogram(scaled.AsType<int>(), 100).Counts)}";
        yield return $"hist.i2.{n}={Counts(NdArray.Histogram(scaled.AsType<short>(), 100).Counts)}";
        yield return $"hist.u2.{n}={Counts(NdArray.Histogram(scaled.AsType<ushort>(), 100).Counts)}";
        yield return $"hist.i1.{n}={Counts(NdArray.Histogram(scaled.AsType<sbyte>(), 100).Counts)}";
        yield return $"hist.u1.{n}={Counts(NdArray.Histogram(scaled.AsType<byte>(), 100).Counts)}";
        yield return $"hist.i8.{n}={Counts(NdArray.Histogram(scaled.AsType<long>(), 100).Counts)}";
        using var q = NdArray.Percentile(m, [0.0, 1.0, 37.5, 50.0, 99.9, 100.0]);
        yield return $"percentile.mixed.{n}={Bits((NdArray<double>)q)}";
        using var fm = NdArray.FromArray(finite);
        using var med = NdArray.Median(fm);
        yield return $"median.mixed.{n}={Bits((NdArray<double>)med)}";
        using var longs = scaled.AsType<long>();
        using var ql = NdArray.Percentile(longs, [0.0, 10.0, 50.0, 90.0, 100.0]);
        yield return $"percentile.i8.{n}={Bits((NdArray<double>)ql)}";
        using var i4 = scaled.AsType<int>();
        using var i2 = scaled.AsType<short>();
        using var u1 = scaled.AsType<byte>();
        using var f4 = fm.AsType<float>();
        yield return $"minmax.reductions.{n}={Bits(fm.Min())},{Bits(fm.Max())},{Bits(f4.Min())},{Bits(f4.Max())},{longs.Min()},{longs.Max()},{i4.Min()},{i4.Max()},{i2.Min()},{i2.Max()},{u1.Min()},{u1.Max()},{Bits(m.NanMin())},{Bits(m.NanMax())}";
        using var mask = fm > 1.0;
        yield return $"truth.{n}={m.CountNonzero()},{m.Any()},{m.All()},{i2.CountNonzero()},{u1.All()},{mask.CountNonzero()},{mask.Any()},{mask.All()},{Bits(m.NanMean())}";
        yield return $"argextremes.{n}={m.ArgMax()},{fm.ArgMax()},{fm.ArgMin()},{f4.ArgMax()},{i4.ArgMin()},{i2.ArgMax()},{u1.ArgMax()},{longs.ArgMin()}";
        var zeros = finite.Select(Math.Abs).ToArray();
        zeros[n / 2] = -0.0;
        var (lo, hi) = MinMaxKernel.MinMax<double>(zeros);
        var (flo, fhi) = MinMaxKernel.MinMax<float>(zeros.Select(v => (float)v).ToArray());
        zeros[n / 3] = double.NaN;
        var (nlo, nhi) = MinMaxKernel.MinMax<double>(zeros);
        yield return $"minmax.{n}={Bits(lo)},{Bits(hi)},{Bits(flo)},{Bits(fhi)},{Bits(nlo)},{Bits(nhi)}";
    }

    private static string Counts(NdArray<long> counts) => string.Join(",", counts.ToArray());

    /// <summary>
    /// MatMul on shapes that hit every micro-kernel edge (rows and columns not multiples of the tile, k across the
    /// 256-deep panels), transposed operands, a broadcast batch and float32: each width (Vector512 6×32, Vector256
    /// 6×8, Vector128 4×4, scalar 4×4) tiles differently, so equal lines prove the per-element order is fixed.
    /// </summary>
    private static IEnumerable<string> MatMulLines()
    {
        foreach (var (m, k, n) in new[] { (1, 1, 1), (5, 7, 3), (6, 32, 32), (7, 33, 65), (17, 257, 33), (64, 300, 100), (131, 600, 70) })
        {
            using var a = new NdRandom((ulong)(9000 + m)).Normal([m, k], 0, 1);
            using var b = new NdRandom((ulong)(9500 + n)).Normal([k, n], 0, 1);
            using var c = NdArray.MatMul(a, b);
            using var ct = NdArray.MatMul(b.Transpose(), a.Transpose());
            using var af = a.AsType<float>();
            using var bf = b.AsType<float>();
            using var cf = NdArray.MatMul(af, bf);
            using var cfd = cf.AsType<double>();
            yield return $"matmul.f8.{m}x{k}x{n}={Bits(c)}";
            yield return $"matmul.f8.T.{m}x{k}x{n}={Bits(ct)}";
            yield return $"matmul.f4.{m}x{k}x{n}={Bits(cfd)}";
        }

        using var stack = new NdRandom(9900).Normal([3, 20, 30], 0, 1);
        using var one = new NdRandom(9901).Normal([1, 30, 10], 0, 1);
        using var batched = NdArray.MatMul(stack, one);
        yield return $"matmul.f8.batched.3x20x30@1x30x10={Bits(batched)}";
    }

    private static string Hash(int[] values)
    {
        ulong h = 1469598103934665603UL;
        foreach (int v in values)
        {
            h = (h ^ (uint)v) * 1099511628211UL;
        }

        return h.ToString("x16", CultureInfo.InvariantCulture);
    }

    private static string HalfHash(NdArray<Half> a) => Hash(a.ToArray().Select(h => (int)BitConverter.HalfToUInt16Bits(h)).ToArray());

    private static string Bits(double d) => BitConverter.DoubleToInt64Bits(d).ToString("x16", CultureInfo.InvariantCulture);

    private static string Bits(NdArray<double> a)
    {
        ulong h = 1469598103934665603UL;
        foreach (double d in a.ToArray())
        {
            h = (h ^ (ulong)BitConverter.DoubleToInt64Bits(d)) * 1099511628211UL;
        }

        return h.ToString("x16", CultureInfo.InvariantCulture);
    }
}
