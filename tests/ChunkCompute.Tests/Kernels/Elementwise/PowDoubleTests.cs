using System.Globalization;
using ChunkCompute.Kernels;
using ChunkCompute.Kernels.Elementwise;

namespace ChunkCompute.Tests.Kernels.Elementwise;

/// <summary>
/// float64 <c>pow</c> in vector lanes (<see cref="PowDoubleOperator"/>): within 1 ULP of mpmath's correctly rounded
/// value on 4,000 seeded pairs (Fixtures/pow/make_pow_reference.py: |log x| to 700, x near 1 with y to 5e5,
/// integral exponents, |y log x| near 700, exact powers), nearly all bit-exact, exact powers exact; the bits of an
/// element do not depend on its position or the array's length (every length 0..256 at shifting offsets); special
/// operands give <see cref="Math.Pow(double, double)"/>'s bits at every lane position.
/// </summary>
public class PowDoubleTests
{
    private static readonly double[] SpecialBases = [0.0, -0.0, 1.0, -1.0, 2.0, -2.0, 0.5, -8.0, double.PositiveInfinity, double.NegativeInfinity, double.NaN, double.Epsilon, -double.Epsilon, double.MaxValue, 1e-310, 3.0, 1e300, 1e-300];
    private static readonly double[] SpecialExponents = [0.0, -0.0, 1.0, -1.0, 2.0, 3.0, -3.0, 0.5, -0.5, 1.5, double.PositiveInfinity, double.NegativeInfinity, double.NaN, 1e10, -1e10, 1.0 / 3, 800, -800];

