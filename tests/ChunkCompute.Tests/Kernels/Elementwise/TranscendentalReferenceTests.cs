using System.Text.Json;
using ChunkCompute.Tests.TestSupport;
using static ChunkCompute.Tests.Kernels.Elementwise.ElementwiseTestHelpers;

namespace ChunkCompute.Tests.Kernels.Elementwise;

/// <summary>
/// The accuracy caps against a high-precision reference: <c>Fixtures/transcendental/reference.json</c>
/// (made by <c>make_reference.py</c> with Python's decimal module at 80 digits, each value rounded once to the
/// nearest float64/float32) holds seeded inputs over several ranges, log-uniform magnitudes with subnormals, and
/// ±0, ±Inf, NaN. Caps (NumPy's): float64 exp 2 ULP, log 2, sin/cos 4, tanh 2; float32 exp 3, log 4, sin/cos 2,
/// tanh 2 (log2 and log10 take log's cap). Specials must match exactly, a zero's sign included.
/// </summary>
/// <remarks>
/// <see cref="TranscendentalAccuracyTests"/> measures against glibc (<see cref="Math"/>) with one ULP of slack,
/// which bounds the true error only where glibc is within 1 ULP; glibc's tanh is off by up to 2 ULP on these inputs
/// (see make_reference.py's check), so this correctly rounded reference is the one that proves the caps.
/// </remarks>
public sealed class TranscendentalReferenceTests
{
    private static readonly Dictionary<string, (long F8, long F4)> Caps = new()
    {
        ["exp"] = (2, 3),
        ["log"] = (2, 4),
        ["log2"] = (2, 4),
        ["log10"] = (2, 4),
        ["sin"] = (4, 2),
        ["cos"] = (4, 2),
        ["tanh"] = (2, 2),
    };

    public static IEnumerable<TestCaseData> Cases() =>
        Caps.Keys.SelectMany(f => new[] { new TestCaseData(f, "float64").SetName($"Reference_{f}_float64"), new TestCaseData(f, "float32").SetName($"Reference_{f}_float32") });

    [TestCaseSource(nameof(Cases))]
    public void WithinTheCapOfTheCorrectlyRoundedValue(string function, string dtypeName)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "transcendental", "reference.json")));
        var data = doc.RootElement.GetProperty(dtypeName).GetProperty(function);
        var dtype = DType.Parse(dtypeName);
        var x = FromBits(dtype, data.GetProperty("x").EnumerateArray().Select(e => e.GetUInt64()).ToArray());
        var reference = data.GetProperty("ref").EnumerateArray().Select(e => e.GetUInt64()).ToArray();
        var actual = ToBits(NumPyUfunc.Apply(function, x));
        var inputs = ToBits(x);
        long cap = dtype == DType.Float64 ? Caps[function].F8 : Caps[function].F4;
        long worst = 0;
        int at = -1;
        for (int i = 0; i < reference.Length; i++)
        {
            long u = UlpDistance(actual[i], reference[i], dtype.ItemSize);
            if (!ElementwiseNumPyFixtureTests.SameZeroSign(actual[i], reference[i], dtype.ItemSize))
            {
                u = long.MaxValue;
            }

            if (u > worst)
            {
                worst = u;
                at = i;
            }
        }

        TestContext.Out.WriteLine($"{function} {dtypeName}: worst {worst} ULP over {reference.Length} inputs (cap {cap})");
        Assert.That(worst, Is.LessThanOrEqualTo(cap), at < 0 ? function : $"{function}(0x{inputs[at]:X}) = 0x{actual[at]:X}, correctly rounded 0x{reference[at]:X}");
    }

    /// <summary>
    /// Arguments beyond the vector kernels' reduction limits, chosen to lie as close to multiples of π/2 as their
    /// type allows (<c>Fixtures/transcendental/large_arguments.json</c>, made by <c>make_large_reference.py</c>;
    /// among them 6381956970095103·2^797), plus random magnitudes up to the type's largest. glibc's float64
    /// sin/cos/tan, which these lanes used to call, are up to about 10^5 ULP off on the hard ones and exceed the
    /// 4-ULP cap on 107 to 247 of the 1,106; NumPy's loops stay within 2 ULP. Each result must be within 1 ULP of
    /// the correctly rounded value (float32 inputs are reduced in double and rounded once more).
    /// </summary>
    [TestCase("sin", "float64")]
    [TestCase("cos", "float64")]
    [TestCase("tan", "float64")]
    [TestCase("sin", "float32")]
    [TestCase("cos", "float32")]
    [TestCase("tan", "float32")]
    public void LargeArgumentsStayWithinOneUlpOfTheCorrectlyRoundedValue(string function, string dtypeName)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "transcendental", "large_arguments.json")));
        var data = doc.RootElement.GetProperty(dtypeName);
        var dtype = DType.Parse(dtypeName);
        var inputs = data.GetProperty("x").EnumerateArray().Select(e => e.GetUInt64()).ToArray();
        var reference = data.GetProperty(function).EnumerateArray().Select(e => e.GetUInt64()).ToArray();
        var actual = ToBits(NumPyUfunc.Apply(function, FromBits(dtype, inputs)));
        long worst = 0;
        int at = -1;
        for (int i = 0; i < reference.Length; i++)
        {
            long u = UlpDistance(actual[i], reference[i], dtype.ItemSize);
            if (u > worst)
            {
                worst = u;
                at = i;
            }
        }

        TestContext.Out.WriteLine($"{function} {dtypeName}, large arguments: worst {worst} ULP over {reference.Length} inputs");
        Assert.That(worst, Is.LessThanOrEqualTo(1), at < 0 ? function : $"{function}(0x{inputs[at]:X}) = 0x{actual[at]:X}, correctly rounded 0x{reference[at]:X}");
    }
}
