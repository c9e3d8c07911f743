using System.Text.Json;
using ChunkCompute.Kernels;
using static ChunkCompute.Tests.Kernels.Elementwise.ElementwiseTestHelpers;

namespace ChunkCompute.Tests.Kernels.Elementwise;

/// <summary>
/// Compares every untyped ufunc with NumPy 1.24 on edge-case inputs (all pairs of ±0, ±1, ±Inf, NaN, subnormals,
/// integer MinValue/MaxValue, ...) from <c>Fixtures/elementwise/ufuncs.json</c> (made by <c>make_fixtures.py</c>):
/// result dtype and bits, exact except transcendental functions (within 4 ULP of NumPy, both being within their caps).
/// </summary>
public sealed class ElementwiseNumPyFixtureTests
{
    private static readonly string[] Approximate = ["exp", "log", "log2", "log10", "sin", "cos", "tan", "tanh", "power", "hypot"];

    private static JsonDocument Load() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "elementwise", "ufuncs.json")));

    public static IEnumerable<TestCaseData> Cases()
    {
        using var doc = Load();
        int i = 0;
        foreach (var c in doc.RootElement.GetProperty("cases").EnumerateArray())
        {
            yield return new TestCaseData(i++).SetName($"NumPy_{c.GetProperty("op").GetString()}_{c.GetProperty("dtype").GetString()}");
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void MatchesNumPy(int index)
    {
        using var doc = Load();
        var c = doc.RootElement.GetProperty("cases")[index];
        string op = c.GetProperty("op").GetString()!;
        var dtype = DType.Parse(c.GetProperty("dtype").GetString()!);
        if (c.TryGetProperty("error", out _))
        {
            var one = FromBits(dtype, [0, 1]);
            Assert.That(() => Apply(op, one, one), Throws.InstanceOf<ArgumentException>());
            return;
        }

        var x = FromBits(dtype, c.GetProperty("x").EnumerateArray().Select(e => e.GetUInt64()).ToArray());
        var y = c.TryGetProperty("y", out var yj) ? FromBits(dtype, yj.EnumerateArray().Select(e => e.GetUInt64()).ToArray()) : null;
        var result = Apply(op, x, y);
        Assert.That(result.DType.Name, Is.EqualTo(c.GetProperty("out").GetString()), "result dtype");
        var expected = c.GetProperty("expected").EnumerateArray().Select(e => e.GetUInt64()).ToArray();
        var actual = ToBits(result);
        long tolerance = Approximate.Contains(op) ? 4 : 0;
        var xs = ToBits(x);
        var ys = y is null ? null : ToBits(y);
        for (int i = 0; i < expected.Length; i++)
        {
            bool ok = result.DType.IsFloatingPoint
                ? UlpDistance(actual[i], expected[i], result.DType.ItemSize) <= tolerance
                : actual[i] == expected[i];
            Assert.That(ok, Is.True, $"{op}({xs[i]:X}{(ys is null ? "" : $", {ys[i]:X}")}) = {actual[i]:X}, NumPy {expected[i]:X}");
        }
    }

    [Test]
    public void PromotionTableMatchesNumPy()
    {
        using var doc = Load();
        var p = doc.RootElement.GetProperty("promote");
        var names = p.GetProperty("names").EnumerateArray().Select(e => DType.Parse(e.GetString()!)).ToArray();
        var table = p.GetProperty("table");
        for (int a = 0; a < names.Length; a++)
        {
            for (int b = 0; b < names.Length; b++)
            {
                Assert.That(TypePromotion.Promote(names[a], names[b]).Name, Is.EqualTo(table[a][b].GetString()), $"{names[a]} + {names[b]}");
            }
        }
    }

    [Test]
    public void WeakScalarsMatchNumPyForPythonInts()
    {
        using var doc = Load();
        foreach (var w in doc.RootElement.GetProperty("weak").EnumerateArray())
        {
            var dt = DType.Parse(w.GetProperty("dtype").GetString()!);
            double v = w.GetProperty("value").GetDouble();
            bool pyFloat = w.GetProperty("pyfloat").GetBoolean();
            if (pyFloat && Math.Floor(v) == v)
            {
                continue; // documented difference: an integral double counts as a Python int
            }

            Assert.That(TypePromotion.WeakScalar(dt, v).Name, Is.EqualTo(w.GetProperty("out").GetString()), $"{dt} + {v}");
        }
    }

    private static NdArray Apply(string op, NdArray x, NdArray? y) => op switch
    {
        "add" => NdArray.Add(x, y!),
        "subtract" => NdArray.Subtract(x, y!),
        "multiply" => NdArray.Multiply(x, y!),
        "divide" => NdArray.Divide(x, y!),
        "floor_divide" => NdArray.FloorDivide(x, y!),
        "remainder" => NdArray.Remainder(x, y!),
        "power" => NdArray.Power(x, y!),
        "maximum" => NdArray.Maximum(x, y!),
        "minimum" => NdArray.Minimum(x, y!),
        "hypot" => NdArray.Hypot(x, y!),
        "equal" => NdArray.Equal(x, y!),
        "not_equal" => NdArray.NotEqual(x, y!),
        "less" => NdArray.Less(x, y!),
        "less_equal" => NdArray.LessEqual(x, y!),
        "greater" => NdArray.Greater(x, y!),
        "greater_equal" => NdArray.GreaterEqual(x, y!),
        "logical_and" => NdArray.LogicalAnd(x, y!),
        "logical_or" => NdArray.LogicalOr(x, y!),
        "logical_xor" => NdArray.LogicalXor(x, y!),
        "bitwise_and" => NdArray.BitwiseAnd(x, y!),
        "bitwise_or" => NdArray.BitwiseOr(x, y!),
        "bitwise_xor" => NdArray.BitwiseXor(x, y!),
        "negative" => NdArray.Negate(x),
        "absolute" => NdArray.Abs(x),
        "sign" => NdArray.Sign(x),
        "sqrt" => NdArray.Sqrt(x),
        "exp" => NdArray.Exp(x),
        "log" => NdArray.Log(x),
        "log2" => NdArray.Log2(x),
        "log10" => NdArray.Log10(x),
        "sin" => NdArray.Sin(x),
        "cos" => NdArray.Cos(x),
        "tan" => NdArray.Tan(x),
        "tanh" => NdArray.Tanh(x),
        "floor" => NdArray.Floor(x),
        "ceil" => NdArray.Ceil(x),
        "round" => NdArray.Round(x),
        "isnan" => NdArray.IsNaN(x),
        "isfinite" => NdArray.IsFinite(x),
        "invert" => NdArray.Invert(x),
        "logical_not" => NdArray.LogicalNot(x),
        _ => throw new ArgumentException(op),
    };
}
