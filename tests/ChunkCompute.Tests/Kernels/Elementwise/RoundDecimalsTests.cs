using System.Text.Json;
using static ChunkCompute.Tests.Kernels.Elementwise.ElementwiseTestHelpers;

namespace ChunkCompute.Tests.Kernels.Elementwise;

/// <summary>
/// <c>np.round(x, decimals)</c>: NumPy 1.24 results (<c>Fixtures/elementwise/round.json</c>, made by
/// <c>make_round_fixtures.py</c>) for float64/32/16 and int64/32/8, uint8 with decimals -3..10, bit for bit (signed
/// zeros included); the typed form on every length 0..256 against a scalar reference; out, in place, bool error.
/// </summary>
public sealed class RoundDecimalsTests
{
    public static IEnumerable<TestCaseData> Cases()
    {
        using var doc = Load();
        int i = 0;
        foreach (var c in doc.RootElement.GetProperty("cases").EnumerateArray())
        {
            yield return new TestCaseData(i++).SetName($"NumPy_round_{c.GetProperty("dtype").GetString()}_decimals_{c.GetProperty("decimals").GetInt32()}");
        }
    }

    private static JsonDocument Load() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "elementwise", "round.json")));

    [TestCaseSource(nameof(Cases))]
    public void MatchesNumPy(int index)
    {
        using var doc = Load();
        var c = doc.RootElement.GetProperty("cases")[index];
        var dtype = DType.Parse(c.GetProperty("dtype").GetString()!);
        int decimals = c.GetProperty("decimals").GetInt32();
        var x = FromBits(dtype, c.GetProperty("x").EnumerateArray().Select(e => e.GetUInt64()).ToArray());
        var result = NdArray.Round(x, decimals);
        Assert.That(result.DType.Name, Is.EqualTo(c.GetProperty("out").GetString()), "result dtype");
        var expected = c.GetProperty("expected").EnumerateArray().Select(e => e.GetUInt64()).ToArray();
        var actual = ToBits(result);
        var xs = ToBits(x);
        for (int i = 0; i < expected.Length; i++)
        {
            bool ok = actual[i] == expected[i] || (result.DType.IsFloatingPoint && UlpDistance(actual[i], expected[i], result.DType.ItemSize) == 0 && ElementwiseNumPyFixtureTests.SameZeroSign(actual[i], expected[i], result.DType.ItemSize));
            Assert.That(ok, Is.True, $"round({xs[i]:X}, {decimals}) = {actual[i]:X}, NumPy {expected[i]:X}");
        }
    }

    [Test]
    public void EveryLength0To256MatchesTheScalarFormula()
    {
        var rng = new Random(5);
        foreach (int decimals in new[] { -2, 1, 3 })
        {
            double f = Math.Pow(10, Math.Abs(decimals));
            for (int n = 0; n <= 256; n++)
            {
                var x = Enumerable.Range(0, n).Select(_ => (rng.NextDouble() - 0.5) * 2000).ToArray();
                var r = NdArray.Round(NdArray.FromArray(x, n), decimals).ToArray();
                for (int i = 0; i < n; i++)
                {
                    double e = decimals > 0 ? Math.Round(x[i] * f, MidpointRounding.ToEven) / f : Math.Round(x[i] / f, MidpointRounding.ToEven) * f;
                    if (BitConverter.DoubleToInt64Bits(r[i]) != BitConverter.DoubleToInt64Bits(e))
                    {
                        Assert.Fail($"decimals={decimals} n={n} i={i}: round({x[i]:R}) = {r[i]:R}, expected {e:R}");
                    }
                }

                var xf = x.Select(v => (float)v).ToArray();
                var rf = NdArray.Round(NdArray.FromArray(xf, n), decimals).ToArray();
                for (int i = 0; i < n; i++)
                {
                    float ef = decimals > 0 ? MathF.Round(xf[i] * (float)f, MidpointRounding.ToEven) / (float)f : MathF.Round(xf[i] / (float)f, MidpointRounding.ToEven) * (float)f;
                    if (BitConverter.SingleToInt32Bits(rf[i]) != BitConverter.SingleToInt32Bits(ef))
                    {
                        Assert.Fail($"float32 decimals={decimals} n={n} i={i}: round({xf[i]:R}) = {rf[i]:R}, expected {ef:R}");
                    }
                }
            }
        }
    }

    [Test]
    public void OutInPlaceStridedAndErrors()
    {
        var a = NdArray.FromArray(new[] { 1.234, 5.678, -9.995, 0.125 }, 4);
        var expected = new[] { 1.23, 5.68, -9.99, 0.12 };
        var copy = a.Copy();
        NdArray.Round(copy, 2, @out: copy);
        Assert.That(copy.ToArray(), Is.EqualTo(NdArray.Round(a, 2).ToArray()));
        Assert.That(NdArray.Round(a, 2).ToArray(), Is.EqualTo(expected));
        Assert.That(NdArray.Round(a["::-2"], 1).ToArray(), Is.EqualTo(NdArray.Round(a["::-2"].Copy(), 1).ToArray()));
        Assert.That(NdArray.Round(a, 0).ArrayEquals(NdArray.Round(a)), "decimals 0 is plain rounding");

        NdArray ints = NdArray.FromArray(new[] { 125, -125, 1349 }, 3);
        Assert.That(((NdArray<int>)NdArray.Round(ints, 2)).ToArray(), Is.EqualTo(new[] { 125, -125, 1349 }), "decimals >= 0 leaves integers unchanged");
        Assert.That(((NdArray<int>)NdArray.Round(ints, -1)).ToArray(), Is.EqualTo(new[] { 120, -120, 1350 }), "ties to even");
        var intOut = NdArray.Zeros<int>(3);
        NdArray.Round(ints, -2, @out: intOut);
        Assert.That(intOut.ToArray(), Is.EqualTo(new[] { 100, -100, 1300 }));

        NdArray bools = NdArray.FromArray(new[] { true, false }, 2);
        Assert.That(NdArray.Round(bools, 0).DType, Is.EqualTo(DType.Float16));
        Assert.That(() => NdArray.Round(bools, 2), Throws.ArgumentException.With.Message.StartsWith("Cannot cast ufunc 'multiply' output from dtype('float64') to dtype('bool')"));
        Assert.That(() => NdArray.Round(ints, -1, @out: NdArray.Zeros<uint>(3)), Throws.ArgumentException.With.Message.StartsWith("Cannot cast ufunc 'round' output from dtype('int32') to dtype('uint32')"));
        var wideOut = NdArray.Zeros<long>(3);
        NdArray.Round(ints, -1, @out: wideOut);
        Assert.That(wideOut.ToArray(), Is.EqualTo(new[] { 120L, -120L, 1350L }), "same-kind cast into a wider out");
    }

    /// <summary>
    /// A factor 10^|d| too large for float32/float16 makes NumPy run the steps in a wider type and store each back:
    /// infinities and zeros, never NaN from inf / inf (bits from NumPy 1.24, <c>np.round(a, d).view(...)</c>).
    /// </summary>
    [Test]
    public void FactorsBeyondTheFloatRangeRoundThroughAWiderTypeAsNumPy()
    {
        using var f32 = NdArray.FromArray([0f, 1.5f, -2.5f]);
        using var f16 = NdArray.FromArray([(Half)0, (Half)1.5, (Half)(-2.5)]);
        var cases = new (int D, uint[] F32, ushort[] F16)[]
        {
            (-39, [0, 0, 2147483648], [0, 0, 32768]),
            (39, [0, 2139095040, 4286578688], [0, 31744, 64512]),
            (-45, [0, 0, 2147483648], [0, 0, 32768]),
            (38, [0, 1069547520, 3223322624], [0, 31744, 64512]),
        };
        foreach (var (d, want32, want16) in cases)
        {
            Assert.That(NdArray.Round(f32, d).ToArray().Select(BitConverter.SingleToUInt32Bits), Is.EqualTo(want32), $"float32 d={d}");
            Assert.That(NdArray.Round(f16, d).ToArray().Select(BitConverter.HalfToUInt16Bits), Is.EqualTo(want16), $"float16 d={d}");
        }
    }

    /// <summary>
    /// <c>np.round(x, d, out=o)</c> with a float <c>o</c> of another dtype rounds in <c>o</c>'s precision (NumPy runs its
    /// steps into <c>o</c>); values from NumPy 1.24.
    /// </summary>
    [Test]
    public void RoundingIntoAFloatOutputOfAnotherDTypeRoundsInItsPrecision()
    {
        using var i8 = NdArray.FromArray(new sbyte[] { 127, -128, 15 });
        using var o1 = NdArray.Zeros<double>(3);
        NdArray.Round((NdArray)i8, -1, o1);
        Assert.That(o1.ToArray(), Is.EqualTo(new[] { 130.0, -130.0, 20.0 }));

        using var f = NdArray.FromArray([2.675f, 0.285f]);
        using var o2 = NdArray.Zeros<double>(2);
        NdArray.Round((NdArray)f, 2, o2);
        Assert.That(o2.ToArray().Select(BitConverter.DoubleToUInt64Bits), Is.EqualTo(new ulong[] { 4613217242300693873, 4598715651500560876 }));

        using var d = NdArray.FromArray([16777217.0]);
        using var o3 = NdArray.Zeros<float>(1);
        NdArray.Round((NdArray)d, 1, o3);
        Assert.That(o3.ToArray(), Is.EqualTo(new[] { 16777218f }));

        using var b = NdArray.FromArray([true, false]);
        using var o4 = NdArray.Zeros<double>(2);
        NdArray.Round((NdArray)b, 1, o4);
        Assert.That(o4.ToArray(), Is.EqualTo(new[] { 1.0, 0.0 }));

        using var h = NdArray.FromArray([2.675, 1000.5]);
        using var o5 = NdArray.Zeros<Half>(2);
        NdArray.Round((NdArray)h, 1, o5);
        Assert.That(o5.ToArray().Select(BitConverter.HalfToUInt16Bits), Is.EqualTo(new ushort[] { 16742, 25554 }));

        using var wrongShape = NdArray.Zeros<double>(4);
        Assert.Throws<ArgumentException>(() => NdArray.Round((NdArray)f, 2, wrongShape));
    }
}