    private static (double[] X, double[] Y, double[] Expected) Reference()
    {
        var lines = File.ReadAllLines(Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "pow", "pow_reference.txt"));
        static double Bits(string h) => BitConverter.Int64BitsToDouble(long.Parse(h, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
        var parts = lines.Select(l => l.Split(' ')).ToArray();
        return (parts.Select(p => Bits(p[0])).ToArray(), parts.Select(p => Bits(p[1])).ToArray(), parts.Select(p => Bits(p[2])).ToArray());
    }

    [Test]
    public void WithinOneUlpOfTheCorrectlyRoundedValueAndExactPowersAreExact()
    {
        var (x, y, expected) = Reference();
        Assert.That(x, Has.Length.EqualTo(4000));
        var d = new double[x.Length];
        PowerKernel<double>.Invoke(x, y, d);
        int exact = 0;
        for (int i = 0; i < x.Length; i++)
        {
            long ulps = Math.Abs(BitConverter.DoubleToInt64Bits(d[i]) - BitConverter.DoubleToInt64Bits(expected[i]));
            if (ulps > 1 || (i % 6 == 5 && ulps != 0 && IsSmallExactPower(x[i], y[i])))
            {
                Assert.Fail($"{x[i]:R} ** {y[i]:R} = {d[i]:R}, correctly rounded {expected[i]:R} ({ulps} ULP)");
            }

            exact += ulps == 0 ? 1 : 0;
        }

        Assert.That(exact, Is.GreaterThan(x.Length * 0.97), "nearly all correctly rounded");
    }

    [TestCase(0x3fe68ab81dc7c789UL, 0x409f7027e24d0a7cUL, 0x005fae7cfd2b9dfbUL)] // t = -704.9: was 1.84 ULP off
    [TestCase(0x3fe68ab81dc7c789UL, 0xc09f108236aab199UL, 0x7ebe7078b0a72637UL)] // t = 696.6
    [TestCase(0x3fe68ab81dc7c789UL, 0x408a374bd56fd56fUL, 0x256f1e3bde502d69UL)] // t = -293.9
    [TestCase(0x3ff665790384de2bUL, 0x4099993a9d333954UL, 0x719dc680321f6b22UL)] // x near sqrt(2), t = 551
    [TestCase(0x3fe670b62aae008dUL, 0x409e659bf96edf08UL, 0x01afca2a48dd9445UL)] // t = -690.4
    public void LargeExponentsOfBasesNearSqrt2StayWithinOneUlp(ulong x, ulong y, ulong correctlyRounded)
    {
        // A review's worst cases: |log m| largest (x near sqrt(2)^±1) times |y| near 2000, so the log's error is
        // magnified ~2000 times; the correctly rounded values are mpmath's.
        var xs = new[] { BitConverter.UInt64BitsToDouble(x), 1.5 };
        var ys = new[] { BitConverter.UInt64BitsToDouble(y), 0.25 };
        var d = new double[2];
        PowerKernel<double>.Invoke(xs, ys, d);
        Assert.That(Math.Abs((long)(BitConverter.DoubleToUInt64Bits(d[0]) - correctlyRounded)), Is.LessThanOrEqualTo(1), $"{d[0]:R}");
    }

    [Test]
    public void BitsDoNotDependOnPositionOrLength()
    {
        var (x, y, _) = Reference();
        var whole = new double[x.Length];
        PowerKernel<double>.Invoke(x, y, whole);
        for (int n = 0; n <= 256; n++)
        {
            int offset = (n * 7) % 50;
            var d = new double[n];
            PowerKernel<double>.Invoke(x.AsSpan(offset, n), y.AsSpan(offset, n), d);
            for (int i = 0; i < n; i++)
            {
                if (BitConverter.DoubleToInt64Bits(d[i]) != BitConverter.DoubleToInt64Bits(whole[offset + i]))
                {
                    Assert.Fail($"n={n} offset={offset} i={i}: {d[i]:R} against {whole[offset + i]:R} in the whole array");
                }
            }
        }
    }

    [Test]
    public void SpecialOperandsGiveMathPowAtEveryLaneAndLength()
    {
        var pairs = SpecialBases.SelectMany(b => SpecialExponents.Select(e => (b, e))).ToArray();
        var rng = new Random(4);
        for (int n = 0; n <= 256; n++)
        {
            var x = new double[n];
            var y = new double[n];
            for (int i = 0; i < n; i++)
            {
                (x[i], y[i]) = (i + n) % 3 == 0 ? pairs[rng.Next(pairs.Length)] : ((rng.NextDouble() * 10) + 0.01, (rng.NextDouble() - 0.5) * 6);
            }

            var d = new double[n];
            PowerKernel<double>.Invoke(x, y, d);
            for (int i = 0; i < n; i++)
            {
                // Exponents 2, 1, ±0, -1, 0.5 give the uniform shortcuts' exact results in every lane (PowShortcutLanes).
                double? shortcut = ShortcutResult(x[i], y[i]);
                double expected = shortcut ?? Math.Pow(x[i], y[i]);
                bool regular = shortcut is null && x[i] >= 2.2250738585072014e-308 && x[i] < double.PositiveInfinity && double.IsFinite(y[i]) && Math.Abs(y[i] * Math.Log(x[i])) <= 700;
                bool ok = double.IsNaN(expected) ? double.IsNaN(d[i])
                    : regular ? Math.Abs(BitConverter.DoubleToInt64Bits(d[i]) - BitConverter.DoubleToInt64Bits(expected)) <= 2
                    : BitConverter.DoubleToInt64Bits(d[i]) == BitConverter.DoubleToInt64Bits(expected);
                if (!ok)
                {
                    Assert.Fail($"n={n} i={i}: {x[i]:R} ** {y[i]:R} = {d[i]:R}, Math.Pow {expected:R}");
                }
            }
        }
    }

    [Test]
    public void PublicPowerOnFloat64ArraysAndViews()
    {
        // np.power on a reversed view with an array of exponents; exact powers come out exact.
        using var a = NdArray.FromArray(new[] { 2.0, 10.0, 3.0, 7.0, -2.0, 0.0, 9.0 });
        using var e = NdArray.FromArray(new[] { 0.5, 3.0, 7.0, 4.0, 2.0, 15.0, 3.0 });
        Assert.That(NdArray.Power(a["::-1"], e).ToArray(), Is.EqualTo(new[] { 3.0, 0.0, -128.0, 2401.0, 9.0, 1e15, 8.0 }));
        Assert.That(NdArray.Power(a, e).ToArray(), Is.EqualTo(new[] { Math.Sqrt(2.0), 1000.0, 2187.0, 2401.0, 4.0, 0.0, 729.0 }));
    }

    private static bool IsSmallExactPower(double x, double y) => y >= 0 && Math.Pow(x, y) < 9007199254740992.0;

    [Test]
    public void AUniformExponentGivesTheBitsItGetsAmongOtherExponents()
    {
        // PowerKernel sends one broadcast exponent to PowDoubleUniformOperator (no shortcut-lane check).
        var rng = new Random(43);
        var x = Enumerable.Range(0, 3000).Select(_ => Math.Pow(2, (rng.NextDouble() * 200) - 100) * (1 + rng.NextDouble())).ToArray();
        foreach (double e in new[] { 1.5, -2.25, 3, -7, 1.0 / 3, 1e-3, 300.5, double.NaN })
        {
            using var xa = NdArray.FromArray(x);
            using var uniform = NdArray.Power(xa, e);
            var mixedY = Enumerable.Range(0, x.Length).Select(i => i % 2 == 0 ? e : 2.0).ToArray();
            using var mixed = NdArray.Power(xa, NdArray.FromArray(mixedY));
            var u = uniform.ToArray();
            var m = mixed.ToArray();
            for (int i = 0; i < x.Length; i += 2)
            {
                Assert.That(BitConverter.DoubleToInt64Bits(u[i]), Is.EqualTo(BitConverter.DoubleToInt64Bits(m[i])), $"{x[i]:R} ** {e:R}");
            }
        }
    }

    [Test]
    public void ShortcutExponentsGiveTheShortcutsBitsInMixedBlocks()
    {
        // A lane with exponent 2, 1, 0, -1 or 0.5 among other exponents gets what a uniform block of that exponent
        // gets (x * x, x, 1, 1 / x, sqrt), so the same pair cannot come out differently within one call.
        var rng = new Random(17);
        int n = 200_000;
        var x = new double[n];
        var y = new double[n];
        double[] shortcuts = [2, 1, 0, -1, 0.5];
        for (int i = 0; i < n; i++)
        {
            x[i] = (rng.NextDouble() - 0.2) * Math.Pow(2, rng.Next(-40, 40));
            y[i] = i % 3 == 0 ? 1.7 : shortcuts[rng.Next(shortcuts.Length)];
        }

        var d = new double[n];
        PowerKernel<double>.Invoke(x, y, d);
        for (int i = 0; i < n; i++)
        {
            if (ShortcutResult(x[i], y[i]) is { } want && BitConverter.DoubleToInt64Bits(d[i]) != BitConverter.DoubleToInt64Bits(want))
            {
                Assert.Fail($"{x[i]:R} ** {y[i]:R} = {d[i]:R}, shortcut {want:R}");
            }
        }
    }

    /// <summary>What <c>PowerKernel</c>'s uniform shortcuts give for these exponents (null for others).</summary>
    internal static double? ShortcutResult(double x, double y) => y switch
    {
        2 => x * x,
        1 => x,
        0 => 1,
        -1 => 1 / x,
        0.5 => double.IsNegativeInfinity(x) ? double.PositiveInfinity : Math.Sqrt(x) + 0,
        _ => null,
    };
}
